"""Drawing for the rates scene (scenes.rates): the rate map with its regime labels and colour bar, the
readouts, and the x_k panel with its guide ±C·rate^k, in matplotlib and in Manim.

Every text comes from the data: the title and readouts from the storyboard `scenes.rates_story` built in
`make_data`, the regime labels from `scenes.rates.LABELS`.
"""
from __future__ import annotations

import types
from functools import lru_cache

import numpy as np

from scenes import rates_maps
from scenes.kit import reveal
from scenes.kit.layout import at, fig_point, fill_box
from scenes.rates import AL_MAX, COL, LABELS, NAME, READOUT_Y, TRAJ_BOX, frame_state, readout, traj_panel


def heat_rgba(data: dict, theme, kind: str = "theory") -> np.ndarray:
    """A rate map ("theory": the closed form, "measured": by simulation) as an RGBA image, top row =
    largest beta; rate >= 1 in the divergence colour."""
    import matplotlib
    from matplotlib.colors import to_rgba

    rate = data["rate_grid" if kind == "theory" else "measured_grid"][::-1]
    rgba = matplotlib.colormaps[theme.heat](np.clip(rate, 0.0, 1.0))
    rgba[rate >= 1.0] = to_rgba(diverge_color(theme))
    return (rgba * 255).round().astype(np.uint8)


def diverge_color(theme) -> str:
    from matplotlib.colors import to_hex, to_rgb

    w = 0.55 if theme.name == "dark" else 0.35
    c = w * np.array(to_rgb(theme.gd)) + (1 - w) * np.array(to_rgb(theme.background))
    return to_hex(c)


def bar_rgba(theme, n: int = 256) -> np.ndarray:
    import matplotlib

    rgba = matplotlib.colormaps[theme.heat](np.linspace(1.0, 0.0, n))[:, None, :]
    return (np.repeat(rgba, 4, axis=1) * 255).round().astype(np.uint8)


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    from scenes.kit.mpl import panel_axes
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    fg, muted = theme.foreground, theme.muted
    title = fig.text(0.04, 0.945, data["title"], fontsize=22, weight="bold", color=fg, va="top")

    mode = data.get("map", "theory")
    lay = rates_maps.LAYOUT[mode]
    maps = rates_maps.panels(mode)
    rings = []
    for n, (kind, panel) in enumerate(maps):
        ax = panel_axes(fig, panel, theme)
        ax.imshow(heat_rgba(data, theme, kind), extent=(0.0, AL_MAX, 0.0, 1.0), origin="upper", aspect="auto",
                  interpolation="bilinear", zorder=0)
        ax.set_xticks([0, 1, 2, 3, 4])
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.set_yticklabels(["0", "0.25", "0.5", "0.75", "1"])
        ax.tick_params(labelsize=13)
        if n == len(maps) - 1:  # stacked maps share the lowest one's αλ axis
            ax.set_xlabel("\u03b1\u03bb  (step size \u00d7 curvature)", fontsize=15)
        else:
            ax.set_xticklabels([])
        ax.set_ylabel(rates_maps.beta_label(mode), fontsize=15)
        lw = 2.2 if kind == "theory" else 1.4  # thinner over the measured map, which they are checked against
        ax.plot(data["crit_al"], data["crit_b"], color=fg, lw=lw, zorder=2)
        ax.plot(data["stab_al"], data["stab_b"], color=fg, lw=lw, ls=(0, (5, 3)), zorder=2)
        said = rates_maps.headings(mode, data.get("agreement")).get(kind, ())
        heads = [fig.text(rates_maps.HEAD_X, y, s, color=muted if i else fg, fontsize=13 if i else 15, va="center")
                 for i, (y, s) in enumerate(zip(lay["heads"].get(kind, ()), said))]
        rv.fade("curve", *heads[1:])  # the agreement, with the map; the heading itself with the axes
        if kind == "theory" or len(maps) == 1:
            _labels(ax, data, theme)
        rv.fade("curve", *ax.images, *ax.lines, *ax.texts)  # the map of rates, its lines and labels
        rings.append(ax.plot([], [], "o", ms=17, mfc="none", mec=theme.background, mew=5, zorder=6, animated=True,
                             clip_on=False)[0])
        rings.append(ax.plot([], [], "o", ms=17, mfc="none", mec=fg, mew=2.5, zorder=7, animated=True,
                             clip_on=False)[0])
    BAR_BOX, SWATCH_BOX = lay["bar"], lay["swatch"]

    # Colour bar, with the divergence swatch above it.
    bar = fig.add_axes(BAR_BOX)
    bar.patch.set_visible(False)  # the image covers it, and fades in over the background
    bar.imshow(bar_rgba(theme), extent=(0, 1, 0, 1), aspect="auto", interpolation="bilinear")
    bar.set_xticks([])
    bar.yaxis.tick_right()
    bar.set_yticks([0, 0.5, 1])
    bar.set_yticklabels(["0", "0.5", "1"])
    bar.tick_params(colors=muted, labelsize=13, length=0, pad=5)
    for side in bar.spines.values():
        side.set_visible(False)
    fig.patches.append(Rectangle(SWATCH_BOX[:2], *SWATCH_BOX[2:], transform=fig.transFigure,
                                 fc=diverge_color(theme), ec="none"))
    fig.text(SWATCH_BOX[0] + 0.022, SWATCH_BOX[1] + SWATCH_BOX[3] / 2, "\u2265 1", color=muted, fontsize=13,
             va="center")
    fig.text(BAR_BOX[0] + BAR_BOX[2] / 2, BAR_BOX[1] + BAR_BOX[3] + 0.03, "rate", color=muted, fontsize=13,
             ha="center", va="center")

    # Readouts.
    lines = [fig.text(COL, y, "", color=c, fontsize=fs, va="center", animated=True)
             for y, c, fs in zip(READOUT_Y, (fg, theme.momentum, muted), (17, 17, 15))]

    # The trajectory panel.
    tx = panel_axes(fig, traj_panel(data), theme)
    tx.set_yticks(data["yticks"])
    tx.set_yticklabels([f"{v:g}" for v in data["yticks"]])
    tx.tick_params(labelsize=13)
    tx.set_xlabel("step k", fontsize=15, labelpad=2)
    tx.axhline(0.0, color=muted, lw=1.0, ls=(0, (4, 3)))
    fig.text(COL, TRAJ_BOX[1] + TRAJ_BOX[3] + 0.035, f"$x_k,\\ x_0 = 1,\\ \\lambda = 1$", color=fg, fontsize=16,
             va="center")
    env_hi, = tx.plot([], [], color=theme.accent, lw=1.8, ls=(0, (5, 3)), animated=True)
    env_lo, = tx.plot([], [], color=theme.accent, lw=1.8, ls=(0, (5, 3)), animated=True)
    faint, = tx.plot([], [], color=theme.momentum, lw=2, alpha=0.35, animated=True)
    played, = tx.plot([], [], color=theme.momentum, lw=3, animated=True)
    head, = tx.plot([], [], "o", ms=10, color=theme.momentum, mec=theme.background, mew=1.5, animated=True,
                    clip_on=False)
    diverged = tx.text(0.97 * data["steps"], 0.8 * data["ylim"], "diverges", color=theme.gd, fontsize=16, ha="right",
                       va="center", animated=True, bbox=dict(boxstyle="round,pad=0.25", fc=theme.background,
                                                             ec="none", alpha=0.85))
    cap_y = TRAJ_BOX[1] + TRAJ_BOX[3] + 0.035
    fig.add_artist(Line2D([COL + 0.25, COL + 0.28], [cap_y, cap_y], transform=fig.transFigure, color=theme.accent,
                          lw=1.8, ls=(0, (3, 2))))
    fig.text(COL + 0.29, cap_y, r"$\pm C\,\mathrm{rate}^k$", color=theme.accent, fontsize=16, va="center")

    for i, tex in enumerate((data["update_tex"], data["rate_tex"], data["complex_tex"])):
        fig.text(COL, 0.245 - 0.06 * i, f"${tex}$", color=fg, fontsize=16, va="center")
    fig.text(COL, 0.065, data["note"], color=muted, fontsize=15, va="center")
    rv.grow("balls", *rings, head).fade("balls", *lines, env_hi, env_lo, faint, played).rest("axes", title)

    def update(t: float) -> None:
        st = frame_state(data, t)
        for r in rings:
            r.set_data([st["marker"][0]], [st["marker"][1]])
        for line, txt in zip(lines, readout(data, st)):
            line.set_text(txt)
        ek, ev = st["envelope"]
        env_hi.set_data(ek, ev)
        env_lo.set_data(ek, -ev)
        faint.set_data(*st["faint"])
        if st["played"] is None:
            played.set_data([], [])
            head.set_data([], [])
        else:
            played.set_data(*st["played"])
            head.set_data(*([[st["head"][0]], [st["head"][1]]] if st["head"] else [[], []]))
        shown = rv.sched.alpha(t, "balls")
        diverged.set_alpha(shown if st["diverged"] else 0.0)
        diverged.get_bbox_patch().set_alpha(0.85 * shown if st["diverged"] else 0.0)
        rv(t)

    return update


def _labels(ax, data: dict, theme) -> None:
    """The regime labels, boxed, with arrows to the points they name, and the one-step dot at (1, 0)."""
    fg = theme.foreground
    box = dict(boxstyle="round,pad=0.3", fc=theme.background, ec="none", alpha=0.8)
    for lab in LABELS:
        txt = "\n".join(s if i == 0 else f"${s}$" for i, s in enumerate(lab["lines"]))
        label = ax.text(*lab["at"], txt, color=fg, fontsize=15, ha="center", va="center", bbox=box, zorder=4,
                        linespacing=1.5)
        if lab["point"] != lab["at"]:
            # The arrow is an annotation without text, clipped at the label's box: an annotation's own
            # extent would include its arrow, and the arrow is not text.
            ax.annotate("", xy=lab["point"], xytext=lab["at"], zorder=3, annotation_clip=False,
                        arrowprops=dict(arrowstyle="-|>", color=fg, lw=1.5, shrinkA=0, shrinkB=2,
                                        patchA=label.get_bbox_patch()))
    ax.plot([1.0], [0.0], "o", ms=8, color=fg, clip_on=False, zorder=5)


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, box_rectangle, formula, live, show_polyline, spines, text
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
            title = at(text(d["title"], fg, 25, weight=mn.BOLD), 0.04, 0.945, mn.UL)
            self.add(title)

            # The maps: images stretched over their panels' boxes, top first.
            mode = d.get("map", "theory")
            lay = rates_maps.LAYOUT[mode]
            maps = rates_maps.panels(mode)
            said = rates_maps.headings(mode, d.get("agreement"))
            rings = []
            for n, (kind, panel) in enumerate(maps):
                img = mn.ImageMobject(heat_rgba(d, th, kind))
                img.set_resampling_algorithm(mn.RESAMPLING_ALGORITHMS["bilinear"])
                the_map = [fill_box(img, panel.box)]
                self.add(spines(panel.box, muted))
                ticks = mn.VGroup(*(text(f"{v:g}", muted, 18).next_to(panel.c2p(v, 0), mn.DOWN, buff=0.12)
                                    for v in range(5)))
                yt = mn.VGroup(*(text(s, muted, 18).next_to(panel.c2p(0, v), mn.LEFT, buff=0.12)
                                 for s, v in (("0", 0), ("0.25", 0.25), ("0.5", 0.5), ("0.75", 0.75), ("1", 1))))
                ylab = text(rates_maps.beta_label(mode), fg, 20).rotate(np.pi / 2).next_to(yt, mn.LEFT, buff=0.15)
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
                    the_map += _labels(panel, th)
                heads = [at(text(s, muted if i else fg, 18 if i else 20), rates_maps.HEAD_X, y, mn.LEFT)
                         for i, (y, s) in enumerate(zip(lay["heads"].get(kind, ()), said.get(kind, ())))]
                self.add(*heads[:1])
                self.add(rv.fade("curve", *the_map, *heads[1:]))
                rings.append((panel, mn.VGroup(mn.Circle(radius=0.13, stroke_color=th.background, stroke_width=9),
                                               mn.Circle(radius=0.13, stroke_color=fg, stroke_width=4))))
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
            rv.rest(self, "axes", title)

            def redraw(t):
                st = frame_state(d, t)
                for panel, ring in rings:
                    ring.move_to(panel.c2p(*st["marker"]))
                for line, txt in zip(lines, readout(d, st)):
                    line.set_text(txt)
                ek, ev = st["envelope"]
                _dashed(env_hi, tax.c2p(ek, ev))
                _dashed(env_lo, tax.c2p(ek, -ev))
                fk, fx = st["faint"]
                show_polyline(faint, tax.c2p(fk, fx), 0.35)
                if st["played"] is None or len(st["played"][0]) < 1:
                    show_polyline(played, np.zeros((0, 3)))
                    head.set_opacity(0)
                else:
                    pk, px = st["played"]
                    show_polyline(played, tax.c2p(pk, px))
                    head.move_to(tax.c2p(*st["head"])).set_opacity(1)
                shown = rv.sched.alpha(t, "balls")
                warn.set_opacity(shown if st["diverged"] else 0)
                warn[0].set_fill(opacity=0.85 * shown if st["diverged"] else 0)
                rv.grow(t, "balls", *(ring for _, ring in rings), head)
                rv.show(t, "balls", *lines, env_hi, env_lo, faint, played)

            self.add(live(clock, redraw, env_hi, env_lo, faint, played, head, *(ring for _, ring in rings), *lines, warn))
            return clock

    def _labels(panel, th) -> list:
        """The regime labels, boxed, with arrows to the points they name, and the one-step dot at (1, 0)."""
        fg, out = th.foreground, []
        for lab in LABELS:
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

    def _dashed(mob, pts, on=3, off=2):
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
        mob.set_stroke(opacity=1)

    def _edge_towards(box, target):
        """The point where the ray from box's centre to target leaves the box."""
        c = box.get_center()
        half = np.array([box.width / 2, box.height / 2, 1.0])
        d = np.asarray(target) - c
        scale = min(half[0] / abs(d[0]) if d[0] else np.inf, half[1] / abs(d[1]) if d[1] else np.inf)
        return c + d * min(scale, 1.0)

    return RatesScene
