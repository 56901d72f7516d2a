"""The damping grid (`scenes.damping.grid`) in both backends: 24 small phase portraits drawn as they go,
placed in the canvas's own fractions (`grid.arrangement`: β across on wide canvases, λ across on tall
ones), under the same title, rule and setting lines as the scene's other part."""
from __future__ import annotations

import numpy as np

from scenes.damping import grid as G
from scenes.damping.layout import RULE, SETTING, SIZES, TITLE
from scenes.kit import layout, reveal

HEAD_PT = 6.0  # points between a cell and its heading
SCALE_PT = 9.0  # points between a cell and its row's scale (Manim's cell frames are drawn thicker)
EDGE = 0.015  # the least room Manim's text keeps from the frame's sides, as a fraction of its width


def keep_inside(mob):
    """Shrink a Manim mobject that reaches past the frame's left or right side, about its edge that is
    inside (its anchor), so that it keeps EDGE from both sides; returns the mobject."""
    import manim as mn

    half = (0.5 - EDGE) * mn.config.frame_width
    left, right = mob.get_left()[0], mob.get_right()[0]
    if right > half and left >= -half:
        mob.scale((half - left) / mob.width, about_edge=mn.LEFT)
    elif left < -half and right <= half:
        mob.scale((right + half) / mob.width, about_edge=mn.RIGHT)
    return mob


def _partial(x: np.ndarray, y: np.ndarray, s: float) -> tuple[np.ndarray, np.ndarray]:
    from scenes.kit.plot1d import partial

    return partial(x, y, s)


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.plot1d import mpl_panel
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    t, fg = data["texts"], theme.foreground
    title = fig.text(*TITLE, t["title"], fontsize=SIZES["title"], weight="bold", color=fg, va="center")
    fig.text(*RULE, t["rule"], fontsize=SIZES["rule"], color=fg, va="center")
    fig.text(*SETTING, t["setting"], fontsize=SIZES["rule"], color=theme.muted, va="center", ha="right")
    tall, boxes = G.arrangement(layout.current().size_in)
    cells, trails, balls = [], [], []
    for i in range(len(data["betas"])):
        for j in range(len(data["lambdas"])):
            wl, vl = data["w_lim"][j], data["v_lim"][j]
            ax = mpl_panel(fig, boxes[i][j], theme, (-vl, vl), (-wl, wl), [], [], grid=False)
            ax.axhline(0.0, color=theme.grid, lw=0.8, zorder=1)
            ax.axvline(0.0, color=theme.grid, lw=0.8, zorder=1)
            for side in ("top", "right"):
                ax.spines[side].set_visible(True)
                ax.spines[side].set_color(theme.muted)
            first_col, first_row = (i == 0, j == 0) if not tall else (j == 0, i == 0)
            if first_row:  # the headings of the columns above the top row
                ax.annotate(t["columns"][i] if not tall else t["rows"][j], (0.5, 1), xycoords="axes fraction",
                            xytext=(0, HEAD_PT), textcoords="offset points", ha="center", va="bottom",
                            color=fg, fontsize=13, weight="bold")
            if first_col:  # the headings of the rows, and their scales, left of the first column
                head = t["rows"][j] if not tall else t["columns"][i]
                ax.annotate(head, (0, 0.5), xycoords="axes fraction", xytext=(-HEAD_PT, 8),
                            textcoords="offset points", ha="right", va="bottom", color=fg, fontsize=13, weight="bold")
                if not tall:
                    for n, part in enumerate(t["scales"][j].split("  ")):
                        ax.annotate(part, (0, 0.5), xycoords="axes fraction", xytext=(-HEAD_PT, -6 - 15 * n),
                                    textcoords="offset points", ha="right", va="top", color=theme.muted, fontsize=12)
            ax.plot([0.0], [0.0], marker="x", ms=6, mew=1.5, color=fg, zorder=2)
            trails.append(ax.plot([], [], color=theme.momentum, lw=1.2, zorder=3, animated=True)[0])
            balls.append(ax.plot([], [], "o", ms=5, color=theme.momentum, mec=theme.background, mew=0.8,
                                 zorder=4, animated=True)[0])
            cells.append((ax, boxes[i][j], data["velocity"][i, j], data["w"][i, j]))
    if tall:  # each column's scale under its bottom cell
        for j in range(len(data["lambdas"])):
            for n, part in enumerate(t["scales"][j].split("  ")):
                cells[(len(data["betas"]) - 1) * len(data["lambdas"]) + j][0].annotate(
                    part, (0.5, 0), xycoords="axes fraction", xytext=(0, -HEAD_PT - 15 * n), textcoords="offset points",
                    ha="center", va="top", color=theme.muted, fontsize=12)
    cells[-1][0].annotate(t["axes"], (1, 0), xycoords="axes fraction", xytext=(0, -10 - (34 if tall else 0)),
                          textcoords="offset points", ha="right", va="top", color=theme.muted, fontsize=12)
    rv.grow("balls", *balls).fade("balls", *trails).rest("axes", title)

    def update(time: float) -> None:
        s = G.shown(data, time)
        for (ax, box, v, w), trail, ball in zip(cells, trails, balls):
            ax.set_position(box)  # in the canvas's own fractions, whatever the reflow did to the design's
            x, y = _partial(v, w, s)
            trail.set_data(x, y)
            ball.set_data([x[-1]], [y[-1]])
        rv(time)

    return update


def manim_build(scene, clock):
    """Add the grid's mobjects to a `DataScene` and return nothing; the clock drives the trails."""
    import manim as mn

    from scenes.kit.layout import at, text_size
    from scenes.kit.manim import live, text
    from scenes.kit.plot1d import ManimPanel
    from scenes.kit.reveal_manim import Reveal

    d, th = scene.data, scene.theme
    t, fg = d["texts"], th.foreground
    rv = Reveal(clock, reveal.schedule(d["story"]))
    title = keep_inside(at(text(t["title"], fg, text_size(SIZES["title"]), weight=mn.BOLD), *TITLE, mn.LEFT))
    scene.add(title, at(text(t["rule"], fg, text_size(SIZES["rule"])), *RULE, mn.LEFT),
              at(text(t["setting"], th.muted, text_size(SIZES["rule"])), *SETTING, mn.RIGHT))
    canvas = layout.current()
    per_in = canvas.frame[0] / canvas.size_in[0]
    tall, boxes = G.arrangement(canvas.size_in)
    trails, balls, cells = [], [], []
    flat = layout.Canvas(canvas.aspect)
    with layout.use(flat):  # the boxes are in this canvas's own fractions
        for i in range(len(d["betas"])):
            for j in range(len(d["lambdas"])):
                wl, vl = d["w_lim"][j], d["v_lim"][j]
                p = ManimPanel(boxes[i][j], th, (-vl, vl), (-wl, wl), grid=False)
                l, b, w, h = boxes[i][j]
                frame = mn.Rectangle(width=w * canvas.frame[0], height=h * canvas.frame[1], stroke_color=th.muted,
                                     stroke_width=2).move_to(p.c2p(0.0, 0.0))
                cross = mn.VGroup(mn.Line(p.c2p(-vl, 0), p.c2p(vl, 0), color=th.grid, stroke_width=1.5),
                                  mn.Line(p.c2p(0, -wl), p.c2p(0, wl), color=th.grid, stroke_width=1.5))
                scene.add(frame, cross, mn.Cross(scale_factor=0.05, stroke_color=fg, stroke_width=2).move_to(p.c2p(0, 0)))
                first_col, first_row = (i == 0, j == 0) if not tall else (j == 0, i == 0)
                gap = HEAD_PT / 72 * per_in
                if first_row:
                    head = text(t["columns"][i] if not tall else t["rows"][j], fg, text_size(13), weight=mn.BOLD)
                    scene.add(head.next_to(p.panel.corner(0.5, 1.0), mn.UP, buff=gap))
                if first_col:
                    head = text(t["rows"][j] if not tall else t["columns"][i], fg, text_size(13), weight=mn.BOLD)
                    scene.add(keep_inside(head.next_to(p.panel.corner(0.0, 0.5), mn.LEFT, buff=gap)
                                          .shift(0.18 * mn.UP)))
                    if not tall:  # the row's scale, both lines shrunk alike where they would leave the frame
                        scale = mn.VGroup(*(text(part, th.muted, text_size(12)).next_to(
                            p.panel.corner(0.0, 0.5), mn.LEFT, buff=SCALE_PT / 72 * per_in).shift(
                            (0.2 + 0.28 * n) * mn.DOWN) for n, part in enumerate(t["scales"][j].split("  "))))
                        scene.add(keep_inside(scale))
                trails.append(p.polyline([0.0], [d["w"][i, j, 0]], th.momentum, width=2))
                balls.append(mn.Dot(p.c2p(d["velocity"][i, j, 0], d["w"][i, j, 0]), radius=0.045, color=th.momentum))
                cells.append((p, d["velocity"][i, j], d["w"][i, j]))
        n_l = len(d["lambdas"])
        if tall:  # each column's scale under its bottom cell
            for j in range(n_l):
                p = cells[(len(d["betas"]) - 1) * n_l + j][0]
                for n, part in enumerate(t["scales"][j].split("  ")):
                    line = text(part, th.muted, text_size(12))
                    scene.add(line.next_to(p.panel.corner(0.5, 0.0), mn.DOWN, buff=gap + 0.28 * n))
        note = text(t["axes"], th.muted, text_size(12))
        scene.add(keep_inside(note.next_to(cells[-1][0].panel.corner(1.0, 0.0), mn.DOWN,
                                           buff=(10 + (34 if tall else 0)) / 72 * per_in, aligned_edge=mn.RIGHT)))
    rv.rest(scene, "axes", title)

    def redraw(time: float) -> None:
        s = G.shown(d, time)
        with layout.use(flat):
            for (p, v, w), trail, ball in zip(cells, trails, balls):
                x, y = _partial(v, w, s)
                p.set_polyline(trail, x, y)
                ball.move_to(p.c2p(x[-1], y[-1]))
        rv.grow(time, "balls", *balls)
        rv.show(time, "balls", *trails)

    scene.add(live(clock, redraw, *trails, *balls))
