"""Contour plots of a 2-D landscape with optimizer trails, drawn alike by both backends.

The geometry is computed once, in a scene's `make_data`: the landscape sampled on a grid, its contour
lines as polylines (matplotlib's own contour generator, `contourpy`), the runs' positions clamped to the
plotting window. Drawing code then only maps those arrays onto the canvas.

Layout is written in figure fractions (0..1 across and up the shared 16:9 canvas). A `Panel` is a box on
the canvas with the data limits it shows; `Panel.to_manim` maps data points into Manim's frame
(FRAME_W x FRAME_H units), and a matplotlib Axes placed at `panel.box` with the same limits shows the
same points at the same place.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenes.theme import FIG_H, FIG_W, Theme

FRAME_H = 8.0
FRAME_W = FRAME_H * FIG_W / FIG_H


# ------------------------------------------------------------------------------------------- layout

# Manim font sizes that match matplotlib point sizes on the shared canvas (measured on DejaVu Sans and
# Computer Modern); plain text never goes below 18.
def text_size(pt: float) -> float:
    return max(18.0, 1.13 * pt)


def tex_size(pt: float) -> float:
    return 1.42 * pt


def fig_point(fx: float, fy: float) -> np.ndarray:
    """A point given in figure fractions, in Manim's frame coordinates."""
    return np.array([(fx - 0.5) * FRAME_W, (fy - 0.5) * FRAME_H, 0.0])


def at(mob, fx: float, fy: float, edge=None):
    """Move a Manim mobject so that its `edge` (LEFT, UR, ...; centre by default) sits at a point given
    in figure fractions, as matplotlib's ha/va place text."""
    return mob.move_to(fig_point(fx, fy), aligned_edge=np.zeros(3) if edge is None else edge)


@dataclass(frozen=True)
class Panel:
    """A box on the canvas, (left, bottom, width, height) in figure fractions, showing data limits
    xlim x ylim; with `log` the y axis is logarithmic (ylim then holds positive values)."""

    box: tuple[float, float, float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    log: bool = False

    def _ty(self, y):
        return np.log10(y) if self.log else y

    def to_fig(self, xy) -> np.ndarray:
        """(n, 2) data points -> (n, 2) figure fractions."""
        xy = np.atleast_2d(np.asarray(xy, dtype=float))
        l, b, w, h = self.box
        y0, y1 = self._ty(self.ylim[0]), self._ty(self.ylim[1])
        fx = l + w * (xy[:, 0] - self.xlim[0]) / (self.xlim[1] - self.xlim[0])
        fy = b + h * (self._ty(xy[:, 1]) - y0) / (y1 - y0)
        return np.column_stack([fx, fy])

    def to_manim(self, xy) -> np.ndarray:
        """(n, 2) data points -> (n, 3) Manim frame points."""
        f = self.to_fig(xy)
        return np.column_stack([(f[:, 0] - 0.5) * FRAME_W, (f[:, 1] - 0.5) * FRAME_H, np.zeros(len(f))])

    def corner(self, fx: float, fy: float) -> np.ndarray:
        """A point given as fractions of this panel's box (0,0 lower left), in Manim coordinates."""
        l, b, w, h = self.box
        return fig_point(l + fx * w, b + fy * h)


def equal_aspect_box(left: float, bottom: float, width: float, xlim, ylim) -> tuple[float, float, float, float]:
    """The box of the given width (figure fraction) whose height makes one data unit equally long on
    both axes."""
    inches = width * FIG_W
    ratio = (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    return (left, bottom, width, inches * ratio / FIG_H)


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


def row_events(hits, diverged, left, steps: int, unit: str = " steps") -> list[tuple[str, int]]:
    """For each run, what its line of a 'steps to target' table says and the step it appears at:
    the step count when the target is reached, 'diverged' when the run leaves the window or blows up,
    otherwise 'not reached' at the end."""
    out = []
    for h, d, lw in zip(hits, diverged, left):
        if h is not None:
            out.append((f"{h}{unit}", int(h)))
        elif d:
            out.append(("diverged", int(lw) if lw >= 0 else steps))
        else:
            out.append(("not reached", steps))
    return out


def appear(s: float, step: int) -> float:
    """Opacity of something that appears when the animation reaches `step`."""
    return float(np.clip(s - step + 1.0, 0.0, 1.0))


def safe_values(values: np.ndarray, ceiling: float) -> np.ndarray:
    """Loss values with inf/nan and anything above `ceiling` replaced by `ceiling`."""
    v = np.array(values, dtype=float)
    v[~np.isfinite(v)] = ceiling
    return np.minimum(v, ceiling)


def first_below(values: np.ndarray, target: float) -> int | None:
    """The first step whose loss is below target, or None."""
    hit = np.nonzero(np.asarray(values) < target)[0]
    return int(hit[0]) if hit.size else None


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
    from scenes.theme import style_axes

    ax = fig.add_axes(panel.box)
    style_axes(ax, theme, grid=False)
    if panel.log:
        ax.set_yscale("log")
    ax.set_xlim(*panel.xlim)
    ax.set_ylim(*panel.ylim)
    ax.set_xticks(list(xticks))
    ax.set_yticks(list(yticks))
    ax.minorticks_off()
    if ytick_labels is not None:
        ax.set_yticklabels([f"${t}$" for t in ytick_labels])
    ax.tick_params(labelsize=TICK_PT)
    ax.set_xlabel(xlabel, fontsize=LABEL_PT, labelpad=2)
    ax.set_ylabel(ylabel, fontsize=LABEL_PT, labelpad=4)
    return ax


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
    import manim as mn

    l, b, w, h = panel.box
    return mn.Rectangle(width=w * FRAME_W, height=h * FRAME_H, stroke_color=theme.muted, stroke_width=2) \
        .move_to(fig_point(l + w / 2, b + h / 2))


def manim_filled(panel: Panel, regions, colors):
    """The filled contour bands of `mpl_filled`, as one static VGroup."""
    import manim as mn

    l, b, w, h = panel.box
    group = mn.VGroup(mn.Rectangle(width=w * FRAME_W, height=h * FRAME_H, fill_color=colors[-1], fill_opacity=1,
                                   stroke_width=0).move_to(fig_point(l + w / 2, b + h / 2)))
    for polys, c in zip(regions[::-1], colors[-2::-1]):
        for poly in polys:
            group.add(mn.VMobject(fill_color=c, fill_opacity=1, stroke_width=0)
                      .set_points_as_corners(panel.to_manim(np.vstack([poly, poly[:1]]))))
    return group


def manim_panel_axes(panel: Panel, theme: Theme, xlabel: str, ylabel: str, xticks, yticks,
                     ytick_labels=None):
    """Left and bottom axis lines with ticks and labels, as matplotlib's `mpl_panel_axes` draws them."""
    import manim as mn

    from scenes.manim_backend import formula, text

    x0, x1 = panel.xlim
    y0, y1 = panel.ylim
    origin = panel.to_manim([[x0, y0]])[0]
    group = mn.VGroup(
        mn.Line(origin, panel.to_manim([[x1, y0]])[0], color=theme.muted, stroke_width=2),
        mn.Line(origin, panel.to_manim([[x0, y1]])[0], color=theme.muted, stroke_width=2),
    )
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


def set_polyline(mob, points: np.ndarray):
    """Make a VMobject the polyline through `points` ((n, 3), n >= 1)."""
    if len(points) < 2:
        points = np.vstack([points, points])
    mob.set_points_as_corners(points)
    return mob
