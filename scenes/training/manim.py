"""Training scene, Manim backend: `manim_scene()` builds the TrainingScene class on first use."""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.kit import reveal
from scenes.kit.layout import at, fig_point
from scenes.training.data import NAME
from scenes.training.layout import (
    COL, DASHED, DIGIT_PANELS, DIGIT_SERIES, DIGITS_XLABEL_DY, DIGITS_Y, LATE_NOTES, MAIN_BOX, MAIN_XLABEL_DY,
    NOTE_X, NOTE_Y, SERIES, SUB_Y, TITLE_Y, ZOOM_BOXES, ZOOM_LABEL_DY, ZOOM_NOTE_Y, colors, counter_text,
    end_labels, frame_state, legend_rows, legend_x, spec_panel)

DASH, GAP = 0.12, 0.08  # dashes of a dashed curve, in scene units along the curve
STROKE = {"sgd": 2.0, "sgd_effective_lr": 2.5, "article_as_run": 2.0, "torch": 3.0, "nesterov": 1.3}


def dash_pieces(points: np.ndarray) -> list[np.ndarray]:
    """The polyline through `points` ((n, 3)) cut into dashes DASH long, GAP apart, measured along it."""
    s = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(points, axis=0), axis=1))])
    pieces = []
    for a in np.arange(0.0, s[-1], DASH + GAP):
        b = min(a + DASH, s[-1])
        inner = (s > a) & (s < b)
        at_s = np.concatenate([[a], s[inner], [b]])
        pieces.append(np.column_stack([np.interp(at_s, s, points[:, k]) for k in range(3)]))
    return [p for p in pieces if len(p) >= 2 and np.ptp(p, axis=0).any()]


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, show_polyline, spines, text
    from scenes.kit.reveal_manim import Reveal

    def panel(box, spec, muted, bottom_labels=True):
        """Spines, ticks and tick labels of a panel; returns (mobjects, data -> scene point map)."""
        m = spec_panel(box, spec).c2p
        (x0, _), (y0, _) = spec["x"]["range"], spec["y"]["range"]
        group = mn.VGroup(*spines(box, muted))
        tick = 0.06
        for v, s in zip(spec["x"]["ticks"], spec["x"]["labels"]):
            p = m(v, y0)
            group.add(mn.Line(p, p + tick * mn.DOWN, color=muted, stroke_width=2))
            if bottom_labels:
                group.add(text(s, muted, 18).next_to(p, mn.DOWN, buff=0.1))
        for v, s in zip(spec["y"]["ticks"], spec["y"]["labels"]):
            p = m(x0, v)
            group.add(mn.Line(p, p + tick * mn.LEFT, color=muted, stroke_width=2))
            group.add(text(s, muted, 18).next_to(p, mn.LEFT, buff=0.1))
        return group, m

    def curve(color, width, dashed):
        """An empty polyline, and whether to draw it dashed."""
        return mn.VMobject(stroke_color=color, stroke_width=width), dashed

    def show(mob_dashed, points):
        """Draw the polyline through `points`, as dashes (subpaths of the one VMobject) when dashed."""
        mob, dashed = mob_dashed
        show_polyline(mob, points)
        if dashed and len(points) >= 2:
            pieces = dash_pieces(points)
            mob.clear_points()
            for piece in pieces:
                mob.start_new_path(piece[0])
                mob.add_points_as_corners(piece[1:])

    def polygon(mob, points, opacity):
        if len(points) >= 3:
            mob.set_points_as_corners(np.vstack([points, points[:1]]))
            mob.set_fill(opacity=opacity)
        else:
            mob.set_points_as_corners(np.zeros((2, 3)))
            mob.set_fill(opacity=0)

    class TrainingScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            fg, muted = th.foreground, th.muted
            col = colors(th)
            spec, words = d["axes"], d["words"]
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            headline = at(text(d["story"]["title"], fg, 23, weight=mn.BOLD), 0.04, TITLE_Y, mn.UL)
            self.add(headline)
            self.add(at(text(words["subtitle"], muted, 19), 0.04, SUB_Y, mn.LEFT))
            counter = LiveText("epoch 0", fg, 18)
            counter.place(fig_point(0.965, TITLE_Y - 0.025), mn.RIGHT)

            # Seed 003.
            axes, m = panel(MAIN_BOX, spec["main"], muted)
            left, bottom, w, h = MAIN_BOX
            ylo, yhi = spec["main"]["y"]["range"]
            a, zw = d["zoom_start"], d["zoom_width"]
            p0, p1 = m(a + 1, ylo), m(a + zw, yhi)
            shade = mn.Rectangle(width=max(p1[0] - p0[0], 0.02), height=p1[1] - p0[1], stroke_width=0,
                                 fill_color=muted, fill_opacity=0.18).move_to((p0 + p1) / 2)
            zoom_tag = text("zoom", muted, 18).next_to(m(a + 0.5 * zw, yhi), mn.UP, buff=0.06)
            xlab = at(text("epoch", fg, 19), left + w / 2, bottom - MAIN_XLABEL_DY)
            ylab = at(text(d["ylabel"], fg, 19).rotate(np.pi / 2), left - 0.065, bottom + h / 2)
            if zw < d["n"]:  # mark the zoomed epochs (a zoom on the whole run needs no mark)
                self.add(rv.fade("curve", shade, zoom_tag))
            self.add(axes, xlab, ylab)

            lx = legend_x(d)
            for v, label, fy in legend_rows(d):
                if v == "manual":
                    sw = mn.VGroup(*(mn.Dot(fig_point(lx + dx, fy), radius=0.045, color=col[v])
                                     for dx in (0.004, 0.016, 0.028)))
                elif v in DASHED:
                    sw = mn.DashedLine(fig_point(lx, fy), fig_point(lx + 0.032, fy), color=col[v], stroke_width=3.5,
                                       dash_length=0.08)
                else:
                    sw = mn.Line(fig_point(lx, fy), fig_point(lx + 0.032, fy), color=col[v],
                                 stroke_width=STROKE[v] + 1.5)
                self.add(sw, at(text(label, fg, 18), lx + 0.04, fy, mn.LEFT))

            note_colors = (col["manual"], col["article_as_run"], col["article_as_run"])
            self.add(at(formula(d["formula"], fg, 28), NOTE_X, NOTE_Y[0], mn.LEFT))
            notes = [at(text(note, c, 18), NOTE_X, y, mn.LEFT)
                     for y, note, c in zip(NOTE_Y[1:], words["notes"], note_colors)]
            self.add(*(mob for k, mob in enumerate(notes) if k not in LATE_NOTES))
            late = [notes[k] for k in LATE_NOTES]

            curves = {v: curve(col[v], STROKE[v], v in DASHED) for v in SERIES}
            n_marks = len(d["marks"])
            dots = [mn.Dot(radius=0.045, color=col["manual"]) for _ in range(n_marks)]
            heads = {v: mn.Dot(radius=0.08, color=col[v], stroke_color=th.background, stroke_width=2)
                     for v in ("sgd", "torch")}
            ends = [text(s, col[v], 18).move_to(m(0, y) * [0, 1, 0] + fig_point(left + w + 0.008, 0.5) * [1, 0, 0],
                                                aligned_edge=mn.LEFT) for s, y, v in end_labels(d)]

            # The zoom.
            self.add(at(text(words["zoom_title"], fg, 19), COL, SUB_Y, mn.LEFT))
            zoom_curves, zoom_maps = {}, {}
            for k, (v, box) in enumerate(ZOOM_BOXES):
                group, zm = panel(box, spec["zoom"], muted, bottom_labels=k == 1)
                (zx0, zx1) = spec["zoom"]["x"]["range"]
                zero = mn.DashedLine(zm(zx0, 0.0), zm(zx1, 0.0), color=muted, stroke_width=1.5, dash_length=0.06)
                label = at(text(words["zoom_labels"][v], col[v], 18), box[0], box[1] + box[3] + ZOOM_LABEL_DY,
                           mn.LEFT)
                self.add(group, zero, label)
                zoom_curves[v] = mn.VMobject(stroke_color=col[v], stroke_width=3)
                zoom_maps[v] = zm
            for y, note in zip(ZOOM_NOTE_Y, words["zoom_notes"]):
                self.add(at(text(note, muted, 18), COL, y, mn.LEFT))

            # Digits.
            for y, line in zip(DIGITS_Y, words["digits_title"]):
                self.add(at(text(line, fg, 18), COL, y, mn.LEFT))
            digit_mobs, digit_maps = {}, {}
            for key, box, name, title in DIGIT_PANELS:
                group, dm = panel(box, spec[name], muted)
                self.add(group, at(text("epoch", fg, 18), box[0] + box[2] / 2, box[1] - DIGITS_XLABEL_DY),
                         at(text(title, fg, 18), box[0] + box[2] / 2, box[1] + box[3] + 0.022))
                for v, style in DIGIT_SERIES:
                    digit_mobs[key, v] = (curve(col[style], 3, style in DASHED),
                                          mn.VMobject(stroke_width=0, fill_color=col[style], fill_opacity=0.25))
                    digit_maps[key, v] = dm

            rv.rest(self, "axes", headline)

            def redraw(t):
                st = frame_state(d, t)
                counter.set_text(counter_text(d, st))
                rv.show(t, "balls", counter)
                for v, mob in curves.items():
                    show(mob, m(*st["main"][v]))
                for v, head in heads.items():
                    xs, ys = st["main"][v]
                    head.move_to(m(xs[-1], ys[-1])).set_opacity(1.0 - st["outro"])
                rv.grow(t, "balls", *heads.values())
                shown = rv.sched.alpha(t, "balls")
                mx, my = st["marks"]
                for i, dot in enumerate(dots):
                    if i < len(mx):
                        dot.move_to(m(mx[i], my[i])).set_opacity(shown)
                    else:
                        dot.set_opacity(0)
                for label in (*ends, *late):  # the article's loop is explained once its run has ended
                    label.set_opacity(st["outro"])
                for v, mob in zoom_curves.items():
                    show_polyline(mob, zoom_maps[v](*st["zoom"][v]))
                for (key, v), (line, fill) in digit_mobs.items():
                    (px, py), outline = st["digits"][key, v]
                    dm = digit_maps[key, v]
                    show(line, dm(px, py))
                    banded = len(outline) and v not in DASHED
                    polygon(fill, dm(outline[:, 0], outline[:, 1]) if banded else np.zeros((0, 3)), 0.25)

            self.add(live(clock, redraw,
                          *(f for _, f in digit_mobs.values()), *(ln for (ln, _), _ in digit_mobs.values()),
                          *(c for c, _ in curves.values()), *dots, *heads.values(), *zoom_curves.values(), *ends,
                          *late, counter))
            return clock

    return TrainingScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    TrainingScene = manim_scene()
