"""Sine drawn with matplotlib: `draw_mpl` builds the artists once and returns update(t)."""
from __future__ import annotations

from scenes.kit import reveal
from scenes.kit.plot1d import mpl_panel, partial
from scenes.sine.data import frame_state
from scenes.sine.layout import LEGEND_STEP, PLOT, YLIM, colors, counter_text, curves, marks, ticks


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
