"""Valley drawn with Manim: `manim_scene()` builds the scene class.

    manim -ql scenes/valley/manim.py ValleyScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.kit import reveal
from scenes.kit.layout import TEXT_SCALE, box_center, box_size, fig_point, two_lines
from scenes.valley.data import NAME, frame_state
from scenes.valley.layout import (
    COUNTER_AT, OUT_ARROW, X_RANGE, end_spots, title_fit, y_range)


# Manim's header and axes (the axes' lines, without labels), in figure fractions.
TITLE_AT, ROWS_Y, FORMULA_X, AXES_BOX = (0.032, 0.944), (0.815, 0.745), 0.355, (0.078, 0.069, 0.872, 0.5)


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
            title, pair = text(d["story"]["title"], th.foreground, 34, weight=mn.BOLD), None
            first, rest = two_lines(d["story"]["title"])
            if rest and mn.config.frame_height >= mn.config.frame_width:  # room for a second line
                pair = mn.VGroup(text(first, th.foreground, 34, weight=mn.BOLD),
                                 text(rest, th.foreground, 34, weight=mn.BOLD)).arrange(
                    mn.DOWN, aligned_edge=mn.LEFT, buff=0.15)
            fw = mn.config.frame_width
            pt = 34 / TEXT_SCALE  # too long: shrunk (or broken) rather than run off the frame
            broken, size = title_fit(pt, title.width / fw, pair.width / fw if pair is not None else None)
            title = (pair if broken else title).scale(size / pt)
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
            # left of the whole plot, half way up, as matplotlib's: the curve and a ball at the left edge
            # rise past the y axis near its top
            ylab = text("f(x)", th.foreground, 24).rotate(np.pi / 2).next_to(axes, mn.LEFT, buff=0.2)
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
            unit = axes.x_axis.get_unit_size()
            ends = [text(s, c, 20) for s, c in zip(d["end_texts"], colors)]
            half = 0.5 * max(label.width for label in ends) / unit  # the labels as wide as drawn, in x units
            for label, (x, y) in zip(ends, end_spots(d, half)):
                label.move_to(axes.coords_to_point(x, y))
            # A ball past the drawn curve waits at its edge with an arrow under it pointing the way it went.
            outs = [mn.Arrow(mn.ORIGIN, mn.RIGHT, color=c, buff=0, stroke_width=5,
                             max_tip_length_to_length_ratio=0.4) for c in colors]
            below = 0.6 * 0.09 * axes.y_length

            def redraw(t):
                st = frame_state(d, t)
                counter.set_text(f"step {st['step']} / {d['steps']}").set_opacity(sched.alpha(t, "balls"))
                for ball, x, y in zip(balls, st["xs"], st["ys"]):
                    ball.move_to(axes.coords_to_point(x, y))
                rv.grow(t, "balls", *balls)
                start = balls[1].get_center() + 0.42 * mn.UP
                length = st["arrow"] * unit
                if abs(length) > 0.25 and not st["out"][1]:  # past the edge, the out arrow shows the way
                    arrow.put_start_and_end_on(start, start + length * mn.RIGHT)
                    arrow.set_opacity(1.0 - st["outro"])  # it gives way to the end labels
                else:
                    arrow.set_opacity(0)
                for label in ends:
                    label.set_opacity(st["outro"])
                for out, ball, side in zip(outs, balls, st["out"]):
                    if side:
                        tip = ball.get_center() + below * mn.DOWN
                        length = max(OUT_ARROW * unit, 0.45)  # long enough to read in a narrow frame
                        out.become(mn.Arrow(tip - side * length * mn.RIGHT, tip,  # its head on the plot's edge
                                            color=out.get_color(), buff=0, stroke_width=5, tip_length=0.16,
                                            max_tip_length_to_length_ratio=0.5))
                    out.set_opacity(1.0 - st["outro"] if side else 0.0)  # it gives way to the end labels

            self.add(live(clock, redraw, counter, arrow, *outs, *balls[::-1], *ends))
            return clock

    return ValleyScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    ValleyScene = manim_scene()
