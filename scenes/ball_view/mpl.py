"""ball-view on matplotlib: the valley and slope panels and the text column (`scenes.ball_view`)."""
from __future__ import annotations

import numpy as np

from scenes.ball_view import data as bv_data, layout as bv_layout
from scenes.kit import reveal
from scenes.ball_view.layout import COL, GONE_Y, SLOPE_LEGEND_Y, STATUS_Y, TOY_Y


def draw_mpl(fig, data: dict, theme):
    """Both panels and the text column on a matplotlib figure; returns update(t)."""
    from matplotlib.lines import Line2D

    from scenes.kit.mpl import panel_axes
    from scenes.kit.reveal_mpl import Reveal

    fg, muted = theme.foreground, theme.muted
    rv = Reveal(fig, reveal.schedule(data["story"]))
    tx = data["text"]
    height_l, slope_l, x_l, bump_l, up_l, down_l = tx["axes"]
    fig.text(0.04, 0.945, data["story"]["title"], fontsize=22, weight="bold", color=fg, va="top")
    beta_label = fig.text(0.96, 0.945, "", fontsize=24, color=theme.momentum, ha="right", va="top",
                          animated=True)

    xlo, xhi = data["x_range"]
    valley, slope = bv_layout.panels(data)
    ax = panel_axes(fig, valley, theme)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_ylabel(height_l, fontsize=15)
    rv.draw("curve", ax.plot(data["real_x"], data["real_y"], color=theme.curve, lw=2.5, alpha=0.45, zorder=1)[0])
    (seen,) = ax.plot([], [], color=theme.momentum, lw=3.5, zorder=3, animated=True)
    iy = int(np.argmin(np.abs(data["X"] - data["bump_x"])))
    ylo, yhi = data["y_range"]
    bump = ax.annotate(bump_l, xy=(data["bump_x"], data["y"][iy] + 0.02 * (yhi - ylo)),
                xytext=(data["bump_x"] + 0.1, data["y"][iy] + 0.22 * (yhi - ylo)), color=muted, fontsize=15,
                ha="left", va="center",
                arrowprops=dict(arrowstyle="-|>", color=muted, lw=1.5, shrinkA=2, shrinkB=2))

    sx = panel_axes(fig, slope, theme)
    sx.set_xticks(np.arange(0.0, 1.01, 0.2))
    sx.set_xticklabels([f"{v:g}" for v in np.arange(0.0, 1.01, 0.2)], fontsize=13)
    sx.set_yticks([-0.2, 0.0, 0.2])
    sx.set_yticklabels(["-0.2", "0", "0.2"], fontsize=13)
    sx.set_xlabel(x_l, fontsize=15)
    sx.set_ylabel(slope_l, fontsize=15)
    zero = sx.axhline(0.0, color=muted, lw=1.2, ls=(0, (4, 3)), zorder=1)
    rv.draw("curve", sx.plot(data["mid_x"], data["slopes"], color=theme.curve, lw=2, alpha=0.5, zorder=2)[0])
    (smooth,) = sx.plot([], [], color=theme.momentum, lw=3, zorder=3, animated=True)
    slo, shi = data["slope_range"]
    rv.fade("axes", ax, sx, zero,
            sx.text(xhi - 0.01, 0.0 + 0.06 * (shi - slo), up_l, color=muted, fontsize=14, ha="right", va="bottom"),
            sx.text(xhi - 0.01, 0.0 - 0.06 * (shi - slo), down_l, color=muted, fontsize=14, ha="right", va="top"))
    rv.fade("curve", bump)

    # Text column: legend, the rule, the live bump height.
    def legend(y, color, alpha, label):
        rv.fade("balls", fig.add_artist(Line2D([COL, COL + 0.035], [y, y], transform=fig.transFigure, color=color,
                                               alpha=alpha, lw=3.5)),
                fig.text(COL + 0.047, y, label, color=fg, fontsize=16, va="center"))

    legend(0.80, theme.curve, 0.45, tx["legend"][0])
    legend(0.745, theme.momentum, 1.0, tx["legend"][1])
    for i, tex in enumerate(data["formulas"]):
        rv.fade("balls", fig.text(COL, 0.665 - 0.065 * i, f"${tex}$", color=fg, fontsize=17, va="center"))
    status = fig.text(COL, STATUS_Y, "", color=fg, fontsize=16, va="center", animated=True)
    verdict = [fig.text(COL, y, s, color=theme.accent, fontsize=16, va="center", animated=True)
               for s, y in zip((tx["gone"], *tx["toy"]), (GONE_Y, *TOY_Y))]
    legend(SLOPE_LEGEND_Y[0], theme.curve, 0.5, tx["legend"][2])
    legend(SLOPE_LEGEND_Y[1], theme.momentum, 1.0, tx["legend"][3])
    rv.fade("balls", beta_label, seen, smooth, status)

    def update(t: float) -> None:
        st = bv_data.frame_state(data, t)
        beta_label.set_text(bv_data.beta_text(st["beta"]))
        seen.set_data(data["X"], st["curve"])
        smooth.set_data(data["mid_x"], st["smoothed"])
        status.set_text(bv_layout.status_text(st))
        for line in verdict:
            line.set_alpha(st["outro"])
        rv(t)

    return update
