"""The compare scene's words: title, settings line, table rows, beats and the numbers they print, all
computed from the runs' outcome.

The verdict ranks the optimizers as the tuning does (`scenes.compare.tune`): by end loss, the mean of
f(x_k) − f* over the last ceil(steps / 10) steps, where an end loss below tol counts as having reached
f*, and among those by the step from which f − f* stays below tol. Optimizers whose end losses print
alike (`loss_text`), or that reach f* at the same step, tie; a diverged run ranks last.
"""
from __future__ import annotations

from scenes.kit import race, reveal, story

# The setup beat builds the picture; after the race the balls rest reveal.HOLD seconds, then the verdict,
# long enough to read about 150 characters at 20 a second (what does not fit is said during the race).
LEAD, HOLD = reveal.SETUP, reveal.HOLD + 8.5


def loss_text(v: float) -> str:
    """An end loss as the scene prints it: two significant digits."""
    return f"{v:.2g}"


def number_text(v: float) -> str:
    """A setting (lr, momentum, start coordinate) as printed: up to three significant digits."""
    return f"{v:.3g}"


def reached(data: dict, i: int) -> bool:
    return not data["diverged"][i] and data["end_loss"][i] < data["tol"]


def key(data: dict, i: int) -> tuple:
    """What the ranking compares, as printed: diverged last; reached f* by its step; else the end loss."""
    if data["diverged"][i]:
        return (2, 0.0)
    if reached(data, i):
        return (0, data["reach"][i])
    return (1, float(loss_text(data["end_loss"][i])))


def ranking(data: dict) -> list[int]:
    """Optimizer indices, best first (a stable sort: tied runs keep their given order)."""
    return sorted(range(len(data["labels"])), key=lambda i: key(data, i))


def winners(data: dict) -> list[int]:
    """The optimizers tied for first (empty when every run diverges)."""
    order = ranking(data)
    if data["diverged"][order[0]]:
        return []
    return [i for i in order if key(data, i) == key(data, order[0])]


def target(data: dict) -> str:
    return "the minimum" if data["minimum"] is not None else "the lowest value found"


def where(data: dict) -> str:
    from scenes.compare.tune import DISPLAY

    return DISPLAY[data["landscape"]] if data["named"] else f"f = {data['landscape']}"


def title(data: dict) -> str:
    labels, n = data["labels"], len(data["labels"])
    win = winners(data)
    if not win:
        return f"{labels[0]} diverges on {where(data)}" if n == 1 else \
            f"All {n} optimizers diverge on {where(data)}"
    first = reached(data, win[0])
    if n == 1:
        return f"{labels[0]} reaches {target(data)} on {where(data)}" if first else \
            f"{labels[0]} on {where(data)}: loss {loss_text(data['end_loss'][0])}"
    if len(win) == n:
        return f"All {n} optimizers tie on {where(data)}"
    who = race.sentence(race.joined([labels[i] for i in win]))
    if first:
        verb = "reaches" if len(win) == 1 else "reach"
        return f"{who} {verb} {target(data)} first on {where(data)}"
    return f"{who} {'reaches' if len(win) == 1 else 'tie for'} the lowest loss on {where(data)}"


def settings_lines(data: dict) -> list[str]:
    """How the settings were chosen, in two lines."""
    tail, steps = data["tail"], data["steps"]
    if data["tune"]:
        g = data["grid"]["lr"]
        if widened(data):
            lo, hi = lr_range(data)
            return ["Tuned: each optimizer's best lr and μ, β₁ or α on a grid",
                    f"({number_text(lo)} to {number_text(hi)}, widened at an edge) by its mean loss over the last "
                    f"{tail} of {steps} steps"]
        return ["Tuned: each optimizer's best lr and μ, β₁ or α on a grid",
                f"({len(g)} lrs, {number_text(g[0])} to {number_text(g[-1])}) by its mean loss over the last "
                f"{tail} of {steps} steps"]
    return [f"Untuned: lr {number_text(data['lr'])} for all, μ = β₁ = {number_text(data['momentum'])}",
            f"{steps} steps each from the same start"]


def widened(data: dict) -> list[int]:
    """The optimizers whose lr grid was widened past the shared one (their best lr sat on its edge)."""
    if not data["tune"]:
        return []
    shared = data["grid"]["lr"]
    return [i for i, s in enumerate(data["settings"]) if s.get("lr_grid") and len(s["lr_grid"]) > len(shared)]


def lr_range(data: dict) -> tuple[float, float]:
    """The smallest and largest lr any optimizer's (widened) grid tried."""
    grids = [s["lr_grid"] for s in data["settings"] if s.get("lr_grid")]
    return min(g[0] for g in grids), max(g[-1] for g in grids)


def widening_text(data: dict) -> str:
    """' RMSprop's lr grid was widened to 10, Adagrad's down to 1e-06, so their best lrs lie inside; ...'."""
    parts, edge = [], []
    shared = data["grid"]["lr"] if data["tune"] else []
    for i in widened(data):
        g = data["settings"][i]["lr_grid"]
        ends = ([f"up to {number_text(g[-1])}"] if g[-1] > shared[-1] * (1 + 1e-9) else []) + \
               ([f"down to {number_text(g[0])}"] if g[0] < shared[0] * (1 - 1e-9) else [])
        parts.append(f"{data['labels'][i]}'s lr grid was widened {' and '.join(ends)}")
    for i, s in enumerate(data["settings"]):
        if s.get("at_edge"):
            edge.append(f"{data['labels'][i]}'s best lr, {number_text(s['lr'])}, is still on the "
                        f"{'top' if s['at_edge'] == 'top' else 'bottom'} of its grid, at the widening's limit")
    if not parts and not edge:
        return ""
    inside = [data["labels"][i] for i in widened(data) if not data["settings"][i].get("at_edge")]
    said = "; ".join(parts)
    if inside:
        said += ", so each best lr lies inside its grid"
    return " " + race.sentence("; ".join([p for p in (said, *edge) if p])) + "."


def setting_text(data: dict, i: int) -> str:
    s = data["settings"][i]
    text = f"lr {number_text(s['lr'])}" + (" (grid edge)" if s.get("at_edge") else "")
    if s["second"] is not None:
        text += f", {s['symbol']} {number_text(s['second'])}"
    return text


def result_text(data: dict, i: int) -> str:
    """The end-loss column: the number, the step it reached f*, or that it diverged."""
    if data["diverged"][i]:
        return "diverged" if data["settings"][i]["stable"] is not False else "diverged at every lr"
    if reached(data, i):
        return f"from step {data['reach'][i]}"
    return loss_text(data["end_loss"][i])


def table_heading(data: dict) -> list[str]:
    """The table's heading, two lines: what the end-loss column holds."""
    return [f"mean loss − f* over the last {data['tail']} steps,",
            f"or the step from which it stays < {loss_text(data['tol'])}"]


def verdict(data: dict) -> str:
    return race.sentence("; ".join(verdict_parts(data))) + "."


def verdict_parts(data: dict, brief: bool = False) -> list[str]:
    """The verdict's clauses, in the order said: who reaches f* first (and the others that do: each with
    its step, or, `brief`, how many and the last one's step, which the table lists), the end losses of
    those that do not, the runs that diverge."""
    labels = data["labels"]
    order, win = ranking(data), winners(data)
    if not win:
        return [f"No optimizer keeps a finite loss below its start within {data['steps']} steps"]
    near = f"within {loss_text(data['tol'])} of f*"
    if len(labels) == 1:
        return [f"{labels[0]} stays {near} from step {data['reach'][0]}" if reached(data, 0) else
                f"{labels[0]} ends {loss_text(data['end_loss'][0])} above f* after {data['steps']} steps"]
    lead = race.joined([labels[i] for i in win])
    there = [i for i in order if reached(data, i)]
    rest = [i for i in order if not reached(data, i) and not data["diverged"][i]]
    gone = [i for i in order if data["diverged"][i]]
    parts = []
    if there:
        parts.append(f"{lead} {'gets' if len(win) == 1 else 'get'} {near} first, from step {data['reach'][win[0]]}")
        others = [f"{labels[i]} from step {data['reach'][i]}" for i in there if i not in win]
        if others and brief and len(others) > 1:
            parts.append(f"then the other {len(others)}, the last from step {max(data['reach'][i] for i in there)}")
        elif others:
            parts.append(f"then {race.joined(others)}")
    else:
        parts.append(f"{lead} {'reaches' if len(win) == 1 else 'tie for'} the lowest loss")
    if rest:
        ends = race.joined([f"{labels[i]} {loss_text(data['end_loss'][i])}" for i in rest])
        parts.append(f"mean loss − f* over the last {data['tail']} steps: {ends}")
    if gone:
        parts.append(f"{race.joined([labels[i] for i in gone])} {'diverges' if len(gone) == 1 else 'diverge'}")
    return parts


def movement(data: dict) -> str:
    """What the runs did on the map: which diverge, which leave the map and stay off it (where they end),
    which stray off it and come back (`scenes.kit.race.strays`, from the raw positions)."""
    labels, gone = data["labels"], data["diverged"]
    offs = data.get("off_map", [None] * len(labels))
    n = len(labels)
    clauses = []
    out = [i for i in range(n) if gone[i]]
    if out:
        clauses.append(f"{race.joined([labels[i] for i in out])} {'diverges' if len(out) == 1 else 'diverge'}")
    for i in range(n):
        if offs[i] and not gone[i] and offs[i]["ends_outside"]:
            clauses.append(f"{labels[i]} {race.off_map_text(offs[i])}")
    back = [i for i in range(n) if offs[i] and not gone[i] and not offs[i]["ends_outside"]]
    if back:
        who, steps = race.joined([labels[i] for i in back]), [str(offs[i]["first_step"]) for i in back]
        clauses.append(f"{who} strays off the map at step {steps[0]} and comes back" if len(back) == 1 else
                       f"{who} stray off the map (at steps {race.joined(steps)}) and come back")
    if not out:
        clauses.append("no run diverges" if n > 1 else "it does not diverge")
    return race.sentence("; ".join(clauses)) + "."


def make_story(data: dict, duration: float) -> dict:
    x0, y0 = data["start"]
    n = len(data["labels"])
    end_race = LEAD + data["steps"] / data["speed"] + reveal.HOLD  # the balls rest a moment
    if n == 1:
        who, how = "One optimizer", "with its tuned settings" if data["tune"] else "with the given settings"
        starts = [f"{who} starts at {{at}} on {where(data)}, {how}.", f"{who} starts at {{at}}, {how}.",
                  f"{who} starts, {how}."]
    else:
        who, how = f"{n} optimizers", "each with tuned settings" if data["tune"] else "each with the same settings"
        starts = [f"{who}, {how}, start at {{at}} on {where(data)}.", f"{who}, {how}, start at {{at}}.",
                  f"{who}, {how}, start."]
    at = f"({number_text(x0)}, {number_text(y0)})".replace("-", "\u2212")  # a minus sign, not a hyphen
    setup = story.first_fitting(LEAD, *(line.replace("{at}", at) for line in starts))
    # The result says the verdict's last clauses and the grids' widening, as many as it has time for; the
    # race says the clauses before them (who reaches f* first happens during the race).
    for brief in (False, True):  # each reaching step, or how many, when that is too long to read
        parts = verdict_parts(data, brief)
        said = lambda k: (race.sentence("; ".join(parts[k:])) + ". "  # noqa: E731
                          + widening_text(data).strip()).strip()
        k = 0
        while k < len(parts) - 1 and not story.fits(said(k), duration - end_race):
            k += 1
        running = (movement(data) + (" " + race.sentence("; ".join(parts[:k])) + "." if k else "")).strip()
        if story.fits(said(k), duration - end_race) and story.fits(running, end_race - LEAD):
            break
    beats = [
        reveal.setup_beat(setup, LEAD),
        story.beat("race", LEAD, end_race, running),
        story.beat("result", end_race, duration, said(k)),
    ]
    labels = [data["title"], *settings_lines(data), *table_heading(data), *data["labels"],
              *(setting_text(data, i) for i in range(n)), *(result_text(data, i) for i in range(n))]
    numbers = {
        "steps": data["steps"], "tail": data["tail"], "start": list(data["start"]),
        "settings": {lab: {"lr": s["lr"], **({s["second_name"]: s["second"]} if s["second_name"] else {})}
                     for lab, s in zip(data["labels"], data["settings"])},
        "end_loss": {lab: (None if d else v) for lab, v, d in zip(data["labels"], data["end_loss"],
                                                                   data["diverged"])},
        "tol": data["tol"],
        "off_map": {lab: e for lab, e, g in zip(data["labels"], data.get("off_map", [None] * n), data["diverged"])
                    if e and not g},
        "reach": {lab: data["reach"][i] for i, lab in enumerate(data["labels"]) if reached(data, i)},
    }
    if data["tune"]:
        numbers["grid_lr"] = [data["grid"]["lr"][0], data["grid"]["lr"][-1], len(data["grid"]["lr"])]
        numbers["lr_range"] = list(lr_range(data))
        numbers["widened_lr_grid"] = {data["labels"][i]: [data["settings"][i]["lr_grid"][0],
                                                          data["settings"][i]["lr_grid"][-1],
                                                          len(data["settings"][i]["lr_grid"])]
                                      for i in widened(data)}
        numbers["best_lr_at_grid_edge"] = {lab: s["at_edge"] for lab, s in zip(data["labels"], data["settings"])
                                           if s.get("at_edge")}
    else:
        numbers["lr"], numbers["momentum"] = data["lr"], data["momentum"]
    return story.make_story(data["title"], beats, labels, numbers)
