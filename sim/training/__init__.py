"""Real training-loss traces with and without momentum (torch).

Two experiments, each a function returning a dict of numpy arrays plus a ``meta`` dict, saved with
``save_traces`` and read back with ``load_traces``:

``run_seed003`` (the momentum how-to article's MLP 1000-500-1 on random data, lr 1e-5, batch 64,
16 steps per epoch; the article loops over range(epochs + 1), here the count is exactly ``epochs``):

- ``variants``   (V,) str: "sgd", "manual" (hand-written velocity loop), "torch" (torch.optim.SGD with
  momentum 0.9), "nesterov" (the same with nesterov=True), "article_as_run" (the hand-written loop under
  the in-place zero_grad the article ran with: 1.8*lr*g steps, no momentum), "sgd_effective_lr" (plain
  SGD at lr/(1 - 0.9))
- ``step_loss``  (V, epochs*16) float32: BCE loss of every minibatch, before its step
- ``epoch_loss`` (V, epochs) float32: mean of that epoch's 16 batch losses

``run_digits`` (scikit-learn's bundled 8x8 digits, MLP 64-64-10, several seeds):

- ``variants``   (V,) str: "sgd", "momentum" (torch.optim.SGD momentum 0.9), "sgd_effective_lr" (plain
  SGD at lr/(1 - 0.9))
- ``seeds``      (S,) int: the seed of each split, initialisation and shuffle order
- ``train_loss`` (V, S, epochs) float32: mean training cross-entropy over each epoch's minibatches
- ``test_acc``   (V, S, epochs) float32: test accuracy after each epoch

``meta`` (JSON in the file) holds ``experiment``, ``settings``, ``torch_version``, ``device``,
``threads``, ``wall_s`` and, once saved, the ``command`` line that produced the file.

Within a seed, all variants start from the same weights and see the same minibatches in the same order,
so the traces differ only by the update rule. On the CPU, the same seed gives bit-identical traces.
Needs torch and scikit-learn (``pip install ".[training]"`` in a checkout); importing this package alone does
not import them. Command line: ``python -m sim.training --help``.
"""
import importlib

# names resolve on first use, so that ``python -m sim.training`` can reject bad arguments without
# paying for importing torch
_EXPORTS = {
    "run_seed003": ".seed003", "SEED003_VARIANTS": ".seed003",
    "run_digits": ".digits", "DIGITS_VARIANTS": ".digits",
    "save_traces": ".traces", "load_traces": ".traces",
    "resolve_device": ".device", "DeviceUnavailable": ".device",
}
_RENAMED = {"SEED003_VARIANTS": "VARIANTS", "DIGITS_VARIANTS": "VARIANTS"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        module = importlib.import_module(_EXPORTS[name], __name__)
    except ModuleNotFoundError as exc:
        if exc.name not in ("torch", "sklearn"):
            raise
        from sim.extras import install_hint

        raise ModuleNotFoundError(f"sim.training.{name} needs torch and scikit-learn ({exc.name} is not installed): "
                                  f"{install_hint('training')}", name=exc.name) from None
    value = getattr(module, _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
