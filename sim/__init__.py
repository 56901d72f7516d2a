"""Simulation engine: optimizers, landscapes and the loop that runs them.

Pure numpy; torch is needed only by ``sim.training``.
"""

from . import landscapes, theory
from .adaptive import Adagrad, Adam, AdamW, RMSprop
from .optim import SGD, EMAMomentum, Keras, Optimizer
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
    "simulate",
    "Trajectory",
    "ema",
    "landscapes",
    "theory",
    "toy_roll",
    "ToyRun",
]
