"""Flavours's words: the title, beats and labels, computed from the outcome, and when they show."""
from __future__ import annotations

from scenes.kit import race, reveal, story
from scenes.kit.timeline import duration as timeline_duration


LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.0  # the setup beat; a pause after the race, then the result

NAMES = ("plain SGD", "heavy ball", "Nesterov", "dampening", "Nesterov + dampening")


def flags_text(flags: dict) -> str:
    """The flags that set this flavour apart, as passed to torch's SGD (momentum is shared)."""
    if not flags:
        return "momentum=0"
    parts = (["nesterov=True"] if flags.get("nesterov") else []) \
        + ([f"dampening={flags['dampening']:g}"] if "dampening" in flags else [])
    return ", ".join(parts) or f"momentum={flags['momentum']:g}"


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
    off = data.get("off_map", [None] * len(NAMES))[i]
    if off and off["ends_outside"]:  # where it went, not how it approached a minimum it never reached
        return race.off_map_text(off)
    if race.zig_zags(raw):
        how = "zig-zags across the ravine"
    elif race.overshoots(raw):
        how = "overshoots the minimum and swings around it"
    else:
        how = "approaches the minimum without overshooting"
    return how + (race.stray_text(off) if off else "")


PLURAL = {"overshoots the minimum and swings around it": "overshoot the minimum and swing around it",
          "approaches the minimum without overshooting": "approach the minimum without overshooting",
          "zig-zags across the ravine": "zig-zag across the ravine", "blows up": "blow up"}


def make_story(data: dict) -> dict:
    cnts, gone = data["counts"], data["diverged"]
    end_race = LEAD + data["steps"] / data["speed"] + reveal.HOLD  # the balls rest a moment
    x0, y0 = data["start"]
    moves = race.joined(story.grouped(((NAMES[i], motion(data, i)) for i in range(len(NAMES))), PLURAL))
    # The balls rest after the race until its words have been read; the result then lasts as long as its own.
    standings = race.standings(NAMES, cnts, gone, data["target"])
    run = f"{race.sentence(moves)}; {standings}."
    later = not story.fits(run, end_race - LEAD)  # then the standings come with the result
    run = f"{race.sentence(moves)}." if later else run
    end_race = LEAD + story.at_least(end_race - LEAD, run)
    result = ((f"{story.capital(standings)}. " if later else "")
              + race.result(NAMES, cnts, gone, data["target"], data["steps"]))
    beats = [
        reveal.setup_beat(f"Five SGD runs, one per panel, start at {story.signed(x0, y0)}.", LEAD),
        story.beat("race", LEAD, end_race, run),
        story.beat("result", end_race, end_race + story.at_least(HOLD - reveal.HOLD, result), result),
    ]
    texts = [*NAMES, *(flags_text(f) for f in data["flags"]), *(t for f in data["formulas"] for t in f),
             settings_text(data), *(t for t, _ in table_rows(data))]
    numbers = {"alpha": data["lr"], "momentum": data["momentum"], "dampening": data["dampening"],
               "target": data["target"], "steps": data["steps"],
               "steps_to_target": race.numbers(NAMES, cnts),
               "off_map": {n: e for n, e, g in zip(NAMES, data.get("off_map", ()), gone) if e and not g}}
    return story.make_story(data["title"], beats, texts, numbers)


def duration(data: dict) -> float:
    """The setup, the race, a rest (longer where the race's words need it), then the result for at least
    HOLD - reveal.HOLD seconds, longer where its words need it (the story's last beat ends the clip)."""
    if "story" in data:
        return story.clip_end(data["story"])
    return timeline_duration(data["steps"], data["speed"], LEAD, HOLD)
TABLE_X, TABLE_TOP, TABLE_DY = 0.97, 0.35, 0.05


def settings_text(data: dict) -> str:
    rule = r"1/\lambda_\mathrm{max} = " if data["lr_auto"] else ""
    return (rf"\alpha = {rule}{data['lr']:.3g},\ \ \mu = {data['momentum']:g},\ \ \tau = {data['dampening']:g},"
            r"\ \ g = \nabla f(x)")


def table_rows(data: dict) -> list[tuple[str, float]]:
    """The heading and one line per run, each at the height of its rank."""
    return race.table(NAMES, data, TABLE_TOP, TABLE_DY)
