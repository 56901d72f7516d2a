"""Flavours: plain SGD, heavy ball, Nesterov, dampening and both, as torch's SGD step computes them.

Five runs of `torch.optim.SGD`'s update (sim.SGD reproduces it exactly) start from the same point of
the ravine f(x, y) = ½ (λmin x² + λmax y²), with g = ∇f(x), learning rate α, momentum μ, dampening τ:

    plain SGD             x ← x − α g
    heavy ball            b ← μ b + g,            x ← x − α b
    Nesterov              b ← μ b + g,            x ← x − α (g + μ b)
    dampening             b ← μ b + (1 − τ) g,    x ← x − α b
    Nesterov + dampening  b ← μ b + (1 − τ) g,    x ← x − α (g + μ b)

(on the first step torch sets b ← g, undamped). The last is the seed article's "g + μ(μb + (1 − τ)g)":
torch's functional step (torch.optim.sgd.sgd) computes it, although the torch.optim.SGD constructor
refuses the pair. Each panel shows one run on the contours; the loss panel plots all five per step on
a log scale, and the table ranks them by the step from which their loss stays below the target. Nesterov's look-ahead, g + μb, damps the heavy ball's
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

from scenes.kit.reflow import Flow, Zone
from scenes.kit import contour as C, layout as L, race, reveal, story
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.timeline import duration as timeline_duration, step_at

NAME = "flavours"
LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.0  # the setup beat; a pause after the race, then the result
XLIM, YLIM = (-3.0, 3.0), (-1.5, 1.5)
LOSS_FLOOR, LOSS_TOP = 1e-6, 1e2

PARAMS = (
    Param("kappa", "float", 30.0, "condition number lambda_max / lambda_min of the ravine", 4.0, 100.0),
    Param("lr", "float", None, "learning rate alpha of all four runs (auto: 1 / lambda_max)", 1e-3, 0.5),
    Param("momentum", "float", 0.9, "momentum mu of the three momentum flavours", 0.05, 0.99),
    Param("dampening", "float", 0.5, "dampening tau of the last two runs", 0.0, 1.0),
    Param("steps", "int", 120, "optimizer steps shown", 20, 400),
    Param("speed", "float", 12.0, "optimizer steps per second of video", 2.0, 60.0),
    Param("target", "float", 1e-3, "loss level whose step count the table shows", 1e-5, 1.0),
)

NAMES = ("plain SGD", "heavy ball", "Nesterov", "dampening", "Nesterov + dampening")


def flavour_flags(momentum: float, dampening: float) -> list[dict]:
    """The keyword arguments of sim.SGD / torch's SGD step for each flavour, in NAMES order."""
    return [{}, {"momentum": momentum}, {"momentum": momentum, "nesterov": True},
            {"momentum": momentum, "dampening": dampening},
            {"momentum": momentum, "dampening": dampening, "nesterov": True}]


def update_lines(momentum: float = 0.0, dampening: float = 0.0, nesterov: bool = False) -> list[str]:
    """The update torch's SGD step performs with these flags (after the first step), as LaTeX lines:
    the buffer's update, then the step."""
    if momentum == 0:
        return [r"x \leftarrow x - \alpha g"]
    grad = r"(1-\tau)\,g" if dampening != 0 else "g"
    step = r"x \leftarrow x - \alpha\,(g + \mu b)" if nesterov else r"x \leftarrow x - \alpha b"
    return [rf"b \leftarrow \mu b + {grad}", step]


def update_tex(momentum: float = 0.0, dampening: float = 0.0, nesterov: bool = False) -> str:
    """`update_lines` on one line."""
    return r";\ \ ".join(update_lines(momentum, dampening, nesterov))


def flags_text(flags: dict) -> str:
    """The flags that set this flavour apart, as passed to torch's SGD (momentum is shared)."""
    if not flags:
        return "momentum=0"
    parts = (["nesterov=True"] if flags.get("nesterov") else []) \
        + ([f"dampening={flags['dampening']:g}"] if "dampening" in flags else [])
    return ", ".join(parts) or f"momentum={flags['momentum']:g}"


def make_data(p: dict) -> dict:
    """The four runs (same start, same α) with sim.SGD's torch semantics, and the contour lines."""
    from sim import SGD, landscapes, simulate

    ravine = landscapes.Ravine(kappa=float(p["kappa"]))
    lr = 1.0 / ravine.lam_max if p["lr"] is None else float(p["lr"])
    mu, tau = float(p["momentum"]), float(p["dampening"])
    flags = flavour_flags(mu, tau)
    steps = int(p["steps"])
    runs = [simulate(ravine, ravine.start, SGD(lr, strict=False, **f), steps) for f in flags]
    data = {
        "kappa": ravine.kappa,
        "lr": lr,
        "lr_auto": p["lr"] is None,
        "momentum": mu,
        "dampening": tau,
        "flags": flags,
        "formulas": [update_lines(**f) for f in flags],
        "steps": steps,
        "speed": float(p["speed"]),
        "raw_values": np.stack([r.values for r in runs]),
        "start": np.asarray(ravine.start, dtype=float),
        "labels": NAMES,
        **C.runs_data(ravine, runs, XLIM, YLIM, LOSS_TOP, float(p["target"]), 10),
    }
    data["title"] = title(data)
    data["story"] = make_story(data)
    return data


def title(data: dict) -> str:
    """Which flavour gets below the target for good first, measured."""
    win = race.winners(data["counts"], data["diverged"])
    if not win:
        return f"Five flavours of SGD: none stays below loss {data['target']:g}"
    if len(win) == len(NAMES):
        return "Five flavours of SGD: all five tie"
    names = race.joined([NAMES[i] for i in win])
    return f"Five flavours of SGD: {names} {'is fastest' if len(win) == 1 else 'tie'}"


def motion(data: dict, i: int) -> str:
    raw = data["raw_positions"][i]
    if data["diverged"][i]:
        return "blows up"
    if race.zig_zags(raw):
        return "zig-zags across the ravine"
    if race.overshoots(raw):
        return "overshoots the minimum and swings around it"
    return "approaches the minimum without overshooting"


def make_story(data: dict) -> dict:
    cnts, gone = data["counts"], data["diverged"]
    end_race = LEAD + data["steps"] / data["speed"] + reveal.HOLD  # the balls rest a moment
    x0, y0 = data["start"]
    moves = race.joined([f"{NAMES[i]} {motion(data, i)}" for i in range(len(NAMES))])
    beats = [
        reveal.setup_beat(f"Five runs of torch's SGD step, one per panel, start together at ({x0:g}, {y0:g}) "
                          f"on the same ravine.", LEAD),
        story.beat("race", LEAD, end_race, f"{race.sentence(moves)}; "
                                           f"{race.standings(NAMES, cnts, gone)} (loss {data['target']:g})."),
        story.beat("result", end_race, duration(data),
                   race.result(NAMES, cnts, gone, data["target"], data["steps"])),
    ]
    texts = [*NAMES, *(flags_text(f) for f in data["flags"]), *(t for f in data["formulas"] for t in f),
             settings_text(data), *(t for t, _ in table_rows(data))]
    numbers = {"alpha": data["lr"], "momentum": data["momentum"], "dampening": data["dampening"],
               "target": data["target"], "steps": data["steps"],
               "steps_to_target": race.numbers(NAMES, cnts)}
    return story.make_story(data["title"], beats, texts, numbers)


def duration(data: dict) -> float:
    return timeline_duration(data["steps"], data["speed"], LEAD, HOLD)


def outcome(data: dict) -> dict:
    keys = ("plain", "heavy_ball", "nesterov", "dampening", "nesterov_dampening")
    return {
        "lr": data["lr"],
        "momentum": data["momentum"],
        "dampening": data["dampening"],
        "steps_to_target": race.numbers(NAMES, data["counts"]),
        "target": data["target"],
        "final_loss": {k: float(v[-1]) for k, v in zip(keys, data["values"])},
        "diverged": dict(zip(keys, data["diverged"])),
    }


def frame_state(data: dict, t: float) -> dict:
    """Everything that moves at time t: step, trails, balls, loss curves, which targets are reached."""
    return C.runs_state(data, step_at(t, data["steps"], data["speed"], LEAD), LOSS_FLOOR)


# Layout, in figure fractions: panels in a 3 + 2 grid, the loss panel at the top right, the table
# where the sixth panel would be.
PANEL_W = 0.215
PANELS = [L.Panel(L.equal_aspect_box(x, y, PANEL_W, XLIM, YLIM), XLIM, YLIM)
          for y, xs in ((0.42, (0.035, 0.27, 0.505)), (0.045, (0.035, 0.27))) for x in xs]
HEADER_DY = (0.15, 0.108, 0.068, 0.028)  # name, flags, formula lines: heights above a panel's top
LOSS_BOX = (0.795, 0.45, 0.175, 0.3)
TABLE_X, TABLE_TOP, TABLE_DY = 0.97, 0.35, 0.05
TITLE_Y, SETTINGS_Y = 0.945, 0.868
# Other aspects: the panels keep their size two or three to a row (1:1, 9:16), or scale as two rows
# (4:3); the loss panel stretches beside them and the table sits flush right.
FLOW = Flow((Zone("title", (0.0, 0.91, 0.78, 1.0)),
             Zone("counter", (0.82, 0.91, 1.0, 1.0), align="right"),
             Zone("settings", (0.0, 0.83, 0.45, 0.91)),
             *(Zone(f"p{i}", (x, y, x + w, y + 0.38)) for i, (x, y, w) in
               enumerate(((0.015, 0.41, 0.245), (0.25, 0.41, 0.245), (0.485, 0.41, 0.245), (0.015, 0.03, 0.235),
                          (0.25, 0.03, 0.26)))),
             Zone("top3", (0.0, 0.41, 0.73, 0.79), fit="scale"),
             Zone("bottom2", (0.0, 0.03, 0.5, 0.41), fit="scale"),
             Zone("loss", (0.73, 0.36, 1.0, 0.8), fit="stretch", inner=(0.795, 0.45, 0.97, 0.75)),
             Zone("table", (0.68, 0.06, 1.0, 0.36), align="right")),
            rows={"4:3": (("title",), ("counter",), ("settings",), ("top3", "loss"), ("bottom2", "table")),
                  "1:1": (("title",), ("counter",), ("settings",), ("p0", "p1", "p2"), ("p3", "p4", "loss"),
                          ("table",)),
                  "9:16": (("title",), ("counter",), ("settings",), ("p0", "p1"), ("p2", "p3"), ("p4", "loss"),
                           ("table",))})
DECADES = (-6, -4, -2, 0, 2)
STEP_TICKS = {"at_most": 3, "spacings": C.STEP_SPACINGS[1:]}  # ticks from 20 steps apart


def loss_panel(data: dict) -> L.Panel:
    return L.Panel(LOSS_BOX, (0.0, float(data["steps"])), (LOSS_FLOOR, LOSS_TOP), log=True)


def settings_text(data: dict) -> str:
    rule = r"1/\lambda_\mathrm{max} = " if data["lr_auto"] else ""
    return (rf"\alpha = {rule}{data['lr']:.3g},\ \ \mu = {data['momentum']:g},\ \ \tau = {data['dampening']:g},"
            r"\ \ g = \nabla f(x)")


def title_size(data: dict) -> float:
    """22 pt, smaller for a title long enough to reach the step counter."""
    return race.fit_size(data["title"], 22, 52)


def table_rows(data: dict) -> list[tuple[str, float]]:
    """The heading and one line per run, each at the height of its rank."""
    return race.table(NAMES, data, TABLE_TOP, TABLE_DY)


def headers(data: dict) -> list[list[tuple[str, str, float, float]]]:
    """Per panel, its header lines as (kind, text, x, y): the name, the torch flags, then the update's
    formula lines ("name", "flags", "tex")."""
    out = []
    for panel, name, flags, lines in zip(PANELS, NAMES, data["flags"], data["formulas"]):
        l, b, w, h = panel.box
        top = b + h
        rows = [("name", name, l, top + HEADER_DY[0]), ("flags", flags_text(flags), l, top + HEADER_DY[1])]
        rows += [("tex", tex, l, top + dy) for tex, dy in zip(lines, HEADER_DY[2:])]
        out.append(rows)
    return out


HEADER_PT = {"name": 15, "flags": 13, "tex": 14}


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    colors = [theme.series(i) for i in range(len(NAMES))]
    title = fig.text(0.035, TITLE_Y, data["title"], fontsize=title_size(data), weight="bold", color=theme.foreground,
             va="center")
    fig.text(0.035, SETTINGS_Y, f"${settings_text(data)}$", color=theme.muted, fontsize=16, va="center")
    counter = fig.text(0.97, TITLE_Y, "", color=theme.foreground, fontsize=16, ha="right", va="center",
                       animated=True)
    level_colors = C.level_colors(theme, len(data["levels"]))
    axes = []
    for panel, c, rows in zip(PANELS, colors, headers(data)):
        for kind, txt, x, y in rows:
            style = {"name": dict(color=c, weight="bold"), "flags": dict(color=theme.muted),
                     "tex": dict(color=theme.foreground)}[kind]
            fig.text(x, y, f"${txt}$" if kind == "tex" else txt, fontsize=HEADER_PT[kind], va="center", **style)
        axes.append(C.mpl_contour_axes(fig, panel, theme, data["lines"], level_colors))
        axes[-1].plot(*data["minimum"], marker="x", ms=9, mew=2.2, color=theme.foreground, zorder=2)
        rv.fade("curve", *axes[-1].collections, *axes[-1].lines)

    lp = loss_panel(data)
    lax = C.mpl_panel_axes(fig, lp, theme, "step", "loss f(x)", C.step_ticks(data["steps"], **STEP_TICKS),
                           [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES])
    trails, balls, curves = C.mpl_runs(axes, lax, colors, theme, curve_lw=2.0)
    dots, labels = C.mpl_target_table(fig, lax, data, theme, colors, table_rows(data), TABLE_X,
                                      dot_ms=7, dot_zorder=8)
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

    class FlavoursScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            colors = [th.series(i) for i in range(len(NAMES))]
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = L.at(text(d["title"], th.foreground, L.text_size(title_size(d)), weight=mn.BOLD),
                         0.035, TITLE_Y, mn.LEFT)
            self.add(title,
                     L.at(formula(settings_text(d), th.muted, L.tex_size(16)),
                          0.035, SETTINGS_Y, mn.LEFT))
            counter = LiveText(f"step 0 / {d['steps']}", th.foreground, L.text_size(16)) \
                .place(L.fig_point(0.97, TITLE_Y), mn.RIGHT)
            level_colors = C.level_colors(th, len(d["levels"]))
            for panel, c, rows in zip(PANELS, colors, headers(d)):
                for kind, txt, x, y in rows:
                    size = HEADER_PT[kind]
                    mob = formula(txt, th.foreground, L.tex_size(size)) if kind == "tex" else \
                        text(txt, c, L.text_size(size), weight=mn.BOLD) if kind == "name" else \
                        text(txt, th.muted, L.text_size(size))
                    self.add(L.at(mob, x, y, mn.LEFT))
                self.add(rv.fade("curve", C.manim_contours(panel, d["lines"], level_colors),
                                 mn.Cross(scale_factor=0.09, stroke_color=th.foreground, stroke_width=4)
                                 .move_to(panel.to_manim([d["minimum"]])[0])),
                         C.manim_border(panel, th))

            lp = loss_panel(d)
            self.add(C.manim_panel_axes(lp, th, "step", "loss f(x)", C.step_ticks(d["steps"], **STEP_TICKS),
                                        [10.0 ** k for k in DECADES], [f"10^{{{k}}}" for k in DECADES]))
            dots, labels = C.manim_target_table(self, lp, d, th, colors, table_rows(d), TABLE_X,
                                                dot_radius=0.065)
            trails, balls, curves = C.manim_runs(colors, th, curve_width=3.6)
            show = C.manim_show_runs(counter, d["steps"], PANELS, lp, trails, balls, curves, dots, labels)
            rv.race(self, title, lambda t: show(frame_state(d, t)), counter, balls,
                    *trails, *balls, *curves, *dots, *labels)
            return clock

    return FlavoursScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    FlavoursScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="Plain SGD, heavy ball, Nesterov, dampening and Nesterov with dampening, with torch's SGD "
                "update rules",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=manim_scene,
    outcome=outcome,
    examples=({"momentum": 0.5}, {"lr": 0.06}, {"dampening": 1.0}),
))
