"""Rates: a map of how fast momentum converges, over step size and momentum (after Goh, Distill 2017).

On f(x) = lambda x^2 / 2 the heavy ball

    z_{k+1} = beta z_k + lambda x_k,    x_{k+1} = x_k - alpha z_{k+1}      (sim.SGD(lr=alpha, momentum=beta))

is linear: (z, x) is multiplied by a 2x2 matrix each step, so the error shrinks like rate^k, with rate the
largest |sigma| over the roots of sigma^2 - (1 + beta - alpha lambda) sigma + beta = 0. It depends on
alpha and lambda only through alpha lambda. The map colours that rate over alpha lambda in [0, 4] and
beta in [0, 1) and names its regimes:

* ripples: complex roots, beta > (1 - sqrt(alpha lambda))^2, rate = sqrt(beta) (the article prints
  2 sqrt(beta); the two roots are conjugate with product beta, so each has modulus sqrt(beta));
* monotonic: real roots, alpha lambda < 1, below that curve (critical damping);
* oscillation: real roots with the dominant one negative, alpha lambda > 1;
* divergence: alpha lambda > 2 + 2 beta, rate > 1;
* one-step convergence: alpha lambda = 1, beta = 0 lands on the minimum at once.

A marker tours the regimes; beside the map, x_k from x_0 = 1 plays at each stop, with the guide
+-C rate^k. A last beat shows Distill's taxonomy (figure 7, scenes.rates.tax): five small panels of one
component at lambda = 100 with the article's presets (ripples, monotonic decrease, one-step convergence,
monotonic oscillations, divergence), each with its iterates and its closed-form rate, sqrt(beta) where the
roots are complex; numbered marks place them on the map, beside the rings of the tour's stops (or of the
chosen point), which stay on it: they are the points the title speaks of. Each beat lasts long enough to read its words. `--set alpha_lambda=... --set beta=...` shows one chosen point instead of the tour.
`--set map=measured` draws the rate measured by simulation (sim.sweep) instead of the closed form, and
`--set map=both` stacks the closed form above the measured map; the story says how far apart they are,
outside a one-cell band at the regime boundaries and inside it (scenes.rates.maps).

What the scene says is computed (scenes.rates.story): at each stop the regime and rate from sim.theory, the
rate measured from a run of the same loop, and what x_k does (its zero crossings, where a divergent run
leaves the panel); the title counts the stops that converge, or, for one chosen point, names its regime
(alpha lambda >= 2 + 2 beta: it diverges). Drawing is in scenes.rates.mpl (matplotlib) and scenes.rates.manim.

    python render.py rates
    python render.py rates --set alpha_lambda=0.5 --set beta=0.6
    python render.py rates --set map=both
    manim -ql scenes/rates/manim.py RatesScene
"""
from __future__ import annotations

from scenes.rates import maps as rates_maps
from scenes.rates import web as rates_web
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.kit.registry import lazy
from scenes.rates.mpl import draw_mpl
from scenes.rates.data import AL_MAX, NAME, duration, make_data, outcome
from scenes.rates.layout import FLOW


PARAMS = (
    Param("alpha_lambda", "float", None, "show this alpha*lambda instead of the tour (auto: the tour)", 0.01,
          AL_MAX),
    Param("beta", "float", None, "show this momentum beta instead of the tour (auto: the tour)", 0.0, 0.99),
    Param("steps", "int", 24, "steps of x_k played at each stop", 5, 80),
    Param("speed", "float", 16.0, "steps per second of video", 2.0, 60.0),
    Param("map", "choice", "theory", "the rate map: the closed form, measured by simulation (sim.sweep), or both",
          choices=rates_maps.MODES),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="Map of momentum's convergence rate over step size and beta, with a marker touring its regimes",
    source=('Distill, Goh (2017), “Why Momentum Really Works”, figure 7, the taxonomy of '
            'convergence over (αλ, β).'),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=FLOW,
    manim_scene=lazy("scenes.rates.manim", "manim_scene"),
    outcome=outcome,
    examples=({"alpha_lambda": 3.7, "beta": 0.5}, {"alpha_lambda": 0.5, "beta": 0.6},
              {"map": "both", "alpha_lambda": 1.0, "beta": 0.0}),
    web=rates_web.build,
))
