"""Contour plots of a 2-D landscape with optimizer trails, drawn alike by both backends.

The geometry is computed once, in a scene's `make_data`: the landscape sampled on a grid, its contour
lines as polylines (matplotlib's own contour generator, `contourpy`), the runs' positions clamped to the
plotting window. Drawing code then only maps those arrays onto the canvas.

Layout is written in figure fractions, on `scenes.kit.layout`'s canvas: a contour map or a loss plot is a
`scenes.kit.layout.Panel`, drawn by matplotlib as an Axes at its box and by Manim through `Panel.to_manim`.
"""
from __future__ import annotations

import numpy as np

from scenes.kit.layout import Panel, text_size, tex_size
from scenes.kit.theme import Theme


# ---------------------------------------------------------------------------------------- geometry

def sample(landscape, xlim, ylim, n: int = 201) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The landscape on a grid over the window: xs (nx,), ys (ny,), z (ny, nx), about n points a side."""
    aspect = (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    nx = n if aspect <= 1 else max(31, int(round(n / aspect)))
    ny = max(31, int(round(n * aspect))) if aspect <= 1 else n
    xs, ys = np.linspace(*xlim, nx), np.linspace(*ylim, ny)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, landscape.value(np.stack([gx, gy], axis=-1))


def geometric_levels(low: float, high: float, n: int) -> np.ndarray:
    """n levels spaced evenly in log between two positive values."""
    return np.geomspace(low, high, n)


def contour_lines(xs, ys, z, levels) -> list[list[np.ndarray]]:
    """For each level, its contour as a list of (k, 2) polylines (closed loops repeat their first point)."""
    import contourpy

    gen = contourpy.contour_generator(xs, ys, z, line_type=contourpy.LineType.Separate)
    return [[np.asarray(seg, dtype=float) for seg in gen.lines(float(level)) if len(seg) >= 2]
            for level in levels]


def diverged(values: np.ndarray) -> bool:
    """A run diverged if its loss ends non-finite or above where it started."""
    v = np.asarray(values, dtype=float)
    return bool(not np.isfinite(v[-1]) or v[-1] > v[0])


def clamp_runs(positions: np.ndarray, xlim, ylim, gone) -> tuple[np.ndarray, np.ndarray]:
    """Positions (runs, steps+1, 2) made safe to draw, and the step at which each diverging run left.

    A run flagged in `gone` (it diverges) stops where its path first crosses the window's edge and
    stays there; the second array holds that step. Any other run that strays outside the window for
    a while is drawn along the edge meanwhile (its entry is -1).
    """
    pos = np.array(positions, dtype=float)
    lo, hi = np.array([xlim[0], ylim[0]]), np.array([xlim[1], ylim[1]])
    left = np.full(pos.shape[0], -1, dtype=int)
    with np.errstate(invalid="ignore"):
        for i, run in enumerate(pos):
            outside = ~np.all(np.isfinite(run) & (run >= lo) & (run <= hi), axis=1)
            if not outside.any():
                continue
            if not gone[i] and np.all(np.isfinite(run)):
                run[:] = np.clip(run, lo, hi)
                continue
            j = int(np.argmax(outside))
            left[i] = j
            if j == 0:
                run[:] = np.clip(np.nan_to_num(run[0]), lo, hi)
                continue
            p, q = run[j - 1], run[j]
            edge = p
            if np.all(np.isfinite(q)):
                d = q - p
                # The largest fraction of the step p -> q that stays inside, per axis.
                with np.errstate(divide="ignore"):
                    limits = np.where(d > 0, (hi - p) / d, np.where(d < 0, (lo - p) / d, np.inf))
                edge = p + min(1.0, float(np.min(limits))) * d
            run[j:] = np.clip(edge, lo, hi)
    return pos, left


def runs_data(landscape, runs, xlim, ylim, loss_top: float, target: float, n_levels: int) -> dict:
    """The data entries every multi-run contour scene shares, from its `sim` runs on one landscape.

    Positions clamped to the window, losses safe to plot below `loss_top`, each run's step counts to
    `target` (`scenes.kit.race.counts`: first below, stays below; "hits" is the step it stays below from,
    where its dot on the target line appears), the table's events (text, step it appears at), and
    contour lines at geometric levels from 0.01·λmin up to 0.8 of the highest value in the window.
    """
    from scenes.kit import race

    raw = np.stack([r.positions for r in runs])
    gone = [diverged(r.values) for r in runs]
    positions, left = clamp_runs(raw, xlim, ylim, gone)
    cnts = race.counts([r.values for r in runs], target)
    xs, ys, z = sample(landscape, xlim, ylim)
    levels = geometric_levels(0.01 * landscape.lam_min, 0.8 * float(z.max()), n_levels)
    steps = raw.shape[1] - 1
    return {
        "target": target,
        "minimum": np.zeros(2),
        "raw_positions": raw,
        "positions": positions,
        "left_window": left,
        "diverged": gone,
        "values": np.stack([safe_values(r.values, loss_top) for r in runs]),
        "counts": cnts,
        "hits": [c["stays_below"] for c in cnts],
        "events": [(race.row_text(c, g), race.row_step(c, g, lw, steps)) for c, g, lw in zip(cnts, gone, left)],
        "levels": levels,
        "lines": contour_lines(xs, ys, z, levels),
    }


STEP_SPACINGS = (10, 20, 25, 50, 100, 200, 250)


def step_ticks(steps: int, at_most: int, spacings=STEP_SPACINGS) -> list[int]:
    """Ticks 0, s, 2s, ... up to `steps`, with the first spacing s that gives at most `at_most` intervals
    (the widest spacing when none does)."""
    step = next((s for s in spacings if steps / s <= at_most), spacings[-1])
    return list(range(0, steps + 1, step))


def appear(s: float, step: int) -> float:
    """Opacity of something that appears when the animation reaches `step`."""
    return float(np.clip(s - step + 1.0, 0.0, 1.0))


def safe_values(values: np.ndarray, ceiling: float) -> np.ndarray:
    """Loss values with inf/nan and anything above `ceiling` replaced by `ceiling`."""
    v = np.array(values, dtype=float)
    v[~np.isfinite(v)] = ceiling
    return np.minimum(v, ceiling)


# ---------------------------------------------------------------------------------- what moves

def trail(run: np.ndarray, s: float) -> np.ndarray:
    """The path of one run up to fractional step s: points 0..floor(s), then the interpolated head."""
    k = int(np.floor(s))
    k = min(max(k, 0), len(run) - 1)
    pts = run[: k + 1]
    frac = s - k
    if k < len(run) - 1 and frac > 1e-9:
        pts = np.vstack([pts, (1 - frac) * run[k] + frac * run[k + 1]])
    return pts


def head(run: np.ndarray, s: float) -> np.ndarray:
    """The position of a run at fractional step s."""
    return trail(run, s)[-1]


def curve(values: np.ndarray, s: float, floor: float | None = None) -> np.ndarray:
    """(step, value) points of a per-step series up to fractional step s.

    With `floor` (for a log axis) the curve stops where it first drops below the floor, ending exactly
    on it (interpolated in log space), so nothing below the axis is drawn.
    """
    v = np.asarray(values, dtype=float)
    pts = trail(np.column_stack([np.arange(len(v), dtype=float), v]), s)
    if floor is None:
        return pts
    below = np.nonzero(pts[:, 1] < floor)[0]
    if below.size == 0:
        return pts
    j = int(below[0])
    if j == 0:
        return np.array([[0.0, floor]])
    (x0, y0), (x1, y1) = pts[j - 1], pts[j]
    la, lb = np.log10(y0), np.log10(max(y1, 1e-300))
    frac = (la - np.log10(floor)) / (la - lb) if la != lb else 1.0
    return np.vstack([pts[:j], [[x0 + frac * (x1 - x0), floor]]])


def runs_state(data: dict, s: float, floor: float) -> dict:
    """Everything that moves at fractional step s in a race of runs with a log loss panel and a 'steps to
    target' table: the step, each run's trail and ball, its loss curve (stopped at `floor`), the opacity
    of its table row and of its dot on the target line.

    `data` holds "positions" (clamped, see `clamp_runs`), "values", "events" ((text, step) per table row) and "hits"."""
    trails = [trail(run, s) for run in data["positions"]]
    return {
        "s": s,
        "step": int(round(s)),
        "trails": trails,
        "heads": [tr[-1] for tr in trails],
        "curves": [curve(v, s, floor) for v in data["values"]],
        "rows": [appear(s, step) for _, step in data["events"]],
        "dots": [0.0 if h is None else appear(s, h) for h in data["hits"]],
    }


# ---------------------------------------------------------------------------------------- colours

def level_colors(theme: Theme, n: int) -> list[str]:
    """n colours from the theme's colormap, innermost level first, from the band that reads on the
    background and stays clear of the optimizer colours."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    band = (0.72, 0.22) if theme.name == "dark" else (0.05, 0.55)
    cmap = colormaps[theme.heat]
    return [to_hex(cmap(v)) for v in np.linspace(*band, n)]


def sublevel_regions(xs, ys, z, levels) -> list[list[np.ndarray]]:
    """For each level, the region {f <= level} as a list of (k, 2) outer boundary polygons.

    Painted from the highest level down, each on top of the last, they make a filled contour plot
    without holes to cut (the landscapes drawn this way have no interior maximum, so their sublevel
    sets have none).
    """
    import contourpy

    gen = contourpy.contour_generator(xs, ys, z, fill_type=contourpy.FillType.OuterOffset)
    lower = float(np.min(z)) - 1.0
    out = []
    for level in levels:
        polys, offsets = gen.filled(lower, float(level))
        out.append([np.asarray(p[o[0]:o[1]], dtype=float) for p, o in zip(polys, offsets) if o[1] - o[0] >= 3])
    return out


def band_colors(theme: Theme, n: int, strength: float = 0.35) -> list[str]:
    """n fill colours, lowest level first: the theme's colormap (the wells darkest in the dark theme,
    palest in the light one) blended into the background by `strength`, then one for above the top."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex, to_rgb

    cmap = colormaps[theme.heat]
    bg = np.array(to_rgb(theme.background))
    ts = np.linspace(0.0, 0.7, n + 1) if theme.name == "dark" else np.linspace(1.0, 0.15, n + 1)
    return [to_hex((1 - strength) * bg + strength * np.array(cmap(t)[:3])) for t in ts]


# ------------------------------------------------------------------------------------- matplotlib

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


TICK_PT, LABEL_PT = 13, 14


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


def mpl_show_runs(counter, steps: int, trails, balls, curves, dots=(), rows=()):
    """A function that shows a frame state (`runs_state`'s keys) on the artists of `mpl_runs` and
    `mpl_target_table`, and the step on the counter."""
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

    return show


# ------------------------------------------------------------------------------------------ manim

def manim_contours(panel: Panel, lines, colors, width: float = 1.6, opacity: float = 0.85):
    """The contour lines as one VGroup of polylines (static)."""
    import manim as mn

    group = mn.VGroup()
    for segs, c in zip(lines, colors):
        for seg in segs:
            group.add(mn.VMobject(stroke_color=c, stroke_width=width, stroke_opacity=opacity)
                      .set_points_as_corners(panel.to_manim(seg)))
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


def manim_show_runs(counter, steps: int, panels, loss_panel: Panel, trails, balls, curves, dots=(), rows=()):
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

    return show
