"""The compare scene drawn, alike by matplotlib and Manim: the map with every trail on the left, the log
loss panel at the top right, and below it the table (one row per optimizer, in its colour: name,
settings, end loss) that is also the legend.

Layout in figure fractions (`scenes.kit.layout`); the map's box keeps one data unit equally long on both
axes, fitted into MAP_REGION.

The setup beat builds the picture (`scenes.kit.reveal`): the title; then the settings lines, the map's
frame, the loss panel's axes and the table's heading; then the contours with the minimum and the start;
then the balls grow while the counter and the table's rows (the legend: dot, name, settings) fade in.
The end-loss column is the verdict: it fades in as the last beat starts, after the balls have rested.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from scenes import compare_story as S
from scenes.kit.reflow import Flow, Zone
from scenes.kit import contour as C, layout as L, race, reveal
from scenes.kit.theme import FIG_H, FIG_W
from scenes.kit.timeline import step_at

MAP_REGION = (0.035, 0.05, 0.47, 0.72)  # left, bottom, max width, max height
LOSS_BOX = (0.665, 0.5, 0.305, 0.29)
TITLE_Y, SETTINGS_Y, COUNTER_Y = 0.945, (0.878, 0.835), 0.878
TABLE_TOP, TABLE_DY, HEAD_DY = 0.37, 0.04, 0.035
DOT_X, NAME_X, SETTING_X, LOSS_X = 0.545, 0.56, 0.69, 0.97
# Other aspects: the map scales beside the loss panel (4:3, 1:1) or above it (9:16), the ranked table
# below them keeps its size.
FLOW = Flow((Zone("title", (0.0, 0.9, 0.7, 1.0)),
             Zone("settings", (0.0, 0.8, 0.56, 0.9)),
             Zone("counter", (0.86, 0.84, 0.98, 0.9), align="right"),
             Zone("map", (0.0, 0.03, 0.51, 0.79), fit="scale"),
             Zone("loss", (0.52, 0.41, 1.0, 0.84), fit="stretch", inner=(0.665, 0.5, 0.97, 0.79)),
             Zone("table", (0.52, 0.0, 1.0, 0.41), align="right")),
            rows={"4:3": (("title",), ("settings", "counter"), ("map", "loss"), ("table",)),
                  "1:1": (("title",), ("settings", "counter"), ("map", "loss"), ("table",)),
                  "9:16": (("title",), ("settings",), ("counter",), ("map",), ("loss",), ("table",))})
NAME_PT, ROW_PT, HEAD_PT, SETTINGS_PT = 15, 13, 13, 14


def colors(theme) -> list[str]:
    """Seven distinct colours: the theme's five series, then its curve and foreground colours."""
    return [theme.series(i) for i in range(5)] + [theme.curve, theme.foreground]


def map_panel(data: dict) -> L.Panel:
    xlim, ylim = data["xlim"], data["ylim"]
    left, bottom, width, height = MAP_REGION
    ratio = (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    width = min(width, height * FIG_H / (FIG_W * ratio))
    box = L.equal_aspect_box(left, bottom, width, xlim, ylim)
    return L.Panel((box[0], bottom + (height - box[3]) / 2, box[2], box[3]), tuple(xlim), tuple(ylim))


def loss_panel(data: dict) -> L.Panel:
    return L.Panel(LOSS_BOX, (0.0, float(data["steps"])), tuple(data["loss_ylim"]), log=True)


def decades(data: dict) -> list[int]:
    """Every decade of the loss panel, or every second or third when there are many."""
    lo, hi = (int(round(np.log10(v))) for v in data["loss_ylim"])
    every = 1 if hi - lo <= 5 else 2 if hi - lo <= 10 else 3
    return list(range(hi, lo - 1, -every))[::-1]


def title_size(data: dict) -> float:
    return race.fit_size(data["title"], 22, 58)


def rows(data: dict) -> list[dict]:
    """One row per optimizer, at the height of its rank: its texts and where they go."""
    out = []
    for line, i in enumerate(S.ranking(data)):
        out.append({"run": i, "y": TABLE_TOP - HEAD_DY - TABLE_DY * (line + 1), "name": data["labels"][i],
                    "setting": S.setting_text(data, i), "result": S.result_text(data, i)})
    return out


def frame_state(data: dict, t: float) -> dict:
    """What moves at time t: the step, trails and heads, loss curves, and the end-loss column's opacity,
    smoothstep((t − t_v) / VERDICT_FADE) with t_v the start of the last beat (the verdict's)."""
    s = step_at(t, data["steps"], data["speed"], S.LEAD)
    verdict = (t - data["story"]["beats"][-1]["start"]) / reveal.VERDICT_FADE
    trails = [C.trail(run, s) for run in data["positions"]]
    return {"s": s, "step": int(round(s)), "trails": trails, "heads": [tr[-1] for tr in trails],
            "curves": [C.curve(v, s, data["loss_ylim"][0]) for v in data["gaps"]],
            "results": reveal.smoothstep(verdict)}


# ---------------------------------------------------------------------------------------------- mpl

def draw_mpl(fig, data: dict, theme):
    from scenes.kit.reveal_mpl import Reveal

    rv = Reveal(fig, reveal.schedule(data["story"]))
    cs = colors(theme)
    title = fig.text(0.035, TITLE_Y, data["title"], fontsize=title_size(data), weight="bold",
                     color=theme.foreground, va="center")
    for y, line in zip(SETTINGS_Y, S.settings_lines(data)):
        fig.text(0.035, y, line, fontsize=SETTINGS_PT, color=theme.muted, va="center")
    counter = fig.text(LOSS_X, COUNTER_Y, "", color=theme.foreground, fontsize=15, ha="right", va="center",
                       animated=True)
    mp = map_panel(data)
    ax = C.mpl_contour_axes(fig, mp, theme, data["lines"], C.level_colors(theme, len(data["levels"])))
    if data["minimum"] is not None:
        ax.plot(*data["minimum"], marker="x", ms=10, mew=2.5, color=theme.foreground, zorder=2)
    ax.plot(*data["start"], marker="o", ms=9, mfc="none", mew=1.8, color=theme.foreground, zorder=2)
    rv.fade("curve", *ax.collections, *ax.lines)
    lp = loss_panel(data)
    dec = decades(data)
    lax = C.mpl_panel_axes(fig, lp, theme, "step", "loss − f*", C.step_ticks(data["steps"], 4),
                           [10.0 ** k for k in dec], [f"10^{{{k}}}" for k in dec])
    n = len(data["labels"])
    trails, balls, curves = C.mpl_runs([ax] * n, lax, cs[:n], theme, trail_lw=2.2, ball_ms=10, stack=True)
    for k, line in enumerate(S.table_heading(data)):
        fig.text(LOSS_X, TABLE_TOP - HEAD_DY * k, line, color=theme.muted, fontsize=HEAD_PT, ha="right",
                 va="center")
    results, legend = [], []
    for r in rows(data):
        c = cs[r["run"]]
        legend += [fig.text(DOT_X, r["y"], "\u25cf", color=c, fontsize=NAME_PT, ha="center", va="center"),
                   fig.text(NAME_X, r["y"], r["name"], color=c, fontsize=NAME_PT, weight="bold", va="center"),
                   fig.text(SETTING_X, r["y"], r["setting"], color=theme.muted, fontsize=ROW_PT, va="center")]
        results.append(fig.text(LOSS_X, r["y"], r["result"], color=c, fontsize=ROW_PT, ha="right", va="center",
                                animated=True))
    show = C.mpl_show_runs(counter, data["steps"], trails, balls, curves)
    rv.grow("balls", *balls).fade("balls", counter, *legend).rest("axes", title)

    def update(t: float) -> None:
        st = frame_state(data, t)
        show(st)
        for txt in results:
            txt.set_alpha(st["results"])
        rv(t)

    return update


# -------------------------------------------------------------------------------------------- manim

@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.kit.manim import DataScene, LiveText, live, text
    from scenes.kit.reveal_manim import Reveal

    class CompareScene(DataScene):
        scene_name = "compare"

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            cs = colors(th)
            n = len(d["labels"])
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))
            title = L.at(text(d["title"], th.foreground, L.text_size(title_size(d)), weight=mn.BOLD),
                         0.035, TITLE_Y, mn.LEFT)
            self.add(title)
            for y, line in zip(SETTINGS_Y, S.settings_lines(d)):
                self.add(L.at(text(line, th.muted, L.text_size(SETTINGS_PT)), 0.035, y, mn.LEFT))
            counter = LiveText(f"step 0 / {d['steps']}", th.foreground, L.text_size(15)) \
                .place(L.fig_point(LOSS_X, COUNTER_Y), mn.RIGHT)
            mp = map_panel(d)
            marks = [mn.Circle(radius=0.09, stroke_color=th.foreground, stroke_width=3)
                     .move_to(mp.to_manim([d["start"]])[0])]
            if d["minimum"] is not None:
                marks.insert(0, mn.Cross(scale_factor=0.1, stroke_color=th.foreground, stroke_width=4)
                             .move_to(mp.to_manim([d["minimum"]])[0]))
            self.add(rv.fade("curve", C.manim_contours(mp, d["lines"], C.level_colors(th, len(d["levels"]))),
                             *marks),
                     C.manim_border(mp, th))
            lp = loss_panel(d)
            dec = decades(d)
            self.add(C.manim_panel_axes(lp, th, "step", "loss − f*", C.step_ticks(d["steps"], 4),
                                        [10.0 ** k for k in dec], [f"10^{{{k}}}" for k in dec]))
            for k, line in enumerate(S.table_heading(d)):
                self.add(L.at(text(line, th.muted, L.text_size(HEAD_PT)), LOSS_X, TABLE_TOP - HEAD_DY * k, mn.RIGHT))
            results, legend = [], []
            for r in rows(d):
                c = cs[r["run"]]
                legend += [mn.Dot(L.fig_point(DOT_X, r["y"]), radius=0.08, color=c),
                           L.at(text(r["name"], c, L.text_size(NAME_PT), weight=mn.BOLD), NAME_X, r["y"], mn.LEFT),
                           L.at(text(r["setting"], th.muted, L.text_size(ROW_PT)), SETTING_X, r["y"], mn.LEFT)]
                results.append(L.at(text(r["result"], c, L.text_size(ROW_PT)), LOSS_X, r["y"], mn.RIGHT))
            rv.rest(self, "axes", title)
            self.add(rv.fade("balls", *legend))
            trails, balls, curves = C.manim_runs(cs[:n], th, trail_width=4, ball_radius=0.1)
            show = C.manim_show_runs(counter, d["steps"], [mp] * n, lp, trails, balls, curves)

            def update(t: float) -> None:
                st = frame_state(d, t)
                show(st)
                for mob in results:
                    mob.set_opacity(st["results"])
                rv.grow(t, "balls", *balls)
                rv.show(t, "balls", counter)

            self.add(live(clock, update, counter, *trails, *balls, *curves, *results))
            return clock

    return CompareScene
