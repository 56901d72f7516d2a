"""Decay drawn with Manim: `manim_scene()` builds the scene class.

    manim -ql scenes/decay/manim.py DecayScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

from scenes.kit import reveal
from scenes.kit.layout import fig_point, tex_size, text_size
from scenes.kit.plot1d import ManimPanel
from scenes.decay.data import NAME, frame_state
from scenes.decay.layout import HEADING_Y, LEGEND_AT, PANELS, RULE, UNROLLED, YLIM, YTICKS, sum_text, xticks


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
