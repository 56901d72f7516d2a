"""The simulation side of the figures of G. Goh, "Why Momentum Really Works" (Distill, 2017).

Pure numpy; no plotting. Every module states its problem, its formulas and its conventions; the heavy
ball throughout is z ← βz + ∇f(w), w ← w − αz from z⁰ = 0, which is ``sim.SGD(lr=α, momentum=β)``.

* :mod:`.milestones`: the error, eigencomponent by eigencomponent (figures 3, 12).
* :mod:`.polynomial`: polynomial regression, eigenfeatures and early stopping (figures 4–6).
* :mod:`.damping`: phase portraits and critical damping (figures 9, 10).
* :mod:`.taxonomy`: the five regimes at λ = 100 and the closed form of Rᵏ (figure 7).
* :mod:`.colorize`: the 1,120-pixel colorization graph (figure 14).
* :mod:`.graphs`: conditioning of three 36-node graphs (figure 16).
* :mod:`.oracle`: the convex Rosenbrock, the dead zone and the lower bound (figures 17, 18).
* :mod:`.stochastic`: expected loss under gradient noise, by closed form and Monte Carlo (figure 21).
* :mod:`.banana`: the hero figure's landscape (figure 1).

Errata of the article that these modules correct:

* E2 (:mod:`.taxonomy`, :mod:`.colorize`): complex eigenvalues of R have modulus √β, not 2√β (det R = β).
* E3 (:mod:`.taxonomy`): Rᵏ = σ₁ᵏR₁ − σ₂ᵏR₂ with R₁ = (R − σ₂I)/(σ₁ − σ₂), R₂ = (R − σ₁I)/(σ₁ − σ₂), so R⁰ = I.
* E4 (:mod:`.polynomial`, :mod:`.colorize`): eigen-coordinates are x = Qᵀ(w − w*), with Qᵀ, not Q.
* E5 (:mod:`.milestones`, :mod:`.stochastic`): the loss per component is ½λᵢxᵢ², with the ½.
"""
from . import banana, colorize, damping, graphs, milestones, oracle, polynomial, stochastic, taxonomy
from .banana import Banana
from .stochastic import NoisyQuadratic

__all__ = ["banana", "colorize", "damping", "graphs", "milestones", "oracle", "polynomial", "stochastic",
           "taxonomy", "Banana", "NoisyQuadratic"]
