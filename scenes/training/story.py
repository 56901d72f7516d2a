"""Training scene, words: title, notes, labels, beats and printed numbers, all from the traces.

The verdicts compare final epoch losses:

- momentum vs plain SGD at the effective learning rate lr/(1 - beta) (a steady gradient g makes the
  velocity tend to g/(1 - beta), so momentum's steady step is that of SGD at lr/(1 - beta)): "level" when
  the two differ by at most LEVEL_SHARE of the gap between momentum and plain SGD at lr;
- the article's loop as it ran (its velocity wiped by an in-place zero_grad, steps of 2*beta*lr*g) vs
  torch's momentum: "lower" or "higher" by more than LEVEL_SHARE of the same gap, else "level";
- the hand-written loop vs torch: one run when every step's loss differs by less than SAME_RUN.
"""
from __future__ import annotations

from scenes.kit import story
from scenes.training.traces import power_text, sci

SAME_RUN = 1e-5  # largest loss difference still called the same run (float rounding on other devices)
LEVEL_SHARE = 0.1  # two final losses closer than this share of |SGD - momentum| are "level"


def compare(a: float, b: float, scale: float) -> str:
    """'lower', 'higher' or 'level': a against b, level within LEVEL_SHARE * scale."""
    if abs(a - b) <= LEVEL_SHARE * abs(scale):
        return "level"
    return "lower" if a < b else "higher"


def pct(x: float) -> int:
    """A share printed as a whole percentage."""
    return int(round(100 * x))


def words(d: dict) -> dict:
    """Every piece of text the scene draws (title, legend, notes, zoom and digits texts) and `numbers`."""
    f, beta, lr, eff = d["final"], d["beta"], d["lr"], d["lr"] / (1 - d["beta"])
    gap = f["sgd"] - f["torch"]
    eff_vs = compare(f["torch"], f["sgd_effective_lr"], gap)
    art_vs = compare(f["article_as_run"], f["torch"], gap)
    factor = 1 / (1 - beta)
    step = f"a {factor:.3g}\u00d7 step"
    title = {"level": f"Momentum {beta:g} \u2248 plain SGD at {step}",
             "lower": f"Momentum {beta:g} beats SGD even at {step}",
             "higher": f"Plain SGD at {step} beats momentum {beta:g}"}[eff_vs]
    same = d["manual_diff"] < SAME_RUN
    art_words = f"ending at {f['article_as_run']:.4f} vs torch's {f['torch']:.4f}" + {
        "higher": ": the article's \"works better\"", "level": ", level", "lower": ", lower"}[art_vs]
    z, sh = d["zoom"], d["zoom_shares"]
    a, w = d["zoom_start"], d["zoom_width"]
    legend = {
        "sgd": f"plain SGD, lr {power_text(lr)}",
        "sgd_effective_lr": f"plain SGD, lr {power_text(eff)} = lr/(1\u2212\u03b2)",
        "torch": f"momentum {beta:g} (torch)",
        "manual": "hand-written loop (dots)",
        "nesterov": "Nesterov (torch)",
        "article_as_run": "article's loop as it ran",
    }
    dlr = d["digits_lr"]
    out = {
        "title": title,
        "subtitle": f"The article's MLP 1000-500-1, random labels, {d['n']} epochs",
        "legend": legend,
        "notes": (
            f"hand-written vs torch: max |\u0394loss| = {sci(d['manual_diff'])} over {d['total_steps']} steps: "
            + ("one run" if same else "two different runs"),
            f"article's loop as run: zero_grad wipes v, {2 * beta:g}\u00b7lr\u00b7g steps,",
            art_words,
        ),
        "zoom_title": f"Zoom: middle {w} epochs ({a + 1}\u2013{a + w})",
        "zoom_labels": {
            "sgd": f"SGD: {z['sgd']['flips']} flips, mean |\u0394| {sci(z['sgd']['jump'])}",
            "torch": f"momentum: {z['torch']['flips']} flips, |\u0394| {sci(z['torch']['jump'])}",
        },
        "zoom_notes": ("each curve: loss \u2212 its mean, same scale",
                       f"whole run: SGD {z['sgd']['flips_all']}, momentum {z['torch']['flips_all']}",
                       (f"all {sh['windows']} windows" if sh["windows"] > 1 else "the 1 window")
                       + f" of {w}: SGD flips more",
                       f"in {pct(sh['more'])}%, as often in {pct(sh['equal'])}%, less in {pct(sh['fewer'])}%"),
        "digits_title": (f"Digits 8\u00d78, {len(d['seeds'])} seeds, band min\u2013max",
                         f"lr {dlr:g}; dashed: SGD at lr/(1\u2212\u03b2) = {dlr / (1 - d['digits_beta']):.3g}"),
        "verdicts": {"effective_lr": eff_vs, "article_as_run": art_vs, "manual_same_run": same},
    }
    out["end_labels"] = {v: f"{f[v]:.4f}" for v in ("sgd", "torch", "sgd_effective_lr", "article_as_run")}
    dig = d["digits_final"]
    out["numbers"] = {
        "epochs": d["n"], "lr": lr, "beta": beta, "effective_lr": eff, "step_factor": factor,
        "article_step_factor": 2 * beta, "total_steps": d["total_steps"],
        "final_loss": {("momentum" if v == "torch" else v): float(x) for v, x in f.items()},
        "manual_vs_torch_max_abs_diff": d["manual_diff"],
        "zoom": {"first_epoch": a + 1, "last_epoch": a + w, "width": w,
                 "flips": {"sgd": z["sgd"]["flips"], "momentum": z["torch"]["flips"]},
                 "mean_abs_change": {"sgd": z["sgd"]["jump"], "momentum": z["torch"]["jump"]},
                 "flips_whole_run": {"sgd": z["sgd"]["flips_all"], "momentum": z["torch"]["flips_all"]},
                 "windows": sh["windows"], "percent_sgd_more": pct(sh["more"]),
                 "percent_equal": pct(sh["equal"]), "percent_sgd_fewer": pct(sh["fewer"])},
        "digits": {"seeds": len(d["seeds"]), "epochs": d["nd"], "lr": dlr, "effective_lr": dlr / (1 - d["digits_beta"]),
                   "final_train_loss_mean": dig["loss"], "final_test_acc_mean": dig["acc"]},
    }
    return out


def captions(d: dict, w: dict, lead: float) -> dict:
    """Each beat's caption, by name (the setup's as much as can be read in `lead` seconds)."""
    f, beta = d["final"], d["beta"]
    z, sh = d["zoom"], d["zoom_shares"]
    a, width = d["zoom_start"], d["zoom_width"]
    k = a  # the epoch where the zoom starts: how far each run got by then
    ahead = ("momentum's loss is below plain SGD's" if d["loss"]["torch"][k] < d["loss"]["sgd"][k]
             else "plain SGD's loss is below momentum's" if d["loss"]["torch"][k] > d["loss"]["sgd"][k]
             else "plain SGD and momentum are level")
    flip_word = ("more often than" if z["sgd"]["flips"] > z["torch"]["flips"]
                 else "as often as" if z["sgd"]["flips"] == z["torch"]["flips"] else "less often than")
    prefer = ("torch", "sgd_effective_lr", "article_as_run", "sgd", "nesterov", "manual")  # among equals
    low = min(prefer, key=lambda v: (f[v], prefer.index(v)))
    names = {"sgd": "plain SGD", "torch": "torch's momentum", "manual": "the hand-written loop",
             "nesterov": "Nesterov", "article_as_run": "the article's loop as it ran",
             "sgd_effective_lr": "plain SGD at lr/(1\u2212\u03b2)"}
    eff = {"level": "ends level with", "lower": "ends above", "higher": "ends below"}[w["verdicts"]["effective_lr"]]
    art = {"higher": "above", "level": "level with", "lower": "below"}[w["verdicts"]["article_as_run"]]
    return {
        "setup": story.first_fitting(lead, f"Six runs of the article's MLP start from the same weights "
                                           f"and batches, beside {len(d['seeds'])} seeds of a digits MLP.",
                                     f"Six runs start alike, beside {len(d['seeds'])} seeds of a digits MLP."),
        "early": f"By epoch {k + 1} {ahead}.",
        "zoom": (f"In the middle {width} epochs plain SGD changes direction {flip_word} momentum "
                 f"({z['sgd']['flips']} vs {z['torch']['flips']}); it flips more in {pct(sh['more'])}% of all "
                 f"{sh['windows']} windows."),
        "late": (f"By epoch {d['n']} {names[low]} is lowest at {f[low]:.4f}, and plain SGD at lr/(1\u2212\u03b2) "
                 f"{eff} momentum ({f['sgd_effective_lr']:.4f} vs {f['torch']:.4f})."),
        "verdict": (f"The article's loop as it ran took {2 * beta:g}\u00b7lr\u00b7g steps with no momentum and ends "
                    f"{art} torch's momentum ({f['article_as_run']:.4f} vs {f['torch']:.4f})."),
    }


def holds(caps: dict, seconds: float, zoom: tuple[float, float], rest: float, verdict: float) -> dict:
    """How long the drawing stands still at the end of each beat so that its caption is read
    (`story.needed`), given the drawing's `seconds` and the fractions of it at which the zoom starts and
    ends: where the curves enter the zoom (at least `rest`, none where the zoom starts the run), where they
    leave it (at least `rest` inside the run, 0 at its end), after they end (at least `rest`), and the
    verdict's length (at least `verdict`)."""
    u_a, u_b = zoom
    out = {"zoom_out": max(rest if u_b < 1.0 else 0.0, story.needed(caps["zoom"]) - (u_b - u_a) * seconds),
           "end_draw": max(rest, story.needed(caps["late"]) - (1.0 - u_b) * seconds),
           "verdict": story.at_least(verdict, caps["verdict"])}
    if u_a > 0.0:
        out["zoom_in"] = max(rest, story.needed(caps["early"]) - u_a * seconds)
    return out


def make(d: dict, w: dict, times: dict, caps: dict) -> dict:
    """The storyboard: intro, the run up to the zoom, the zoom, the rest of the run, the verdict.

    `times` holds the clip's seconds: "draw" (curves start), "zoom_in", "zoom_out", "end_draw", "end";
    `caps` the captions (`captions`).
    """
    beats = [
        story.beat("setup", 0.0, times["draw"], caps["setup"]),
        story.beat("early", times["draw"], times["zoom_in"], caps["early"]),
        story.beat("zoom", times["zoom_in"], times["zoom_out"], caps["zoom"]),
        story.beat("late", times["zoom_out"], times["end_draw"], caps["late"]),
        story.beat("verdict", times["end_draw"], times["end"], caps["verdict"]),
    ]
    labels = [w["subtitle"], *w["legend"].values(), *w["notes"], w["zoom_title"], *w["zoom_labels"].values(),
              *w["zoom_notes"], *w["digits_title"], *w["end_labels"].values(), "zoom", "epoch",
              "test accuracy", "training loss", "training loss (BCE)"]
    beats = [b for b in beats if b["end"] > b["start"]]  # a zoom over the whole run has no "early" beat
    return story.make_story(w["title"], beats, labels, w["numbers"])
