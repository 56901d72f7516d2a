"""Escape: momentum carries the ball over a ridge that stops plain gradient descent.

The landscape has two wells, f(x, y) = (x² − 1)² + t x + ½ k y² (sim.landscapes.DoubleWell, tilt
t = 0.5): a shallow one near x = +0.93 and a deep one near x = −1.06, with a ridge between them. Both balls
start on the far slope of the shallow well. Gradient descent, x ← x − α∇f(x), only ever goes downhill and
settles in the shallow well. The heavy ball, v ← βv + ∇f(x), x ← x − αv, arrives at the bottom of the
shallow well with speed to spare, climbs over the ridge and settles in the deep well. The panel on the
right plots both losses per step against the values at the two minima.

    python render.py escape
    python render.py escape --set momentum=0.8
    manim -ql scenes/escape.py EscapeScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes import contour as C, layout as L
from scenes.params import Param
from scenes.registry import SceneSpec, register
from scenes.timeline import fade

NAME = "escape"
LEAD, HOLD = 0.5, 2.0
XLIM, YLIM = (-2.0, 2.0), (-1.5, 1.5)

PARAMS = (
    Param("lr", "float", 0.02, "learning rate alpha of both runs", 0.002, 0.05),
    Param("momentum", "float", 0.9, "momentum beta of the second run", 0.0, 0.95),
    Param("steps", "int", 120, "optimizer steps shown", 20, 600),
    Param("speed", "float", 16.0, "optimizer steps per second of video", 2.0, 60.0),
    Param("slow", "int", 20, "the first steps, shown at a quarter of the speed so the escape can be followed",
          0, 200),
    Param("start_x", "float", 1.7, "start point, x", 1.2, 1.95),
    Param("start_y", "float", 1.0, "start point, y", -1.4, 1.4),
)

FORMULAS = (r"x \leftarrow x - \alpha\,\nabla f(x)",
            r"v \leftarrow \beta v + \nabla f(x);\ \ x \leftarrow x - \alpha v")


def landscape_tex(tilt: float, k: float) -> str:
    ky = r"\frac{1}{2}" if k == 1 else rf"\frac{{{k:g}}}{{2}}"
    return rf"f(x, y) = (x^2 - 1)^2 + {tilt:g}\,x + {ky}\,y^2"


SETTLED = 0.25  # a run whose last point lies this close to a minimum has settled in that well


def where_it_ends(run, wells: dict) -> str:
    """'shallow' or 'deep' if the run ends within SETTLED of that minimum; else 'diverged' or 'moving'."""
    if C.diverged(run.values) or not np.all(np.isfinite(run.positions[-1])):
        return "diverged"
    dist = {name: float(np.linalg.norm(run.positions[-1] - m)) for name, m in wells.items()}
    name = min(dist, key=dist.get)
    return name if dist[name] < SETTLED else "moving"


def make_data(p: dict) -> dict:
    """Both runs from the same start, their losses, the landscape's grid and contour lines."""
    from sim import SGD, landscapes, simulate

    well = landscapes.DoubleWell()
    lr, beta, steps = float(p["lr"]), float(p["momentum"]), int(p["steps"])
    start = np.array([float(p["start_x"]), float(p["start_y"])])
    runs = [simulate(well, start, SGD(lr), steps), simulate(well, start, SGD(lr, momentum=beta), steps)]
    raw = np.stack([r.positions for r in runs])
    positions, left = C.clamp_runs(raw, XLIM, YLIM, [C.diverged(r.values) for r in runs])
    xs, ys, z = C.sample(well, XLIM, YLIM)
    zmin = float(well.value(well.deep_min))
    levels = np.sort(np.concatenate([zmin + C.geometric_levels(0.04, 0.75 * (float(z.max()) - zmin), 13),
                                     [float(well.value(well.barrier))]]))
    wells = {"shallow": np.asarray(well.shallow_min), "deep": np.asarray(well.deep_min)}
    values = np.stack([r.values for r in runs])
    top = float(well.value(start))
    return {
        "lr": lr,
        "beta": beta,
        "steps": steps,
        "speed": float(p["speed"]),
        "slow": min(int(p["slow"]), steps),
        "start": start,
        "wells": wells,
        "well_values": {k: float(well.value(v)) for k, v in wells.items()},
        "barrier": np.asarray(well.barrier),
        "raw_positions": raw,
        "positions": positions,
        "left_window": left,
        "values": C.safe_values(values, top + 1.0),
        "loss_ylim": (zmin - 0.35, top + 0.35),
        "ends": [where_it_ends(r, wells) for r in runs],
        "levels": levels,
        "lines": C.contour_lines(xs, ys, z, levels),
        "regions": C.sublevel_regions(xs, ys, z, levels),
        "formulas": FORMULAS,
        "landscape_tex": landscape_tex(well.tilt, well.y_curvature),
        "labels": ("gradient descent", "momentum"),
        "title": "Momentum rolls out of the shallow well",
    }


def slow_end(data: dict) -> float:
    """When the slow-motion opening ends (seconds): its steps run at a quarter of the speed."""
    return LEAD + data["slow"] / (data["speed"] / 4.0)


def motion_end(data: dict) -> float:
    return slow_end(data) + (data["steps"] - data["slow"]) / data["speed"]


def duration(data: dict) -> float:
    return motion_end(data) + HOLD


def step_at(data: dict, t: float) -> float:
    """The fractional step shown at time t: slow motion for the first `slow` steps, then full speed."""
    if t <= slow_end(data):
        s = (t - LEAD) * data["speed"] / 4.0
    else:
        s = data["slow"] + (t - slow_end(data)) * data["speed"]
    return float(np.clip(s, 0.0, data["steps"]))


def outcome(data: dict) -> dict:
    names = ("gradient_descent", "momentum")
    return {
        "lr": data["lr"],
        "beta": data["beta"],
        "ends_in": dict(zip(names, data["ends"])),
        "final_position": {n: data["raw_positions"][i, -1].tolist() for i, n in enumerate(names)},
        "shallow_min": data["wells"]["shallow"].tolist(),
        "deep_min": data["wells"]["deep"].tolist(),
        "final_loss": {n: float(data["values"][i, -1]) for i, n in enumerate(names)},
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves at time t: step, trails, balls, loss curves, the closing verdict."""
    s = step_at(data, t)
    trails = [C.trail(run, s) for run in data["positions"]]
    slow = float(data["slow"] > 0 and t < slow_end(data) + 0.4) * (1.0 - fade(t, slow_end(data), 0.4))
    return {"s": s, "step": int(round(s)), "trails": trails, "heads": [tr[-1] for tr in trails],
            "curves": [C.curve(v, s) for v in data["values"]], "outro": fade(t, motion_end(data), 0.6),
            "slow_motion": slow}


# Layout, in figure fractions.
MAP = L.Panel(L.equal_aspect_box(0.035, 0.05, 0.5, XLIM, YLIM), XLIM, YLIM)
HEADER_Y = (0.855, 0.79)
LOSS_BOX = (0.655, 0.25, 0.31, 0.4)
VERDICT_Y = (0.1, 0.045)
SLOW_TEXT = "slow motion (\u00bc speed)"


def loss_panel(data: dict) -> L.Panel:
    return L.Panel(LOSS_BOX, (0.0, float(data["steps"])), data["loss_ylim"])


def loss_ticks(data: dict) -> list[float]:
    lo, hi = data["loss_ylim"]
    return [float(v) for v in range(int(np.ceil(lo)), int(np.floor(hi)) + 1)]


def verdicts(data: dict) -> list[str]:
    """Where each run ended, one line per run (in the run's colour)."""
    out = []
    for end, v in zip(data["ends"], data["values"][:, -1]):
        if end == "diverged":
            out.append("diverged")
        elif end == "moving":
            out.append(f"still on its way (f = {v:.2f})")
        else:
            out.append(f"settles in the {end} well (f = {data['well_values'][end]:.2f})")
    return out


def well_label_points(data: dict) -> dict:
    """Where the 'shallow' / 'deep' labels sit on the map: below each minimum (the trails come from above)."""
    return {k: v + np.array([0.0, -0.62]) for k, v in data["wells"].items()}


def settings_text(data: dict) -> tuple[str, str]:
    return rf"\alpha = {data['lr']:g}", rf"\alpha = {data['lr']:g},\ \ \beta = {data['beta']:g}"


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    colors = (theme.gd, theme.momentum)
    fig.text(0.035, 0.945, data["title"], fontsize=22, weight="bold", color=theme.foreground, va="center")
    counter = fig.text(0.965, 0.945, "", color=theme.foreground, fontsize=16, ha="right", va="center",
                       animated=True)
    slow = fig.text(0.835, 0.945, SLOW_TEXT, color=theme.muted, fontsize=14, ha="right", va="center",
                    animated=True)
    for i, (label, tex, setting) in enumerate(zip(data["labels"], data["formulas"], settings_text(data))):
        y = HEADER_Y[i]
        fig.text(0.04, y, "\u25cf", color=colors[i], fontsize=20, va="center")
        fig.text(0.065, y, label, color=theme.foreground, fontsize=15, va="center")
        fig.text(0.26, y, f"${tex}$", color=theme.foreground, fontsize=17, va="center")
        fig.text(0.965, y, f"${setting}$", color=theme.muted, fontsize=17, ha="right", va="center")
    fig.text(0.965, 0.72, f"${data['landscape_tex']}$", color=theme.muted, fontsize=16, ha="right", va="center")

    ax = C.mpl_contour_axes(fig, MAP, theme, data["lines"], C.level_colors(theme, len(data["levels"])),
                            lw=1.1, alpha=0.9)
    C.mpl_filled(ax, MAP, data["regions"], C.band_colors(theme, len(data["levels"])))
    for name, (x, y) in well_label_points(data).items():
        ax.text(x, y, name, color=theme.foreground, fontsize=15, ha="center", va="center", zorder=2)
    for name, (x, y) in data["wells"].items():
        ax.plot(x, y, marker="x", ms=9, mew=2.2, color=theme.foreground, zorder=2)

    lp = loss_panel(data)
    lax = C.mpl_panel_axes(fig, lp, theme, "step", "loss f(x)", C.step_ticks(data["steps"], 5), loss_ticks(data))
    for name, v in data["well_values"].items():
        lax.axhline(v, color=theme.muted, lw=1.3, ls=(0, (4, 3)), zorder=1)
        lax.text(data["steps"], v + 0.08, name, color=theme.muted, fontsize=14, ha="right", va="bottom")
    trails, balls, curves = C.mpl_runs([ax] * len(colors), lax, colors, theme, trail_lw=2.4, ball_ms=12,
                                       zorder=(3, 6), stack=True)
    ends = [fig.text(0.965, y, txt, color=c, fontsize=14, ha="right", va="center", animated=True)
            for y, txt, c in zip(VERDICT_Y, verdicts(data), colors)]
    show = C.mpl_show_runs(counter, data["steps"], trails, balls, curves)

    def update(t: float) -> None:
        st = frame_state(data, t)
        show(st)
        slow.set_alpha(st["slow_motion"])
        for end in ends:
            end.set_alpha(st["outro"])

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.manim_backend import DataScene, LiveText, formula, live, text

    class EscapeScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            colors = (th.gd, th.momentum)
            clock = mn.ValueTracker(0.0)

            self.add(L.at(text(d["title"], th.foreground, L.text_size(22), weight=mn.BOLD),
                          0.035, 0.945, mn.LEFT))
            counter = LiveText(f"step 0 / {d['steps']}", th.foreground, L.text_size(16)) \
                .place(L.fig_point(0.965, 0.945), mn.RIGHT)
            slow = L.at(text(SLOW_TEXT, th.muted, L.text_size(14)), 0.835, 0.945, mn.RIGHT)
            for i, (label, tex, setting) in enumerate(zip(d["labels"], d["formulas"], settings_text(d))):
                y = HEADER_Y[i]
                self.add(mn.Dot(L.fig_point(0.047, y), radius=0.1, color=colors[i]),
                         L.at(text(label, th.foreground, L.text_size(15)), 0.065, y, mn.LEFT),
                         L.at(formula(tex, th.foreground, L.tex_size(17)), 0.26, y, mn.LEFT),
                         L.at(formula(setting, th.muted, L.tex_size(17)), 0.965, y, mn.RIGHT))
            self.add(L.at(formula(d["landscape_tex"], th.muted, L.tex_size(16)),
                          0.965, 0.72, mn.RIGHT))

            self.add(C.manim_filled(MAP, d["regions"], C.band_colors(th, len(d["levels"]))),
                     C.manim_contours(MAP, d["lines"], C.level_colors(th, len(d["levels"])), width=1.4, opacity=0.9),
                     C.manim_border(MAP, th))
            for name, point in well_label_points(d).items():
                self.add(text(name, th.foreground, L.text_size(15)).move_to(MAP.to_manim([point])[0]))
            for point in d["wells"].values():
                self.add(mn.Cross(scale_factor=0.09, stroke_color=th.foreground, stroke_width=4)
                         .move_to(MAP.to_manim([point])[0]))

            lp = loss_panel(d)
            self.add(C.manim_panel_axes(lp, th, "step", "loss f(x)", C.step_ticks(d["steps"], 5), loss_ticks(d)))
            for name, v in d["well_values"].items():
                a, b = lp.to_manim([[0, v], [d["steps"], v]])
                self.add(mn.DashedLine(a, b, color=th.muted, stroke_width=2, dash_length=0.1),
                         text(name, th.muted, L.text_size(14)).next_to(b, mn.UP, buff=0.08).align_to(b, mn.RIGHT))

            trails, balls, curves = C.manim_runs(colors, th, trail_width=4.5, ball_radius=0.11)
            ends = [L.at(text(txt, c, L.text_size(14)), 0.965, y, mn.RIGHT)
                    for y, txt, c in zip(VERDICT_Y, verdicts(d), colors)]
            show = C.manim_show_runs(counter, d["steps"], [MAP] * len(colors), lp, trails, balls, curves)

            def update(t: float) -> None:
                st = frame_state(d, t)
                show(st)
                slow.set_opacity(st["slow_motion"])
                for end in ends:
                    end.set_opacity(st["outro"])

            self.add(live(clock, update, counter, slow, *trails, *balls, *curves, *ends))
            return clock

    return EscapeScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    EscapeScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="Two wells: gradient descent settles in the shallow one, momentum escapes to the deep one",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    manim_scene=manim_scene,
    outcome=outcome,
))
