"""The rates scene (scenes.rates) in Manim: the same maps, labels, readouts and x_k panel as the matplotlib
drawing in scenes.rates.mpl, from the same data.
"""
from __future__ import annotations

import sys
import types
from functools import lru_cache

import numpy as np

from scenes.rates import maps as rates_maps
from scenes.kit import reveal
from scenes.kit.layout import at, fig_point, fill_box
from scenes.rates.data import COL, map_labels, NAME, READOUT_Y, TRAJ_BOX, frame_state, readout, tax_state, traj_panel
from scenes.rates.layout import TITLE_AT, TITLE_PT, TITLE_RIGHT, TITLE_TOP_TWO, title_lines, title_size
from scenes.rates.tax_draw import manim_taxonomy
from scenes.kit import layout
from scenes.kit.layout import text_size

MAP_TICK_BUFF = 0.2  # scene units from a map's spines to its tick labels: beyond the marker ring (0.13 + its edge)
from scenes.rates.maps import bar_rgba, diverge_color, heat_rgba


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import (
        DataScene, LiveText, box_rectangle, formula, live, show_polyline, spines, text)
    from scenes.kit.reveal_manim import Reveal

    def draw_image(camera, image_mobject, pixel_array):
        """Paint an axis-aligned ImageMobject, resampled to the pixels its corners cover.

        Stands in for Camera.display_image_mobject, which passes Pillow >= 12 a float array with
        mode="RGBA" and fails; installed on this scene's camera only.
        """
        from PIL import Image

        corners = np.asarray(camera.points_to_subpixel_coords(image_mobject, image_mobject.points), dtype=float)
        (x0, y0), (x1, y1) = np.round(corners.min(axis=0)).astype(int), np.round(corners.max(axis=0)).astype(int)
        if x1 - x0 < 1 or y1 - y0 < 1:
            return
        rgba = np.ascontiguousarray(image_mobject.get_pixel_array(), dtype=np.uint8)
        sub = Image.fromarray(rgba).resize((int(x1 - x0), int(y1 - y0)), resample=image_mobject.resampling_algorithm)
        full = Image.new("RGBA", (camera.pixel_width, camera.pixel_height), (0, 0, 0, 0))
        full.paste(sub, (int(x0), int(y0)))
        camera.overlay_PIL_image(pixel_array, full)

    class RatesScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            fg, muted = th.foreground, th.muted
            clock = mn.ValueTracker(0.0)
            self.camera.display_image_mobject = types.MethodType(draw_image, self.camera)
            rv = Reveal(clock, reveal.schedule(d["story"]))
            title = _title(d["title"], fg)
            self.add(title)

            # The maps: images stretched over their panels' boxes, top first.
            mode = d.get("map", "theory")
            lay = rates_maps.LAYOUT[mode]
            maps = rates_maps.panels(mode)
            said = rates_maps.headings(mode, d.get("agreement"))
            rings, trail = [], mn.VGroup()
            for n, (kind, panel) in enumerate(maps):
                img = mn.ImageMobject(heat_rgba(d, th, kind))
                img.set_resampling_algorithm(mn.RESAMPLING_ALGORITHMS["bilinear"])
                the_map = [fill_box(img, panel.box)]
                self.add(spines(panel.box, muted))
                ticks = mn.VGroup(*(text(f"{v:g}", muted, 18).next_to(panel.c2p(v, 0), mn.DOWN, buff=MAP_TICK_BUFF)
                                    for v in range(5)))
                yt = mn.VGroup(*(text(s, muted, 18).next_to(panel.c2p(0, v), mn.LEFT, buff=MAP_TICK_BUFF)
                                 for v, s in rates_maps.BETA_TICKS))
                ylab = text(rates_maps.beta_label(mode), fg, 20).rotate(np.pi / 2).next_to(yt, mn.LEFT, buff=0.08)
                self.add(yt, ylab)
                if n == len(maps) - 1:  # stacked maps share the lowest one's αλ axis
                    self.add(ticks, text("\u03b1\u03bb  (step size \u00d7 curvature)", fg, 20).next_to(
                        ticks, mn.DOWN, buff=0.12))
                width = 4 if kind == "theory" else 2.5  # thinner over the measured map
                crit = mn.VMobject(stroke_color=fg, stroke_width=width).set_points_as_corners(
                    panel.c2p(d["crit_al"], d["crit_b"]))
                stab = mn.DashedLine(panel.c2p(d["stab_al"][0], d["stab_b"][0]),
                                     panel.c2p(d["stab_al"][1], d["stab_b"][1]), color=fg, stroke_width=width,
                                     dash_length=0.16, dashed_ratio=0.6)
                the_map += [crit, stab]
                if kind == "theory" or len(maps) == 1:
                    the_map += _labels(panel, th, mode)
                heads = [at(text(s, muted if i else fg, 18 if i else 20), rates_maps.HEAD_X, y, mn.LEFT)
                         for i, (y, s) in enumerate(zip(lay["heads"].get(kind, ()), said.get(kind, ())))]
                self.add(*heads[:1])
                self.add(rv.fade("curve", *the_map, *heads[1:]))
                rings.append((panel, mn.VGroup(mn.Circle(radius=0.13, stroke_color=th.background, stroke_width=9),
                                               mn.Circle(radius=0.13, stroke_color=fg, stroke_width=4))))
                if d["tour"]:  # the tour's other stops, back on the map in the taxonomy's beat (the title counts them)
                    trail.add(*(rings[-1][1].copy().move_to(panel.c2p(*stop)) for stop in d["stops"][:-1]))
            BAR_BOX, SWATCH_BOX = lay["bar"], lay["swatch"]

            # Colour bar and divergence swatch.
            bl, bb, bw, bh = BAR_BOX
            sl, sb, sw, sh = SWATCH_BOX
            self.add(fill_box(mn.ImageMobject(bar_rgba(th)), BAR_BOX),
                     box_rectangle(SWATCH_BOX, stroke_width=0, fill_color=diverge_color(th), fill_opacity=1))
            for s, v in (("0", 0.0), ("0.5", 0.5), ("1", 1.0)):
                self.add(at(text(s, muted, 18), bl + bw + 0.008, bb + v * bh, mn.LEFT))
            self.add(at(text("\u2265 1", muted, 18), sl + 0.022, sb + sh / 2, mn.LEFT))
            self.add(at(text("rate", muted, 18), bl + bw / 2, bb + bh + 0.03))

            before = len(self.mobjects)
            # Trajectory panel.
            tl, tb, tw, tht = TRAJ_BOX
            steps = d["steps"]
            ylim = d["ylim"]
            tax = traj_panel(d)
            frame = spines(TRAJ_BOX, muted)
            zero = mn.DashedLine(tax.c2p(0, 0), tax.c2p(steps, 0), color=muted, stroke_width=2, dash_length=0.1)
            kstep = 5 if steps <= 40 else 10
            kt = mn.VGroup(*(text(f"{v}", muted, 18).next_to(tax.c2p(v, -ylim), mn.DOWN, buff=0.1)
                             for v in range(0, steps + 1, kstep)))
            xt = mn.VGroup(*(text(f"{v:g}", muted, 18).next_to(tax.c2p(0, v), mn.LEFT, buff=0.1)
                             for v in d["yticks"]))
            klab = text("step k", fg, 20).next_to(kt, mn.DOWN, buff=0.08)
            cap_y = tb + tht + 0.035
            cap = at(formula(r"x_k,\ x_0 = 1,\ \lambda = 1", fg, 26), COL, cap_y, mn.LEFT)
            guide = mn.VGroup(mn.DashedLine(fig_point(COL + 0.25, cap_y), fig_point(COL + 0.28, cap_y), color=th.accent,
                                            stroke_width=3, dash_length=0.08),
                              formula(r"\pm C\,\mathrm{rate}^k", th.accent, 26))
            guide[1].next_to(guide[0], mn.RIGHT, buff=0.12)
            self.add(frame, zero, kt, xt, klab, cap, guide)

            for i, tex in enumerate((d["update_tex"], d["rate_tex"], d["complex_tex"])):
                self.add(at(formula(tex, fg, 25), COL, 0.245 - 0.06 * i, mn.LEFT))
            self.add(at(text(d["note"], muted, 18), COL, 0.065, mn.LEFT))

            lines = [LiveText("", c, size).place(fig_point(COL, y), mn.LEFT)
                     for y, c, size in zip(READOUT_Y, (fg, th.momentum, muted), (20, 20, 18))]
            env_hi = mn.VMobject(stroke_color=th.accent, stroke_width=3)
            env_lo = mn.VMobject(stroke_color=th.accent, stroke_width=3)
            faint = mn.VMobject(stroke_color=th.momentum, stroke_width=3)
            played = mn.VMobject(stroke_color=th.momentum, stroke_width=5)
            head = mn.Dot(radius=0.09, color=th.momentum, stroke_color=th.background, stroke_width=2)
            warn_text = text("diverges", th.gd, 22)
            warn = mn.VGroup(mn.SurroundingRectangle(warn_text, buff=0.08, corner_radius=0.06, stroke_width=0,
                                                     fill_color=th.background, fill_opacity=0.85), warn_text)
            warn.move_to(tax.c2p(0.97 * steps, 0.8 * ylim), aligned_edge=mn.RIGHT)
            column = list(self.mobjects[before:])
            rv.rest(self, "axes", title)
            tax_group, tax_redraw = manim_taxonomy(self, d, th, maps[0][1])
            fading = [(m, m.get_fill_opacity(), m.get_stroke_opacity()) for c in column
                      for m in c.family_members_with_points()]
            last = [None]

            def fade_column(a):
                """The tour's column gives way to the taxonomy: its static mobjects leave the static image
                while they fade (clock.static_changed), and go back into it once gone."""
                if a == last[0]:
                    return
                for c in column:
                    c.settled = a in (0.0, 1.0)
                for m, fill, stroke in fading:
                    m.set_fill(opacity=fill * (1 - a), family=False)
                    m.set_stroke(opacity=stroke * (1 - a), family=False)
                clock.static_changed = True
                last[0] = a

            def redraw(t):
                st = frame_state(d, t)
                for panel, ring in rings:
                    ring.move_to(panel.c2p(*st["marker"]))
                for line, txt in zip(lines, readout(d, st)):
                    line.set_text(txt)
                # The curves take the role's alpha here, each frame: a reveal that remembered their
                # opacity from the first frame, when a curve may still be empty, would keep them hidden.
                shown = rv.sched.alpha(t, "balls")
                ek, ev = st["envelope"]
                _dashed(env_hi, tax.c2p(ek, ev), opacity=shown)
                _dashed(env_lo, tax.c2p(ek, -ev), opacity=shown)
                fk, fx = st["faint"]
                show_polyline(faint, tax.c2p(fk, fx), 0.35 * shown)
                if st["played"] is None or len(st["played"][0]) < 1:
                    show_polyline(played, np.zeros((0, 3)))
                    head.set_opacity(0)
                else:
                    pk, px = st["played"]
                    show_polyline(played, tax.c2p(pk, px), shown)
                    head.move_to(tax.c2p(*st["head"])).set_opacity(1)
                warn.set_opacity(shown if st["diverged"] else 0)
                warn[0].set_fill(opacity=0.85 * shown if st["diverged"] else 0)
                rv.grow(t, "balls", *(ring for _, ring in rings), head)
                rv.show(t, "balls", *lines)
                ts = tax_state(d, t)
                if ts["keep"] < 1:
                    for mob in (*lines, env_hi, env_lo, faint, played, head, warn):
                        mob.set_opacity(0) if ts["keep"] <= 0 else mob.fade(1 - ts["keep"])
                    fade_column(1 - ts["keep"])
                elif last[0] not in (None, 0.0):
                    fade_column(0.0)
                tax_redraw(ts["alpha"], ts["shown"])
                trail.set_stroke(opacity=ts["alpha"])

            self.add(live(clock, redraw, env_hi, env_lo, faint, played, head, *(ring for _, ring in rings), *lines, warn,
                          trail, tax_group))
            return clock

    def _title(words: str, color):
        """The title on one line, or on two where that gives it larger type (`layout.title_size`)."""
        size = text_size(TITLE_PT)
        one, (first, rest) = text(words, color, size, weight=mn.BOLD), title_lines(words)
        room = (TITLE_RIGHT - layout.map_point(*TITLE_AT)[0]) * mn.config.frame_width
        pair = None
        if rest:
            pair = mn.VGroup(*(text(s, color, size, weight=mn.BOLD) for s in (first, rest))).arrange(
                mn.DOWN, aligned_edge=mn.LEFT, buff=0.15)
        broken, pt = title_size(TITLE_PT, one.width / room, pair.width / room if pair is not None else None)
        title = (pair if broken else one).scale(pt / TITLE_PT)
        return at(title, TITLE_AT[0], TITLE_TOP_TWO if broken else TITLE_AT[1], mn.UL)

    def _labels(panel, th, mode: str) -> list:
        """The regime labels, boxed, with arrows to the points they name, and the one-step dot at (1, 0)."""
        fg, out = th.foreground, []
        for lab in map_labels(mode):
            lines = mn.VGroup(*(text(s, fg, 18) if i == 0 else formula(s, fg, 22)
                                for i, s in enumerate(lab["lines"])))
            lines.arrange(mn.DOWN, buff=0.12).move_to(panel.c2p(*lab["at"]))
            bg = mn.SurroundingRectangle(lines, buff=0.1, corner_radius=0.08, stroke_width=0,
                                         fill_color=th.background, fill_opacity=0.8)
            out.append(bg)
            if lab["point"] != lab["at"]:
                tip = panel.c2p(*lab["point"])
                out.append(mn.Arrow(_edge_towards(bg, tip), tip, buff=0.04, color=fg, stroke_width=3,
                                    tip_length=0.14, max_tip_length_to_length_ratio=0.5,
                                    max_stroke_width_to_length_ratio=10))
            out.append(lines)
        return out + [mn.Dot(panel.c2p(1.0, 0.0), radius=0.08, color=fg)]

    def _dashed(mob, pts, on=3, off=2, opacity=1.0):
        """Set `mob` to a dashed polyline through pts: runs of `on` segments drawn, `off` skipped."""
        if len(pts) < 2:
            mob.set_points_as_corners(np.zeros((2, 3)))
            mob.set_stroke(opacity=0)
            return
        mob.clear_points()
        period = on + off
        for start in range(0, len(pts) - 1, period):
            piece = pts[start:start + on + 1]
            if len(piece) >= 2:
                mob.start_new_path(piece[0])
                mob.add_points_as_corners(piece[1:])
        mob.set_stroke(opacity=opacity)

    def _edge_towards(box, target):
        """The point where the ray from box's centre to target leaves the box."""
        c = box.get_center()
        half = np.array([box.width / 2, box.height / 2, 1.0])
        d = np.asarray(target) - c
        scale = min(half[0] / abs(d[0]) if d[0] else np.inf, half[1] / abs(d[1]) if d[1] else np.inf)
        return c + d * min(scale, 1.0)

    return RatesScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    RatesScene = manim_scene()
