"""Command line: compute one experiment's training traces and write them to an .npz file."""
from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import signal
import sys

from sim.extras import install_hint

from .device import DEVICES, DeviceUnavailable, cpu_threads, resolve_device

PROG = "python -m sim.training"
MAX_EPOCHS = 100_000
MAX_SEEDS = 100
DEFAULT_EPOCHS = {"seed003": 2000, "digits": 40}
# module -> the distribution that provides it; all come with the training extra
NEEDS = {"torch": "torch", "sklearn": "scikit-learn", "tqdm": "tqdm"}
INSTALL_HINT = install_hint("training")


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are a single stderr line and exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}\n")


def bounded_int(lo: int, hi: int):
    """argparse type: an integer literal in [lo, hi]."""
    def parse(text: str) -> int:
        try:
            value = int(text, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be an integer from {lo} to {hi}, got {text!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"must be from {lo} to {hi}, got {value}")
        return value
    return parse


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=PROG,
        description="Train small MLPs with plain SGD and with momentum and save their loss traces "
                    "(numpy arrays plus JSON metadata with this command line) to an .npz file. "
                    "seed003: the momentum article's 1000-500-1 sigmoid MLP on random data, variants sgd, "
                    "manual (hand-written momentum), torch (torch.optim.SGD momentum 0.9), nesterov, "
                    "article_as_run (the hand-written loop under an in-place zero_grad, as the article ran it) "
                    "and sgd_effective_lr (plain SGD at lr/(1-momentum)). "
                    "digits: a 64-64-10 MLP on scikit-learn's 8x8 digits, sgd vs momentum 0.9 vs sgd at "
                    "lr/(1-momentum), several seeds. "
                    "The last stdout line is the path written.",
        epilog="Usage errors exit with status 2, an interrupt with 130; the output file appears only when "
               "complete. Example: python -m sim.training --experiment seed003 --epochs 2000 --out seed003.npz")
    parser.add_argument("--experiment", required=True, choices=sorted(DEFAULT_EPOCHS),
                        help="which experiment to run")
    parser.add_argument("--epochs", type=bounded_int(1, MAX_EPOCHS), default=None,
                        help=f"passes over the training data (default: seed003 2000, digits 40; at most {MAX_EPOCHS})")
    parser.add_argument("--device", choices=DEVICES, default="auto",
                        help="auto picks cuda, then mps, then cpu; naming an unavailable one is an error (default auto)")
    parser.add_argument("--seed", type=bounded_int(0, 2**31 - 1), default=0,
                        help="seed of data, initial weights and shuffles (digits: the first of --seeds seeds; default 0)")
    parser.add_argument("--seeds", type=bounded_int(1, MAX_SEEDS), default=None,
                        help="digits only: number of consecutive seeds (default 5)")
    parser.add_argument("--threads", type=bounded_int(0, 1024), default=0,
                        help="torch CPU threads for seed003; 0 keeps torch's default (digits always uses 1)")
    parser.add_argument("--out", required=True, metavar="FILE.npz",
                        help="output file; missing folders are created (and removed again if the run fails)")
    return parser


def missing_packages() -> list[str]:
    """The distributions training needs that this environment lacks."""
    from importlib.util import find_spec

    def absent(module: str) -> bool:
        try:
            return find_spec(module) is None
        except (ImportError, ValueError):  # found but broken, or refused by an import hook
            return True

    return [dist for module, dist in NEEDS.items() if absent(module)]


def make_folders(path: str) -> list[str]:
    """Create the missing folders above ``path``, outermost first; return the ones created."""
    missing = []
    folder = os.path.dirname(os.path.abspath(path))
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = os.path.dirname(folder)
    created = []
    try:
        for folder in reversed(missing):
            os.mkdir(folder)
            created.append(folder)
    except BaseException:
        remove_folders(created)
        raise
    return created


def remove_folders(created: list[str]) -> None:
    """Remove folders made by make_folders, innermost first, if they are still empty."""
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            os.rmdir(folder)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.out.endswith(".npz"):
        parser.error(f"--out must name a .npz file, got {args.out!r}")
    if args.experiment != "digits" and args.seeds is not None:
        parser.error("--seeds applies only to --experiment digits")
    missing = missing_packages()
    if missing:
        parser.error(f"training needs {', '.join(missing)}, not installed here; {INSTALL_HINT}")
    try:
        device = resolve_device(args.device)
    except DeviceUnavailable as exc:
        parser.error(str(exc))
    epochs = args.epochs or DEFAULT_EPOCHS[args.experiment]
    command = " ".join([PROG, shlex.join(argv)])

    # imported late so that usage errors stay fast
    from tqdm import tqdm

    from .digits import run_digits
    from .seed003 import run_seed003
    from .traces import atomic_output, write_traces

    # SIGTERM unwinds like an exception, so the temporary file is removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    created: list[str] = []
    written = False
    try:
        created = make_folders(args.out)
        with atomic_output(args.out) as fh:
            with tqdm(total=epochs, desc=args.experiment, unit="epoch", file=sys.stderr) as bar:
                if args.experiment == "seed003":
                    with cpu_threads(args.threads or None):
                        result = run_seed003(epochs=epochs, seed=args.seed, device=device.type, progress=bar.update)
                else:
                    result = run_digits(epochs=epochs, seeds=args.seeds or 5, seed=args.seed, device=device.type,
                                        progress=bar.update)
            write_traces(fh, result, command)
        written = True
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; nothing written", file=sys.stderr)
        return 130
    except OSError as exc:
        parser.error(f"cannot write {args.out!r}: {exc.strerror or exc}")
    finally:
        if not written:
            remove_folders(created)
    print(os.fspath(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
