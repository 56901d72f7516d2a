"""The colorize scene in Manim: the same pixel grids, bars, counter, scale and words as
`scenes.colorize.mpl`, from the same data, placed with the same figure fractions (`scenes.colorize.layout`).

    manim -ql scenes/colorize/manim.py ColorizeScene
"""
from __future__ import annotations

import sys
import types
from functools import lru_cache

import numpy as np

from scenes.colorize.data import NAME, colour, frame_state, image_at
from scenes.colorize.layout import (BAR_HEADS, BARS, BARS_HEAD, COLOURS, COUNTER, HEADS, IMAGES, READOUTS, RULE,
                                    SCALE_BOX, SCALE_LABEL, SIZES, SPECTRUM, TITLE, TITLE_MOST, TITLE_TWO, VERDICT_Y,
                                    bar_top)
from scenes.kit import long_title, reveal
from scenes.kit.layout import at, fig_point, fill_box, text_size


def rgba8(values) -> np.ndarray:
    return np.round(colour(values) * 255).astype(np.uint8)


def paint_image(camera, mob, pixel_array) -> None:
    """Paint an axis-aligned ImageMobject with nearest-neighbour pixels over the frame pixels its corners
    cover (Manim's own painter hands Pillow >= 12 a float array it refuses)."""
    from PIL import Image

    corners = np.asarray(camera.points_to_subpixel_coords(mob, mob.points), dtype=float)
    (x0, y0), (x1, y1) = np.round(corners.min(axis=0)).astype(int), np.round(corners.max(axis=0)).astype(int)
    if x1 - x0 < 1 or y1 - y0 < 1:
        return
    rgba = np.ascontiguousarray(mob.get_pixel_array(), dtype=np.uint8)
    sub = Image.fromarray(rgba).resize((int(x1 - x0), int(y1 - y0)), resample=Image.NEAREST)
    full = Image.new("RGBA", (camera.pixel_width, camera.pixel_height), (0, 0, 0, 0))
    full.paste(sub, (int(x0), int(y0)))
    camera.overlay_PIL_image(pixel_array, full)


@lru_cache(maxsize=1)
def manim_scene():
    import manim as mn

    from scenes.colorize.mpl import RUNS, bar_done, bar_heights, bar_x, x_ticks, y_ticks
    from scenes.kit.manim import DataScene, LiveText, text
    from scenes.kit.plot1d import ManimPanel
    from scenes.kit.reveal_manim import Reveal, live

    class ColorizeScene(DataScene):
        scene_name = NAME

        def build(self) -> mn.ValueTracker:
            d, th = self.data, self.theme
            t, fg = d["texts"], th.foreground
            self.camera.display_image_mobject = types.MethodType(paint_image, self.camera)
            clock = mn.ValueTracker(0.0)
            rv = Reveal(clock, reveal.schedule(d["story"]))
            title, two = long_title.manim(lambda s: text(s, fg, text_size(SIZES["title"]), weight=mn.BOLD), t["title"],
                                          TITLE[0], TITLE_MOST, SIZES["title"])
            at(title, TITLE[0], TITLE_TWO, mn.UL) if two else at(title, *TITLE, mn.LEFT)
            self.add(title)
            self.add(at(text(t["rule"], th.muted, text_size(SIZES["rule"])), *RULE, mn.LEFT),
                     at(text(t["spectrum"], fg, text_size(SIZES["rule"])), *SPECTRUM, mn.LEFT),
                     at(text(t["bars_head"], th.muted, text_size(SIZES["small"])), *BARS_HEAD, mn.LEFT))
            top = bar_top(d)
            xs = bar_x(d)
            images, readouts, bars, lines, panels = {}, {}, {}, [], {}
            for key in RUNS:
                box, c = IMAGES[key], getattr(th, COLOURS[key])
                self.add(at(text(t[f"{key}_head"], c, text_size(SIZES["head"]), weight=mn.BOLD), box[0], HEADS[key],
                            mn.LEFT))
                readouts[key] = LiveText(t[f"{key}_lowest"][0], fg, text_size(SIZES["small"])).place(
                    fig_point(box[0] + box[2], READOUTS[key]), mn.RIGHT)
                images[key] = fill_box(mn.ImageMobject(rgba8(image_at(d, key, 0))), box)
                p = ManimPanel(BARS[key], th, (-0.08, xs[-1] + 0.08), (0.0, top), x_ticks(d), y_ticks(top),
                               xlabel=t["bars_x"] if key == "momentum" else None, ylabel=t["bars_y"],
                               tick_size=text_size(SIZES["tick"]), label_size=text_size(SIZES["small"]))
                panels[key] = p
                self.add(p.group, at(text(t[f"{key}_bars"], c, text_size(SIZES["small"])), BARS[key][0],
                                     BAR_HEADS[key], mn.LEFT))
                h = bar_heights(d[key])
                bars[key] = [mn.Line(p.c2p(x, 0.0), p.c2p(x, y if np.isfinite(y) else top), color=c, stroke_width=2)
                             for x, y in zip(xs, h)]
                lines.append(mn.Line(p.c2p(-0.08, 0.0), p.c2p(xs[-1] + 0.08, 0.0), color=fg, stroke_width=2.5))
            counter = LiveText(t["counter"][0], fg, text_size(SIZES["counter"])).place(fig_point(*COUNTER), mn.LEFT)
            scale = fill_box(mn.ImageMobject(rgba8(np.linspace(0, 100, 101)[None, :])), SCALE_BOX)
            sb = SCALE_BOX
            self.add(scale, at(text(t["scale"], th.muted, text_size(SIZES["small"])), *SCALE_LABEL, mn.LEFT))
            for s, f in zip(t["scale_ticks"], (0.0, 0.5, 1.0)):
                self.add(at(text(s, th.muted, text_size(SIZES["tick"])), sb[0] + f * sb[2], sb[1] - 0.028))
            verdict = [at(text(s, fg if i else th.muted, text_size(SIZES["verdict"]),
                               weight=mn.BOLD if i else mn.NORMAL), COUNTER[0], y, mn.LEFT)
                       for i, (y, s) in enumerate(zip(VERDICT_Y, t["verdict"]))]
            rv.rest(self, "axes", title)
            muted = th.muted

            def redraw(time):
                st = frame_state(d, time)
                j = st["j"]
                for key in RUNS:
                    images[key].pixel_array = rgba8(image_at(d, key, j))
                    readouts[key].set_text(t[f"{key}_lowest"][j])
                    c = getattr(th, COLOURS[key])
                    for line, done in zip(bars[key], bar_done(d[key], st["log_k"], st["k"])):
                        line.set_stroke(color=muted if done else c)
                for key, ln in zip(RUNS, lines):
                    p = panels[key]
                    ln.put_start_and_end_on(p.c2p(-0.08, st["log_k"]), p.c2p(xs[-1] + 0.08, st["log_k"]))
                counter.set_text(t["counter"][j])
                a = rv.sched.alpha(time, "verdict")
                for v in verdict:
                    v.set_opacity(a)

            self.add(live(clock, redraw, images["gd"], images["momentum"], *bars["gd"], *bars["momentum"], *lines,
                          readouts["gd"], readouts["momentum"], counter, *verdict))
            return clock

    return ColorizeScene


if "manim" in sys.modules and __name__ not in ("scenes.colorize.manim",):  # run by Manim's own CLI
    ColorizeScene = manim_scene()
