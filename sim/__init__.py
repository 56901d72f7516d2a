"""Simulation engine: optimizers, landscapes and the loop that runs them.

Pure numpy; torch is needed only by ``sim.training``.

Optimizers follow one protocol, :class:`Optimizer`, a NamedTuple of

* ``init(x0) -> state``
* ``update(grad, state, x) -> (new_x, new_state)``
* ``velocity(state) -> array`` of the shape of x (its momentum; zeros if none)
* ``params``: a JSON-serialisable dict with a ``"name"``

where x and grad have shape ``(..., dim)``, the leading dimensions being
independent runs. Any such tuple runs through :func:`simulate`; a user's own::

    def SignDescent(lr):
        def init(x0):
            return np.zeros_like(x0)                # state: the last step
        def update(grad, state, x):
            step = -lr * np.sign(grad)
            return x + step, step
        return Optimizer(init, update, lambda last: last, dict(name="SignDescent", lr=lr))

    simulate(landscapes.Rosenbrock(), [-1.2, 1.0], SignDescent(0.01), 500)

``schedules.with_schedule(opt, StepLR(...), factory=SignDescent)`` gives it a
learning-rate schedule.
"""

from . import landscapes, schedules, sweep, theory
from .adaptive import Adagrad, Adam, AdamW, RMSprop
from .optim import SGD, EMAMomentum, Keras, Optimizer
from .schedules import CosineAnnealingLR, StepLR, with_schedule
from .simulate import simulate
from .smoothing import ema
from .toy import ToyRun, toy_roll
from .trajectory import Trajectory

__all__ = [
    "Optimizer",
    "SGD",
    "Adam",
    "AdamW",
    "RMSprop",
    "Adagrad",
    "EMAMomentum",
    "Keras",
    "StepLR",
    "CosineAnnealingLR",
    "with_schedule",
    "schedules",
    "simulate",
    "Trajectory",
    "ema",
    "landscapes",
    "theory",
    "toy_roll",
    "sweep",
    "ToyRun",
]
