"""The journey as frozen values, built from a document that passed validation.

Every element knows the file it was written in and where, so later layers
(lint, render) can point at it without going back to the raw data.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from journeymap.loader import Document
from journeymap.problems import JsonPath, Position

LIFECYCLE = (
    "need", "awareness", "consideration", "decision", "purchase",
    "onboarding", "usage", "support", "retention", "loyalty", "advocacy",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Element:
    source: str  # the file it is written in: the map itself, or an included library
    path: JsonPath
    position: Position


@dataclass(frozen=True, slots=True, kw_only=True)
class Persona(Element):
    id: str
    name: str
    description: str | None = None
    age: int | None = None
    gender: str | None = None
    occupation: str | None = None
    location: str | None = None
    goals: tuple[str, ...] = ()
    frustrations: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    personality: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase(Element):
    id: str
    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Touchpoint(Element):
    id: str
    name: str
    channel: str | None = None
    kind: str | None = None
    lane: str | None = None
    owner: str | None = None
    description: str | None = None
    url: str | None = None

    @property
    def backstage(self) -> bool:
        return self.lane == "backstage"


@dataclass(frozen=True, slots=True, kw_only=True)
class Step(Element):
    name: str
    id: str | None = None
    description: str | None = None
    persona: str | None = None
    touchpoints: tuple[str, ...] = ()
    emotion: int | None = None
    thought: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PainPoint(Element):
    description: str
    id: str | None = None
    severity: str | None = None
    evidence: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Opportunity(Element):
    description: str
    id: str | None = None
    addresses: tuple[str, ...] = ()
    owner: str | None = None
    status: str | None = None
    impact: str | None = None
    effort: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Metric(Element):
    name: str
    id: str | None = None
    unit: str | None = None
    target: float | None = None
    actual: float | None = None
    direction: str | None = None

    @property
    def off_target(self) -> bool | None:
        """Whether `actual` misses `target` in the better `direction`; None when that cannot be told."""
        if self.target is None or self.actual is None or self.direction is None:
            return None
        return self.actual < self.target if self.direction == "increase" else self.actual > self.target


@dataclass(frozen=True, slots=True, kw_only=True)
class Stage(Element):
    id: str
    name: str
    phase: str | None = None
    kind: str | None = None
    description: str | None = None
    goal: str | None = None
    steps: tuple[Step, ...] = ()
    touchpoints: tuple[str, ...] = ()
    emotion: int | None = None
    thoughts: tuple[str, ...] = ()
    pain_points: tuple[PainPoint, ...] = ()
    opportunities: tuple[Opportunity, ...] = ()
    metrics: tuple[Metric, ...] = ()

    def touchpoint_ids(self) -> tuple[str, ...]:
        """Touchpoints used at stage level or by any step, each once, in order of first use."""
        ordered = dict.fromkeys(self.touchpoints)
        for step in self.steps:
            ordered.update(dict.fromkeys(step.touchpoints))
        return tuple(ordered)

    def emotions(self) -> tuple[int, ...]:
        """The emotion readings of this stage: per step where steps carry them, else the stage's own."""
        per_step = tuple(step.emotion for step in self.steps if step.emotion is not None)
        if per_step:
            return per_step
        return () if self.emotion is None else (self.emotion,)


@dataclass(frozen=True, slots=True, kw_only=True)
class Journey(Element):
    title: str | None = None  # always set in a map; optional in a library
    description: str | None = None
    objective: str | None = None
    owner: str | None = None
    reviewed: datetime.date | None = None
    status: str | None = None
    tags: tuple[str, ...] = ()
    locale: str | None = None
    include: tuple[str, ...] = ()
    personas: tuple[Persona, ...] = ()  # the map's own first, then those of included libraries
    phases: tuple[Phase, ...] = ()
    touchpoints: tuple[Touchpoint, ...] = ()
    stages: tuple[Stage, ...] = ()
    _index: dict[tuple[str, str], Element] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for kind, items in (("persona", self.personas), ("phase", self.phases), ("touchpoint", self.touchpoints)):
            for item in items:
                self._index.setdefault((kind, item.id), item)

    def persona(self, persona_id: str) -> Persona | None:
        return self._index.get(("persona", persona_id))  # type: ignore[return-value]

    def phase(self, phase_id: str) -> Phase | None:
        return self._index.get(("phase", phase_id))  # type: ignore[return-value]

    def touchpoint(self, touchpoint_id: str) -> Touchpoint | None:
        return self._index.get(("touchpoint", touchpoint_id))  # type: ignore[return-value]

    def pain_points(self) -> Iterator[tuple[Stage, PainPoint]]:
        for stage in self.stages:
            for pain_point in stage.pain_points:
                yield stage, pain_point


class _Reader:
    """Reads one validated document into elements that remember where they were written."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def common(self, path: JsonPath) -> dict[str, Any]:
        return {"source": self.document.file, "path": path, "position": self.document.position(path)}

    def items(self, node: dict, key: str, path: JsonPath) -> Iterator[tuple[JsonPath, Any]]:
        for index, item in enumerate(node.get(key) or ()):
            yield (*path, key, index), item

    def fields(self, node: dict, cls: type, path: JsonPath, text_key: str | None = None, **nested: Any) -> Any:
        """An element of `cls` from a mapping (or from plain text, stored under `text_key`)."""
        values = {text_key: node} if isinstance(node, str) else dict(node)
        for key, value in values.items():
            if isinstance(value, list) and key not in nested:
                values[key] = tuple(value)
        values.update(nested)
        return cls(**values, **self.common(path))

    def shared(self, key: str, cls: type) -> tuple[Any, ...]:
        return tuple(self.fields(item, cls, path) for path, item in self.items(self.document.data, key, ()))

    def stage(self, node: dict, path: JsonPath) -> Stage:
        nested = {
            "steps": tuple(self.fields(s, Step, p, "name") for p, s in self.items(node, "steps", path)),
            "pain_points": tuple(self.fields(s, PainPoint, p, "description") for p, s in self.items(node, "pain_points", path)),
            "opportunities": tuple(
                self.fields(s, Opportunity, p, "description") for p, s in self.items(node, "opportunities", path)
            ),
            "metrics": tuple(self.fields(s, Metric, p) for p, s in self.items(node, "metrics", path)),
        }
        return self.fields(node, Stage, path, **nested)


_SHARED = (("personas", Persona), ("phases", Phase), ("touchpoints", Touchpoint))
_TOP_LEVEL_SKIPPED = frozenset({"journeymap", "library", "$schema", "stages", "personas", "phases", "touchpoints"})


def build(document: Document, libraries: Sequence[Document] = ()) -> Journey:
    """The Journey of a valid map document, with the shared definitions of its (transitive) libraries."""
    reader = _Reader(document)
    shared = {
        key: reader.shared(key, cls) + tuple(item for library in libraries for item in _Reader(library).shared(key, cls))
        for key, cls in _SHARED
    }
    top = {
        key: value
        for key, value in document.data.items()
        if key not in _TOP_LEVEL_SKIPPED and not key.startswith("x-")  # extension keys are the user's own
    }
    top = {key: tuple(value) if isinstance(value, list) else value for key, value in top.items()}
    if "reviewed" in top:
        top["reviewed"] = datetime.date.fromisoformat(top["reviewed"])
    stages = tuple(reader.stage(node, path) for path, node in reader.items(document.data, "stages", ()))
    return Journey(**top, **shared, stages=stages, **reader.common(()))
