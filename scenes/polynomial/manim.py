"""The polynomial scene in Manim: the same data, model, terms, bars and words as `scenes.polynomial.mpl`, from
the same data, placed with the same figure fractions (`scenes.polynomial.layout`).

    manim -ql scenes/polynomial/manim.py PolynomialScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.kit import reveal
from scenes.kit.layout import at, text_size
from scenes.polynomial.data import NAME, XLIM, YLIM, frame_state, pieces, tikhonov_curve
from scenes.polynomial.layout import (BAR_HEIGHT, BAR_K_X, BAR_NAME_X, BARS, BARS_HEAD, COL, COLUMN, FIT, FIT_HEAD,
                                      RULE, SETTING, SIZES, TERM_HEAD_LIFT, TERMS, TERMS_HEAD, TICK_Y, TITLE,
                                      bar_fig_x, bar_fig_y, colour, row_y)
from scenes.polynomial.story import bar_ticks, counter

MAX_PIECES = 6   # a quintic crosses a level at most five times: at most six pieces inside the panel
Y_TICKS = (-3.0, -1.5, 0.0, 1.5, 3.0)
X_TICKS = (-1.0, -0.5, 0.0, 0.5, 1.0)


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, live, text
    from scenes.kit.plot1d import ManimPanel
    from scenes.kit.reveal_manim import Reveal

    class Curve:
        """A curve drawn as up to MAX_PIECES polylines, the pieces of a NaN-broken (x, y)."""

        def __init__(self, panel, color, width, opacity=1.0):
            self.panel = panel
            self.lines = [panel.polyline([0.0, 0.0], [0.0, 0.0], color, width=width, opacity=opacity)
                          for _ in range(MAX_PIECES)]
            self.opacity = opacity

        def set(self, xy, opacity=None):
            parts = pieces(*xy)
            a = self.opacity if opacity is None else opacity
            for j, line in enumerate(self.lines):
                if j < len(parts):
                    self.panel.set_polyline(line, *parts[j])
                    line.set_stroke(opacity=a)
                else:
                    line.set_stroke(opacity=0.0)

    class PolynomialScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            t, fg, n = d["texts"], th.foreground, len(d["lam"])
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))
            title = at(text(t["title"], fg, text_size(SIZES["title"]), weight=mn.BOLD), *TITLE, mn.LEFT)
            self.add(title)
            self.add(at(text(t["rule"], fg, text_size(SIZES["rule"])), *RULE, mn.LEFT),
                     at(text(t["setting"], th.muted, text_size(SIZES["rule"])), *SETTING, mn.RIGHT))

            fit = ManimPanel(FIT, th, XLIM, YLIM, X_TICKS, Y_TICKS, xlabel=t["x_label"],
                             tick_size=text_size(SIZES["tick"]), label_size=text_size(SIZES["label"]))
            self.add(fit.group, at(text(t["fit_head"], fg, text_size(SIZES["head"])), *FIT_HEAD, mn.LEFT))
            self.add(mn.Line(fit.c2p(XLIM[0], 0.0), fit.c2p(XLIM[1], 0.0), color=th.grid, stroke_width=1.5))
            xi, dd = d["data"]
            dots = [mn.Dot(fit.c2p(x, y), radius=0.055, color=fg, stroke_color=th.background, stroke_width=1.5)
                    for x, y in zip(xi, dd)]
            self.add(*dots)

            self.add(at(text(t["terms_head"], fg, text_size(SIZES["head"])), *TERMS_HEAD, mn.LEFT))
            terms = []
            for i, box in enumerate(TERMS):
                p = ManimPanel(box, th, XLIM, YLIM, grid=False)
                self.add(p.group, mn.Line(p.c2p(XLIM[0], 0.0), p.c2p(XLIM[1], 0.0), color=th.grid, stroke_width=1.5))
                self.add(at(text(t["term_heads"][i], colour(th, i), text_size(SIZES["term"])),
                            box[0] + box[2] / 2, box[1] + box[3] + TERM_HEAD_LIFT))
                terms.append(Curve(p, colour(th, i), 3.5))

            top = d["bars_top"]
            bp = ManimPanel(BARS, th, (0.0, top), (-0.5, n - 0.5), grid=False)
            for e, label in bar_ticks(top):
                self.add(mn.Line(bp.c2p(e, -0.5), bp.c2p(e, n - 0.5), color=th.grid, stroke_width=1.5))
                self.add(at(text(label, th.muted, text_size(SIZES["tick"])), bar_fig_x(e, top), TICK_Y))
            self.add(bp.group, at(text(t["bars_head"], fg, text_size(SIZES["head"])), *BARS_HEAD, mn.LEFT))
            bars = []
            for i in range(n):
                first = float(d["first"][i])
                length = np.log10(max(first, 1.0)) if np.isfinite(first) else top
                y = row_y(i, n)
                lo, hi = bp.c2p(0.0, y - BAR_HEIGHT / 2), bp.c2p(max(length, 1e-3), y + BAR_HEIGHT / 2)
                bar = mn.Rectangle(width=hi[0] - lo[0], height=hi[1] - lo[1], stroke_width=0,
                                   fill_color=colour(th, i), fill_opacity=0.9).move_to((lo + hi) / 2)
                bars.append(bar)
                self.add(at(text(t["bar_names"][i], colour(th, i), text_size(SIZES["term"])), BAR_NAME_X,
                            bar_fig_y(i, n), mn.RIGHT),
                         at(text(t["bar_k"][i], colour(th, i), text_size(SIZES["term"])), BAR_K_X, bar_fig_y(i, n),
                            mn.LEFT))
            marker = mn.Line(bp.c2p(0.0, -0.5), bp.c2p(0.0, n - 0.5), color=fg, stroke_width=3)

            column = []
            for role, y, size, weight, when in COLUMN[1:]:
                mob = at(text(t[role] or " ", fg if weight == "bold" else th.muted, text_size(size),
                              weight=mn.BOLD if weight == "bold" else mn.NORMAL), COL, y, mn.LEFT)
                column.append((when, mob if t[role] else None))
            role, y, size, _, _ = COLUMN[0]
            count = LiveText(counter(0), fg, text_size(size)).place(_point(COL, y), mn.LEFT)
            rv.rest(self, "axes", title)

            model = Curve(fit, fg, 4.5)
            # Tikhonov's fit does not move: dashed once, faded in with its beat (matplotlib dashes it too).
            tik = mn.VGroup(*[mn.DashedVMobject(fit.polyline(x, y, th.muted, width=3.5), num_dashes=max(4, len(x) // 3))
                              for x, y in pieces(*tikhonov_curve(d))])

            def redraw(time):
                st = frame_state(d, time)
                model.set(st["model"])
                tik.set_stroke(opacity=st["show"]["tikhonov"])
                for curve, xy in zip(terms, st["terms"]):
                    curve.set(xy)
                for i, bar in enumerate(bars):
                    grey = st["grey"][i]
                    bar.set_fill(th.muted if grey else colour(th, i), opacity=0.35 if grey else 0.9)
                x = bp.c2p(st["marker"], 0.0)[0]
                marker.put_start_and_end_on(np.array([x, bp.c2p(0.0, -0.5)[1], 0.0]),
                                            np.array([x, bp.c2p(0.0, n - 0.5)[1], 0.0]))
                count.set_text(counter(st["k"]))
                count.place(_point(COL, y), mn.LEFT)
                for when, mob in column:
                    if mob is not None:
                        mob.set_opacity(st["show"][when])

            moving = [tik, *model.lines, *[ln for c in terms for ln in c.lines], *bars, marker, count,
                      *[m for _, m in column if m is not None]]
            self.add(live(clock, redraw, *moving))
            return clock

    return PolynomialScene


def _point(fx: float, fy: float):
    from scenes.kit.layout import fig_point

    return fig_point(fx, fy)


if "manim" in sys.modules and __name__ not in ("scenes.polynomial.manim",):  # run by Manim's own CLI
    PolynomialScene = manim_scene()
