"""--aspect: frame sizes per quality and aspect, each scene's reflow (zones inside the frame, apart, text
zones at their design size), the matplotlib reflow of moved texts, and what a 9:16 render draws."""
from __future__ import annotations

import itertools
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import scenes
from scenes.kit import layout, reflow
from scenes.kit.layout import ASPECTS, Canvas
from scenes.output.plan.pipeline import QUALITIES

from helpers import read_png, render_file, sidecar

ROOT = Path(__file__).resolve().parent.parent
OTHER = ("4:3", "1:1", "9:16")
DESIGN_W, DESIGN_H = 12.8, 7.2  # the 16:9 design canvas in inches


@pytest.mark.parametrize("quality", list(QUALITIES))
@pytest.mark.parametrize("aspect", list(ASPECTS))
def test_frame_sizes_keep_the_shape_and_the_pixel_count(aspect, quality):
    w16, h16, _fps = QUALITIES[quality]
    w, h = Canvas(aspect).pixels(h16)
    a, b = (int(v) for v in aspect.split(":"))
    assert w % 2 == 0 and h % 2 == 0  # what the video encoders need
    assert abs(w / h - a / b) < 0.005 * a / b
    assert abs(w * h - w16 * h16) < 0.01 * w16 * h16
    if aspect == "16:9":
        assert (w, h) == (w16, h16)
    if aspect == "9:16":
        assert (w, h) == (h16, w16)


@pytest.mark.parametrize("aspect", list(ASPECTS))
def test_canvas_keeps_the_design_area_and_manim_units_per_inch(aspect):
    c = Canvas(aspect)
    w_in, h_in = c.size_in
    a, b = (int(v) for v in aspect.split(":"))
    assert math.isclose(w_in * h_in, DESIGN_W * DESIGN_H)
    assert math.isclose(w_in / h_in, a / b)
    fw, fh = c.frame
    assert math.isclose(fw / w_in, 8.0 / DESIGN_H) and math.isclose(fh / h_in, 8.0 / DESIGN_H)


def test_an_unknown_aspect_is_refused():
    with pytest.raises(ValueError, match="unknown aspect"):
        Canvas("5:4")


def _zone_targets(spec, aspect) -> dict[str, tuple[float, float, float, float]]:
    """Each zone the aspect uses, as (x0, y0, x1, y1) fractions of the canvas: its design rect's corners
    through the canvas's map."""
    c = Canvas(aspect, spec.flow)
    out = {}
    for name in c.zone_maps:
        z = spec.flow.zone(name)
        x0, y0, x1, y1 = z.rect
        centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        (gx0, gx1), (gy0, gy1) = (np.asarray(v, float) for v in c.map_point([x0, x1], [y0, y1], anchor=centre))
        out[name] = (float(gx0), float(gy0), float(gx1), float(gy1))
    return out


SCENES = scenes.names()


@pytest.mark.parametrize("aspect", OTHER)
@pytest.mark.parametrize("name", SCENES)
def test_every_scene_reflows_into_the_frame_without_zones_overlapping(name, aspect):
    spec = scenes.get(name)
    assert spec.flow is not None, f"{name} has no flow for other aspects"
    targets = _zone_targets(spec, aspect)
    used = {n for row in spec.flow.rows_for(aspect, *Canvas(aspect).size_in) for n in (z.name for z in row)}
    assert set(targets) == used and used, "every zone of the aspect's rows is placed"
    w_in, h_in = Canvas(aspect).size_in
    eps = 1e-6
    for zname, (x0, y0, x1, y1) in targets.items():
        zone = spec.flow.zone(zname)
        zw = (zone.rect[2] - zone.rect[0]) * DESIGN_W
        zh = (zone.rect[3] - zone.rect[1]) * DESIGN_H
        if zone.fit == "fixed":  # text keeps its size: the zone keeps its inches
            assert math.isclose((x1 - x0) * w_in, zw, rel_tol=1e-6), zname
            assert math.isclose((y1 - y0) * h_in, zh, rel_tol=1e-6), zname
        if zw > w_in:  # wider than the frame (a title's room): from the left edge, the text is fitted
            assert abs(x0) < eps, zname
            x1 = 1.0
        assert -eps <= x0 < x1 <= 1 + eps and -eps <= y0 < y1 <= 1 + eps, f"{zname} leaves the frame"
        targets[zname] = (x0, y0, x1, y1)
    for (a, ra), (b, rb) in itertools.combinations(targets.items(), 2):
        overlap_w = min(ra[2], rb[2]) - max(ra[0], rb[0])
        overlap_h = min(ra[3], rb[3]) - max(ra[1], rb[1])
        assert overlap_w <= 1e-6 or overlap_h <= 1e-6, f"zones {a} and {b} overlap"


@pytest.mark.parametrize("name", SCENES)
def test_the_design_aspect_is_the_identity(name):
    c = Canvas("16:9", scenes.get(name).flow)
    pts = np.array([[0.1, 0.2], [0.5, 0.93], [0.97, 0.05]])
    gx, gy = c.map_point(pts[:, 0], pts[:, 1])
    assert np.array_equal(np.column_stack([gx, gy]), pts)


# A two-zone flow whose 9:16 arrangement can be worked out by hand: a text zone of 6.4 x 1.44 inches
# on top, a plot zone below it that takes the rest of the 7.2 x 12.8 inch canvas.
TOY = reflow.Flow((reflow.Zone("head", (0.0, 0.8, 0.5, 1.0)),
                   reflow.Zone("plot", (0.0, 0.0, 1.0, 0.8), fit="stretch", inner=(0.1, 0.1, 0.9, 0.7))),
                  rows={"9:16": (("head",), ("plot",))})


def test_a_toy_flow_lands_where_inches_say():
    c = Canvas("9:16", TOY)
    W, H = 7.2, 12.8
    # head: fixed, top left; a design point (0.25, 0.9) is 3.2 in from the left and 0.72 in below the top
    gx, gy = c.map_point(0.25, 0.9)
    assert math.isclose(float(gx), 3.2 / W) and math.isclose(float(gy), (H - 0.72) / H)
    # plot: 12.8 - 1.44 in tall, 7.2 in wide; its box keeps 1.28 in margins left and right, 0.72 in
    # below and 0.72 in above.
    l, b, w, h = c.map_box((0.1, 0.1, 0.8, 0.6))
    assert math.isclose(l * W, 1.28) and math.isclose((l + w) * W, W - 1.28)
    assert math.isclose(b * H, 0.72) and math.isclose((b + h) * H, (H - 1.44) - 0.72)


def test_matplotlib_reflows_a_text_the_scene_moves_once():
    import matplotlib

    from scenes.kit.mpl import _rc, draw, make_figure
    from scenes.kit.theme import DARK

    def draw_mpl(fig, data, theme):
        label = fig.text(0.5, 0.4, "moves", animated=True)
        head = fig.text(0.25, 0.9, "head")

        def update(t):
            label.set_y(0.4 + 0.1 * t)  # the scene sets y only; x must stay where the reflow put it

        return update

    with matplotlib.rc_context(_rc(DARK)), layout.use(Canvas("9:16", TOY)):
        fig = make_figure(480, 854, DARK)
        update = draw(draw_mpl, fig, {}, DARK)
        label, head = fig.texts
        W, H = 7.2, 12.8
        plot_h = H - 1.44
        for t in (0.0, 1.0, 2.0):
            update(t)
            y = 0.4 + 0.1 * t
            # x 0.5 is mid-box: 1.28 + (7.2 - 2.56) / 2 in; y inside the box maps linearly
            want_x = (1.28 + (W - 2.56) / 2) / W
            want_y = (0.72 + (y - 0.1) / 0.6 * (plot_h - 1.44)) / H
            assert np.allclose(label.get_position(), (want_x, want_y)), t
        assert np.allclose(head.get_position(), (3.2 / W, (H - 0.72) / H))


def test_bad_aspect_is_one_line_and_exit_2(tmp_path):
    out = tmp_path / "x.png"
    proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "valley", "--aspect", "5:4", "--backend", "mpl",
                           "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "5:4" in lines[0] and "9:16" in lines[0] and "Traceback" not in proc.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def _drawn_rows(image: np.ndarray) -> np.ndarray:
    """Which pixel rows show anything but the background (the most common colour)."""
    rgb = image[..., :3].astype(int)
    background = np.median(rgb.reshape(-1, 3), axis=0)
    return (np.abs(rgb - background).sum(axis=2) > 60).any(axis=1)


@pytest.mark.parametrize("backend", ["mpl", "manim"])
def test_a_tall_still_uses_the_whole_height(tmp_path, backend):
    path = render_file(tmp_path, "valley", backend=backend, aspect="9:16")
    image = read_png(path)
    assert image.shape[:2] == (854, 480)
    rows = _drawn_rows(image)
    # reflowed, not letterboxed: something is drawn in every sixth of the height
    for part in np.array_split(rows, 6):
        assert part.any()
    assert rows.mean() > 0.6
    meta = sidecar(path)
    assert meta["aspect"] == "9:16" and (meta["width"], meta["height"]) == (480, 854)


def test_the_aspect_is_part_of_a_renders_identity(tmp_path):
    from scenes.output.plan.pipeline import RenderRequest, _identity, plan

    def identity(aspect):
        req = RenderRequest(scene="valley", backend="mpl", fmt="png", quality="low", aspect=aspect,
                            out=str(tmp_path / "v.png"))
        return _identity(plan(req), req)

    assert identity("1:1") == identity("1:1")
    assert identity("1:1")["aspect"] == "1:1" and identity("1:1") != identity("4:3")
    # the skip check compares identities: a render at another aspect replaces the file
    out = tmp_path / "v.png"
    args = [sys.executable, str(ROOT / "render.py"), "valley", "--backend", "mpl", "--quality", "low", "-o", str(out),
            "--cache-dir", str(tmp_path / "cache")]
    for aspect in ("1:1", "4:3"):
        proc = subprocess.run(args + ["--aspect", aspect], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        assert read_png(out).shape[:2] == Canvas(aspect).pixels(480)[::-1]
        assert sidecar(out)["aspect"] == aspect
