"""Momentum rate: too little momentum is slow, the right amount is fast, too much overshoots.

Three balls roll down the same ravine f(x, y) = ½ (λmin x² + λmax y²) with the same step α and the
heavy-ball update v ← βv + ∇f, x ← x − αv, differing only in β. With a small β the ball drops to the
valley floor and then crawls along it; with β* the ball runs to the minimum; with a large β it builds so
much speed that it overshoots the minimum and swings back and forth around it.

β* is the β that sim.theory's closed forms say is fastest for this α: the one that minimises the
worst-case rate max over λ in {λmin, λmax} of the heavy ball's spectral radius. For α ≤ 1/λmax it is
the critical damping of the long axis, β* = (1 − √(αλmin))². (sim.theory.optimal_momentum's β is the
best when α is tuned too; at that larger α plain gradient descent and small β diverge, so the three
panels share a smaller α.) The loss panel below plots each run's loss per step on a log scale.

    python render.py momentum-rate
    python render.py momentum-rate --set small=0.4 --set large=0.95
    manim -ql scenes/momentum_rate.py MomentumRateScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes import momentum_rate_web
from scenes.kit.reflow import Flow, Zone
from scenes.kit import contour as C, layout as L, race, reveal, story
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.timeline import duration as timeline_duration, step_at

NAME = "momentum-rate"
LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.0  # the setup beat; a pause after the race, then the result
XLIM, YLIM = (-3.0, 3.0), (-1.5, 1.5)
LOSS_FLOOR, LOSS_TOP = 1e-6, 1e2

PARAMS = (
    Param("kappa", "float", 30.0, "condition number lambda_max / lambda_min of the ravine", 4.0, 100.0),
    Param("lr", "float", None, "learning rate alpha shared by the three runs (auto: 1 / lambda_max)",
          1e-3, 0.5),
    Param("small", "float", 0.2, "momentum beta of the left panel (too small)", 0.0, 0.99),
    Param("momentum", "float", None, "momentum beta of the middle panel (auto: beta*, the fastest for "
          "this alpha, from theory)", 0.0, 0.99),
    Param("large", "float", 0.9, "momentum beta of the right panel (too large)", 0.0, 0.99),
    Param("steps", "int", 120, "optimizer steps shown", 20, 400),
    Param("speed", "float", 12.0, "optimizer steps per second of video", 2.0, 60.0),
    Param("target", "float", 1e-3, "loss level whose step count the table shows", 1e-5, 1.0),
)

FORMULA = r"v \leftarrow \beta v + \nabla f(x);\ \ x \leftarrow x - \alpha v"


def run_labels(betas) -> list[str]:
    """Each run's name in the table and the sidecar: its β, with its panel's side where two βs print
    alike."""
    names = [f"\u03b2 = {b:.3g}" for b in betas]
    if len(set(names)) == len(names):
        return names
    return [f"{n} ({side})" for n, side in zip(names, ("left", "middle", "right"))]


def verdicts(data: dict) -> list[str]:
    """Each panel's measured verdict: fastest to stay below the target, or 'too little' / 'too much'
    beside the fastest β and why (slower, overshoots, never stays below, diverges)."""
    cnts, gone, betas = data["counts"], data["diverged"], data["betas"]
    win = race.winners(cnts, gone)
    out = []
    for i, b in enumerate(betas):
        if i in win:
            out.append("fastest" if len(win) == 1 else "tied fastest")
            continue
        if gone[i]:
            what = "diverges"
        elif cnts[i]["stays_below"] is None:
            what = "never stays below"
        else:
            what = "overshoots" if race.overshoots(data["raw_positions"][i]) else "slower"
        if win and b > max(betas[j] for j in win):
            what = f"too much: {what}"
        elif win and b < min(betas[j] for j in win):
            what = f"too little: {what}"
        out.append(what)
    return out


def make_data(p: dict) -> dict:
    """The three runs (same start, same α, three βs), their losses and the ravine's contour lines."""
    from sim import SGD, landscapes, simulate, theory

    ravine = landscapes.Ravine(kappa=float(p["kappa"]))
    eig = np.array([ravine.lam_min, ravine.lam_max])
    lr = 1.0 / ravine.lam_max if p["lr"] is None else float(p["lr"])
    best = theory.best_beta(lr, eig)
    converges = float(theory.momentum_rate_quadratic(lr, best, eig)) < 1.0
    betas = [float(p["small"]), best if p["momentum"] is None else float(p["momentum"]), float(p["large"])]
    steps = int(p["steps"])
    runs = [simulate(ravine, ravine.start, SGD(lr, momentum=b), steps) for b in betas]
    joint = theory.optimal_momentum(*eig)
    data = {
        "kappa": ravine.kappa,
        "eigenvalues": eig,
        "lr": lr,
        "lr_auto": p["lr"] is None,
        "betas": betas,
        "best_beta": best,
        "middle_is_best": p["momentum"] is None,
        "converges": converges,
        "joint_optimum": (float(joint.alpha), float(joint.beta)),
        "rates": [float(theory.momentum_rate_quadratic(lr, b, eig)) for b in betas],
        "steps": steps,
        "speed": float(p["speed"]),
        "start": np.asarray(ravine.start, dtype=float),
        "labels": run_labels(betas),
        **C.runs_data(ravine, runs, XLIM, YLIM, LOSS_TOP, float(p["target"]), 10),
    }
    data["verdicts"] = verdicts(data)
    data["title"] = title(data)
    data["story"] = make_story(data)
    return data


def title(data: dict) -> str:
    """Which β gets below the target for good first, measured."""
    win = race.winners(data["counts"], data["diverged"])
    if not win:
        return f"How much momentum? No \u03b2 here stays below loss {data['target']:g}"
    if len(win) == 3:
        return "How much momentum? All three \u03b2s tie"
    names = [star_name(data, i) for i in win]
    if len(win) == 1:
        return f"How much momentum? {names[0]} is fastest"
    return f"How much momentum? {race.joined(names)} tie"


def star_name(data: dict, i: int) -> str:
    """The run's label, with β* for the middle β where it is theory's fastest for this α."""
    star = i == 1 and data["middle_is_best"] and data["converges"]
    return data["labels"][i].replace("\u03b2 =", "\u03b2* =", 1) if star else data["labels"][i]


def motion(data: dict, i: int) -> str:
    if data["diverged"][i]:
        return "blows up"
    if race.overshoots(data["raw_positions"][i]):
        return "overshoots the minimum and swings around it"
    return "approaches the minimum without overshooting"


def make_story(data: dict) -> dict:
    labels, cnts, gone = data["labels"], data["counts"], data["diverged"]
    end_race = LEAD + data["steps"] / data["speed"] + reveal.HOLD  # the balls rest a moment
    x0, y0 = data["start"]
    moves = race.joined([f"{labels[i]} {motion(data, i)}" for i in range(3)])
    beats = [
        reveal.setup_beat(f"Three balls with {race.joined(labels)} start together at ({x0:g}, {y0:g}) on "
                          f"the same ravine.", LEAD),
        story.beat("race", LEAD, end_race, f"{race.sentence(moves)}; "
                                           f"{race.standings(labels, cnts, gone)} (loss {data['target']:g})."),
        story.beat("result", end_race, duration(data),
                   race.result(labels, cnts, gone, data["target"], data["steps"])),
    ]
    texts = [*(n for pair in headers(data) for n in pair), alpha_text(data), *joint_lines(data),
             *(t for t, _ in table_rows(data))]
    numbers = {"alpha": data["lr"], "kappa": data["kappa"], "betas": list(data["betas"]),
               "best_beta": data["best_beta"], "joint_optimum": list(data["joint_optimum"]),
               "target": data["target"], "steps": data["steps"],
               "steps_to_target": race.numbers(labels, cnts)}
    return story.make_story(data["title"], beats, texts, numbers)


def duration(data: dict) -> float:
    return timeline_duration(data["steps"], data["speed"], LEAD, HOLD)


def outcome(data: dict) -> dict:
    names = ("small", "middle", "large")
    return {
        "lr": data["lr"],
        "betas": dict(zip(names, data["betas"])),
        "best_beta": data["best_beta"],
        "steps_to_target": race.numbers(data["labels"], data["counts"]),
        "target": data["target"],
        "theory_rates": dict(zip(names, data["rates"])),
        "diverged": dict(zip(names, data["diverged"])),
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves at time t: step, trails, balls, loss curves, which targets are reached."""
    return C.runs_state(data, step_at(t, data["steps"], data["speed"], LEAD), LOSS_FLOOR)


# Layout, in figure fractions.
PANEL_W, PANEL_LEFT = 0.295, (0.035, 0.3525, 0.67)
PANELS = [L.Panel(L.equal_aspect_box(x, 0.425, PANEL_W, XLIM, YLIM), XLIM, YLIM) for x in PANEL_LEFT]
LOSS_BOX = (0.09, 0.09, 0.55, 0.26)
HEAD_Y = (0.765, 0.722)
TABLE_X, TABLE_TOP = 0.965, 0.35
JOINT_Y = (0.1, 0.05)
DECADES = (-6, -4, -2, 0, 2)
# Other aspects: the three runs' maps scale side by side (4:3, 1:1) or two and one beside the table
# (9:16); the loss panel stretches below them.
FLOW = Flow((Zone("title", (0.0, 0.9, 0.66, 1.0)),
             Zone("counter", (0.8, 0.9, 1.0, 1.0), align="right"),
             Zone("formula", (0.0, 0.82, 0.3, 0.9)),
             Zone("alpha", (0.7, 0.82, 1.0, 0.9), align="right"),
             *(Zone(f"p{i}", (x - 0.015, 0.41, x + PANEL_W + 0.0075, 0.8), fit="scale")
               for i, x in enumerate(PANEL_LEFT)),
             Zone("loss", (0.0, 0.0, 0.68, 0.41), fit="stretch", inner=(0.09, 0.09, 0.64, 0.35)),
             Zone("table", (0.7, 0.0, 1.0, 0.37), align="right")),
            rows={"9:16": (("title",), ("counter",), ("formula",), ("alpha",), ("p0", "p1"), ("p2", "table"),
                           ("loss",))})


def loss_panel(data: dict) -> L.Panel:
    return L.Panel(LOSS_BOX, (0.0, float(data["steps"])), (LOSS_FLOOR, LOSS_TOP), log=True)


def colors_of(theme) -> tuple[str, str, str]:
    return (theme.gd, theme.momentum, theme.accent)


def headers(data: dict) -> list[tuple[str, str]]:
    """Per panel: the coloured heading (a formula; β* where the middle β is theory's fastest for this
    α) and the measured verdict under it (plain text)."""
    out = []
    for i, (b, v) in enumerate(zip(data["betas"], data["verdicts"])):
        star = i == 1 and data["middle_is_best"] and data["converges"]
        out.append((rf"\beta^* = {b:.3g}" if star else rf"\beta = {b:.3g}", v))
    return out


def title_size(data: dict) -> float:
    """22 pt, smaller for a title long enough to reach the step counter."""
    return race.fit_size(data["title"], 22, 54)


def alpha_text(data: dict) -> str:
    rule = r"1/\lambda_\mathrm{max} = " if data["lr_auto"] else ""
    return rf"\alpha = {rule}{data['lr']:.3g},\ \ \kappa = {data['kappa']:g}"


def joint_lines(data: dict) -> tuple[str, str]:
    """The best pair when α is tuned as well (sim.theory.optimal_momentum): a text line and a formula."""
    a, b = data["joint_optimum"]
    return "best if \u03b1 is tuned too:", rf"\alpha = {a:.3g},\ \ \beta = {b:.3g}"


def table_rows(data: dict) -> list[tuple[str, float]]:
    """The heading and one line per run, each at the height of its rank."""
    return race.table(data["labels"], data, TABLE_TOP, 0.05, sep=":  ")


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    colors = colors_of(theme)
    title = fig.text(0.035, 0.945, data["title"], fontsize=title_size(data), weight="bold", color=theme.foreground,
             va="center")
    fig.text(0.035, 0.858, f"${FORMULA}$", color=theme.foreground, fontsize=17, va="center")
    fig.text(0.965, 0.858, f"${alpha_text(data)}$", color=theme.muted, fontsize=17, ha="right", va="center")
    counter = fig.text(0.965, 0.945, "", color=theme.foreground, fontsize=16, ha="right", va="center",
                       animated=True)
    level_colors = C.level_colors(theme, len(data["levels"]))
    axes = []
    for i, (panel, c, (tex, note)) in enumerate(zip(PANELS, colors, headers(data))):
        l, b, w, h = panel.box
        fig.text(l + w / 2, HEAD_Y[0], f"${tex}$", color=c, fontsize=18, ha="center", va="center")
        fig.text(l + w / 2, HEAD_Y[1], note, color=theme.muted, fontsize=15, ha="center", va="center")
        axes.append(C.mpl_contour_axes(fig, panel, theme, data["lines"], level_colors))
        axes[-1].plot(*data["minimum"], marker="x", ms=9, mew=2.2, color=theme.foreground, zorder=2)
        rv.fade("curve", *axes[-1].collections, *axes[-1].lines)

    lp = loss_panel(data)
    lax = C.mpl_panel_axes(fig, lp, theme, "step", "loss f(x)", C.step_ticks(data["steps"], 6),
                           [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES])
    trails, balls, curves = C.mpl_runs(axes, lax, colors, theme)
    dots, labels = C.mpl_target_table(fig, lax, data, theme, colors, table_rows(data), TABLE_X)
    joint = joint_lines(data)
    fig.text(TABLE_X, JOINT_Y[0], joint[0], color=theme.muted, fontsize=14, ha="right", va="center")
    fig.text(TABLE_X, JOINT_Y[1], f"${joint[1]}$", color=theme.muted, fontsize=16, ha="right", va="center")

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

    class MomentumRateScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            colors = colors_of(th)
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = L.at(text(d["title"], th.foreground, L.text_size(title_size(d)), weight=mn.BOLD),
                         0.035, 0.945, mn.LEFT)
            self.add(title,
                     L.at(formula(FORMULA, th.foreground, L.tex_size(17)),
                          0.035, 0.858, mn.LEFT),
                     L.at(formula(alpha_text(d), th.muted, L.tex_size(17)),
                          0.965, 0.858, mn.RIGHT))
            counter = LiveText(f"step 0 / {d['steps']}", th.foreground, L.text_size(16)) \
                .place(L.fig_point(0.965, 0.945), mn.RIGHT)
            level_colors = C.level_colors(th, len(d["levels"]))
            for panel, c, (tex, note) in zip(PANELS, colors, headers(d)):
                l, b, w, h = panel.box
                self.add(L.at(formula(tex, c, L.tex_size(18)), l + w / 2, HEAD_Y[0]),
                         L.at(text(note, th.muted, L.text_size(15)), l + w / 2, HEAD_Y[1]),
                         rv.fade("curve", C.manim_contours(panel, d["lines"], level_colors),
                                 mn.Cross(scale_factor=0.09, stroke_color=th.foreground, stroke_width=4)
                                 .move_to(panel.to_manim([d["minimum"]])[0])),
                         C.manim_border(panel, th))

            lp = loss_panel(d)
            self.add(C.manim_panel_axes(lp, th, "step", "loss f(x)", C.step_ticks(d["steps"], 6),
                                        [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES]))
            dots, labels = C.manim_target_table(self, lp, d, th, colors, table_rows(d), TABLE_X)
            self.add(L.at(text(joint_lines(d)[0], th.muted, L.text_size(14)),
                          TABLE_X, JOINT_Y[0], mn.RIGHT),
                     L.at(formula(joint_lines(d)[1], th.muted, L.tex_size(16)),
                          TABLE_X, JOINT_Y[1], mn.RIGHT))
            trails, balls, curves = C.manim_runs(colors, th)
            show = C.manim_show_runs(counter, d["steps"], PANELS, lp, trails, balls, curves, dots, labels)
            rv.race(self, title, lambda t: show(frame_state(d, t)), counter, balls,
                    *trails, *balls, *curves, *dots, *labels)
            return clock

    return MomentumRateScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    MomentumRateScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="The same ravine with too little, the best and too much momentum: slow, fast, overshooting",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=manim_scene,
    outcome=outcome,
    examples=({"large": 0.7}, {"momentum": 0.0}, {"small": 0.0, "large": 0.99}),
    web=momentum_rate_web.build,
))
