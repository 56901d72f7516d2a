"""The oracle scene in Manim: the same grids, dead-zone outline, error curve against the bounds and
words as `scenes.oracle.mpl`, from the same data, placed with the same figure fractions
(`scenes.oracle.layout`).

    manim -ql scenes/oracle/manim.py OracleScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.kit import reveal
from scenes.kit.layout import at, fig_point, text_size
from scenes.oracle.data import NAME, frame_state, log_curve
from scenes.oracle.layout import (BAR, BAR_NOTE, COL, COLUMN, DEAD_AT, GRIDS, HEAD_Y, OUTLINE, PLOT, PLOT_HEAD,
                                  PLOT_NOTE, STEP_LABEL, TITLE, TITLE_PT, VERDICT, colours, shrink_to,
                                  staircase, title_lines, title_size)
from scenes.oracle.story import BOUNDS, COLOURS

GRID_TICKS_X = (1, 10, 25)
DEAD_WIDTH = 0.36  # the widest the "dead zone" label may be, as a share of its grid's width
DASH = {"article": 0.12, "true": 0.05, "dead": None}   # dash length in scene units (None: solid)


def _hex(rgb) -> str:
    return "#" + "".join(f"{int(round(255 * float(c))):02x}" for c in rgb)


def fit_title(make, words: str):
    """The title as `scenes.oracle.mpl.fit_title` sets it: shrunk, or on a tall frame on two lines."""
    import manim as mn

    fw = mn.config.frame_width
    one = make(words)
    first, rest = title_lines(words)
    tall = mn.config.frame_height > fw
    pair = (mn.VGroup(make(first), make(rest)).arrange(mn.DOWN, aligned_edge=mn.LEFT, buff=0.12)
            if rest and tall else None)
    broken, size = title_size(one.width / fw, pair.width / fw if pair is not None else None, tall)
    return (pair if broken else one).scale(size / TITLE_PT)


def fit_right(mob):
    """Shrink a left-anchored line, about its left edge, that would reach the frame's right edge."""
    import manim as mn

    fw = mn.config.frame_width
    factor = shrink_to(mob.get_left()[0] / fw + 0.5, mob.width / fw)
    return mob.scale(factor, about_edge=mn.LEFT) if factor < 1.0 else mob


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, live, text
    from scenes.kit.plot1d import ManimPanel
    from scenes.kit.reveal_manim import Reveal
    from scenes.oracle.mpl import column_colour, grid_extent

    class OracleScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            t, steps, n = d["texts"], d["steps"], d["n"]
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))
            title = at(fit_title(lambda s: text(s, th.foreground, text_size(TITLE_PT), weight=mn.BOLD), t["title"]),
                       *TITLE, mn.UL)
            self.add(title)

            xlim, ylim = grid_extent(d)
            # The cells never change: they stay in Manim's static image, and a rectangle of the background's
            # colour (redrawn each frame) covers the rows the run has not reached yet.
            cells, covers = mn.VGroup(), []
            overlay = []
            stair = staircase(steps, n)
            self.add(at(text(t["y_label"], th.foreground, text_size(12)), *STEP_LABEL, mn.RIGHT))
            for j, (box, values, head) in enumerate(zip(GRIDS, (d["W"], d["E"]), (t["w_head"], t["e_head"]))):
                panel = ManimPanel(box, th, xlim, ylim, GRID_TICKS_X, range(0, steps + 1, 10) if j == 0 else None,
                                   xlabel=t["x_label"], grid=False,
                                   tick_size=text_size(13), label_size=text_size(15))
                if j:  # the step ticks without their numbers, as in matplotlib
                    for v in range(0, steps + 1, 10):
                        p = panel.c2p(xlim[0], v)
                        panel.group.add(mn.Line(p, p + 0.08 * mn.LEFT, color=th.muted, stroke_width=2))
                self.add(panel.group)
                self.add(at(text(head, th.foreground, text_size(14)), box[0] + box[2] / 2, HEAD_Y))
                w = panel.c2p(1.5, 0)[0] - panel.c2p(0.5, 0)[0]
                h = abs(panel.c2p(0, 0.5)[1] - panel.c2p(0, -0.5)[1])
                rgb = colours(values)
                cells.add(*[mn.Rectangle(width=w * 1.06, height=h * 1.06, stroke_width=0, fill_opacity=1,
                                         fill_color=_hex(rgb[k, i])).move_to(panel.c2p(i + 1, k))
                            for k in range(steps + 1) for i in range(n)])
                covers.append((panel, mn.Rectangle(stroke_width=0, fill_color=th.background, fill_opacity=1)))
                outline = mn.VMobject(stroke_color=OUTLINE, stroke_width=2.5)
                outline.set_points_as_corners(panel.c2p(stair[:, 0], stair[:, 1]))
                label = text(t["dead_label"], OUTLINE, text_size(11))
                if label.width > DEAD_WIDTH * w * n:  # Manim sets it larger than matplotlib: keep it off the border
                    label.scale_to_fit_width(DEAD_WIDTH * w * n)
                label.move_to(panel.c2p(*DEAD_AT))
                overlay += [outline, label]
            bar_cells = mn.VGroup()
            for v in np.linspace(0.0, 1.0, 50):
                a, b = fig_point(BAR[0], BAR[1] + v * BAR[3]), fig_point(BAR[0] + BAR[2], BAR[1] + min(v + 0.021, 1) * BAR[3])
                bar_cells.add(mn.Rectangle(width=abs(b[0] - a[0]), height=abs(b[1] - a[1]), stroke_width=0, fill_opacity=1,
                                           fill_color=_hex(colours(np.array([v]))[0])).move_to((a + b) / 2))
            self.add(bar_cells)
            for v, s in zip((0.0, 0.5, 1.0), t["bar_ticks"]):
                self.add(at(text(s, th.muted, text_size(12)), BAR[0] + BAR[2] + 0.005, BAR[1] + v * BAR[3], mn.LEFT))
            if t["colour_note"]:
                self.add(at(text(t["colour_note"], th.muted, text_size(12)), *BAR_NOTE, mn.LEFT))

            plot = ManimPanel(PLOT, th, (0.0, steps), d["y_lim"], d["x_ticks"], d["y_ticks"], xlabel=t["plot_x"],
                              tick_size=text_size(13), label_size=text_size(15))
            self.add(plot.group)
            self.add(at(text(t["plot_head"], th.foreground, text_size(14)), *PLOT_HEAD, mn.LEFT))
            if t["error_note"]:
                self.add(at(text(t["error_note"], th.muted, text_size(12)), *PLOT_NOTE, mn.RIGHT))
            bound_curves = []  # they appear with their lines in the column, in the verdict beat
            for b in BOUNDS:
                k, y = log_curve(d["bounds"][b])
                curve = mn.VMobject(stroke_color=getattr(th, COLOURS[b]), stroke_width=3)
                curve.set_points_as_corners(plot.c2p(k, y))
                bound_curves.append(mn.DashedVMobject(curve, num_dashes=max(int(30 / DASH[b]), 2) // 10)
                                    if DASH[b] else curve)
            k_err, y_err = log_curve(d["error"])
            y_err = np.minimum(y_err, d["y_lim"][1])
            run_line = mn.VMobject(stroke_color=getattr(th, COLOURS["run"]), stroke_width=5)
            run_line.set_points_as_corners(plot.c2p(k_err[:2], y_err[:2]))

            column = {}
            for role, i, y, size, weight in COLUMN:
                s = t[role] if i is None else t[role][i]
                column[(role, i)] = at(text(s, column_colour(role, i, th), text_size(size),
                                            weight=mn.BOLD if weight == "bold" else mn.NORMAL), COL, y, mn.LEFT)
                fit_right(column[(role, i)])
                if role not in VERDICT:
                    self.add(column[(role, i)])
            verdict = [m for (role, _), m in column.items() if role in VERDICT]
            rv.rest(self, "axes", title)
            self.add(cells)

            def redraw(time: float) -> None:
                st = frame_state(d, time)
                shown = st["rows"] if time >= d["ends"][0] else 0
                for panel, cover in covers:
                    if shown > steps:
                        cover.set_fill(opacity=0.0)
                        continue
                    top, bottom = panel.c2p(0.5, shown - 0.5), panel.c2p(n + 0.5, steps + 0.5)
                    cover.stretch_to_fit_width(abs(bottom[0] - top[0]) - 0.02).stretch_to_fit_height(
                        abs(bottom[1] - top[1]) - 0.01).move_to((top + bottom) / 2).set_fill(opacity=1.0)
                keep = k_err <= st["s"]
                if keep.sum() >= 2:
                    run_line.set_points_as_corners(plot.c2p(k_err[keep], y_err[keep]))
                    run_line.set_stroke(opacity=1.0)
                else:
                    run_line.set_stroke(opacity=0.0)
                rv.show(time, "axes", *overlay)  # drawn over the cells, so redrawn with them
                a = rv.sched.alpha(time, "verdict")
                for v in verdict:
                    v.set_opacity(a)
                for c in bound_curves:  # lines: their stroke only (a fill would close the curve)
                    c.set_stroke(opacity=a)

            self.add(live(clock, redraw, *(c for _, c in covers), *overlay, *bound_curves, run_line, *verdict))
            return clock

    return OracleScene


if "manim" in sys.modules and __name__ not in ("scenes.oracle.manim",):  # run by Manim's own CLI
    OracleScene = manim_scene()
