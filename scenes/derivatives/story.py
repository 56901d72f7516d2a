"""Derivatives's words: the title, beats and labels, computed from the outcome, and when they show."""
from __future__ import annotations

from scenes.kit import reveal, story
from scenes.kit.timeline import duration as timeline_duration


LEAD, HOLD = reveal.SETUP, reveal.HOLD + 2.5  # the setup beat; a pause after the last update, then the end
TITLE = "One weight's derivative, point by point"
W0 = (0.8, 0.4)  # w1, w2 at the start
RUNS = ("linear", "relu", "mom")


SAME_SWING = 0.05  # a swing ratio within this of 1 prints as 1.0: "about as much"


def tell(n: int, lr: float, beta: float, speed: float, runs: dict, tv: dict, setup) -> dict:
    """The storyboard: before any update, the pass over the data, and the losses after the last update."""
    off = int((runs["relu"]["pre"] < 0).sum())
    final = {name: float(runs[name]["mean_loss"][-1]) for name in RUNS}
    ratio = tv["mom"] / tv["velocity"] if tv["velocity"] > 0 else None
    if beta == 0:
        smooth = "with \u03b2 = 0 the velocity v is the gradient itself"
    elif ratio is not None and abs(ratio - 1) < SAME_SWING:
        # Within the printed precision of 1: neither smoother nor rougher.
        smooth = "the velocity v swings about as much as the gradient it averages (1.0\u00d7)"
    elif ratio is not None and ratio > 1:
        smooth = f"the velocity v swings {ratio:.1f}\u00d7 less than the gradient it averages"
    else:
        smooth = "the velocity v swings no less than the gradient it averages"
    low = min(final.values())
    best = " and ".join(LOSS_WORDS[name] for name in RUNS if final[name] <= low * (1 + 1e-9))
    best += " alike" if " and " in best else ""
    # The pass rests after the last update until its words have been read; the end lasts as long as its own.
    passing = (f"Over {n} updates, one per point, the ReLU derivative is exactly 0 at the {off} points where "
               f"w\u2081x < 0, and {smooth}.")
    closing = (f"After all {n} updates the mean loss is {final['linear']:.3f} without ReLU, "
               f"{final['relu']:.3f} with ReLU and {final['mom']:.3f} with ReLU and momentum, the lowest {best}.")
    rest = LEAD + story.at_least(n / speed + reveal.HOLD, passing)
    beats = [
        reveal.setup_beat(f"Before any update the three models share w\u2081 = {W0[0]:g}, w\u2082 = {W0[1]:g}.",
                          LEAD),
        story.beat("pass", LEAD, rest, passing),
        story.beat("end", rest, rest + story.at_least(HOLD - reveal.HOLD, closing), closing),
    ]
    w = WORDS
    labels = [*setup, w["data_heading"], w["mean_label"], *w["legend"].values(), *w["loss_names"].values(),
              w["ylabel"], w["xlabel"], "x", "y"]
    numbers = {"points": n, "lr": lr, "beta": beta, "one_minus_beta": round(1 - beta, 12), "w1_start": W0[0],
               "w2_start": W0[1], "relu_off_points": off, "final_mean_loss": final,
               "velocity_smoothing": ratio}
    return story.make_story(TITLE, beats, labels, numbers)


def duration(data: dict) -> float:
    """The pass, a rest, then the end for at least HOLD - reveal.HOLD seconds, each longer where its words
    need it (the story's last beat ends the clip)."""
    if "story" in data:
        return story.clip_end(data["story"])
    return timeline_duration(data["n"], data["speed"], LEAD, HOLD)
LABELS = {"linear": "no ReLU", "relu": "ReLU  (\u25cb: w\u2081x < 0 gives 0)",
          "mom": "ReLU + momentum: gradient", "velocity": "velocity v"}
YLABEL = "\u2202L/\u2202w\u2081"
LOSS_WORDS = {"linear": "without ReLU", "relu": "with ReLU alone", "mom": "with momentum"}
# Every fixed piece of text the scene draws; both backends read them from data["words"].
WORDS = {"legend": LABELS, "loss_names": {"linear": "no ReLU", "relu": "ReLU", "mom": "+ mom."},
         "data_heading": "data and the current fits", "mean_label": "mean L", "ylabel": YLABEL,
         "xlabel": "data point"}
