"""Bit-for-bit claims hold on every CPU, whichever SIMD kernels numpy dispatches to.

numpy's float64 ``power`` (and exp, log, tanh, arctan2, ...) run SIMD kernels where the CPU has AVX-512;
those are not correctly rounded, so an array can differ in the last bit from the same value computed on
Python floats. A per-run batch must still equal its runs alone. The tests here check that directly, over
many parameter points and mixed step counts, and run the parity tests once more in a subprocess whose
numpy is limited to AVX2: one CPU then covers both dispatch paths, and the subprocess proves that its
limit took effect.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim import SGD, Adagrad, Adam, AdamW, RMSprop, libm
from sim.smoothing import ema

ROOT = Path(__file__).resolve().parent.parent
AVX2_ONLY = "SSE SSE2 SSE3 SSSE3 SSE41 POPCNT SSE42 AVX F16C FMA3 AVX2"
BETAS = [0.0, 0.5, 0.9, 0.99, 0.999, 0.3141592653589793, 1e-12, 1 - 1e-12]
# the files whose tests claim the same bits across array shapes, batches and scalar paths
PARITY_FILES = ["tests/test_optim_per_run.py", "tests/test_simulate.py", "tests/test_smoothing.py",
                "tests/test_landscape_columns.py", "tests/test_cpu_dispatch.py"]

PROBE = """
import json, numpy as np
b = np.array([0.0, 0.5, 0.9, 0.99])
mismatches = sum(int((b ** t != np.array([x ** t for x in b.tolist()])).sum()) for t in range(1, 200))
try:
    from numpy.lib.introspect import opt_func_info
    target = opt_func_info(func_name="^power$", signature="float64")["power"]["ddd"]["current"]
except Exception:  # numpy < 2: no introspection; the mismatch count still tells
    target = None
print(json.dumps({"mismatches": mismatches, "power_target": target}))
"""


def _probe(env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _limited_env() -> dict:
    env = dict(os.environ, NPY_ENABLE_CPU_FEATURES=AVX2_ONLY)
    env.pop("NPY_DISABLE_CPU_FEATURES", None)
    return env


@pytest.mark.parametrize("base,exponent", [
    (0.9, 7.0),
    (np.array(BETAS), 7.0),
    (0.99, np.arange(1.0, 400.0)),
    (np.array(BETAS)[:, None], np.arange(1.0, 300.0)[None, :]),
    (np.array([[0.9, 0.5], [0.5, 0.9]]), np.array([[3.0], [4.0]])),
    (np.empty((0, 1)), 3.0),
])
def test_power_is_python_float_pow_element_by_element(base, exponent):
    got = libm.power(base, exponent)
    b, e = np.broadcast_arrays(np.asarray(base, dtype=float), np.asarray(exponent, dtype=float))
    want = np.array([x ** y for x, y in zip(b.ravel().tolist(), e.ravel().tolist())]).reshape(b.shape)
    if isinstance(base, float) and isinstance(exponent, float):
        assert type(got) is float and got == want
    else:
        assert got.shape == want.shape
        np.testing.assert_array_equal(got, want)
    if np.asarray(base).size and not isinstance(base, float) and isinstance(exponent, float):
        np.testing.assert_array_equal(libm.power(base, exponent, libm.distinct(base)), want)


def _one_run(state, i):
    return type(state)(*(a[i:i + 1] for a in state))


def _cases():
    """Optimizers with one value per run, and the scalar optimizer of run i."""
    betas = np.array(BETAS)
    lrs = np.geomspace(1e-4, 0.5, len(betas))
    rev = betas[::-1].copy()
    alphas = np.clip(betas, 0.01, 0.999)
    yield "SGD", SGD(lrs, momentum=betas), lambda i: SGD(lrs[i], momentum=betas[i])
    yield "Adam", Adam(lrs, betas=(betas, rev)), lambda i: Adam(lrs[i], betas=(betas[i], rev[i]))
    yield ("Adam amsgrad", Adam(0.01, betas=(0.9, rev), amsgrad=True),
           lambda i: Adam(0.01, betas=(0.9, rev[i]), amsgrad=True))
    yield "AdamW", AdamW(lrs, betas=(rev, betas)), lambda i: AdamW(lrs[i], betas=(rev[i], betas[i]))
    yield ("RMSprop", RMSprop(lrs, alpha=alphas, centered=True, momentum=0.5),
           lambda i: RMSprop(lrs[i], alpha=alphas[i], centered=True, momentum=0.5))
    yield "Adagrad", Adagrad(lrs, lr_decay=0.01), lambda i: Adagrad(lrs[i], lr_decay=0.01)


@pytest.mark.parametrize("name,batch_opt,alone_opt", list(_cases()), ids=lambda v: v if isinstance(v, str) else "")
def test_a_batch_at_mixed_steps_equals_each_run_alone(name, batch_opt, alone_opt):
    """Runs at different step counts (one started later, as in a sweep that adds runs) with per-run
    settings: every update of the batch is, row by row, the update of that run's state alone."""
    rng = np.random.default_rng(7)
    runs = len(BETAS)
    x = rng.normal(size=(runs, 3))
    state = batch_opt.init(x)
    for k in range(40):
        g = rng.normal(size=x.shape) * 10.0 ** rng.uniform(-3, 2, size=(runs, 1))
        late = state._replace(step=np.where(np.arange(runs) < k % runs, state.step, 0))
        if k % 5 == 0:
            state = late  # some runs restart their count: the batch mixes step counts
        new_x, new_state = batch_opt.update(g, state, x)
        for i in range(runs):
            xi, si = alone_opt(i).update(g[i:i + 1], _one_run(state, i), x[i:i + 1])
            np.testing.assert_array_equal(new_x[i:i + 1], xi, err_msg=f"{name} run {i} step {k}")
            if name == "SGD" and BETAS[i] == 0.0:
                continue  # alone, SGD without momentum keeps no buffer (zeros); the step is checked above
            for a, b in zip(new_state, si):
                np.testing.assert_array_equal(a[i:i + 1], b, err_msg=f"{name} run {i} step {k}")
        x, state = new_x, new_state
    assert len(set(state.step.tolist())) > 1


def test_bias_corrected_ema_divides_by_python_float_powers():
    rng = np.random.default_rng(3)
    signal = rng.normal(size=(250, 4))
    for beta in BETAS[:-1]:
        v, want = np.zeros(4), []
        for t in range(1, 251):
            v = beta * v + (1.0 - beta) * signal[t - 1]
            want.append(v / (1.0 - beta ** float(t)))
        np.testing.assert_array_equal(ema(signal, beta, bias_correction=True), np.array(want))


def test_parity_holds_on_the_other_dispatch_path():
    """The parity tests pass again with numpy limited to AVX2, and the limit took effect."""
    here = _probe(dict(os.environ))
    limited = _probe(_limited_env())
    assert limited["mismatches"] == 0, limited
    target = str(here["power_target"])
    if "V4" in target or "AVX512" in target:
        # an AVX-512 CPU: the limit must move power off the AVX-512 kernel, which the probe can see
        assert limited["power_target"] != here["power_target"], (here, limited)
    if here["mismatches"]:
        assert limited["mismatches"] < here["mismatches"], (here, limited)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
           "-k", "not other_dispatch_path", *PARITY_FILES]
    out = subprocess.run(cmd, cwd=ROOT, env=_limited_env(), capture_output=True, text=True)
    assert out.returncode == 0, f"numpy limited to AVX2 (probe {limited}, here {here}):\n{out.stdout[-3000:]}"
    assert " passed" in out.stdout and " failed" not in out.stdout
