"""What a diagram shows: the whole journey, one persona's part of it (`--persona`), one state of it (`--state`).

Both narrow the journey under format 1.1's rules: who takes a step is the personas it names, else its
stage's, else the map's whole cast (`Journey.step_personas`); an element without `state` is in both states,
and what it feels in each is `journeymap.emotions`'s rule (the one `journeymap diff` reports). The cast is
worked out once per call, so narrowing stays linear in steps.
"""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.emotions import readings_for
from journeymap.model import Action, Journey, Persona, PainPoint, Reading, Stage, Step, in_state
from journeymap.problems import quote
from journeymap.record import replace
from journeymap.suggest import did_you_mean


class UnknownPersona(ValueError):
    """The persona asked for is not defined in (or included by) this map."""


def for_persona(journey: Journey, persona_id: str) -> Journey:
    """The journey `persona_id` lives: the stages it goes through, the steps it takes, the readings that
    speak for it (its own and everyone's), and the pain points that hurt it (those naming no persona too).

    A step that names no persona is its stage's: in a stage listed for other personas it is theirs, not
    this persona's. Opportunities that address only pain points left out go with them, and so do blueprint
    actions that serve only steps left out.
    """
    if journey.persona(persona_id) is None:
        tail, _ = did_you_mean(persona_id, [persona.id for persona in journey.personas])
        known = ", ".join(persona.id for persona in shown_personas(journey)) or "none"
        raise UnknownPersona(f"no persona {quote(persona_id)} in this map{tail or f'; its personas: {known}'}")
    cast = journey.cast()
    stages = tuple(_persona_stage(journey, stage, persona_id) for stage in journey.stages
                   if _goes_through(stage, persona_id, cast))  # fmt: skip
    return replace(journey, stages=stages)


def _goes_through(stage: Stage, persona_id: str, cast: Sequence[str]) -> bool:
    """Whether the persona is in the stage: listed for it, or taking one of its steps (a step may name a
    persona its stage does not list)."""
    return persona_id in (stage.personas or cast) or any(persona_id in step.personas for step in stage.steps)


def _persona_stage(journey: Journey, stage: Stage, persona_id: str) -> Stage:
    steps = tuple(
        replace(step, emotions=_concerning(step.emotions, persona_id))
        for step in stage.steps
        if persona_id in journey.step_personas(step, stage)
    )
    pain_points = tuple(p for p in stage.pain_points if not p.personas or persona_id in p.personas)
    return replace(
        stage, steps=steps, emotions=_concerning(stage.emotions, persona_id), pain_points=pain_points,
        opportunities=_still_addressing(stage, pain_points), **_actions_serving(stage, steps),
    )  # fmt: skip


def _concerning(readings: tuple[Reading, ...], persona_id: str) -> tuple[Reading, ...]:
    return tuple(reading for reading in readings if reading.concerns(persona_id))


def _still_addressing(stage: Stage, kept: tuple[PainPoint, ...]) -> tuple:
    """The stage's opportunities, but those whose every addressed pain point of this stage was left out."""
    dropped = {p.id for p in stage.pain_points if p.id is not None} - {p.id for p in kept}
    return tuple(o for o in stage.opportunities if not o.addresses or not set(o.addresses) <= dropped)


def _actions_serving(stage: Stage, steps: tuple[Step, ...]) -> dict[str, tuple[Action, ...]]:
    """The blueprint's lanes without the actions that serve only steps left out."""
    dropped = {s.id for s in stage.steps if s.id is not None} - {s.id for s in steps}
    return {
        lane: tuple(a for a in getattr(stage, lane) if not a.steps or not set(a.steps) <= dropped)
        for lane in ("frontstage", "backstage", "support")
    }


# ---------------------------------------------------------------- states


def for_state(journey: Journey, state: str) -> Journey:
    """The journey in `state` alone: the stages, steps, touchpoints and blueprint actions in it, each step
    and stage with the readings of that state (`readings_for`), and the map's state set to it."""
    touchpoints = tuple(t for t in journey.touchpoints if in_state(t, state))
    known = {t.id for t in journey.touchpoints}
    gone = known - {t.id for t in touchpoints}
    stages = tuple(_state_stage(journey, stage, state, gone) for stage in journey.stages if in_state(stage, state))
    narrowed = replace(journey, state=state, touchpoints=touchpoints, stages=stages)
    for _, step in journey.steps():  # a step of the other state is still found by id: what a step replaces is named
        if step.id is not None:
            narrowed._index.setdefault(("step", step.id), step)  # noqa: SLF001 -- the journey's lookup by id
    return narrowed


def _state_stage(journey: Journey, stage: Stage, state: str, gone: set[str]) -> Stage:
    steps = tuple(
        _with_readings(replace(step, touchpoints=_present(step.touchpoints, gone)),
                       readings_for(journey, step, state, stage))
        for step in stage.steps
        if in_state(step, state)
    )  # fmt: skip
    lanes = {
        lane: tuple(replace(a, touchpoints=_present(a.touchpoints, gone))
                    for a in getattr(stage, lane) if in_state(a, state))
        for lane in ("frontstage", "backstage", "support")
    }  # fmt: skip
    narrowed = replace(stage, steps=steps, touchpoints=_present(stage.touchpoints, gone), **lanes)
    return _with_readings(narrowed, readings_for(journey, stage, state))


def _present(ids: tuple[str, ...], gone: set[str]) -> tuple[str, ...]:
    return tuple(touchpoint for touchpoint in ids if touchpoint not in gone)


def _with_readings(element: Step | Stage, readings: tuple[Reading, ...]) -> Step | Stage:
    """The element with exactly these readings, all in the one state now drawn: the shorthand stays when
    it is among them (other views read it), the rest become its `emotions`."""
    step = isinstance(element, Step)
    written = element.emotion is not None or element.feeling is not None or (step and element.thought is not None)
    shorthand = element.readings()[0] if written else None
    entries = tuple(replace(reading, state=None) for reading in readings if reading != shorthand)
    if shorthand is None or shorthand in readings:
        return replace(element, emotions=entries)
    cleared = {"emotion": None, "feeling": None, **({"thought": None} if step else {})}
    return replace(element, emotions=entries, **cleared)


def shown_personas(journey: Journey, focus: str | None = None) -> tuple[Persona, ...]:
    """The personas a diagram introduces: the one in focus, else the map's own and those its steps name.

    Personas of an included library that this map never mentions stay out of its header.
    """
    if focus is not None:
        persona = journey.persona(focus)
        return (persona,) if persona else ()
    cast = set(journey.cast())
    return tuple(persona for persona in journey.personas if persona.id in cast)
