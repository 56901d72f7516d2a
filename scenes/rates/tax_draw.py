"""The taxonomy's five panels (`scenes.rates.tax`) drawn in both backends, and the numbered marks of their
presets on the rate map. They are placed in the current canvas's own fractions (`tax.host_box`), where the
x_k panel and the formulas sit during the tour, and fade in as those fade out (`data.tax_state`).
"""
from __future__ import annotations

import numpy as np

from scenes.kit import layout
from scenes.rates import tax as T

HEAD_PT = (27.0, 10.0)  # points above a panel's top: its name, then its rate
HEAD_X = -(T.LEFT_IN - 0.1) * 72  # points from a panel's left edge to its headings' (over its tick labels)
MARK_OFFSET = (7.0, 6.0)  # points from a preset's point on the map to its number (mirrored: see MARK_SIDE)
HEAD_GAP_IN = 0.3  # inches a heading keeps from the next panel's
# (x, y) signs of a preset's number from its point: above right, but above left of divergence (its regime's
# label is to the right, and on a squeezed map the oscillations' number is just below) and below right of
# ripples (near the map's top, where a heading may sit above it)
MARK_SIDE = {"divergence": (-1, 1), "ripples": (1, -1)}


def mark_side(p: dict) -> tuple[int, int]:
    return MARK_SIDE.get(p["name"], (1, 1))


def _cell_width(boxes) -> float:
    """The distance between neighbouring panels' left edges (canvas fractions): each heading's room."""
    lefts = sorted({round(b[0], 9) for b in boxes})
    return min(b - a for a, b in zip(lefts, lefts[1:])) if len(lefts) > 1 else boxes[0][2]


def stems(errors: np.ndarray, shown: float) -> tuple[np.ndarray, np.ndarray]:
    """The steps drawn (0 … floor(shown)) and their errors."""
    k = np.arange(int(np.floor(shown + 1e-9)) + 1)
    return k, errors[k]


# --------------------------------------------------------------------------------------------- mpl

class MplTaxonomy:
    """The panels as matplotlib Axes (made after the reveal took the rest of the figure, so it leaves
    them alone), their map marks, and `update(t, state)`; `column` artists fade out as the panels fade in."""

    def __init__(self, fig, data: dict, theme, map_axes, column: list):
        from matplotlib.collections import LineCollection

        from scenes.kit.theme import style_axes

        self.fig, self.data, self.column = fig, data, column
        canvas = layout.current()
        self.boxes = T.boxes(T.host_box(canvas), canvas.size_in)
        self.axes, self.stem_art, self.dot_art = [], [], []
        for i, (p, box) in enumerate(zip(data["tax"], self.boxes)):
            ax = fig.add_axes(box)
            style_axes(ax, theme, grid=False)
            ax.set_xlim(-1.0, T.STEPS + 1.0)
            ax.set_ylim(-p["ylim"], p["ylim"])
            ax.set_xticks([0, T.STEPS // 2, T.STEPS])
            ax.set_yticks(p["yticks"])
            ax.set_yticklabels([f"{v:g}".replace("-", "\u2212") for v in p["yticks"]])
            ax.tick_params(labelsize=12, length=3, pad=2)
            ax.axhline(0.0, color=theme.muted, lw=0.8)
            ax.annotate(T.heading(p), (0, 1), xycoords="axes fraction", xytext=(HEAD_X, HEAD_PT[0]),
                        textcoords="offset points", color=theme.foreground, fontsize=13, weight="bold", va="bottom")
            ax.annotate(T.rate_text(p), (0, 1), xycoords="axes fraction", xytext=(HEAD_X, HEAD_PT[1]),
                        textcoords="offset points", color=theme.momentum, fontsize=12, va="bottom")
            col = LineCollection([], colors=theme.momentum, linewidths=1.6)
            ax.add_collection(col)
            dots, = ax.plot([], [], "o", ms=3.5, color=theme.momentum)
            self.stem_art.append(col)
            self.dot_art.append(dots)
            self.axes.append(ax)
        first = self.axes[0]
        first.annotate(f"the five regimes at \u03bb = {T.LAMBDA:g}, with their rates", (0, 1), xycoords="axes fraction",
                       xytext=(-T.LEFT_IN * 72 + 6, (T.HEAD_IN + 0.45) * 72 - 16), textcoords="offset points",
                       color=theme.foreground, fontsize=15, va="center")
        self.marks = []
        for p in data["tax"]:
            dot, = map_axes.plot([p["alpha_lambda"]], [p["beta"]], "o", ms=9, mfc=theme.background, mec=theme.foreground,
                                 mew=2, zorder=8, clip_on=False)
            sx, sy = mark_side(p)
            num = map_axes.annotate(str(p["index"]), (p["alpha_lambda"], p["beta"]),
                                    xytext=(sx * MARK_OFFSET[0], sy * MARK_OFFSET[1]),
                                    textcoords="offset points", color=theme.foreground, fontsize=13, weight="bold",
                                    ha="left" if sx > 0 else "right", va="baseline" if sy > 0 else "top", zorder=9,
                                    bbox=dict(boxstyle="round,pad=0.15", fc=theme.background, ec="none"))
            self.marks += [dot, num]
        for a in [*self.axes, *self.marks]:
            a.set_animated(True)
        self._base: dict[int, float | None] = {}
        self._last = None
        self._faded = False

    def _members(self):
        from matplotlib.axes import Axes
        from matplotlib.text import Text

        for artist in self.column:
            for m in (artist.findobj() if isinstance(artist, Axes) else [artist]):
                yield m
                if isinstance(m, Text) and m.get_bbox_patch() is not None:
                    yield m.get_bbox_patch()

    def update(self, t: float, state: dict) -> None:
        a, shown = state["alpha"], state["shown"]
        canvas_boxes = self.boxes
        for ax, box, p, col, dots in zip(self.axes, canvas_boxes, self.data["tax"], self.stem_art, self.dot_art):
            ax.set_position(box)  # in the canvas's own fractions, whatever the reflow did to the design's
            ax.set_visible(a > 0)
            k, e = stems(p["errors"], shown)
            col.set_segments([((kk, 0.0), (kk, ee)) for kk, ee in zip(k, e)])
            dots.set_data(k, e)
            for m in ax.findobj():
                if m is not ax:
                    m.set_alpha(a)
        for m in self.marks:
            m.set_visible(a > 0)
            m.set_alpha(a)
            if hasattr(m, "get_bbox_patch") and m.get_bbox_patch() is not None:
                m.get_bbox_patch().set_alpha(a)
        keep = state["keep"]
        if keep < 1.0 or self._faded:
            # Their own alpha is taken when they first fade: the reveal is over by then, so it is theirs.
            for m in self._members():
                base = self._base.setdefault(id(m), m.get_alpha())
                m.set_alpha(base if keep >= 1.0 else (1.0 if base is None else base) * keep)
            self._faded = keep < 1.0
        if keep != self._last:
            self.fig.static_changed = True  # the column's static artists are redrawn at their new alpha
            self._last = keep


# --------------------------------------------------------------------------------------------- Manim

def manim_taxonomy(scene, data: dict, theme, map_panel):
    """The panels and the map marks as Manim mobjects in the canvas's own fractions; returns
    (mobjects, redraw(alpha, shown))."""
    import manim as mn

    from scenes.kit.manim import text
    from scenes.kit.layout import text_size
    from scenes.kit.plot1d import ManimPanel

    canvas = layout.current()
    host = T.host_box(canvas)
    boxes = T.boxes(host, canvas.size_in)
    flat = layout.Canvas(canvas.aspect)  # the same frame without the reflow: boxes are already placed
    per_in = canvas.frame[0] / canvas.size_in[0]
    # A heading may take its panel's cell, less a gap to the next one's: at Manim's least text size the
    # longer names would reach the next heading, so they shrink to the cell (still as large as matplotlib's).
    room = (_cell_width(boxes) - HEAD_GAP_IN / canvas.size_in[0]) * canvas.frame[0]
    out, panels, stem_groups = [], [], []
    with layout.use(flat):
        for p, box in zip(data["tax"], boxes):
            panel = ManimPanel(box, theme, (-1.0, T.STEPS + 1.0), (-p["ylim"], p["ylim"]),
                               [0, T.STEPS // 2, T.STEPS], p["yticks"], grid=False, tick_size=18, label_size=18)
            top_left = panel.panel.corner(0.0, 1.0) + (HEAD_X / 72 * per_in) * mn.RIGHT
            name = text(T.heading(p), theme.foreground, text_size(13), weight=mn.BOLD)
            name.move_to(top_left + (HEAD_PT[0] / 72 * per_in) * mn.UP, aligned_edge=mn.DL)
            rate = text(T.rate_text(p), theme.momentum, text_size(12))
            rate.move_to(top_left + (HEAD_PT[1] / 72 * per_in) * mn.UP, aligned_edge=mn.DL)
            for words in (name, rate):
                if words.width > room:
                    words.scale(room / words.width, about_edge=mn.DL)
            zero = mn.Line(panel.c2p(-1.0, 0.0), panel.c2p(T.STEPS + 1.0, 0.0), color=theme.muted, stroke_width=1.5)
            stem = mn.VGroup(*(mn.VGroup(mn.Line(panel.c2p(k, 0.0), panel.c2p(k, e), color=theme.momentum,
                                                 stroke_width=2.5),
                                         mn.Dot(panel.c2p(k, e), radius=0.03, color=theme.momentum))
                               for k, e in enumerate(p["errors"])))
            panels.append((panel, p))
            stem_groups.append(stem)
            out += [panel.group, zero, name, rate, stem]
        l, b, w, h = host
        tl = layout.fig_point(l + 0.08 / canvas.size_in[0], b + h - 0.22 / canvas.size_in[1])
        out.append(text(f"the five regimes at \u03bb = {T.LAMBDA:g}, with their rates", theme.foreground, text_size(15)).move_to(tl, aligned_edge=mn.LEFT))
    for p in data["tax"]:
        at = map_panel.c2p(p["alpha_lambda"], p["beta"])
        ring = mn.Circle(radius=0.08, stroke_color=theme.foreground, stroke_width=3, fill_color=theme.background,
                         fill_opacity=1).move_to(at)
        num = text(str(p["index"]), theme.foreground, text_size(13), weight=mn.BOLD)
        sx, sy = mark_side(p)
        num.move_to(at + np.array([sx * MARK_OFFSET[0], sy * MARK_OFFSET[1], 0]) / 72 * per_in,
                    aligned_edge=(mn.LEFT if sx > 0 else mn.RIGHT) + (mn.DOWN if sy > 0 else mn.UP))
        back = mn.SurroundingRectangle(num, buff=0.04, corner_radius=0.03, stroke_width=0,
                                       fill_color=theme.background, fill_opacity=1)
        out += [ring, back, num]
    group = mn.VGroup(*out)
    saved = [(m, m.get_fill_opacity(), m.get_stroke_opacity()) for m in group.family_members_with_points()]

    def redraw(alpha: float, shown: float) -> None:
        for m, fill, stroke in saved:
            m.set_fill(opacity=fill * alpha, family=False)
            m.set_stroke(opacity=stroke * alpha, family=False)
        for stem, (_, p) in zip(stem_groups, panels):
            n = int(np.floor(shown + 1e-9))
            for k, pair in enumerate(stem):
                if k > n:
                    pair.set_opacity(0)
    return group, redraw
