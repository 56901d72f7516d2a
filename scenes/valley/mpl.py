"""Valley drawn with matplotlib: `draw_mpl` builds the artists once and returns update(t)."""
from __future__ import annotations

from scenes.kit import reveal
from scenes.kit.layout import Panel, two_lines
from scenes.valley.data import frame_state
from scenes.valley.layout import (
    COUNTER_AT, OUT_ARROW, X_RANGE, end_spots, title_fit, y_range)


PLOT_BOX = (0.07, 0.09, 0.89, 0.56)  # the matplotlib plot, in figure fractions (left, bottom, width, height)


def draw_mpl(fig, data: dict, theme):
    from scenes.kit.mpl import panel_axes
    from scenes.kit.reveal_mpl import Reveal

    colors = (theme.gd, theme.momentum)
    rv = Reveal(fig, reveal.schedule(data["story"]))
    title = fig.text(0.05, 0.93, data["story"]["title"], fontsize=24, weight="bold", color=theme.foreground,
                     va="top")
    renderer = fig.canvas.get_renderer()
    one, two = title.get_window_extent(renderer).width / fig.bbox.width, None
    lines = two_lines(data["story"]["title"])
    if lines[1] and fig.bbox.height >= fig.bbox.width:  # a tall frame has room for a second line
        title.set_text("\n".join(lines))
        two = title.get_window_extent(renderer).width / fig.bbox.width
    broken, size = title_fit(24, one, two)  # too long: shrunk (or broken) rather than run off the frame
    title.set_text("\n".join(lines) if broken else data["story"]["title"])
    title.set_fontsize(size)
    for i, (label, tex) in enumerate(zip(data["legend"], data["formulas"])):
        y = 0.83 - 0.07 * i
        rv.fade("balls", fig.text(0.06, y, "\u25cf", color=colors[i], fontsize=20, va="center"),
                fig.text(0.085, y, label, color=theme.foreground, fontsize=15, va="center"),
                fig.text(0.33, y, f"${tex}$", color=theme.foreground, fontsize=17, va="center"))
    if data["lr"] is not None:
        rv.fade("balls", fig.text(0.95, 0.83, f"$\\alpha = {data['lr']:g}$", color=theme.muted, fontsize=16,
                                  ha="right", va="center"))
    counter = fig.text(*COUNTER_AT, "", color=theme.foreground, fontsize=18, ha="right", va="center",
                       animated=True)

    ax = panel_axes(fig, Panel(PLOT_BOX, X_RANGE, y_range(data)), theme)
    rv.draw("curve", ax.plot(data["curve_x"], data["curve_y"], color=theme.curve, lw=3, zorder=1)[0])
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    rv.fade("axes", ax).fade("balls", counter)

    balls = [ax.plot([], [], "o", ms=15, color=c, mec=theme.background, mew=1.5, zorder=5 - i,
                     animated=True)[0] for i, c in enumerate(colors)]
    arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0), animated=True, zorder=6,
                        arrowprops=dict(arrowstyle="-|>", color=theme.momentum, lw=3, mutation_scale=22,
                                        shrinkA=0, shrinkB=0))
    ends = [ax.text(x, y, text, color=c, fontsize=14, ha="center", va="center", animated=True)
            for text, c, (x, y) in zip(data["end_texts"], colors, end_spots(data))]
    placed = []
    ylo, yhi = ax.get_ylim()
    lift = 0.09 * (yhi - ylo)
    # A ball past the drawn curve waits at its edge with an arrow under it pointing the way it went.
    outs = [ax.annotate("", xy=(0, 0), xytext=(0, 0), animated=True, zorder=6, annotation_clip=False,
                        arrowprops=dict(arrowstyle="-|>", color=c, lw=2.5, mutation_scale=18, shrinkA=0, shrinkB=0))
            for c in colors]
    rv.grow("balls", *balls)

    def update(t: float) -> None:
        st = frame_state(data, t)
        for ball, x, y in zip(balls, st["xs"], st["ys"]):
            ball.set_data([x], [y])
        x1, y1 = st["xs"][1], st["ys"][1]
        arrow.set_position((x1, y1 + lift * 0.5))
        arrow.xy = (x1 + st["arrow"], y1 + lift * 0.5)
        arrow.set_visible(abs(st["arrow"]) > 0.02 and not st["out"][1])  # past the edge, the out arrow shows the way
        arrow.arrow_patch.set_alpha(1.0 - st["outro"])  # it gives way to the end labels
        for out, x, y, side in zip(outs, st["xs"], st["ys"], st["out"]):
            out.set_visible(side != 0)
            out.arrow_patch.set_alpha(1.0 - st["outro"])  # it gives way to the end labels
            out.set_position((x - side * 1.25 * OUT_ARROW, y - 0.6 * lift))
            out.xy = (x, y - 0.6 * lift)  # its head on the plot's edge, clear of the tick labels beside it
        counter.set_text(f"step {st['step']} / {data['steps']}")
        if not placed:  # once the frame's shape has placed the plot: the labels as wide as drawn
            renderer = fig.canvas.get_renderer()
            widest = max(label.get_window_extent(renderer).width for label in ends)
            half = 0.5 * widest / ax.get_window_extent(renderer).width * (X_RANGE[1] - X_RANGE[0])
            for label, spot in zip(ends, end_spots(data, half)):
                label.set_position(spot)
            placed.append(True)
        for label in ends:
            label.set_alpha(st["outro"])
        rv(t)

    return update
