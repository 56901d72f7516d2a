"""Escape: speed carries momentum through the shallow well and over the ridge; from rest inside, it stays.

The landscape has two wells, f(x, y) = (x² − 1)² + t x + ½ k y² (sim.landscapes.DoubleWell, tilt
t = 0.5): a shallow one near x = +0.93 (f = 0.48) and a deep one near x = −1.06 (f = −0.51), with a ridge
between them at x = 0.13 (f = 1.03). Gradient descent, x ← x − α∇f(x), and the heavy ball,
v ← βv + ∇f(x), x ← x − αv (torch's SGD: the first v is the gradient), run from two starts, side by side:

* left, high on the far slope (f(start) above the ridge's value): gradient descent only goes downhill and
  settles in the shallow well; the heavy ball gathers speed on the way down, rolls into the shallow well
  (its path enters the basin {x > x_ridge, f < f_ridge}) and, with the speed it still has, on over the
  ridge into the deep well;
* right, inside the shallow well's basin (f(start) below the ridge's value): neither gets out. Each step of
  gradient descent lowers f, so it cannot climb the ridge, and the heavy ball starts with no speed.

Which well each run ends in, and its final f, are computed (scenes.escape_story), so the words follow the
outcome: with `--set momentum=0.3` both balls stay in the shallow well from both starts, and the title says
so. At the end each run's line prints the value it reached.

    python render.py escape
    python render.py escape --set momentum=0.3
    manim -ql scenes/escape.py EscapeScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.kit.reflow import Flow, Zone
from scenes.kit import contour as C, layout as L, reveal
from scenes import escape_story as S
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.timeline import fade

NAME = "escape"
LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.0  # the setup beat; a pause after the motion, then the verdicts
XLIM, YLIM = (-2.0, 2.0), (-1.2, 1.2)
STARTS = ("above", "inside")

PARAMS = (
    Param("lr", "float", 0.02, "learning rate alpha of all runs", 0.002, 0.05),
    Param("momentum", "float", 0.9, "momentum beta of the momentum runs", 0.0, 0.95),
    Param("steps", "int", 120, "optimizer steps shown", 20, 600),
    Param("speed", "float", 16.0, "optimizer steps per second of video", 2.0, 60.0),
    Param("slow", "int", 20, "the first steps, shown at a quarter of the speed so the escape can be followed",
          0, 200),
    Param("start_x", "float", 1.8, "left panel's start, x (on the far slope, above the ridge)", 1.35, 1.95),
    Param("start_y", "float", 0.3, "left panel's start, y", -1.1, 1.1),
    # Every (inside_x, inside_y) in these bounds lies in the shallow well's basin (f below the ridge's).
    Param("inside_x", "float", 1.2, "right panel's start, x (inside the shallow well)", 0.5, 1.2),
    Param("inside_y", "float", 0.3, "right panel's start, y", -0.4, 0.4),
)

FORMULAS = (r"x \leftarrow x - \alpha\,\nabla f(x)",
            r"v \leftarrow \beta v + \nabla f(x);\ \ x \leftarrow x - \alpha v")
SLOW_TEXT = "slow motion (\u00bc speed)"


def landscape_tex(tilt: float, k: float) -> str:
    ky = r"\frac{1}{2}" if k == 1 else rf"\frac{{{k:g}}}{{2}}"
    return rf"f(x, y) = (x^2 - 1)^2 + {tilt:g}\,x + {ky}\,y^2"


def make_data(p: dict) -> dict:
    """Gradient descent and momentum from both starts, where each ended, and the landscape's contours."""
    from sim import SGD, landscapes, simulate

    well = landscapes.DoubleWell()
    lr, beta, steps = float(p["lr"]), float(p["momentum"]), int(p["steps"])
    ridge, ridge_f = np.asarray(well.barrier), float(well.value(well.barrier))
    starts = {"above": np.array([float(p["start_x"]), float(p["start_y"])]),
              "inside": np.array([float(p["inside_x"]), float(p["inside_y"])])}
    start_f = {k: float(well.value(s)) for k, s in starts.items()}
    start_inside = {k: bool(S.in_shallow_basin(s, start_f[k], ridge, ridge_f)) for k, s in starts.items()}
    runs = [simulate(well, starts[k], SGD(lr, momentum=b), steps) for k in STARTS for b in (0.0, beta)]
    raw = np.stack([r.positions for r in runs])
    values = np.stack([r.values for r in runs])
    gone = [C.diverged(r.values) for r in runs]
    positions, _ = C.clamp_runs(raw, XLIM, YLIM, gone)
    wells = {"shallow": np.asarray(well.shallow_min), "deep": np.asarray(well.deep_min)}
    ends = [S.where_it_ends(r.positions[-1], r.values, wells) for r in runs]
    hb_above = runs[1]
    with np.errstate(invalid="ignore"):
        in_basin = S.in_shallow_basin(hb_above.positions, hb_above.values, ridge, ridge_f)
    through = bool(in_basin.any())

    xs, ys, z = C.sample(well, XLIM, YLIM)
    zmin = float(well.value(well.deep_min))
    levels = zmin + C.geometric_levels(0.04, 0.8 * (float(z.max()) - zmin), 12)
    data = {
        "lr": lr, "beta": beta, "steps": steps, "speed": float(p["speed"]), "slow": min(int(p["slow"]), steps),
        "tilt": well.tilt, "y_curvature": well.y_curvature,
        "starts": starts, "start_f": start_f, "start_inside": start_inside,
        "wells": wells, "ridge": ridge, "ridge_f": ridge_f,
        "raw_positions": raw, "positions": positions,
        "ends": {k: tuple(ends[2 * i:2 * i + 2]) for i, k in enumerate(STARTS)},
        "finals": {k: tuple(float(v) if np.isfinite(v) else None for v in values[2 * i:2 * i + 2, -1])
                   for i, k in enumerate(STARTS)},
        "through": through,
        "lowest_in_basin": float(hb_above.values[in_basin].min()) if through else None,
        "levels": levels,
        "lines": C.contour_lines(xs, ys, z, levels),
        "regions": C.sublevel_regions(xs, ys, z, levels),
        "ridge_line": C.contour_lines(xs, ys, z, [ridge_f])[0],
        "formulas": FORMULAS,
        "landscape_tex": landscape_tex(well.tilt, well.y_curvature),
        "labels": S.RUNS,
        "well_names": ("deep", "ridge", "shallow"),
    }
    data["headings"] = S.headings(data)
    data["verdicts"] = [S.verdict(e, v) for k in STARTS for e, v in zip(data["ends"][k], data["finals"][k])]
    data["story"] = S.make(data, {"lead": LEAD, "motion_end": motion_end(data) + reveal.HOLD, "end": duration(data)},
                           [*FORMULAS, *settings_text(data), data["landscape_tex"], SLOW_TEXT])
    data["title"] = data["story"]["title"]
    return data


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
        "ends_in": {k: dict(zip(names, data["ends"][k])) for k in STARTS},
        "final_loss": {k: dict(zip(names, data["finals"][k])) for k in STARTS},
        "final_position": {k: {n: data["raw_positions"][2 * i + j, -1].tolist() for j, n in enumerate(names)}
                           for i, k in enumerate(STARTS)},
        "momentum_entered_shallow_well": data["through"],
        "shallow_min": data["wells"]["shallow"].tolist(),
        "deep_min": data["wells"]["deep"].tolist(),
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves at time t: step, trails, balls, the closing verdicts, the slow-motion note."""
    s = step_at(data, t)
    trails = [C.trail(run, s) for run in data["positions"]]
    slow = float(data["slow"] > 0 and t < slow_end(data) + 0.4) * (1.0 - fade(t, slow_end(data), 0.4))
    return {"s": s, "step": int(round(s)), "trails": trails, "heads": [tr[-1] for tr in trails],
            "outro": fade(t, motion_end(data) + reveal.HOLD, reveal.VERDICT_FADE), "slow_motion": slow}


# Layout, in figure fractions: two maps side by side, headings above them, verdicts below.
MAPS = tuple(L.Panel(L.equal_aspect_box(left, 0.15, 0.45, XLIM, YLIM), XLIM, YLIM) for left in (0.035, 0.515))
LEGEND_Y = (0.865, 0.8)
FORMULA_Y = 0.735
HEADING_Y = 0.675
VERDICT_Y = (0.095, 0.04)
TITLE_PT = 22.0
# Other aspects: the header's lines stack (settings flush right); the two maps scale side by side
# (4:3) or one above the other (1:1, 9:16).
FLOW = Flow((Zone("title", (0.0, 0.91, 0.75, 1.0)),
             Zone("counter", (0.8, 0.91, 1.0, 1.0), align="right"),
             Zone("legend", (0.0, 0.765, 0.52, 0.91)),
             Zone("settings", (0.8, 0.765, 1.0, 0.91), align="right"),
             Zone("landscape", (0.0, 0.7, 0.4, 0.765)),
             Zone("slow", (0.75, 0.7, 1.0, 0.765), align="right"),
             Zone("left", (0.0, 0.0, 0.5, 0.7), fit="scale"),
             Zone("right", (0.5, 0.0, 1.0, 0.7), fit="scale")),
            rows={"1:1": (("title",), ("counter",), ("legend", "settings"), ("landscape", "slow"), ("left",),
                          ("right",))})


def title_pt(title: str) -> float:
    """The title's size: 22 pt, smaller for a title long enough to reach the step counter."""
    return min(TITLE_PT, TITLE_PT * 50 / max(len(title), 1))


def label_points(data: dict) -> dict:
    """Where 'deep', 'ridge' and 'shallow' sit on each map: below the minima and the ridge's top."""
    xs = {"deep": data["wells"]["deep"][0], "ridge": data["ridge"][0], "shallow": data["wells"]["shallow"][0]}
    return {name: np.array([xs[name], -0.62]) for name in data["well_names"]}


def settings_text(data: dict) -> tuple[str, str]:
    return rf"\alpha = {data['lr']:g}", rf"\alpha = {data['lr']:g},\ \ \beta = {data['beta']:g}"


def run_colors(theme) -> tuple[str, ...]:
    return (theme.gd, theme.momentum) * 2


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    fg, muted = theme.foreground, theme.muted
    colors = run_colors(theme)
    title = fig.text(0.035, 0.945, data["title"], fontsize=title_pt(data["title"]), weight="bold", color=fg, va="center")
    counter = fig.text(0.965, 0.945, "", color=fg, fontsize=16, ha="right", va="center", animated=True)
    slow = fig.text(0.965, FORMULA_Y, SLOW_TEXT, color=muted, fontsize=14, ha="right", va="center", animated=True)
    for i, (label, tex, setting) in enumerate(zip(data["labels"], data["formulas"], settings_text(data))):
        y = LEGEND_Y[i]
        fig.text(0.04, y, "\u25cf", color=colors[i], fontsize=20, va="center")
        fig.text(0.065, y, label, color=fg, fontsize=15, va="center")
        fig.text(0.26, y, f"${tex}$", color=fg, fontsize=17, va="center")
        fig.text(0.965, y, f"${setting}$", color=muted, fontsize=17, ha="right", va="center")
    fig.text(0.04, FORMULA_Y, f"${data['landscape_tex']}$", color=muted, fontsize=16, va="center")

    axes = []
    for panel, heading in zip(MAPS, data["headings"]):
        fig.text(panel.box[0], HEADING_Y, heading, color=fg, fontsize=14, va="center")
        ax = C.mpl_contour_axes(fig, panel, theme, data["lines"], C.level_colors(theme, len(data["levels"])),
                                lw=1.1, alpha=0.9)
        C.mpl_filled(ax, panel, data["regions"], C.band_colors(theme, len(data["levels"])))
        for seg in data["ridge_line"]:
            ax.plot(seg[:, 0], seg[:, 1], color=fg, lw=1.6, ls=(0, (4, 3)), zorder=2)
        for name, (x, y) in label_points(data).items():
            ax.text(x, y, name, color=fg, fontsize=14, ha="center", va="center", zorder=2)
        for x, y in data["wells"].values():
            ax.plot(x, y, marker="x", ms=9, mew=2.2, color=fg, zorder=2)
        ax.plot(*data["ridge"], marker="o", ms=6, color=fg, zorder=2)
        rv.fade("curve", *ax.patches, *ax.collections, *ax.lines, *ax.texts)
        axes += [ax, ax]
    trails = [ax.plot([], [], color=c, lw=2.4, zorder=3 + i % 2, animated=True, solid_joinstyle="round")[0]
              for i, (ax, c) in enumerate(zip(axes, colors))]
    balls = [ax.plot([], [], "o", ms=12, color=c, mec=theme.background, mew=1.5, zorder=6 + i % 2,
                     animated=True)[0] for i, (ax, c) in enumerate(zip(axes, colors))]
    ends = [fig.text(panel.box[0], y, txt, color=c, fontsize=14, va="center", animated=True)
            for (panel, y), txt, c in zip([(m, y) for m in MAPS for y in VERDICT_Y], data["verdicts"], colors)]
    rv.grow("balls", *balls).fade("balls", counter).rest("axes", title)

    def update(t: float) -> None:
        st = frame_state(data, t)
        counter.set_text(f"step {st['step']} / {data['steps']}")
        for tr, ball, pts, head in zip(trails, balls, st["trails"], st["heads"]):
            tr.set_data(pts[:, 0], pts[:, 1])
            ball.set_data([head[0]], [head[1]])
        slow.set_alpha(st["slow_motion"] * rv.sched.alpha(t, "balls"))
        for end in ends:
            end.set_alpha(st["outro"])
        rv(t)

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, set_polyline, text
    from scenes.kit.reveal_manim import Reveal

    class EscapeScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            fg, muted = th.foreground, th.muted
            colors = run_colors(th)
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = L.at(text(d["title"], fg, L.text_size(title_pt(d["title"])), weight=mn.BOLD), 0.035, 0.945,
                         mn.LEFT)
            self.add(title)
            counter = LiveText(f"step 0 / {d['steps']}", fg, L.text_size(16)).place(L.fig_point(0.965, 0.945),
                                                                                   mn.RIGHT)
            slow = L.at(text(SLOW_TEXT, muted, L.text_size(14)), 0.965, FORMULA_Y, mn.RIGHT)
            for i, (label, tex, setting) in enumerate(zip(d["labels"], d["formulas"], settings_text(d))):
                y = LEGEND_Y[i]
                self.add(mn.Dot(L.fig_point(0.047, y), radius=0.1, color=colors[i]),
                         L.at(text(label, fg, L.text_size(15)), 0.065, y, mn.LEFT),
                         L.at(formula(tex, fg, L.tex_size(17)), 0.26, y, mn.LEFT),
                         L.at(formula(setting, muted, L.tex_size(17)), 0.965, y, mn.RIGHT))
            self.add(L.at(formula(d["landscape_tex"], muted, L.tex_size(16)), 0.04, FORMULA_Y, mn.LEFT))

            n = len(d["levels"])
            for panel, heading in zip(MAPS, d["headings"]):
                self.add(L.at(text(heading, fg, L.text_size(14)), panel.box[0], HEADING_Y, mn.LEFT))
                the_map = [C.manim_filled(panel, d["regions"], C.band_colors(th, n)),
                           C.manim_contours(panel, d["lines"], C.level_colors(th, n), width=1.4, opacity=0.9)]
                for seg in d["ridge_line"]:
                    line = mn.VMobject(stroke_color=fg, stroke_width=2.5).set_points_as_corners(panel.to_manim(seg))
                    the_map.append(mn.DashedVMobject(line, num_dashes=max(4, len(seg) // 6)))
                for name, point in label_points(d).items():
                    the_map.append(text(name, fg, L.text_size(14)).move_to(panel.to_manim([point])[0]))
                for point in d["wells"].values():
                    the_map.append(mn.Cross(scale_factor=0.09, stroke_color=fg, stroke_width=4)
                                   .move_to(panel.to_manim([point])[0]))
                the_map.append(mn.Dot(panel.to_manim([d["ridge"]])[0], radius=0.05, color=fg))
                self.add(rv.fade("curve", *the_map), C.manim_border(panel, th))

            panels = [m for m in MAPS for _ in range(2)]
            trails = [mn.VMobject(stroke_color=c, stroke_width=4.5) for c in colors]
            balls = [mn.Dot(radius=0.11, color=c, stroke_color=th.background, stroke_width=2) for c in colors]
            ends = [L.at(text(txt, c, L.text_size(14)), panel.box[0], y, mn.LEFT)
                    for (panel, y), txt, c in zip([(m, y) for m in MAPS for y in VERDICT_Y], d["verdicts"], colors)]

            rv.rest(self, "axes", title)

            def update(t: float) -> None:
                st = frame_state(d, t)
                counter.set_text(f"step {st['step']} / {d['steps']}")
                for panel, tr, ball, pts, head in zip(panels, trails, balls, st["trails"], st["heads"]):
                    set_polyline(tr, panel.to_manim(pts))
                    ball.move_to(panel.to_manim([head])[0])
                rv.grow(t, "balls", *balls)
                rv.show(t, "balls", counter)
                slow.set_opacity(st["slow_motion"] * rv.sched.alpha(t, "balls"))
                for end in ends:
                    end.set_opacity(st["outro"])

            self.add(live(clock, update, counter, slow, *trails, *balls, *ends))
            return clock

    return EscapeScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    EscapeScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="Two wells: from high up, momentum rolls through the shallow one into the deep one; from "
                "inside the shallow one, it stays",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=manim_scene,
    outcome=outcome,
    examples=({"momentum": 0.3}, {"start_y": 1.1}),
))
