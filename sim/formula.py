"""A formula as untrusted input: parsed with ``ast`` (never evaluated as Python), held to limits a user
can read, and turned into a sympy expression of arithmetic, numbers, x and y, pi and e, and the
functions in ``FUNCTIONS``.

The limits (each named in the error that enforces it): ``MAX_LENGTH`` characters; ``MAX_DEPTH`` levels of
nesting (a chain a + b - c + … or a * b / c counts once, however long); numbers written in the formula up
to ``MAX_CONSTANT``; constant exponents up to ``MAX_EXPONENT`` (x**y is allowed); parts without variables,
such as (2**64)**64, up to ``MAX_VALUE``; and ``TIME_LIMIT`` seconds for differentiating and compiling,
where a timer can be set (the main thread).
"""

from __future__ import annotations

import ast
import contextlib
import math
import signal
import threading

from .messages import shown as short

VARIABLES = ("x", "y")
FUNCTIONS = (
    "abs", "acos", "asin", "atan", "cos", "cosh", "exp", "log", "sin", "sinh", "sqrt", "tan", "tanh",
)
CONSTANTS = ("e", "pi")
MAX_LENGTH = 1000  # characters
MAX_DEPTH = 40  # operators and calls around any part of the formula
MAX_CONSTANT = 1e12  # the magnitude of a number written in the formula
MAX_EXPONENT = 64  # the magnitude of a constant exponent (x**64; x**y is allowed)
MAX_VALUE = 1e100  # the magnitude of a part without variables, such as (2**64)**64
TIME_LIMIT = 5.0  # seconds for differentiating and compiling, where a timer can be set


class _Timeout(BaseException):
    """Raised by the timer; a BaseException, so that no `except Exception` inside sympy swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float, formula: str):
    """Raise ValueError if the block runs longer than ``seconds`` (a real-time timer; only the main thread
    can set one, so elsewhere the structural limits alone bound the work)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer") \
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def expire(signum, frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    except _Timeout:
        raise ValueError(f"formula {short(formula)}: took more than {seconds:g} s to differentiate") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)




def check_size(tree: ast.AST, formula: str) -> None:
    """Refuse a parsed formula over MAX_DEPTH, MAX_CONSTANT or MAX_EXPONENT (ValueError),
    before sympy sees it. Walks with an explicit stack: no recursion on hostile input."""
    stack = [(tree.body if isinstance(tree, ast.Expression) else tree, 0)]
    while stack:
        n, depth = stack.pop()  # depth: the operators and calls around n
        if depth > MAX_DEPTH:
            raise ValueError(f"formula {short(formula)}: nested more than {MAX_DEPTH} deep")
        if isinstance(n, ast.Constant) and type(n.value) in (int, float) and not abs(n.value) <= MAX_CONSTANT:
            raise ValueError(f"formula {short(formula)}: a number larger than {MAX_CONSTANT:g}")
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow):
            p = _constant(n.right)
            if p is not None and not abs(p) <= MAX_EXPONENT:
                raise ValueError(f"formula {short(formula)}: an exponent larger than {MAX_EXPONENT}")
        if isinstance(n, ast.BinOp):
            v = _constant(n)
            if v is not None and not abs(v) <= MAX_VALUE:
                raise ValueError(f"formula {short(formula)}: a constant part larger than {MAX_VALUE:g}")
        if isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Call)):
            # a chain like a + b - c + … (or a * b / c) is one level, however long: only nesting counts
            stack.extend((c, depth + (not (_family(c) and _family(c) == _family(n))))
                         for c in ast.iter_child_nodes(n))


def _family(n: ast.AST) -> str | None:
    if isinstance(n, ast.BinOp):
        return {ast.Add: "+", ast.Sub: "+", ast.Mult: "*", ast.Div: "*"}.get(type(n.op))
    return None


def _constant(n: ast.AST) -> float | None:
    """The magnitude bound of a subtree without variables, in floats (inf when it overflows); None if the
    subtree has a variable. Exact for + - * /; a power with an exponent over MAX_EXPONENT is inf."""
    if isinstance(n, ast.Constant) and type(n.value) in (int, float):
        return float(n.value)
    if isinstance(n, ast.Name) and n.id in CONSTANTS:
        return math.e if n.id == "e" else math.pi
    if isinstance(n, ast.UnaryOp) and isinstance(n.op, (ast.USub, ast.UAdd)):
        v = _constant(n.operand)
        return None if v is None or isinstance(n.op, ast.UAdd) else -v
    if not (isinstance(n, ast.BinOp) and type(n.op) in _ARITHMETIC):
        return None
    a, b = _constant(n.left), _constant(n.right)
    if a is None or b is None:
        return None
    if isinstance(n.op, ast.Pow) and not abs(b) <= MAX_EXPONENT:
        return math.inf
    try:
        return _ARITHMETIC[type(n.op)](a, b)
    except ZeroDivisionError:
        return None  # not a size: sympy finds it not finite
    except (OverflowError, ValueError):
        return math.inf


_ARITHMETIC = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
               ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: abs(a) ** b}


def to_sympy(node, formula, symbols):
    """The sympy expression of a parsed formula, allowing only arithmetic, numbers,
    the variables, the constants and the known functions of one argument."""
    import sympy as sp

    def fail(what):
        raise ValueError(f"formula {short(formula)}: {what}")

    def walk(n):
        if isinstance(n, ast.Expression):
            return walk(n.body)
        if isinstance(n, ast.Constant) and type(n.value) in (int, float):
            # 17 digits: the printed coefficient reads back as the same double.
            return sp.Integer(n.value) if isinstance(n.value, int) else sp.Float(n.value, 17)
        if isinstance(n, ast.Name):
            if n.id in symbols:
                return symbols[n.id]
            if n.id in CONSTANTS:
                return sp.E if n.id == "e" else sp.pi
            if n.id in FUNCTIONS:
                fail(f"function {n.id!r} without its argument")
            fail(f"unknown variable {n.id!r} (the variables are x and y)")
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, (ast.USub, ast.UAdd)):
            operand = walk(n.operand)
            return -operand if isinstance(n.op, ast.USub) else operand
        if isinstance(n, ast.BinOp):
            ops = {ast.Add: sp.Add, ast.Sub: lambda a, b: a - b, ast.Mult: sp.Mul,
                   ast.Div: lambda a, b: a / b, ast.Pow: sp.Pow}
            if type(n.op) in ops:
                return ops[type(n.op)](walk(n.left), walk(n.right))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            name = n.func.id
            if name not in FUNCTIONS:
                fail(f"unknown function {name!r} (known: {', '.join(FUNCTIONS)})")
            if len(n.args) != 1 or n.keywords:
                fail(f"{name} takes exactly one argument")
            f = sp.Abs if name == "abs" else getattr(sp, name)
            return f(walk(n.args[0]))
        fail(f"unsupported syntax {ast.get_source_segment(formula, n) or type(n).__name__!r}")

    return walk(node)
