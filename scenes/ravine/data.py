"""Ravine: why plain gradient descent zig-zags where momentum runs along the valley floor.

The landscape is the quadratic f(x, y) = ½ (λmin x² + λmax y²) with condition number κ = λmax / λmin:
a long, narrow valley. Gradient descent x ← x − α∇f at its best fixed step α = 2 / (λmin + λmax)
overshoots across the steep walls at every step (the y coordinate flips sign) and creeps along the floor
at the rate (κ − 1) / (κ + 1) per step. Momentum with the same α, v ← βv + ∇f, x ← x − αv, averages the
alternating steep gradients away and builds speed along the floor; β defaults to the value that the
closed-form rates (sim.theory) say is fastest for this α. The panel on the right plots the loss per step
on a log scale: momentum reaches the target loss in a fraction of the steps.

    python render.py ravine
    python render.py ravine --set kappa=60 --set momentum=0.8
    manim -ql scenes/ravine.py RavineScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes import ravine_web
from scenes.kit.reflow import Flow, Zone
from scenes.kit import contour as C, layout as L, race, reveal, story
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.timeline import duration as timeline_duration, step_at

NAME = "ravine"
LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.0  # the setup beat; a pause after the race, then the result
XLIM, YLIM = (-3.0, 3.0), (-1.5, 1.5)
LOSS_FLOOR, LOSS_TOP = 1e-6, 1e3

PARAMS = (
    Param("kappa", "float", 30.0, "condition number lambda_max / lambda_min of the ravine", 4.0, 100.0),
    Param("lr", "float", None, "learning rate alpha of both runs (auto: 2 / (lambda_min + lambda_max), "
          "the best step for plain gradient descent)", 1e-3, 0.5),
    Param("momentum", "float", None, "momentum beta (auto: the fastest beta for this alpha, from theory)",
          0.0, 0.99),
    Param("steps", "int", 100, "optimizer steps shown", 20, 400),
    Param("speed", "float", 12.0, "optimizer steps per second of video", 2.0, 60.0),
    Param("target", "float", 1e-3, "loss level marked on the loss panel", 1e-5, 1.0),
)

FORMULAS = (r"x \leftarrow x - \alpha\,\nabla f(x)",
            r"v \leftarrow \beta v + \nabla f(x);\ \ x \leftarrow x - \alpha v")


def make_data(p: dict) -> dict:
    """Both runs from the same start, their losses, and the ravine's contour lines."""
    from sim import SGD, landscapes, simulate, theory

    ravine = landscapes.Ravine(kappa=float(p["kappa"]))
    eig = np.array([ravine.lam_min, ravine.lam_max])
    lr = float(theory.optimal_gd(*eig).alpha) if p["lr"] is None else float(p["lr"])
    beta = theory.best_beta(lr, eig) if p["momentum"] is None else float(p["momentum"])
    steps = int(p["steps"])
    runs = [simulate(ravine, ravine.start, SGD(lr), steps),
            simulate(ravine, ravine.start, SGD(lr, momentum=beta), steps)]
    data = {
        "kappa": ravine.kappa,
        "eigenvalues": eig,
        "lr": lr,
        "beta": beta,
        "lr_auto": p["lr"] is None,
        # β*(α) is only worth the name if some β converges at this α.
        "beta_auto": p["momentum"] is None and float(theory.momentum_rate_quadratic(lr, beta, eig)) < 1.0,
        "rates": (float(theory.gd_rate_quadratic(lr, eig)), float(theory.momentum_rate_quadratic(lr, beta, eig))),
        "steps": steps,
        "speed": float(p["speed"]),
        "start": np.asarray(ravine.start, dtype=float),
        "formulas": FORMULAS,
        "labels": ("gradient descent", "momentum"),
        **C.runs_data(ravine, runs, XLIM, YLIM, LOSS_TOP, float(p["target"]), 12),
    }
    data["title"] = title(data)
    data["story"] = make_story(data)
    return data


def title(data: dict) -> str:
    """Who gets below the target for good first (`scenes.kit.race`), and how gradient descent moves."""
    cnts, gone, target = data["counts"], data["diverged"], data["target"]
    win = race.winners(cnts, gone)
    if not win:
        return f"A ravine: neither run stays below loss {target:g}"
    if len(win) == 2:
        return "A ravine: gradient descent and momentum tie"
    loser = 1 - win[0]
    name = data["labels"]
    if cnts[loser]["stays_below"] is None:
        fate = "diverges" if gone[loser] else "does not"
        return f"A ravine: {name[win[0]]} gets below {target:g}, {name[loser]} {fate}"
    if win == [1]:
        gd = "zig-zags" if race.zig_zags(data["raw_positions"][0]) else "creeps"
        return f"A ravine: gradient descent {gd}, momentum gets there first"
    return "A ravine: gradient descent gets there before momentum"


def motion(data: dict) -> str:
    """What the two balls do during the race, measured on their paths."""
    raw, gone = data["raw_positions"], data["diverged"]
    if gone[0]:
        gd = "Gradient descent's steps grow until it leaves the picture"
    elif race.zig_zags(raw[0]):
        gd = "Gradient descent zig-zags across the ravine"
    else:
        gd = "Gradient descent creeps down the ravine without crossing it"
    if gone[1]:
        hb = "momentum's steps grow until it leaves the picture"
    elif np.array_equal(raw[0], raw[1]):
        hb = f"momentum with \u03b2 = {data['beta']:g} takes exactly the same steps"
    elif race.overshoots(raw[1]):
        hb = "momentum overshoots the minimum and swings back"
    elif race.zig_zags(raw[1]):
        hb = "momentum zig-zags too"
    else:
        hb = "momentum runs along the floor without overshooting the minimum"
    return f"{gd}, while {hb}"


def make_story(data: dict) -> dict:
    labels, cnts, gone = data["labels"], data["counts"], data["diverged"]
    end_race = LEAD + data["steps"] / data["speed"] + reveal.HOLD  # the balls rest a moment
    x0, y0 = data["start"]
    beats = [
        reveal.setup_beat(f"Gradient descent and momentum start together at ({x0:g}, {y0:g}) on the "
                          f"ravine's steep wall.", LEAD),
        story.beat("race", LEAD, end_race, f"{motion(data)}; {race.standings(labels, cnts, gone)} "
                                           f"(loss {data['target']:g})."),
        story.beat("result", end_race, duration(data),
                   race.result(labels, cnts, gone, data["target"], data["steps"])),
    ]
    texts = [*labels, alpha_text(data), beta_text(data), *(t for t, _ in hit_rows(data))]
    numbers = {"alpha": data["lr"], "beta": data["beta"], "kappa": data["kappa"], "target": data["target"],
               "steps": data["steps"], "steps_to_target": race.numbers(labels, cnts)}
    return story.make_story(data["title"], beats, texts, numbers)


def duration(data: dict) -> float:
    return timeline_duration(data["steps"], data["speed"], LEAD, HOLD)


def outcome(data: dict) -> dict:
    names = ("gradient_descent", "momentum")
    return {
        "lr": data["lr"],
        "beta": data["beta"],
        "kappa": data["kappa"],
        "steps_to_target": race.numbers(data["labels"], data["counts"]),
        "target": data["target"],
        "final_loss": {n: float(v[-1]) for n, v in zip(names, data["values"])},
        "diverged": dict(zip(names, data["diverged"])),
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves at time t: step, trails, balls, loss curves, which targets are reached."""
    return C.runs_state(data, step_at(t, data["steps"], data["speed"], LEAD), LOSS_FLOOR)


# Layout, in figure fractions; both backends place everything from these.
CONTOUR = L.Panel(L.equal_aspect_box(0.035, 0.065, 0.62, XLIM, YLIM), XLIM, YLIM)
LOSS = L.Panel((0.745, 0.12, 0.225, 0.36), (0.0, 1.0), (LOSS_FLOOR, LOSS_TOP), log=True)
COUNTER_AT = (0.97, 0.67)
DECADES = (-6, -4, -2, 0, 2)
HEADER_Y = (0.835, 0.755)
TABLE_TOP = 0.615
# Other aspects: header rows stack; the contour map scales (its units stay square) and the loss panel,
# with the step counter and the table above it, stretches beside or below it.
FLOW = Flow((Zone("title", (0.0, 0.9, 1.0, 1.0)),
             Zone("legend", (0.0, 0.72, 0.62, 0.9)),
             Zone("params", (0.62, 0.72, 1.0, 0.9), align="right"),
             Zone("contour", (0.0, 0.03, 0.665, 0.63), fit="scale"),
             Zone("side", (0.665, 0.0, 1.0, 0.72), fit="stretch", inner=(0.745, 0.12, 0.97, 0.48))),
            rows={"4:3": (("title",), ("legend",), ("params",), ("contour", "side")),
                  "1:1": (("title",), ("legend",), ("params",), ("contour", "side")),
                  "9:16": (("title",), ("legend",), ("params",), ("contour",), ("side",))})


def loss_panel(data: dict) -> L.Panel:
    return L.Panel(LOSS.box, (0.0, float(data["steps"])), LOSS.ylim, log=True)


def hit_rows(data: dict) -> list[tuple[str, float]]:
    """The small table between the step counter and the loss panel: its lines and their heights (figure
    fractions); line 0 is the heading, line i + 1 belongs to run i and sits at its rank."""
    return race.table(data["labels"], data, TABLE_TOP, 0.05)


def alpha_text(data: dict) -> str:
    rule = r"2/(\lambda_\mathrm{min} + \lambda_\mathrm{max}) = " if data["lr_auto"] else ""
    return rf"\alpha = {rule}{data['lr']:.3g}"


def beta_text(data: dict) -> str:
    rule = r"\beta^*(\alpha) = " if data["beta_auto"] else ""
    return rf"\beta = {rule}{data['beta']:.3g}"


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    colors = (theme.gd, theme.momentum)
    title = fig.text(0.04, 0.945, data["title"], fontsize=22, weight="bold", color=theme.foreground, va="center")
    for i, (label, tex) in enumerate(zip(data["labels"], data["formulas"])):
        y = HEADER_Y[i]
        fig.text(0.045, y, "\u25cf", color=colors[i], fontsize=20, va="center")
        fig.text(0.07, y, label, color=theme.foreground, fontsize=15, va="center")
        fig.text(0.29, y, f"${tex}$", color=theme.foreground, fontsize=17, va="center")
    fig.text(0.96, HEADER_Y[0], f"${alpha_text(data)}$", color=theme.muted, fontsize=17, ha="right", va="center")
    fig.text(0.96, HEADER_Y[1], f"${beta_text(data)}$", color=theme.muted, fontsize=17, ha="right", va="center")
    counter = fig.text(*COUNTER_AT, "", color=theme.foreground, fontsize=16, ha="right", va="center",
                       animated=True)

    ax = C.mpl_contour_axes(fig, CONTOUR, theme, data["lines"], C.level_colors(theme, len(data["levels"])))
    rv.fade("curve", *ax.collections, *ax.plot(*data["minimum"], marker="x", ms=10, mew=2.5, color=theme.foreground,
                                               zorder=2))
    lp = loss_panel(data)
    lax = C.mpl_panel_axes(fig, lp, theme, "step", "loss f(x)", C.step_ticks(data["steps"], 5),
                           [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES])
    trails, balls, curves = C.mpl_runs([ax] * len(colors), lax, colors, theme, trail_lw=2.4, ball_ms=12,
                                       zorder=(3, 6), stack=True)
    dots, labels = C.mpl_target_table(fig, lax, data, theme, colors, hit_rows(data), 0.97, dot_zorder=6)
    show = C.mpl_show_runs(counter, data["steps"], trails, balls, curves, dots, labels)
    rv.grow("balls", *balls).fade("balls", counter).rest("axes", title)

    def update(t: float) -> None:
        show(frame_state(data, t))
        rv(t)

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, text
    from scenes.kit.reveal_manim import Reveal

    class RavineScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            colors = (th.gd, th.momentum)
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = L.at(text(d["title"], th.foreground, L.text_size(22), weight=mn.BOLD), 0.04, 0.945, mn.LEFT)
            self.add(title)
            for i, (label, tex) in enumerate(zip(d["labels"], d["formulas"])):
                y = HEADER_Y[i]
                self.add(mn.Dot(L.fig_point(0.052, y), radius=0.1, color=colors[i]),
                         L.at(text(label, th.foreground, L.text_size(15)), 0.07, y, mn.LEFT),
                         L.at(formula(tex, th.foreground, L.tex_size(17)), 0.29, y, mn.LEFT))
            self.add(L.at(formula(alpha_text(d), th.muted, L.tex_size(17)), 0.96, HEADER_Y[0], mn.RIGHT),
                     L.at(formula(beta_text(d), th.muted, L.tex_size(17)), 0.96, HEADER_Y[1], mn.RIGHT))

            self.add(rv.fade("curve", C.manim_contours(CONTOUR, d["lines"], C.level_colors(th, len(d["levels"]))),
                             mn.Cross(scale_factor=0.1, stroke_color=th.foreground, stroke_width=4)
                             .move_to(CONTOUR.to_manim([d["minimum"]])[0])),
                     C.manim_border(CONTOUR, th))

            lp = loss_panel(d)
            self.add(C.manim_panel_axes(lp, th, "step", "loss f(x)", C.step_ticks(d["steps"], 5),
                                        [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES]))
            dots, labels = C.manim_target_table(self, lp, d, th, colors, hit_rows(d), 0.97)

            counter = LiveText(f"step 0 / {d['steps']}", th.foreground, L.text_size(16)).place(L.fig_point(*COUNTER_AT),
                                                                                   mn.RIGHT)
            trails, balls, curves = C.manim_runs(colors, th, trail_width=4.5, ball_radius=0.11)
            show = C.manim_show_runs(counter, d["steps"], [CONTOUR] * len(colors), lp, trails, balls, curves,
                                     dots, labels)
            rv.race(self, title, lambda t: show(frame_state(d, t)), counter, balls,
                    *trails, *balls, *curves, *dots, *labels)
            return clock

    return RavineScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    RavineScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="A narrow ravine: gradient descent zig-zags across it, momentum runs along its floor",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=manim_scene,
    outcome=outcome,
    examples=({"momentum": 0.0}, {"lr": 0.1}, {"momentum": 0.95}),
    web=ravine_web.build,
))
