"""Drawing for the rates scene (scenes.rates): the rate maps (`scenes.rates.maps`) with their regime labels
and colour bar, the readouts, and the x_k panel with its guide ±C·rate^k, in matplotlib (Manim: scenes.rates.manim).

Every text comes from the data: the title and readouts from the storyboard `scenes.rates.story` built in
`make_data`, the regime labels from `scenes.rates.data.map_labels`.
"""
from __future__ import annotations

from scenes.rates import maps as rates_maps
from scenes.kit import reveal
from scenes.rates.maps import AL_MAX, bar_rgba, diverge_color, heat_rgba
from scenes.rates.data import COL, map_labels, READOUT_Y, TRAJ_BOX, frame_state, readout, tax_state, traj_panel
from scenes.rates.layout import TITLE_AT, TITLE_PT, TITLE_RIGHT, TITLE_TOP_TWO, title_lines, title_size
from scenes.rates.tax_draw import MplTaxonomy
from scenes.kit import layout

# Points between a map's spines and its tick labels: more than the marker ring's reach (its radius and
# edge, 17 / 2 + 5 / 2 points), so the ring on an edge of the map never covers a tick label.
MAP_TICK_PAD = 12


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    from scenes.kit.mpl import panel_axes
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    fg, muted = theme.foreground, theme.muted
    title = _title(fig, data["title"], fg)

    mode = data.get("map", "theory")
    lay = rates_maps.LAYOUT[mode]
    maps = rates_maps.panels(mode)
    rings, trail = [], []
    for n, (kind, panel) in enumerate(maps):
        ax = panel_axes(fig, panel, theme)
        ax.imshow(heat_rgba(data, theme, kind), extent=(0.0, AL_MAX, 0.0, 1.0), origin="upper", aspect="auto",
                  interpolation="bilinear", zorder=0)
        ax.set_xticks([0, 1, 2, 3, 4])
        ax.set_yticks([v for v, _ in rates_maps.BETA_TICKS])
        ax.set_yticklabels([s for _, s in rates_maps.BETA_TICKS])
        ax.tick_params(labelsize=13, pad=MAP_TICK_PAD)
        if n == len(maps) - 1:  # stacked maps share the lowest one's αλ axis
            ax.set_xlabel("\u03b1\u03bb  (step size \u00d7 curvature)", fontsize=15)
        else:
            ax.set_xticklabels([])
        ax.set_ylabel(rates_maps.beta_label(mode), fontsize=15)
        lw = 2.2 if kind == "theory" else 1.4  # thinner over the measured map, which they are checked against
        ax.plot(data["crit_al"], data["crit_b"], color=fg, lw=lw, zorder=2)
        ax.plot(data["stab_al"], data["stab_b"], color=fg, lw=lw, ls=(0, (5, 3)), zorder=2)
        said = rates_maps.headings(mode, data.get("agreement")).get(kind, ())
        heads = [fig.text(rates_maps.HEAD_X, y, s, color=muted if i else fg, fontsize=13 if i else 15, va="center")
                 for i, (y, s) in enumerate(zip(lay["heads"].get(kind, ()), said))]
        rv.fade("curve", *heads[1:])  # the agreement, with the map; the heading itself with the axes
        if kind == "theory" or len(maps) == 1:
            _labels(ax, data, theme)
        rv.fade("curve", *ax.images, *ax.lines, *ax.texts)  # the map of rates, its lines and labels
        rings.append(ax.plot([], [], "o", ms=17, mfc="none", mec=theme.background, mew=5, zorder=6, animated=True,
                             clip_on=False)[0])
        rings.append(ax.plot([], [], "o", ms=17, mfc="none", mec=fg, mew=2.5, zorder=7, animated=True,
                             clip_on=False)[0])
        if data["tour"]:  # the tour's other stops, back on the map in the taxonomy's beat (the title counts them)
            trail += [ax.plot(*data["stops"][:-1].T, "o", ms=17, mfc="none", mec=c, mew=w, zorder=z, animated=True,
                              clip_on=False, alpha=0.0)[0] for c, w, z in ((theme.background, 5, 6), (fg, 2.5, 7))]
    BAR_BOX, SWATCH_BOX = lay["bar"], lay["swatch"]

    # Colour bar, with the divergence swatch above it.
    bar = fig.add_axes(BAR_BOX)
    bar.patch.set_visible(False)  # the image covers it, and fades in over the background
    bar.imshow(bar_rgba(theme), extent=(0, 1, 0, 1), aspect="auto", interpolation="bilinear")
    bar.set_xticks([])
    bar.yaxis.tick_right()
    bar.set_yticks([0, 0.5, 1])
    bar.set_yticklabels(["0", "0.5", "1"])
    bar.tick_params(colors=muted, labelsize=13, length=0, pad=5)
    for side in bar.spines.values():
        side.set_visible(False)
    fig.patches.append(Rectangle(SWATCH_BOX[:2], *SWATCH_BOX[2:], transform=fig.transFigure,
                                 fc=diverge_color(theme), ec="none"))
    fig.text(SWATCH_BOX[0] + 0.022, SWATCH_BOX[1] + SWATCH_BOX[3] / 2, "\u2265 1", color=muted, fontsize=13,
             va="center")
    fig.text(BAR_BOX[0] + BAR_BOX[2] / 2, BAR_BOX[1] + BAR_BOX[3] + 0.03, "rate", color=muted, fontsize=13,
             ha="center", va="center")

    texts_before = len(fig.texts)
    # Readouts.
    lines = [fig.text(COL, y, "", color=c, fontsize=fs, va="center", animated=True)
             for y, c, fs in zip(READOUT_Y, (fg, theme.momentum, muted), (17, 17, 15))]

    # The trajectory panel.
    tx = panel_axes(fig, traj_panel(data), theme)
    tx.set_yticks(data["yticks"])
    tx.set_yticklabels([f"{v:g}" for v in data["yticks"]])
    tx.tick_params(labelsize=13)
    tx.set_xlabel("step k", fontsize=15, labelpad=2)
    tx.axhline(0.0, color=muted, lw=1.0, ls=(0, (4, 3)))
    fig.text(COL, TRAJ_BOX[1] + TRAJ_BOX[3] + 0.035, "$x_k,\\ x_0 = 1,\\ \\lambda = 1$", color=fg, fontsize=16,
             va="center")
    env_hi, = tx.plot([], [], color=theme.accent, lw=1.8, ls=(0, (5, 3)), animated=True)
    env_lo, = tx.plot([], [], color=theme.accent, lw=1.8, ls=(0, (5, 3)), animated=True)
    faint, = tx.plot([], [], color=theme.momentum, lw=2, alpha=0.35, animated=True)
    played, = tx.plot([], [], color=theme.momentum, lw=3, animated=True)
    head, = tx.plot([], [], "o", ms=10, color=theme.momentum, mec=theme.background, mew=1.5, animated=True,
                    clip_on=False)
    diverged = tx.text(0.97 * data["steps"], 0.8 * data["ylim"], "diverges", color=theme.gd, fontsize=16, ha="right",
                       va="center", animated=True, bbox=dict(boxstyle="round,pad=0.25", fc=theme.background,
                                                             ec="none", alpha=0.85))
    cap_y = TRAJ_BOX[1] + TRAJ_BOX[3] + 0.035
    fig.add_artist(Line2D([COL + 0.25, COL + 0.28], [cap_y, cap_y], transform=fig.transFigure, color=theme.accent,
                          lw=1.8, ls=(0, (3, 2))))
    fig.text(COL + 0.29, cap_y, r"$\pm C\,\mathrm{rate}^k$", color=theme.accent, fontsize=16, va="center")

    for i, tex in enumerate((data["update_tex"], data["rate_tex"], data["complex_tex"])):
        fig.text(COL, 0.245 - 0.06 * i, f"${tex}$", color=fg, fontsize=16, va="center")
    fig.text(COL, 0.065, data["note"], color=muted, fontsize=15, va="center")
    rv.grow("balls", *rings, head).fade("balls", *lines, env_hi, env_lo, faint, played).rest("axes", title)
    # What the tour shows on the right gives way to the taxonomy's panels in its beat; the marker stays on
    # the map, where the title's points are.
    column = [*fig.texts[texts_before:], tx, *fig.artists, head]
    tax = MplTaxonomy(fig, data, theme, fig.axes[0], column)

    def update(t: float) -> None:
        st = frame_state(data, t)
        for r in rings:
            r.set_data([st["marker"][0]], [st["marker"][1]])
        for line, txt in zip(lines, readout(data, st)):
            line.set_text(txt)
        ek, ev = st["envelope"]
        env_hi.set_data(ek, ev)
        env_lo.set_data(ek, -ev)
        faint.set_data(*st["faint"])
        if st["played"] is None:
            played.set_data([], [])
            head.set_data([], [])
        else:
            played.set_data(*st["played"])
            head.set_data(*([[st["head"][0]], [st["head"][1]]] if st["head"] else [[], []]))
        shown = rv.sched.alpha(t, "balls")
        diverged.set_alpha(shown if st["diverged"] else 0.0)
        diverged.get_bbox_patch().set_alpha(0.85 * shown if st["diverged"] else 0.0)
        rv(t)
        ts = tax_state(data, t)
        tax.update(t, ts)
        for r in trail:
            r.set_alpha(ts["alpha"])

    return update


def _title(fig, words: str, color):
    """The title on one line, or on two where that gives it larger type (`layout.title_size`)."""
    title = fig.text(*TITLE_AT, words, fontsize=TITLE_PT, weight="bold", color=color, va="top")
    room = (TITLE_RIGHT - layout.map_point(*TITLE_AT)[0]) * fig.bbox.width
    renderer = fig.canvas.get_renderer()
    one, lines = title.get_window_extent(renderer).width / room, title_lines(words)
    two = None
    if lines[1]:
        title.set_text("\n".join(lines))
        two = title.get_window_extent(renderer).width / room
    broken, size = title_size(TITLE_PT, one, two)
    title.set_text("\n".join(lines) if broken else words)
    title.set_fontsize(size)
    if broken:
        title.set_y(TITLE_TOP_TWO)
    return title


def _labels(ax, data: dict, theme) -> None:
    """The regime labels, boxed, with arrows to the points they name, and the one-step dot at (1, 0)."""
    fg = theme.foreground
    box = dict(boxstyle="round,pad=0.3", fc=theme.background, ec="none", alpha=0.8)
    for lab in map_labels(data.get("map", "theory")):
        txt = "\n".join(s if i == 0 else f"${s}$" for i, s in enumerate(lab["lines"]))
        label = ax.text(*lab["at"], txt, color=fg, fontsize=15, ha="center", va="center", bbox=box, zorder=4,
                        linespacing=1.5)
        if lab["point"] != lab["at"]:
            # The arrow is an annotation without text, clipped at the label's box: an annotation's own
            # extent would include its arrow, and the arrow is not text.
            ax.annotate("", xy=lab["point"], xytext=lab["at"], zorder=3, annotation_clip=False,
                        arrowprops=dict(arrowstyle="-|>", color=fg, lw=1.5, shrinkA=0, shrinkB=2,
                                        patchA=label.get_bbox_patch()))
    ax.plot([1.0], [0.0], "o", ms=8, color=fg, clip_on=False, zorder=5)
