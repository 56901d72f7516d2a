"""Landscapes of one's own: from a formula (exact gradients by sympy) or from
Python callables (a given gradient, or central differences).

Both are ordinary landscapes (see :mod:`sim.landscapes`), batched over
``(..., dim)``, and say how their gradient is computed in ``gradient_method``,
for a sidecar to record.
"""

from __future__ import annotations

import ast

import numpy as np

from .formula import MAX_DEPTH, MAX_LENGTH, TIME_LIMIT, VARIABLES, check_size, short, time_limit, to_sympy

from .landscape_base import Landscape, _frozen

# The smallest total error of a central difference, truncation h²f'''/6 plus
# rounding eps f/h, comes near h = eps^(1/3).
DEFAULT_H = float(np.finfo(float).eps ** (1 / 3))


def _window(dim, bounds, minima, start):
    """Checked ``bounds``, ``minima`` and ``start`` for a landscape of ``dim`` dimensions."""
    bounds = ((-2.0, 2.0),) * dim if bounds is None else bounds
    try:
        b = np.array(bounds, dtype=np.float64)
    except (TypeError, ValueError):
        b = np.empty(0)
    if b.shape != (dim, 2) or not np.all(np.isfinite(b)) or not np.all(b[:, 0] < b[:, 1]):
        raise ValueError(f"bounds must be {dim} finite (lo, hi) pairs with lo < hi, got {bounds!r}")
    m = np.empty((0, dim)) if minima is None else np.array(minima, dtype=np.float64).reshape(-1, dim)
    s = b[:, 0] + 0.8 * (b[:, 1] - b[:, 0]) if start is None else np.array(start, dtype=np.float64)
    if s.shape != (dim,) or not np.all(np.isfinite(s)):
        raise ValueError(f"start must be a finite point of shape ({dim},), got {start!r}")
    return tuple((float(lo), float(hi)) for lo, hi in b), _frozen(m), _frozen(s)


def _full(a, shape) -> np.ndarray:
    """A lambdified component as a float array of ``shape`` (a constant comes back a scalar)."""
    a = np.asarray(a, dtype=np.float64)
    return a if a.shape == shape else np.broadcast_to(a, shape).copy()


class Expression(Landscape):
    """A landscape from a formula in x (and y), e.g. ``"x**2 + 10*y**2 + 0.5*sin(3*x)"``.

    Allowed: numbers, ``x``, ``y``, ``+ - * / **`` (``^`` means ``**``), the
    constants ``pi`` and ``e``, and the functions in ``sim.formula.FUNCTIONS``. Gradients
    are exact: sympy differentiates the formula and both are compiled to numpy
    (``gradient_method = "exact (sympy)"``). ``dim`` defaults to 1 when the
    formula uses x alone, else 2 (point (x, y)). ``minima`` defaults to none
    known (shape (0, dim)); ``start`` to 80% of the way across ``bounds``.
    Bad formulas, and those over the limits of :mod:`sim.formula`, raise ValueError with a one-line
    message.
    """

    gradient_method = "exact (sympy)"

    def __init__(self, formula: str, dim=None, bounds=None, minima=None, start=None, name=None):
        import sympy  # noqa: F401  (imported before the timer starts: a first import is not the formula's time)

        if not isinstance(formula, str):
            raise ValueError(f"formula must be a string, got {type(formula).__name__}")
        self.formula = formula
        source = formula.replace("^", "**").strip()
        if not source:
            raise ValueError("formula is empty")
        if len(source) > MAX_LENGTH:
            raise ValueError(f"formula {short(formula)}: longer than {MAX_LENGTH} characters")
        try:
            tree = ast.parse(source, mode="eval")
        except SyntaxError as err:
            raise ValueError(f"formula {short(formula)} does not parse: {err.msg}") from None
        except (RecursionError, MemoryError):
            raise ValueError(f"formula {short(formula)}: nested more than {MAX_DEPTH} deep") from None
        check_size(tree, source)
        with time_limit(TIME_LIMIT, formula):
            self._build(tree, source, formula, dim)
        self.name = formula.strip() if name is None else str(name)
        self.bounds, self.minima, self.start = _window(self.dim, bounds, minima, start)

    def _build(self, tree, source, formula, dim):
        import sympy as sp

        symbols = {v: sp.Symbol(v, real=True) for v in VARIABLES}
        expr = to_sympy(tree, source, symbols)
        if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
            raise ValueError(f"formula {short(formula)}: not finite")
        used = [v for v in VARIABLES if symbols[v] in expr.free_symbols]
        if dim is None:
            dim = 1 if used == ["x"] else 2
        if dim not in (1, 2):
            raise ValueError(f"dim must be 1 or 2, got {dim!r}")
        if dim == 1 and "y" in used:
            raise ValueError(f"formula {short(formula)}: uses y but dim is 1")
        self.dim = dim
        self.expression = expr
        args = [symbols[v] for v in VARIABLES[:dim]]
        self.gradient = tuple(sp.diff(expr, a) for a in args)
        self._f = sp.lambdify(args, expr, modules="numpy")
        self._g = sp.lambdify(args, list(self.gradient), modules="numpy", cse=True)
        self._fg = sp.lambdify(args, [expr, *self.gradient], modules="numpy", cse=True)

    def _args(self, x):
        return [x[..., i] for i in range(self.dim)]

    def _value(self, x):
        with np.errstate(all="ignore"):
            return _full(self._f(*self._args(x)), x.shape[:-1])

    def _grad(self, x):
        with np.errstate(all="ignore"):
            parts = self._g(*self._args(x))
        return np.stack([_full(p, x.shape[:-1]) for p in parts], axis=-1)

    def value_and_grad(self, x):
        x = self._check(x)
        with np.errstate(all="ignore"):
            f, *parts = self._fg(*self._args(x))
        return _full(f, x.shape[:-1]), np.stack([_full(p, x.shape[:-1]) for p in parts], axis=-1)

    def __repr__(self) -> str:
        return f"Expression({self.formula!r}, dim={self.dim})"


class Function(Landscape):
    """A landscape from Python callables: ``f`` maps points of shape ``(..., dim)``
    to values of shape ``(...)``; ``grad``, if given, to shape ``(..., dim)``.

    Without ``grad`` the gradient is the central difference with a step scaled
    to each coordinate::

        h_i = h · max(1, |x_i|)
        ∂f/∂x_i ≈ (f(x + h_i e_i) − f(x − h_i e_i)) / ((x_i + h_i) − (x_i − h_i))

    (the denominator is the step actually taken, after rounding), with error
    about h_i² |∂³f/∂x_i³| / 6 + eps |f| / h_i; the default h = eps^(1/3) ≈ 6.1e-6
    balances the two. ``gradient_method`` says which was used.
    """

    def __init__(self, f, grad=None, dim: int = 2, bounds=None, minima=None, start=None, name=None,
                 h: float | None = None):
        if not callable(f) or (grad is not None and not callable(grad)):
            raise ValueError("f and grad must be callables taking points of shape (..., dim)")
        if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
            raise ValueError(f"dim must be a positive integer, got {dim!r}")
        self.dim = dim
        default = getattr(f, "__name__", "<lambda>")
        self.name = str(name) if name is not None else ("function" if default == "<lambda>" else default)
        self._f, self._given_grad = f, grad
        self.h = DEFAULT_H if h is None else float(h)
        if not self.h > 0:
            raise ValueError(f"h must be positive, got {h!r}")
        if grad is None:
            self.gradient_method = f"central differences, h = {self.h:.2g}·max(1, |x_i|)"
        else:
            self.gradient_method = "given"
        self.bounds, self.minima, self.start = _window(dim, bounds, minima, start)
        probe = np.linspace(np.array(self.bounds)[:, 0], np.array(self.bounds)[:, 1], 3)
        value = np.shape(f(probe))
        if value != (3,):
            raise ValueError(f"f must map points of shape (..., {dim}) to shape (...): points (3, {dim}) gave {value}")
        if grad is not None and np.shape(grad(probe)) != (3, dim):
            raise ValueError(
                f"grad must map points of shape (..., {dim}) to the same shape: (3, {dim}) gave {np.shape(grad(probe))}"
            )

    def _value(self, x):
        return np.asarray(self._f(x), dtype=np.float64)

    def _grad(self, x):
        if self._given_grad is not None:
            return np.asarray(self._given_grad(x), dtype=np.float64)
        return self._central(x, with_value=False)[1]

    def value_and_grad(self, x):
        x = self._check(x)
        if self._given_grad is not None:
            return self._value(x), self._grad(x)
        return self._central(x, with_value=True)

    def _central(self, x, with_value):
        """f at x (if asked) and at x ± h_i e_i, all in one call of f."""
        steps = self.h * np.maximum(1.0, np.abs(x))
        points = np.broadcast_to(x, (2 * self.dim + with_value,) + x.shape).copy()
        for i in range(self.dim):
            points[2 * i, ..., i] += steps[..., i]
            points[2 * i + 1, ..., i] -= steps[..., i]
        values = np.asarray(self._f(points), dtype=np.float64)
        grad = np.empty(x.shape)
        for i in range(self.dim):
            taken = points[2 * i, ..., i] - points[2 * i + 1, ..., i]
            grad[..., i] = (values[2 * i] - values[2 * i + 1]) / taken
        return (values[-1] if with_value else None), grad

    def __repr__(self) -> str:
        return f"Function({self.name!r}, dim={self.dim}, gradient: {self.gradient_method})"
