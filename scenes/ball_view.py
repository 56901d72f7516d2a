"""Ball view: the valley as momentum "sees" it, and how the bump fades as beta grows.

Momentum does not follow the slope under the ball; it follows a moving average of the slopes it has
met. Take the slopes of the sampled valley cell by cell, average them the way momentum does, and add
the averaged slopes back up: the result is the curve the ball effectively rolls on. With beta = 0 it is
the valley itself, bump included. As beta grows the one uphill cell is averaged with the downhill
cells before it, the uphill part shrinks, and from beta of about 0.5 on the curve runs downhill all the
way to the bottom: there is no bump left to stop the ball.

    g_i = (f(x_{i+1}) - f(x_i)) / dx                  slope of cell i
    v_i = beta v_{i-1} + (1 - beta) g_i,  v_{-1} = 0   the smoothed slope (sim.ema)
    F(x_0) = f(x_0),  F(x_{i+1}) = F(x_i) + v_i dx      the curve the ball sees

The clock sweeps beta from 0 to `beta_max`; the curves are computed on a grid of betas 0.01 apart and
interpolated in between. The lower panel shows the raw and the smoothed slopes.

    python render.py ball-view
    python render.py ball-view --set valley=smooth
    manim -ql scenes/ball_view.py BallViewScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.layout import Panel, at, fig_point
from scenes.params import Param
from scenes.registry import SceneSpec, register
from scenes.timeline import fade

NAME = "ball-view"
LEAD, HOLD = 0.5, 2.5
BETA_STEP = 0.01

PARAMS = (
    Param("valley", "choice", "sampled",
          "sampled: the article's grid, y = 0.2(x-0.5)^2 with y[25] += 2e-3; smooth: a Gaussian bump sampled "
          "on the same grid", choices=("sampled", "smooth")),
    Param("beta_max", "float", 0.9, "largest momentum beta of the sweep", 0.1, 0.99),
    Param("seconds", "float", 9.0, "seconds the sweep of beta from 0 to beta_max takes", 3.0, 30.0),
)

# Layout on the shared canvas, in figure fractions (left, bottom, width, height).
VALLEY_BOX = (0.075, 0.47, 0.55, 0.36)
SLOPE_BOX = (0.075, 0.12, 0.55, 0.26)
COL = 0.675  # left edge of the text column


def seen_curve(y0: float, slopes: np.ndarray, dx: np.ndarray, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """The smoothed slopes v (sim.ema from v = 0) and the curve F they integrate to, F[0] = y0."""
    from sim import ema

    v = ema(slopes, beta)
    return v, y0 + np.concatenate([[0.0], np.cumsum(v * dx)])


def bump_height(curve: np.ndarray) -> float:
    """How far the curve rises above its lowest point so far, before its minimum: 0 when monotone there."""
    bottom = int(np.argmin(curve))
    head = curve[: bottom + 1]
    return float(np.max(head - np.minimum.accumulate(head)))


def make_data(p: dict) -> dict:
    """The valley, its slopes, and the seen curve and smoothed slopes for each beta of a fine grid."""
    from sim import landscapes

    if p["valley"] == "sampled":
        grid = landscapes.SampledValley()
        X, y = np.asarray(grid.X, dtype=float), np.asarray(grid.y, dtype=float)
        real_x, real_y = X, y
        title = "What the ball sees: the article's valley"
    else:
        valley = landscapes.BumpedValley()
        X = np.arange(0.0, 1.0, 0.01)
        y = valley.value(X[:, None])
        real_x = np.linspace(0.0, float(X[-1]), 600)
        real_y = valley.value(real_x[:, None])
        title = "What the ball sees: a smooth bumped valley"
    dx = np.diff(X)
    slopes = np.diff(y) / dx
    peaks = np.nonzero((y[1:-1] > y[:-2]) & (y[1:-1] >= y[2:]))[0] + 1  # the bump's top: first local maximum
    bump_x = float(X[peaks[0]])
    beta_max = float(p["beta_max"])
    betas = np.linspace(0.0, beta_max, max(2, int(round(beta_max / BETA_STEP)) + 1))
    pairs = [seen_curve(float(y[0]), slopes, dx, b) for b in betas]
    smoothed = np.stack([v for v, _ in pairs])
    curves = np.stack([c for _, c in pairs])
    heights = np.array([bump_height(c) for c in curves])

    # The smallest beta with no bump left, by bisection on the exact curves (None if the sweep never gets there).
    gone_at = None
    if heights[-1] == 0.0:
        lo, hi = 0.0, beta_max
        for _ in range(40):
            mid = 0.5 * (lo + hi)
            if bump_height(seen_curve(float(y[0]), slopes, dx, mid)[1]) > 0.0:
                lo = mid
            else:
                hi = mid
        gone_at = hi

    ylo = min(float(curves.min()), float(real_y.min()))
    yhi = max(float(curves.max()), float(real_y.max()))
    pad = 0.07 * (yhi - ylo)
    slo = min(float(slopes.min()), float(smoothed.min()))
    shi = max(float(slopes.max()), float(smoothed.max()), 0.0)
    spad = 0.1 * (shi - slo)
    return {
        "valley": p["valley"],
        "title": title,
        "X": X,
        "y": y,
        "real_x": real_x,
        "real_y": real_y,
        "mid_x": 0.5 * (X[:-1] + X[1:]),
        "slopes": slopes,
        "betas": betas,
        "curves": curves,
        "smoothed": smoothed,
        "heights": heights,
        "bump_x": bump_x,
        "gone_at": gone_at,
        "beta_max": beta_max,
        "seconds": float(p["seconds"]),
        "y_range": (ylo - pad, yhi + pad),
        "slope_range": (slo - spad, shi + spad),
        "x_range": (-0.02, float(X[-1]) + 0.02),
        "formulas": (r"g_i = (f(x_{i+1}) - f(x_i))\, /\, \Delta x",
                     r"v_i = \beta\, v_{i-1} + (1-\beta)\, g_i,\ \ v_{-1} = 0",
                     r"F(x_{i+1}) = F(x_i) + v_i\, \Delta x",
                     r"F(x_0) = f(x_0)"),
    }


def duration(data: dict) -> float:
    return LEAD + data["seconds"] + HOLD


def beta_at(data: dict, t: float) -> float:
    return float(np.clip((t - LEAD) / data["seconds"], 0.0, 1.0)) * data["beta_max"]


def frame_state(data: dict, t: float) -> dict:
    """The beta shown at time t and the seen curve, smoothed slopes and bump height interpolated to it."""
    beta = beta_at(data, t)
    betas = data["betas"]
    u = float(np.interp(beta, betas, np.arange(len(betas))))
    k = min(int(np.floor(u)), len(betas) - 2)
    w = u - k

    def mix(a):
        return (1.0 - w) * a[k] + w * a[k + 1]

    height = float(mix(data["heights"]))
    gone = data["gone_at"] is not None and beta >= data["gone_at"]
    return {
        "beta": beta,
        "curve": mix(data["curves"]),
        "smoothed": mix(data["smoothed"]),
        "height": 0.0 if gone else height,
        "gone": gone,
        "outro": fade(t, LEAD + data["seconds"] * data["gone_at"] / data["beta_max"], 0.5)
        if data["gone_at"] is not None else 0.0,
    }


def panels(data: dict) -> tuple[Panel, Panel]:
    """The valley panel and the slope panel, with their data limits."""
    return (Panel(VALLEY_BOX, data["x_range"], data["y_range"]),
            Panel(SLOPE_BOX, data["x_range"], data["slope_range"]))


def beta_text(beta: float) -> str:
    return f"\u03b2 = {beta:.2f}"


def status_text(st: dict) -> str:
    return "no bump left" if st["gone"] else f"bump height {st['height']:.5f}"


def gone_text(data: dict) -> str:
    return f"for every \u03b2 \u2265 {data['gone_at']:.2f}"


def outcome(data: dict) -> dict:
    betas, heights = data["betas"], data["heights"]
    return {
        "valley": data["valley"],
        "bump_height_at_beta0": float(heights[0]),
        "bump_height_at_beta_max": float(heights[-1]),
        "bump_gone_at_beta": data["gone_at"],
        "heights_non_increasing": bool(np.all(np.diff(heights) <= 1e-15)),
        "beta_max": float(betas[-1]),
    }


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from matplotlib.lines import Line2D

    from scenes.mpl_backend import panel_axes

    fg, muted = theme.foreground, theme.muted
    fig.text(0.04, 0.945, data["title"], fontsize=22, weight="bold", color=fg, va="top")
    beta_label = fig.text(0.96, 0.945, "", fontsize=24, color=theme.momentum, ha="right", va="top",
                          animated=True)

    xlo, xhi = data["x_range"]
    valley, slope = panels(data)
    ax = panel_axes(fig, valley, theme)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_ylabel("height", fontsize=15)
    ax.plot(data["real_x"], data["real_y"], color=theme.curve, lw=2.5, alpha=0.45, zorder=1)
    (seen,) = ax.plot([], [], color=theme.momentum, lw=3.5, zorder=3, animated=True)
    iy = int(np.argmin(np.abs(data["X"] - data["bump_x"])))
    ylo, yhi = data["y_range"]
    ax.annotate("bump", xy=(data["bump_x"], data["y"][iy] + 0.02 * (yhi - ylo)),
                xytext=(data["bump_x"] + 0.1, data["y"][iy] + 0.22 * (yhi - ylo)), color=muted, fontsize=15,
                ha="left", va="center",
                arrowprops=dict(arrowstyle="-|>", color=muted, lw=1.5, shrinkA=2, shrinkB=2))

    sx = panel_axes(fig, slope, theme)
    sx.set_xticks(np.arange(0.0, 1.01, 0.2))
    sx.set_xticklabels([f"{v:g}" for v in np.arange(0.0, 1.01, 0.2)], fontsize=13)
    sx.set_yticks([-0.2, 0.0, 0.2])
    sx.set_yticklabels(["-0.2", "0", "0.2"], fontsize=13)
    sx.set_xlabel("x", fontsize=15)
    sx.set_ylabel("slope", fontsize=15)
    sx.axhline(0.0, color=muted, lw=1.2, ls=(0, (4, 3)), zorder=1)
    sx.plot(data["mid_x"], data["slopes"], color=theme.curve, lw=2, alpha=0.5, zorder=2)
    (smooth,) = sx.plot([], [], color=theme.momentum, lw=3, zorder=3, animated=True)
    slo, shi = data["slope_range"]
    sx.text(xhi - 0.01, 0.0 + 0.06 * (shi - slo), "uphill", color=muted, fontsize=14, ha="right", va="bottom")
    sx.text(xhi - 0.01, 0.0 - 0.06 * (shi - slo), "downhill", color=muted, fontsize=14, ha="right", va="top")

    # Text column: legend, the rule, the live bump height.
    def legend(y, color, alpha, label):
        fig.add_artist(Line2D([COL, COL + 0.035], [y, y], transform=fig.transFigure, color=color, alpha=alpha,
                              lw=3.5))
        fig.text(COL + 0.047, y, label, color=fg, fontsize=16, va="center")

    legend(0.80, theme.curve, 0.45, "the real valley f")
    legend(0.745, theme.momentum, 1.0, "what the ball sees F")
    for i, tex in enumerate(data["formulas"]):
        fig.text(COL, 0.665 - 0.065 * i, f"${tex}$", color=fg, fontsize=17, va="center")
    status = fig.text(COL, 0.39, "", color=fg, fontsize=16, va="center", animated=True)
    gone = fig.text(COL, 0.335, gone_text(data) if data["gone_at"] is not None else "", color=theme.accent,
                    fontsize=16, va="center", animated=True)
    legend(0.255, theme.curve, 0.5, "slope of each cell g")
    legend(0.20, theme.momentum, 1.0, "smoothed slope v")

    def update(t: float) -> None:
        st = frame_state(data, t)
        beta_label.set_text(beta_text(st["beta"]))
        seen.set_data(data["X"], st["curve"])
        smooth.set_data(data["mid_x"], st["smoothed"])
        status.set_text(status_text(st))
        gone.set_alpha(st["outro"])

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.manim_backend import DataScene, LiveText, formula, live, spines, text

    class BallViewScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            fg, muted = th.foreground, th.muted
            clock = mn.ValueTracker(0.0)

            title = at(text(d["title"], fg, 25, weight=mn.BOLD), 0.04, 0.945, mn.UL)
            self.add(title)

            # The valley: the real one faint, the seen one bold (updated).
            xr = d["x_range"]
            ylo, yhi = d["y_range"]
            valley, slope = panels(d)
            vmap = valley.c2p
            real = mn.VMobject(stroke_color=th.curve, stroke_width=4, stroke_opacity=0.45)
            real.set_points_as_corners(vmap(d["real_x"], d["real_y"]))
            vlab = text("height", fg, 18).rotate(np.pi / 2).next_to(spines(VALLEY_BOX, muted)[1], mn.LEFT, buff=0.15)
            iy = int(np.argmin(np.abs(d["X"] - d["bump_x"])))
            tip = vmap(d["bump_x"], d["y"][iy] + 0.02 * (yhi - ylo))
            tail = vmap(d["bump_x"] + 0.1, d["y"][iy] + 0.22 * (yhi - ylo))
            bump_label = text("bump", muted, 18).move_to(tail, aligned_edge=mn.LEFT)
            bump_arrow = mn.Arrow(tail + 0.05 * mn.LEFT, tip, buff=0.05, color=muted, stroke_width=3,
                                  max_tip_length_to_length_ratio=0.2, max_stroke_width_to_length_ratio=8)
            self.add(spines(VALLEY_BOX, muted), vlab, real, bump_label, bump_arrow)

            # The slopes: raw per cell, smoothed (updated), the zero line.
            smap = slope.c2p
            slo, shi = d["slope_range"]
            sp = spines(SLOPE_BOX, muted)
            zero = mn.DashedLine(smap(xr[0], 0.0), smap(xr[1], 0.0), color=muted, stroke_width=2,
                                 dash_length=0.12)
            raw = mn.VMobject(stroke_color=th.curve, stroke_width=3, stroke_opacity=0.5)
            raw.set_points_as_corners(smap(d["mid_x"], d["slopes"]))
            ticks = mn.VGroup(*(text(f"{v:g}", muted, 18).next_to(smap(v, slo), mn.DOWN, buff=0.12)
                                for v in np.arange(0.0, 1.01, 0.2)))
            yticks = mn.VGroup(*(text(s, muted, 18).next_to(smap(xr[0], v), mn.LEFT, buff=0.12)
                                 for s, v in (("-0.2", -0.2), ("0", 0.0), ("0.2", 0.2))))
            xlab = text("x", fg, 18).next_to(ticks, mn.DOWN, buff=0.1)
            slab = text("slope", fg, 18).rotate(np.pi / 2).next_to(yticks, mn.LEFT, buff=0.12)
            up = text("uphill", muted, 18).move_to(smap(xr[1] - 0.01, 0.06 * (shi - slo)), aligned_edge=mn.DR)
            down = text("downhill", muted, 18).move_to(smap(xr[1] - 0.01, -0.06 * (shi - slo)),
                                                      aligned_edge=mn.UR)
            self.add(sp, zero, raw, ticks, yticks, xlab, slab, up, down)

            # Text column.
            def legend(fy, color, opacity, label):
                line = mn.Line(fig_point(COL, fy), fig_point(COL + 0.035, fy), color=color, stroke_width=6,
                               stroke_opacity=opacity)
                return mn.VGroup(line, text(label, fg, 20).next_to(line, mn.RIGHT, buff=0.18))

            self.add(legend(0.80, th.curve, 0.45, "the real valley f"),
                     legend(0.745, th.momentum, 1.0, "what the ball sees F"),
                     legend(0.255, th.curve, 0.5, "slope of each cell g"),
                     legend(0.20, th.momentum, 1.0, "smoothed slope v"))
            for i, tex in enumerate(d["formulas"]):
                self.add(at(formula(tex, fg, 25), COL, 0.665 - 0.065 * i, mn.LEFT))

            beta_label = LiveText(beta_text(0.0), th.momentum, 28)
            beta_label.place(fig_point(0.96, 0.925), mn.RIGHT)
            status = LiveText("bump height 0.00000", fg, 20)
            status.place(fig_point(COL, 0.39), mn.LEFT)
            gone = text(gone_text(d), th.accent, 20) if d["gone_at"] is not None else mn.VGroup()
            at(gone, COL, 0.335, mn.LEFT)
            seen = mn.VMobject(stroke_color=th.momentum, stroke_width=7)
            smooth = mn.VMobject(stroke_color=th.momentum, stroke_width=6)

            def redraw(t):
                st = frame_state(d, t)
                beta_label.set_text(beta_text(st["beta"]))
                seen.set_points_as_corners(vmap(d["X"], st["curve"]))
                smooth.set_points_as_corners(smap(d["mid_x"], st["smoothed"]))
                status.set_text(status_text(st))
                gone.set_opacity(st["outro"])

            self.add(live(clock, redraw, seen, smooth, beta_label, status, gone))
            return clock

    return BallViewScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    BallViewScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="The curve momentum sees: slopes averaged with beta and summed back up; the bump fades as beta grows",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    manim_scene=manim_scene,
    outcome=outcome,
))
