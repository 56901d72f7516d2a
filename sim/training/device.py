"""Choice of the torch device: ``auto`` means cuda, then mps, then cpu."""
from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    import torch

# torch is imported inside the functions so that the command line can check its arguments quickly
DEVICES = ("auto", "cpu", "cuda", "mps")


class DeviceUnavailable(ValueError):
    """A device was named that this torch build or machine cannot use."""


def _mps_available() -> bool:
    import torch

    mps = getattr(torch.backends, "mps", None)
    return bool(mps is not None and mps.is_available())


def resolve_device(name: str | torch.device = "auto") -> torch.device:
    """Return the torch.device for ``name``; raise DeviceUnavailable if it cannot be used."""
    import torch

    if isinstance(name, torch.device):
        name = name.type
    if name not in DEVICES:
        raise DeviceUnavailable(f"unknown device {name!r}; choose from {', '.join(DEVICES)}")
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        return torch.device("mps") if _mps_available() else torch.device("cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise DeviceUnavailable("device 'cuda' requested but torch.cuda.is_available() is False")
    if name == "mps" and not _mps_available():
        raise DeviceUnavailable("device 'mps' requested but torch.backends.mps.is_available() is False")
    return torch.device(name)


@contextlib.contextmanager
def cpu_threads(n: int | None) -> Iterator[None]:
    """Set torch's intra-op CPU thread count to ``n`` inside the block (None leaves it alone)."""
    import torch

    old = torch.get_num_threads()
    if n:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(old)
