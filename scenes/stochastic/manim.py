"""The stochastic scene in Manim: the same stacked bars, mean, dots, boundary and words as
`scenes.stochastic.mpl`, from the same data, placed with the same figure fractions
(`scenes.stochastic.layout`).

    manim -ql scenes/stochastic/manim.py StochasticScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.kit import long_title, reveal
from scenes.kit.layout import UNITS_PER_INCH, at, fig_point, text_size
from scenes.stochastic.data import NAME, frame_state
from scenes.stochastic.layout import (ABOVE_NOTE, BAR_WIDTH, COL, COLUMN, LEGEND, PHASE_PT, PLOT, SWATCH, TITLE,
                                      TITLE_MOST, TITLE_TWO, VERDICT, phase_labels)
from scenes.stochastic.story import COLOURS


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, live, text
    from scenes.kit.plot1d import ManimPanel
    from scenes.kit.reveal_manim import Reveal
    from scenes.stochastic.mpl import bar_heights, phase_text, phase_x, shown_upto

    edges = {"left": mn.LEFT, "right": mn.RIGHT}

    class StochasticScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            t, steps, top = d["texts"], d["steps"], d["y_top"]
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))
            title, two = long_title.manim(lambda s: text(s, th.foreground, text_size(21), weight=mn.BOLD), t["title"],
                                          TITLE[0], TITLE_MOST, 21)
            at(title, TITLE[0], TITLE_TWO if two else TITLE[1], mn.UL)
            self.add(title)
            panel = ManimPanel(PLOT, th, (-1.0, steps + 1.0), (0.0, top), d["x_ticks"], d["y_ticks"],
                               xlabel=t["x_label"], ylabel=t["y_label"], tick_size=text_size(13),
                               label_size=text_size(15))
            self.add(panel.group)
            x = phase_x(d)
            if x is not None:
                self.add(mn.DashedLine(panel.c2p(x, 0.0), panel.c2p(x, top), color=th.foreground, stroke_width=2,
                                       dash_length=0.08))
                for role, lx, ha, row in phase_labels(x, steps, t):
                    self.add(text(phase_text(t, role, ha), th.foreground, text_size(13))
                             .move_to(panel.c2p(lx, top) + mn.UP * PHASE_PT[row] / 72 * UNITS_PER_INCH,
                                      aligned_edge=edges[ha] + mn.DOWN))
            if t["above"]:
                self.add(at(text(t["above"], th.muted, text_size(12)), *ABOVE_NOTE, mn.LEFT))
            column = {}
            for role, y, size, weight in COLUMN:
                colour = getattr(th, COLOURS[role]) if role in LEGEND else th.foreground
                column[role] = at(text(t[role], th.muted if role == "rule" else colour, text_size(size),
                                       weight=mn.BOLD if weight == "bold" else mn.NORMAL), COL, y, mn.LEFT)
                if role in LEGEND:
                    self.add(mn.Line(fig_point(COL - 2.2 * SWATCH, y), fig_point(COL - 0.6 * SWATCH, y), color=colour,
                                     stroke_width=7))
                if role not in VERDICT:
                    self.add(column[role])
            verdict = [column[r] for r in VERDICT]
            rv.rest(self, "axes", title)

            bars = [mn.VMobject(fill_color=getattr(th, COLOURS[p]), fill_opacity=1, stroke_width=0)
                    for p in ("noise", "det")]
            mean = mn.VMobject(stroke_color=getattr(th, COLOURS["mean"]), stroke_width=4)
            dots = mn.VGroup(*[mn.Dot(panel.c2p(k, min(v, top)), radius=0.03, color=getattr(th, COLOURS["run"]))
                               for k, v in enumerate(d["run"])])
            half = BAR_WIDTH / 2

            def redraw(time: float) -> None:
                st = frame_state(d, time)
                noise, total = bar_heights(d, st)
                for mob, (base, high) in zip(bars, ((np.zeros_like(noise), noise), (noise, total))):
                    mob.clear_points()
                    for k in np.flatnonzero(high - base > 0):
                        corners = panel.c2p([k - half, k - half, k + half, k + half, k - half],
                                            [base[k], high[k], high[k], base[k], base[k]])
                        mob.start_new_path(corners[0])
                        mob.add_points_as_corners(corners[1:])
                    if not len(mob.points):
                        mob.set_points_as_corners(np.repeat(panel.origin[None], 2, axis=0))
                n = shown_upto(d, st)
                if n >= 2:
                    mean.set_points_as_corners(panel.c2p(np.arange(n), np.minimum(d["mean"][:n], top)))
                    mean.set_stroke(opacity=1.0)
                else:
                    mean.set_stroke(opacity=0.0)
                for k, dot in enumerate(dots):
                    dot.set_opacity(0.75 if k < n and d["run"][k] <= top else 0.0)
                a = rv.sched.alpha(time, "verdict")
                for v in verdict:
                    v.set_opacity(a)

            self.add(live(clock, redraw, *bars, mean, dots, *verdict))
            return clock

    return StochasticScene


if "manim" in sys.modules and __name__ not in ("scenes.stochastic.manim",):  # run by Manim's own CLI
    StochasticScene = manim_scene()
