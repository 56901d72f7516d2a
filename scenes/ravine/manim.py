"""Ravine drawn with Manim: `manim_scene()` builds the scene class.

    manim -ql scenes/ravine/manim.py RavineScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

from scenes.kit import contour as C, contour_manim, layout as L, reveal
from scenes.ravine.story import alpha_text, beta_text, hit_rows
from scenes.ravine.data import NAME, frame_state
from scenes.ravine.layout import CONTOUR, COUNTER_AT, DECADES, HEADER_Y, loss_panel


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, text
    from scenes.kit.reveal_manim import Reveal

    class RavineScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            colors = (th.gd, th.momentum)
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = L.at(text(d["title"], th.foreground, L.text_size(22), weight=mn.BOLD), 0.04, 0.945, mn.LEFT)
            self.add(title)
            for i, (label, tex) in enumerate(zip(d["labels"], d["formulas"])):
                y = HEADER_Y[i]
                self.add(mn.Dot(L.fig_point(0.052, y), radius=0.1, color=colors[i]),
                         L.at(text(label, th.foreground, L.text_size(15)), 0.07, y, mn.LEFT),
                         L.at(formula(tex, th.foreground, L.tex_size(17)), 0.29, y, mn.LEFT))
            self.add(L.at(formula(alpha_text(d), th.muted, L.tex_size(17)), 0.96, HEADER_Y[0], mn.RIGHT),
                     L.at(formula(beta_text(d), th.muted, L.tex_size(17)), 0.96, HEADER_Y[1], mn.RIGHT))

            self.add(rv.fade("curve", contour_manim.manim_contours(CONTOUR, d["lines"], C.level_colors(th, len(d["levels"]))),
                             mn.Cross(scale_factor=0.1, stroke_color=th.foreground, stroke_width=4)
                             .move_to(CONTOUR.to_manim([d["minimum"]])[0])),
                     contour_manim.manim_border(CONTOUR, th))

            lp = loss_panel(d)
            self.add(contour_manim.manim_panel_axes(lp, th, "step", "loss f(x)", C.step_ticks(d["steps"], 5),
                                        [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES]))
            dots, labels = contour_manim.manim_target_table(self, lp, d, th, colors, hit_rows(d), 0.97)

            counter = LiveText(f"step 0 / {d['steps']}", th.foreground, L.text_size(16)).place(L.fig_point(*COUNTER_AT),
                                                                                   mn.RIGHT)
            trails, balls, curves = contour_manim.manim_runs(colors, th, trail_width=4.5, ball_radius=0.11)
            exits = C.exits(d["raw_positions"], d["positions"], CONTOUR.xlim, CONTOUR.ylim)
            arrows = contour_manim.manim_exit_arrows([CONTOUR] * len(colors), colors, exits)
            show = contour_manim.manim_show_runs(counter, d["steps"], [CONTOUR] * len(colors), lp, trails, balls,
                                                 curves, dots, labels, arrows)
            rv.race(self, title, lambda t: show(frame_state(d, t)), counter, balls,
                    *trails, *balls, *[a for a, _ in arrows], *curves, *dots, *labels)
            return clock

    return RavineScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    RavineScene = manim_scene()
