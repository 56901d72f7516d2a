"""Rates: a map of how fast momentum converges, over step size and momentum (after Goh, Distill 2017).

On f(x) = lambda x^2 / 2 the heavy ball

    z_{k+1} = beta z_k + lambda x_k,    x_{k+1} = x_k - alpha z_{k+1}      (sim.SGD(lr=alpha, momentum=beta))

is linear: (z, x) is multiplied by a 2x2 matrix each step, so the error shrinks like rate^k, with rate the
largest |sigma| over the roots of sigma^2 - (1 + beta - alpha lambda) sigma + beta = 0. It depends on
alpha and lambda only through alpha lambda. The map colours that rate over alpha lambda in [0, 4] and
beta in [0, 1) and names its regimes:

* ripples: complex roots, beta > (1 - sqrt(alpha lambda))^2, rate = sqrt(beta) (the article prints
  2 sqrt(beta); the two roots are conjugate with product beta, so each has modulus sqrt(beta));
* monotonic: real roots, alpha lambda < 1, below that curve (critical damping);
* oscillation: real roots with the dominant one negative, alpha lambda > 1;
* divergence: alpha lambda > 2 + 2 beta, rate > 1;
* one step: alpha lambda = 1, beta = 0 lands on the minimum at once.

A marker tours the regimes; beside the map, x_k from x_0 = 1 plays at each stop, with the guide
+-C rate^k. `--set alpha_lambda=... --set beta=...` shows one chosen point instead of the tour.

    python render.py rates
    python render.py rates --set alpha_lambda=0.5 --set beta=0.6
    manim -ql scenes/rates.py RatesScene
"""
from __future__ import annotations

import sys
import types
from functools import lru_cache

import numpy as np

from scenes.layout import Panel, at, fig_point, fill_box
from scenes.params import Param, ParamError
from scenes.registry import SceneSpec, register

NAME = "rates"
LEAD, MOVE, PAUSE, HOLD = 0.5, 0.8, 0.4, 1.2
AL_MAX = 4.0
YLIM = 1.8  # the trajectory panel shows at least |x_k| <= YLIM, and all of every run that converges
PATH_SAMPLES = 90

# (alpha lambda, beta) of the tour, one stop per regime.
TOUR = ((0.3, 0.05), (0.5, 0.7), (1.0, 0.0), (1.65, 0.06), (2.3, 0.1))

# Regime labels on the map: lines of text (plain, then formula), where the box sits, and the point it
# names (the arrow's tip when there is an arrow). The tests check that each point is in its regime.
LABELS = (
    {"regime": "ripples", "lines": ("ripples", r"\beta > (1 - \sqrt{\alpha\lambda})^2"), "at": (1.9, 0.79),
     "point": (1.9, 0.79)},
    {"regime": "divergence", "lines": ("divergence", r"\alpha\lambda > 2 + 2\beta"), "at": (3.3, 0.2),
     "point": (3.3, 0.2)},
    {"regime": "monotonic", "lines": ("monotonic",), "at": (0.55, 0.48), "point": (0.2, 0.12)},
    {"regime": "one step", "lines": ("1 step",), "at": (1.0, 0.27), "point": (1.0, 0.0)},
    {"regime": "oscillation", "lines": ("oscillation",), "at": (2.15, 0.45), "point": (1.45, 0.03)},
)

PARAMS = (
    Param("alpha_lambda", "float", None, "show this alpha*lambda instead of the tour (auto: the tour)", 0.01,
          AL_MAX),
    Param("beta", "float", None, "show this momentum beta instead of the tour (auto: the tour)", 0.0, 0.99),
    Param("steps", "int", 24, "steps of x_k played at each stop", 5, 80),
    Param("speed", "float", 16.0, "steps per second of video", 2.0, 60.0),
)

# Layout on the shared canvas, in figure fractions (left, bottom, width, height).
MAP_BOX = (0.075, 0.13, 0.385, 0.71)
BAR_BOX = (0.475, 0.13, 0.014, 0.56)
SWATCH_BOX = (0.475, 0.765, 0.014, 0.065)
TRAJ_BOX = (0.62, 0.37, 0.35, 0.29)
COL = 0.585
MAP = Panel(MAP_BOX, (0.0, AL_MAX), (0.0, 1.0))


def regime_name(al: float, beta: float) -> str:
    from sim import theory

    if bool(theory.one_step(al, beta)):
        return "1-step convergence"
    return str(theory.regime(al, beta))


def make_data(p: dict) -> dict:
    """The rate on a grid, the boundary curves, and the marker's path with x_k simulated along it."""
    from sim import SGD, landscapes, simulate, theory

    # The map: pixel centres of an n_b x n_al image, beta increasing with the row.
    n_al, n_b = 400, 250
    al_axis = (np.arange(n_al) + 0.5) * AL_MAX / n_al
    b_axis = (np.arange(n_b) + 0.5) / n_b
    rate_grid = theory.momentum_rate(al_axis[None, :], b_axis[:, None], 1.0)

    crit_al = np.linspace(0.0, AL_MAX, 400)
    crit_b = theory.critical_damping(crit_al, 1.0)

    if p["alpha_lambda"] is None and p["beta"] is None:
        stops = TOUR
    else:
        stops = ((0.5 if p["alpha_lambda"] is None else float(p["alpha_lambda"]),
                  0.5 if p["beta"] is None else float(p["beta"])),)
    steps = int(p["steps"])
    quad = landscapes.Quadratic([[1.0]])  # lambda = 1, so alpha = alpha lambda

    def run(al, b):
        return simulate(quad, np.array([1.0]), SGD(al, momentum=b), steps).positions[:, 0]

    # Segment j runs from stop j-1 to stop j (segment 0 stays on stop 0).
    u = np.linspace(0.0, 1.0, PATH_SAMPLES)
    path_al, path_b = [], []
    for j, (al, b) in enumerate(stops):
        a0, b0 = stops[max(j - 1, 0)]
        path_al.append(a0 + u * (al - a0))
        path_b.append(b0 + u * (b - b0))
    path_al, path_b = np.array(path_al), np.array(path_b)
    path_rate = theory.momentum_rate(path_al, path_b, 1.0)
    path_regime = [[regime_name(a, b) for a, b in zip(ra, rb)] for ra, rb in zip(path_al, path_b)]
    path_x = np.array([[run(a, b) for a, b in zip(ra, rb)] for ra, rb in zip(path_al, path_b)])
    k = np.arange(steps + 1)
    kk = np.linspace(0.0, steps, 4 * steps + 1)
    # The guide C rate^k, C the smallest constant that bounds the run shown (1 at rate 0: only x_0 is non-zero).
    # Steps where rate^k < 1e-9 are left out: there |x_k| is mostly rounding error.
    decay = path_rate[..., None] ** k
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(decay >= 1e-9, np.abs(path_x) / decay, 0.0)
    path_c = np.maximum(np.nanmax(np.where(np.isfinite(scale), scale, 0.0), axis=-1), 1.0)
    path_env = path_c[..., None] * path_rate[..., None] ** kk
    if not (np.all(np.isfinite(path_x)) and np.all(np.isfinite(path_env))):
        raise ParamError("x_k overflows at this setting; lower steps")

    stop_x = path_x[:, -1]
    stable = path_rate[:, -1] < 1.0
    ylim = max(YLIM, 1.15 * float(np.max(np.abs(stop_x[stable])))) if stable.any() else YLIM
    exits = [int(np.argmax(np.abs(x) > ylim)) if np.any(np.abs(x) > ylim) else None for x in stop_x]
    return {
        "rate_grid": rate_grid,
        "al_axis": al_axis,
        "b_axis": b_axis,
        "crit_al": crit_al,
        "crit_b": crit_b,
        "stab_al": np.array([2.0, AL_MAX]),
        "stab_b": np.array([0.0, (AL_MAX - 2.0) / 2.0]),
        "stops": np.array(stops, dtype=float),
        "stop_rate": path_rate[:, -1],
        "stop_regime": [r[-1] for r in path_regime],
        "stop_x": stop_x,
        "stop_exit": exits,
        "ylim": ylim,
        "yticks": [float(v) for v in _symmetric_ticks(ylim)],
        "path_al": path_al,
        "path_b": path_b,
        "path_rate": path_rate,
        "path_regime": path_regime,
        "path_x": path_x,
        "path_env": path_env,
        "env_k": kk,
        "steps": steps,
        "speed": float(p["speed"]),
        "tour": len(stops) > 1,
        "title": "How fast momentum converges on f = \u03bbx\u00b2/2",
        "update_tex": r"z_{k+1} = \beta z_k + \lambda x_k,\ \ x_{k+1} = x_k - \alpha z_{k+1}",
        "rate_tex": r"\mathrm{rate} = \max\ |\sigma|,\ \ \sigma^2 - (1 + \beta - \alpha\lambda)\,\sigma + \beta = 0",
        "complex_tex": r"\mathrm{complex}\ \sigma:\ \mathrm{rate} = \sqrt{\beta}",
        "note": "(the article's 2\u221a\u03b2 is a misprint: |\u03c3|\u00b2 = \u03c3\u03c3\u0305 = \u03b2)",
    }


def _symmetric_ticks(lim: float) -> np.ndarray:
    step = 1.0 if lim < 2.5 else 2.0 if lim < 10 else 5.0
    pos = np.arange(step, lim, step)
    return np.concatenate([-pos[::-1], [0.0], pos])


def _block(data: dict, j: int) -> float:
    return (MOVE if j > 0 else 0.0) + data["steps"] / data["speed"] + PAUSE


def duration(data: dict) -> float:
    return LEAD + sum(_block(data, j) for j in range(len(data["stops"]))) + HOLD


def _smooth(u: float) -> float:
    return u * u * (3.0 - 2.0 * u)


def clip_path(x: np.ndarray, y: np.ndarray, lim: float) -> tuple[np.ndarray, np.ndarray]:
    """The polyline (x, y) up to where |y| first passes lim, ending exactly on the limit."""
    out = np.nonzero(np.abs(y) > lim)[0]
    if out.size == 0:
        return x, y
    i = int(out[0])
    if i == 0:
        return x[:0], y[:0]
    edge = lim * np.sign(y[i])
    w = (edge - y[i - 1]) / (y[i] - y[i - 1])
    return np.append(x[:i], x[i - 1] + w * (x[i] - x[i - 1])), np.append(y[:i], edge)


def frame_state(data: dict, t: float) -> dict:
    """Where the marker is at time t, the rate and regime there, and how much of x_k is drawn."""
    n = len(data["stops"])
    rest = t - LEAD
    j = 0
    while j < n - 1 and rest >= _block(data, j):
        rest -= _block(data, j)
        j += 1
    move = MOVE if j > 0 else 0.0
    if move > 0 and rest < move:
        u = _smooth(max(rest, 0.0) / move)
        s = None
    else:
        u = 1.0
        s = float(np.clip((rest - move) * data["speed"], 0.0, data["steps"]))
    q = u * (PATH_SAMPLES - 1)
    i = min(int(np.floor(q)), PATH_SAMPLES - 2)
    w = q - i

    def mix(a):
        return (1.0 - w) * a[j, i] + w * a[j, i + 1]

    faint_k, faint_x = clip_path(np.arange(data["steps"] + 1, dtype=float), mix(data["path_x"]), data["ylim"])
    env_k, env = clip_path(data["env_k"], mix(data["path_env"]), data["ylim"])
    near = int(round(q))  # the readout shows one computed sample, so its numbers agree with each other
    state = {
        "stop": j,
        "moving": s is None,
        "marker": (float(mix(data["path_al"])), float(mix(data["path_b"]))),
        "al": float(data["path_al"][j, near]),
        "beta": float(data["path_b"][j, near]),
        "rate": float(data["path_rate"][j, near]),
        "regime": data["path_regime"][j][near],
        "faint": (faint_k, faint_x),
        "envelope": (env_k, env),
        "played": None,
        "head": None,
        "diverged": False,
    }
    if s is not None:
        x = data["stop_x"][j]
        ks = np.arange(int(np.floor(s)) + 1, dtype=float)
        xs = x[: len(ks)]
        if s > ks[-1]:
            ks = np.append(ks, s)
            xs = np.append(xs, np.interp(s, np.arange(len(x)), x))
        pk, px = clip_path(ks, xs, data["ylim"])
        state["played"] = (pk, px)
        state["head"] = (float(pk[-1]), float(px[-1])) if len(pk) else None
        left_view = len(pk) < len(ks) or (len(px) > 0 and abs(px[-1]) >= data["ylim"])
        state["diverged"] = bool(left_view and data["stop_rate"][j] > 1.0)
    return state


def traj_panel(data: dict) -> Panel:
    """The trajectory panel: steps 0..steps across, x_k in [-ylim, ylim] up."""
    return Panel(TRAJ_BOX, (0, data["steps"]), (-data["ylim"], data["ylim"]))


def readout(st: dict) -> tuple[str, str]:
    return (f"\u03b1\u03bb = {st['al']:.2f}   \u03b2 = {st['beta']:.2f}",
            f"rate {st['rate']:.3f}   {st['regime']}")


def heat_rgba(data: dict, theme) -> np.ndarray:
    """The rate map as an RGBA image, top row = largest beta; rate >= 1 in the divergence colour."""
    import matplotlib
    from matplotlib.colors import to_rgba

    rate = data["rate_grid"][::-1]
    rgba = matplotlib.colormaps[theme.heat](np.clip(rate, 0.0, 1.0))
    rgba[rate >= 1.0] = to_rgba(diverge_color(theme))
    return (rgba * 255).round().astype(np.uint8)


def diverge_color(theme) -> str:
    from matplotlib.colors import to_hex, to_rgb

    w = 0.55 if theme.name == "dark" else 0.35
    c = w * np.array(to_rgb(theme.gd)) + (1 - w) * np.array(to_rgb(theme.background))
    return to_hex(c)


def bar_rgba(theme, n: int = 256) -> np.ndarray:
    import matplotlib

    rgba = matplotlib.colormaps[theme.heat](np.linspace(1.0, 0.0, n))[:, None, :]
    return (np.repeat(rgba, 4, axis=1) * 255).round().astype(np.uint8)


def outcome(data: dict) -> dict:
    return {
        "stops": [
            {"alpha_lambda": float(al), "beta": float(b), "regime": reg, "rate": float(r),
             "diverged_in_view": ex is not None}
            for (al, b), reg, r, ex in zip(data["stops"], data["stop_regime"], data["stop_rate"],
                                           data["stop_exit"])
        ],
        "tour": data["tour"],
        "labels": [lab["regime"] for lab in LABELS],
    }


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    from scenes.mpl_backend import panel_axes

    fg, muted = theme.foreground, theme.muted
    fig.text(0.04, 0.945, data["title"], fontsize=22, weight="bold", color=fg, va="top")

    ax = panel_axes(fig, MAP, theme)
    ax.imshow(heat_rgba(data, theme), extent=(0.0, AL_MAX, 0.0, 1.0), origin="upper", aspect="auto",
              interpolation="bilinear", zorder=0)
    ax.set_xticks([0, 1, 2, 3, 4])
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_yticklabels(["0", "0.25", "0.5", "0.75", "1"])
    ax.tick_params(labelsize=13)
    ax.set_xlabel("\u03b1\u03bb  (step size \u00d7 curvature)", fontsize=15)
    ax.set_ylabel("\u03b2  (momentum)", fontsize=15)
    ax.plot(data["crit_al"], data["crit_b"], color=fg, lw=2.2, zorder=2)
    ax.plot(data["stab_al"], data["stab_b"], color=fg, lw=2.2, ls=(0, (5, 3)), zorder=2)
    box = dict(boxstyle="round,pad=0.3", fc=theme.background, ec="none", alpha=0.8)
    for lab in LABELS:
        txt = "\n".join(s if i == 0 else f"${s}$" for i, s in enumerate(lab["lines"]))
        if lab["point"] == lab["at"]:
            ax.text(*lab["at"], txt, color=fg, fontsize=15, ha="center", va="center", bbox=box, zorder=4,
                    linespacing=1.5)
        else:
            ax.annotate(txt, xy=lab["point"], xytext=lab["at"], color=fg, fontsize=15, ha="center",
                        va="center", bbox=box, zorder=4, annotation_clip=False,
                        arrowprops=dict(arrowstyle="-|>", color=fg, lw=1.5, shrinkA=0, shrinkB=2))
    ax.plot([1.0], [0.0], "o", ms=8, color=fg, clip_on=False, zorder=5)
    ring = ax.plot([], [], "o", ms=17, mfc="none", mec=theme.background, mew=5, zorder=6, animated=True,
                   clip_on=False)[0]
    ring2 = ax.plot([], [], "o", ms=17, mfc="none", mec=fg, mew=2.5, zorder=7, animated=True, clip_on=False)[0]

    # Colour bar, with the divergence swatch above it.
    bar = fig.add_axes(BAR_BOX)
    bar.imshow(bar_rgba(theme), extent=(0, 1, 0, 1), aspect="auto", interpolation="bilinear")
    bar.set_xticks([])
    bar.yaxis.tick_right()
    bar.set_yticks([0, 0.5, 1])
    bar.set_yticklabels(["0", "0.5", "1"])
    bar.tick_params(colors=muted, labelsize=13, length=0, pad=5)
    for side in bar.spines.values():
        side.set_visible(False)
    fig.patches.append(Rectangle(SWATCH_BOX[:2], *SWATCH_BOX[2:], transform=fig.transFigure,
                                 fc=diverge_color(theme), ec="none"))
    fig.text(SWATCH_BOX[0] + 0.022, SWATCH_BOX[1] + SWATCH_BOX[3] / 2, "\u2265 1", color=muted, fontsize=13,
             va="center")
    fig.text(BAR_BOX[0] + BAR_BOX[2] / 2, BAR_BOX[1] + BAR_BOX[3] + 0.03, "rate", color=muted, fontsize=13,
             ha="center", va="center")

    # Readouts.
    line1 = fig.text(COL, 0.835, "", color=fg, fontsize=17, va="center", animated=True)
    line2 = fig.text(COL, 0.775, "", color=theme.momentum, fontsize=17, va="center", animated=True)

    # The trajectory panel.
    tx = panel_axes(fig, traj_panel(data), theme)
    tx.set_yticks(data["yticks"])
    tx.set_yticklabels([f"{v:g}" for v in data["yticks"]])
    tx.tick_params(labelsize=13)
    tx.set_xlabel("step k", fontsize=15, labelpad=2)
    tx.axhline(0.0, color=muted, lw=1.0, ls=(0, (4, 3)))
    fig.text(COL, TRAJ_BOX[1] + TRAJ_BOX[3] + 0.035, f"$x_k,\\ x_0 = 1,\\ \\lambda = 1$", color=fg, fontsize=16,
             va="center")
    env_hi, = tx.plot([], [], color=theme.accent, lw=1.8, ls=(0, (5, 3)), animated=True)
    env_lo, = tx.plot([], [], color=theme.accent, lw=1.8, ls=(0, (5, 3)), animated=True)
    faint, = tx.plot([], [], color=theme.momentum, lw=2, alpha=0.35, animated=True)
    played, = tx.plot([], [], color=theme.momentum, lw=3, animated=True)
    head, = tx.plot([], [], "o", ms=10, color=theme.momentum, mec=theme.background, mew=1.5, animated=True,
                    clip_on=False)
    diverged = tx.text(0.97 * data["steps"], 0.8 * data["ylim"], "diverges", color=theme.gd, fontsize=16, ha="right",
                       va="center", animated=True, bbox=dict(boxstyle="round,pad=0.25", fc=theme.background,
                                                             ec="none", alpha=0.85))
    cap_y = TRAJ_BOX[1] + TRAJ_BOX[3] + 0.035
    fig.add_artist(Line2D([COL + 0.25, COL + 0.28], [cap_y, cap_y], transform=fig.transFigure, color=theme.accent,
                          lw=1.8, ls=(0, (3, 2))))
    fig.text(COL + 0.29, cap_y, r"$\pm C\,\mathrm{rate}^k$", color=theme.accent, fontsize=16, va="center")

    for i, tex in enumerate((data["update_tex"], data["rate_tex"], data["complex_tex"])):
        fig.text(COL, 0.245 - 0.06 * i, f"${tex}$", color=fg, fontsize=16, va="center")
    fig.text(COL, 0.065, data["note"], color=muted, fontsize=15, va="center")

    def update(t: float) -> None:
        st = frame_state(data, t)
        ring.set_data([st["marker"][0]], [st["marker"][1]])
        ring2.set_data([st["marker"][0]], [st["marker"][1]])
        a, b = readout(st)
        line1.set_text(a)
        line2.set_text(b)
        ek, ev = st["envelope"]
        env_hi.set_data(ek, ev)
        env_lo.set_data(ek, -ev)
        faint.set_data(*st["faint"])
        if st["played"] is None:
            played.set_data([], [])
            head.set_data([], [])
        else:
            played.set_data(*st["played"])
            head.set_data(*([[st["head"][0]], [st["head"][1]]] if st["head"] else [[], []]))
        diverged.set_alpha(1.0 if st["diverged"] else 0.0)
        diverged.get_bbox_patch().set_alpha(0.85 if st["diverged"] else 0.0)

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.manim_backend import DataScene, LiveText, box_rectangle, formula, live, show_polyline, spines, text

    def draw_image(camera, image_mobject, pixel_array):
        """Paint an axis-aligned ImageMobject, resampled to the pixels its corners cover.

        Stands in for Camera.display_image_mobject, which passes Pillow >= 12 a float array with
        mode="RGBA" and fails; installed on this scene's camera only.
        """
        from PIL import Image

        corners = np.asarray(camera.points_to_subpixel_coords(image_mobject, image_mobject.points), dtype=float)
        (x0, y0), (x1, y1) = np.round(corners.min(axis=0)).astype(int), np.round(corners.max(axis=0)).astype(int)
        if x1 - x0 < 1 or y1 - y0 < 1:
            return
        rgba = np.ascontiguousarray(image_mobject.get_pixel_array(), dtype=np.uint8)
        sub = Image.fromarray(rgba).resize((int(x1 - x0), int(y1 - y0)), resample=image_mobject.resampling_algorithm)
        full = Image.new("RGBA", (camera.pixel_width, camera.pixel_height), (0, 0, 0, 0))
        full.paste(sub, (int(x0), int(y0)))
        camera.overlay_PIL_image(pixel_array, full)

    class RatesScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            fg, muted = th.foreground, th.muted
            clock = mn.ValueTracker(0.0)
            self.camera.display_image_mobject = types.MethodType(draw_image, self.camera)
            self.add(at(text(d["title"], fg, 25, weight=mn.BOLD), 0.04, 0.945, mn.UL))

            # The map: an image stretched over the panel's box.
            img = mn.ImageMobject(heat_rgba(d, th))
            img.set_resampling_algorithm(mn.RESAMPLING_ALGORITHMS["bilinear"])
            self.add(fill_box(img, MAP_BOX), spines(MAP_BOX, muted))
            ticks = mn.VGroup(*(text(f"{v:g}", muted, 18).next_to(MAP.c2p(v, 0), mn.DOWN, buff=0.12)
                                for v in range(5)))
            yt = mn.VGroup(*(text(s, muted, 18).next_to(MAP.c2p(0, v), mn.LEFT, buff=0.12)
                             for s, v in (("0", 0), ("0.25", 0.25), ("0.5", 0.5), ("0.75", 0.75), ("1", 1))))
            xlab = text("\u03b1\u03bb  (step size \u00d7 curvature)", fg, 20).next_to(ticks, mn.DOWN, buff=0.12)
            ylab = text("\u03b2  (momentum)", fg, 20).rotate(np.pi / 2).next_to(yt, mn.LEFT, buff=0.15)
            crit = mn.VMobject(stroke_color=fg, stroke_width=4).set_points_as_corners(
                MAP.c2p(d["crit_al"], d["crit_b"]))
            stab = mn.DashedLine(MAP.c2p(d["stab_al"][0], d["stab_b"][0]), MAP.c2p(d["stab_al"][1], d["stab_b"][1]),
                                 color=fg, stroke_width=4, dash_length=0.16, dashed_ratio=0.6)
            self.add(ticks, yt, xlab, ylab, crit, stab)
            for lab in LABELS:
                lines = mn.VGroup(*(text(s, fg, 18) if i == 0 else formula(s, fg, 22)
                                    for i, s in enumerate(lab["lines"])))
                lines.arrange(mn.DOWN, buff=0.12).move_to(MAP.c2p(*lab["at"]))
                bg = mn.SurroundingRectangle(lines, buff=0.1, corner_radius=0.08, stroke_width=0,
                                             fill_color=th.background, fill_opacity=0.8)
                self.add(bg)
                if lab["point"] != lab["at"]:
                    tip = MAP.c2p(*lab["point"])
                    self.add(mn.Arrow(_edge_towards(bg, tip), tip, buff=0.04, color=fg, stroke_width=3, tip_length=0.14,
                                      max_tip_length_to_length_ratio=0.5, max_stroke_width_to_length_ratio=10))
                self.add(lines)
            self.add(mn.Dot(MAP.c2p(1.0, 0.0), radius=0.08, color=fg))

            # Colour bar and divergence swatch.
            bl, bb, bw, bh = BAR_BOX
            sl, sb, sw, sh = SWATCH_BOX
            self.add(fill_box(mn.ImageMobject(bar_rgba(th)), BAR_BOX),
                     box_rectangle(SWATCH_BOX, stroke_width=0, fill_color=diverge_color(th), fill_opacity=1))
            for s, v in (("0", 0.0), ("0.5", 0.5), ("1", 1.0)):
                self.add(at(text(s, muted, 18), bl + bw + 0.008, bb + v * bh, mn.LEFT))
            self.add(at(text("\u2265 1", muted, 18), sl + 0.022, sb + sh / 2, mn.LEFT))
            self.add(at(text("rate", muted, 18), bl + bw / 2, bb + bh + 0.03))

            # Trajectory panel.
            tl, tb, tw, tht = TRAJ_BOX
            steps = d["steps"]
            ylim = d["ylim"]
            tax = traj_panel(d)
            frame = spines(TRAJ_BOX, muted)
            zero = mn.DashedLine(tax.c2p(0, 0), tax.c2p(steps, 0), color=muted, stroke_width=2, dash_length=0.1)
            kstep = 5 if steps <= 40 else 10
            kt = mn.VGroup(*(text(f"{v}", muted, 18).next_to(tax.c2p(v, -ylim), mn.DOWN, buff=0.1)
                             for v in range(0, steps + 1, kstep)))
            xt = mn.VGroup(*(text(f"{v:g}", muted, 18).next_to(tax.c2p(0, v), mn.LEFT, buff=0.1)
                             for v in d["yticks"]))
            klab = text("step k", fg, 20).next_to(kt, mn.DOWN, buff=0.08)
            cap_y = tb + tht + 0.035
            cap = at(formula(r"x_k,\ x_0 = 1,\ \lambda = 1", fg, 26), COL, cap_y, mn.LEFT)
            guide = mn.VGroup(mn.DashedLine(fig_point(COL + 0.25, cap_y), fig_point(COL + 0.28, cap_y), color=th.accent,
                                            stroke_width=3, dash_length=0.08),
                              formula(r"\pm C\,\mathrm{rate}^k", th.accent, 26))
            guide[1].next_to(guide[0], mn.RIGHT, buff=0.12)
            self.add(frame, zero, kt, xt, klab, cap, guide)

            for i, tex in enumerate((d["update_tex"], d["rate_tex"], d["complex_tex"])):
                self.add(at(formula(tex, fg, 25), COL, 0.245 - 0.06 * i, mn.LEFT))
            self.add(at(text(d["note"], muted, 18), COL, 0.065, mn.LEFT))

            line1 = LiveText("", fg, 20)
            line1.place(fig_point(COL, 0.835), mn.LEFT)
            line2 = LiveText("", th.momentum, 20)
            line2.place(fig_point(COL, 0.775), mn.LEFT)
            ring = mn.VGroup(mn.Circle(radius=0.13, stroke_color=th.background, stroke_width=9),
                             mn.Circle(radius=0.13, stroke_color=fg, stroke_width=4))
            env_hi = mn.VMobject(stroke_color=th.accent, stroke_width=3)
            env_lo = mn.VMobject(stroke_color=th.accent, stroke_width=3)
            faint = mn.VMobject(stroke_color=th.momentum, stroke_width=3)
            played = mn.VMobject(stroke_color=th.momentum, stroke_width=5)
            head = mn.Dot(radius=0.09, color=th.momentum, stroke_color=th.background, stroke_width=2)
            warn_text = text("diverges", th.gd, 22)
            warn = mn.VGroup(mn.SurroundingRectangle(warn_text, buff=0.08, corner_radius=0.06, stroke_width=0,
                                                     fill_color=th.background, fill_opacity=0.85), warn_text)
            warn.move_to(tax.c2p(0.97 * steps, 0.8 * ylim), aligned_edge=mn.RIGHT)

            def redraw(t):
                st = frame_state(d, t)
                ring.move_to(MAP.c2p(*st["marker"]))
                a, b = readout(st)
                line1.set_text(a)
                line2.set_text(b)
                ek, ev = st["envelope"]
                _dashed(env_hi, tax.c2p(ek, ev))
                _dashed(env_lo, tax.c2p(ek, -ev))
                fk, fx = st["faint"]
                show_polyline(faint, tax.c2p(fk, fx), 0.35)
                if st["played"] is None or len(st["played"][0]) < 1:
                    show_polyline(played, np.zeros((0, 3)))
                    head.set_opacity(0)
                else:
                    pk, px = st["played"]
                    show_polyline(played, tax.c2p(pk, px))
                    head.move_to(tax.c2p(*st["head"])).set_opacity(1)
                warn.set_opacity(1 if st["diverged"] else 0)
                warn[0].set_fill(opacity=0.85 if st["diverged"] else 0)

            self.add(live(clock, redraw, env_hi, env_lo, faint, played, head, ring, line1, line2, warn))
            return clock

    def _dashed(mob, pts, on=3, off=2):
        """Set `mob` to a dashed polyline through pts: runs of `on` segments drawn, `off` skipped."""
        if len(pts) < 2:
            mob.set_points_as_corners(np.zeros((2, 3)))
            mob.set_stroke(opacity=0)
            return
        mob.clear_points()
        period = on + off
        for start in range(0, len(pts) - 1, period):
            piece = pts[start:start + on + 1]
            if len(piece) >= 2:
                mob.start_new_path(piece[0])
                mob.add_points_as_corners(piece[1:])
        mob.set_stroke(opacity=1)

    def _edge_towards(box, target):
        """The point where the ray from box's centre to target leaves the box."""
        c = box.get_center()
        half = np.array([box.width / 2, box.height / 2, 1.0])
        d = np.asarray(target) - c
        scale = min(half[0] / abs(d[0]) if d[0] else np.inf, half[1] / abs(d[1]) if d[1] else np.inf)
        return c + d * min(scale, 1.0)

    return RatesScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    RatesScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="Map of momentum's convergence rate over step size and beta, with a marker touring its regimes",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    manim_scene=manim_scene,
    outcome=outcome,
))
