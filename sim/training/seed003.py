"""Seed-003 experiment: a 1000-500-1 sigmoid MLP on random data, trained by several SGD variants.

The setting is the momentum how-to article's: X is 1000x1000 standard normal, the first 500 labels are 0
and the last 500 are 1, the model is Linear-Sigmoid-Linear-Sigmoid with torch's default Linear
initialisation, the loss is BCE, batches of 64 are drawn by a fresh shuffle every epoch (16 batches,
the last one of 40), and the learning rate is 1e-5. Every variant starts from the same weights and sees
the same batches in the same order, so their traces differ only by the update rule.

``train_gram`` computes, for each variant, the BCE loss of every minibatch step. Instead of the
first-layer weights W (with bias, acting on [x, 1]) it keeps the pre-activations of all samples,
P = [X, 1] W. A step W -= lr*U with U = [X_b, 1]^T D (D: gradient of the loss with respect to the batch's
pre-activations) changes P by -lr*K[:, b] D, where K = [X, 1][X, 1]^T is the Gram matrix. Every rule in
``rules`` is linear in the gradients, so momentum buffers live in the same space ([X, 1] times the W
buffer). A step then costs one 1000x64x500 product per variant instead of the two of backpropagation,
plus, for heavy ball, one pass over P; the forward pass is a row gather. Every sample's pre-activations
change at every step, so an N x B x HIDDEN product per variant and step is this formulation's floor.
The result is the same training run in exact arithmetic (in float64 the two agree to 1e-12); in float32,
over 200 epochs, its losses stay within 2e-7 of a float64 run, as the article's loop does.
``train_reference`` runs the article's own loop (nn.Module, BCELoss, torch.optim.SGD).
"""
from __future__ import annotations

import math
import time
from typing import Callable, NamedTuple, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .device import resolve_device
from .rules import check_variant, coefficients, uses_buffer

N_SAMPLES = 1000
DIM = 1000
HIDDEN = 500
BATCH_SIZE = 64
LR = 1e-5
MOMENTUM = 0.9
EPOCHS = 2000
VARIANTS = ("sgd", "manual", "torch", "nesterov", "article_as_run", "sgd_effective_lr")


class Problem(NamedTuple):
    """Data and initial weights (torch nn.Linear layout: weight is (out, in)), all on the CPU."""

    X: torch.Tensor
    y: torch.Tensor
    w1: torch.Tensor
    b1: torch.Tensor
    w2: torch.Tensor
    b2: torch.Tensor


def linear_init(fan_in: int, fan_out: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Weight (fan_out, fan_in) and bias as nn.Linear initialises them, drawn from ``generator``."""
    weight = torch.empty(fan_out, fan_in)
    nn.init.kaiming_uniform_(weight, a=math.sqrt(5), generator=generator)
    bound = 1 / math.sqrt(fan_in)
    bias = torch.empty(fan_out).uniform_(-bound, bound, generator=generator)
    return weight, bias


def make_problem(seed: int) -> tuple[Problem, torch.Generator]:
    """The data, the initial weights, and the generator (in its post-initialisation state) for shuffles."""
    gen = torch.Generator().manual_seed(seed)
    X = torch.randn(N_SAMPLES, DIM, generator=gen)
    y = torch.cat([torch.zeros(N_SAMPLES // 2), torch.ones(N_SAMPLES - N_SAMPLES // 2)])
    w1, b1 = linear_init(DIM, HIDDEN, gen)
    w2, b2 = linear_init(HIDDEN, 1, gen)
    return Problem(X, y, w1, b1, w2, b2), gen


def steps_per_epoch(batch_size: int = BATCH_SIZE) -> int:
    """Number of minibatches in one pass over the data."""
    return math.ceil(N_SAMPLES / batch_size)


class GramState(NamedTuple):
    """Final state of ``train_gram``: losses (V, steps), P = [X, 1] W (V, samples, HIDDEN), head (V, HIDDEN+1)."""

    step_loss: torch.Tensor
    P: torch.Tensor
    head: torch.Tensor


def _kind(variant: str) -> int:
    """Sort key of the stacked layout: heavy-ball momentum first, then Nesterov, then plain SGD."""
    check_variant(variant)
    return 2 if not uses_buffer(variant) else 1 if variant == "nesterov" else 0


@torch.no_grad()
def train_gram(problem: Problem, generator: torch.Generator, variants: Sequence[str], epochs: int,
               lr: float = LR, mu: float = MOMENTUM, batch_size: int = BATCH_SIZE,
               device: torch.device | str = "cpu", progress: Callable[[int], object] | None = None) -> GramState:
    """Train one model per variant together; return every step's BCE loss and the final state.

    Computation follows the dtype of ``problem.X``. The head holds the second layer as [w2, b2].
    ``progress`` is called with 1 after each epoch.

    Layout: P is (V, samples, HIDDEN) and the buffers (V_momentum, samples, HIDDEN), every variant's block
    contiguous; a batch is one gather for all variants. The variants are stored heavy-ball first, then
    Nesterov, then SGD, so that each group is one slice. With G = K[:, b] D (see the module docstring)
    a step is

    - heavy ball: b = mu*b + G, a GEMM into the buffer (beta mu); then P -= lr*b while b is in cache;
    - Nesterov:   P -= lr*(G + mu*b_new) = lr*((1 + mu)*b_new - mu*b_old): one axpy before the buffer's
      GEMM and one after it;
    - plain (SGD, article_as_run, sgd_effective_lr): P -= lr*c*G, a GEMM into P (alpha -lr*c, with c the
      rule's c_grad for this step).

    Buffers start at zeros, where beta*0 + G is torch's first-step b = G. Predictions are kept and the
    losses are computed once at the end, so a step never waits on a loss (or on the GPU).
    """
    order = sorted(range(len(variants)), key=lambda j: _kind(variants[j]))
    names = [variants[j] for j in order]
    kinds = [_kind(v) for v in names]
    n_var, n_hb, n_buf = len(names), kinds.count(0), kinds.count(0) + kinds.count(1)
    N, H = N_SAMPLES, HIDDEN
    dev = torch.device(device)
    X, y = problem.X.to(dev), problem.y.to(dev, problem.X.dtype)
    dt = X.dtype
    Xa = torch.cat([X, torch.ones(N, 1, device=dev, dtype=dt)], dim=1)
    gram = Xa @ Xa.T
    w1, b1 = problem.w1.to(dev, dt), problem.b1.to(dev, dt)
    P = torch.addmm(b1, X, w1.T).repeat(n_var, 1, 1)                        # (V, N, H)
    buf = torch.zeros(n_buf, N, H, device=dev, dtype=dt)
    P_nest, buf_nest = P[n_hb:n_buf], buf[n_hb:]
    head = torch.cat([problem.w2.reshape(-1), problem.b2]).to(dev, dt).repeat(n_var, 1)  # (V, H+1)
    buf_head, g_head = torch.zeros_like(head), torch.empty_like(head)
    w, bias = head[:, None, :H], head[:, H:]                                 # (V, 1, H), (V, 1)
    def coef(first: bool) -> list[torch.Tensor]:
        return [torch.tensor(c, device=dev, dtype=dt)[:, None]
                for c in zip(*(coefficients(v, mu, first) for v in names))]

    (beta, c_grad, c_buf), c_grad_first = coef(False), coef(True)[1]
    # head += step_grad*g + step_buf*b; only article_as_run's c_grad differs on the first step
    step_grad, step_buf, step_grad_first = -lr * c_grad, -lr * c_buf, -lr * c_grad_first
    # the plain (buffer-free) variants' P -= lr*c_grad*G, as an addmm's alpha: (first step, later steps)
    alphas = [(-lr * coefficients(v, mu, True)[1], -lr * coefficients(v, mu)[1]) for v in names]
    starts = list(range(0, N, batch_size))
    sizes = [min(batch_size, N - start) for start in starts]
    # -1/B for each position of an epoch's batches, so that (p - y)/B is one op
    neg_inv_size = torch.cat([torch.full((size,), -1.0 / size, device=dev, dtype=dt) for size in sizes])
    # an epoch's predictions, step by step, each step's (V, B) block contiguous so the sigmoid writes there
    predictions = torch.empty(epochs, n_var * N, device=dev, dtype=dt)
    perms = torch.empty(epochs, N, dtype=torch.long, device=dev)
    # per-step work buffers, allocated once: a fresh large tensor each step costs page faults
    flat = [torch.empty(n_var * batch_size * H, device=dev, dtype=dt) for _ in range(3)]
    work = {size: [b[:n_var * size * H].view(n_var, size, H) for b in flat] for size in set(sizes)}
    gram_buf = torch.empty(batch_size, N, device=dev, dtype=dt)

    for epoch in range(epochs):
        perm = torch.randperm(N, generator=generator).to(dev)
        perms[epoch] = perm
        neg_y = torch.mul(y[perm], neg_inv_size)
        block = predictions[epoch]
        for start, size, idx, neg_y_b in zip(starts, sizes, perm.split(sizes), neg_y.split(sizes)):
            first = epoch == 0 and start == 0
            h, tmp, D = work[size]
            torch.index_select(P, 1, idx, out=h).sigmoid_()
            z = torch.mul(h, w, out=tmp).sum(-1).add_(bias)
            p = torch.sigmoid(z, out=block[n_var * start:n_var * (start + size)].view(n_var, size))
            # d(BCE(sigmoid(z)))/dz = sigmoid(z) - y; the batch mean divides by B
            dz = torch.add(neg_y_b, p, alpha=1 / size)[:, :, None]           # (V, B, 1)
            torch.sum(torch.mul(h, dz, out=tmp), 1, out=g_head[:, :H])
            torch.sum(dz, 1, out=g_head[:, H:])
            # gradient at the pre-activations: dz*w*h*(1 - h)
            torch.ops.aten.sigmoid_backward.grad_input(torch.mul(dz, w, out=tmp), h, grad_input=D)
            # K[:, b] as a row gather, since K is symmetric
            gram_b = torch.index_select(gram, 0, idx, out=gram_buf[:size]).T
            if n_buf > n_hb:
                P_nest.add_(buf_nest, alpha=lr * mu)
            for j in range(n_var):
                if j < n_hb:
                    buf[j].addmm_(gram_b, D[j], beta=mu)
                    P[j].add_(buf[j], alpha=-lr)      # while buf[j] is still in cache
                elif j < n_buf:
                    buf[j].addmm_(gram_b, D[j], beta=mu)
                else:
                    P[j].addmm_(gram_b, D[j], alpha=alphas[j][0 if first else 1])
            if n_buf > n_hb:
                P_nest.add_(buf_nest, alpha=-lr * (1 + mu))
            torch.addcmul(g_head, buf_head, beta, out=buf_head)
            head.addcmul_(step_grad_first if first else step_grad, g_head).addcmul_(step_buf, buf_head)
        if progress is not None:
            progress(1)

    # each step's mean BCE, read straight from the step blocks of (V, size) predictions
    labels, full = y[perms], N // batch_size * batch_size
    parts = []
    if full:
        pred = predictions[:, :n_var * full].view(epochs, full // batch_size, n_var, batch_size)
        target = labels[:, :full].view(epochs, full // batch_size, 1, batch_size).expand_as(pred)
        parts.append(F.binary_cross_entropy(pred, target, reduction="none").mean(-1))
    if full < N:
        pred = predictions[:, n_var * full:].view(epochs, 1, n_var, N - full)
        target = labels[:, None, None, full:].expand_as(pred)
        parts.append(F.binary_cross_entropy(pred, target, reduction="none").mean(-1))
    step_loss = torch.cat(parts, 1).permute(2, 0, 1).reshape(n_var, -1)    # (V, steps)
    back = [order.index(j) for j in range(len(variants))]
    return GramState(step_loss[back], P[back], head[back])


def train_reference(problem: Problem, generator: torch.Generator, variant: str, epochs: int,
                    lr: float = LR, mu: float = MOMENTUM, batch_size: int = BATCH_SIZE,
                    device: torch.device | str = "cpu") -> tuple[torch.Tensor, nn.Module]:
    """The article's training loop for one variant; return its per-step losses and the trained model.

    ``manual`` is the article's hand-written velocity loop on top of a momentum-free SGD, with today's
    ``zero_grad()`` (set_to_none=True); ``article_as_run`` is the same loop with the in-place
    ``zero_grad(set_to_none=False)`` that the article's PyTorch (before 2.0) did; ``sgd_effective_lr`` is
    torch.optim.SGD without momentum at lr/(1 - mu); the other variants use torch.optim.SGD directly.
    Batches come from the same shuffles as ``train_gram``.
    """
    check_variant(variant)
    dev = torch.device(device)
    model = nn.Sequential(nn.utils.skip_init(nn.Linear, DIM, HIDDEN), nn.Sigmoid(),
                          nn.utils.skip_init(nn.Linear, HIDDEN, 1), nn.Sigmoid())
    model.to(dev, problem.X.dtype)
    with torch.no_grad():
        for param, init in zip(model.parameters(), (problem.w1, problem.b1, problem.w2, problem.b2)):
            param.copy_(init)
    torch_momentum = mu if variant in ("torch", "momentum", "nesterov") else 0.0
    step = lr / (1 - mu) if variant == "sgd_effective_lr" else lr
    opt = torch.optim.SGD(model.parameters(), lr=step, momentum=torch_momentum, nesterov=variant == "nesterov")
    hand_written = variant in ("manual", "article_as_run")
    bce = nn.BCELoss()
    X, y = problem.X.to(dev), problem.y.to(dev, problem.X.dtype)
    velocities: dict[str, torch.Tensor] = {}
    losses = []
    for _ in range(epochs):
        perm = torch.randperm(N_SAMPLES, generator=generator).to(dev)
        for start in range(0, N_SAMPLES, batch_size):
            idx = perm[start:start + batch_size]
            loss = bce(model(X[idx]), y[idx].reshape(-1, 1))
            losses.append(loss.item())
            opt.zero_grad(set_to_none=variant != "article_as_run")
            loss.backward()
            if hand_written:
                for name, w in model.named_parameters():
                    if name not in velocities:
                        velocities[name] = torch.zeros_like(w.grad)
                    velocities[name].mul_(mu).add_(w.grad)
                    w.grad = velocities[name]
            opt.step()
    return torch.tensor(losses, dtype=problem.X.dtype), model


def run_seed003(epochs: int = EPOCHS, seed: int = 0, device: str = "auto", variants: Sequence[str] = VARIANTS,
                lr: float = LR, momentum: float = MOMENTUM, batch_size: int = BATCH_SIZE,
                progress: Callable[[int], object] | None = None) -> dict:
    """Run the seed-003 experiment; return ``variants``, ``step_loss``, ``epoch_loss`` and ``meta``.

    ``epoch_loss`` is the mean of an epoch's batch losses, as the article computes it.
    """
    if epochs <= 0:
        raise ValueError("epochs must be positive")
    dev = resolve_device(device)
    variants = tuple(variants)
    t0 = time.perf_counter()
    problem, gen = make_problem(seed)
    state = train_gram(problem, gen, variants, epochs, lr, momentum, batch_size, dev, progress)
    step_loss = state.step_loss.cpu()
    epoch_loss = step_loss.double().view(len(variants), epochs, -1).mean(-1).float()
    wall = time.perf_counter() - t0
    return {
        "variants": np.array(variants),
        "step_loss": step_loss.numpy(),
        "epoch_loss": epoch_loss.numpy(),
        "meta": {
            "experiment": "seed003",
            "settings": {"epochs": epochs, "seed": seed, "lr": lr, "momentum": momentum,
                         "batch_size": batch_size, "samples": N_SAMPLES, "dim": DIM, "hidden": HIDDEN,
                         "steps_per_epoch": steps_per_epoch(batch_size)},
            "torch_version": torch.__version__,
            "device": str(dev),
            "threads": torch.get_num_threads(),
            "wall_s": wall,
        },
    }
