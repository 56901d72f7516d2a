"""Decay: how much a past gradient still counts in the momentum buffer — β^i, i steps later.

Unrolling the heavy-ball buffer v ← βv + g from v_0 = 0 gives

    v_t = g_t + β g_{t−1} + β² g_{t−2} + … = Σ_i β^i g_{t−i}

so the gradient from i steps back carries weight β^i. The bars are those weights for two values of β;
the dots on top are a real run of the buffer (`sim.SGD`, torch's rule) fed one gradient of 1 and then
zeros, read i steps later: the same numbers. The weights add up to 1/(1−β), the area of the dashed box
(1/(1−β) steps of full weight): the effective window, and the factor by which a steady gradient is
scaled up.

    python render.py decay
    python render.py decay --set beta_left=0.5 --set beta_right=0.95 --set bars=50
    manim -ql scenes/decay.py DecayScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes import decay_web
from scenes.decay_story import tell
from scenes.kit.reflow import Flow, Zone
from scenes.kit import reveal
from scenes.kit.layout import fig_point, tex_size, text_size
from scenes.kit.params import Param
from scenes.kit.plot1d import ManimPanel, mpl_panel, nice_ticks
from scenes.kit.registry import SceneSpec, register
from scenes.kit.timeline import duration as timeline_duration, fade, step_at

NAME = "decay"
LEAD, HOLD = reveal.SETUP, reveal.HOLD + 3.0  # the setup beat; a pause after the bars, then the box
TITLE = "How much a past gradient still counts"
PANELS = ((0.075, 0.13, 0.4, 0.465), (0.565, 0.13, 0.4, 0.465))
HEADING_Y = 0.645
YLIM = (0.0, 1.22)
UNROLLED = (r"v_t = g_t + \beta\,g_{t-1} + \beta^2 g_{t-2} + \beta^3 g_{t-3} + \cdots"
            r" = \sum_{i \geq 0}\, \beta^i\, g_{t-i}")
RULE = r"v \leftarrow \beta\,v + g,\quad v_0 = 0"

PARAMS = (
    Param("beta_left", "float", 0.6, "momentum beta of the left panel", 0.0, 0.95),
    Param("beta_right", "float", 0.9, "momentum beta of the right panel", 0.0, 0.95),
    Param("bars", "int", 30, "number of past steps i = 0..bars-1 shown", 5, 60),
    Param("speed", "float", 4.0, "bars grown per second of video", 1.0, 60.0),
)


def impulse_response(beta: float, steps: int) -> np.ndarray:
    """The heavy-ball buffer after a single gradient of 1 followed by zeros, read after each step.

    For β = 0 torch keeps no buffer and steps along g itself: the step x_k − x_{k+1} (lr = 1) is read
    instead, which is what the buffer would hold.
    """
    from sim import SGD

    opt = SGD(lr=1.0, momentum=beta)
    x = np.zeros(1)
    state = opt.init(x)
    out = np.empty(steps)
    for k in range(steps):
        g = np.ones(1) if k == 0 else np.zeros(1)
        x_new, state = opt.update(g, state, x)
        out[k] = opt.velocity(state)[0] if beta > 0 else (x - x_new)[0]
        x = x_new
    return out


def make_data(p: dict) -> dict:
    """For each panel: the weights β^i, the buffer's impulse response, running sums and the window."""
    n = int(p["bars"])
    i = np.arange(n)
    panels = []
    for beta in (float(p["beta_left"]), float(p["beta_right"])):
        weights = beta ** i
        window = 1.0 / (1.0 - beta)
        panels.append({
            "beta": beta,
            "weights": weights,
            "buffer": impulse_response(beta, n),
            "cumsum": np.cumsum(weights),
            "window": window,
            "xlim": (-0.9, max(n, window + 1.0) - 0.3),
            "heading": f"\u03b2 = {beta:g}",
            "box_label": f"1/(1\u2212\u03b2) = {window:.3g}",
            # Right-aligned on the box's corner when a left-aligned label would run off the panel.
            "box_label_right": bool(window - 0.5 > 0.6 * (max(n, window + 1.0) - 0.3)),
        })
    data = {"bars": n, "speed": float(p["speed"]), "i": i, "panels": panels, "legend": legend_rows(),
            "axis_labels": ("i  (steps back)", "weight")}
    data["story"] = tell(data, TITLE, LEAD, HOLD)
    return data


def duration(data: dict) -> float:
    return timeline_duration(data["bars"], data["speed"], LEAD, HOLD)


def outcome(data: dict) -> dict:
    return {
        "betas": [q["beta"] for q in data["panels"]],
        "windows": [q["window"] for q in data["panels"]],
        "sum_of_shown_weights": [float(q["cumsum"][-1]) for q in data["panels"]],
        "buffer_matches_weights": bool(all(np.allclose(q["buffer"], q["weights"], rtol=1e-12, atol=1e-15)
                                           for q in data["panels"])),
    }


def frame_state(data: dict, t: float) -> dict:
    """Bar heights as a fraction of their final value, how many dots are shown and the running sums."""
    s = step_at(t, data["bars"], data["speed"], LEAD)
    grown = np.clip(s - data["i"], 0.0, 1.0)
    done = int(np.floor(s + 1e-9))
    sums = [float(np.dot(grown, q["weights"])) for q in data["panels"]]
    box = fade(t, LEAD + data["bars"] / data["speed"] + reveal.HOLD, 0.7)
    return {"grown": grown, "done": done, "sums": sums, "box": box}


def sum_text(data: dict, k: int, st: dict) -> str:
    return f"sum of bars {st['sums'][k]:.2f}"


def legend_rows() -> list[tuple[str, str]]:
    return [("bar", "weight \u03b2\u2071 of the gradient from i steps back"),
            ("box", "box 1/(1\u2212\u03b2) \u00d7 1: the area of all the bars"),
            ("dot", "sim: the heavy-ball buffer v, i steps after a single gradient g = 1, then zeros")]


def xticks(q: dict) -> np.ndarray:
    return nice_ticks(0, q["xlim"][1], 6)


YTICKS = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
LEGEND_AT = {"bar": (0.05, 0.762), "box": (0.555, 0.762), "dot": (0.05, 0.71)}
# Other aspects: the header's lines stack (the rule flush right), then the two panels side by side
# (4:3, 1:1) or one above the other (9:16).
FLOW = Flow((Zone("title", (0.0, 0.875, 0.65, 1.0)),
             Zone("unrolled", (0.0, 0.79, 0.5, 0.875)),
             Zone("rule", (0.76, 0.79, 1.0, 0.875), align="right"),
             Zone("bars", (0.0, 0.74, 0.5, 0.79)),
             Zone("box", (0.505, 0.74, 0.87, 0.79)),
             Zone("sim", (0.0, 0.685, 0.62, 0.74)),
             Zone("left", (0.0, 0.0, 0.5, 0.685), fit="stretch", inner=(0.075, 0.13, 0.475, 0.595)),
             Zone("right", (0.5, 0.0, 1.0, 0.685), fit="stretch", inner=(0.565, 0.13, 0.965, 0.595))),
            rows={"4:3": (("title",), ("unrolled", "rule"), ("bars",), ("box",), ("sim",), ("left", "right")),
                  "1:1": (("title",), ("unrolled",), ("rule",), ("bars",), ("box",), ("sim",), ("left", "right"))})


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from matplotlib.patches import Rectangle

    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    title = fig.text(0.05, 0.93, data["story"]["title"], fontsize=24, weight="bold", color=theme.foreground,
                     va="top")
    fig.text(0.05, 0.835, f"${UNROLLED}$", fontsize=17, color=theme.foreground, va="center")
    fig.text(0.95, 0.835, f"${RULE}$", fontsize=17, color=theme.foreground, va="center", ha="right")
    for kind, label in data["legend"]:
        x, y = LEGEND_AT[kind]
        if kind == "bar":
            fig.patches.append(Rectangle((x, y - 0.015), 0.012, 0.03, transform=fig.transFigure,
                                         color=theme.curve))
        elif kind == "dot":
            fig.text(x - 0.002, y, "\u25cf", color=theme.momentum, fontsize=15, va="center")
        else:
            fig.patches.append(Rectangle((x, y - 0.013), 0.014, 0.026, transform=fig.transFigure, fill=False,
                                         ls=(0, (2, 2)), lw=1.5, ec=theme.foreground))
        fig.text(x + 0.02, y, label, color=theme.foreground, fontsize=13, va="center")

    updates = []
    for k, (q, rect) in enumerate(zip(data["panels"], PANELS)):
        xlabel, ylabel = data["axis_labels"]
        ax = mpl_panel(fig, rect, theme, q["xlim"], YLIM, xticks(q), YTICKS, xlabel=xlabel,
                       ylabel=ylabel if k == 0 else None)
        fig.text(rect[0], HEADING_Y, q["heading"], fontsize=18, weight="bold", color=theme.foreground,
                 va="center")
        total = fig.text(rect[0] + rect[2], HEADING_Y, "", fontsize=14, color=theme.foreground, va="center",
                         ha="right", animated=True)
        bars = ax.bar(data["i"], np.zeros(data["bars"]), width=0.72, color=theme.curve, zorder=3,
                      animated=True)
        dots = ax.plot([], [], "o", ms=6, color=theme.momentum, mec=theme.background, mew=0.8, zorder=5,
                       animated=True)[0]
        box = Rectangle((-0.5, 0.0), q["window"], 1.0, fill=False, ls=(0, (4, 3)), lw=2,
                        ec=theme.foreground, zorder=6, animated=True)
        ax.add_patch(box)
        box_label = ax.text(-0.5 + q["window"], 1.04, q["box_label"], fontsize=14, va="bottom",
                            ha="right" if q["box_label_right"] else "left",
                            color=theme.foreground, zorder=6, animated=True)
        updates.append((q, total, bars, dots, box, box_label))
        rv.fade("balls", total)
    rv.rest("axes", title)

    def update(t: float) -> None:
        st = frame_state(data, t)
        for k, (q, total, bars, dots, box, box_label) in enumerate(updates):
            for bar, h in zip(bars, st["grown"] * q["weights"]):
                bar.set_height(h)
            m = st["done"]
            dots.set_data(data["i"][:m], q["buffer"][:m])
            total.set_text(sum_text(data, k, st))
            box.set_alpha(st["box"])
            box_label.set_alpha(st["box"])
        rv(t)

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, text
    from scenes.kit.reveal_manim import Reveal

    class DecayScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = text(d["story"]["title"], th.foreground, text_size(24), weight=mn.BOLD)
            title.move_to(fig_point(0.05, 0.93), aligned_edge=mn.UL)
            unrolled = formula(UNROLLED, th.foreground, tex_size(17)).move_to(fig_point(0.05, 0.835),
                                                                              aligned_edge=mn.LEFT)
            rule = formula(RULE, th.foreground, tex_size(17))
            rule.move_to(fig_point(0.95, 0.835), aligned_edge=mn.RIGHT)
            self.add(title, unrolled, rule)
            for kind, label in d["legend"]:
                fx, fy = LEGEND_AT[kind]
                p = fig_point(fx + 0.006, fy)
                if kind == "bar":
                    key = mn.Rectangle(width=0.17, height=0.24, fill_color=th.curve, fill_opacity=1,
                                       stroke_width=0)
                elif kind == "dot":
                    key = mn.Dot(radius=0.08, color=th.momentum)
                else:
                    key = mn.DashedVMobject(mn.Rectangle(width=0.2, height=0.21, color=th.foreground,
                                                         stroke_width=2), num_dashes=8)
                self.add(key.move_to(p))
                self.add(text(label, th.foreground, text_size(13)).move_to(fig_point(fx + 0.02, fy),
                                                                          aligned_edge=mn.LEFT))

            moving = mn.VGroup()
            parts = []
            for k, (q, rect) in enumerate(zip(d["panels"], PANELS)):
                xlabel, ylabel = d["axis_labels"]
                panel = ManimPanel(rect, th, q["xlim"], YLIM, xticks(q), YTICKS, xlabel=xlabel,
                                   ylabel=ylabel if k == 0 else None)
                heading = text(q["heading"], th.foreground, text_size(18), weight=mn.BOLD)
                heading.move_to(fig_point(rect[0], HEADING_Y), aligned_edge=mn.LEFT)
                self.add(panel.group, heading)
                total = LiveText("0", th.foreground, text_size(14))
                total.place(fig_point(rect[0] + rect[2], HEADING_Y), mn.RIGHT)
                bars = [mn.VMobject(fill_color=th.curve, fill_opacity=1, stroke_width=0) for _ in d["i"]]
                dots = [mn.Dot(panel.c2p(i, b), radius=0.055, color=th.momentum, stroke_color=th.background,
                               stroke_width=1) for i, b in zip(d["i"], q["buffer"])]
                corners = panel.c2p([-0.5, -0.5, -0.5 + q["window"], -0.5 + q["window"]], [0, 1, 1, 0])
                box = mn.DashedVMobject(mn.Polygon(*corners, color=th.foreground, stroke_width=3),
                                        num_dashes=max(12, int(4 * q["window"]) + 12))
                box_label = text(q["box_label"], th.foreground, text_size(14))
                box_label.next_to(panel.c2p(-0.5 + q["window"], 1.04), mn.UL if q["box_label_right"] else mn.UR,
                                  buff=0.0)
                notes = mn.VGroup(box, box_label)
                moving.add(*bars, *dots, notes, total)
                parts.append((q, panel, total, bars, dots, notes))

            half = 0.36
            rv.rest(self, "axes", title)

            def redraw(t):
                st = frame_state(d, t)
                for k, (q, panel, total, bars, dots, notes) in enumerate(parts):
                    for i, (bar, h) in enumerate(zip(bars, st["grown"] * q["weights"])):
                        bar.set_points_as_corners(panel.c2p([i - half, i - half, i + half, i + half, i - half],
                                                            [0, h, h, 0, 0]))
                    for i, dot in enumerate(dots):
                        dot.set_opacity(1.0 if i < st["done"] else 0.0)
                    total.set_text(sum_text(d, k, st))
                    rv.show(t, "balls", total)
                    notes.set_opacity(st["box"])

            self.add(live(clock, redraw, moving))
            return clock

    return DecayScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    DecayScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="The weights beta^i on past gradients, for two betas; they sum to 1/(1-beta)",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=manim_scene,
    outcome=outcome,
    examples=({"beta_left": 0.3, "beta_right": 0.95}, {"beta_left": 0.0, "beta_right": 0.0}),
    web=decay_web.build,
))
