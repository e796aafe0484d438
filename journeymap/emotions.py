"""How a persona feels at a step or stage, in a state: the one rule the map view draws and `journeymap diff` reports.

    readings_for(journey, element, state, stage=None) -> tuple[Reading, ...]
    score(readings, persona) -> float | None
    step_score(journey, stage, step, persona, state) -> float | None
    stage_points(journey, stage, state, personas) -> dict[persona, list[(Step or Stage, score)]]
    marked_states(journey) -> bool;  drawn_states(journey) -> tuple[str, ...]

A step's readings in a state are those written for it (`Journey.readings_in`); a step in both states,
read in the state the map does not describe, also carries the map's own readings of whoever has none
there. A persona's score among them is its own readings' where it has any, else everyone's. A stage's
points on a curve are its steps' scores, at the steps the persona takes, else the stage's own score.
Pure functions of the model: nothing here draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from journeymap.model import STATES, Journey, Reading, Stage, Step, in_state

Points = dict[str | None, list[tuple[Step | Stage, float]]]


def mean(values: Iterable[float]) -> float:
    """`statistics.mean`, without importing `statistics` (and `random`, `decimal`, `fractions`) on every run:
    the mean of integer scores is their sum over their count, an int when it divides evenly, as `statistics`
    gives it (1, not 1.0, in a report or the site's manifest); anything else goes to `statistics` itself."""
    numbers = list(values)
    if numbers and all(type(number) is int for number in numbers):
        total, count = sum(numbers), len(numbers)
        return total // count if total % count == 0 else total / count
    import statistics

    return statistics.mean(numbers)


def readings_for(journey: Journey, element: Step | Stage, state: str, stage: Stage | None = None) -> tuple[Reading, ...]:
    """The element's readings in `state` (`Journey.readings_in`), and, for an element in both states drawn in
    the state the map does not describe, the map's own readings of whoever has none in this one: a step that
    stays feels as it does unless an entry says it will feel different (the format's rule for a second entry
    with `state`). The map's own state never borrows: what the future will feel is not what is felt today."""
    own = journey.readings_in(element, state, stage)
    if element.state is not None or (stage is not None and stage.state is not None) or state == journey.state:
        return own
    other = journey.state
    spoken = {reading.persona for reading in own}
    carried = tuple(r for r in journey.readings_in(element, other, stage) if r.persona not in spoken and None not in spoken)
    return own + carried


def score(readings: Sequence[Reading], persona: str | None) -> float | None:
    """`persona`'s score among the readings of one step or stage: its own readings' where it has any, else
    everyone's (the average, should there be several); None: no score."""
    for who in dict.fromkeys((persona, None)):
        scores = [reading.emotion for reading in readings if reading.persona == who and reading.emotion is not None]
        if scores:
            return mean(scores)
    return None


def _takes(journey: Journey, step: Step, stage: Stage, persona: str | None) -> bool:
    """Whether the persona (None: a curve of nobody in particular) takes the step: a step may name a
    persona its stage does not list."""
    return persona is None or persona in journey.step_personas(step, stage)


def step_score(journey: Journey, stage: Stage, step: Step, persona: str | None, state: str) -> float | None:
    """The persona's point at a step in a state; None where the step (or its stage) is not in that state,
    the persona does not take it, or no reading speaks for the persona."""
    if not (in_state(stage, state) and in_state(step, state) and _takes(journey, step, stage, persona)):
        return None
    return score(readings_for(journey, step, state, stage), persona)


def stage_points(journey: Journey, stage: Stage, state: str, personas: Sequence[str | None]) -> Points:
    """Each persona's points in one stage and state, in step order: its score at every step it takes that
    has one, else the stage's own score when it goes through the stage. A persona without any is left out;
    so is every persona when the stage is not in that state."""
    found: Points = {}
    if not in_state(stage, state):
        return found
    for step in (step for step in stage.steps if in_state(step, state)):
        readings = readings_for(journey, step, state, stage)  # read once for every persona
        for persona in personas:
            value = score(readings, persona) if _takes(journey, step, stage, persona) else None
            if value is not None:
                found.setdefault(persona, []).append((step, value))
    own = readings_for(journey, stage, state)
    for persona in personas:
        if persona in found or not (persona is None or persona in journey.stage_personas(stage)):
            continue
        value = score(own, persona)
        if value is not None:
            found[persona] = [(stage, value)]
    return found


def marked_states(journey: Journey) -> bool:
    """Whether anything in the map says which state it belongs to: a stage, step, touchpoint, action or reading
    with `state`. Without such a mark the two states are the same journey, and there is nothing to compare."""
    if any(touchpoint.state for touchpoint in journey.touchpoints):
        return True
    for stage in journey.stages:
        readings = (*stage.emotions, *(reading for step in stage.steps for reading in step.emotions))
        if any(element.state for element in (stage, *stage.steps, *stage.actions(), *readings)):
            return True
    return False


def drawn_states(journey: Journey) -> tuple[str, ...]:
    """The states a map view draws of the map as written: both, compared, when it marks what belongs to
    which; else only the state it describes."""
    return STATES if marked_states(journey) else (journey.state,)
