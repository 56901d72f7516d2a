"""Flavours: plain SGD, heavy ball, Nesterov and dampening, as torch.optim.SGD computes them.

Four runs of `torch.optim.SGD`'s update (sim.SGD reproduces it exactly) start from the same point of
the ravine f(x, y) = ½ (λmin x² + λmax y²), with g = ∇f(x), learning rate α, momentum μ, dampening τ:

    plain SGD    x ← x − α g
    heavy ball   b ← μ b + g,            x ← x − α b
    Nesterov     b ← μ b + g,            x ← x − α (g + μ b)
    dampening    b ← μ b + (1 − τ) g,    x ← x − α b

(on the first step torch sets b ← g, undamped). Each panel shows one run on the contours; the loss
panel plots all four per step on a log scale. Nesterov's look-ahead, g + μb, damps the heavy ball's
swings across the ravine; dampening scales the buffer's input by (1 − τ), so its top speed on a
steady slope is (1 − τ) / (1 − μ) gradients per step instead of 1 / (1 − μ).

    python render.py flavours
    python render.py flavours --set momentum=0.8 --set dampening=0.3
    manim -ql scenes/flavours.py FlavoursScene
"""
from __future__ import annotations

import sys
from functools import lru_cache

import numpy as np

from scenes import contour as C, layout as L
from scenes.params import Param
from scenes.registry import SceneSpec, register
from scenes.timeline import duration as timeline_duration, step_at

NAME = "flavours"
LEAD, HOLD = 0.5, 2.0
XLIM, YLIM = (-3.0, 3.0), (-1.5, 1.5)
LOSS_FLOOR, LOSS_TOP = 1e-6, 1e2

PARAMS = (
    Param("kappa", "float", 30.0, "condition number lambda_max / lambda_min of the ravine", 4.0, 100.0),
    Param("lr", "float", None, "learning rate alpha of all four runs (auto: 1 / lambda_max)", 1e-3, 0.5),
    Param("momentum", "float", 0.9, "momentum mu of the three momentum flavours", 0.05, 0.99),
    Param("dampening", "float", 0.5, "dampening tau of the fourth run", 0.0, 1.0),
    Param("steps", "int", 120, "optimizer steps shown", 20, 400),
    Param("speed", "float", 12.0, "optimizer steps per second of video", 2.0, 60.0),
    Param("target", "float", 1e-3, "loss level whose step count the table shows", 1e-5, 1.0),
)

NAMES = ("plain SGD", "heavy ball", "Nesterov", "dampening")


def flavour_flags(momentum: float, dampening: float) -> list[dict]:
    """The keyword arguments of sim.SGD / torch.optim.SGD for each flavour, in NAMES order."""
    return [{}, {"momentum": momentum}, {"momentum": momentum, "nesterov": True},
            {"momentum": momentum, "dampening": dampening}]


def update_tex(momentum: float = 0.0, dampening: float = 0.0, nesterov: bool = False) -> str:
    """The update torch.optim.SGD performs with these flags (after the first step), as LaTeX."""
    if momentum == 0:
        return r"x \leftarrow x - \alpha g"
    grad = r"(1-\tau)\,g" if dampening != 0 else "g"
    step = r"x \leftarrow x - \alpha\,(g + \mu b)" if nesterov else r"x \leftarrow x - \alpha b"
    return rf"b \leftarrow \mu b + {grad};\ \ {step}"


def flags_text(flags: dict) -> str:
    """The flag that sets this flavour apart, as passed to torch.optim.SGD (momentum is shared)."""
    if not flags:
        return "momentum=0"
    if flags.get("nesterov"):
        return "nesterov=True"
    if flags.get("dampening"):
        return f"dampening={flags['dampening']:g}"
    return f"momentum={flags['momentum']:g}"


def make_data(p: dict) -> dict:
    """The four runs (same start, same α) with sim.SGD's torch semantics, and the contour lines."""
    from sim import SGD, landscapes, simulate

    ravine = landscapes.Ravine(kappa=float(p["kappa"]))
    lr = 1.0 / ravine.lam_max if p["lr"] is None else float(p["lr"])
    mu, tau = float(p["momentum"]), float(p["dampening"])
    flags = flavour_flags(mu, tau)
    steps = int(p["steps"])
    runs = [simulate(ravine, ravine.start, SGD(lr, **f), steps) for f in flags]
    return {
        "kappa": ravine.kappa,
        "lr": lr,
        "lr_auto": p["lr"] is None,
        "momentum": mu,
        "dampening": tau,
        "flags": flags,
        "formulas": [update_tex(**f) for f in flags],
        "steps": steps,
        "speed": float(p["speed"]),
        "raw_values": np.stack([r.values for r in runs]),
        "title": "Four flavours of torch.optim.SGD on one ravine",
        **C.runs_data(ravine, runs, XLIM, YLIM, LOSS_TOP, float(p["target"]), 10),
    }


def duration(data: dict) -> float:
    return timeline_duration(data["steps"], data["speed"], LEAD, HOLD)


def outcome(data: dict) -> dict:
    keys = ("plain", "heavy_ball", "nesterov", "dampening")
    return {
        "lr": data["lr"],
        "momentum": data["momentum"],
        "dampening": data["dampening"],
        "steps_to_target": dict(zip(keys, data["hits"])),
        "target": data["target"],
        "final_loss": {k: float(v[-1]) for k, v in zip(keys, data["values"])},
        "diverged": dict(zip(keys, data["diverged"])),
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves at time t: step, trails, balls, loss curves, which targets are reached."""
    return C.runs_state(data, step_at(t, data["steps"], data["speed"], LEAD), LOSS_FLOOR)


# Layout, in figure fractions: a 2 x 2 grid of panels, the loss panel and the table on the right.
PANEL_W = 0.29
PANELS = [L.Panel(L.equal_aspect_box(x, y, PANEL_W, XLIM, YLIM), XLIM, YLIM)
          for y in (0.445, 0.055) for x in (0.035, 0.36)]
NAME_DY, FORMULA_DY = 0.085, 0.04  # header lines, above each panel's top
LOSS_BOX = (0.735, 0.395, 0.235, 0.35)
TABLE_X, TABLE_TOP = 0.97, 0.265
DECADES = (-6, -4, -2, 0, 2)
STEP_TICKS = {"at_most": 4, "spacings": C.STEP_SPACINGS[1:]}  # ticks from 20 steps apart


def loss_panel(data: dict) -> L.Panel:
    return L.Panel(LOSS_BOX, (0.0, float(data["steps"])), (LOSS_FLOOR, LOSS_TOP), log=True)


def settings_text(data: dict) -> str:
    rule = r"1/\lambda_\mathrm{max} = " if data["lr_auto"] else ""
    return (rf"\alpha = {rule}{data['lr']:.3g},\ \ \mu = {data['momentum']:g},\ \ \tau = {data['dampening']:g},"
            r"\ \ g = \nabla f(x)")


def table_rows(data: dict) -> list[tuple[str, float]]:
    rows = [(f"steps to loss {data['target']:g}", TABLE_TOP)]
    for i, (name, (txt, _)) in enumerate(zip(NAMES, data["events"])):
        rows.append((f"{name}: {txt}", TABLE_TOP - 0.048 * (i + 1)))
    return rows


def header_y(panel: L.Panel) -> tuple[float, float]:
    l, b, w, h = panel.box
    return b + h + NAME_DY, b + h + FORMULA_DY


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    colors = [theme.series(i) for i in range(4)]
    fig.text(0.035, 0.945, data["title"], fontsize=22, weight="bold", color=theme.foreground, va="center")
    fig.text(0.035, 0.868, f"${settings_text(data)}$", color=theme.muted, fontsize=16, va="center")
    counter = fig.text(0.97, 0.945, "", color=theme.foreground, fontsize=16, ha="right", va="center",
                       animated=True)
    level_colors = C.level_colors(theme, len(data["levels"]))
    axes = []
    for panel, c, name, flags, tex in zip(PANELS, colors, NAMES, data["flags"], data["formulas"]):
        l, b, w, h = panel.box
        y_name, y_tex = header_y(panel)
        fig.text(l, y_name, name, color=c, fontsize=16, weight="bold", va="center")
        fig.text(l + w, y_name, flags_text(flags), color=theme.muted, fontsize=14, ha="right", va="center")
        fig.text(l, y_tex, f"${tex}$", color=theme.foreground, fontsize=16, va="center")
        axes.append(C.mpl_contour_axes(fig, panel, theme, data["lines"], level_colors))
        axes[-1].plot(*data["minimum"], marker="x", ms=9, mew=2.2, color=theme.foreground, zorder=2)

    lp = loss_panel(data)
    lax = C.mpl_panel_axes(fig, lp, theme, "step", "loss f(x)", C.step_ticks(data["steps"], **STEP_TICKS),
                           [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES])
    trails, balls, curves = C.mpl_runs(axes, lax, colors, theme, curve_lw=2.0)
    dots, labels = C.mpl_target_table(fig, lax, data, theme, colors, table_rows(data), TABLE_X,
                                      dot_ms=7, dot_zorder=8)
    show = C.mpl_show_runs(counter, data["steps"], trails, balls, curves, dots, labels)
    return lambda t: show(frame_state(data, t))


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.manim_backend import DataScene, LiveText, formula, live, text

    class FlavoursScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            colors = [th.series(i) for i in range(4)]
            clock = mn.ValueTracker(0.0)

            self.add(L.at(text(d["title"], th.foreground, L.text_size(22), weight=mn.BOLD),
                          0.035, 0.945, mn.LEFT),
                     L.at(formula(settings_text(d), th.muted, L.tex_size(16)),
                          0.035, 0.868, mn.LEFT))
            counter = LiveText(f"step 0 / {d['steps']}", th.foreground, L.text_size(16)) \
                .place(L.fig_point(0.97, 0.945), mn.RIGHT)
            level_colors = C.level_colors(th, len(d["levels"]))
            for panel, c, name, flags, tex in zip(PANELS, colors, NAMES, d["flags"], d["formulas"]):
                l, b, w, h = panel.box
                y_name, y_tex = header_y(panel)
                self.add(L.at(text(name, c, L.text_size(16), weight=mn.BOLD),
                              l, y_name, mn.LEFT),
                         L.at(text(flags_text(flags), th.muted, L.text_size(14)),
                              l + w, y_name, mn.RIGHT),
                         L.at(formula(tex, th.foreground, L.tex_size(16)),
                              l, y_tex, mn.LEFT),
                         C.manim_contours(panel, d["lines"], level_colors), C.manim_border(panel, th),
                         mn.Cross(scale_factor=0.09, stroke_color=th.foreground, stroke_width=4)
                         .move_to(panel.to_manim([d["minimum"]])[0]))

            lp = loss_panel(d)
            self.add(C.manim_panel_axes(lp, th, "step", "loss f(x)", C.step_ticks(d["steps"], **STEP_TICKS),
                                        [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES]))
            dots, labels = C.manim_target_table(self, lp, d, th, colors, table_rows(d), TABLE_X,
                                                dot_radius=0.065)
            trails, balls, curves = C.manim_runs(colors, th, curve_width=3.6)
            show = C.manim_show_runs(counter, d["steps"], PANELS, lp, trails, balls, curves, dots, labels)
            self.add(live(clock, lambda t: show(frame_state(d, t)),
                          counter, *trails, *balls, *curves, *dots, *labels))
            return clock

    return FlavoursScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    FlavoursScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="Plain SGD, heavy ball, Nesterov and dampening, with torch.optim.SGD's update rules",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    manim_scene=manim_scene,
    outcome=outcome,
))
