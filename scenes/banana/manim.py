"""The banana drawn by Manim: the same map, path and words as `scenes.banana.mpl`, from the same data.

    manim -ql scenes/banana/manim.py BananaScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.banana import layout as P, story as S
from scenes.banana.data import NAME, frame_state
from scenes.kit import contour as C, contour_manim, layout as L, reveal


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, set_polyline, text
    from scenes.kit.reveal_manim import Reveal

    class BananaScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            color = th.gd if d["beta"] == 0 else th.momentum
            fg, muted, size = th.foreground, th.muted, P.SIZES
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = L.at(text(d["story"]["title"], fg, L.text_size(size["title"]), weight=mn.BOLD), *P.TITLE,
                         mn.LEFT)
            self.add(title)
            self.add(L.at(formula(S.UPDATE_TEX, fg, L.tex_size(size["formula"])), P.LEFT, P.ROW1, mn.LEFT),
                     L.at(formula(S.params_tex(d), muted, L.tex_size(size["formula"])), P.RIGHT, P.ROW1, mn.RIGHT),
                     L.at(text(S.FUNCTION, fg, L.text_size(size["text"])), P.LEFT, P.ROW2, mn.LEFT),
                     L.at(text(S.curvature_text(d), muted, L.text_size(size["facts"])), P.LEFT, P.FACTS_Y[0],
                          mn.LEFT),
                     L.at(text(S.limit_text(d), muted, L.text_size(size["facts"])), P.LEFT, P.FACTS_Y[1], mn.LEFT))
            start_label, optimum_label = S.legend(d)
            legend = [L.at(text("\u25cb", color, L.text_size(size["text"] + 2)), P.LEGEND_X[0], P.ROW2),
                      L.at(text(start_label, fg, L.text_size(size["text"])), P.LEGEND_X[0] + 0.014, P.ROW2, mn.LEFT),
                      L.at(text("\u00d7", fg, L.text_size(size["text"] + 4)), P.LEGEND_X[1], P.ROW2),
                      L.at(text(optimum_label, fg, L.text_size(size["text"])), P.LEGEND_X[1] + 0.014, P.ROW2,
                           mn.LEFT)]

            self.add(rv.fade("curve", contour_manim.manim_contours(P.MAP, d["lines"], C.level_colors(th, len(d["levels"])),
                                                       width=1.4, opacity=0.8),
                             mn.Cross(scale_factor=0.11, stroke_color=fg, stroke_width=4)
                             .move_to(P.MAP.to_manim([d["optimum"]])[0])),
                     contour_manim.manim_border(P.MAP, th))
            rv.rest(self, "axes", title)

            step = LiveText(S.step_text(d, 0), fg, L.text_size(size["facts"])).place(
                L.fig_point(P.RIGHT, P.FACTS_Y[1]), mn.RIGHT)
            counter = LiveText(S.counter_text(d, 0), fg, L.text_size(size["facts"])).place(
                L.fig_point(P.RIGHT, P.FACTS_Y[0]), mn.RIGHT)
            start = mn.Circle(radius=0.085, stroke_color=color, stroke_width=4).move_to(
                P.MAP.to_manim([d["start"]])[0])
            trail = mn.VMobject(stroke_color=color, stroke_width=4.5)
            dots = mn.VGroup(*[mn.Dot(radius=0.045, color=color) for _ in d["positions"]])
            for dot, p in zip(dots, P.MAP.to_manim(d["positions"])):
                dot.move_to(p)
            ball = mn.Dot(radius=0.11, color=color, stroke_color=th.background, stroke_width=2)
            arrow = mn.Arrow(mn.ORIGIN, mn.RIGHT, buff=0, color=color, stroke_width=5, tip_length=0.17, max_stroke_width_to_length_ratio=100,
                             max_tip_length_to_length_ratio=0.6)

            def redraw(t: float) -> None:
                st = frame_state(d, t)
                set_polyline(trail, P.MAP.to_manim(st["trail"]))
                for k, dot in enumerate(dots):
                    dot.set_opacity(1.0 if k <= st["step"] else 0.0)
                ball.move_to(P.MAP.to_manim([st["head"]])[0])
                step.set_text(st["step_text"])
                counter.set_text(st["counter"])
                if st["arrow"] is None:
                    arrow.set_opacity(0.0)
                else:
                    at, way = st["arrow"]
                    a, b = P.MAP.to_manim([np.asarray(at) + P.ARROW_GAP * np.asarray(way),
                                           np.asarray(at) + P.ARROW_IN * np.asarray(way)])
                    arrow.put_start_and_end_on(a, b)
                    arrow.set_opacity(1.0)
                rv.grow(t, "balls", ball, start)
                rv.show(t, "balls", step, counter, *legend)

            self.add(live(clock, redraw, *legend, step, counter, trail, dots, start, ball, arrow))
            return clock

    return BananaScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    BananaScene = manim_scene()
