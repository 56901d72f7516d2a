"""The milestones scene in Manim: the same bars, lanes, marks and words as `scenes.milestones.mpl`, from the
same data, placed with the same figure fractions (`scenes.milestones.layout`).

    manim -ql scenes/milestones/manim.py MilestonesScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.kit import reveal
from scenes.kit.layout import at, text_size
from scenes.milestones.data import NAME, bar_rects, frame_state
from scenes.milestones.layout import (BAR_WIDTH, BARS_BOX, CLIP_NOTE, COL, COLOURS, COLUMN, LABEL_LIFT,
                                      LANE_NAME_X,
                                      LANES_BOX, LANES_HEAD, TITLE, VERDICT_ROLES, lane_fig_y, mark_anchor)


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, live, text
    from scenes.kit.plot1d import ManimPanel
    from scenes.kit.reveal_manim import Reveal
    from scenes.milestones.mpl import column_colour

    edges = {"left": mn.LEFT, "right": mn.RIGHT, "center": None}

    class MilestonesScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            t, steps = d["texts"], d["steps"]
            colours = [getattr(th, c) for c in COLOURS]
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))
            title = at(text(t["title"], th.foreground, text_size(22), weight=mn.BOLD), *TITLE, mn.UL)
            self.add(title)

            xlim = (-1.0, steps + 1.0)
            panel = ManimPanel(BARS_BOX, th, xlim, (0.0, d["y_top"]), d["x_ticks"], d["y_ticks"],
                               xlabel=t["x_label"], ylabel=t["y_label"], tick_size=text_size(13),
                               label_size=text_size(15))
            self.add(panel.group)
            if t["clip"]:
                self.add(at(text(t["clip"], th.muted, text_size(13)), *CLIP_NOTE, mn.RIGHT))
            lanes_panel = ManimPanel(LANES_BOX, th, xlim, (0.0, 3.0), grid=False)
            self.add(at(text(t["lanes_head"], th.muted, text_size(13)), *LANES_HEAD, mn.LEFT))
            lanes, dots, arrows, labels = [], [], [], []
            for i, (y, c) in enumerate(zip(d["lane_y"], colours)):
                self.add(mn.Line(lanes_panel.c2p(xlim[0], y), lanes_panel.c2p(xlim[1], y), color=th.grid,
                                 stroke_width=1.5))
                self.add(at(text(t["lane_names"][i], c, text_size(13)), LANE_NAME_X, lane_fig_y(y), mn.RIGHT))
                lanes.append(mn.Line(lanes_panel.c2p(0, y), lanes_panel.c2p(0.001, y), color=c, stroke_width=6))
                last = d["last_above"][i]
                k = steps if last is None else last
                dots.append(mn.Dot(lanes_panel.c2p(k, y), radius=0.075, color=c, stroke_color=th.background,
                                   stroke_width=1.5))
                arrows.append(mn.Triangle(color=c, fill_color=c, fill_opacity=1, stroke_width=0).scale(0.09)
                              .rotate(-np.pi / 2).move_to(lanes_panel.c2p(steps + 0.5, y)))
                x, ha = mark_anchor(k, steps)
                label = text(t["marks"][i], c, text_size(13))
                labels.append(label.move_to(lanes_panel.c2p(x, y + LABEL_LIFT),
                                            aligned_edge=np.zeros(3) if edges[ha] is None else edges[ha]))

            column = {}
            for role, y, size, weight in COLUMN:
                column[role] = at(text(t[role], column_colour(role, d, th), text_size(size),
                                       weight=mn.BOLD if weight == "bold" else mn.NORMAL), COL, y, mn.LEFT)
                if role not in VERDICT_ROLES:
                    self.add(column[role])
            verdict = [column[r] for r in VERDICT_ROLES]
            rv.rest(self, "axes", title)

            bars = [mn.VMobject(fill_color=c, fill_opacity=1, stroke_width=0) for c in colours]
            half = BAR_WIDTH / 2

            def redraw(time):
                st = frame_state(d, time)
                for j, mob in enumerate(bars):
                    base, top = bar_rects(d, st, j)
                    mob.clear_points()
                    for k in np.flatnonzero(top - base > 0):
                        corners = panel.c2p([k - half, k - half, k + half, k + half, k - half],
                                            [base[k], top[k], top[k], base[k], base[k]])
                        mob.start_new_path(corners[0])
                        mob.add_points_as_corners(corners[1:])
                    if not len(mob.points):
                        mob.set_points_as_corners(np.repeat(panel.origin[None], 2, axis=0))
                for i, y in enumerate(d["lane_y"]):
                    lanes[i].put_start_and_end_on(lanes_panel.c2p(0, y), lanes_panel.c2p(max(st["lanes"][i], 1e-3), y))
                    lanes[i].set_stroke(opacity=1.0 if st["lanes"][i] > 0 else 0.0)
                    dots[i].set_opacity(1.0 if st["marks"][i] else 0.0)
                    arrows[i].set_opacity(1.0 if st["arrows"][i] else 0.0)
                    labels[i].set_opacity(1.0 if st["marks"][i] or st["arrows"][i] else 0.0)
                a = rv.sched.alpha(time, "verdict")
                for v in verdict:
                    v.set_opacity(a)

            self.add(live(clock, redraw, *bars, *lanes, *dots, *arrows, *labels, *verdict))
            return clock

    return MilestonesScene


if "manim" in sys.modules and __name__ not in ("scenes.milestones.manim",):  # run by Manim's own CLI
    MilestonesScene = manim_scene()
