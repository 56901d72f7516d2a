"""Conventions drawn with Manim: `manim_scene()` builds the scene class.

    manim -ql scenes/conventions/manim.py ConventionsScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.kit import reveal
from scenes.kit.layout import fig_point, tex_size, text_size, two_lines
from scenes.kit.plot1d import ManimPanel, head, nice_ticks, partial
from scenes.conventions.layout import (
    KEYS, LEFT, NAME, RIGHT, ROWS_Y, answer_rows, colors, counter_text, frame_state, xticks, zoom_note_at,
    zoom_note_breaks, zoom_ticks)


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, text
    from scenes.kit.reveal_manim import Reveal

    class ConventionsScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            col = colors(th)
            fg = th.foreground
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = text(d["story"]["title"], fg, text_size(23), weight=mn.BOLD)
            title.move_to(fig_point(0.05, 0.93), aligned_edge=mn.UL)
            self.add(title)
            for key, y, name, tex, note in zip(KEYS, ROWS_Y, d["names"], d["formulas"], d["notes"]):
                if key == "keras":
                    mark = mn.Square(0.13, color=col[key], stroke_width=3).rotate(mn.PI / 4)
                else:
                    mark = mn.Dot(radius=0.09, color=col[key])
                self.add(mark.move_to(fig_point(0.057, y)))
                self.add(text(name, fg, text_size(15)).move_to(fig_point(0.075, y), aligned_edge=mn.LEFT))
                self.add(formula(tex, fg, tex_size(16)).move_to(fig_point(0.215, y), aligned_edge=mn.LEFT))
                if note:
                    self.add(text(note, fg, text_size(13)).move_to(fig_point(0.95, y), aligned_edge=mn.RIGHT))
            counter = LiveText(counter_text(d, frame_state(d, 0)), fg, text_size(15))
            counter.place(fig_point(LEFT[0] + LEFT[2], LEFT[1] + LEFT[3] + 0.03), mn.RIGHT)

            xlim = (0, d["n"] + 0.5)
            xt = xticks(d)
            xlabel, ylabel = d["axis_labels"]
            left = ManimPanel(LEFT, th, xlim, d["ylim_all"], xt, nice_ticks(*d["ylim_all"], 5),
                              xlabel=xlabel, ylabel=ylabel)
            right = ManimPanel(RIGHT, th, xlim, d["ylim_zoom"], xt, zoom_ticks(d), xlabel=xlabel)
            self.add(left.group, right.group)
            for rect, label in zip((LEFT, RIGHT), d["headings"]):
                self.add(text(label, fg, text_size(15), weight=mn.BOLD)
                         .move_to(fig_point(rect[0], rect[1] + rect[3] + 0.03), aligned_edge=mn.LEFT))
            dash = dict(dash_length=0.1, stroke_width=2.5)
            self.add(mn.DashedLine(left.c2p(0, d["limit"]), left.c2p(xlim[1], d["limit"]), color=col["torch"],
                                   **dash))
            self.add(text(d["limit_label"], fg, text_size(13)).next_to(left.c2p(d["n"], d["limit"]), mn.UL,
                                                                       buff=0.05))
            for panel in (left, right):
                ylim = panel.ylim
                self.add(mn.DashedLine(panel.c2p(d["drop"] + 0.5, ylim[0]), panel.c2p(d["drop"] + 0.5, ylim[1]),
                                       color=th.muted, dash_length=0.04, stroke_width=2.5))
            for y in (d["lr"], d["fed_after"]):
                self.add(mn.DashedLine(right.c2p(0, y), right.c2p(xlim[1], y), color=fg, **dash))
            first = (text(d["zoom_notes"][0], fg, text_size(13))
                     .next_to(right.c2p(d["n"], d["lr"] * 1.03), mn.UP, buff=0.02)
                     .align_to(right.c2p(d["n"], 0), mn.RIGHT))
            self.add(first)
            note = text(d["zoom_notes"][1], fg, text_size(13))
            step = abs(right.c2p(1.0, 0.0)[0] - right.c2p(0.0, 0.0)[0])
            if zoom_note_breaks(d, note.width / step):
                note = mn.VGroup(*(text(s, fg, text_size(13)) for s in two_lines(d["zoom_notes"][1]))).arrange(
                    mn.DOWN, aligned_edge=mn.RIGHT, buff=0.08)
            y2, va2 = zoom_note_at(d, note.width / step)  # lifted clear of the curves under its drawn width
            note.next_to(right.c2p(d["n"], y2), mn.DOWN if va2 == "top" else mn.UP, buff=0.02)
            note.align_to(right.c2p(d["n"], 0), mn.RIGHT)
            if note.get_top()[1] > first.get_bottom()[1] - 0.02:  # a short panel (1:1): just over its own line
                note.next_to(right.c2p(d["n"], d["fed_after"]), mn.UP, buff=0.15).align_to(right.c2p(d["n"], 0),
                                                                                            mn.RIGHT)
            self.add(note)

            k = d["k"]
            lines, heads = {}, {}
            for panel, name in ((left, "all"), (right, "zoom")):
                for key in (("plain", "ema", "keras_line", "torch") if name == "all" else ("plain", "ema")):
                    width = {"plain": 3, "keras_line": 2.5}.get(key, 5)
                    lines[name, key] = panel.polyline([0], [0], col[key.split("_")[0]], width=width)
                    if key in ("ema", "torch"):
                        heads[name, key] = mn.Dot(radius=0.09, color=col[key], stroke_color=th.background,
                                                  stroke_width=2)
            every = d["marker_every"]
            diamonds = [mn.Square(0.1, color=col["keras"], stroke_width=2.5).rotate(mn.PI / 4)
                        .move_to(left.c2p(kk, v)) for kk, v in zip(k[::every], d["steps"]["keras"][::every])]
            widths = [text(line, fg, text_size(pt), weight=w).width / mn.config.frame_width
                      for line, pt, w in zip(d["answer"], (15, 14), (mn.BOLD, mn.NORMAL))]
            answer = mn.VGroup(*(text(s, fg, text_size(pt), weight=mn.BOLD if bold else mn.NORMAL)
                                 .move_to(fig_point(0.05, y), aligned_edge=mn.LEFT)
                                 for s, y, pt, bold in answer_rows(d["answer"], widths)))
            panels = {"all": left, "zoom": right}
            rv.rest(self, "axes", title)

            def staircase(xs, ys):
                """Steps centred on each k, as matplotlib's drawstyle='steps-mid'."""
                mids = 0.5 * (xs[1:] + xs[:-1])
                sx = np.concatenate([[xs[0]], np.repeat(mids, 2), [xs[-1]]])
                sy = np.repeat(ys, 2)
                return sx, sy

            def redraw(t):
                st = frame_state(d, t)
                for (name, key), line in lines.items():
                    px, py = partial(k, d["steps"][key.split("_")[0]], st["s"])
                    if key == "plain" and len(px) > 1:
                        px, py = staircase(px, py)
                    panels[name].set_polyline(line, px, py)
                for (name, key), dot in heads.items():
                    dot.move_to(panels[name].c2p(*head(k, d["steps"][key], st["s"])))
                rv.grow(t, "balls", *heads.values())
                m = int(np.floor(st["s"] + 1e-9)) + 1
                shown = rv.sched.alpha(t, "balls")
                for i, dm in enumerate(diamonds):
                    dm.set_stroke(opacity=shown if i * every < m else 0.0)
                counter.set_text(counter_text(d, st))
                rv.show(t, "balls", counter)
                answer.set_opacity(st["answer"])

            self.add(live(clock, redraw, *lines.values(), *diamonds, *heads.values(), counter, answer))
            return clock

    return ConventionsScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    ConventionsScene = manim_scene()
