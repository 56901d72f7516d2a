"""Compare drawn with Manim: `manim_scene()` builds the scene class.

    manim -ql scenes/compare/manim.py CompareScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

from scenes.compare import story as S
from scenes.kit import contour as C, contour_manim, layout as L, reveal
from scenes.compare.layout import (
    COUNTER_Y, DOT_X, HEAD_DY, HEAD_PT, LOSS_X, NAME_PT, NAME_X, ROW_PT, SETTINGS_PT, SETTINGS_Y, SETTING_X,
    TABLE_TOP, TITLE_Y, colors, decades, frame_state, loss_panel, map_panel, rows, title_size)


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, live, text
    from scenes.kit.reveal_manim import Reveal

    class CompareScene(DataScene):
        scene_name = "compare"

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            cs = colors(th)
            n = len(d["labels"])
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))
            title = L.at(text(d["title"], th.foreground, L.text_size(title_size(d)), weight=mn.BOLD),
                         0.035, TITLE_Y, mn.LEFT)
            self.add(title)
            for y, line in zip(SETTINGS_Y, S.settings_lines(d)):
                self.add(L.at(text(line, th.muted, L.text_size(SETTINGS_PT)), 0.035, y, mn.LEFT))
            counter = LiveText(f"step 0 / {d['steps']}", th.foreground, L.text_size(15)) \
                .place(L.fig_point(LOSS_X, COUNTER_Y), mn.RIGHT)
            mp = map_panel(d)
            marks = [mn.Circle(radius=0.09, stroke_color=th.foreground, stroke_width=3)
                     .move_to(mp.to_manim([d["start"]])[0])]
            if d["minimum"] is not None:
                marks.insert(0, mn.Cross(scale_factor=0.1, stroke_color=th.foreground, stroke_width=4)
                             .move_to(mp.to_manim([d["minimum"]])[0]))
            self.add(rv.fade("curve", contour_manim.manim_contours(mp, d["lines"], C.level_colors(th, len(d["levels"]))),
                             *marks),
                     contour_manim.manim_border(mp, th))
            lp = loss_panel(d)
            dec = decades(d)
            self.add(contour_manim.manim_panel_axes(lp, th, "step", "loss − f*", C.step_ticks(d["steps"], 4),
                                        [10.0 ** k for k in dec], [f"10^{{{k}}}" for k in dec]))
            for k, line in enumerate(S.table_heading(d)):
                self.add(L.at(text(line, th.muted, L.text_size(HEAD_PT)), LOSS_X, TABLE_TOP - HEAD_DY * k, mn.RIGHT))
            results, legend = [], []
            for r in rows(d):
                c = cs[r["run"]]
                legend += [mn.Dot(L.fig_point(DOT_X, r["y"]), radius=0.08, color=c),
                           L.at(text(r["name"], c, L.text_size(NAME_PT), weight=mn.BOLD), NAME_X, r["y"], mn.LEFT),
                           L.at(text(r["setting"], th.muted, L.text_size(ROW_PT)), SETTING_X, r["y"], mn.LEFT)]
                results.append(L.at(text(r["result"], c, L.text_size(ROW_PT)), LOSS_X, r["y"], mn.RIGHT))
            rv.rest(self, "axes", title)
            self.add(rv.fade("balls", *legend))
            trails, balls, curves = contour_manim.manim_runs(cs[:n], th, trail_width=4, ball_radius=0.1)
            exits = C.exits(d["raw_positions"], d["positions"], mp.xlim, mp.ylim)
            arrows = contour_manim.manim_exit_arrows([mp] * n, cs[:n], exits)
            show = contour_manim.manim_show_runs(counter, d["steps"], [mp] * n, lp, trails, balls, curves,
                                                 arrows=arrows)

            def update(t: float) -> None:
                st = frame_state(d, t)
                show(st)
                for mob in results:
                    mob.set_opacity(st["results"])
                rv.grow(t, "balls", *balls)
                rv.show(t, "balls", counter)

            self.add(live(clock, update, counter, *trails, *balls, *[a for a, _ in arrows], *curves,
                          *results))
            return clock

    return CompareScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    CompareScene = manim_scene()
