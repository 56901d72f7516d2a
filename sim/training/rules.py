"""In-place update rules of the optimiser variants, with torch.optim.SGD's semantics.

For learning rate lr, momentum mu, gradient g and buffer b (dampening 0, no weight decay):

- ``sgd``:      x -= lr*g
- ``manual``:   b = mu*b + g with b starting at zeros; x -= lr*b   (the seed-003 article's loop)
- ``torch``:    b = g on the first step, b = mu*b + g later; x -= lr*b   (torch.optim.SGD)
- ``momentum``: the same rule as ``torch`` (name used by the digits experiment)
- ``nesterov``: b as for ``torch``; x -= lr*(g + mu*b)
- ``article_as_run``: x -= lr*g on the first step, x -= lr*2*mu*g later   (the article's loop as it ran)
- ``sgd_effective_lr``: x -= lr/(1 - mu)*g   (plain SGD at momentum's effective step: a steady gradient g
  makes heavy ball's b tend to g/(1 - mu))

``article_as_run`` is the article's hand-written loop under the ``zero_grad()`` it ran with (before
PyTorch 2.0, and ``zero_grad(set_to_none=False)`` today), which zeroes the gradients in place. The loop
sets ``w.grad = velocity``, so from the second step on the gradient and the velocity are one tensor:
``zero_grad()`` wipes the velocity, backward writes g into it, and ``velocity.mul_(mu).add_(w.grad)``
adds the tensor to itself, giving 2*mu*g (1.8 g at mu = 0.9). The momentum is gone; what is left is
a larger step.

``manual`` is the article's loop as written, under today's ``zero_grad()`` (set_to_none=True), which
leaves the velocity alone. It and ``torch`` differ only in how the buffer starts, and mu*0 + g == g, so
they are one method: from the same weights and batches they give the same losses (the seed-003 traces).
"""
from __future__ import annotations

import torch

RULES = ("sgd", "manual", "torch", "momentum", "nesterov", "article_as_run", "sgd_effective_lr")
# rules with no momentum buffer: x -= lr*c*g with a per-step factor c
PLAIN = ("sgd", "article_as_run", "sgd_effective_lr")


def uses_buffer(variant: str) -> bool:
    """Whether the variant keeps a momentum buffer."""
    check_variant(variant)
    return variant not in PLAIN


def check_variant(variant: str) -> None:
    """Raise ValueError for a name that is not one of RULES."""
    if variant not in RULES:
        raise ValueError(f"unknown variant {variant!r}; choose from {', '.join(RULES)}")


@torch.no_grad()
def apply_rule(variant: str, param: torch.Tensor, buf: torch.Tensor | None, grad: torch.Tensor,
               lr: float, mu: float, first: bool) -> None:
    """Update ``param`` (and ``buf``) in place by one step of ``variant``; ``first`` marks step one."""
    check_variant(variant)
    if variant in PLAIN:
        param.add_(grad, alpha=-lr * coefficients(variant, mu, first)[1])
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


def coefficients(variant: str, mu: float, first: bool = False) -> tuple[float, float, float]:
    """(beta, c_grad, c_buf) with which one step of ``variant`` reads b = beta*b + g; x -= lr*(c_grad*g + c_buf*b).

    With the buffer starting at zeros this is ``apply_rule`` for every variant: torch's b = g on the first
    step equals mu*0 + g. ``first`` marks step one, where only ``article_as_run`` differs (c_grad 1, not
    2*mu). Rules written this way can be applied to a stack of variants at once.
    """
    check_variant(variant)
    if variant == "sgd":
        return 0.0, 1.0, 0.0
    if variant == "article_as_run":
        return 0.0, 1.0 if first else 2.0 * mu, 0.0
    if variant == "sgd_effective_lr":
        return 0.0, 1.0 / (1.0 - mu), 0.0
    if variant == "nesterov":
        return mu, 1.0, mu
    return mu, 0.0, 1.0
