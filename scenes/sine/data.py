"""Sine: momentum is an exponential moving average, and an average of a wave is a smaller, later wave.

The EMA of s_t = sin(x_t), x_t = t·Δx, is drawn sample by sample as it is computed:

    v_t = β v_{t−1} + (1 − β) s_t,    v_0 = 0

Once the start-up transient has died away, v_t is the same sine scaled by the gain |H| and delayed by
the lag −arg H / ω samples, where H(ω) = (1 − β) / (1 − β e^{−iω}) and ω = Δx per sample (see
`sim.theory.ema_response`). Both numbers are annotated on a peak. With `bias_correction=true` the curve
v_t / (1 − β^t) is added: it removes the pull towards v_0 = 0 at the start and changes nothing later.

    python render.py sine
    python render.py sine --set beta=0.95 --set bias_correction=true
    manim -ql scenes/sine.py SineScene
"""
from __future__ import annotations

import math
import sys
from functools import lru_cache

import numpy as np

from scenes.kit.reflow import Flow, Zone
from scenes.kit import reveal
from scenes.kit.layout import fig_point, tex_size, text_size
from scenes.kit.params import Param
from scenes.kit.plot1d import ManimPanel, head, mpl_panel, nice_ticks, partial
from scenes.kit.registry import SceneSpec, register
from scenes import sine_web
from scenes.sine_story import forget_samples, tell
from scenes.kit.timeline import duration as timeline_duration, fade, paused, step_at, unpause

NAME = "sine"
LEAD, HOLD = reveal.SETUP, 2.5  # the setup beat draws axes and the faint sine; the marks end the clip
DRAW_SECONDS = 9.0
PLOT = (0.075, 0.115, 0.885, 0.56)  # left, bottom, width, height in figure fractions
YLIM = (-1.3, 1.55)
BRACKET_Y = 1.2
TITLE = "Momentum is a moving average of what it sees"
LEGEND_STEP = {"sine": 0.1, "ema": 0.1}
# Other aspects: the header's lines stack (the right-hand ones flush right) above the plot, which
# takes the height they leave.
FLOW = Flow((Zone("title", (0.0, 0.87, 0.76, 1.0)),
             Zone("counter", (0.8, 0.87, 1.0, 1.0), align="right"),
             Zone("rule", (0.0, 0.78, 0.44, 0.87)),
             Zone("response", (0.62, 0.78, 1.0, 0.87), align="right"),
             Zone("legend", (0.0, 0.7, 0.3, 0.78)),
             Zone("theory", (0.62, 0.7, 1.0, 0.78), align="right"),
             Zone("plot", (0.0, 0.0, 1.0, 0.7), fit="stretch", inner=(0.075, 0.115, 0.96, 0.675))),
            rows={"1:1": (("title",), ("counter",), ("rule",), ("response",), ("legend", "theory"), ("plot",)),
                  "9:16": (("title",), ("counter",), ("rule",), ("response",), ("legend",), ("theory",),
                           ("plot",))})

PARAMS = (
    Param("beta", "float", 0.9, "EMA coefficient beta (weight on the previous average)", 0.0, 0.98),
    Param("dx", "float", 0.1, "sampling step of x in radians: the sine advances dx per sample", 0.02, 0.5),
    Param("periods", "float", 3.0, "periods of sin(x) shown", 1.0, 8.0),
    Param("bias_correction", "bool", False, "also draw the bias-corrected average v_t / (1 - beta^t)"),
    Param("speed", "float", None, "samples drawn per second of video (auto: the curve takes 9 s)", 1.0, 1000.0),
)


def _fit_sine(v: np.ndarray, omega: float, beta: float) -> tuple[float, float]:
    """Amplitude and lag (samples) of v_t, measured by least squares on sin, cos and the transient β^t."""
    t = np.arange(len(v), dtype=float)
    basis = [np.sin(omega * t), np.cos(omega * t)]
    if beta > 0:
        basis.append(beta ** t)
    coef = np.linalg.lstsq(np.column_stack(basis), v, rcond=None)[0]
    a, b = coef[0], coef[1]  # v ≈ a sin(ωt) + b cos(ωt) = G sin(ω(t − lag))
    return float(math.hypot(a, b)), float(-math.atan2(b, a) / omega)


def make_data(p: dict) -> dict:
    """The sampled sine, its EMA (and bias-corrected EMA) and the theory's gain and lag."""
    from sim import ema, theory

    beta, dx = float(p["beta"]), float(p["dx"])
    n = max(int(round(float(p["periods"]) * 2 * math.pi / dx)), 8)
    t = np.arange(n + 1, dtype=float)
    s = np.sin(t * dx)
    # v_0 = 0 is the given start; sim.ema returns v_1..v_n for s_1..s_n.
    v = np.concatenate([[0.0], ema(s[1:], beta, v0=0.0)])
    # v_0 / (1 - beta^0) is 0/0: index 0 is a placeholder that is never drawn (curves start at t = 1).
    corrected = np.concatenate([[0.0], ema(s[1:], beta, v0=0.0, bias_correction=True)])
    response = theory.ema_response(beta, dx)
    gain, lag = float(response.gain), float(response.lag)
    lag = 0.0 if abs(lag) < 1e-9 else lag  # beta = 0: no lag (and no "-0.0" on screen)
    gain_fit, lag_fit = _fit_sine(v, dx, beta)

    # The annotated peak: the latest sine peak whose delayed twin and labels still fit in the window.
    peaks = (math.pi / 2 + 2 * math.pi * np.arange(0, int(p["periods"]) + 2)) / dx
    room = 0.2 * n
    fits = peaks[peaks + lag + room <= n]
    peak = float(fits[-1] if len(fits) else peaks[0])
    speed = float(p["speed"]) if p["speed"] is not None else n / DRAW_SECONDS
    data = {
        "beta": beta,
        "dx": dx,
        "n": n,
        "speed": speed,
        "t": t,
        "sine": s,
        "ema": v,
        "bias_correction": bool(p["bias_correction"]),
        "corrected": corrected,
        "gain": gain,
        "lag": lag,
        "gain_measured": gain_fit,
        "lag_measured": lag_fit,
        "peak": peak,
        "rule": rf"v_t = {beta:g}\,v_{{t-1}} + {1 - beta:.3g}\,\sin(x_t),\quad v_0 = 0,\quad x_t = {dx:g}\,t",
        "response": r"H(\omega) = (1-\beta)\,/\,(1-\beta\,e^{-i\omega}),\quad \omega = \Delta x",
        "corrected_tex": r"\hat v_t = v_t\,/\,(1-\beta^t)",
        "theory_text": f"theory: gain |H| = {gain:.2f}, lag = {lag:.1f} samples",
        "gain_label": f"gain {gain:.2f}",
        "lag_label": f"lag {lag:.1f} samples",
        "note_label": f"lag {lag:.1f} samples,  gain {gain:.2f}",
        "xlabel": f"sample t   (x = t\u00b7\u0394x,  \u0394x = {dx:g})",
    }
    data["legend"] = legend(data)
    data["story"] = tell(data, TITLE, LEAD, duration(data), annotation_time(data),
                         lambda c: paused(c + 1e-9, pauses(data)))
    return data


def duration(data: dict) -> float:
    return timeline_duration(data["n"], data["speed"], LEAD, HOLD) + sum(length for _, length in pauses(data))


def pauses(data: dict) -> tuple[tuple[float, float], ...]:
    """Holds (content time, seconds) while the curves are drawn: once the average has forgotten its start
    (when that beat ends before the marks), and before the marks fade in."""
    marks_at, drawn = annotation_time(data), LEAD + data["n"] / data["speed"]
    forget = LEAD + forget_samples(data["beta"]) / data["speed"]
    out = [(forget, reveal.HOLD)] if data["beta"] > 0 and forget < min(marks_at, drawn) - 0.2 else []
    return tuple(out + ([(marks_at, reveal.HOLD)] if marks_at < drawn else []))


def outcome(data: dict) -> dict:
    return {
        "beta": data["beta"],
        "dx": data["dx"],
        "samples": data["n"],
        "gain_theory": data["gain"],
        "lag_theory_samples": data["lag"],
        "gain_measured": data["gain_measured"],
        "lag_measured_samples": data["lag_measured"],
        "ema_start": float(data["ema"][0]),
        "ema_max_abs": float(np.max(np.abs(data["ema"]))),
    }


def annotation_time(data: dict) -> float:
    """When the EMA's head has passed the annotated peak: the gain and lag marks fade in."""
    return LEAD + (data["peak"] + data["lag"] + 4) / data["speed"]


def frame_state(data: dict, t: float) -> dict:
    c = unpause(t, pauses(data))  # the drawing's own time: it stands still during a pause
    s = step_at(c, data["n"], data["speed"], LEAD)
    return {"s": s, "sample": int(math.floor(s)), "notes": fade(c, annotation_time(data), 0.6)}


def curves(data: dict) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(key, t, y) of the growing curves, back to front: sine, EMA and maybe the corrected EMA."""
    t = data["t"]
    out = [("sine", t, data["sine"])]
    if data["bias_correction"]:  # under the EMA and wider: where the two agree it shows as an outline
        out.append(("corrected", t[1:], data["corrected"][1:]))
    return out + [("ema", t, data["ema"])]


def colors(theme) -> dict:
    return {"sine": theme.curve, "ema": theme.momentum, "corrected": theme.accent}


def legend(data: dict) -> list[tuple[str, str]]:
    """(key, label) for the legend row."""
    rows = [("sine", "sin x"), ("ema", "EMA v")]
    if data["bias_correction"]:
        rows.append(("corrected", "bias-corrected v / (1 \u2212 \u03b2\u1d57)"))
    return rows


def ticks(data: dict) -> tuple[np.ndarray, np.ndarray]:
    return nice_ticks(0, data["n"], 8), np.array([-1.0, -0.5, 0.0, 0.5, 1.0])


def counter_text(data: dict, st: dict) -> str:
    return f"t = {st['sample']} / {data['n']}"


def marks(data: dict) -> dict:
    """Geometry of the annotation: the sine peak, the predicted EMA peak and where the labels go."""
    a, b = data["peak"], data["peak"] + data["lag"]
    return {"a": a, "b": b, "gain": data["gain"], "y": BRACKET_Y,
            "gain_line": (b - 0.035 * data["n"], b + 0.035 * data["n"]),
            "label": (float(np.clip(0.5 * (a + b), 0.15 * data["n"], 0.85 * data["n"])), BRACKET_Y + 0.1)}


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    col = colors(theme)
    title = fig.text(0.05, 0.93, data["story"]["title"], fontsize=24, weight="bold",
                     color=theme.foreground, va="top")
    fig.text(0.05, 0.815, f"${data['rule']}$", fontsize=17, color=theme.foreground, va="center")
    fig.text(0.95, 0.815, f"${data['response']}$", fontsize=17, color=theme.muted, va="center", ha="right")
    x = 0.05
    for key, label in data["legend"]:
        fig.text(x, 0.735, "\u25cf", color=col[key], fontsize=18, va="center")
        fig.text(x + 0.022, 0.735, label, color=theme.foreground, fontsize=14, va="center")
        x += LEGEND_STEP.get(key, 0)
    fig.text(0.95, 0.735, data["theory_text"], color=theme.foreground, fontsize=14, va="center", ha="right")
    counter = fig.text(0.95, 0.93, "", color=theme.foreground, fontsize=18, ha="right", va="top",
                       animated=True)

    xt, yt = ticks(data)
    ax = mpl_panel(fig, PLOT, theme, (0, data["n"]), YLIM, xt, yt,
                   xlabel=data["xlabel"])
    ax.axhline(0.0, color=theme.muted, lw=1, zorder=1)
    rv.draw("curve", ax.plot(data["t"], data["sine"], color=col["sine"], lw=2, alpha=0.3, zorder=2)[0])
    lines, dots = {}, {}
    for z, (key, _, _) in enumerate(curves(data)):
        lw = {"sine": 2.5, "ema": 3.2, "corrected": 6.5}[key]
        lines[key] = ax.plot([], [], color=col[key], lw=lw, zorder=3 + z, animated=True)[0]
        dots[key] = ax.plot([], [], "o", ms=7 if key == "sine" else 10, color=col[key], mec=theme.background,
                            mew=1.2, zorder=7 + z, animated=True, clip_on=False)[0]

    m = marks(data)
    note = dict(color=theme.foreground, animated=True)
    guides = [ax.plot([m["a"], m["a"]], [1.0, m["y"] + 0.06], ls=(0, (3, 3)), lw=1.5, zorder=10, **note)[0],
              ax.plot([m["b"], m["b"]], [m["gain"], m["y"] + 0.06], ls=(0, (3, 3)), lw=1.5, zorder=10,
                      **note)[0],
              ax.plot(list(m["gain_line"]), [m["gain"]] * 2, ls=(0, (3, 3)), lw=1.5, zorder=10, **note)[0]]
    bracket = ax.annotate("", xy=(m["b"], m["y"]), xytext=(m["a"], m["y"]), zorder=10, animated=True,
                          arrowprops=dict(arrowstyle="<|-|>", color=theme.foreground, lw=1.8,
                                          mutation_scale=12, shrinkA=0, shrinkB=0))
    labels = [ax.text(*m["label"], data["note_label"], fontsize=14, ha="center", va="bottom", zorder=10,
                      **note)]
    notes = guides + labels + [bracket]
    rv.grow("balls", *dots.values()).fade("balls", counter).rest("axes", title)

    def update(t: float) -> None:
        st = frame_state(data, t)
        for key, xs, ys in curves(data):
            s = st["s"] - (1 if key == "corrected" else 0)
            if s < 0:
                lines[key].set_data([], [])
                dots[key].set_data([], [])
                continue
            px, py = partial(xs, ys, s)
            lines[key].set_data(px, py)
            dots[key].set_data([px[-1]], [py[-1]])
        counter.set_text(counter_text(data, st))
        for a in notes:
            a.set_alpha(st["notes"])
        bracket.arrow_patch.set_alpha(st["notes"])
        bracket.set_visible(data["lag"] > 0.3 and st["notes"] > 0)
        rv(t)

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, formula, live, text
    from scenes.kit.reveal_manim import Reveal

    class SineScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            col = colors(th)
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))

            title = text(d["story"]["title"], th.foreground, text_size(24), weight=mn.BOLD)
            title.move_to(fig_point(0.05, 0.93), aligned_edge=mn.UL)
            rule = formula(d["rule"], th.foreground, tex_size(17))
            rule.move_to(fig_point(0.05, 0.815), aligned_edge=mn.LEFT)
            resp = formula(d["response"], th.muted, tex_size(17))
            resp.move_to(fig_point(0.95, 0.815), aligned_edge=mn.RIGHT)
            self.add(title, rule, resp)
            fx = 0.05
            for key, label in d["legend"]:
                dot = mn.Dot(fig_point(fx + 0.006, 0.735), radius=0.09, color=col[key])
                lab = text(label, th.foreground, text_size(14))
                lab.move_to(fig_point(fx + 0.022, 0.735), aligned_edge=mn.LEFT)
                self.add(dot, lab)
                fx += LEGEND_STEP.get(key, 0)
            self.add(text(d["theory_text"], th.foreground, text_size(14)).move_to(fig_point(0.95, 0.735),
                                                                       aligned_edge=mn.RIGHT))

            xt, yt = ticks(d)
            panel = ManimPanel(PLOT, th, (0, d["n"]), YLIM, xt, yt,
                               xlabel=d["xlabel"])
            zero = mn.Line(panel.c2p(0, 0), panel.c2p(d["n"], 0), color=th.muted, stroke_width=1.5)
            faint = panel.polyline(d["t"], d["sine"], col["sine"], width=3, opacity=0.3)
            self.add(panel.group, zero, rv.draw("curve", faint))
            rv.rest(self, "axes", title)

            counter = LiveText(counter_text(d, frame_state(d, 0)), th.foreground, text_size(18))
            counter.place(fig_point(0.95, 0.905), mn.RIGHT)
            lines, dots = {}, {}
            for key, _, _ in curves(d):
                width = {"sine": 4, "ema": 5, "corrected": 10}[key]
                lines[key] = panel.polyline([0], [0], col[key], width=width)
                dots[key] = mn.Dot(radius=0.07 if key == "sine" else 0.1, color=col[key],
                                   stroke_color=th.background, stroke_width=2)

            m = marks(d)
            dash = dict(color=th.foreground, stroke_width=2.5, dash_length=0.08)
            notes = mn.VGroup(
                mn.DashedLine(panel.c2p(m["a"], 1.0), panel.c2p(m["a"], m["y"] + 0.06), **dash),
                mn.DashedLine(panel.c2p(m["b"], m["gain"]), panel.c2p(m["b"], m["y"] + 0.06), **dash),
                mn.DashedLine(panel.c2p(m["gain_line"][0], m["gain"]), panel.c2p(m["gain_line"][1], m["gain"]),
                              **dash),
                text(d["note_label"], th.foreground, text_size(14)).next_to(panel.c2p(*m["label"]), mn.UP,
                                                                            buff=0.02),
            )
            if d["lag"] > 0.3:
                a, b = panel.c2p(m["a"], m["y"]), panel.c2p(m["b"], m["y"])
                notes.add(mn.DoubleArrow(a, b, buff=0, color=th.foreground, stroke_width=3, tip_length=0.12,
                                         max_tip_length_to_length_ratio=0.45))

            def redraw(t):
                st = frame_state(d, t)
                for key, xs, ys in curves(d):
                    s = st["s"] - (1 if key == "corrected" else 0)
                    visible = s >= 0
                    s = max(s, 0.0)
                    px, py = partial(xs, ys, s)
                    panel.set_polyline(lines[key], px, py)
                    dots[key].move_to(panel.c2p(*head(xs, ys, s)))
                    lines[key].set_stroke(opacity=1.0 if visible else 0.0)
                    dots[key].set_opacity(1.0 if visible else 0.0)
                counter.set_text(counter_text(d, st))
                notes.set_opacity(st["notes"])
                rv.grow(t, "balls", *dots.values())
                rv.show(t, "balls", counter)

            self.add(live(clock, redraw, *lines.values(), *dots.values(), notes, counter))
            return clock

    return SineScene


if "manim" in sys.modules:  # run by Manim's own CLI; otherwise the class is built on first use
    SineScene = manim_scene()

SPEC = register(SceneSpec(
    name=NAME,
    description="The EMA of sin(x), drawn as it is computed: a smaller, later sine (gain and lag from theory)",
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=manim_scene,
    outcome=outcome,
    examples=({"bias_correction": True}, {"beta": 0.0}, {"beta": 0.98, "dx": 0.05, "periods": 2.0}),
    web=sine_web.build,
))
