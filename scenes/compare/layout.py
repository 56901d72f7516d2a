"""Where Compare's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

import numpy as np

from scenes.compare import story as S
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
