from __future__ import annotations

import numpy as np

from scenes.kit.theme import Theme


def sample(landscape, xlim, ylim, n: int = 201) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The landscape on a grid over the window: xs (nx,), ys (ny,), z (ny, nx), about n points a side."""
    aspect = (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    nx = n if aspect <= 1 else max(31, int(round(n / aspect)))
    ny = max(31, int(round(n * aspect))) if aspect <= 1 else n
    xs, ys = np.linspace(*xlim, nx), np.linspace(*ylim, ny)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, landscape.value(np.stack([gx, gy], axis=-1))


def geometric_levels(low: float, high: float, n: int) -> np.ndarray:
    """n levels spaced evenly in log between two positive values."""
    return np.geomspace(low, high, n)


def contour_lines(xs, ys, z, levels) -> list[list[np.ndarray]]:
    """For each level, its contour as a list of (k, 2) polylines (closed loops repeat their first point)."""
    import contourpy

    gen = contourpy.contour_generator(xs, ys, z, line_type=contourpy.LineType.Separate)
    return [[np.asarray(seg, dtype=float) for seg in gen.lines(float(level)) if len(seg) >= 2]
            for level in levels]


def diverged(values: np.ndarray) -> bool:
    """Whether a run grows without bound (`scenes.kit.race.diverged`: its loss ends non-finite, or above
    its start and still growing geometrically); a run that stalls or settles anywhere has not."""
    from scenes.kit import race

    return race.diverged(values)


def clamp_runs(positions: np.ndarray, xlim, ylim, gone) -> tuple[np.ndarray, np.ndarray]:
    """Positions (runs, steps+1, 2) made safe to draw, and the step at which each diverging run left.

    A run flagged in `gone` (it diverges) that ends outside stops where its path crosses the window's edge
    for the last time (the step it leaves for good) and stays there; the second array holds that step.
    Every other stretch outside the window, of any run, is drawn along the edge (its entry is -1 for a
    run not flagged).
    """
    pos = np.array(positions, dtype=float)
    lo, hi = np.array([xlim[0], ylim[0]]), np.array([xlim[1], ylim[1]])
    left = np.full(pos.shape[0], -1, dtype=int)
    with np.errstate(invalid="ignore"):
        for i, run in enumerate(pos):
            outside = ~np.all(np.isfinite(run) & (run >= lo) & (run <= hi), axis=1)
            if not outside.any():
                continue
            inside = np.flatnonzero(~outside)
            j = int(inside[-1]) + 1 if inside.size else 0  # the first step of the last stretch outside
            if not gone[i] or j >= len(run):
                run[:] = np.clip(np.nan_to_num(run), lo, hi)
                continue
            run[:j] = np.clip(run[:j], lo, hi)
            left[i] = j
            if j == 0:
                run[:] = np.clip(np.nan_to_num(run[0]), lo, hi)
                continue
            p, q = run[j - 1], positions[i][j]
            edge = p
            if np.all(np.isfinite(q)):
                d = q - p
                # The largest fraction of the step p -> q that stays inside, per axis.
                with np.errstate(divide="ignore"):
                    limits = np.where(d > 0, (hi - p) / d, np.where(d < 0, (lo - p) / d, np.inf))
                edge = p + min(1.0, float(np.min(limits))) * d
            run[j:] = np.clip(edge, lo, hi)
    return pos, left


EDGES = {"left": (-1.0, 0.0), "right": (1.0, 0.0), "bottom": (0.0, -1.0), "top": (0.0, 1.0)}
EXIT_ARROW_IN = 0.28  # an exit arrow's length, in inches of the design canvas


def exits(raw: np.ndarray, positions: np.ndarray, xlim, ylim) -> list[list[dict]]:
    """Per run, each stretch of steps it spends outside the drawn window (an empty list for a run that
    stays inside at every step).

    From the raw (unclipped) positions (runs, steps+1, 2): a step is outside when a coordinate is not
    finite or lies beyond the window. `step` is a stretch's first step outside (0 for a run that starts
    there), `back` the first step inside again (None for a run that ends outside); `edge` the side it
    crossed and `direction` that side's outward normal. For a finite step p -> q the side is the one whose
    line the step reaches first: the least fraction t = (hi - p)/d or (lo - p)/d over the axes, d = q - p;
    for a step to a non-finite point, the side nearest to p in fractions of the window; for a run that
    starts outside, the side it lies furthest beyond. `point` is where the drawing (`positions`, clamped by
    `clamp_runs`) holds the run at that step, on that side's line (for a step to a non-finite point, p
    moved onto it). An exit's arrow shows only while its run is outside (`exit_opacity`).
    """
    lo, hi = np.array([xlim[0], ylim[0]], float), np.array([xlim[1], ylim[1]], float)
    size = hi - lo
    out = []
    for run, drawn in zip(np.asarray(raw, dtype=float), np.asarray(positions, dtype=float)):
        with np.errstate(invalid="ignore"):
            outside = ~np.all(np.isfinite(run) & (run >= lo) & (run <= hi), axis=1)
        starts = [k for k in range(len(run)) if outside[k] and (k == 0 or not outside[k - 1])]
        stretches = []
        for j in starts:
            back = next((k for k in range(j + 1, len(run)) if not outside[k]), None)
            q = run[j]
            if j == 0:
                beyond = np.nan_to_num(np.concatenate([(lo - q) / size, (q - hi) / size]), nan=np.inf)
                k = int(np.argmax(beyond))
            elif np.all(np.isfinite(q)):
                p, d = run[j - 1], q - run[j - 1]
                with np.errstate(divide="ignore", invalid="ignore"):
                    t = np.concatenate([np.where(d < 0, (lo - p) / d, np.inf), np.where(d > 0, (hi - p) / d, np.inf)])
                k = int(np.argmin(t))
            else:
                p = run[j - 1]
                k = int(np.argmin(np.concatenate([(p - lo) / size, (hi - p) / size])))
            edge = (("left", "bottom"), ("right", "top"))[k // 2][k % 2]
            axis, value = k % 2, (lo, hi)[k // 2][k % 2]
            point = np.array(drawn[j], dtype=float)
            point[axis] = value
            stretches.append({"step": j, "back": back, "edge": edge, "direction": np.array(EDGES[edge]),
                              "point": point})
        out.append(stretches)
    return out


def exit_opacity(ex: dict, s: float) -> float:
    """An exit arrow's opacity at fractional step s: it fades in as the ball reaches the exit's first step
    outside, and out as it reaches the step it is back inside, so a run that returns ends with no arrow."""
    shown = appear(s, ex["step"])
    return shown if ex["back"] is None else shown * (1.0 - appear(s, ex["back"]))


def exit_arrow(ex: dict, panel) -> tuple[np.ndarray, np.ndarray]:
    """An exit's arrow (tail, head) in data units of its panel (a `scenes.kit.layout.Panel`): pointing
    outward, its head on the point where the run leaves, EXIT_ARROW_IN inches long, inside the window
    (outside it, the text set around panels would run into it)."""
    from scenes.kit.theme import FIG_H, FIG_W

    l, b, w, h = panel.box
    per_inch = np.array([(panel.xlim[1] - panel.xlim[0]) / (w * FIG_W), (panel.ylim[1] - panel.ylim[0]) / (h * FIG_H)])
    return ex["point"] - ex["direction"] * EXIT_ARROW_IN * per_inch, ex["point"]


def runs_data(landscape, runs, xlim, ylim, loss_top: float, target: float, n_levels: int) -> dict:
    """The data entries every multi-run contour scene shares, from its `sim` runs on one landscape.

    Positions clamped to the window, losses safe to plot below `loss_top`, each run's step counts to
    `target` (`scenes.kit.race.counts`: first below, stays below; "hits" is the step it stays below from,
    where its dot on the target line appears), the table's events (text, step it appears at), and
    contour lines at geometric levels from 0.01·λmin up to 0.8 of the highest value in the window.
    """
    from scenes.kit import race

    raw = np.stack([r.positions for r in runs])
    gone = [diverged(r.values) for r in runs]
    positions, left = clamp_runs(raw, xlim, ylim, gone)
    cnts = race.counts([r.values for r in runs], target)
    xs, ys, z = sample(landscape, xlim, ylim)
    levels = geometric_levels(0.01 * landscape.lam_min, 0.8 * float(z.max()), n_levels)
    steps = raw.shape[1] - 1
    return {
        "target": target,
        "minimum": np.zeros(2),
        "raw_positions": raw,
        "positions": positions,
        "left_window": left,
        "diverged": gone,
        "values": np.stack([safe_values(r.values, loss_top) for r in runs]),
        "counts": cnts,
        "hits": [c["stays_below"] for c in cnts],
        "events": [(race.row_text(c, g), race.row_step(c, g, lw, steps)) for c, g, lw in zip(cnts, gone, left)],
        "levels": levels,
        "lines": contour_lines(xs, ys, z, levels),
    }


STEP_SPACINGS = (10, 20, 25, 50, 100, 200, 250)


def step_ticks(steps: int, at_most: int, spacings=STEP_SPACINGS) -> list[int]:
    """Ticks 0, s, 2s, ... up to `steps`, with the first spacing s that gives at most `at_most` intervals
    (the widest spacing when none does)."""
    step = next((s for s in spacings if steps / s <= at_most), spacings[-1])
    return list(range(0, steps + 1, step))


def appear(s: float, step: int) -> float:
    """Opacity of something that appears when the animation reaches `step`."""
    return float(np.clip(s - step + 1.0, 0.0, 1.0))


def safe_values(values: np.ndarray, ceiling: float) -> np.ndarray:
    """Loss values with inf/nan and anything above `ceiling` replaced by `ceiling`."""
    v = np.array(values, dtype=float)
    v[~np.isfinite(v)] = ceiling
    return np.minimum(v, ceiling)


def trail(run: np.ndarray, s: float) -> np.ndarray:
    """The path of one run up to fractional step s: points 0..floor(s), then the interpolated head."""
    k = int(np.floor(s))
    k = min(max(k, 0), len(run) - 1)
    pts = run[: k + 1]
    frac = s - k
    if k < len(run) - 1 and frac > 1e-9:
        pts = np.vstack([pts, (1 - frac) * run[k] + frac * run[k + 1]])
    return pts


def head(run: np.ndarray, s: float) -> np.ndarray:
    """The position of a run at fractional step s."""
    return trail(run, s)[-1]


def curve(values: np.ndarray, s: float, floor: float | None = None) -> np.ndarray:
    """(step, value) points of a per-step series up to fractional step s.

    With `floor` (for a log axis) the curve stops where it first drops below the floor, ending exactly
    on it (interpolated in log space), so nothing below the axis is drawn.
    """
    v = np.asarray(values, dtype=float)
    pts = trail(np.column_stack([np.arange(len(v), dtype=float), v]), s)
    if floor is None:
        return pts
    below = np.nonzero(pts[:, 1] < floor)[0]
    if below.size == 0:
        return pts
    j = int(below[0])
    if j == 0:
        return np.array([[0.0, floor]])
    (x0, y0), (x1, y1) = pts[j - 1], pts[j]
    la, lb = np.log10(y0), np.log10(max(y1, 1e-300))
    frac = (la - np.log10(floor)) / (la - lb) if la != lb else 1.0
    return np.vstack([pts[:j], [[x0 + frac * (x1 - x0), floor]]])


def runs_state(data: dict, s: float, floor: float) -> dict:
    """Everything that moves at fractional step s in a race of runs with a log loss panel and a 'steps to
    target' table: the step, each run's trail and ball, its loss curve (stopped at `floor`), the opacity
    of its table row and of its dot on the target line.

    `data` holds "positions" (clamped, see `clamp_runs`), "values", "events" ((text, step) per table row) and "hits"."""
    trails = [trail(run, s) for run in data["positions"]]
    return {
        "s": s,
        "step": int(round(s)),
        "trails": trails,
        "heads": [tr[-1] for tr in trails],
        "curves": [curve(v, s, floor) for v in data["values"]],
        "rows": [appear(s, step) for _, step in data["events"]],
        "dots": [0.0 if h is None else appear(s, h) for h in data["hits"]],
    }


def level_colors(theme: Theme, n: int) -> list[str]:
    """n colours from the theme's colormap, innermost level first, from the band that reads on the
    background and stays clear of the optimizer colours."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    band = (0.72, 0.22) if theme.name == "dark" else (0.05, 0.55)
    cmap = colormaps[theme.heat]
    return [to_hex(cmap(v)) for v in np.linspace(*band, n)]


def sublevel_regions(xs, ys, z, levels) -> list[list[np.ndarray]]:
    """For each level, the region {f <= level} as a list of (k, 2) outer boundary polygons.

    Painted from the highest level down, each on top of the last, they make a filled contour plot
    without holes to cut (the landscapes drawn this way have no interior maximum, so their sublevel
    sets have none).
    """
    import contourpy

    gen = contourpy.contour_generator(xs, ys, z, fill_type=contourpy.FillType.OuterOffset)
    lower = float(np.min(z)) - 1.0
    out = []
    for level in levels:
        polys, offsets = gen.filled(lower, float(level))
        out.append([np.asarray(p[o[0]:o[1]], dtype=float) for p, o in zip(polys, offsets) if o[1] - o[0] >= 3])
    return out


def band_colors(theme: Theme, n: int, strength: float = 0.35) -> list[str]:
    """n fill colours, lowest level first: the theme's colormap (the wells darkest in the dark theme,
    palest in the light one) blended into the background by `strength`, then one for above the top."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex, to_rgb

    cmap = colormaps[theme.heat]
    bg = np.array(to_rgb(theme.background))
    ts = np.linspace(0.0, 0.7, n + 1) if theme.name == "dark" else np.linspace(1.0, 0.15, n + 1)
    return [to_hex((1 - strength) * bg + strength * np.array(cmap(t)[:3])) for t in ts]


TICK_PT, LABEL_PT = 13, 14
