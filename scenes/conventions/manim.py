"""Conventions: the same "momentum 0.9" in the EMA form, PyTorch and Keras, on one gradient schedule.

Each optimizer is fed g = 1 for the first `drop_at` steps and g = 0.5 afterwards, while the learning
rate drops from lr to lr·lr_drop at the same step, and the step it actually takes, x_k − x_{k+1}, is
plotted (the runs and every word are made in `scenes.conventions_run`):

    EMA form        v ← β v + (1 − β) g,    x ← x − lr·v            (sim.EMAMomentum)
    PyTorch         b ← β b + g (b_1 = g_1), x ← x − lr·b           (sim.SGD, torch's rule)
    Keras           v ← β v − lr·g,          x ← x + v              (sim.Keras)

Steps grow in both the EMA and the heavy-ball form, as 1 − β^k: the EMA form is the heavy ball scaled by
(1 − β) (EMAMomentum(lr, β) = SGD(lr·(1 − β), β)), so its step levels off at the step fed, the heavy
ball's at 1/(1 − β) times it. Keras equals PyTorch only at a constant lr: it folds lr into its velocity,
PyTorch applies lr after, so after the drop Keras' step (8.67 at the defaults) dwarfs PyTorch's (0.91).

    python render.py conventions
    python render.py conventions --set beta=0.8 --set drop_at=20 --set lr_drop=1
    manim -ql scenes/conventions.py ConventionsScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes import conventions_run as run, conventions_web
from scenes.kit.reflow import Flow, Zone
from scenes.kit import reveal
from scenes.kit.layout import fig_point, tex_size, text_size
from scenes.kit.params import Param
from scenes.kit.plot1d import ManimPanel, head, mpl_panel, nice_ticks, partial
from scenes.kit.registry import SceneSpec, register
from scenes.kit.timeline import fade, step_at, unpause

NAME = "conventions"
LEAD, SECOND = run.LEAD, run.SECOND
LEFT = (0.09, 0.2, 0.485, 0.4)
RIGHT = (0.66, 0.2, 0.3, 0.4)
ROWS_Y = (0.835, 0.775, 0.715)
# Other aspects: the legend, then its notes (flush right), then the two panels side by side (4:3, 1:1)
# or one above the other (9:16), then the answer.
FLOW = Flow((Zone("title", (0.0, 0.875, 0.85, 1.0)),
             Zone("legend", (0.0, 0.69, 0.52, 0.875)),
             Zone("notes", (0.62, 0.69, 1.0, 0.875), align="right"),
             Zone("left", (0.0, 0.11, 0.6, 0.69), fit="stretch", inner=(0.09, 0.2, 0.575, 0.6)),
             Zone("right", (0.6, 0.11, 1.0, 0.69), fit="stretch", inner=(0.66, 0.2, 0.96, 0.6)),
             Zone("answer", (0.0, 0.0, 0.9, 0.11))))
KEYS = ("ema", "torch", "keras")

PARAMS = (
    Param("beta", "float", 0.9, "momentum beta, the same number in all three forms", 0.0, 0.95),
    Param("lr", "float", 1.0, "learning rate (the step fed is lr * g)", 0.01, 10.0),
    Param("drop_at", "int", 30, "steps with gradient 1 before it drops to 0.5", 2, 200),
    Param("lr_drop", "float", 0.1, "the learning rate is multiplied by this at drop_at (1: constant lr)",
          0.01, 1.0),
    Param("steps", "int", 60, "steps shown", 5, 400),
    Param("speed", "float", 6.0, "steps drawn per second of video", 1.0, 100.0),
)


def duration(data: dict) -> float:
    return run.duration(data["n"], data["speed"])


def outcome(data: dict) -> dict:
    st, drop, lr = data["steps"], data["drop"], data["lr"]
    return {
        "beta": data["beta"],
        "lr": lr,
        "lr_after_drop": data["lr_after"],
        "ema_max_step": float(st["ema"].max()),
        "ema_min_step_after_drop": float(st["ema"][drop:].min()),
        "heavy_ball_max_step": float(st["torch"].max()),
        "heavy_ball_limit": data["limit"],
        "ema_is_scaled_heavy_ball": bool(np.allclose(st["ema"], (1 - data["beta"]) * st["torch"], rtol=1e-9)),
        "keras_equals_pytorch": data["keras_equals_pytorch"],
    }


def answer_time(data: dict) -> float:
    return run.answer_time(data["n"], data["speed"])


def frame_state(data: dict, t: float) -> dict:
    # Step k (1-based) is drawn at index k - 1: s runs from 0 to n - 1.
    s = step_at(unpause(t, run.pauses(data["drop"], data["speed"])), data["n"] - 1, data["speed"], LEAD)
    return {"s": s, "step": int(np.floor(s)) + 1, "answer": fade(t, answer_time(data), 0.8)}


def colors(theme) -> dict:
    return {"plain": theme.muted, "ema": theme.accent, "torch": theme.momentum, "keras": theme.gd}


def counter_text(data: dict, st: dict) -> str:
    return f"step {st['step']} / {data['n']}"


def xticks(data: dict) -> np.ndarray:
    return nice_ticks(0, data["n"], 6)


def zoom_ticks(data: dict) -> np.ndarray:
    return np.array([0.0, 0.5, 1.0]) * data["lr"]


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    col = colors(theme)
    fg = theme.foreground
    title = fig.text(0.05, 0.93, data["story"]["title"], fontsize=23, weight="bold", color=fg, va="top")
    for key, y, name, tex, note in zip(KEYS, ROWS_Y, data["names"], data["formulas"], data["notes"]):
        marker = "\u25c7" if key == "keras" else "\u25cf"
        fig.text(0.05, y, marker, color=col[key], fontsize=17, va="center")
        fig.text(0.075, y, name, color=fg, fontsize=15, va="center")
        fig.text(0.215, y, f"${tex}$", color=fg, fontsize=16, va="center")
        if note:
            fig.text(0.95, y, note, color=fg, fontsize=13, va="center", ha="right")
    counter = fig.text(LEFT[0] + LEFT[2], LEFT[1] + LEFT[3] + 0.03, "", color=fg, fontsize=15, ha="right",
                       va="center", animated=True)

    k = data["k"]
    xt = xticks(data)
    xlabel, ylabel = data["axis_labels"]
    axes = [mpl_panel(fig, LEFT, theme, (0, data["n"] + 0.5), data["ylim_all"], xt,
                      nice_ticks(*data["ylim_all"], 5), xlabel=xlabel, ylabel=ylabel),
            mpl_panel(fig, RIGHT, theme, (0, data["n"] + 0.5), data["ylim_zoom"], xt, zoom_ticks(data),
                      xlabel=xlabel)]
    for rect, heading in zip((LEFT, RIGHT), data["headings"]):
        fig.text(rect[0], rect[1] + rect[3] + 0.03, heading, fontsize=15, color=fg, va="center", weight="bold")
    ax, zx = axes
    ax.axhline(data["limit"], color=col["torch"], ls=(0, (4, 3)), lw=1.5, zorder=1)
    # At the right end, after the drop: at beta = 0 the steps run along the limit before it.
    ax.text(data["n"], data["limit"], data["limit_label"], color=fg, fontsize=13, va="bottom", ha="right")
    for a in axes:
        a.axvline(data["drop"] + 0.5, color=theme.muted, ls=(0, (1, 3)), lw=1.5, zorder=1)
    for y in (data["lr"], data["fed_after"]):
        zx.axhline(y, color=fg, ls=(0, (4, 3)), lw=1.2, zorder=1)
    zx.text(data["n"], data["lr"] * 1.03, data["zoom_notes"][0], color=fg, fontsize=13, ha="right", va="bottom")
    y2, va2 = data["zoom_note_at"]
    zx.text(data["n"], y2, data["zoom_notes"][1], color=fg, fontsize=13, ha="right", va=va2)

    lines, heads = {}, {}
    for a, name in ((ax, "all"), (zx, "zoom")):
        keys = ("plain", "ema", "keras_line", "torch", "keras") if name == "all" else ("plain", "ema")
        for z, key in enumerate(keys):
            if key == "keras":
                style = dict(ls="none", marker="D", ms=5.5, mfc="none", mec=col[key], mew=1.6)
            elif key == "keras_line":  # under PyTorch's line: seen only where Keras takes other steps
                style = dict(lw=1.8)
            elif key == "plain":
                style = dict(lw=2, drawstyle="steps-mid")
            else:
                style = dict(lw=3)
            lines[name, key] = a.plot([], [], color=col[key.split("_")[0]], zorder=3 + z, animated=True, **style)[0]
            if key in ("ema", "torch"):
                heads[name, key] = a.plot([], [], "o", ms=8, color=col[key], mec=theme.background, mew=1,
                                          zorder=8, animated=True, clip_on=False)[0]

    answer = [fig.text(0.05, 0.075, data["answer"][0], fontsize=15, weight="bold", color=fg, va="center",
                       animated=True),
              fig.text(0.05, 0.03, data["answer"][1], fontsize=14, color=fg, va="center", animated=True)]
    rv.grow("balls", *heads.values(), lines["all", "keras"]).fade("balls", counter).rest("axes", title)

    def update(t: float) -> None:
        st = frame_state(data, t)
        for (name, key), line in lines.items():
            if key == "keras":  # markers only at whole steps that have been reached
                m = int(np.floor(st["s"] + 1e-9)) + 1
                every = data["marker_every"]
                line.set_data(k[:m:every], data["steps"][key][:m:every])
            else:
                line.set_data(*partial(k, data["steps"][key.split("_")[0]], st["s"]))
        for (name, key), dot in heads.items():
            x, y = head(k, data["steps"][key], st["s"])
            dot.set_data([x], [y])
        counter.set_text(counter_text(data, st))
        for a in answer:
            a.set_alpha(st["answer"])
        rv(t)

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, text
    from scenes.kit.reveal_manim import Reveal

    class ConventionsScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            col = colors(th)
            fg = th.foreground
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = text(d["story"]["title"], fg, text_size(23), weight=mn.BOLD)
            title.move_to(fig_point(0.05, 0.93), aligned_edge=mn.UL)
            self.add(title)
            for key, y, name, tex, note in zip(KEYS, ROWS_Y, d["names"], d["formulas"], d["notes"]):
                if key == "keras":
                    mark = mn.Square(0.13, color=col[key], stroke_width=3).rotate(mn.PI / 4)
                else:
                    mark = mn.Dot(radius=0.09, color=col[key])
                self.add(mark.move_to(fig_point(0.057, y)))
                self.add(text(name, fg, text_size(15)).move_to(fig_point(0.075, y), aligned_edge=mn.LEFT))
                self.add(formula(tex, fg, tex_size(16)).move_to(fig_point(0.215, y), aligned_edge=mn.LEFT))
                if note:
                    self.add(text(note, fg, text_size(13)).move_to(fig_point(0.95, y), aligned_edge=mn.RIGHT))
            counter = LiveText(counter_text(d, frame_state(d, 0)), fg, text_size(15))
            counter.place(fig_point(LEFT[0] + LEFT[2], LEFT[1] + LEFT[3] + 0.03), mn.RIGHT)

            xlim = (0, d["n"] + 0.5)
            xt = xticks(d)
            xlabel, ylabel = d["axis_labels"]
            left = ManimPanel(LEFT, th, xlim, d["ylim_all"], xt, nice_ticks(*d["ylim_all"], 5),
                              xlabel=xlabel, ylabel=ylabel)
            right = ManimPanel(RIGHT, th, xlim, d["ylim_zoom"], xt, zoom_ticks(d), xlabel=xlabel)
            self.add(left.group, right.group)
            for rect, label in zip((LEFT, RIGHT), d["headings"]):
                self.add(text(label, fg, text_size(15), weight=mn.BOLD)
                         .move_to(fig_point(rect[0], rect[1] + rect[3] + 0.03), aligned_edge=mn.LEFT))
            dash = dict(dash_length=0.1, stroke_width=2.5)
            self.add(mn.DashedLine(left.c2p(0, d["limit"]), left.c2p(xlim[1], d["limit"]), color=col["torch"],
                                   **dash))
            self.add(text(d["limit_label"], fg, text_size(13)).next_to(left.c2p(d["n"], d["limit"]), mn.UL,
                                                                       buff=0.05))
            for panel in (left, right):
                ylim = panel.ylim
                self.add(mn.DashedLine(panel.c2p(d["drop"] + 0.5, ylim[0]), panel.c2p(d["drop"] + 0.5, ylim[1]),
                                       color=th.muted, dash_length=0.04, stroke_width=2.5))
            for y in (d["lr"], d["fed_after"]):
                self.add(mn.DashedLine(right.c2p(0, y), right.c2p(xlim[1], y), color=fg, **dash))
            self.add(text(d["zoom_notes"][0], fg, text_size(13))
                     .next_to(right.c2p(d["n"], d["lr"] * 1.03), mn.UP, buff=0.02)
                     .align_to(right.c2p(d["n"], 0), mn.RIGHT))
            y2, va2 = d["zoom_note_at"]
            self.add(text(d["zoom_notes"][1], fg, text_size(13))
                     .next_to(right.c2p(d["n"], y2), mn.DOWN if va2 == "top" else mn.UP, buff=0.02)
                     .align_to(right.c2p(d["n"], 0), mn.RIGHT))

            k = d["k"]
            lines, heads = {}, {}
            for panel, name in ((left, "all"), (right, "zoom")):
                for key in (("plain", "ema", "keras_line", "torch") if name == "all" else ("plain", "ema")):
                    width = {"plain": 3, "keras_line": 2.5}.get(key, 5)
                    lines[name, key] = panel.polyline([0], [0], col[key.split("_")[0]], width=width)
                    if key in ("ema", "torch"):
                        heads[name, key] = mn.Dot(radius=0.09, color=col[key], stroke_color=th.background,
                                                  stroke_width=2)
            every = d["marker_every"]
            diamonds = [mn.Square(0.1, color=col["keras"], stroke_width=2.5).rotate(mn.PI / 4)
                        .move_to(left.c2p(kk, v)) for kk, v in zip(k[::every], d["steps"]["keras"][::every])]
            answer = mn.VGroup(
                text(d["answer"][0], fg, text_size(15), weight=mn.BOLD).move_to(fig_point(0.05, 0.075),
                                                                                 aligned_edge=mn.LEFT),
                text(d["answer"][1], fg, text_size(14)).move_to(fig_point(0.05, 0.03), aligned_edge=mn.LEFT))
            panels = {"all": left, "zoom": right}
            rv.rest(self, "axes", title)

            def staircase(xs, ys):
                """Steps centred on each k, as matplotlib's drawstyle='steps-mid'."""
                mids = 0.5 * (xs[1:] + xs[:-1])
                sx = np.concatenate([[xs[0]], np.repeat(mids, 2), [xs[-1]]])
                sy = np.repeat(ys, 2)
                return sx, sy

            def redraw(t):
                st = frame_state(d, t)
                for (name, key), line in lines.items():
                    px, py = partial(k, d["steps"][key.split("_")[0]], st["s"])
                    if key == "plain" and len(px) > 1:
                        px, py = staircase(px, py)
                    panels[name].set_polyline(line, px, py)
                for (name, key), dot in heads.items():
                    dot.move_to(panels[name].c2p(*head(k, d["steps"][key], st["s"])))
                rv.grow(t, "balls", *heads.values())
                m = int(np.floor(st["s"] + 1e-9)) + 1
                shown = rv.sched.alpha(t, "balls")
                for i, dm in enumerate(diamonds):
                    dm.set_stroke(opacity=shown if i * every < m else 0.0)
                counter.set_text(counter_text(d, st))
                rv.show(t, "balls", counter)
                answer.set_opacity(st["answer"])

            self.add(live(clock, redraw, *lines.values(), *diamonds, *heads.values(), counter, answer))
            return clock

    return ConventionsScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    ConventionsScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="Steps of 1 then 0.5 under the EMA, PyTorch and Keras forms, with an lr drop: both forms grow"
                " the steps, by a different scale; Keras leaves PyTorch at the drop",
    params=PARAMS,
    make_data=run.make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=manim_scene,
    outcome=outcome,
    examples=({"lr_drop": 1.0}, {"beta": 0.0}, {"drop_at": 2}),
    notes=("drop_at must be below steps",),
    web=conventions_web.build,
))
