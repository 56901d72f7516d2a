"""In-place update rules of the optimiser variants, with torch.optim.SGD's semantics.

For learning rate lr, momentum mu, gradient g and buffer b (dampening 0, no weight decay):

- ``sgd``:      x -= lr*g
- ``manual``:   b = mu*b + g with b starting at zeros; x -= lr*b   (the seed-003 article's loop)
- ``torch``:    b = g on the first step, b = mu*b + g later; x -= lr*b   (torch.optim.SGD)
- ``momentum``: the same rule as ``torch`` (name used by the digits experiment)
- ``nesterov``: b as for ``torch``; x -= lr*(g + mu*b)

``manual`` and ``torch`` differ only in how the buffer starts, and mu*0 + g == g, so they are one
method: from the same weights and batches they give the same losses (the seed-003 traces), and a gap
between them in the article can only come from its runs' different initial weights and shuffle orders.
"""
from __future__ import annotations

import torch

RULES = ("sgd", "manual", "torch", "momentum", "nesterov")


def uses_buffer(variant: str) -> bool:
    """Whether the variant keeps a momentum buffer."""
    check_variant(variant)
    return variant != "sgd"


def check_variant(variant: str) -> None:
    """Raise ValueError for a name that is not one of RULES."""
    if variant not in RULES:
        raise ValueError(f"unknown variant {variant!r}; choose from {', '.join(RULES)}")


@torch.no_grad()
def apply_rule(variant: str, param: torch.Tensor, buf: torch.Tensor | None, grad: torch.Tensor,
               lr: float, mu: float, first: bool) -> None:
    """Update ``param`` (and ``buf``) in place by one step of ``variant``; ``first`` marks step one."""
    check_variant(variant)
    if variant == "sgd":
        param.add_(grad, alpha=-lr)
        return
    if variant == "manual":
        buf.mul_(mu).add_(grad)
    elif first:
        buf.copy_(grad)
    else:
        buf.mul_(mu).add_(grad)
    if variant == "nesterov":
        param.add_(grad.add(buf, alpha=mu), alpha=-lr)
    else:
        param.add_(buf, alpha=-lr)


def coefficients(variant: str, mu: float) -> tuple[float, float, float]:
    """(beta, c_grad, c_buf) with which one step of ``variant`` reads b = beta*b + g; x -= lr*(c_grad*g + c_buf*b).

    With the buffer starting at zeros this is ``apply_rule`` for every variant: torch's b = g on the first
    step equals mu*0 + g. Rules written this way can be applied to a stack of variants at once.
    """
    check_variant(variant)
    if variant == "sgd":
        return 0.0, 1.0, 0.0
    if variant == "nesterov":
        return mu, 1.0, mu
    return mu, 0.0, 1.0
