"""Ravine's words: the title, beats and labels, computed from the outcome, and when they show."""
from __future__ import annotations

import numpy as np

from scenes.kit import race, reveal, story
from scenes.kit.timeline import duration as timeline_duration


LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.0  # the setup beat; a pause after the race, then the result


def title(data: dict) -> str:
    """Who gets below the target for good first (`scenes.kit.race`), and how gradient descent moves."""
    cnts, gone, target = data["counts"], data["diverged"], data["target"]
    win = race.winners(cnts, gone)
    if not win:
        return f"A ravine: neither run stays below loss {target:g}"
    if len(win) == 2:
        return "A ravine: gradient descent and momentum tie"
    loser = 1 - win[0]
    name = data["labels"]
    if cnts[loser]["stays_below"] is None:
        fate = "diverges" if gone[loser] else "does not"
        return f"A ravine: {name[win[0]]} gets below {target:g}, {name[loser]} {fate}"
    if win == [1]:
        gd = "zig-zags" if race.zig_zags(data["raw_positions"][0]) else "creeps"
        return f"A ravine: gradient descent {gd}, momentum gets there first"
    return "A ravine: gradient descent gets there before momentum"


def motion(data: dict) -> str:
    """What the two balls do during the race, measured on their paths."""
    raw, gone = data["raw_positions"], data["diverged"]
    off = data.get("off_map", (None, None))
    stays_out = [bool(e and e["ends_outside"] and not g) for e, g in zip(off, gone)]
    # A diverging run is still growing at the end; it may not have left the picture yet.
    grows = [" until it leaves the picture" if (e and e["ends_outside"]) or not np.all(np.isfinite(r[-1]))
             else ", still inside the picture at the end" for e, r in zip(off, raw)]
    if gone[0]:
        gd = f"Gradient descent's steps grow{grows[0]}"
    elif stays_out[0]:
        gd = f"Gradient descent {race.off_map_text(off[0])}"
    elif race.zig_zags(raw[0]):
        gd = "Gradient descent zig-zags across the ravine"
    else:
        gd = "Gradient descent creeps down the ravine without crossing it"
    if gone[1]:
        hb = f"momentum's steps grow{grows[1]}"
    elif stays_out[1]:
        hb = f"momentum {race.off_map_text(off[1])}"
    elif np.array_equal(raw[0], raw[1]):
        hb = f"momentum with \u03b2 = {data['beta']:g} takes exactly the same steps"
    elif race.overshoots(raw[1]):
        hb = "momentum overshoots the minimum and swings back"
    elif race.zig_zags(raw[1]):
        hb = "momentum zig-zags too"
    else:
        hb = "momentum runs along the floor without overshooting the minimum"
    gd += race.stray_text(off[0]) if off[0] and not gone[0] and not stays_out[0] else ""
    hb += race.stray_text(off[1]) if off[1] and not gone[1] and not stays_out[1] else ""
    return f"{gd}, while {hb}"


def make_story(data: dict) -> dict:
    labels, cnts, gone = data["labels"], data["counts"], data["diverged"]
    end_race = LEAD + data["steps"] / data["speed"] + reveal.HOLD  # the balls rest a moment
    x0, y0 = data["start"]
    # The balls rest after the race until its words have been read; the result then lasts as long as its own.
    run = f"{motion(data)}; {race.standings(labels, cnts, gone, data['target'])}."
    end_race = LEAD + story.at_least(end_race - LEAD, run)
    result = race.result(labels, cnts, gone, data["target"], data["steps"])
    beats = [
        reveal.setup_beat(f"Both balls start at {story.signed(x0, y0)} on the ravine's steep wall.", LEAD),
        story.beat("race", LEAD, end_race, run),
        story.beat("result", end_race, end_race + story.at_least(HOLD - reveal.HOLD, result), result),
    ]
    texts = [*labels, alpha_text(data), beta_text(data), *(t for t, _ in hit_rows(data))]
    numbers = {"alpha": data["lr"], "beta": data["beta"], "kappa": data["kappa"], "target": data["target"],
               "steps": data["steps"], "steps_to_target": race.numbers(labels, cnts),
               "off_map": {n: e for n, e, g in zip(labels, data.get("off_map", ()), gone) if e and not g}}
    return story.make_story(data["title"], beats, texts, numbers)


def duration(data: dict) -> float:
    """The setup, the race, a rest (longer where the race's words need it), then the result for at least
    HOLD - reveal.HOLD seconds, longer where its words need it (the story's last beat ends the clip)."""
    if "story" in data:
        return story.clip_end(data["story"])
    return timeline_duration(data["steps"], data["speed"], LEAD, HOLD)
TABLE_TOP = 0.615


def hit_rows(data: dict) -> list[tuple[str, float]]:
    """The small table between the step counter and the loss panel: its lines and their heights (figure
    fractions); line 0 is the heading, line i + 1 belongs to run i and sits at its rank."""
    return race.table(data["labels"], data, TABLE_TOP, 0.05)


def alpha_text(data: dict) -> str:
    rule = r"2/(\lambda_\mathrm{min} + \lambda_\mathrm{max}) = " if data["lr_auto"] else ""
    return rf"\alpha = {rule}{data['lr']:.3g}"


def beta_text(data: dict) -> str:
    rule = r"\beta^*(\alpha) = " if data["beta_auto"] else ""
    return rf"\beta = {rule}{data['beta']:.3g}"
