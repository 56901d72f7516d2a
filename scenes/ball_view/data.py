"""Ball view: the valley as momentum "sees" it, and how the bump fades as beta grows.

Momentum does not follow the slope under the ball; it follows a moving average of the slopes it has
met. Take the slopes of the sampled valley cell by cell, average them the way momentum does, and add
the averaged slopes back up: the result is the curve the ball effectively rolls on. With beta = 0 it is
the valley itself, bump included. As beta grows the one uphill cell is averaged with the downhill
cells before it, the uphill part shrinks, and above a threshold beta* the curve runs downhill all the
way to the bottom: there is no bump left to stop the ball. For the article's valley, bisection puts
beta* at 0.472113 (at beta = 0.47 a bump of 4.5e-6 is still there); the scene prints it rounded up,
"gone for every beta >= 0.47212", and checks that the article's toy ball (sim.toy_roll) crosses for
exactly the same betas (`scenes.ball_view_story`).

    g_i = (f(x_{i+1}) - f(x_i)) / dx                  slope of cell i
    v_i = beta v_{i-1} + (1 - beta) g_i,  v_{-1} = 0   the smoothed slope (sim.ema)
    F(x_0) = f(x_0),  F(x_{i+1}) = F(x_i) + v_i dx      the curve the ball sees

The clock sweeps beta from 0 to `beta_max`; the curves are computed on a grid of betas 0.01 apart and
interpolated in between; the printed bump height is computed exactly at the shown beta. The lower
panel shows the raw and the smoothed slopes.

    python render.py ball-view
    python render.py ball-view --set valley=smooth
    manim -ql scenes/ball_view.py BallViewScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes import ball_view_story as words
from scenes.ball_view_story import bump_height, seen_curve
from scenes.kit.reflow import Flow, Zone
from scenes.kit import reveal
from scenes.kit.layout import Panel, at, fig_point
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.timeline import fade

NAME = "ball-view"
LEAD, HOLD = reveal.SETUP, 2.5  # the setup beat builds the panels; the hold ends the clip
BETA_STEP = 0.01

PARAMS = (
    Param("valley", "choice", "sampled",
          "sampled: the article's grid, y = 0.2(x-0.5)^2 with y[25] += 2e-3; smooth: a Gaussian bump sampled "
          "on the same grid", choices=("sampled", "smooth")),
    Param("beta_max", "float", 0.9, "largest momentum beta of the sweep", 0.1, 0.99),
    Param("seconds", "float", 9.0, "seconds the sweep of beta from 0 to beta_max takes", 3.0, 30.0),
)

# Layout on the shared canvas, in figure fractions (left, bottom, width, height).
VALLEY_BOX = (0.075, 0.47, 0.55, 0.36)
SLOPE_BOX = (0.075, 0.12, 0.55, 0.26)
COL = 0.675  # left edge of the text column
# Heights of the text column's rows, in figure fractions: live status, verdict, the toy ball's two lines,
# and the slope panel's legend.
STATUS_Y, GONE_Y, TOY_Y, SLOPE_LEGEND_Y = 0.395, 0.34, (0.285, 0.24), (0.17, 0.115)
# Other aspects: the text column's parts sit beside the panels (4:3, 1:1) or between them (9:16).
FLOW = Flow((Zone("title", (0.0, 0.88, 0.58, 1.0)),
             Zone("beta", (0.8, 0.88, 1.0, 1.0), align="right"),
             Zone("valley", (0.0, 0.44, 0.645, 0.88), fit="stretch", inner=(0.075, 0.47, 0.625, 0.83)),
             Zone("slope", (0.0, 0.0, 0.645, 0.44), fit="stretch", inner=(0.075, 0.12, 0.625, 0.38)),
             Zone("notes", (0.65, 0.43, 0.95, 0.84)),
             Zone("lower", (0.65, 0.08, 0.95, 0.43)),
             Zone("status", (0.65, 0.2, 0.95, 0.43)),
             Zone("slopelegend", (0.65, 0.08, 0.95, 0.2))),
            rows={"4:3": (("title", "beta"), ("valley", "notes"), ("slope", "lower")),
                  "1:1": (("title",), ("beta",), ("valley", "notes"), ("slope", "lower")),
                  "9:16": (("title",), ("beta",), ("valley",), ("notes",), ("status",), ("slope",),
                           ("slopelegend",))})


def make_data(p: dict) -> dict:
    """The valley, its slopes, and the seen curve and smoothed slopes for each beta of a fine grid."""
    from sim import landscapes

    if p["valley"] == "sampled":
        grid = landscapes.SampledValley()
        X, y = np.asarray(grid.X, dtype=float), np.asarray(grid.y, dtype=float)
        real_x, real_y = X, y
        title = "What the ball sees: the article's valley"
    else:
        valley = landscapes.BumpedValley()
        X = np.arange(0.0, 1.0, 0.01)
        y = valley.value(X[:, None])
        real_x = np.linspace(0.0, float(X[-1]), 600)
        real_y = valley.value(real_x[:, None])
        title = "What the ball sees: a smooth bumped valley"
    dx = np.diff(X)
    slopes = np.diff(y) / dx
    peaks = np.nonzero((y[1:-1] > y[:-2]) & (y[1:-1] >= y[2:]))[0] + 1  # the bump's top: first local maximum
    bump_x = float(X[peaks[0]])
    beta_max = float(p["beta_max"])
    betas = np.linspace(0.0, beta_max, max(2, int(round(beta_max / BETA_STEP)) + 1))
    pairs = [seen_curve(float(y[0]), slopes, dx, b) for b in betas]
    smoothed = np.stack([v for v, _ in pairs])
    curves = np.stack([c for _, c in pairs])
    heights = np.array([bump_height(c) for c in curves])

    # beta*, the smallest beta with no bump left, by bisection on the exact curves; gone_at is beta* when
    # the sweep gets there, else None.
    star = words.threshold(float(y[0]), slopes, dx)
    gone_at = star if star is not None and star <= beta_max else None
    from sim import toy_roll

    bump_i = int(peaks[0])

    ylo = min(float(curves.min()), float(real_y.min()))
    yhi = max(float(curves.max()), float(real_y.max()))
    pad = 0.07 * (yhi - ylo)
    slo = min(float(slopes.min()), float(smoothed.min()))
    shi = max(float(slopes.max()), float(smoothed.max()), 0.0)
    spad = 0.1 * (shi - slo)
    data = {
        "valley": p["valley"],
        "title": title,
        "X": X,
        "y": y,
        "real_x": real_x,
        "real_y": real_y,
        "mid_x": 0.5 * (X[:-1] + X[1:]),
        "slopes": slopes,
        "betas": betas,
        "curves": curves,
        "smoothed": smoothed,
        "heights": heights,
        "bump_x": bump_x,
        "gone_at": gone_at,
        "bump_threshold": star,
        "toy_threshold": words.toy_threshold(X, y, bump_i),
        "toy_crosses": bool(toy_roll(beta_max, len(X), X=X, y=y).path[-1] > bump_i),
        "beta_max": beta_max,
        "seconds": float(p["seconds"]),
        "y_range": (ylo - pad, yhi + pad),
        "slope_range": (slo - spad, shi + spad),
        "x_range": (-0.02, float(X[-1]) + 0.02),
        "formulas": (r"g_i = (f(x_{i+1}) - f(x_i))\, /\, \Delta x",
                     r"v_i = \beta\, v_{i-1} + (1-\beta)\, g_i,\ \ v_{-1} = 0",
                     r"F(x_{i+1}) = F(x_i) + v_i\, \Delta x",
                     r"F(x_0) = f(x_0)"),
    }
    data["text"] = words.texts(data)
    data["story"] = words.make(data, LEAD, HOLD)
    return data


def duration(data: dict) -> float:
    return LEAD + data["seconds"] + HOLD


def beta_at(data: dict, t: float) -> float:
    return float(np.clip((t - LEAD) / data["seconds"], 0.0, 1.0)) * data["beta_max"]


def frame_state(data: dict, t: float) -> dict:
    """The beta at time t, the seen curve and smoothed slopes interpolated to it, and the bump height at
    the beta as printed (2 decimals), computed exactly: so "beta = 0.47" never sits next to "no bump"."""
    beta = beta_at(data, t)
    betas = data["betas"]
    u = float(np.interp(beta, betas, np.arange(len(betas))))
    k = min(int(np.floor(u)), len(betas) - 2)
    w = u - k

    def mix(a):
        return (1.0 - w) * a[k] + w * a[k + 1]

    shown = float(beta_text(beta).split("= ")[1])
    height = bump_height(seen_curve(float(data["y"][0]), data["slopes"], np.diff(data["X"]), shown)[1])
    return {
        "beta": beta,
        "curve": mix(data["curves"]),
        "smoothed": mix(data["smoothed"]),
        "height": height,
        "gone": height == 0.0,
        "outro": fade(t, verdict_time(data), 0.5),
    }


def verdict_time(data: dict) -> float:
    """When the verdict lines fade in: as the printed beta first shows no bump, or at the hold."""
    star = data["gone_at"]
    if star is None:
        return LEAD + data["seconds"]
    first = min(np.ceil(star * 100 - 1e-9) / 100 - 0.005, data["beta_max"])  # rounds up to beta* or more
    return LEAD + data["seconds"] * first / data["beta_max"]


def panels(data: dict) -> tuple[Panel, Panel]:
    """The valley panel and the slope panel, with their data limits."""
    return (Panel(VALLEY_BOX, data["x_range"], data["y_range"]),
            Panel(SLOPE_BOX, data["x_range"], data["slope_range"]))


def beta_text(beta: float) -> str:
    return f"\u03b2 = {beta:.2f}"


def status_text(st: dict) -> str:
    return "no bump left" if st["gone"] else f"bump height {words.height_text(st['height'])}"


def outcome(data: dict) -> dict:
    betas, heights = data["betas"], data["heights"]
    return {
        "valley": data["valley"],
        "bump_height_at_beta0": float(heights[0]),
        "bump_height_at_beta_max": float(heights[-1]),
        "bump_gone_at_beta": data["gone_at"],
        "bump_threshold": data["bump_threshold"],
        "toy_threshold": data["toy_threshold"],
        "toy_crosses_at_beta_max": data["toy_crosses"],
        "heights_non_increasing": bool(np.all(np.diff(heights) <= 1e-15)),
        "beta_max": float(betas[-1]),
    }


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from scenes.ball_view_mpl import draw_mpl as draw

    return draw(fig, data, theme)


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, spines, text
    from scenes.kit.reveal_manim import Reveal

    class BallViewScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            fg, muted = th.foreground, th.muted
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            tx = d["text"]
            height_l, slope_l, x_l, bump_l, up_l, down_l = tx["axes"]
            title = at(text(d["story"]["title"], fg, 25, weight=mn.BOLD), 0.04, 0.945, mn.UL)
            self.add(title)

            # The valley: the real one faint, the seen one bold (updated).
            xr = d["x_range"]
            ylo, yhi = d["y_range"]
            valley, slope = panels(d)
            vmap = valley.c2p
            real = mn.VMobject(stroke_color=th.curve, stroke_width=4, stroke_opacity=0.45)
            real.set_points_as_corners(vmap(d["real_x"], d["real_y"]))
            vlab = text(height_l, fg, 18).rotate(np.pi / 2).next_to(spines(VALLEY_BOX, muted)[1], mn.LEFT, buff=0.15)
            iy = int(np.argmin(np.abs(d["X"] - d["bump_x"])))
            tip = vmap(d["bump_x"], d["y"][iy] + 0.02 * (yhi - ylo))
            tail = vmap(d["bump_x"] + 0.1, d["y"][iy] + 0.22 * (yhi - ylo))
            bump_label = text(bump_l, muted, 18).move_to(tail, aligned_edge=mn.LEFT)
            bump_arrow = mn.Arrow(tail + 0.05 * mn.LEFT, tip, buff=0.05, color=muted, stroke_width=3,
                                  max_tip_length_to_length_ratio=0.2, max_stroke_width_to_length_ratio=8)
            self.add(rv.fade("axes", spines(VALLEY_BOX, muted), vlab), rv.draw("curve", real),
                     rv.fade("curve", bump_label, bump_arrow))

            # The slopes: raw per cell, smoothed (updated), the zero line.
            smap = slope.c2p
            slo, shi = d["slope_range"]
            sp = spines(SLOPE_BOX, muted)
            zero = mn.DashedLine(smap(xr[0], 0.0), smap(xr[1], 0.0), color=muted, stroke_width=2,
                                 dash_length=0.12)
            raw = mn.VMobject(stroke_color=th.curve, stroke_width=3, stroke_opacity=0.5)
            raw.set_points_as_corners(smap(d["mid_x"], d["slopes"]))
            ticks = mn.VGroup(*(text(f"{v:g}", muted, 18).next_to(smap(v, slo), mn.DOWN, buff=0.12)
                                for v in np.arange(0.0, 1.01, 0.2)))
            yticks = mn.VGroup(*(text(s, muted, 18).next_to(smap(xr[0], v), mn.LEFT, buff=0.12)
                                 for s, v in (("-0.2", -0.2), ("0", 0.0), ("0.2", 0.2))))
            xlab = text(x_l, fg, 18).next_to(ticks, mn.DOWN, buff=0.1)
            slab = text(slope_l, fg, 18).rotate(np.pi / 2).next_to(yticks, mn.LEFT, buff=0.12)
            up = text(up_l, muted, 18).move_to(smap(xr[1] - 0.01, 0.06 * (shi - slo)), aligned_edge=mn.DR)
            down = text(down_l, muted, 18).move_to(smap(xr[1] - 0.01, -0.06 * (shi - slo)),
                                                      aligned_edge=mn.UR)
            self.add(rv.fade("axes", sp, zero, ticks, yticks, xlab, slab, up, down), rv.draw("curve", raw))

            # Text column.
            def legend(fy, color, opacity, label):
                line = mn.Line(fig_point(COL, fy), fig_point(COL + 0.035, fy), color=color, stroke_width=6,
                               stroke_opacity=opacity)
                return mn.VGroup(line, text(label, fg, 20).next_to(line, mn.RIGHT, buff=0.18))

            self.add(rv.fade("balls", legend(0.80, th.curve, 0.45, tx["legend"][0]),
                             legend(0.745, th.momentum, 1.0, tx["legend"][1]),
                             legend(SLOPE_LEGEND_Y[0], th.curve, 0.5, tx["legend"][2]),
                             legend(SLOPE_LEGEND_Y[1], th.momentum, 1.0, tx["legend"][3]),
                             *(at(formula(tex, fg, 25), COL, 0.665 - 0.065 * i, mn.LEFT)
                               for i, tex in enumerate(d["formulas"]))))

            beta_label = LiveText(beta_text(0.0), th.momentum, 28)
            beta_label.place(fig_point(0.96, 0.925), mn.RIGHT)
            status = LiveText("bump height 0.00000", fg, 20)
            status.place(fig_point(COL, STATUS_Y), mn.LEFT)
            verdict = [at(text(s, th.accent, 20), COL, y, mn.LEFT)
                       for s, y in zip((tx["gone"], *tx["toy"]), (GONE_Y, *TOY_Y))]
            seen = mn.VMobject(stroke_color=th.momentum, stroke_width=7)
            smooth = mn.VMobject(stroke_color=th.momentum, stroke_width=6)

            def redraw(t):
                st = frame_state(d, t)
                beta_label.set_text(beta_text(st["beta"]))
                seen.set_points_as_corners(vmap(d["X"], st["curve"]))
                smooth.set_points_as_corners(smap(d["mid_x"], st["smoothed"]))
                status.set_text(status_text(st))
                for line in verdict:
                    line.set_opacity(st["outro"])
                rv.show(t, "balls", seen, smooth, beta_label, status)

            self.add(live(clock, redraw, seen, smooth, beta_label, status, *verdict))
            return clock

    return BallViewScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    BallViewScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="The curve momentum sees: slopes averaged with beta and summed back up; the bump fades as beta grows",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=manim_scene,
    outcome=outcome,
    examples=({"beta_max": 0.3}, {"beta_max": 0.47}, {"valley": "smooth", "beta_max": 0.6}),
))
