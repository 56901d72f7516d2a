"""Escape drawn with Manim: `manim_scene()` builds the scene class.

    manim -ql scenes/escape/manim.py EscapeScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

from scenes.kit import contour as C, contour_manim, layout as L, reveal
from scenes.escape.data import NAME, SLOW_TEXT, frame_state, settings_text
from scenes.escape.layout import (
    FORMULA_Y, HEADING_Y, LEGEND_Y, MAPS, VERDICT_Y, label_points, run_colors, title_pt)


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, set_polyline, text
    from scenes.kit.reveal_manim import Reveal

    class EscapeScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            fg, muted = th.foreground, th.muted
            colors = run_colors(th)
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = L.at(text(d["title"], fg, L.text_size(title_pt(d["title"])), weight=mn.BOLD), 0.035, 0.945,
                         mn.LEFT)
            self.add(title)
            counter = LiveText(f"step 0 / {d['steps']}", fg, L.text_size(16)).place(L.fig_point(0.965, 0.945),
                                                                                   mn.RIGHT)
            slow = L.at(text(SLOW_TEXT, muted, L.text_size(14)), 0.965, FORMULA_Y, mn.RIGHT)
            for i, (label, tex, setting) in enumerate(zip(d["labels"], d["formulas"], settings_text(d))):
                y = LEGEND_Y[i]
                self.add(mn.Dot(L.fig_point(0.047, y), radius=0.1, color=colors[i]),
                         L.at(text(label, fg, L.text_size(15)), 0.065, y, mn.LEFT),
                         L.at(formula(tex, fg, L.tex_size(17)), 0.26, y, mn.LEFT),
                         L.at(formula(setting, muted, L.tex_size(17)), 0.965, y, mn.RIGHT))
            self.add(L.at(formula(d["landscape_tex"], muted, L.tex_size(16)), 0.04, FORMULA_Y, mn.LEFT))

            n = len(d["levels"])
            for panel, heading in zip(MAPS, d["headings"]):
                self.add(L.at(text(heading, fg, L.text_size(14)), panel.box[0], HEADING_Y, mn.LEFT))
                the_map = [contour_manim.manim_filled(panel, d["regions"], C.band_colors(th, n)),
                           contour_manim.manim_contours(panel, d["lines"], C.level_colors(th, n), width=1.4, opacity=0.9)]
                for seg in d["ridge_line"]:
                    line = mn.VMobject(stroke_color=fg, stroke_width=2.5).set_points_as_corners(panel.to_manim(seg))
                    the_map.append(mn.DashedVMobject(line, num_dashes=max(4, len(seg) // 6)))
                labels = {name: text(name, fg, L.text_size(14)) for name in d["well_names"]}
                (x0, y0, _), (x1, y1, _) = panel.to_manim([[0.0, 0.0], [1.0, 1.0]])  # one data unit each way
                sizes = {name: (m.width / 2 / abs(x1 - x0), m.height / 2 / abs(y1 - y0)) for name, m in labels.items()}
                for name, point in label_points(d, sizes).items():  # placed by their drawn size
                    the_map.append(labels[name].move_to(panel.to_manim([point])[0]))
                for point in d["wells"].values():
                    the_map.append(mn.Cross(scale_factor=0.09, stroke_color=fg, stroke_width=4)
                                   .move_to(panel.to_manim([point])[0]))
                the_map.append(mn.Dot(panel.to_manim([d["ridge"]])[0], radius=0.05, color=fg))
                self.add(rv.fade("curve", *the_map), contour_manim.manim_border(panel, th))

            panels = [m for m in MAPS for _ in range(2)]
            trails = [mn.VMobject(stroke_color=c, stroke_width=4.5) for c in colors]
            balls = [mn.Dot(radius=0.11, color=c, stroke_color=th.background, stroke_width=2) for c in colors]
            ends = [L.at(text(txt, c, L.text_size(14)), panel.box[0], y, mn.LEFT)
                    for (panel, y), txt, c in zip([(m, y) for m in MAPS for y in VERDICT_Y], d["verdicts"], colors)]

            exits = [C.exits(d["raw_positions"][i:i + 1], d["positions"][i:i + 1], p.xlim, p.ylim)[0]
                     for i, p in enumerate(panels)]
            arrows = contour_manim.manim_exit_arrows(panels, colors, exits)
            rv.rest(self, "axes", title)

            def update(t: float) -> None:
                st = frame_state(d, t)
                counter.set_text(f"step {st['step']} / {d['steps']}")
                for panel, tr, ball, pts, head in zip(panels, trails, balls, st["trails"], st["heads"]):
                    set_polyline(tr, panel.to_manim(pts))
                    ball.move_to(panel.to_manim([head])[0])
                contour_manim.show_exit_arrows(arrows, st["s"])
                rv.grow(t, "balls", *balls)
                rv.show(t, "balls", counter)
                slow.set_opacity(st["slow_motion"] * rv.sched.alpha(t, "balls"))
                for end in ends:
                    end.set_opacity(st["outro"])

            self.add(live(clock, update, counter, slow, *trails, *balls, *[a for a, _ in arrows], *ends))
            return clock

    return EscapeScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    EscapeScene = manim_scene()
