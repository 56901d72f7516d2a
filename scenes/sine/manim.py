"""Sine drawn with Manim: `manim_scene()` builds the scene class.

    manim -ql scenes/sine/manim.py SineScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

from scenes.kit import reveal
from scenes.kit.layout import fig_point, tex_size, text_size
from scenes.kit.plot1d import ManimPanel, head, partial
from scenes.sine.data import NAME, frame_state
from scenes.sine.layout import LEGEND_STEP, PLOT, YLIM, colors, counter_text, curves, marks, ticks


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, text
    from scenes.kit.reveal_manim import Reveal

    class SineScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            col = colors(th)
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = text(d["story"]["title"], th.foreground, text_size(24), weight=mn.BOLD)
            title.move_to(fig_point(0.05, 0.93), aligned_edge=mn.UL)
            rule = formula(d["rule"], th.foreground, tex_size(17))
            rule.move_to(fig_point(0.05, 0.815), aligned_edge=mn.LEFT)
            resp = formula(d["response"], th.muted, tex_size(17))
            resp.move_to(fig_point(0.95, 0.815), aligned_edge=mn.RIGHT)
            self.add(title, rule, resp)
            fx = 0.05
            for key, label in d["legend"]:
                dot = mn.Dot(fig_point(fx + 0.006, 0.735), radius=0.09, color=col[key])
                lab = text(label, th.foreground, text_size(14))
                lab.move_to(fig_point(fx + 0.022, 0.735), aligned_edge=mn.LEFT)
                self.add(dot, lab)
                fx += LEGEND_STEP.get(key, 0)
            self.add(text(d["theory_text"], th.foreground, text_size(14)).move_to(fig_point(0.95, 0.735),
                                                                       aligned_edge=mn.RIGHT))

            xt, yt = ticks(d)
            panel = ManimPanel(PLOT, th, (0, d["n"]), YLIM, xt, yt,
                               xlabel=d["xlabel"])
            zero = mn.Line(panel.c2p(0, 0), panel.c2p(d["n"], 0), color=th.muted, stroke_width=1.5)
            faint = panel.polyline(d["t"], d["sine"], col["sine"], width=3, opacity=0.3)
            self.add(panel.group, zero, rv.draw("curve", faint))
            rv.rest(self, "axes", title)

            counter = LiveText(counter_text(d, frame_state(d, 0)), th.foreground, text_size(18))
            counter.place(fig_point(0.95, 0.905), mn.RIGHT)
            lines, dots = {}, {}
            for key, _, _ in curves(d):
                width = {"sine": 4, "ema": 5, "corrected": 10}[key]
                lines[key] = panel.polyline([0], [0], col[key], width=width)
                dots[key] = mn.Dot(radius=0.07 if key == "sine" else 0.1, color=col[key],
                                   stroke_color=th.background, stroke_width=2)

            m = marks(d)
            dash = dict(color=th.foreground, stroke_width=2.5, dash_length=0.08)
            notes = mn.VGroup(
                mn.DashedLine(panel.c2p(m["a"], 1.0), panel.c2p(m["a"], m["y"] + 0.06), **dash),
                mn.DashedLine(panel.c2p(m["b"], m["gain"]), panel.c2p(m["b"], m["y"] + 0.06), **dash),
                mn.DashedLine(panel.c2p(m["gain_line"][0], m["gain"]), panel.c2p(m["gain_line"][1], m["gain"]),
                              **dash),
                text(d["note_label"], th.foreground, text_size(14)).next_to(panel.c2p(*m["label"]), mn.UP,
                                                                            buff=0.02),
            )
            if d["lag"] > 0.3:
                a, b = panel.c2p(m["a"], m["y"]), panel.c2p(m["b"], m["y"])
                notes.add(mn.DoubleArrow(a, b, buff=0, color=th.foreground, stroke_width=3, tip_length=0.12,
                                         max_tip_length_to_length_ratio=0.45))

            def redraw(t):
                st = frame_state(d, t)
                for key, xs, ys in curves(d):
                    s = st["s"] - (1 if key == "corrected" else 0)
                    visible = s >= 0
                    s = max(s, 0.0)
                    px, py = partial(xs, ys, s)
                    panel.set_polyline(lines[key], px, py)
                    dots[key].move_to(panel.c2p(*head(xs, ys, s)))
                    lines[key].set_stroke(opacity=1.0 if visible else 0.0)
                    dots[key].set_opacity(1.0 if visible else 0.0)
                counter.set_text(counter_text(d, st))
                notes.set_opacity(st["notes"])
                rv.grow(t, "balls", *dots.values())
                rv.show(t, "balls", counter)

            self.add(live(clock, redraw, *lines.values(), *dots.values(), notes, counter))
            return clock

    return SineScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    SineScene = manim_scene()
