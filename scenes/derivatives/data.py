"""Derivatives: how wiggly one weight's gradient is, point by point, and what ReLU and momentum do to it.

A two-neuron model ŷ = w₂·relu(w₁x) is trained by SGD on a small 1-D regression set, one step per data
point in order, with the loss L = (ŷ − y)²/2. The derivative it sees for w₁ is

    ∂L/∂w₁ = (ŷ − y) · w₂ · [w₁x > 0] · x

plotted four ways: the same model without the ReLU (ŷ = w₂w₁x, ∂L/∂w₁ = (ŷ − y)·w₂·x), with the
ReLU (exactly 0 wherever w₁x < 0), with the ReLU and momentum (the gradient seen while training with
momentum), and that run's momentum value v itself, an exponential moving average of the gradients:

    v ← β v + (1 − β) g,    w ← w − lr·v        (sim.EMAMomentum; plain runs use sim.SGD)

v swings far less than the derivative it averages. The data, the three models' current fits and their
mean loss over the data set are shown beside the curves.

    python render.py derivatives
    python render.py derivatives --set beta=0.8 --set points=100
    manim -ql scenes/derivatives.py DerivativesScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes.kit.reflow import Flow, Zone
from scenes.kit import reveal, story
from scenes.kit.layout import fig_point, tex_size, text_size
from scenes.kit.params import Param, ParamError
from scenes.kit.plot1d import ManimPanel, mpl_panel, nice_ticks, partial
from scenes.kit.registry import SceneSpec, register
from scenes.kit.timeline import at_step, duration as timeline_duration, step_at

NAME = "derivatives"
LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.5  # the setup beat; a pause after the last update, then the end
TITLE = "One weight's derivative, point by point"
W0 = (0.8, 0.4)  # w1, w2 at the start
X_RANGE = (-1.0, 2.0)
TOP = (0.565, 0.53, 0.395, 0.25)
BOTTOM = (0.565, 0.13, 0.395, 0.25)
DATA = (0.085, 0.11, 0.23, 0.3)
LOSS_X = 0.335
# Other aspects: the notes beside the upper gradient panel (4:3) or above it (1:1, 9:16); the data
# panel keeps its list of mean losses at its right.
FLOW = Flow((Zone("title", (0.0, 0.87, 0.64, 1.0)),
             Zone("counter", (0.75, 0.87, 0.97, 1.0), align="right"),
             Zone("notes", (0.0, 0.5, 0.45, 0.87)),
             Zone("top", (0.5, 0.46, 1.0, 0.87), fit="stretch", inner=(0.565, 0.53, 0.96, 0.78)),
             Zone("data", (0.0, 0.0, 0.47, 0.5), fit="stretch", inner=(0.085, 0.11, 0.315, 0.41), min_in=1.2),
             Zone("bottom", (0.49, 0.0, 1.0, 0.46), fit="stretch", inner=(0.565, 0.13, 0.96, 0.38), min_in=4.7)),
            rows={"1:1": (("title",), ("notes", "counter"), ("data", "top"), ("bottom",))})
RUNS = ("linear", "relu", "mom")

PARAMS = (
    Param("points", "int", 60, "data points, one SGD step each, in order", 10, 300),
    Param("lr", "float", 0.1, "learning rate of all three runs", 0.001, 0.2),
    Param("beta", "float", 0.9, "momentum beta of the momentum run (EMA form)", 0.0, 0.98),
    Param("noise", "float", 0.3, "standard deviation of the noise on y", 0.0, 1.0),
    Param("seed", "int", 0, "seed of the data set", 0, 10_000),
    Param("speed", "float", None, "data points per second of video (auto: the pass takes 9 s)", 1.0, 200.0),
)


def forward(w: np.ndarray, x, relu: bool):
    """Pre-activation z = w1·x, hidden a, prediction ŷ = w2·a, and relu'(z) (1 without the ReLU)."""
    z = w[0] * np.asarray(x, dtype=float)
    if relu:
        a, gate = np.maximum(z, 0.0), (z > 0).astype(float)
    else:
        a, gate = z, np.ones_like(z)
    return z, a, w[1] * a, gate


def loss(w: np.ndarray, x, y, relu: bool):
    """L = (ŷ − y)² / 2 per point."""
    return 0.5 * (forward(w, x, relu)[2] - np.asarray(y, dtype=float)) ** 2


def gradient(w: np.ndarray, x: float, y: float, relu: bool) -> np.ndarray:
    """(∂L/∂w1, ∂L/∂w2) = ((ŷ − y)·w2·relu'(z)·x, (ŷ − y)·a) for one point."""
    _, a, yhat, gate = forward(w, x, relu)
    r = yhat - y
    return np.array([r * w[1] * gate * x, r * a], dtype=float)


def train(optimizer, x: np.ndarray, y: np.ndarray, relu: bool) -> dict:
    """One pass of `optimizer` over the points in order; everything seen along the way."""
    w = np.array(W0, dtype=float)
    state = optimizer.init(w)
    n = len(x)
    weights, grads, vel = np.empty((n + 1, 2)), np.empty((n, 2)), np.empty((n, 2))
    weights[0] = w
    for k in range(n):
        g = gradient(w, x[k], y[k], relu)
        w, state = optimizer.update(g, state, w)
        grads[k], vel[k], weights[k + 1] = g, optimizer.velocity(state), w
    mean_loss = np.array([loss(wk, x, y, relu).mean() for wk in weights])
    z = weights[:-1, 0] * x
    return {"weights": weights, "grads": grads, "velocity": vel, "pre": z, "mean_loss": mean_loss}


def make_data(p: dict) -> dict:
    """The data set and three training runs: no ReLU, ReLU, ReLU with momentum."""
    from sim import SGD, EMAMomentum

    n, lr, beta = int(p["points"]), float(p["lr"]), float(p["beta"])
    rng = np.random.default_rng(int(p["seed"]))
    x = rng.uniform(*X_RANGE, n)
    y = 1.5 * x + 0.5 + float(p["noise"]) * rng.standard_normal(n)
    runs = {"linear": train(SGD(lr), x, y, relu=False),
            "relu": train(SGD(lr), x, y, relu=True),
            "mom": train(EMAMomentum(lr, beta), x, y, relu=True)}
    for r in runs.values():
        if not all(np.all(np.isfinite(a)) for a in r.values()):
            raise ParamError("training diverged with this learning rate; try a smaller lr")
    series = {"linear": runs["linear"]["grads"][:, 0], "relu": runs["relu"]["grads"][:, 0],
              "mom": runs["mom"]["grads"][:, 0], "velocity": runs["mom"]["velocity"][:, 0]}
    top = 1.12 * max(float(np.max(np.abs(s))) for s in series.values())
    top = max(top, 1e-3)
    fit_x = np.linspace(X_RANGE[0] - 0.1, X_RANGE[1] + 0.1, 61)
    # The y window holds the data and every fit the runs pass through, so no line leaves the panel.
    fit_y = [forward(w, fit_x, relu=name != "linear")[2] for name, r in runs.items() for w in r["weights"]]
    lo, hi = min(float(y.min()), float(np.min(fit_y)), 0.0), max(float(y.max()), float(np.max(fit_y)))
    ypad = 0.08 * (hi - lo) + 0.05
    tv = {k: float(np.abs(np.diff(s)).sum()) for k, s in series.items()}
    speed = float(p["speed"]) if p["speed"] is not None else n / 9.0
    setup = (f"one SGD step per point, lr = {lr:g}", f"start: w\u2081 = {W0[0]:g},  w\u2082 = {W0[1]:g}")
    return {
        "n": n,
        "lr": lr,
        "beta": beta,
        "speed": speed,
        "x": x,
        "y": y,
        "k": np.arange(1, n + 1, dtype=float),
        "runs": runs,
        "series": series,
        "total_variation": tv,
        "ylim": (-top, top),
        "fit_x": fit_x,
        "data_ylim": (lo - ypad, hi + ypad),
        "formulas": (
            r"\hat y = w_2\,\mathrm{relu}(w_1 x),\quad L = (\hat y - y)^2\,/\,2",
            r"\partial L/\partial w_1 = (\hat y - y)\,w_2\,[w_1 x > 0]\,x",
            r"\mathrm{no\ ReLU:}\ \ \hat y = w_2 w_1 x,\ \ \partial L/\partial w_1 = (\hat y - y)\,w_2\,x",
            rf"\mathrm{{momentum:}}\ \ v \leftarrow {beta:g}\,v + {1 - beta:.3g}\,g,"
            rf"\ \ w \leftarrow w - {lr:g}\,v",
        ),
        "setup": setup,
        "words": WORDS,
        "story": tell(n, lr, beta, speed, runs, tv, setup),
    }


def tell(n: int, lr: float, beta: float, speed: float, runs: dict, tv: dict, setup) -> dict:
    """The storyboard: before any update, the pass over the data, and the losses after the last update."""
    off = int((runs["relu"]["pre"] < 0).sum())
    final = {name: float(runs[name]["mean_loss"][-1]) for name in RUNS}
    ratio = tv["mom"] / tv["velocity"] if tv["velocity"] > 0 else None
    if beta == 0:
        smooth = "with \u03b2 = 0 the velocity v is the gradient itself"
    elif ratio is not None and ratio >= 1:
        smooth = f"the velocity v swings {ratio:.1f}\u00d7 less than the gradient it averages"
    else:
        smooth = "the velocity v swings no less than the gradient it averages"
    low = min(final.values())
    best = " and ".join(LOSS_WORDS[name] for name in RUNS if final[name] <= low * (1 + 1e-9))
    best += " alike" if " and " in best else ""
    end = LEAD + n / speed
    beats = [
        reveal.setup_beat(f"Before any update the three models share w\u2081 = {W0[0]:g}, w\u2082 = {W0[1]:g}.",
                          LEAD),
        story.beat("pass", LEAD, end + reveal.HOLD, f"Over {n} updates, one per point, the ReLU derivative is exactly 0 at "
                                      f"the {off} points where w\u2081x < 0, and {smooth}."),
        story.beat("end", end + reveal.HOLD, end + HOLD,
                   f"After all {n} updates the mean loss is {final['linear']:.3f} without ReLU, "
                   f"{final['relu']:.3f} with ReLU and {final['mom']:.3f} with ReLU and momentum, "
                   f"the lowest {best}."),
    ]
    w = WORDS
    labels = [*setup, w["data_heading"], w["mean_label"], *w["legend"].values(), *w["loss_names"].values(),
              w["ylabel"], w["xlabel"], "x", "y"]
    numbers = {"points": n, "lr": lr, "beta": beta, "one_minus_beta": round(1 - beta, 12), "w1_start": W0[0],
               "w2_start": W0[1], "relu_off_points": off, "final_mean_loss": final,
               "velocity_smoothing": ratio}
    return story.make_story(TITLE, beats, labels, numbers)


def duration(data: dict) -> float:
    return timeline_duration(data["n"], data["speed"], LEAD, HOLD)


def outcome(data: dict) -> dict:
    tv = data["total_variation"]
    relu_run = data["runs"]["relu"]
    off = relu_run["pre"] < 0
    return {
        "points": data["n"],
        "total_variation": tv,
        "velocity_smoother": bool(tv["velocity"] < tv["mom"]),
        "relu_off_points": int(off.sum()),
        "relu_derivative_zero_when_off": bool(np.all(relu_run["grads"][off, 0] == 0.0)),
        "final_mean_loss": {k: float(r["mean_loss"][-1]) for k, r in data["runs"].items()},
    }


def frame_state(data: dict, t: float) -> dict:
    """s: the updates done so far (fractional, 0..n); the fits and losses are those after them. k: the
    0-based point being processed (the last one once all are done); the curves reach it."""
    s = step_at(t, data["n"], data["speed"], LEAD)
    done = int(np.floor(s + 1e-9))
    k = min(done, data["n"] - 1)
    fits = {}
    for name in RUNS:
        w = at_step(data["runs"][name]["weights"], s)
        fits[name] = forward(w, data["fit_x"], relu=name != "linear")[2]
    losses = {name: float(at_step(data["runs"][name]["mean_loss"], s)) for name in RUNS}
    return {"s": s, "done": done, "k": k, "shown": min(s, data["n"] - 1.0), "fits": fits, "losses": losses}


def colors(theme) -> dict:
    return {"linear": theme.curve, "relu": theme.gd, "mom": theme.momentum, "velocity": theme.accent}


PANEL_SERIES = (("linear", "relu"), ("mom", "velocity"))
LABELS = {"linear": "no ReLU", "relu": "ReLU  (\u25cb: w\u2081x < 0 gives 0)",
          "mom": "ReLU + momentum: gradient", "velocity": "velocity v"}
LEGEND_STEP = {"linear": 0.13, "relu": 0.0, "mom": 0.29, "velocity": 0.0}
YLABEL = "\u2202L/\u2202w\u2081"
LOSS_WORDS = {"linear": "without ReLU", "relu": "with ReLU alone", "mom": "with momentum"}
# Every fixed piece of text the scene draws; both backends read them from data["words"].
WORDS = {"legend": LABELS, "loss_names": {"linear": "no ReLU", "relu": "ReLU", "mom": "+ mom."},
         "data_heading": "data and the current fits", "mean_label": "mean L", "ylabel": YLABEL,
         "xlabel": "data point"}


def counter_text(data: dict, st: dict) -> str:
    return f"updates done {st['done']} / {data['n']}"


def loss_text(data: dict, name: str, st: dict) -> str:
    return f"{data['words']['loss_names'][name]} {st['losses'][name]:.3f}"


def dticks(data: dict) -> np.ndarray:
    return nice_ticks(*data["ylim"], 4)


def formula_rows():
    return (0.825, 0.765, 0.705, 0.645)


def loss_y(i: int) -> float:
    return DATA[1] + DATA[3] - 0.055 * (i + 1)


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    col = colors(theme)
    fg = theme.foreground
    words = data["words"]
    title = fig.text(0.05, 0.93, data["story"]["title"], fontsize=24, weight="bold", color=fg, va="top")
    for y, tex in zip(formula_rows(), data["formulas"]):
        fig.text(0.05, y, f"${tex}$", fontsize=15, color=fg, va="center")
    for y, line in zip((0.575, 0.53), data["setup"]):
        fig.text(0.05, y, line, fontsize=13, color=theme.muted, va="center")
    counter = fig.text(0.96, 0.93, "", fontsize=17, color=fg, va="top", ha="right", animated=True)

    # Data and the current fits.
    dx = mpl_panel(fig, DATA, theme, (X_RANGE[0] - 0.1, X_RANGE[1] + 0.1), data["data_ylim"],
                   nice_ticks(*X_RANGE, 3), nice_ticks(*data["data_ylim"], 4), xlabel="x", ylabel="y")
    fig.text(DATA[0], DATA[1] + DATA[3] + 0.04, words["data_heading"], fontsize=14, color=fg, weight="bold",
             va="center")
    cloud = dx.scatter(data["x"], data["y"], s=16, color=theme.muted, alpha=0.35, zorder=2, lw=0)
    seen = dx.plot([], [], "o", ms=4.5, color=theme.muted, zorder=3, animated=True)[0]
    ring = dx.plot([], [], "o", ms=12, mfc="none", mec=fg, mew=2, zorder=6, animated=True)[0]
    fits = {name: dx.plot([], [], color=col[name], lw=2.5, zorder=4 + i, animated=True)[0]
            for i, name in enumerate(RUNS)}
    losses = {name: fig.text(LOSS_X, loss_y(i), "", fontsize=13, color=col[name], va="center", animated=True)
              for i, name in enumerate(RUNS)}
    fig.text(LOSS_X, DATA[1] + DATA[3], words["mean_label"], fontsize=13, color=fg, va="center")

    # The derivative panels.
    k = data["k"]
    lines, heads = {}, {}
    for rect, keys in zip((TOP, BOTTOM), PANEL_SERIES):
        ax = mpl_panel(fig, rect, theme, (0.5, data["n"] + 0.5), data["ylim"], nice_ticks(1, data["n"], 6),
                       dticks(data), xlabel=words["xlabel"] if rect is BOTTOM else None, ylabel=words["ylabel"])
        ax.axhline(0, color=theme.muted, lw=1, zorder=1)
        x = rect[0]
        for key in keys:
            fig.text(x, rect[1] + rect[3] + 0.035, "\u25cf", color=col[key], fontsize=14, va="center")
            fig.text(x + 0.018, rect[1] + rect[3] + 0.035, words["legend"][key], color=fg, fontsize=13, va="center")
            x += LEGEND_STEP[key]
        for key in keys:
            lw = 3.2 if key == "velocity" else 2
            lines[key] = ax.plot([], [], color=col[key], lw=lw, zorder=3, animated=True)[0]
            heads[key] = ax.plot([], [], "o", ms=7, color=col[key], mec=theme.background, mew=1, zorder=5,
                                 animated=True, clip_on=False)[0]
        if "relu" in keys:
            offs = ax.plot([], [], "o", ms=6, mfc="none", mec=col["relu"], mew=1.5, zorder=4, animated=True)[0]
    off_k = k[data["runs"]["relu"]["pre"] < 0]
    rv = Reveal(fig, reveal.schedule(data["story"])).fade("curve", cloud)
    rv.grow("balls", *heads.values()).fade("balls", seen, ring, *fits.values(), *losses.values(), counter)
    rv.rest("axes", title)

    def update(t: float) -> None:
        st = frame_state(data, t)
        for key, line in lines.items():
            px, py = partial(k, data["series"][key], st["shown"])
            line.set_data(px, py)
            heads[key].set_data([px[-1]], [py[-1]])
        shown = off_k[off_k <= st["shown"] + 1 + 1e-9]
        offs.set_data(shown, np.zeros_like(shown))
        i = st["k"]
        seen.set_data(data["x"][: i + 1], data["y"][: i + 1])
        ring.set_data([data["x"][i]], [data["y"][i]])
        for name in RUNS:
            fits[name].set_data(data["fit_x"], st["fits"][name])
            losses[name].set_text(loss_text(data, name, st))
        counter.set_text(counter_text(data, st))
        rv(t)

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, text
    from scenes.kit.reveal_manim import Reveal

    class DerivativesScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            col = colors(th)
            fg = th.foreground
            clock = mn.ValueTracker(0.0)

            rv = Reveal(clock, reveal.schedule(d["story"]))
            words = d["words"]
            title = text(d["story"]["title"], fg, text_size(24), weight=mn.BOLD).move_to(fig_point(0.05, 0.93),
                                                                                       aligned_edge=mn.UL)
            self.add(title)
            for y, tex in zip(formula_rows(), d["formulas"]):
                self.add(formula(tex, fg, tex_size(15)).move_to(fig_point(0.05, y), aligned_edge=mn.LEFT))
            for y, line in zip((0.575, 0.53), d["setup"]):
                self.add(text(line, th.muted, text_size(13)).move_to(fig_point(0.05, y), aligned_edge=mn.LEFT))
            counter = LiveText(counter_text(d, frame_state(d, 0)), fg, text_size(17))
            counter.place(fig_point(0.96, 0.905), mn.RIGHT)

            dpanel = ManimPanel(DATA, th, (X_RANGE[0] - 0.1, X_RANGE[1] + 0.1), d["data_ylim"],
                                nice_ticks(*X_RANGE, 3), nice_ticks(*d["data_ylim"], 4), xlabel="x", ylabel="y")
            self.add(dpanel.group)
            self.add(text(words["data_heading"], fg, text_size(14), weight=mn.BOLD)
                     .move_to(fig_point(DATA[0], DATA[1] + DATA[3] + 0.04), aligned_edge=mn.LEFT))
            self.add(text(words["mean_label"], fg, text_size(13))
                     .move_to(fig_point(LOSS_X, DATA[1] + DATA[3]), aligned_edge=mn.LEFT))
            faint = mn.VGroup(*(mn.Dot(dpanel.c2p(x, y), radius=0.04, color=th.muted, fill_opacity=0.35)
                                for x, y in zip(d["x"], d["y"])))
            self.add(rv.fade("curve", faint))
            seen = [mn.Dot(dpanel.c2p(x, y), radius=0.045, color=th.muted) for x, y in zip(d["x"], d["y"])]
            ring = mn.Circle(radius=0.1, color=fg, stroke_width=3)
            fits = {name: dpanel.polyline(d["fit_x"], d["fit_x"] * 0, col[name], width=4) for name in RUNS}
            losses = {}
            for i, name in enumerate(RUNS):
                lt = LiveText("0", col[name], text_size(13))
                lt.place(fig_point(LOSS_X, loss_y(i)), mn.LEFT)
                losses[name] = lt

            k = d["k"]
            lines, heads, panels = {}, {}, {}
            for rect, keys in zip((TOP, BOTTOM), PANEL_SERIES):
                panel = ManimPanel(rect, th, (0.5, d["n"] + 0.5), d["ylim"], nice_ticks(1, d["n"], 6),
                                   dticks(d), xlabel=words["xlabel"] if rect is BOTTOM else None,
                                   ylabel=words["ylabel"])
                self.add(panel.group, mn.Line(panel.c2p(0.5, 0), panel.c2p(d["n"] + 0.5, 0), color=th.muted,
                                              stroke_width=1.5))
                fx = rect[0]
                for key in keys:
                    self.add(mn.Dot(fig_point(fx + 0.006, rect[1] + rect[3] + 0.035), radius=0.08,
                                    color=col[key]))
                    self.add(text(words["legend"][key], fg, text_size(13))
                             .move_to(fig_point(fx + 0.018, rect[1] + rect[3] + 0.035), aligned_edge=mn.LEFT))
                    fx += LEGEND_STEP[key]
                for key in keys:
                    lines[key] = panel.polyline([1], [0], col[key], width=5 if key == "velocity" else 3)
                    heads[key] = mn.Dot(radius=0.07, color=col[key], stroke_color=th.background,
                                        stroke_width=1.5)
                    panels[key] = panel
                if "relu" in keys:
                    off_k = k[d["runs"]["relu"]["pre"] < 0]
                    offs = [mn.Circle(radius=0.06, color=col["relu"], stroke_width=2.5)
                            .move_to(panel.c2p(kk, 0)) for kk in off_k]

            rv.rest(self, "axes", title)

            def redraw(t):
                st = frame_state(d, t)
                for key, line in lines.items():
                    px, py = partial(k, d["series"][key], st["shown"])
                    panels[key].set_polyline(line, px, py)
                    heads[key].move_to(panels[key].c2p(px[-1], py[-1]))
                for kk, circle in zip(off_k, offs):
                    circle.set_stroke(opacity=1.0 if kk <= st["shown"] + 1 + 1e-9 else 0.0)
                i = st["k"]
                shown = rv.sched.alpha(t, "balls")
                for j, dot in enumerate(seen):
                    dot.set_opacity(shown if j <= i else 0.0)
                ring.move_to(dpanel.c2p(d["x"][i], d["y"][i]))
                for name in RUNS:
                    dpanel.set_polyline(fits[name], d["fit_x"], st["fits"][name])
                    losses[name].set_text(loss_text(d, name, st))
                counter.set_text(counter_text(d, st))
                rv.grow(t, "balls", *heads.values(), ring)
                rv.show(t, "balls", *fits.values(), *losses.values(), counter)

            self.add(live(clock, redraw, *seen, *fits.values(), ring, *offs, *lines.values(), *heads.values(),
                          *losses.values(), counter))
            return clock

    return DerivativesScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    DerivativesScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="dL/dw1 of a 2-neuron model per data point: without/with ReLU, with momentum, and the velocity",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=manim_scene,
    outcome=outcome,
    examples=({"beta": 0.0}, {"lr": 0.01}),
))
