"""momentum-rate drawn with Manim: `manim_scene()` builds the scene class.

    manim -ql scenes/momentum_rate/manim.py MomentumRateScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

from scenes.kit import contour as C, contour_manim, layout as L, reveal
from scenes.momentum_rate.story import TABLE_X, alpha_text, headers, joint_lines, table_rows
from scenes.momentum_rate.data import NAME, frame_state
from scenes.momentum_rate.layout import (
    DECADES, FORMULA, HEAD_Y, JOINT_Y, PANELS, colors_of, loss_panel, title_size)


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, text
    from scenes.kit.reveal_manim import Reveal

    class MomentumRateScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            colors = colors_of(th)
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = L.at(text(d["title"], th.foreground, L.text_size(title_size(d)), weight=mn.BOLD),
                         0.035, 0.945, mn.LEFT)
            self.add(title,
                     L.at(formula(FORMULA, th.foreground, L.tex_size(17)),
                          0.035, 0.858, mn.LEFT),
                     L.at(formula(alpha_text(d), th.muted, L.tex_size(17)),
                          0.965, 0.858, mn.RIGHT))
            counter = LiveText(f"step 0 / {d['steps']}", th.foreground, L.text_size(16)) \
                .place(L.fig_point(0.965, 0.945), mn.RIGHT)
            level_colors = C.level_colors(th, len(d["levels"]))
            for panel, c, (tex, note) in zip(PANELS, colors, headers(d)):
                l, b, w, h = panel.box
                self.add(L.at(formula(tex, c, L.tex_size(18)), l + w / 2, HEAD_Y[0]),
                         L.at(text(note, th.muted, L.text_size(15)), l + w / 2, HEAD_Y[1]),
                         rv.fade("curve", contour_manim.manim_contours(panel, d["lines"], level_colors),
                                 mn.Cross(scale_factor=0.09, stroke_color=th.foreground, stroke_width=4)
                                 .move_to(panel.to_manim([d["minimum"]])[0])),
                         contour_manim.manim_border(panel, th))

            lp = loss_panel(d)
            self.add(contour_manim.manim_panel_axes(lp, th, "step", "loss f(x)", C.step_ticks(d["steps"], 6),
                                        [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES]))
            dots, labels = contour_manim.manim_target_table(self, lp, d, th, colors, table_rows(d), TABLE_X)
            self.add(L.at(text(joint_lines(d)[0], th.muted, L.text_size(14)),
                          TABLE_X, JOINT_Y[0], mn.RIGHT),
                     L.at(formula(joint_lines(d)[1], th.muted, L.tex_size(16)),
                          TABLE_X, JOINT_Y[1], mn.RIGHT))
            trails, balls, curves = contour_manim.manim_runs(colors, th)
            exits = [C.exits(d["raw_positions"][i:i + 1], d["positions"][i:i + 1], p.xlim, p.ylim)[0]
                     for i, p in enumerate(PANELS)]
            arrows = contour_manim.manim_exit_arrows(PANELS, colors, exits)
            show = contour_manim.manim_show_runs(counter, d["steps"], PANELS, lp, trails, balls, curves, dots, labels,
                                                 arrows)
            rv.race(self, title, lambda t: show(frame_state(d, t)), counter, balls,
                    *trails, *balls, *[a for a, _ in arrows], *curves, *dots, *labels)
            return clock

    return MomentumRateScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    MomentumRateScene = manim_scene()
