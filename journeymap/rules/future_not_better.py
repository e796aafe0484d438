"""A change planned for the future state that does not make the journey feel better.

A future-state map, or the future parts of a map, says how the journey
should become. Comparing the two emotion curves is what shows the change is
worth making, so wherever the future changes the journey it should feel
better than today. Two comparisons are made:

- A step or stage that has readings for both states: an `emotions` entry with
  `state: future` against the current reading (the shorthand `emotion`, or an
  entry with `state: current`). A reading without a `state` is in its step's
  or stage's state, else in the map's.
- A step or stage that `replaces` others: its future emotion against the
  current emotion of what it replaces (for a stage, its point on the curve:
  its steps' readings where they have any, else its own; for several
  replaced, their average).

Readings are compared persona by persona: a persona's own reading where
there is one, else the reading for everyone. Equal counts as not better.
Nothing is said where either score is unknown.

Bad:

```yaml
stages:
  - id: renewal
    name: Renewal
    steps:
      - {id: queue, name: Queues at the office, state: current, emotion: -1}
      - {name: Renews online, state: future, replaces: [queue], emotion: -1}
```

Good:

```yaml
stages:
  - id: renewal
    name: Renewal
    steps:
      - {id: queue, name: Queues at the office, state: current, emotion: -1}
      - {name: Renews online, state: future, replaces: [queue], emotion: 1}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from journeymap.emotions import mean
from journeymap.model import Journey, Reading, Stage, Step, in_state
from journeymap.problems import JsonPath, Severity, quote
from journeymap.record import Tuple
from journeymap.rules.base import Context, Finding

CODE = "JM407"
NAME = "future-not-better"
SEVERITY = Severity.WARNING
SUMMARY = "A future step or stage that feels no better than today, or than what it replaces."

_ADVICE = "rethink the change or correct the reading"


class _Readings(Tuple):
    """The readings of one step or stage in one state, and who takes it (empty: every persona)."""

    personas: tuple[str, ...]
    readings: list[Reading]


class _ByState:
    """Each step's and stage's readings in each state, read once per map: they are asked for again wherever
    a step or stage replaces another."""

    def __init__(self, journey: Journey) -> None:
        self.journey = journey
        self._split: dict[int, dict[str, _Readings]] = {}
        self._stage_of: dict[int, Stage] | None = None

    def stage_of(self, step: Step) -> Stage:
        """The stage of one of the journey's steps (looked up only for a step that another replaces)."""
        if self._stage_of is None:
            self._stage_of = {id(step): stage for stage, step in self.journey.steps()}
        return self._stage_of[id(step)]

    def step(self, stage: Stage, step: Step, state: str) -> _Readings:
        return self._of(step, stage)[state]

    def own(self, stage: Stage, state: str) -> _Readings:
        return self._of(stage, None)[state]

    def _of(self, element: Step | Stage, stage: Stage | None) -> dict[str, _Readings]:
        split = self._split.get(id(element))
        if split is None:
            by_state = self.journey.readings_by_state(element, stage).items()
            split = self._split[id(element)] = {state: _Readings(element.personas, found) for state, found in by_state}
        return split


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    journey = context.journey
    readings = _ByState(journey)
    for stage in journey.stages:
        yield from _of_stage(journey, stage, readings)
        for step in stage.steps:
            yield from _of_step(journey, stage, step, readings)


def _of_stage(journey: Journey, stage: Stage, readings: _ByState) -> Iterator[Finding]:
    if not stage.replaces and _read_in_one_state(journey, stage):
        return  # as for a step: nothing to compare
    what = f"stage {quote(stage.name)}"
    yield from _changed(stage.path, what, readings.own(stage, "current"), readings.own(stage, "future"))
    replaced = [found for found in map(journey.stage, stage.replaces) if found is not None]
    if replaced:  # nothing replaced, nothing to compare
        before = [group for other in replaced for group in _curve(readings, other, "current")]
        yield from _replacing(stage.path, what, _named("stage", replaced), before, _curve(readings, stage, "future"))


def _of_step(journey: Journey, stage: Stage, step: Step, readings: _ByState) -> Iterator[Finding]:
    if not step.replaces and _read_in_one_state(journey, step, stage):
        return  # the usual case, a step read in one state only and replacing nothing: nothing to compare
    now, then = readings.step(stage, step, "current"), readings.step(stage, step, "future")
    replaced = [found for found in map(journey.step, step.replaces) if found is not None]
    if not (_scored([now]) and _scored([then])) and not replaced:
        return
    what = f"step {quote(step.name)} in stage {quote(stage.name)}"
    yield from _changed(step.path, what, now, then)
    before = [readings.step(readings.stage_of(other), other, "current") for other in replaced]
    yield from _replacing(step.path, what, _named("step", replaced), before, [then])


def _read_in_one_state(journey: Journey, element: Step | Stage, stage: Stage | None = None) -> bool:
    """Whether all the step's (with its `stage`) or stage's readings are of one state (told without making
    them): those that name none are in the state they are written in, as `Journey.readings_by_state` reads them."""
    written_in = journey.written_in(element, stage)
    return all(reading.state in (None, written_in) for reading in element.emotions)


def _changed(path: JsonPath, what: str, now: _Readings, then: _Readings) -> Iterator[Finding]:
    for who, before, after in _not_better([now], [then]):
        yield Finding(path, f"{what} feels no better{_for(who)} in the future state ({_shown(after)}) than in the "
                      f"current one ({_shown(before)}); {_ADVICE}")  # fmt: skip


def _replacing(
    path: JsonPath, what: str, them: str, before: list[_Readings], after: list[_Readings]
) -> Iterator[Finding]:
    for who, earlier, later in _not_better(before, after):
        yield Finding(path, f"{what} feels no better{_for(who)} ({_shown(later)}) than {them}, which it replaces "
                      f"({_shown(earlier)}); {_ADVICE}")  # fmt: skip


def _not_better(before: list[_Readings], after: list[_Readings]) -> Iterator[tuple[str | None, float, float]]:
    """Who (None: everyone) feels no better after than before, with both scores, where both are known. A
    persona is named only where its scores differ from everyone's."""
    if not _scored(before) or not _scored(after):
        return  # nothing to compare: the usual case, a step read in one state only
    groups = (*before, *after)
    named = [reading.persona for group in groups for reading in group.readings if reading.persona]
    everyone = None
    for who in dict.fromkeys((None, *named, *(persona for group in groups for persona in group.personas))):
        scores = (_feels(before, who), _feels(after, who))
        if who is None:
            everyone = scores
        earlier, later = scores
        if earlier is not None and later is not None and later <= earlier and (who is None or scores != everyone):
            yield who, earlier, later


def _scored(groups: list[_Readings]) -> bool:
    return any(reading.emotion is not None for group in groups for reading in group.readings)


def _feels(groups: list[_Readings], who: str | None) -> float | None:
    """How `who` feels over some steps or stages: the average of their scores for `who`."""
    scores = [score for group in groups if (score := _score(group, who)) is not None]
    return mean(scores) if scores else None


def _score(group: _Readings, who: str | None) -> float | None:
    """`who`'s score at one step or stage: the average of its own readings where it has any, else of
    everyone's; None for a persona who does not take the step or go through the stage."""
    if who is not None and group.personas and who not in group.personas:
        return None
    for persona in dict.fromkeys((who, None)):
        scores = [r.emotion for r in group.readings if r.persona == persona and r.emotion is not None]
        if scores:
            return mean(scores)
    return None


def _curve(readings: _ByState, stage: Stage, state: str) -> list[_Readings]:
    """A stage's point on the emotion curve of `state`: its steps' readings where they have any, else its own."""
    steps = [readings.step(stage, step, state) for step in stage.steps if in_state(step, state)]
    if any(reading.emotion is not None for group in steps for reading in group.readings):
        return steps
    return [readings.own(stage, state)]


def _named(kind: str, replaced: Sequence[Step | Stage]) -> str:
    """"step 'A'", "steps 'A', 'B'"."""
    return f"{kind}{'s' if len(replaced) > 1 else ''} {', '.join(quote(other.name) for other in replaced)}"


def _for(who: str | None) -> str:
    return "" if who is None else f" for persona {quote(who)}"


def _shown(score: float) -> str:
    return f"{score:g}" if score == int(score) else f"{score:.1f}"
