"""The setup beat's reveal (`scenes.kit.reveal`) for Manim mobjects, driven by the scene's clock.

    rv = Reveal(clock, reveal.schedule(d["story"]))
    self.add(rv.fade("axes", axes, xlab, ylab, ticks))    a live group fading in with the role
    self.add(rv.draw("curve", curve))                     a live group drawing the curve progressively
    rv.rest(self, "axes", title)                          every other mobject added so far fades in
    ... in the scene's redraw(t), after placing the balls:  rv.grow(t, "balls", *balls)
                              and for what it redraws itself: rv.show(t, "balls", counter, trail)

Opacities are those the scene gave each mobject, times the role's alpha (Manim's `FadeIn`); a drawn curve
is the first part of its own points (`Create`), the same fraction of the same polyline as matplotlib's
`reveal.partial_line`; grown mobjects are scaled about their centre (`GrowFromCenter`).

Once every role is done the faded and drawn mobjects are marked `settled` (and `clock.static_changed`
set): `scenes.output.frames.manim_frames` then draws them into its static image instead of every frame.
"""
from __future__ import annotations

import manim as mn
import numpy as np

from scenes.kit.manim import LiveText
from scenes.kit.reveal import Schedule

_CHANNELS = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")
MIN_SCALE = 0.02


def _alphas(mob) -> list:
    """(member, channel, its own alphas) for every member of the family with points."""
    out = []
    for m in mob.family_members_with_points():
        if isinstance(m, mn.ImageMobject):  # its own alphas live in its pixels: set_opacity scales them
            out.append((m, "image", None))
            continue
        for ch in _CHANNELS:
            rgbas = getattr(m, ch, None)
            if rgbas is not None and len(rgbas):
                out.append((m, ch, np.array(rgbas[:, 3])))
    return out


def _scale_alphas(saved: list, a: float) -> None:
    for m, ch, base in saved:
        if ch == "image":
            m.set_opacity(a)
            continue
        rgbas = getattr(m, ch)
        if len(rgbas) == len(base):
            rgbas[:, 3] = base * a


def live(clock: mn.ValueTracker, update, *mobs: mn.Mobject) -> mn.Mobject:
    """`scenes.kit.manim.live` for any mobjects: a Group (a VGroup when it can be) calling update(t)."""
    group = mn.VGroup(*mobs) if all(isinstance(m, mn.VMobject) for m in mobs) else mn.Group(*mobs)
    group.add_updater(lambda _mob: update(clock.get_value()))
    update(clock.get_value())
    return group


class Reveal:
    def __init__(self, clock: mn.ValueTracker, sched: Schedule):
        self.clock, self.sched = clock, sched
        self._grown: dict[int, tuple[float, list]] = {}
        self._shown: dict[int, list] = {}
        self._hidden: dict[int, list] = {}
        self._members: list = []   # what fade, draw and rest made live: static again once settled
        self._roles: set[str] = set()
        self._settled: bool | None = None

    def _tick(self, t: float) -> None:
        settled = bool(self._roles) and t >= max(self.sched.done(r) for r in self._roles)
        if settled != self._settled:
            for mob in self._members:
                mob.settled = settled
            self.clock.static_changed = True
            self._settled = settled

    def fade(self, role: str, *mobs: mn.Mobject) -> mn.Mobject:
        """The mobjects as one live group whose opacity is their own times the role's alpha."""
        saved = [entry for mob in mobs for entry in _alphas(mob)]
        last = [None]
        self._roles.add(role)

        def update(t: float) -> None:
            a = self.sched.alpha(t, role)
            if a != last[0]:
                _scale_alphas(saved, a)
                last[0] = a
            self._tick(t)

        group = live(self.clock, update, *mobs)
        self._members.append(group)
        return group

    def draw(self, role: str, *mobs: mn.VMobject) -> mn.VGroup:
        """The curves as one live group, each shown up to the role's progress along its own points."""
        fulls = [(mob, mob.copy(), _alphas(mob)) for mob in mobs]
        last = [None]
        self._roles.add(role)

        def update(t: float) -> None:
            self._tick(t)
            p = self.sched.progress(t, role)
            if p == last[0]:
                return
            last[0] = p
            for mob, full, saved in fulls:
                mob.pointwise_become_partial(full, 0.0, p)
                _scale_alphas(saved, 1.0 if p > 0 else 0.0)

        group = live(self.clock, update, *mobs)
        self._members.append(group)
        return group

    def race(self, scene: mn.Scene, title: mn.Mobject, place, counter: mn.Mobject, balls, *moving) -> None:
        """The contour scenes' last step: what the scene added so far fades in with the axes, then one live
        group (the counter and `moving`, in drawing order: trails, balls, curves, table) calls `place(t)`
        each frame, grows the `balls` in with their role and shows the step counter with them."""
        self.rest(scene, "axes", title)

        def redraw(t: float) -> None:
            place(t)
            self.grow(t, "balls", *balls)
            self.show(t, "balls", counter)

        scene.add(live(self.clock, redraw, counter, *moving))

    def rest(self, scene: mn.Scene, role: str, *keep: mn.Mobject) -> None:
        """Fade in with `role` every mobject of the scene so far that has no updater (the scene moves
        those itself) and is not in `keep` (the title), where it stands in the drawing order."""
        for mob in scene.mobjects:
            if any(mob is k for k in keep) or mob.get_family_updaters():
                continue
            saved, last = _alphas(mob), [None]
            self._roles.add(role)

            def update(_mob, saved=saved, last=last) -> None:
                t = self.clock.get_value()
                a = self.sched.alpha(t, role)
                if a != last[0]:
                    _scale_alphas(saved, a)
                    last[0] = a
                self._tick(t)

            mob.add_updater(update)
            self._members.append(mob)
            update(mob)

    def show(self, t: float, role: str, *mobs: mn.Mobject) -> None:
        """For mobjects the scene redraws itself (call it in its redraw): their own opacity times the
        role's alpha. A LiveText, whose glyphs change, is set to the role's alpha."""
        a = self.sched.alpha(t, role)
        for mob in mobs:
            if isinstance(mob, LiveText):
                mob.set_opacity(a)
                continue
            key = id(mob)
            if key not in self._shown:
                self._shown[key] = _alphas(mob)
            _scale_alphas(self._shown[key], a)

    def grow(self, t: float, role: str, *mobs: mn.Mobject) -> None:
        """Scale mobjects (already placed for time t) about their centres to the role's alpha times
        their size when first seen; before the role starts they are transparent."""
        g = self.sched.alpha(t, role)
        for mob in mobs:
            key = id(mob)
            if key not in self._grown:
                self._grown[key] = (float(mob.width), _alphas(mob))
            width, saved = self._grown[key]
            # Scaling to nothing would lose the shape in rounding: the smallest size is MIN_SCALE.
            target = width * max(g, MIN_SCALE)
            if abs(mob.width - target) > 1e-9 * width:
                mob.scale(target / mob.width)
            now = [(m, ch, np.array(getattr(m, ch)[:, 3])) for m, ch, _ in saved if ch != "image"]
            blank = all(not np.any(a) for _, _, a in now)
            if g <= 0:  # hide it, remembering the opacities it had (the scene's, if it set them this frame)
                if not blank or key not in self._hidden:
                    self._hidden[key] = now if not blank else saved
                _scale_alphas(now, 0.0)
            elif key in self._hidden:  # first frame of the role: give back what it had, unless the scene did
                if blank:
                    _scale_alphas(self._hidden[key], 1.0)
                del self._hidden[key]
