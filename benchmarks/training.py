"""Time the seed-003 training: the article's own loop against ``sim.training``'s stacked Gram trainer.

The article's loop (float64 data cast per batch, Dataset + DataLoader(batch_size=64, shuffle=True),
an nn.Module, BCELoss, torch.optim.SGD) runs its three variants one after another: plain SGD, the
hand-written momentum loop and torch's momentum. Ours trains the same three variants together, and then
all four (adding Nesterov). Both run the same number of epochs on the same problem size, and our time
includes the one-off Gram matrix (about 20 ms, so use enough epochs to amortise it).

Shared machines drift in speed by tens of percent over seconds, so the runs alternate and two speed-ups
are printed: best time against best time, and the median of the ratios of runs made back to back, which
sees both sides at the same machine speed. CPU time (of this process) is reported beside wall time.

On a GPU (``--device cuda``) both run there, as the article's loop does with its ``.to(device)``; timings
wait for the device to finish. ``--ours-only`` times only ours, for long runs such as the full
three-variant 2000-epoch experiment:

    python benchmarks/training.py --device cuda --epochs 2000 --repeats 1 --ours-only

Usage: python benchmarks/training.py [--epochs N] [--repeats R] [--threads T] [--device D] [--ours-only]
"""
from __future__ import annotations

import argparse
import statistics
import time

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

from sim.training.device import DEVICES, DeviceUnavailable, resolve_device
from sim.training.seed003 import VARIANTS, make_problem, train_gram

DIM = 1000


class ExampleDataset(Dataset):
    """The article's per-sample dataset."""

    def __init__(self, X, y):
        self.X, self.y, self.len = X, y, len(X)

    def __getitem__(self, index):
        return self.X[index], self.y[index]

    def __len__(self):
        return self.len


class Model(nn.Module):
    """The article's 1000-500-1 sigmoid MLP."""

    def __init__(self, dim):
        super().__init__()
        self.hidden_layer = nn.Linear(dim, dim // 2)
        self.last_layer = nn.Linear(dim // 2, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, X):
        return self.sigmoid(self.last_layer(self.sigmoid(self.hidden_layer(X))))


def article_variant(variant: str, loader: DataLoader, epochs: int, device: torch.device) -> list[float]:
    """The article's training loop for one variant ("plain", "manual" or "torch"); return epoch losses."""
    model = Model(DIM).to(device)
    bce = nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-5, momentum=0.9 if variant == "torch" else 0.0)
    velocities, epoch_loss = {}, []
    for _ in range(epochs):
        iteration_loss = 0.0
        for i, (X, y) in enumerate(loader):
            loss = bce(model(X.float().to(device)), y.reshape(-1, 1).float().to(device))
            iteration_loss += loss.item()
            optimizer.zero_grad()
            loss.backward()
            if variant == "manual":
                for name, w in model.named_parameters():
                    if name not in velocities:
                        velocities[name] = torch.zeros_like(w.grad).detach()
                    velocities[name].mul_(0.9).add_(w.grad)
                    w.grad = velocities[name]
            optimizer.step()
        epoch_loss.append(iteration_loss / (i + 1))
    return epoch_loss


def timed(fn, device: torch.device) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) spent in ``fn()``, including the device's queued work."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()
    return time.perf_counter() - w0, time.process_time() - c0


def time_article(epochs: int, device: torch.device) -> tuple[float, float]:
    """(wall, CPU) seconds per epoch for the article's three variants run one after another."""
    torch.manual_seed(0)
    X = torch.randn((DIM, DIM), dtype=float)
    y = torch.cat((torch.zeros(DIM // 2, dtype=float), torch.ones(DIM // 2, dtype=float)))
    loader = DataLoader(ExampleDataset(X, y), batch_size=64, shuffle=True)
    wall, cpu = timed(lambda: [article_variant(v, loader, epochs, device) for v in ("plain", "manual", "torch")],
                      device)
    return wall / epochs, cpu / epochs


def time_ours(epochs: int, variants: tuple[str, ...], device: torch.device) -> tuple[float, float]:
    """(wall, CPU) seconds per epoch for ``train_gram`` with ``variants`` trained together."""
    problem, gen = make_problem(0)
    wall, cpu = timed(lambda: train_gram(problem, gen, variants, epochs, device=device), device)
    return wall / epochs, cpu / epochs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=20, help="epochs per timed run (default 20)")
    parser.add_argument("--repeats", type=int, default=3, help="alternating timed runs of each (default 3)")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads; 0 keeps torch's default")
    parser.add_argument("--device", choices=DEVICES, default="cpu", help="where both run (default: cpu)")
    parser.add_argument("--ours-only", action="store_true", help="skip the article's loop")
    args = parser.parse_args(argv)
    for option in ("epochs", "repeats"):
        if getattr(args, option) < 1:
            parser.exit(2, f"training.py: error: --{option} must be at least 1\n")
    try:
        device = resolve_device(args.device)
    except DeviceUnavailable as exc:
        parser.exit(2, f"training.py: error: {exc}\n")
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    same_three = ("sgd", "manual", "torch")
    runs = {"article, 3 variants in turn": lambda: time_article(args.epochs, device),
            "ours, same 3 variants together": lambda: time_ours(args.epochs, same_three, device),
            f"ours, all {len(VARIANTS)} variants together": lambda: time_ours(args.epochs, VARIANTS, device)}
    if args.ours_only:
        del runs["article, 3 variants in turn"]
    else:
        time_article(1, device)  # warm-up: allocator, BLAS and thread pools
    time_ours(1, VARIANTS, device)
    walls: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, run in runs.items():
            wall, cpu = run()
            walls[name].append(wall)
            cpus[name].append(cpu)

    where = torch.cuda.get_device_name(device) if device.type == "cuda" else f"{torch.get_num_threads()} CPU threads"
    print(f"torch {torch.__version__}, {device.type} ({where}), {args.epochs} epochs x {args.repeats} repeats")
    print(f"{'ms per epoch':34s} {'wall min':>9s} {'median':>8s} {'CPU min':>8s} {'median':>8s} {'whole run':>10s}")
    for name in runs:
        w, c = walls[name], cpus[name]
        print(f"{name:34s} {1e3 * min(w):9.1f} {1e3 * statistics.median(w):8.1f} "
              f"{1e3 * min(c):8.1f} {1e3 * statistics.median(c):8.1f} {args.epochs * min(w):9.2f}s")
    if args.ours_only:
        return
    base = list(runs)[0]
    for name in list(runs)[1:]:
        paired = [a / b for a, b in zip(walls[base], walls[name])]
        print(f"speedup of {name}: {min(walls[base]) / min(walls[name]):.2f}x best against best, "
              f"{statistics.median(paired):.2f}x median of paired runs "
              f"({min(paired):.2f}x to {max(paired):.2f}x), CPU {min(cpus[base]) / min(cpus[name]):.2f}x")


if __name__ == "__main__":
    main()
