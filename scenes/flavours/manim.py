"""Flavours drawn with Manim: `manim_scene()` builds the scene class.

    manim -ql scenes/flavours/manim.py FlavoursScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

from scenes.kit import contour as C, contour_manim, layout as L, reveal
from scenes.flavours.story import NAMES, TABLE_X, settings_text, table_rows
from scenes.flavours.data import NAME, frame_state
from scenes.flavours.layout import (
    DECADES, HEADER_PT, PANELS, SETTINGS_Y, STEP_TICKS, TITLE_Y, headers, loss_panel, title_size)


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, text
    from scenes.kit.reveal_manim import Reveal

    class FlavoursScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            colors = [th.series(i) for i in range(len(NAMES))]
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = L.at(text(d["title"], th.foreground, L.text_size(title_size(d)), weight=mn.BOLD),
                         0.035, TITLE_Y, mn.LEFT)
            self.add(title,
                     L.at(formula(settings_text(d), th.muted, L.tex_size(16)),
                          0.035, SETTINGS_Y, mn.LEFT))
            counter = LiveText(f"step 0 / {d['steps']}", th.foreground, L.text_size(16)) \
                .place(L.fig_point(0.97, TITLE_Y), mn.RIGHT)
            level_colors = C.level_colors(th, len(d["levels"]))
            for panel, c, rows in zip(PANELS, colors, headers(d)):
                for kind, txt, x, y in rows:
                    size = HEADER_PT[kind]
                    mob = formula(txt, th.foreground, L.tex_size(size)) if kind == "tex" else \
                        text(txt, c, L.text_size(size), weight=mn.BOLD) if kind == "name" else \
                        text(txt, th.muted, L.text_size(size))
                    self.add(L.at(mob, x, y, mn.LEFT))
                self.add(rv.fade("curve", contour_manim.manim_contours(panel, d["lines"], level_colors),
                                 mn.Cross(scale_factor=0.09, stroke_color=th.foreground, stroke_width=4)
                                 .move_to(panel.to_manim([d["minimum"]])[0])),
                         contour_manim.manim_border(panel, th))

            lp = loss_panel(d)
            self.add(contour_manim.manim_panel_axes(lp, th, "step", "loss f(x)", C.step_ticks(d["steps"], **STEP_TICKS),
                                        [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES]))
            dots, labels = contour_manim.manim_target_table(self, lp, d, th, colors, table_rows(d), TABLE_X,
                                                dot_radius=0.065)
            trails, balls, curves = contour_manim.manim_runs(colors, th, curve_width=3.6)
            exits = [C.exits(d["raw_positions"][i:i + 1], d["positions"][i:i + 1], p.xlim, p.ylim)[0]
                     for i, p in enumerate(PANELS)]
            arrows = contour_manim.manim_exit_arrows(PANELS, colors, exits)
            show = contour_manim.manim_show_runs(counter, d["steps"], PANELS, lp, trails, balls, curves, dots, labels,
                                                 arrows)
            rv.race(self, title, lambda t: show(frame_state(d, t)), counter, balls,
                    *trails, *balls, *[a for a, _ in arrows], *curves, *dots, *labels)
            return clock

    return FlavoursScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    FlavoursScene = manim_scene()
