"""Bands: a long journey's map view wrapped into rows of consecutive stages, stacked down the page.

A map of BANDS_FROM stages or more is a long strip: on a landscape page it shrinks until its text is
too small to read. Wrapped into bands (each a whole copy of the map view's body over a run of stages)
it is narrower and taller; the number of bands is the one whose picture fills the page best, so its
text is the largest it can be: the page --paper names, else a landscape A page (any A size has the
same proportions). Breaks fall on phase boundaries when one is near, so a phase stays in one band.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from journeymap.model import Journey, Stage, Step
from journeymap.record import fields as record_fields
from journeymap.render.scene import Grid, Scene

BANDS_FROM = 15  # shorter maps keep one band
MIN_BAND = 5  # stages in a band, at least, before breaks move to phase boundaries
LANDSCAPE = 2**0.5  # width over height of an A page held landscape
SNAP = 1 / 3  # a break moves to a phase boundary at most this share of a band's stages away
WHOLE_PHASES = 1 / 0.85  # bands that split no phase are drawn even if their text is up to 15 % smaller

Slices = tuple[tuple[int, int], ...]  # (first stage, stage after the last) of each band


def choose(
    phases: Sequence[str | None], picture: Callable[[Slices], tuple[float, float]], aspect: float = LANDSCAPE
) -> Slices:
    """The bands for a map whose stages are in `phases` (a phase id or None each): `picture` gives the
    width and height the whole drawing would have with these bands, `aspect` is the page's width over
    its height. The number of bands is searched from an estimate, a few pictures measured."""
    count = len(phases)
    if count < BANDS_FROM:
        return ((0, count),)
    most = count // MIN_BAND
    best: dict[int, tuple[float, Slices]] = {}

    def value(bands: int) -> float:
        if bands not in best:
            best[bands] = max((_value(cut, phases, picture, aspect), cut) for cut in _cuts(bands, phases))
        return best[bands][0]

    one_width, one_height = picture(((0, count),))
    # a band's width falls as 1/bands and the picture's height grows with them: balanced at about this many
    bands = max(1, min(most, round((one_width / (one_height * aspect)) ** 0.5)))
    for step in (1, -1):
        while 1 <= bands + step <= most and value(bands + step) > value(bands):
            bands += step
    value(bands)
    return best[bands][1]


def _cuts(bands: int, phases: Sequence[str | None]) -> set[Slices]:
    return {slices(bands, phases), slices(bands, phases, snap=False)}


def _value(cut: Slices, phases: Sequence[str | None], picture: Callable[[Slices], tuple[float, float]],
           aspect: float) -> float:  # fmt: skip
    """The scale at which the picture fills a page of that shape, larger when no band ends inside a phase."""
    width, height = picture(cut)
    whole_phases = not any(phases[stop] is not None and phases[stop] == phases[stop - 1] for _, stop in cut[:-1])
    return min(aspect / width, 1 / height) * (WHOLE_PHASES if whole_phases else 1.0)


def slices(bands: int, phases: Sequence[str | None], *, snap: bool = True) -> Slices:
    """`bands` runs of stages of about the same length (the first ones a stage longer), each break moved
    to a phase boundary when one is within SNAP of a band's length (the nearest; the earlier of two as
    near) unless not to `snap`."""
    count = len(phases)
    size, longer = divmod(count, bands)
    boundaries = [index for index in range(1, count) if phases[index] != phases[index - 1]] if snap else []
    reach = max(1.0, count / bands * SNAP)
    breaks, even = [0], 0
    for band in range(bands - 1):
        even += size + (band < longer)
        limit = even + size  # the next even break: a snapped break stays before it, and after the last one
        near = [at for at in boundaries if abs(at - even) <= reach and breaks[-1] < at < limit]
        breaks.append(min(near, key=lambda at: (abs(at - even), at)) if near else even)
    breaks.append(count)
    return tuple(zip(breaks, breaks[1:]))


def band_scene(scene: Scene, start: int, stop: int) -> Scene:
    """The scene of one band: its stages, a grid of its columns as wide as the map's, and the map's
    step numbers, personas, words and findings (a cell's findings found under the stage it shows)."""
    if (start, stop) == (0, len(scene.journey.stages)):
        return scene
    journey = _band_journey(scene.journey, scene.journey.stages[start:stop])
    grid = Grid(stop - start, scene.grid.column)
    return dataclasses.replace(scene, journey=journey, grid=grid)  # cells find findings by their stage's path


class BandJourney(Journey):
    """Some of a journey's stages, that answers for the journey as a whole what needs all of its stages:
    who its cast is (a library's persona named in another band), where a stage leads and stands, whether it
    loops, and the stages and steps of other bands it names."""

    whole: Journey

    def cast(self) -> tuple[str, ...]:
        return self.whole.cast()

    def named_personas(self):  # noqa: ANN201 -- the whole journey's iterator
        return self.whole.named_personas()

    def next_stages(self, stage: Stage) -> tuple[str, ...]:
        return self.whole.next_stages(stage)

    def loops(self) -> bool:
        return self.whole.loops()

    def column(self, stage_id: str) -> int | None:
        return self.whole.column(stage_id)

    def stage(self, stage_id: str) -> Stage | None:
        return self.whole.stage(stage_id)

    def step(self, step_id: str) -> Step | None:
        return self.whole.step(step_id)


def _band_journey(journey: Journey, stages: tuple[Stage, ...]) -> BandJourney:
    whole = journey.whole if isinstance(journey, BandJourney) else journey
    fields = {item.name: getattr(journey, item.name) for item in record_fields(Journey) if item.init}
    return BandJourney(**{**fields, "stages": stages}, whole=whole)
