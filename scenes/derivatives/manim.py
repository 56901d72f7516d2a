"""Derivatives drawn with Manim: `manim_scene()` builds the scene class.

    manim -ql scenes/derivatives/manim.py DerivativesScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

from scenes.kit import reveal
from scenes.kit.layout import fig_point, tex_size, text_size
from scenes.kit.plot1d import ManimPanel, nice_ticks, partial
from scenes.derivatives.story import RUNS
from scenes.derivatives.data import NAME, X_RANGE, frame_state
from scenes.derivatives.layout import (
    BOTTOM, DATA, LEGEND_STEP, LOSS_X, PANEL_SERIES, TOP, colors, counter_text, dticks, formula_rows,
    loss_text, loss_y)


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, text
    from scenes.kit.reveal_manim import Reveal

    class DerivativesScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            col = colors(th)
            fg = th.foreground
            clock = mn.ValueTracker(0.0)

            rv = Reveal(clock, reveal.schedule(d["story"]))
            words = d["words"]
            title = text(d["story"]["title"], fg, text_size(24), weight=mn.BOLD).move_to(fig_point(0.05, 0.93),
                                                                                       aligned_edge=mn.UL)
            self.add(title)
            for y, tex in zip(formula_rows(), d["formulas"]):
                self.add(formula(tex, fg, tex_size(15)).move_to(fig_point(0.05, y), aligned_edge=mn.LEFT))
            for y, line in zip((0.575, 0.53), d["setup"]):
                self.add(text(line, th.muted, text_size(13)).move_to(fig_point(0.05, y), aligned_edge=mn.LEFT))
            counter = LiveText(counter_text(d, frame_state(d, 0)), fg, text_size(17))
            counter.place(fig_point(0.96, 0.905), mn.RIGHT)

            dpanel = ManimPanel(DATA, th, (X_RANGE[0] - 0.1, X_RANGE[1] + 0.1), d["data_ylim"],
                                nice_ticks(*X_RANGE, 3), nice_ticks(*d["data_ylim"], 4), xlabel="x", ylabel="y")
            self.add(dpanel.group)
            self.add(text(words["data_heading"], fg, text_size(14), weight=mn.BOLD)
                     .move_to(fig_point(DATA[0], DATA[1] + DATA[3] + 0.04), aligned_edge=mn.LEFT))
            self.add(text(words["mean_label"], fg, text_size(13))
                     .move_to(fig_point(LOSS_X, DATA[1] + DATA[3]), aligned_edge=mn.LEFT))
            faint = mn.VGroup(*(mn.Dot(dpanel.c2p(x, y), radius=0.04, color=th.muted, fill_opacity=0.35)
                                for x, y in zip(d["x"], d["y"])))
            self.add(rv.fade("curve", faint))
            seen = [mn.Dot(dpanel.c2p(x, y), radius=0.045, color=th.muted) for x, y in zip(d["x"], d["y"])]
            ring = mn.Circle(radius=0.1, color=fg, stroke_width=3)
            fits = {name: dpanel.polyline(d["fit_x"], d["fit_x"] * 0, col[name], width=4) for name in RUNS}
            losses = {}
            for i, name in enumerate(RUNS):
                lt = LiveText("0", col[name], text_size(13))
                lt.place(fig_point(LOSS_X, loss_y(i)), mn.LEFT)
                losses[name] = lt

            k = d["k"]
            lines, heads, panels = {}, {}, {}
            for rect, keys in zip((TOP, BOTTOM), PANEL_SERIES):
                panel = ManimPanel(rect, th, (0.5, d["n"] + 0.5), d["ylim"], nice_ticks(1, d["n"], 6),
                                   dticks(d), xlabel=words["xlabel"] if rect is BOTTOM else None,
                                   ylabel=words["ylabel"])
                self.add(panel.group, mn.Line(panel.c2p(0.5, 0), panel.c2p(d["n"] + 0.5, 0), color=th.muted,
                                              stroke_width=1.5))
                fx = rect[0]
                for key in keys:
                    self.add(mn.Dot(fig_point(fx + 0.006, rect[1] + rect[3] + 0.035), radius=0.08,
                                    color=col[key]))
                    self.add(text(words["legend"][key], fg, text_size(13))
                             .move_to(fig_point(fx + 0.018, rect[1] + rect[3] + 0.035), aligned_edge=mn.LEFT))
                    fx += LEGEND_STEP[key]
                for key in keys:
                    lines[key] = panel.polyline([1], [0], col[key], width=5 if key == "velocity" else 3)
                    heads[key] = mn.Dot(radius=0.07, color=col[key], stroke_color=th.background,
                                        stroke_width=1.5)
                    panels[key] = panel
                if "relu" in keys:
                    off_k = k[d["runs"]["relu"]["pre"] < 0]
                    offs = [mn.Circle(radius=0.06, color=col["relu"], stroke_width=2.5)
                            .move_to(panel.c2p(kk, 0)) for kk in off_k]

            rv.rest(self, "axes", title)

            def redraw(t):
                st = frame_state(d, t)
                for key, line in lines.items():
                    px, py = partial(k, d["series"][key], st["shown"])
                    panels[key].set_polyline(line, px, py)
                    heads[key].move_to(panels[key].c2p(px[-1], py[-1]))
                for kk, circle in zip(off_k, offs):
                    circle.set_stroke(opacity=1.0 if kk <= st["shown"] + 1 + 1e-9 else 0.0)
                i = st["k"]
                shown = rv.sched.alpha(t, "balls")
                for j, dot in enumerate(seen):
                    dot.set_opacity(shown if j <= i else 0.0)
                ring.move_to(dpanel.c2p(d["x"][i], d["y"][i]))
                for name in RUNS:
                    dpanel.set_polyline(fits[name], d["fit_x"], st["fits"][name])
                    losses[name].set_text(loss_text(d, name, st))
                counter.set_text(counter_text(d, st))
                rv.grow(t, "balls", *heads.values(), ring)
                rv.show(t, "balls", *fits.values(), *losses.values(), counter)

            self.add(live(clock, redraw, *seen, *fits.values(), ring, *offs, *lines.values(), *heads.values(),
                          *losses.values(), counter))
            return clock

    return DerivativesScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    DerivativesScene = manim_scene()
