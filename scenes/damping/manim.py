"""The damping scene in Manim: the same portraits, error curves and words as `scenes.damping.mpl`, from the
same data, placed with the same figure fractions (`scenes.damping.layout`).

    manim -ql scenes/damping/manim.py DampingScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

from scenes.damping.data import NAME, frame_state
from scenes.damping.layout import (COL, COLOURS, COLUMN, CURVE_HEAD, CURVES, HEAD_Y, PORTRAITS, RULE, SETTING,
                                   SIZES, TITLE, VERDICT_ROLES)
from scenes.kit import reveal
from scenes.kit.layout import at, text_size


HEAD_GAP = 0.05    # the least gap between a portrait's two heading lines, in scene units


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.damping.grid_draw import keep_inside
    from scenes.damping.mpl import column_colour, column_text
    from scenes.kit.manim import DataScene, live, text
    from scenes.kit.plot1d import ManimPanel
    from scenes.kit.reveal_manim import Reveal

    class DampingScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            t, fg = d["texts"], th.foreground
            colours = [getattr(th, c) for c in COLOURS]
            clock = mn.ValueTracker(0.0)
            if d.get("part") == "grid":
                from scenes.damping import grid_draw

                grid_draw.manim_build(self, clock)
                return clock
            rv = Reveal(clock, reveal.schedule(d["story"]))
            # a narrow frame: shrunk about its left end, not cut
            title = keep_inside(at(text(t["title"], fg, text_size(SIZES["title"]), weight=mn.BOLD), *TITLE, mn.LEFT))
            self.add(title)
            self.add(at(text(t["rule"], fg, text_size(SIZES["rule"])), *RULE, mn.LEFT),
                     at(text(t["setting"], th.muted, text_size(SIZES["rule"])), *SETTING, mn.RIGHT))

            panels, trails, balls, curves, dots = [], [], [], [], []
            for i, box in enumerate(PORTRAITS):
                p = ManimPanel(box, th, d["vlim"], d["elim"], d["v_ticks"], d["e_ticks"], xlabel=t["v_label"],
                               ylabel=t["e_label"] if i == 0 else None, tick_size=text_size(SIZES["tick"]),
                               label_size=text_size(SIZES["label"]))
                panels.append(p)
                self.add(p.group)
                cx = box[0] + box[2] / 2
                head = at(text(t["headings"][i], colours[i], text_size(SIZES["heading"]), weight=mn.BOLD),
                          cx, HEAD_Y[0])
                sub = at(text(t["subheadings"][i], colours[i], text_size(SIZES["heading"])), cx, HEAD_Y[1])
                gap = sub.get_top()[1] - (head.get_bottom()[1] - HEAD_GAP)
                if gap > 0:  # Manim's larger type: the β line clear of the kind's descenders
                    sub.shift(gap * mn.DOWN)
                self.add(head, sub)
                self.add(mn.Cross(scale_factor=0.07, stroke_color=fg, stroke_width=3).move_to(p.c2p(0.0, 0.0)))
                trails.append(p.polyline([0.0], [d["errors"][i][0]], colours[i], width=3))
                balls.append(mn.Dot(p.c2p(0.0, d["errors"][i][0]), radius=0.06, color=colours[i],
                                    stroke_color=th.background, stroke_width=1.5))
            cp = ManimPanel(CURVES, th, (0.0, float(d["steps"])), d["elim"], d["k_ticks"], d["e_ticks"],
                            xlabel=t["k_label"], ylabel=t["e_label"], tick_size=text_size(SIZES["tick"]),
                            label_size=text_size(SIZES["label"]))
            self.add(cp.group)
            self.add(at(text(t["curve_head"], th.muted, text_size(SIZES["heading"])), *CURVE_HEAD, mn.LEFT))
            self.add(mn.Line(cp.c2p(0.0, 0.0), cp.c2p(float(d["steps"]), 0.0), color=th.muted, stroke_width=1.5))
            for i in range(3):
                curves.append(cp.polyline([0.0], [d["errors"][i][0]], colours[i], width=4))
                k = d["reach"][i]
                spot = cp.c2p(float(k), d["errors"][i][k]) if k is not None and k <= d["steps"] else cp.origin
                dots.append(mn.Dot(spot, radius=0.06, color=colours[i], stroke_color=fg, stroke_width=1.5))

            verdict = []
            for role, i, y, size, weight in COLUMN:
                mob = at(text(column_text(t, role, i), column_colour(role, i, th), text_size(size),
                              weight=mn.BOLD if weight == "bold" else mn.NORMAL), COL, y, mn.LEFT)
                if role in VERDICT_ROLES:
                    verdict.append(mob)
                else:
                    self.add(mob)
            rv.rest(self, "axes", title)

            def redraw(time):
                st = frame_state(d, time)
                for i in range(3):
                    x, y = st["portraits"][i]
                    panels[i].set_polyline(trails[i], x, y)
                    balls[i].move_to(panels[i].c2p(x[-1], y[-1]))
                    cp.set_polyline(curves[i], *st["curves"][i])
                    dots[i].set_opacity(1.0 if st["marks"][i] else 0.0)
                a = rv.sched.alpha(time, "verdict")
                for v in verdict:
                    v.set_opacity(a)

            self.add(live(clock, redraw, *trails, *curves, *balls, *dots, *verdict))
            return clock

    return DampingScene


if "manim" in sys.modules and __name__ not in ("scenes.damping.manim",):  # run by Manim's own CLI
    DampingScene = manim_scene()
