"""scenes.kit.contour's shared helpers for the 2-D scenes."""
import pytest

from scenes.kit import contour as C


@pytest.mark.parametrize("steps, at_most, spacings, expected", [
    (40, 5, C.STEP_SPACINGS, [0, 10, 20, 30, 40]),
    (60, 5, C.STEP_SPACINGS, [0, 20, 40, 60]),
    (60, 6, C.STEP_SPACINGS, [0, 10, 20, 30, 40, 50, 60]),
    (40, 4, C.STEP_SPACINGS[1:], [0, 20, 40]),
    (1000, 5, C.STEP_SPACINGS, [0, 200, 400, 600, 800, 1000]),
    (5000, 5, C.STEP_SPACINGS, list(range(0, 5001, 250))),   # none fits: the widest spacing
])
def test_step_ticks_take_the_first_spacing_that_fits(steps, at_most, spacings, expected):
    assert C.step_ticks(steps, at_most, spacings) == expected


@pytest.mark.parametrize("values, first, stays", [
    ([5, 0.5, 2, 0.5, 0.1], 1, 3),          # dips below, goes back above, then stays
    ([0.1, 0.2], 0, 0),                     # below from the start
    ([5, 0.5, 2], 1, None),                 # ends above: never stays
    ([5, 4, 3], None, None),                # never below
    ([5, 0.5, float("nan")], 1, None),      # blown up at the end
])
def test_first_below_and_stays_below(values, first, stays):
    from scenes.kit import race

    assert race.first_below(values, 1.0) == first
    assert race.stays_below(values, 1.0) == stays


def test_order_puts_ties_in_run_order_then_never_then_diverged():
    from scenes.kit import race

    c = lambda first, stays: {"first_below": first, "stays_below": stays}  # noqa: E731
    counts = [c(None, None), c(10, 30), c(5, 30), c(3, None), c(1, 12)]
    gone = [True, False, False, False, False]
    assert race.order(counts, gone) == [4, 1, 2, 3, 0]
    assert race.winners(counts, gone) == [4]
    assert race.winners(counts[:3], gone[:3]) == [1, 2]
    assert [race.row_text(x, g) for x, g in zip(counts, gone)] == \
        ["diverged", "30 (first 10)", "30 (first 5)", "ends above (first 3)", "12 (first 1)"]
