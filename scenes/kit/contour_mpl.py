"""Contour maps, loss panels and optimizer trails drawn with matplotlib, from the geometry that
`scenes.kit.contour` computes.
"""
from __future__ import annotations

from scenes.kit.layout import Panel
from scenes.kit.theme import Theme
from scenes.kit.contour import LABEL_PT, TICK_PT, exit_arrow, exit_opacity


def mpl_contour_axes(fig, panel: Panel, theme: Theme, lines, colors, lw: float = 1.3, alpha: float = 0.85,
                     border: bool = True):
    """An Axes at the panel's box showing the contour lines (static), without ticks."""
    from matplotlib.collections import LineCollection

    ax = fig.add_axes(panel.box)
    ax.set_facecolor(theme.background)
    ax.set_xlim(*panel.xlim)
    ax.set_ylim(*panel.ylim)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(border)
        side.set_color(theme.muted)
        side.set_linewidth(1.0)
    for segs, c in zip(lines, colors):
        if segs:
            ax.add_collection(LineCollection(segs, colors=c, linewidths=lw, alpha=alpha, zorder=1))
    return ax


def mpl_filled(ax, panel: Panel, regions, colors) -> None:
    """Filled contour bands: the whole window in the top colour, then each sublevel region over it."""
    from matplotlib.patches import Polygon, Rectangle

    (x0, x1), (y0, y1) = panel.xlim, panel.ylim
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=colors[-1], edgecolor="none", zorder=0))
    for polys, c in zip(regions[::-1], colors[-2::-1]):
        for poly in polys:
            ax.add_patch(Polygon(poly, closed=True, facecolor=c, edgecolor="none", zorder=0))


def mpl_panel_axes(fig, panel: Panel, theme: Theme, xlabel: str, ylabel: str, xticks, yticks,
                   ytick_labels=None):
    """A plain plotting Axes at the panel's box, styled like the theme, with the given ticks."""
    from scenes.kit.mpl import panel_axes

    ax = panel_axes(fig, panel, theme)
    ax.set_xticks(list(xticks))
    ax.set_yticks(list(yticks))
    ax.minorticks_off()
    if ytick_labels is not None:
        ax.set_yticklabels([f"${t}$" for t in ytick_labels])
    ax.tick_params(labelsize=TICK_PT)
    ax.set_xlabel(xlabel, fontsize=LABEL_PT, labelpad=2)
    ax.set_ylabel(ylabel, fontsize=LABEL_PT, labelpad=4)
    return ax


def mpl_runs(axes, loss_ax, colors, theme: Theme, trail_lw: float = 2.2, ball_ms: float = 11,
             curve_lw: float = 2.2, zorder: tuple[float, float] = (3, 5), stack: bool = False):
    """Per run (one colour each), its trail and ball on its contour Axes (`axes`, one per run; runs
    may share one) and its curve on the loss Axes, all empty until `mpl_show_runs` fills them.
    `zorder` is the trails' and the balls'; with `stack` each run's is raised by its index."""
    trails, balls = [], []
    for i, (ax, c) in enumerate(zip(axes, colors)):
        up = i if stack else 0
        trails.append(ax.plot([], [], color=c, lw=trail_lw, zorder=zorder[0] + up, animated=True,
                              solid_joinstyle="round")[0])
        balls.append(ax.plot([], [], "o", ms=ball_ms, color=c, mec=theme.background, mew=1.5,
                             zorder=zorder[1] + up, animated=True)[0])
    curves = [loss_ax.plot([], [], color=c, lw=curve_lw, zorder=3 + i, animated=True)[0]
              for i, c in enumerate(colors)]
    return trails, balls, curves


def mpl_target_table(fig, loss_ax, data: dict, theme: Theme, colors, rows, x: float, dot_ms: float = 8,
                     dot_zorder: float = 7):
    """The target loss as a dashed line on the loss Axes with a dot where each run reaches it, and the
    'steps to target' table at `rows` ((text, y) pairs, the heading first), right-aligned at x. The dots
    and the runs' rows are returned, for `mpl_show_runs` to fade in."""
    loss_ax.axhline(data["target"], color=theme.muted, lw=1.3, ls=(0, (4, 3)), zorder=1)
    dots = [loss_ax.plot([h or 0], [data["target"]], "o", ms=dot_ms, color=c, zorder=dot_zorder, animated=True)[0]
            for h, c in zip(data["hits"], colors)]
    fig.text(x, rows[0][1], rows[0][0], color=theme.muted, fontsize=14, ha="right", va="top")
    labels = [fig.text(x, y, txt, color=c, fontsize=14, ha="right", va="top", animated=True)
              for (txt, y), c in zip(rows[1:], colors)]
    return dots, labels


def mpl_exit_arrows(axes, panels, colors, exits, zorder: float = 12) -> list:
    """Per run, for each stretch it spends outside its window (`scenes.kit.contour.exits`: a list per
    run), an arrow in its colour on its contour Axes pointing outward at the point where it leaves
    (`exit_arrow`), over the balls, hidden until `mpl_show_runs` shows it while the run is outside.
    Returns (arrow, exit) pairs."""
    from matplotlib.patches import FancyArrowPatch

    out = []
    for ax, panel, c, stretches in zip(axes, panels, colors, exits):
        for ex in stretches:
            a, b = exit_arrow(ex, panel)
            arrow = FancyArrowPatch(tuple(a), tuple(b), arrowstyle="-|>", mutation_scale=19, lw=2.8, color=c,
                                    shrinkA=0, shrinkB=0, clip_on=False, zorder=zorder, animated=True, alpha=0.0)
            ax.add_patch(arrow)
            out.append((arrow, ex))
    return out


def show_exit_arrows(arrows, s: float) -> None:
    """Each (arrow, exit) of `mpl_exit_arrows` at its opacity at fractional step s (`exit_opacity`)."""
    for arrow, ex in arrows:
        arrow.set_alpha(exit_opacity(ex, s))


def mpl_show_runs(counter, steps: int, trails, balls, curves, dots=(), rows=(), arrows=()):
    """A function that shows a frame state (`runs_state`'s keys) on the artists of `mpl_runs`,
    `mpl_target_table` and `mpl_exit_arrows` (its (arrow, exit) pairs), and the step on the counter."""
    def show(st: dict) -> None:
        counter.set_text(f"step {st['step']} / {steps}")
        for i, (tr, ball, cu) in enumerate(zip(trails, balls, curves)):
            tr.set_data(st["trails"][i][:, 0], st["trails"][i][:, 1])
            ball.set_data([st["heads"][i][0]], [st["heads"][i][1]])
            cu.set_data(st["curves"][i][:, 0], st["curves"][i][:, 1])
        for dot, alpha in zip(dots, st.get("dots", ())):
            dot.set_alpha(alpha)
        for row, alpha in zip(rows, st.get("rows", ())):
            row.set_alpha(alpha)
        show_exit_arrows(arrows, st["s"])

    return show
