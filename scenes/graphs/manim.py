"""The graphs scene in Manim: the same graphs, numbers, step bars and words as `scenes.graphs.mpl`, from
the same data, placed with the same figure fractions (`scenes.graphs.layout`).

    manim -ql scenes/graphs/manim.py GraphsScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

from scenes.graphs.data import NAME, frame_state
from scenes.graphs.layout import (BAR_H, BAR_HEAD, BARS, COL, COLOURS, GRAPHS, HEAD_Y, LEGEND_Y, NAME_X, RULE,
                                  SEED, SIZES, TITLE, VERDICT_Y, graph_limits, row_y, under)
from scenes.kit import reveal
from scenes.kit.layout import at, fig_point, text_size


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.graphs.mpl import bar_rows, bar_ticks
    from scenes.kit.manim import DataScene, live, text
    from scenes.kit.plot1d import ManimPanel
    from scenes.kit.reveal_manim import Reveal

    class GraphsScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            t, fg = d["texts"], th.foreground
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))
            title = at(text(t["title"], fg, text_size(SIZES["title"]), weight=mn.BOLD), *TITLE, mn.LEFT)
            self.add(title)
            self.add(at(text(t["rule"], th.muted, text_size(SIZES["rule"])), *RULE, mn.LEFT),
                     at(text(t["seed"], th.muted, text_size(SIZES["rule"])), *SEED, mn.RIGHT))
            xlim, ylim = graph_limits()
            for i, (box, g) in enumerate(zip(GRAPHS, d["graphs"])):
                p = ManimPanel(box, th, xlim, ylim, grid=False)
                cx = box[0] + box[2] / 2
                self.add(at(text(t["headings"][i], fg, text_size(SIZES["heading"]), weight=mn.BOLD), cx, HEAD_Y))
                xy = g["xy"]
                self.add(*(mn.Line(p.c2p(*xy[a]), p.c2p(*xy[b]), color=th.muted, stroke_width=1.3)
                           for a, b in g["edges"]))
                self.add(*(mn.Dot(p.c2p(*q), radius=0.055, color=c, stroke_color=th.background, stroke_width=1)
                           for q, c in zip(xy, g["colours"])))
                for role, y in under(i):
                    big = role == "kappas"
                    self.add(at(text(t[role][i], fg if big else th.muted,
                                     text_size(SIZES["kappa"] if big else SIZES["small"]),
                                     weight=mn.BOLD if big else mn.NORMAL), cx, y))

            panel = ManimPanel(BARS, th, (0.0, d["log_top"] + 0.75), (0.0, 3.0), bar_ticks(d), [],
                               xlabel=t["x_label"], tick_size=text_size(SIZES["tick"]),
                               label_size=text_size(SIZES["label"]))
            self.add(panel.group)
            self.add(at(text(t["bar_head"], th.muted, text_size(SIZES["label"])), *BAR_HEAD, mn.LEFT))
            colours = [getattr(th, c) for c in COLOURS]
            bars, labels, rows = [], [], []
            for i in range(3):
                y_fig = BARS[1] + BARS[3] * row_y(i) / 3.0
                self.add(at(text(t["names"][i], fg, text_size(SIZES["label"])), NAME_X, y_fig, mn.RIGHT))
                for j, (y, key) in enumerate(zip(bar_rows(i), ("gd_steps", "momentum_steps"))):
                    bars.append(mn.Polygon(*[panel.c2p(0, y)] * 4, fill_color=colours[j], fill_opacity=1,
                                           stroke_width=0))
                    labels.append(text(t[key][i], colours[j], text_size(SIZES["small"])))
                    rows.append(y)
            for j, (y, role) in enumerate(zip(LEGEND_Y, ("legend_gd", "legend_momentum"))):
                self.add(mn.Line(fig_point(COL, y), fig_point(COL + 0.024, y), color=colours[j], stroke_width=9),
                         at(text(t[role], fg, text_size(SIZES["small"])), COL + 0.032, y, mn.LEFT))
            verdict = [at(text(s, fg if k else th.muted, text_size(SIZES["small"]),
                               weight=mn.BOLD if k == 1 else mn.NORMAL), COL, y, mn.LEFT)
                       for k, (y, s) in enumerate(zip(VERDICT_Y, t["verdict"]))]
            rv.rest(self, "axes", title)
            half = BAR_H / 2

            def redraw(time):
                st = frame_state(d, time)
                for bar, lab, y, length, shown in zip(bars, labels, rows, st["bars"], st["shown"]):
                    w = max(length, 1e-4)
                    bar.set_points_as_corners([panel.c2p(0, y - half), panel.c2p(w, y - half), panel.c2p(w, y + half),
                                               panel.c2p(0, y + half), panel.c2p(0, y - half)])
                    bar.set_fill(opacity=1.0 if length > 0 else 0.0)
                    lab.move_to(panel.c2p(length + 0.05, y), aligned_edge=mn.LEFT)
                    lab.set_opacity(1.0 if shown else 0.0)
                a = rv.sched.alpha(time, "verdict")
                for v in verdict:
                    v.set_opacity(a)

            self.add(live(clock, redraw, *bars, *labels, *verdict))
            return clock

    return GraphsScene


if "manim" in sys.modules and __name__ not in ("scenes.graphs.manim",):  # run by Manim's own CLI
    GraphsScene = manim_scene()
