"""Contour maps, loss panels and optimizer trails drawn with Manim, from the geometry that
`scenes.kit.contour` computes (the same places and sizes as `scenes.kit.contour_mpl`).
"""
from __future__ import annotations

import numpy as np

from scenes.kit.layout import Panel, text_size, tex_size
from scenes.kit.theme import Theme
from scenes.kit.contour import LABEL_PT, TICK_PT, exit_arrow, exit_opacity


def manim_contours(panel: Panel, lines, colors, width: float = 1.6, opacity: float = 0.85):
    """The contour lines as one VGroup of polylines (static)."""
    import manim as mn

    group = mn.VGroup()
    for segs, c in zip(lines, colors):
        for seg in segs:
            group.add(mn.VMobject(stroke_color=c, stroke_width=width, stroke_opacity=opacity)
                      .set_points_as_corners(panel.to_manim(seg)))
    group.backdrop = True  # the map under the runs, not data a text could hide (the layout check)
    return group


def manim_border(panel: Panel, theme: Theme):
    """The frame `mpl_contour_axes` draws around the panel."""
    from scenes.kit.manim import box_rectangle

    return box_rectangle(panel.box, stroke_color=theme.muted, stroke_width=2)


def manim_filled(panel: Panel, regions, colors):
    """The filled contour bands of `mpl_filled`, as one static VGroup."""
    import manim as mn

    from scenes.kit.manim import box_rectangle

    group = mn.VGroup(box_rectangle(panel.box, fill_color=colors[-1], fill_opacity=1, stroke_width=0))
    for polys, c in zip(regions[::-1], colors[-2::-1]):
        for poly in polys:
            group.add(mn.VMobject(fill_color=c, fill_opacity=1, stroke_width=0)
                      .set_points_as_corners(panel.to_manim(np.vstack([poly, poly[:1]]))))
    group.backdrop = True
    return group


def manim_panel_axes(panel: Panel, theme: Theme, xlabel: str, ylabel: str, xticks, yticks,
                     ytick_labels=None):
    """Left and bottom axis lines with ticks and labels, as matplotlib's `mpl_panel_axes` draws them."""
    import manim as mn

    from scenes.kit.manim import formula, spines, text

    x0, x1 = panel.xlim
    y0, y1 = panel.ylim
    origin = panel.to_manim([[x0, y0]])[0]
    group = mn.VGroup(*spines(panel.box, theme.muted))
    tick = 0.08
    for v in xticks:
        p = panel.to_manim([[v, y0]])[0]
        group.add(mn.Line(p, p + tick * mn.DOWN, color=theme.muted, stroke_width=2))
        group.add(text(f"{v:g}", theme.muted, text_size(TICK_PT)).next_to(p, mn.DOWN, buff=0.12))
    labels = ytick_labels if ytick_labels is not None else [f"{v:g}" for v in yticks]
    for v, lab in zip(yticks, labels):
        p = panel.to_manim([[x0, v]])[0]
        group.add(mn.Line(p, p + tick * mn.LEFT, color=theme.muted, stroke_width=2))
        mob = formula(lab, theme.muted, tex_size(TICK_PT)) if ytick_labels is not None \
            else text(lab, theme.muted, text_size(TICK_PT))
        group.add(mob.next_to(p, mn.LEFT, buff=0.12))
    xl = text(xlabel, theme.foreground, text_size(LABEL_PT))
    group.add(xl.next_to(panel.to_manim([[(x0 + x1) / 2, y0]])[0], mn.DOWN, buff=0.45))
    yl = text(ylabel, theme.foreground, text_size(LABEL_PT)).rotate(np.pi / 2)
    left = min(m.get_left()[0] for m in group[2:] if m.get_center()[0] < origin[0] - 0.05) \
        if len(yticks) else origin[0]
    group.add(yl.move_to([left - 0.3, panel.to_manim([[x0, panel.ylim[1]]])[0][1] * 0.5
                          + origin[1] * 0.5, 0]))
    return group


def manim_runs(colors, theme: Theme, trail_width: float = 4, ball_radius: float = 0.1, curve_width: float = 4):
    """Per run (one colour each): its trail, ball and loss curve, for `manim_show_runs` to move."""
    import manim as mn

    trails = [mn.VMobject(stroke_color=c, stroke_width=trail_width) for c in colors]
    balls = [mn.Dot(radius=ball_radius, color=c, stroke_color=theme.background, stroke_width=2) for c in colors]
    curves = [mn.VMobject(stroke_color=c, stroke_width=curve_width) for c in colors]
    return trails, balls, curves


def manim_target_table(scene, loss_panel: Panel, data: dict, theme: Theme, colors, rows, x: float,
                       dot_radius: float = 0.07):
    """`mpl_target_table` for Manim: adds the dashed target line and the table's heading to the scene
    and returns the dots and the runs' rows, for `manim_show_runs` to fade in."""
    import manim as mn

    from scenes.kit.layout import at
    from scenes.kit.manim import text

    a, b = loss_panel.to_manim([[0, data["target"]], [data["steps"], data["target"]]])
    scene.add(mn.DashedLine(a, b, color=theme.muted, stroke_width=2, dash_length=0.1))
    dots = [mn.Dot(loss_panel.to_manim([[h or 0, data["target"]]])[0], radius=dot_radius, color=c)
            for h, c in zip(data["hits"], colors)]
    scene.add(at(text(rows[0][0], theme.muted, text_size(14)), x, rows[0][1], mn.UR))
    labels = [at(text(txt, c, text_size(14)), x, y, mn.UR) for (txt, y), c in zip(rows[1:], colors)]
    return dots, labels


def manim_exit_arrows(panels, colors, exits) -> list:
    """`mpl_exit_arrows` for Manim: per run, for each stretch it spends outside its panel's window, an
    arrow (opacity 0 until `show_exit_arrows` shows it while the run is outside). Returns (arrow, exit)
    pairs."""
    import manim as mn

    out = []
    for panel, c, stretches in zip(panels, colors, exits):
        for ex in stretches:
            a, b = panel.to_manim(np.array(exit_arrow(ex, panel)))
            out.append((mn.Arrow(a, b, buff=0, color=c, stroke_width=6, tip_length=0.2,
                                 max_tip_length_to_length_ratio=0.5, max_stroke_width_to_length_ratio=20)
                        .set_opacity(0), ex))
    return out


def show_exit_arrows(arrows, s: float) -> None:
    """Each (arrow, exit) at its opacity at fractional step s (`scenes.kit.contour.exit_opacity`)."""
    for arrow, ex in arrows:
        arrow.set_opacity(exit_opacity(ex, s))


def manim_show_runs(counter, steps: int, panels, loss_panel: Panel, trails, balls, curves, dots=(), rows=(),
                    arrows=()):
    """`mpl_show_runs` for Manim: `panels` holds each run's contour panel (runs may share one)."""
    from scenes.kit.manim import set_polyline

    def show(st: dict) -> None:
        counter.set_text(f"step {st['step']} / {steps}")
        for i, (panel, tr, ball, cu) in enumerate(zip(panels, trails, balls, curves)):
            set_polyline(tr, panel.to_manim(st["trails"][i]))
            ball.move_to(panel.to_manim([st["heads"][i]])[0])
            set_polyline(cu, loss_panel.to_manim(st["curves"][i]))
        for dot, alpha in zip(dots, st.get("dots", ())):
            dot.set_opacity(alpha)
        for row, alpha in zip(rows, st.get("rows", ())):
            row.set_opacity(alpha)
        show_exit_arrows(arrows, st["s"])

    return show
