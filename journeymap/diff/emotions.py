"""How the customer feels, before and after: a score per stage and per step, per persona and per state.

The scores are the points the map view draws (`journeymap.emotions`): a step's score is the persona's
point there, its own readings' where it has any, else everyone's, in that state (a step in both states
carries the map's own readings into the other state where it has none there); a stage's score is the
average of the points the map view draws in its column, the steps' where the persona has any, else the
stage's own. A step or stage that the persona does not take, or that is not part of the journey in that
state, has none. The personas are the map's cast (`Journey.cast`); a map without personas is read for
anyone (persona None). The states are those the map view draws (`drawn_states`) on either side: both,
where a side marks what belongs to which; else the state the map describes.

Changes are reported for stages and steps on both sides, for the personas on both sides (anyone, where
the two sides share none), in each state; a change alike for every persona is one change (persona None):
a score that fell, rose, appeared or went. A fall of `DROP` or more is medium, and high at a moment of
truth (the step, or its stage, is one on either side); other falls and rises are low, a score that
appeared or went is info. The curves are every stage's score, for every persona on either side, named
as the head names it (else the base).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from journeymap.diff.changes import Change, Curve, FieldChange, Point, Where
from journeymap.diff.elements import Sides
from journeymap.diff.match import Matching
from journeymap.diff.wording import named, number
from journeymap.emotions import drawn_states, marked_states, mean, stage_points
from journeymap.emotions import step_score as step_point
from journeymap.model import STATES, Journey, Stage, Step
from journeymap.record import Record

DROP = 1  # a fall of a whole point on the -2..2 scale: a reading moved from one word to the next


def cast(journey: Journey) -> tuple[str | None, ...]:
    """Whose curves a map has: its personas, or anyone's."""
    return journey.cast() or (None,)


def states(*journeys: Journey | None) -> tuple[str, ...]:
    """The states the map view draws of any of these maps, in the format's order."""
    drawn = {state for journey in journeys if journey is not None for state in drawn_states(journey)}
    return tuple(state for state in STATES if state in drawn)


def _rounded(value: float | None) -> float | None:
    """A score as reported: to two places, a whole number without its point."""
    if value is None:
        return None
    rounded = round(value, 2)
    return int(rounded) if float(rounded).is_integer() else rounded


def stage_scores(
    journey: Journey, stage: Stage, personas: Sequence[str | None], state: str
) -> dict[str | None, float | None]:
    """Each persona's average of its points in the stage's column on the map view, the column read once for
    all of them."""
    points = stage_points(journey, stage, state, personas)
    return {persona: _rounded(mean(value for _, value in points[persona])) if points.get(persona) else None
            for persona in personas}  # fmt: skip


def step_score(journey: Journey, stage: Stage, step: Step, persona: str | None, state: str) -> float | None:
    """The persona's point at the step on the map view."""
    return _rounded(step_point(journey, stage, step, persona, state))


def curves(base: Journey | None, head: Journey | None) -> tuple[Curve, ...]:
    """Every persona's curve in every state, before and after; curves without a single score are left out."""
    keys = dict.fromkeys([*(cast(head) if head else ()), *(cast(base) if base else ())])
    found, drawn = [], states(base, head)
    columns = {(side, state): _columns(journey, state)
               for side, journey in enumerate((base, head)) if journey is not None for state in drawn}  # fmt: skip
    for persona in keys:
        for state in drawn:
            sides = tuple(_points(journey, persona, columns.get((side, state)))
                          for side, journey in enumerate((base, head)))  # fmt: skip
            if any(score is not None for side in sides for _, score in side):
                found.append(Curve(persona, state, *sides, persona_name=persona_name(persona, head, base)))
    return tuple(found)


def persona_name(persona: str | None, *journeys: Journey | None) -> str | None:
    """The persona's name in the first of these maps that defines it; its id where none does."""
    if persona is None:
        return None
    found = (journey.persona(persona) for journey in journeys if journey is not None)
    return next((defined.name for defined in found if defined is not None), persona)


Columns = Sequence[tuple[str, dict[str | None, float | None]]]  # each stage's id and its scores by persona


def _columns(journey: Journey, state: str) -> Columns:
    """Every stage's id and scores, for each persona of the map's cast."""
    return [(stage.id, stage_scores(journey, stage, cast(journey), state)) for stage in journey.stages]


def _points(journey: Journey | None, persona: str | None, columns: Columns | None) -> tuple[Point, ...]:
    if journey is None or columns is None or persona not in cast(journey):
        return ()
    return tuple((stage_id, scores[persona]) for stage_id, scores in columns)


def changes(sides: Sides, stages: Matching[Stage], steps: Matching[Step]) -> list[Change]:
    """The emotion changes at every stage and step on both sides, stage by stage in the head's order (a step
    that moved, under the stage it is in now)."""
    # the personas on both sides; where they share none (personas added to a map that had none), anyone's
    keys = [persona for persona in cast(sides.head) if persona in cast(sides.base)] or [None]
    words = _Words(sides, uses_states(sides.base) or uses_states(sides.head), keys == [None])
    drawn = states(sides.base, sides.head)
    base_of = {new.element.id: old.element for old, new in stages.pairs}
    at_steps: dict[str, list[tuple[Stage, Step, Step]]] = {}
    for old, new in steps.pairs:
        base_stage = sides.base.stage(old.stage)
        at_steps.setdefault(new.stage, []).append((base_stage, old.element, new.element))  # type: ignore[arg-type]
    found: list[Change] = []
    for stage in sides.head.stages:
        if stage.id in base_of:
            found.extend(_stage_changes(words, base_of[stage.id], stage, keys, drawn))
        for base_stage, base_step, head_step in at_steps.pop(stage.id, []):
            found.extend(_step_changes(words, (base_stage, base_step), (stage, head_step), keys, drawn))
    return found


def _stage_changes(
    words: _Words, old: Stage, new: Stage, keys: Sequence[str | None], drawn: Sequence[str]
) -> Iterator[Change]:
    sides, moment = words.sides, old.moment_of_truth or new.moment_of_truth
    for state in drawn:
        before, after = stage_scores(sides.base, old, keys, state), stage_scores(sides.head, new, keys, state)
        scores = {persona: (before[persona], after[persona]) for persona in keys}
        for persona, pair in _changed(scores):
            yield _change(words, new, new, pair, persona, state, moment)


def _step_changes(
    words: _Words, old: tuple[Stage, Step], new: tuple[Stage, Step], keys: Sequence[str | None], drawn: Sequence[str]
) -> Iterator[Change]:
    sides, moment = words.sides, any(element.moment_of_truth for element in (*old, *new))
    for state in drawn:
        scores = {p: (step_score(sides.base, *old, p, state), step_score(sides.head, *new, p, state)) for p in keys}
        for persona, pair in _changed(scores):
            yield _change(words, new[0], new[1], pair, persona, state, moment)


Scores = tuple[float | None, float | None]


def _changed(scores: dict[str | None, Scores]) -> list[tuple[str | None, Scores]]:
    """The personas whose score changed; one change for everyone (persona None) when every persona's score
    changed alike, as it does where the readings name no persona."""
    changed = [(persona, pair) for persona, pair in scores.items() if pair[0] != pair[1]]
    if len(changed) > 1 and len(changed) == len(scores) and len({pair for _, pair in changed}) == 1:
        return [(None, changed[0][1])]
    return changed


def _change(
    words: _Words, stage: Stage, element: Stage | Step, scores: Scores, persona: str | None, state: str, moment: bool
) -> Change:
    old, new = scores
    delta = None if old is None or new is None else round(new - old, 2)
    kind, severity = _kind(delta, old, moment)
    where = named("stage", stage.name)
    where = where if element is stage else f"{named('step', element.name)} in {where}"
    return Change(
        kind=kind, severity=severity, element="stage" if element is stage else "step", id=element.id,
        name=element.name, stage=stage.id, fields=(FieldChange("emotion", old, new),), persona=persona, state=state,
        where=Where.of("head", element), delta=delta, moment_of_truth=moment,
        summary=words.summary(where, scores, delta, persona, state, moment),
    )  # fmt: skip


def _kind(delta: float | None, old: float | None, moment: bool) -> tuple[str, str]:
    if delta is None:
        return ("emotion-added", "info") if old is None else ("emotion-removed", "info")
    if delta > 0:
        return "emotion-rose", "low"
    if delta <= -DROP:
        return "emotion-dropped", "high" if moment else "medium"
    return "emotion-dropped", "low"


class _Words(Record, positional=True):
    """How the summaries of one map's emotion changes say whose and when."""

    sides: Sides
    states: bool  # whether either side speaks of states: otherwise there is only today's journey to name
    anyone: bool  # the scores are anyone's, not each persona's

    def summary(
        self, where: str, scores: Scores, delta: float | None, persona: str | None, state: str, moment: bool
    ) -> str:
        if persona is not None:
            whose = f" for {named('persona', persona_name(persona, self.sides.head, self.sides.base))}"
        else:
            whose = "" if self.anyone else " for every persona"
        when = f" in the {state} state" if self.states else ""
        context = f"at {where}{' (a moment of truth)' if moment else ''}{whose}{when}"
        old, new = scores
        if old is None:
            return f"Emotion reading of {number(new)} added {context}"  # type: ignore[arg-type]
        if new is None:
            return f"Emotion reading of {number(old)} removed {context}"
        movement = f"{'rose' if delta > 0 else 'dropped'} by {number(abs(delta))}"  # type: ignore[operator,arg-type]
        return f"Emotion {movement}, from {number(old)} to {number(new)}, {context}"


def uses_states(journey: Journey) -> bool:
    """Whether a map speaks of states at all: it describes the future, or marks something with a state.
    Otherwise its one journey is today's, and a summary need not say so."""
    return journey.state != "current" or marked_states(journey)
