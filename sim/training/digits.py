"""Digits experiment: training loss and test accuracy with and without momentum on real images.

Data: scikit-learn's bundled ``load_digits`` (1797 8x8 images, 10 classes). For each seed, a stratified
75/25 train/test split, features standardised with the training set's mean and standard deviation.
Model: 64-64-10 MLP with ReLU and nn.Linear's default initialisation, cross-entropy loss, minibatch SGD
(batch 32, lr 0.01), reshuffled each epoch. Per seed, every variant starts from the same weights and
sees the same batches in the same order.

All (variant, seed) models are trained together as one stacked batch of networks.
``train_loss`` is the mean per-sample loss over an epoch's minibatches (the loss each batch had before
its step); ``test_acc`` is the test-set accuracy after each epoch.
"""
from __future__ import annotations

import time
from typing import Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from .device import cpu_threads, resolve_device
from .rules import apply_rule, check_variant, uses_buffer
from .seed003 import linear_init

VARIANTS = ("sgd", "momentum", "sgd_effective_lr")
EPOCHS = 40
SEEDS = 5
LR = 0.01
MOMENTUM = 0.9
BATCH_SIZE = 32
HIDDEN = 64
TEST_FRACTION = 0.25


def load_split(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Standardised float32 (X_train, y_train, X_test, y_test) of the digits data for ``seed``."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=TEST_FRACTION, stratify=y, random_state=seed)
    scaler = StandardScaler().fit(X_tr)
    return (scaler.transform(X_tr).astype(np.float32), y_tr.astype(np.int64),
            scaler.transform(X_te).astype(np.float32), y_te.astype(np.int64))


def run_digits(epochs: int = EPOCHS, seeds: int = SEEDS, seed: int = 0, device: str = "auto",
               variants: Sequence[str] = VARIANTS, lr: float = LR, momentum: float = MOMENTUM,
               batch_size: int = BATCH_SIZE, hidden: int = HIDDEN,
               progress: Callable[[int], object] | None = None) -> dict:
    """Train every variant on seeds ``seed .. seed+seeds-1``; return the traces described in the module doc.

    Returns ``variants`` (V,), ``seeds`` (S,), ``train_loss`` and ``test_acc`` (V, S, epochs) float32, and
    ``meta``. ``progress`` is called with 1 after each epoch.
    """
    if epochs <= 0 or seeds <= 0:
        raise ValueError("epochs and seeds must be positive")
    variants = tuple(variants)
    for v in variants:
        check_variant(v)
    dev = resolve_device(device)
    # the tensors are tiny: extra CPU threads only add synchronisation
    with cpu_threads(1 if dev.type == "cpu" else None):
        return _run(epochs, seeds, seed, dev, variants, lr, momentum, batch_size, hidden, progress)


def _run(epochs, seeds, seed, dev, variants, lr, momentum, batch_size, hidden, progress) -> dict:
    """run_digits after argument checks, on a resolved device."""
    t0 = time.perf_counter()
    seed_list = list(range(seed, seed + seeds))
    splits = [load_split(s) for s in seed_list]
    X_tr, y_tr, X_te, y_te = (torch.from_numpy(np.stack(a)).to(dev) for a in zip(*splits))  # (S, n, ...)
    n_var, n_seed, n_train = len(variants), seeds, X_tr.shape[1]
    n_in, n_out = X_tr.shape[2], 10

    gens = [torch.Generator().manual_seed(s) for s in seed_list]
    inits = [linear_init(n_in, hidden, g) + linear_init(hidden, n_out, g) for g in gens]

    def stacked(per_seed: list[torch.Tensor]) -> torch.Tensor:
        """One copy per variant of the per-seed tensors: (V, S, ...), a leaf that requires grad."""
        t = torch.stack(per_seed).to(dev)
        return t.expand(n_var, *t.shape).clone().requires_grad_()

    # weights as (in, out) so that x @ w works; biases as (1, out) rows
    params = [stacked([w1.T for w1, _, _, _ in inits]), stacked([b1[None] for _, b1, _, _ in inits]),
              stacked([w2.T for _, _, w2, _ in inits]), stacked([b2[None] for _, _, _, b2 in inits])]
    bufs = [torch.zeros_like(p) for p in params]

    train_loss = torch.zeros(n_var, n_seed, epochs, device=dev)
    test_acc = torch.empty(n_var, n_seed, epochs, device=dev)
    rows = torch.arange(n_seed, device=dev).unsqueeze(1)
    step = 0
    for epoch in range(epochs):
        perm = torch.stack([torch.randperm(n_train, generator=g) for g in gens]).to(dev)
        for start in range(0, n_train, batch_size):
            idx = perm[:, start:start + batch_size]
            xb, yb = X_tr[rows, idx], y_tr[rows, idx]                      # (S, B, 64), (S, B)
            logits = _forward(params, xb)                                   # (V, S, B, 10)
            loss = F.cross_entropy(logits.reshape(-1, n_out), yb.expand(n_var, -1, -1).reshape(-1),
                                   reduction="none").view(n_var, n_seed, -1).mean(-1)
            grads = torch.autograd.grad(loss.sum(), params)
            train_loss[:, :, epoch] += loss.detach() * idx.shape[1]
            for j, name in enumerate(variants):
                for p, b, g in zip(params, bufs, grads):
                    apply_rule(name, p[j], b[j] if uses_buffer(name) else None, g[j], lr, momentum, step == 0)
            step += 1
        with torch.no_grad():
            pred = _forward(params, X_te).argmax(-1)
            test_acc[:, :, epoch] = (pred == y_te).float().mean(-1)
        if progress is not None:
            progress(1)
    train_loss /= n_train
    return {
        "variants": np.array(variants),
        "seeds": np.array(seed_list),
        "train_loss": train_loss.cpu().numpy(),
        "test_acc": test_acc.cpu().numpy(),
        "meta": {
            "experiment": "digits",
            "settings": {"epochs": epochs, "seeds": seeds, "seed": seed, "lr": lr, "momentum": momentum,
                         "batch_size": batch_size, "hidden": hidden, "activation": "relu",
                         "test_fraction": TEST_FRACTION, "train_size": n_train, "test_size": X_te.shape[1]},
            "torch_version": torch.__version__,
            "device": str(dev),
            "threads": torch.get_num_threads(),
            "wall_s": time.perf_counter() - t0,
        },
    }


def _forward(params: list[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Logits (V, S, n, 10) of the stacked networks for inputs x (S, n, 64)."""
    w1, b1, w2, b2 = params
    return torch.relu(x @ w1 + b1) @ w2 + b2
