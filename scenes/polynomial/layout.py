"""Where the polynomial scene puts things on the 16:9 design canvas (figure fractions), the same in both
backends, and how the design reflows onto the other aspects."""
from __future__ import annotations

from scenes.kit.reflow import Flow, Zone

TITLE = (0.04, 0.945)
RULE = (0.04, 0.885)
SETTING = (0.97, 0.885)                  # right-aligned
FIT = (0.075, 0.445, 0.265, 0.34)        # left, bottom, width, height: the data and the model
FIT_HEAD = (0.04, 0.825)
TERMS_HEAD = (0.40, 0.84)
TERM_W, TERM_H = 0.165, 0.145
TERMS = tuple((x, y, TERM_W, TERM_H) for y in (0.615, 0.405) for x in (0.40, 0.59, 0.78))
TERM_HEAD_LIFT = 0.022                   # a term's heading sits this far above its panel
BARS = (0.10, 0.085, 0.38, 0.2)          # the steps-to-converge bars, log₁₀ k across
BARS_HEAD = (0.04, 0.32)
BAR_NAME_X = 0.092                       # the features' names end here, left of the bars
BAR_K_X = 0.49                           # each kᵢ, right of the bars
TICK_Y = 0.06                            # the bars' decade labels
BAR_HEIGHT = 0.62                        # in row units
COL = 0.64                               # the column of words, bottom right
# (role, y, size, weight, when): "always", "in_fit" (fades in with that beat) or "tikhonov"
COLUMN = (("counter", 0.325, 16, "normal", "always"),   # a live counter: Manim's LiveText has one weight
          ("fit_head_col", 0.275, 14, "bold", "in_fit"), ("fit_list", 0.24, 14, "normal", "in_fit"),
          ("out1", 0.205, 14, "normal", "in_fit"), ("out2", 0.17, 14, "normal", "in_fit"),
          ("tik_head", 0.115, 14, "bold", "tikhonov"), ("tik_eta", 0.08, 14, "normal", "tikhonov"),
          ("tik_gap", 0.045, 14, "normal", "tikhonov"))
FEATURE_COLOURS = ("gd", "momentum", "accent", "extra0", "extra1", "curve")
SIZES = {"title": 22, "rule": 14, "head": 14, "term": 12, "tick": 11, "label": 13}

FLOW = Flow((Zone("title", (0.0, 0.91, 1.0, 1.0)),
             Zone("rule", (0.0, 0.86, 0.62, 0.91)),
             Zone("setting", (0.62, 0.86, 1.0, 0.91), align="right"),
             Zone("fit", (0.0, 0.345, 0.37, 0.86), fit="stretch", inner=(0.075, 0.445, 0.34, 0.785), min_in=2.6),
             Zone("terms", (0.38, 0.40, 1.0, 0.86), fit="scale"),
             Zone("bars", (0.0, 0.02, 0.6, 0.345), fit="stretch", inner=(0.10, 0.085, 0.48, 0.285), min_in=3.0),
             Zone("column", (0.62, 0.02, 1.0, 0.35))),
            rows={"4:3": (("title",), ("rule",), ("setting",), ("fit", "terms"), ("bars", "column")),
                  "1:1": (("title",), ("rule",), ("setting",), ("fit", "column"), ("terms",), ("bars",)),
                  "9:16": (("title",), ("rule",), ("setting",), ("fit",), ("terms",), ("bars",), ("column",))})


def colour(theme, i: int) -> str:
    """Feature i's colour (gd, momentum, accent, the two extras, then the curve colour)."""
    name = FEATURE_COLOURS[i]
    return theme.extra[int(name[-1])] if name.startswith("extra") else getattr(theme, name)


def row_y(i: int, n: int = 6) -> float:
    """Feature i's row on the bars' y axis, which runs over [-0.5, n - 0.5], the first feature on top."""
    return float(n - 1 - i)


def bar_fig_y(i: int, n: int = 6) -> float:
    return BARS[1] + BARS[3] * (row_y(i, n) + 0.5) / n


def bar_fig_x(v: float, top: float) -> float:
    """log₁₀ k = v on the bars' axis [0, top], in figure fractions."""
    return BARS[0] + BARS[2] * v / top
