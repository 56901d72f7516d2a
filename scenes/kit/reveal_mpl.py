"""The setup beat's reveal (`scenes.kit.reveal`) for matplotlib artists.

    rv = Reveal(fig, reveal.schedule(data["story"]))
    rv.fade("axes", ax, *legend_texts)     an Axes fades in with its spines, ticks, labels and title
    rv.draw("curve", line)                 a Line2D is drawn from its first point to its last
    rv.grow("balls", *balls)               markers grow from nothing
    rv.rest("axes", title)                 everything else not animated fades in with the axes
    ...
    update(t): ...; rv(t)                  at the end of the scene's update (so that hiding what is not
                                           yet revealed wins over the scene's own set_visible)

Every artist handed over becomes `animated` (redrawn each frame, see `scenes.output.frames.mpl_frames`), and its
own alpha is kept: it is multiplied by the role's alpha. When a role is complete the artists are exactly
as the scene made them; once every role is, the artists that were static go back into the background
(`fig.static_changed` asks the frame loop to draw it again), and come out of it if time goes back.
"""
from __future__ import annotations

import numpy as np

from scenes.kit.reveal import Schedule, partial_line


def _axes_parts(ax) -> list:
    """An Axes' decorations: spines, both axes (ticks, tick labels, axis labels), its titles; not its
    patch (the background) nor what is plotted in it."""
    return [*ax.spines.values(), ax.xaxis, ax.yaxis, ax.title, ax._left_title, ax._right_title]


class Reveal:
    def __init__(self, fig, sched: Schedule):
        self.fig, self.sched = fig, sched
        self.fades: list[tuple[str, object]] = []
        self.lines: list[tuple[str, object, np.ndarray, np.ndarray]] = []
        self.markers: list[tuple[str, object, float]] = []
        self._base: dict[int, float | None] = {}
        self._ticks_made = False
        self._hidden: set[int] = set()
        self._settle: list = []   # artists made animated here, static again once every role is done
        self._roles: set[str] = set()
        self._settled: bool | None = None

    def _take(self, role: str, artist) -> None:
        self._roles.add(role)
        if not artist.get_animated():
            artist.set_animated(True)
            self._settle.append(artist)

    def fade(self, role: str, *artists) -> "Reveal":
        """Fade artists (an Axes stands for its decorations, a Legend for its whole box) in with `role`."""
        from matplotlib.axes import Axes

        for artist in artists:
            parts = _axes_parts(artist) if isinstance(artist, Axes) else [artist]
            for part in parts:
                self._take(role, part)
                self.fades.append((role, part))
        return self

    def draw(self, role: str, *lines) -> "Reveal":
        """Draw Line2D artists progressively over `role`'s time (`reveal.partial_line` of their data)."""
        for line in lines:
            self._take(role, line)
            x, y = (np.asarray(v, dtype=float) for v in line.get_data())
            self.lines.append((role, line, x, y))
        return self

    def grow(self, role: str, *lines) -> "Reveal":
        """Grow the markers of Line2D artists from size 0 to their own size over `role`'s time."""
        for line in lines:
            self._take(role, line)
            self.markers.append((role, line, float(line.get_markersize())))
        return self

    def rest(self, role: str, *keep) -> "Reveal":
        """Fade in with `role` every artist of the figure not handed over yet, not animated (the scene
        moves those itself) and not in `keep` (the title): figure texts and lines, each Axes' decorations
        and what is plotted in it."""
        taken = {id(a) for _, a in self.fades} | {id(k) for k in keep}
        taken |= {id(item[1]) for item in self.lines + self.markers}
        fig = self.fig
        found = [*fig.texts, *fig.lines, *fig.patches, *fig.artists, *fig.images, *fig.legends]
        for ax in fig.axes:
            found += [*_axes_parts(ax), *ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images,
                      *ax.artists, *([ax.legend_] if ax.legend_ is not None else [])]
        for artist in found:
            if id(artist) not in taken and not artist.get_animated() and artist.get_visible():
                taken.add(id(artist))
                self.fade(role, artist)
        return self

    def _set_alpha(self, artist, a: float) -> None:
        key = id(artist)
        if key not in self._base:
            self._base[key] = artist.get_alpha()
        base = self._base[key]
        artist.set_alpha(base if a >= 1.0 else (1.0 if base is None else base) * a)

    def __call__(self, t: float) -> None:
        if not self._ticks_made:  # tick artists are made at the first draw: make them before fading them
            self.fig.canvas.draw()
            self._ticks_made = True
        for role, artist in self.fades:
            a = self.sched.alpha(t, role)
            members = _members(artist)
            for member in members:
                self._set_alpha(member, a)
        for role, line, x, y in self.lines:
            pts = partial_line(np.column_stack([x, y]), self.sched.progress(t, role))
            line.set_data(pts[:, 0], pts[:, 1])
            self._show(line, len(pts) >= 2)
        for role, line, size in self.markers:
            g = self.sched.alpha(t, role)
            line.set_markersize(size * g)
            self._show(line, g > 0)
        settled = bool(self._roles) and t >= max(self.sched.done(r) for r in self._roles)
        if settled != self._settled:
            for artist in self._settle:
                artist.set_animated(not settled)
            self.fig.static_changed = True
            self._settled = settled

    def _show(self, artist, shown: bool) -> None:
        """Hide an artist before its role starts; afterwards its visibility is the scene's again."""
        if not shown:
            artist.set_visible(False)
            self._hidden.add(id(artist))
        elif id(artist) in self._hidden:
            artist.set_visible(True)
            self._hidden.discard(id(artist))


def _members(artist) -> list:
    """What fading `artist` fades: an Axis or a Legend with everything in it, a text with its box and
    an annotation's arrow."""
    from matplotlib.legend import Legend
    from matplotlib.text import Annotation, Text

    if hasattr(artist, "get_ticklabels") or isinstance(artist, Legend):
        return artist.findobj()
    out = [artist]
    if isinstance(artist, Text) and artist.get_bbox_patch() is not None:
        out.append(artist.get_bbox_patch())
    if isinstance(artist, Annotation) and artist.arrow_patch is not None:
        out.append(artist.arrow_patch)
    return out
