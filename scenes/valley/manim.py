"""Valley: why momentum gets over a bump that stops plain gradient descent.

Two balls start on the left rim of a valley with a small bump on its slope. Plain gradient descent
follows the slope, and the slope vanishes in the dip before the bump: it stops there, in a local
minimum. With momentum, the velocity built up on the way down carries the ball over the bump and it
settles at the bottom. The arrow on the momentum ball is its velocity, scaled: the step it has just
taken (x_k - x_{k-1} = -lr b_k with torch's buffer b; for the toy rule, -v_k, whose sign decided that
step). Title, legend and end labels say what the run did (`scenes.valley_story`): with a small beta,
or the article's toy rule below its threshold (beta of about 0.4721, see `ball-view`), momentum stops
at the bump too, and with a large lr plain gradient descent crosses it as well.

`--set experiment=article` replays the how-to article's own experiment instead (seed 003): its sampled
valley, its toy rule (step one grid point to the right while the EMA velocity is negative) and
momentum 0.6 by default.

    python render.py valley
    python render.py valley --set experiment=article
    manim -ql scenes/valley.py ValleyScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes import valley_story, valley_web
from scenes.kit import reveal
from scenes.kit.layout import Panel, box_center, box_size, fig_point
from scenes.kit.params import Param, ParamError
from scenes.kit.reflow import Flow, Zone
from scenes.kit.registry import SceneSpec, register
from scenes.kit.timeline import at_step, duration as timeline_duration, fade, step_at

NAME = "valley"
LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.0  # the setup beat; a pause, then the verdict
PLOT_BOX = (0.07, 0.09, 0.89, 0.56)  # the matplotlib plot, in figure fractions (left, bottom, width, height)
X_RANGE = (-0.03, 1.03)
COUNTER_AT = (0.95, 0.675)  # the step counter's right edge, in figure fractions: between header and plot
TITLE_WIDTH = 0.9  # the widest a title may be, as a fraction of the frame; longer ones are shrunk
# Manim's header and axes (the axes' lines, without labels), in figure fractions.
TITLE_AT, ROWS_Y, FORMULA_X, AXES_BOX = (0.032, 0.944), (0.815, 0.745), 0.355, (0.078, 0.069, 0.872, 0.5)
# Other aspects: the header's parts stack above the plot, which takes the height they leave.
FLOW = Flow((Zone("title", (0.0, 0.86, 1.0, 1.0)),
             Zone("legend", (0.0, 0.72, 0.6, 0.86)),
             Zone("labels", (0.0, 0.72, 0.245, 0.86)),
             Zone("formulas", (0.245, 0.72, 0.8, 0.86)),
             Zone("alpha", (0.88, 0.72, 1.0, 0.86), align="right"),
             Zone("counter", (0.7, 0.655, 1.0, 0.72), align="right"),
             Zone("plot", (0.0, 0.0, 1.0, 0.655), fit="stretch", inner=(0.07, 0.09, 0.96, 0.65))),
            rows={"4:3": (("title",), ("legend", "alpha"), ("counter",), ("plot",)),
                  "1:1": (("title",), ("labels", "alpha"), ("formulas",), ("counter",), ("plot",)),
                  "9:16": (("title",), ("labels", "alpha"), ("formulas",), ("counter",), ("plot",))})

PARAMS = (
    Param("experiment", "choice", "smooth",
          "smooth: real gradient descent on a smooth valley; article: the article's grid and toy rule",
          choices=("smooth", "article")),
    Param("lr", "float", None, "learning rate alpha (auto: 0.4; unused by the article's toy rule)", 1e-4, 1.0),
    Param("momentum", "float", None, "momentum beta (auto: 0.9 smooth, 0.6 article)", 0.0, 0.99),
    Param("steps", "int", 120, "optimizer steps shown", 10, 2000),
    Param("speed", "float", 12.0, "optimizer steps per second of video", 1.0, 120.0),
    Param("start", "float", 0.0, "start point on the x axis (smooth valley)", 0.0, 0.15),
)


def make_data(p: dict) -> dict:
    """Both runs, the curve they roll on and the text the scene shows, all as numpy arrays."""
    from sim import SGD, landscapes, simulate, toy_roll

    steps = int(p["steps"])
    if p["experiment"] == "article":
        beta = 0.6 if p["momentum"] is None else float(p["momentum"])
        grid = landscapes.SampledValley()
        plain, mom = toy_roll(0.0, steps - 1), toy_roll(beta, steps - 1)
        curve_x, curve_y = np.asarray(grid.X), np.asarray(grid.y)
        xs = np.stack([curve_x[plain.path], curve_x[mom.path]])
        # The toy rule moved one cell right because v < 0: its velocity arrow is -v, in grid cells.
        velocity = -np.asarray(mom.velocities)
        lr = None
        formulas = (r"x \leftarrow x + 0.01\ \mathrm{while}\ f\,'(x) < 0",
                    r"v \leftarrow \beta v + (1-\beta) f\,'(x);\ \ x \leftarrow x + 0.01\ \mathrm{while}\ v < 0")
        local_min = grid.local_min
    else:
        lr = 0.4 if p["lr"] is None else float(p["lr"])
        beta = 0.9 if p["momentum"] is None else float(p["momentum"])
        valley = landscapes.BumpedValley()
        start = np.array([float(p["start"])])
        runs = [simulate(valley, start, SGD(lr), steps), simulate(valley, start, SGD(lr, momentum=beta), steps)]
        xs = np.stack([r.positions[:, 0] for r in runs])
        curve_x = np.linspace(-0.02, 1.02, 1500)
        curve_y = valley.value(curve_x[:, None])
        # torch's buffer b_k made step k, x_k = x_{k-1} - lr * b_k: -lr*b_k is the step just taken.
        velocity = -lr * runs[1].velocities[:, 0]
        formulas = (r"x \leftarrow x - \alpha\,\nabla f(x)",
                    r"v \leftarrow \beta v + \nabla f(x);\ \ x \leftarrow x - \alpha v")
        local_min = valley.local_min
    if not np.all(np.isfinite(xs)):
        raise ParamError("this learning rate makes gradient descent diverge; try a smaller lr")
    lo, hi = float(curve_x.min()), float(curve_x.max())
    xs = np.clip(xs, lo, hi)
    ys = np.interp(xs, curve_x, curve_y)
    data = {
        "experiment": p["experiment"],
        "steps": steps,
        "speed": float(p["speed"]),
        "lr": lr,
        "beta": beta,
        "curve_x": curve_x,
        "curve_y": curve_y,
        "xs": xs,
        "ys": ys,
        "velocity": velocity,
        "arrow_scale": 0.12 / max(float(np.max(np.abs(velocity))), 1e-12),
        "local_min": local_min,
        "bump_top": valley_story.bump_top(curve_x, curve_y, local_min),
        "formulas": formulas,
        "legend": ("gradient descent", f"momentum  \u03b2 = {beta:g}"),
        "alpha_text": None if lr is None else f"\u03b1 = {lr:g}",
    }
    words = valley_story.make(data)
    data.update(story=words["story"], fates=words["fates"], end_texts=words["end_texts"])
    return data


def duration(data: dict) -> float:
    return timeline_duration(data["steps"], data["speed"], LEAD, HOLD)


def outcome(data: dict) -> dict:
    """Where each ball ended and its fate ('over', 'back', 'dip', 'slope': `scenes.valley_story`)."""
    end = data["xs"][:, -1]
    minimum = float(data["curve_x"][np.argmin(data["curve_y"])])
    gd, mom = data["fates"]
    return {
        "final_x": {"gradient_descent": float(end[0]), "momentum": float(end[1])},
        "global_min_x": minimum,
        "local_min_x": data["local_min"],
        "bump_top_x": data["bump_top"],
        "fate": {"gradient_descent": gd, "momentum": mom},
        "momentum_crossed_bump": mom == "over",
        "gradient_descent_crossed_bump": gd == "over",
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves, at time t: ball positions, arrow, step number, outcome text opacity."""
    s = step_at(t, data["steps"], data["speed"], LEAD)
    xs = np.array([at_step(data["xs"][i], s) for i in range(2)])
    ys = np.interp(xs, data["curve_x"], data["curve_y"])
    arrow = float(at_step(data["velocity"], s)) * data["arrow_scale"]
    end_time = LEAD + data["steps"] / data["speed"]
    return {"step": int(round(s)), "xs": xs, "ys": ys, "arrow": arrow,
            "outro": fade(t, end_time + reveal.HOLD, reveal.VERDICT_FADE)}


def end_spots(data: dict) -> list[tuple[float, float]]:
    """Where the two end labels go, in data units (`valley_story.end_spots`)."""
    return valley_story.end_spots(data["xs"][:, -1], data["ys"][:, -1], data["curve_x"], data["curve_y"],
                                  y_range(data), X_RANGE)


def y_range(data: dict) -> tuple[float, float]:
    y = data["curve_y"]
    pad = 0.08 * float(y.max() - y.min())
    return float(y.min()) - pad, float(y.max()) + pad


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from scenes.kit.mpl import panel_axes
    from scenes.kit.reveal_mpl import Reveal

    colors = (theme.gd, theme.momentum)
    rv = Reveal(fig, reveal.schedule(data["story"]))
    title = fig.text(0.05, 0.93, data["story"]["title"], fontsize=24, weight="bold", color=theme.foreground,
                     va="top")
    width = title.get_window_extent(fig.canvas.get_renderer()).width / fig.bbox.width
    if width > TITLE_WIDTH:  # a long verdict: shrink it rather than run it off the frame
        title.set_fontsize(24 * TITLE_WIDTH / width)
    for i, (label, tex) in enumerate(zip(data["legend"], data["formulas"])):
        y = 0.83 - 0.07 * i
        rv.fade("balls", fig.text(0.06, y, "\u25cf", color=colors[i], fontsize=20, va="center"),
                fig.text(0.085, y, label, color=theme.foreground, fontsize=15, va="center"),
                fig.text(0.33, y, f"${tex}$", color=theme.foreground, fontsize=17, va="center"))
    if data["lr"] is not None:
        rv.fade("balls", fig.text(0.95, 0.83, f"$\\alpha = {data['lr']:g}$", color=theme.muted, fontsize=16,
                                  ha="right", va="center"))
    counter = fig.text(*COUNTER_AT, "", color=theme.foreground, fontsize=18, ha="right", va="center",
                       animated=True)

    ax = panel_axes(fig, Panel(PLOT_BOX, X_RANGE, y_range(data)), theme)
    rv.draw("curve", ax.plot(data["curve_x"], data["curve_y"], color=theme.curve, lw=3, zorder=1)[0])
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    rv.fade("axes", ax).fade("balls", counter)

    balls = [ax.plot([], [], "o", ms=15, color=c, mec=theme.background, mew=1.5, zorder=5 - i,
                     animated=True)[0] for i, c in enumerate(colors)]
    arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0), animated=True, zorder=6,
                        arrowprops=dict(arrowstyle="-|>", color=theme.momentum, lw=3, mutation_scale=22,
                                        shrinkA=0, shrinkB=0))
    ends = [ax.text(x, y, text, color=c, fontsize=14, ha="center", va="center", animated=True)
            for text, c, (x, y) in zip(data["end_texts"], colors, end_spots(data))]
    ylo, yhi = ax.get_ylim()
    lift = 0.09 * (yhi - ylo)
    rv.grow("balls", *balls)

    def update(t: float) -> None:
        st = frame_state(data, t)
        for ball, x, y in zip(balls, st["xs"], st["ys"]):
            ball.set_data([x], [y])
        x1, y1 = st["xs"][1], st["ys"][1]
        arrow.set_position((x1, y1 + lift * 0.5))
        arrow.xy = (x1 + st["arrow"], y1 + lift * 0.5)
        arrow.set_visible(abs(st["arrow"]) > 0.02)
        arrow.arrow_patch.set_alpha(1.0 - st["outro"])  # it gives way to the end labels
        counter.set_text(f"step {st['step']} / {data['steps']}")
        for label in ends:
            label.set_alpha(st["outro"])
        rv(t)

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, text
    from scenes.kit.reveal_manim import Reveal

    class ValleyScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            colors = (th.gd, th.momentum)
            clock = mn.ValueTracker(0.0)
            sched = reveal.schedule(d["story"])
            rv = Reveal(clock, sched)

            # Header: title, legend with each optimizer's update rule, step counter.
            title = text(d["story"]["title"], th.foreground, 34, weight=mn.BOLD)
            if title.width > TITLE_WIDTH * mn.config.frame_width:  # a long verdict: shrink, not overflow
                title.scale_to_fit_width(TITLE_WIDTH * mn.config.frame_width)
            title.move_to(fig_point(*TITLE_AT), aligned_edge=mn.UL)
            rows = mn.VGroup()
            for label, c in zip(d["legend"], colors):
                dot = mn.Dot(radius=0.1, color=c)
                rows.add(mn.VGroup(dot, text(label, th.foreground, 24).next_to(dot, mn.RIGHT, buff=0.2)))
            for i, row in enumerate(rows):
                row.move_to(fig_point(TITLE_AT[0], ROWS_Y[i]), aligned_edge=mn.LEFT)
            for row, tex, y in zip(rows, d["formulas"], ROWS_Y):
                row.add(formula(tex, th.foreground, 32).move_to(fig_point(FORMULA_X, y), aligned_edge=mn.LEFT))
            self.add(title, rv.fade("balls", rows))
            if d["lr"] is not None:
                self.add(rv.fade("balls", formula(rf"\alpha = {d['lr']:g}", th.muted, 30)
                                 .move_to(fig_point(0.958, ROWS_Y[0]), aligned_edge=mn.RIGHT)))

            # The valley.
            ylo, yhi = y_range(d)
            axes = mn.Axes(x_range=[*X_RANGE, 0.1], y_range=[ylo, yhi, (yhi - ylo) / 4],
                           x_length=box_size(AXES_BOX)[0], y_length=box_size(AXES_BOX)[1], tips=False,
                           axis_config={"color": th.muted, "stroke_width": 2, "include_ticks": False})
            axes.move_to(box_center(AXES_BOX))
            xlab = text("x", th.foreground, 24).next_to(axes.x_axis, mn.DOWN, buff=0.15).align_to(axes, mn.RIGHT)
            ylab = text("f(x)", th.foreground, 24).next_to(axes.y_axis, mn.LEFT, buff=0.15).align_to(axes, mn.UP)
            curve = mn.VMobject(color=th.curve, stroke_width=5).set_points_as_corners(
                axes.coords_to_point(np.column_stack([d["curve_x"], d["curve_y"]])))
            ticks = mn.VGroup(*(text(f"{v:g}", th.muted, 18).next_to(axes.c2p(v, ylo), mn.DOWN, buff=0.12)
                                for v in np.arange(0.0, 1.01, 0.2)))
            self.add(rv.fade("axes", axes, xlab, ylab, ticks), rv.draw("curve", curve))

            counter = LiveText(f"step 0 / {d['steps']}", th.foreground, 28)
            counter.place(fig_point(*COUNTER_AT), mn.RIGHT)
            balls = [mn.Dot(radius=0.14, color=c, stroke_color=th.background, stroke_width=2) for c in colors]
            arrow = mn.Arrow(mn.ORIGIN, mn.RIGHT, color=th.momentum, buff=0, stroke_width=6,
                             max_tip_length_to_length_ratio=0.35)
            ends = [text(s, c, 20).move_to(axes.coords_to_point(x, y))
                    for s, c, (x, y) in zip(d["end_texts"], colors, end_spots(d))]
            unit = axes.x_axis.get_unit_size()

            def redraw(t):
                st = frame_state(d, t)
                counter.set_text(f"step {st['step']} / {d['steps']}").set_opacity(sched.alpha(t, "balls"))
                for ball, x, y in zip(balls, st["xs"], st["ys"]):
                    ball.move_to(axes.coords_to_point(x, y))
                rv.grow(t, "balls", *balls)
                start = balls[1].get_center() + 0.42 * mn.UP
                length = st["arrow"] * unit
                if abs(length) > 0.25:
                    arrow.put_start_and_end_on(start, start + length * mn.RIGHT)
                    arrow.set_opacity(1.0 - st["outro"])  # it gives way to the end labels
                else:
                    arrow.set_opacity(0)
                for label in ends:
                    label.set_opacity(st["outro"])

            self.add(live(clock, redraw, counter, arrow, *balls[::-1], *ends))
            return clock

    return ValleyScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    ValleyScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="A ball in a bumped valley: gradient descent sticks at the bump, momentum rolls over it",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    manim_scene=manim_scene,
    outcome=outcome,
    flow=FLOW,
    examples=({"momentum": 0.3}, {"lr": 0.8}, {"experiment": "article", "momentum": 0.3},
              {"experiment": "article", "momentum": 0.99}, {"experiment": "article", "steps": 10}),
    notes=("the article's toy rule ignores lr and start; its momentum crosses the bump only above "
           "beta of about 0.4721 (ball-view computes the threshold)",),
    web=valley_web.build,
))
