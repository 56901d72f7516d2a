"""momentum-rate's words: the title, beats and labels, computed from the outcome, and when they show."""
from __future__ import annotations

from scenes.kit import race, reveal, story
from scenes.kit.timeline import duration as timeline_duration


LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.0  # the setup beat; a pause after the race, then the result


def run_labels(betas) -> list[str]:
    """Each run's name in the table and the sidecar: its β, with its panel's side where two βs print
    alike."""
    names = [f"\u03b2 = {b:.3g}" for b in betas]
    if len(set(names)) == len(names):
        return names
    return [f"{n} ({side})" for n, side in zip(names, ("left", "middle", "right"))]


def verdicts(data: dict) -> list[str]:
    """Each panel's measured verdict: fastest to stay below the target, or 'too little' / 'too much'
    beside the fastest β and why (slower, overshoots, never stays below, diverges)."""
    cnts, gone, betas = data["counts"], data["diverged"], data["betas"]
    win = race.winners(cnts, gone)
    out = []
    for i, b in enumerate(betas):
        if i in win:
            out.append("fastest" if len(win) == 1 else "tied fastest")
            continue
        if gone[i]:
            what = "diverges"
        elif cnts[i]["stays_below"] is None:
            what = "never stays below"
        else:
            what = "overshoots" if race.overshoots(data["raw_positions"][i]) else "slower"
        # "too much" and "too little" name the cause only where the run shows it: overshooting or blowing
        # up with more momentum than the fastest, creeping with less. Otherwise the label says only which
        # side of the fastest β it is on, and what it did.
        if win and b > max(betas[j] for j in win):
            what = f"too much: {what}" if what != "slower" else f"more \u03b2, yet {what}"
        elif win and b < min(betas[j] for j in win):
            what = f"too little: {what}" if what in ("slower", "never stays below") else f"less \u03b2, yet {what}"
        out.append(what)
    return out


def title(data: dict) -> str:
    """Which β gets below the target for good first, measured."""
    win = race.winners(data["counts"], data["diverged"])
    if not win:
        return f"How much momentum? No \u03b2 here stays below loss {data['target']:g}"
    if len(win) == 3:
        return "How much momentum? All three \u03b2s tie"
    names = [star_name(data, i) for i in win]
    if len(win) == 1:
        return f"How much momentum? {names[0]} is fastest"
    return f"How much momentum? {race.joined(names)} tie"


def star_name(data: dict, i: int) -> str:
    """The run's label, with β* for the middle β where it is theory's fastest for this α."""
    star = i == 1 and data["middle_is_best"] and data["converges"]
    return data["labels"][i].replace("\u03b2 =", "\u03b2* =", 1) if star else data["labels"][i]


def star_note(data: dict) -> str:
    """Where the β* panel (theory's lowest rate for this α) is not the measured fastest, one sentence that
    says both, so the title and the β* label do not contradict each other."""
    win = race.winners(data["counts"], data["diverged"])
    star = data["middle_is_best"] and data["converges"]
    if not star or not win or 1 in win:
        return ""
    first = race.joined([data["labels"][i] for i in win])
    rates = data["rates"]
    return (f" \u03b2* = {data['betas'][1]:.3g} has the lowest rate in theory ({rates[1]:.3f}, against "
            f"{race.joined([f'{rates[i]:.3f}' for i in win])}), but over {data['steps']} steps {first} "
            f"{'gets' if len(win) == 1 else 'get'} below {data['target']:g} first.")


def motion(data: dict, i: int) -> str:
    if data["diverged"][i]:
        return "blows up"
    off = data.get("off_map", [None] * 3)[i]
    if off and off["ends_outside"]:
        return race.off_map_text(off)
    tail = race.stray_text(off) if off else ""
    if race.overshoots(data["raw_positions"][i]):
        return "overshoots the minimum and swings around it" + tail
    return "approaches the minimum without overshooting" + tail


PLURAL = {"overshoots the minimum and swings around it": "overshoot the minimum and swing around it",
          "approaches the minimum without overshooting": "approach the minimum without overshooting",
          "zig-zags across the ravine": "zig-zag across the ravine", "blows up": "blow up"}


def make_story(data: dict) -> dict:
    labels, cnts, gone = data["labels"], data["counts"], data["diverged"]
    end_race = LEAD + data["steps"] / data["speed"] + reveal.HOLD  # the balls rest a moment
    x0, y0 = data["start"]
    moves = race.joined(story.grouped(((labels[i], motion(data, i)) for i in range(3)), PLURAL))
    # The balls rest after the race until its words have been read; the result then lasts as long as its own.
    standings = race.standings(labels, cnts, gone, data["target"])
    run = f"{race.sentence(moves)}; {standings}."
    later = not story.fits(run, end_race - LEAD)  # then the standings come with the result
    run = f"{race.sentence(moves)}." if later else run
    end_race = LEAD + story.at_least(end_race - LEAD, run)
    result = ((f"{story.capital(standings)}. " if later else "")
              + race.result(labels, cnts, gone, data["target"], data["steps"]) + star_note(data))
    beats = [
        reveal.setup_beat(f"Three balls start at {story.signed(x0, y0)} on the same ravine.", LEAD),
        story.beat("race", LEAD, end_race, run),
        story.beat("result", end_race, end_race + story.at_least(HOLD - reveal.HOLD, result), result),
    ]
    texts = [*(n for pair in headers(data) for n in pair), alpha_text(data), *joint_lines(data),
             *(t for t, _ in table_rows(data))]
    numbers = {"alpha": data["lr"], "kappa": data["kappa"], "betas": list(data["betas"]),
               "best_beta": data["best_beta"], "joint_optimum": list(data["joint_optimum"]),
               "target": data["target"], "steps": data["steps"],
               "steps_to_target": race.numbers(labels, cnts), "theory_rates": list(data["rates"]),
               "off_map": {n: e for n, e, g in zip(labels, data.get("off_map", ()), gone) if e and not g}}
    return story.make_story(data["title"], beats, texts, numbers)


def duration(data: dict) -> float:
    """The setup, the race, a rest (longer where the race's words need it), then the result for at least
    HOLD - reveal.HOLD seconds, longer where its words need it (the story's last beat ends the clip)."""
    if "story" in data:
        return story.clip_end(data["story"])
    return timeline_duration(data["steps"], data["speed"], LEAD, HOLD)
TABLE_X, TABLE_TOP = 0.965, 0.35


def headers(data: dict) -> list[tuple[str, str]]:
    """Per panel: the coloured heading (a formula; β* where the middle β is theory's fastest for this
    α) and the measured verdict under it (plain text)."""
    out = []
    for i, (b, v) in enumerate(zip(data["betas"], data["verdicts"])):
        star = i == 1 and data["middle_is_best"] and data["converges"]
        out.append((rf"\beta^* = {b:.3g}" if star else rf"\beta = {b:.3g}", v))
    return out


def alpha_text(data: dict) -> str:
    rule = r"1/\lambda_\mathrm{max} = " if data["lr_auto"] else ""
    return rf"\alpha = {rule}{data['lr']:.3g},\ \ \kappa = {data['kappa']:g}"


def joint_lines(data: dict) -> tuple[str, str]:
    """The best pair when α is tuned as well (sim.theory.optimal_momentum): a text line and a formula."""
    a, b = data["joint_optimum"]
    return "best if \u03b1 is tuned too:", rf"\alpha = {a:.3g},\ \ \beta = {b:.3g}"


def table_rows(data: dict) -> list[tuple[str, float]]:
    """The heading and one line per run, each at the height of its rank."""
    return race.table(data["labels"], data, TABLE_TOP, 0.05, sep=":  ")
