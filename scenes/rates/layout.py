"""Where Rates's parts sit on the frame, shared by both backends, and how the design reflows at other aspects."""
from __future__ import annotations

from scenes.kit.reflow import Flow, Zone


# Other aspects: the map stretches beside the right-hand column (4:3) or above the trajectory (1:1, beside
# the notes; 9:16, above them), with the readout a row of its own. In the taxonomy's beat its panels take
# the place of the trajectory and the notes (`scenes.rates.tax.host_box`).
FLOW = Flow((Zone("title", (0.0, 0.89, 0.9, 1.0)),
             Zone("map", (0.0, 0.0, 0.54, 0.89), fit="stretch", inner=(0.075, 0.13, 0.46, 0.84), min_in=4.3),
             Zone("column", (0.56, 0.0, 1.0, 0.89)),
             Zone("readout", (0.57, 0.72, 1.0, 0.89)),
             Zone("traj", (0.54, 0.27, 1.0, 0.72), fit="stretch", inner=(0.62, 0.37, 0.97, 0.66), min_in=1.8),
             Zone("notes", (0.57, 0.0, 1.0, 0.27))),
            rows={"4:3": (("title",), ("map", "column")),
                  "1:1": (("title",), ("readout",), ("map",), ("notes", "traj")),
                  "9:16": (("title",), ("readout",), ("map",), ("traj",), ("notes",))})
