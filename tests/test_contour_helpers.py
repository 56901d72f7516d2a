"""scenes.contour's shared helpers for the 2-D scenes."""
import pytest

from scenes import contour as C


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
