"""Why some graphs condition well (Distill figure 16).

Three graphs of 36 nodes; each Laplacian L = D − A is **grounded**, L[0, 0] += 1, which makes it
positive definite (the quadratic ½wᵀLw + ½w₀² − … of a colorizer with one seeded node):

* ``expander``: 80 distinct random edges between distinct nodes, drawn with
  ``np.random.default_rng(seed)`` (seed 17, the article's seed, though its generator is its own
  ``sin(seed++)·10000`` and the graphs differ); the draw is repeated from the same generator until the
  graph is connected.
* ``grid``: the 6 × 6 grid, node r·6 + c, 60 edges.
* ``path``: the path 0 – 1 – … – 35 plus 3 distinct random extra edges (not already on the path), from
  the same kind of seeded generator.

For each: the eigenvector of the second-smallest eigenvalue (the article's ``eigSym(L).U[34]``, with its
descending order), the condition number κ = λ_max/λ_min, and the steps needed to shrink the error by
10⁻³ at the optimal parameters, by the closed-form rates: gradient descent (κ − 1)/(κ + 1), momentum
(√κ − 1)/(√κ + 1); steps = ⌈ln 10⁻³ / ln rate⌉.

What the numbers say (seed 17): grounding a single node puts λ_min near the same small value for all
three graphs (expander ≈ 0.0214, grid ≈ 0.0139, path ≈ 0.00222), and the expander's high-degree nodes
raise its λ_max (≈ 12.07 against the grid's 7.46), so κ is ≈ 564 (expander), ≈ 536 (grid), ≈ 2152 (path):
the expander does *not* beat the grid on κ here. Where it wins is the spectral gap of the rest of the
graph, λ₂ ≈ 0.649 (expander), 0.268 (grid), 0.0226 (path), reported as ``lam[1]`` and
``kappa_rest`` = λ_max/λ₂ (≈ 18.6, 27.9, 211).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import theory

N = 36
SEED = 17
EXPANDER_EDGES = 80
PATH_EXTRA = 3
TOL = 1e-3


def _random_edges(rng, count: int, exclude=frozenset()) -> list[tuple[int, int]]:
    edges: set[tuple[int, int]] = set()
    while len(edges) < count:
        i, j = (int(v) for v in rng.integers(0, N, 2))
        e = (min(i, j), max(i, j))
        if i != j and e not in exclude:
            edges.add(e)
    return sorted(edges)


def connected(edges, n: int = N) -> bool:
    """True when the graph on n nodes with these edges is connected."""
    seen, todo = {0}, [0]
    nbrs = {i: [] for i in range(n)}
    for i, j in edges:
        nbrs[i].append(j)
        nbrs[j].append(i)
    while todo:
        for j in nbrs[todo.pop()]:
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return len(seen) == n


def expander_edges(seed: int = SEED) -> list[tuple[int, int]]:
    """80 distinct seeded random edges, redrawn until connected."""
    rng = np.random.default_rng(seed)
    while True:
        edges = _random_edges(rng, EXPANDER_EDGES)
        if connected(edges):
            return edges


def grid_edges(side: int = 6) -> list[tuple[int, int]]:
    """The side × side grid, node r·side + c."""
    edges = []
    for r in range(side):
        for c in range(side):
            v = r * side + c
            if c + 1 < side:
                edges.append((v, v + 1))
            if r + 1 < side:
                edges.append((v, v + side))
    return edges


def path_edges(seed: int = SEED, extra: int = PATH_EXTRA) -> list[tuple[int, int]]:
    """The path 0 – … – 35 and ``extra`` seeded random edges not on it."""
    path = [(i, i + 1) for i in range(N - 1)]
    return path + _random_edges(np.random.default_rng(seed), extra, exclude=frozenset(path))


def grounded_laplacian(edges, n: int = N) -> np.ndarray:
    """D − A for the edges, plus 1 at [0, 0]."""
    L = np.zeros((n, n))
    for i, j in edges:
        L[i, j] -= 1.0
        L[j, i] -= 1.0
        L[i, i] += 1.0
        L[j, j] += 1.0
    L[0, 0] += 1.0
    return L


def steps_for(rate, tol: float = TOL) -> int:
    """⌈ln tol / ln rate⌉: steps for rateᵏ ≤ tol."""
    return int(np.ceil(np.log(tol) / np.log(rate)))


class Graph(NamedTuple):
    name: str
    edges: list
    L: np.ndarray
    lam: np.ndarray  # ascending
    fiedler: np.ndarray  # eigenvector of lam[1], sign: largest-magnitude entry positive
    kappa: float
    kappa_rest: float  # λ_max/λ₂
    gd_rate: float
    momentum_rate: float
    gd_steps: int
    momentum_steps: int


def analyse(name: str, edges) -> Graph:
    L = grounded_laplacian(edges)
    lam, Q = np.linalg.eigh(L)
    v = Q[:, 1]
    v = v * np.sign(v[np.argmax(np.abs(v))])
    gd = theory.optimal_gd(lam[0], lam[-1])
    mom = theory.optimal_momentum(lam[0], lam[-1])
    return Graph(name, list(edges), L, lam, v, float(lam[-1] / lam[0]), float(lam[-1] / lam[1]),
                 float(gd.rate), float(mom.rate),
                 steps_for(gd.rate), steps_for(mom.rate))


def graphs(seed: int = SEED) -> list[Graph]:
    """The expander, the grid and the path, in the article's order."""
    return [analyse("expander", expander_edges(seed)), analyse("grid", grid_edges()),
            analyse("path", path_edges(seed))]
