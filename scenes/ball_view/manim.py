"""ball-view drawn with Manim: `manim_scene()` builds the scene class.

    manim -ql scenes/ball_view/manim.py BallViewScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.kit import reveal
from scenes.kit.layout import at, fig_point
from scenes.ball_view.layout import (
    COL, GONE_Y, SLOPE_BOX, SLOPE_LEGEND_Y, STATUS_Y, TOY_Y, VALLEY_BOX, panels, status_text)
from scenes.ball_view.data import NAME, beta_text, frame_state


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, spines, text
    from scenes.kit.reveal_manim import Reveal

    class BallViewScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            fg, muted = th.foreground, th.muted
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            tx = d["text"]
            height_l, slope_l, x_l, bump_l, up_l, down_l = tx["axes"]
            title = at(text(d["story"]["title"], fg, 25, weight=mn.BOLD), 0.04, 0.945, mn.UL)
            self.add(title)

            # The valley: the real one faint, the seen one bold (updated).
            xr = d["x_range"]
            ylo, yhi = d["y_range"]
            valley, slope = panels(d)
            vmap = valley.c2p
            real = mn.VMobject(stroke_color=th.curve, stroke_width=4, stroke_opacity=0.45)
            real.set_points_as_corners(vmap(d["real_x"], d["real_y"]))
            vlab = text(height_l, fg, 18).rotate(np.pi / 2).next_to(spines(VALLEY_BOX, muted)[1], mn.LEFT, buff=0.15)
            iy = int(np.argmin(np.abs(d["X"] - d["bump_x"])))
            tip = vmap(d["bump_x"], d["y"][iy] + 0.02 * (yhi - ylo))
            tail = vmap(d["bump_x"] + 0.1, d["y"][iy] + 0.22 * (yhi - ylo))
            bump_label = text(bump_l, muted, 18).move_to(tail, aligned_edge=mn.LEFT)
            bump_arrow = mn.Arrow(tail + 0.05 * mn.LEFT, tip, buff=0.05, color=muted, stroke_width=3,
                                  max_tip_length_to_length_ratio=0.2, max_stroke_width_to_length_ratio=8)
            self.add(rv.fade("axes", spines(VALLEY_BOX, muted), vlab), rv.draw("curve", real),
                     rv.fade("curve", bump_label, bump_arrow))

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
            xlab = text(x_l, fg, 18).next_to(ticks, mn.DOWN, buff=0.1)
            slab = text(slope_l, fg, 18).rotate(np.pi / 2).next_to(yticks, mn.LEFT, buff=0.12)
            up = text(up_l, muted, 18).move_to(smap(xr[1] - 0.01, 0.06 * (shi - slo)), aligned_edge=mn.DR)
            down = text(down_l, muted, 18).move_to(smap(xr[1] - 0.01, -0.06 * (shi - slo)),
                                                      aligned_edge=mn.UR)
            self.add(rv.fade("axes", sp, zero, ticks, yticks, xlab, slab, up, down), rv.draw("curve", raw))

            # Text column.
            def legend(fy, color, opacity, label):
                line = mn.Line(fig_point(COL, fy), fig_point(COL + 0.035, fy), color=color, stroke_width=6,
                               stroke_opacity=opacity)
                return mn.VGroup(line, text(label, fg, 20).next_to(line, mn.RIGHT, buff=0.18))

            self.add(rv.fade("balls", legend(0.80, th.curve, 0.45, tx["legend"][0]),
                             legend(0.745, th.momentum, 1.0, tx["legend"][1]),
                             legend(SLOPE_LEGEND_Y[0], th.curve, 0.5, tx["legend"][2]),
                             legend(SLOPE_LEGEND_Y[1], th.momentum, 1.0, tx["legend"][3]),
                             *(at(formula(tex, fg, 25), COL, 0.665 - 0.065 * i, mn.LEFT)
                               for i, tex in enumerate(d["formulas"]))))

            beta_label = LiveText(beta_text(0.0), th.momentum, 28)
            beta_label.place(fig_point(0.96, 0.925), mn.RIGHT)
            status = LiveText("bump height 0.00000", fg, 20)
            status.place(fig_point(COL, STATUS_Y), mn.LEFT)
            verdict = [at(text(s, th.accent, 20), COL, y, mn.LEFT)
                       for s, y in zip((tx["gone"], *tx["toy"]), (GONE_Y, *TOY_Y))]
            seen = mn.VMobject(stroke_color=th.momentum, stroke_width=7)
            smooth = mn.VMobject(stroke_color=th.momentum, stroke_width=6)

            def redraw(t):
                st = frame_state(d, t)
                beta_label.set_text(beta_text(st["beta"]))
                seen.set_points_as_corners(vmap(d["X"], st["curve"]))
                smooth.set_points_as_corners(smap(d["mid_x"], st["smoothed"]))
                status.set_text(status_text(st))
                for line in verdict:
                    line.set_opacity(st["outro"])
                rv.show(t, "balls", seen, smooth, beta_label, status)

            self.add(live(clock, redraw, seen, smooth, beta_label, status, *verdict))
            return clock

    return BallViewScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    BallViewScene = manim_scene()
