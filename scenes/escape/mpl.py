"""Escape drawn with matplotlib: `draw_mpl` builds the artists once and returns update(t)."""
from __future__ import annotations

from scenes.kit import contour as C, contour_mpl, reveal
from scenes.escape.data import SLOW_TEXT, frame_state, settings_text
from scenes.escape.layout import (
    FORMULA_Y, HEADING_Y, LEGEND_Y, MAPS, VERDICT_Y, label_points, run_colors, title_pt)


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    fg, muted = theme.foreground, theme.muted
    colors = run_colors(theme)
    title = fig.text(0.035, 0.945, data["title"], fontsize=title_pt(data["title"]), weight="bold", color=fg, va="center")
    counter = fig.text(0.965, 0.945, "", color=fg, fontsize=16, ha="right", va="center", animated=True)
    slow = fig.text(0.965, FORMULA_Y, SLOW_TEXT, color=muted, fontsize=14, ha="right", va="center", animated=True)
    for i, (label, tex, setting) in enumerate(zip(data["labels"], data["formulas"], settings_text(data))):
        y = LEGEND_Y[i]
        fig.text(0.04, y, "\u25cf", color=colors[i], fontsize=20, va="center")
        fig.text(0.065, y, label, color=fg, fontsize=15, va="center")
        fig.text(0.26, y, f"${tex}$", color=fg, fontsize=17, va="center")
        fig.text(0.965, y, f"${setting}$", color=muted, fontsize=17, ha="right", va="center")
    fig.text(0.04, FORMULA_Y, f"${data['landscape_tex']}$", color=muted, fontsize=16, va="center")

    axes, names = [], {}
    for panel, heading in zip(MAPS, data["headings"]):
        fig.text(panel.box[0], HEADING_Y, heading, color=fg, fontsize=14, va="center")
        ax = contour_mpl.mpl_contour_axes(fig, panel, theme, data["lines"], C.level_colors(theme, len(data["levels"])),
                                lw=1.1, alpha=0.9)
        contour_mpl.mpl_filled(ax, panel, data["regions"], C.band_colors(theme, len(data["levels"])))
        for seg in data["ridge_line"]:
            ax.plot(seg[:, 0], seg[:, 1], color=fg, lw=1.6, ls=(0, (4, 3)), zorder=2)
        names[ax] = {name: ax.text(x, y, name, color=fg, fontsize=14, ha="center", va="center", zorder=2)
                     for name, (x, y) in label_points(data).items()}
        for x, y in data["wells"].values():
            ax.plot(x, y, marker="x", ms=9, mew=2.2, color=fg, zorder=2)
        ax.plot(*data["ridge"], marker="o", ms=6, color=fg, zorder=2)
        rv.fade("curve", *ax.patches, *ax.collections, *ax.lines, *ax.texts)
        axes += [ax, ax]
    trails = [ax.plot([], [], color=c, lw=2.4, zorder=3 + i % 2, animated=True, solid_joinstyle="round")[0]
              for i, (ax, c) in enumerate(zip(axes, colors))]
    balls = [ax.plot([], [], "o", ms=12, color=c, mec=theme.background, mew=1.5, zorder=6 + i % 2,
                     animated=True)[0] for i, (ax, c) in enumerate(zip(axes, colors))]
    ends = [fig.text(panel.box[0], y, txt, color=c, fontsize=14, va="center", animated=True)
            for (panel, y), txt, c in zip([(m, y) for m in MAPS for y in VERDICT_Y], data["verdicts"], colors)]
    panels = [m for m in MAPS for _ in range(2)]
    exits = [C.exits(data["raw_positions"][i:i + 1], data["positions"][i:i + 1], p.xlim, p.ylim)[0]
             for i, p in enumerate(panels)]
    arrows = contour_mpl.mpl_exit_arrows(axes, panels, colors, exits)
    rv.grow("balls", *balls).fade("balls", counter).rest("axes", title)

    def update(t: float) -> None:
        if names:  # once the frame's shape has placed the maps: the labels placed by their drawn size
            renderer = fig.canvas.get_renderer()
            for ax, labels in names.items():
                to_data = ax.transData.inverted()
                sizes = {}
                for name, label in labels.items():
                    (x0, y0), (x1, y1) = to_data.transform(label.get_window_extent(renderer).get_points())
                    sizes[name] = (abs(x1 - x0) / 2, abs(y1 - y0) / 2)
                for name, point in label_points(data, sizes).items():
                    labels[name].set_position(point)
            names.clear()
        st = frame_state(data, t)
        counter.set_text(f"step {st['step']} / {data['steps']}")
        for tr, ball, pts, head in zip(trails, balls, st["trails"], st["heads"]):
            tr.set_data(pts[:, 0], pts[:, 1])
            ball.set_data([head[0]], [head[1]])
        contour_mpl.show_exit_arrows(arrows, st["s"])
        slow.set_alpha(st["slow_motion"] * rv.sched.alpha(t, "balls"))
        for end in ends:
            end.set_alpha(st["outro"])
        rv(t)

    return update
