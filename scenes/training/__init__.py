"""Training: momentum on real networks, from loss traces that torch computed.

Left, the momentum article's experiment (seed 003: an MLP 1000-500-1 on random labels, BCE loss,
minibatches of 64, lr 1e-5): the mean training loss of each epoch draws itself for six runs from the same
weights on the same batches:

- plain SGD at lr, and plain SGD at the effective learning rate lr/(1 - beta): with a steady gradient g,
  momentum's velocity tends to g/(1 - beta), so momentum 0.9 takes ten times SGD's step. The two curves
  show what momentum adds beyond a bigger step;
- torch.optim.SGD(momentum=beta):   v <- beta v + grad L(w),   w <- w - lr v,   and Nesterov's variant;
- the article's hand-written loop as written (dots: under today's zero_grad it is torch's run, bit for bit);
- the article's loop as it ran: before PyTorch 2.0, zero_grad() zeroed gradients in place, and the loop
  sets w.grad = velocity, so every step wipes the velocity and then adds it to itself: w <- w - 2 beta lr g
  after the first step, no momentum at all. That run, not torch's "tricks", is why the article saw
  torch's momentum work better.

Upper right, a zoom on the article's "ping-pong", the loss going up and down from epoch to epoch: the
middle `ZOOM_EPOCHS` epochs of the run (a fixed rule, not a chosen window), each curve minus its mean on a
shared scale, with the number of direction flips counted, and the share of all windows of that width in
which plain SGD flips more often than momentum, as often, and less often.

Lower right, scikit-learn's 8x8 digits (MLP 64-64-10, several seeds): test accuracy and training loss
per epoch, the mean over seeds with a min-max band, plain SGD against momentum 0.9, and dashed, plain SGD
at lr/(1 - beta).

The traces are the shipped files scenes/data/seed003.npz and digits.npz, made by `python -m sim.training`;
`--set recompute=true` runs that training again (torch needed) at `epochs` on `device`; `upto` shows only
the first epochs of the seed-003 runs.

    python render.py training
    python render.py training --backend mpl --quality low --set upto=150
    python render.py training --set recompute=true --set epochs=50 --set device=cpu
    manim -ql scenes/training/manim.py TrainingScene
"""
from __future__ import annotations

from scenes.training import layout as training_draw
from scenes.kit.params import Param
from scenes.kit.registry import SceneSpec, register
from scenes.training.traces import TRACE_FILES
from scenes.training.layout import duration
from scenes.kit.registry import lazy
from scenes.training.mpl import draw_mpl
from scenes.training.data import NAME, make_data, outcome


PARAMS = (
    Param("recompute", "bool", False,
          "train again with torch (sim.training) instead of reading the shipped traces in scenes/data"),
    Param("epochs", "int", 50, "epochs of both experiments when recompute=true", 2, 2000),
    Param("device", "choice", "auto", "torch device when recompute=true (auto: cuda if available, else cpu)",
          choices=("auto", "cpu", "cuda")),
    Param("upto", "int", 2000, "last seed-003 epoch shown (the traces' last epoch when they hold fewer)", 2, 2000),
    Param("seconds", "float", 8.0, "seconds the curves take to draw themselves", 2.0, 30.0),
)

SPEC = register(SceneSpec(
    name=NAME,
    description="Real torch training traces: SGD vs momentum, SGD at the effective lr, the article's loop as it "
                "ran, a ping-pong zoom, digits accuracy",
    source=('Seed article: the how-to “Momentum for Deep Learning Made Easy (How-To)”, its MLP '
            '1000-500-1 on random data, without momentum, with hand-written momentum and with '
            "torch's."),
    params=PARAMS,
    make_data=make_data,
    duration=duration,
    draw_mpl=draw_mpl,
    flow=training_draw.FLOW,
    manim_scene=lazy("scenes.training.manim", "manim_scene"),
    outcome=outcome,
    data_files=tuple(TRACE_FILES.values()),
    examples=({"upto": 5}, {"upto": 150}),
    notes=("upto above the epochs the traces hold shows all of them",),
))
