"""What a diagram shows: the whole journey, or one persona's part of it (`--persona`)."""

from __future__ import annotations

import dataclasses

from journeymap.model import Journey, Persona, Stage
from journeymap.problems import quote
from journeymap.suggest import did_you_mean


class UnknownPersona(ValueError):
    """The persona asked for is not defined in (or included by) this map."""


def for_persona(journey: Journey, persona_id: str) -> Journey:
    """The journey with only the steps of `persona_id`, and of no one in particular.

    A step that names no persona is kept: it is not another persona's, and system steps
    (an order is packed) belong in every persona's diagram.
    """
    if journey.persona(persona_id) is None:
        tail, _ = did_you_mean(persona_id, [persona.id for persona in journey.personas])
        known = ", ".join(persona.id for persona in shown_personas(journey)) or "none"
        raise UnknownPersona(f"no persona {quote(persona_id)} in this map{tail or f'; its personas: {known}'}")
    stages = tuple(_only(stage, persona_id) for stage in journey.stages)
    return dataclasses.replace(journey, stages=stages)


def _only(stage: Stage, persona_id: str) -> Stage:
    steps = tuple(step for step in stage.steps if not step.personas or persona_id in step.personas)
    return dataclasses.replace(stage, steps=steps)


def shown_personas(journey: Journey, focus: str | None = None) -> tuple[Persona, ...]:
    """The personas a diagram introduces: the one in focus, else the map's own and those its steps name.

    Personas of an included library that this map never mentions stay out of its header.
    """
    if focus is not None:
        persona = journey.persona(focus)
        return (persona,) if persona else ()
    cast = set(journey.cast())
    return tuple(persona for persona in journey.personas if persona.id in cast)
