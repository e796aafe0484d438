"""The journey as frozen values, built from a document that passed validation.

Every element knows the file it was written in and where, so later layers
(lint, render) can point at it without going back to the raw data. Extension
keys (`x-...`) are kept on every element, as written, for exports.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from journeymap.loader import Document
from journeymap.problems import JsonPath, Position
from journeymap.record import Record, field, field_names, keywords

LIFECYCLE = (
    "need", "awareness", "interest", "consideration", "decision", "purchase", "application",
    "resolution", "onboarding", "usage", "support", "retention", "loyalty", "advocacy",
)  # fmt: skip
STATES = ("current", "future")
LANES = ("frontstage", "backstage", "support")  # the service blueprint's rows below the customer's steps


class Element(Record):
    file: str  # the file it is written in: the map itself, or an included library
    path: JsonPath
    position: Position
    extensions: Mapping[str, Any] = field(default_factory=dict, compare=False)  # the `x-` keys, as written


class ResearchSource(Element):
    id: str
    name: str
    kind: str | None = None
    date: datetime.date | None = None
    url: str | None = None
    description: str | None = None


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
    evidence: str | None = None
    sources: tuple[str, ...] = ()


class Phase(Element):
    id: str
    name: str
    description: str | None = None


class Touchpoint(Element):
    id: str
    name: str
    channel: str | None = None
    kind: str | None = None
    lane: str | None = None
    owner: str | None = None
    description: str | None = None
    url: str | None = None
    state: str | None = None

    @property
    def backstage(self) -> bool:
        return self.lane == "backstage"


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))? ?([a-z]+)")
_SECONDS = {"s": 1, "sec": 1, "second": 1, "min": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400,
            "day": 86400, "w": 604800, "week": 604800, "mo": 2629746, "month": 2629746, "y": 31556952,
            "year": 31556952}  # fmt: skip


class Duration(Record):
    """A length of time as written ('2-3 days'), and its shortest and longest reading in seconds."""

    text: str
    shortest: float
    longest: float

    def __init__(self, text: str, shortest: float, longest: float) -> None:
        super().__init__(text=text, shortest=shortest, longest=longest)

    @classmethod
    def parse(cls, text: str) -> Duration:
        low, high, unit = _DURATION.fullmatch(text).groups()  # type: ignore[union-attr]  # the schema checked it
        seconds = _SECONDS[unit if unit in _SECONDS else unit.removesuffix("s")]
        ends = sorted((float(low), float(high or low)))  # '3-2 days' is still two to three days
        return cls(text, ends[0] * seconds, ends[1] * seconds)

    def __str__(self) -> str:
        return self.text


class Reading(Element):
    """How a persona (None: every persona) feels at a step or stage, in a state (None: the map's own)."""

    persona: str | None = None
    state: str | None = None
    emotion: int | None = None
    feeling: str | None = None
    thought: str | None = None
    evidence: str | None = None
    sources: tuple[str, ...] = ()

    def concerns(self, persona: str | None) -> bool:
        """Whether this reading speaks for `persona` (None: any persona at all)."""
        return persona is None or self.persona in (None, persona)


class Exit(Element):
    description: str
    id: str | None = None
    rate: float | None = None
    returns_to: str | None = None
    evidence: str | None = None
    sources: tuple[str, ...] = ()


class Step(Element):
    name: str
    id: str | None = None
    description: str | None = None
    persona: str | None = None
    personas: tuple[str, ...] = ()  # always filled from `persona` too; empty: every persona of the map
    touchpoints: tuple[str, ...] = ()
    emotion: int | None = None
    feeling: str | None = None
    thought: str | None = None
    emotions: tuple[Reading, ...] = ()
    state: str | None = None
    replaces: tuple[str, ...] = ()
    moment_of_truth: bool = False
    duration: Duration | None = None
    wait: Duration | None = None
    exits: tuple[Exit, ...] = ()
    physical_evidence: tuple[str, ...] = ()
    evidence: str | None = None
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.persona is not None and not self.personas:
            object.__setattr__(self, "personas", (self.persona,))

    def readings(self) -> tuple[Reading, ...]:
        return self._own_readings

    @functools.cached_property
    def _own_readings(self) -> tuple[Reading, ...]:  # made once: views and diff ask often
        return _readings(self)


class Action(Element):
    """What employees or systems do for a stage, in one of the blueprint's `LANES`."""

    lane: str
    name: str
    id: str | None = None
    description: str | None = None
    actor: str | None = None
    touchpoints: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    state: str | None = None
    duration: Duration | None = None
    evidence: str | None = None
    sources: tuple[str, ...] = ()


class PainPoint(Element):
    description: str
    id: str | None = None
    severity: str | None = None
    evidence: str | None = None
    personas: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    resolved: datetime.date | None = None

    @property
    def supported(self) -> bool:
        """Whether anything says where the pain point is known from."""
        return bool(self.evidence or self.sources)


class Opportunity(Element):
    description: str
    id: str | None = None
    addresses: tuple[str, ...] = ()
    owner: str | None = None
    status: str | None = None
    impact: str | None = None
    effort: str | None = None


class Metric(Element):
    name: str
    id: str | None = None
    unit: str | None = None
    target: float | None = None
    actual: float | None = None
    direction: str | None = None
    baseline: float | None = None
    source: str | None = None
    measured: datetime.date | None = None
    sources: tuple[str, ...] = ()

    @property
    def off_target(self) -> bool | None:
        """Whether `actual` misses `target` in the better `direction`; None when that cannot be told."""
        if self.target is None or self.actual is None or self.direction is None:
            return None
        return self.actual < self.target if self.direction == "increase" else self.actual > self.target


class Stage(Element):
    id: str
    name: str
    phase: str | None = None
    kind: str | None = None
    description: str | None = None
    goal: str | None = None
    owner: str | None = None
    personas: tuple[str, ...] = ()  # empty: every persona of the map
    state: str | None = None
    replaces: tuple[str, ...] = ()
    moment_of_truth: bool = False
    steps: tuple[Step, ...] = ()
    touchpoints: tuple[str, ...] = ()
    emotion: int | None = None
    feeling: str | None = None
    thoughts: tuple[str, ...] = ()
    emotions: tuple[Reading, ...] = ()
    next: tuple[str, ...] = ()
    exits: tuple[Exit, ...] = ()
    frontstage: tuple[Action, ...] = ()
    backstage: tuple[Action, ...] = ()
    support: tuple[Action, ...] = ()
    pain_points: tuple[PainPoint, ...] = ()
    opportunities: tuple[Opportunity, ...] = ()
    metrics: tuple[Metric, ...] = ()
    evidence: str | None = None
    sources: tuple[str, ...] = ()

    def touchpoint_ids(self) -> tuple[str, ...]:
        """Touchpoints the customer meets here, at stage level or in any step, each once, in order of first use."""
        return self._touchpoint_ids

    @functools.cached_property
    def _touchpoint_ids(self) -> tuple[str, ...]:  # worked out once: three rules and the views ask
        ordered = dict.fromkeys(self.touchpoints)
        for step in self.steps:
            ordered.update(dict.fromkeys(step.touchpoints))
        return tuple(ordered)

    def all_touchpoint_ids(self) -> tuple[str, ...]:
        """The customer's touchpoints, then those only the blueprint's actions use."""
        ordered = dict.fromkeys(self.touchpoint_ids())
        for action in self.actions():
            ordered.update(dict.fromkeys(action.touchpoints))
        return tuple(ordered)

    def actions(self) -> tuple[Action, ...]:
        """The blueprint below the customer's steps: frontstage, then backstage, then support."""
        return self.frontstage + self.backstage + self.support

    def readings(self) -> tuple[Reading, ...]:
        """The stage's own emotion entries: `emotion`/`feeling` first (its `thoughts` are not one reading's), then
        `emotions`."""
        return self._own_readings

    @functools.cached_property
    def _own_readings(self) -> tuple[Reading, ...]:
        return _readings(self)

    def scores(self) -> tuple[int, ...]:
        """The emotion readings of this stage: per step where steps carry them, else the stage's own
        (format 1's reading: the plain `emotion` scores, whoever and whenever)."""
        per_step = tuple(step.emotion for step in self.steps if step.emotion is not None)
        if per_step:
            return per_step
        return () if self.emotion is None else (self.emotion,)


def _readings(element: Step | Stage) -> tuple[Reading, ...]:
    """An element's shorthand reading (its own `emotion`, `feeling` and, on a step, `thought`), then its
    `emotions` entries."""
    thought = element.thought if isinstance(element, Step) else None
    if element.emotion is None and element.feeling is None and thought is None:
        return element.emotions
    shorthand = Reading(
        emotion=element.emotion, feeling=element.feeling, thought=thought,
        file=element.file, path=element.path, position=element.position,
    )  # fmt: skip
    return (shorthand, *element.emotions)


def in_state(element: Step | Stage | Touchpoint | Action, state: str) -> bool:
    """Whether the element is part of the journey in `state` ("current" or "future"): unmarked ones are in both."""
    return element.state in (None, state)


class Journey(Element):
    title: str | None = None  # always set in a map; optional in a library
    format: str = "1"  # "1" or "1.1", as the file declares
    description: str | None = None
    objective: str | None = None
    owner: str | None = None
    reviewed: datetime.date | None = None
    status: str | None = None
    state: str = "current"  # which state the map as a whole describes
    tags: tuple[str, ...] = ()
    locale: str | None = None
    include: tuple[str, ...] = ()
    personas: tuple[Persona, ...] = ()  # the map's own first, then those of included libraries
    phases: tuple[Phase, ...] = ()
    touchpoints: tuple[Touchpoint, ...] = ()
    sources: tuple[ResearchSource, ...] = ()
    stages: tuple[Stage, ...] = ()
    # built anew for every Journey, also one made by record.replace (a narrowed copy has its own)
    _index: dict[tuple[str, str], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {})
        kinds = (("persona", self.personas), ("phase", self.phases), ("touchpoint", self.touchpoints),
                 ("source", self.sources), ("stage", self.stages))  # fmt: skip
        for kind, items in kinds:
            for item in items:
                self._index.setdefault((kind, item.id), item)
        for stage in self.stages:
            for step in stage.steps:
                if step.id is not None:
                    self._index.setdefault(("step", step.id), step)

    def persona(self, persona_id: str) -> Persona | None:
        return self._index.get(("persona", persona_id))  # type: ignore[return-value]

    def phase(self, phase_id: str) -> Phase | None:
        return self._index.get(("phase", phase_id))  # type: ignore[return-value]

    def touchpoint(self, touchpoint_id: str) -> Touchpoint | None:
        return self._index.get(("touchpoint", touchpoint_id))  # type: ignore[return-value]

    def research_source(self, source_id: str) -> ResearchSource | None:
        return self._index.get(("source", source_id))  # type: ignore[return-value]

    def stage(self, stage_id: str) -> Stage | None:
        return self._index.get(("stage", stage_id))  # type: ignore[return-value]

    def step(self, step_id: str) -> Step | None:
        return self._index.get(("step", step_id))  # type: ignore[return-value]

    def pain_points(self) -> Iterator[tuple[Stage, PainPoint]]:
        for stage in self.stages:
            for pain_point in stage.pain_points:
                yield stage, pain_point

    def steps(self) -> Iterator[tuple[Stage, Step]]:
        for stage in self.stages:
            for step in stage.steps:
                yield stage, step

    def cast(self) -> tuple[str, ...]:
        """The map's personas: those it defines and those of included libraries it names anywhere. A step
        or stage that names no persona is every one of them."""
        cached = self._index.get(("cast", ""))  # asked for at every step by views and rules: read the map once
        if cached is None:
            named = set(self.named_personas())
            cached = self._index[("cast", "")] = tuple(p.id for p in self.personas if p.file == self.file or p.id in named)
        return cached

    def named_personas(self) -> Iterator[str]:
        """Every persona id the map's stages, steps, emotion entries and pain points name, repeats included."""
        return _named_personas(self)

    def stage_personas(self, stage: Stage) -> tuple[str, ...]:
        """Who goes through the stage: the personas it lists, else the whole cast."""
        return stage.personas or self.cast()

    def step_personas(self, step: Step, stage: Stage | None = None) -> tuple[str, ...]:
        """Who takes the step: the personas it names, else those of its `stage` (when given), else the whole cast."""
        return step.personas or (self.stage_personas(stage) if stage is not None else self.cast())

    def stage_emotions(self, stage: Stage, persona: str | None = None, state: str | None = None) -> tuple[int, ...]:
        """A stage's point on an emotion curve: the scores of its steps where they carry any, else the stage's
        own, for one persona (None: any) in one state (None: the state the map describes). A stage that is not
        in that state, or that the persona does not go through, has no point."""
        state = state or self.state
        if not in_state(stage, state) or (persona is not None and persona not in self.stage_personas(stage)):
            return ()
        steps = (s for s in stage.steps
                 if in_state(s, state) and (persona is None or persona in self.step_personas(s, stage)))  # fmt: skip
        per_step = tuple(score for step in steps for score in self._scores(step, persona, state, stage))
        return per_step or tuple(self._scores(stage, persona, state))

    def _scores(self, element: Step | Stage, persona: str | None, state: str, stage: Stage | None = None) -> Iterator[int]:
        for reading in self.readings_in(element, state, stage):
            if reading.emotion is not None and reading.concerns(persona):
                yield reading.emotion

    def readings_in(self, element: Step | Stage, state: str, stage: Stage | None = None) -> tuple[Reading, ...]:
        """The element's readings of `state`. A reading that names no state is in its element's (a step only in
        the future journey feels as it will), else in its `stage`'s (for a step, when given), else the map's."""
        written_in = self.written_in(element, stage)
        return tuple(reading for reading in element.readings() if (reading.state or written_in) == state)

    def readings_by_state(self, element: Step | Stage, stage: Stage | None = None) -> dict[str, list[Reading]]:
        """`readings_in` for every state at once, the element's readings read once."""
        written_in = self.written_in(element, stage)
        by_state: dict[str, list[Reading]] = {state: [] for state in STATES}
        for reading in element.readings():
            by_state[reading.state or written_in].append(reading)
        return by_state

    def written_in(self, element: Step | Stage, stage: Stage | None) -> str:
        """The state of the element's readings that name none."""
        return element.state or (stage.state if stage is not None else None) or self.state

    def column(self, stage_id: str) -> int | None:
        """Where a stage stands among the journey's stages, from 0 (the first of that id); None for no stage."""
        columns = self._index.get(("columns", ""))  # asked for at every stage: worked out once
        if columns is None:
            columns = self._index[("columns", "")] = {s.id: i for i, s in reversed(list(enumerate(self.stages)))}
        return columns.get(stage_id)

    def next_stages(self, stage: Stage) -> tuple[str, ...]:
        """Where customers go from a stage: its `next`, else the stage after it (none after the last)."""
        if stage.next:
            return stage.next
        index = self.stages.index(stage)
        return (self.stages[index + 1].id,) if index + 1 < len(self.stages) else ()

    def loops(self) -> bool:
        """Whether some stage leads back to itself or to an earlier one: a journey that cycles."""
        order = {stage.id: index for index, stage in enumerate(self.stages)}
        return any(order.get(target, len(order)) <= index for index, stage in enumerate(self.stages)
                   for target in stage.next)  # fmt: skip


def _named_personas(journey: Journey) -> Iterator[str]:
    """Every persona id the map's stages, steps, emotion entries and pain points name, repeats included."""
    for stage in journey.stages:
        yield from stage.personas
        for reading in stage.emotions:
            yield from (reading.persona,) if reading.persona else ()
        for pain_point in stage.pain_points:
            yield from pain_point.personas
        for step in stage.steps:
            yield from step.personas
            yield from (r.persona for r in step.emotions if r.persona)


_GIVEN_NOTHING: Mapping[str, Any] = {}


class _Reader:
    """Reads one validated document into elements that remember where they were written."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def listed(self, node: dict, key: str, cls: type, path: JsonPath, text_key: str | None = None,
               given: Mapping[str, Any] = _GIVEN_NOTHING) -> tuple:  # fmt: skip
        """The elements of `cls` listed under `node[key]`, each at its own mark in the list (not a walk from
        the top for every element)."""
        listed = node.get(key)
        if not listed:
            return ()
        fields = self.fields
        return tuple([fields(item, cls, (*path, key, index), at, text_key, given)
                      for index, (item, at) in enumerate(zip(listed, self.document.item_positions(listed)))])  # fmt: skip

    def fields(self, node: Any, cls: type, path: JsonPath, position: Position, text_key: str | None = None,
               given: Mapping[str, Any] = _GIVEN_NOTHING) -> Any:  # fmt: skip
        """An element of `cls` from a mapping (or from plain text, stored under `text_key`), with the elements
        listed in it (`_NESTED`) and the `given` values."""
        extensions: dict[str, Any] = {}
        if node.__class__ is str:
            values = {text_key: node}
        else:
            values = {key: tuple(value) if value.__class__ is list else value for key, value in node.items()}
            if not _CONVERTED.isdisjoint(values):
                _convert(values)
            if not keywords(cls).issuperset(values):  # only `x-` keys are not fields
                extensions = {key: value for key, value in node.items() if key.startswith("x-")}
                for key in extensions:
                    del values[key]
            for key, inner, inner_text_key, inner_given in _NESTED.get(cls, ()):
                if key in values:  # absent, it is the field's default: no elements
                    values[key] = self.listed(node, key, inner, path, inner_text_key, inner_given)
        if given:
            values.update(given)
        values["file"], values["path"], values["position"] = self.document.file, path, position
        values["extensions"] = extensions
        return cls.from_values(values)

    def shared(self, key: str, cls: type) -> tuple[Any, ...]:
        return self.listed(self.document.data, key, cls, ())


def _convert(values: dict[str, Any]) -> None:
    """Dates and durations, written as text, as values."""
    for key in _CONVERTED.intersection(values):
        value = values[key]
        if key in _DURATIONS:
            values[key] = Duration.parse(value)
        elif isinstance(value, str):
            values[key] = datetime.date.fromisoformat(value)


# The elements listed in an element: (key, class, the key that holds one written as plain text, values given)
_READINGS_AND_EXITS = (("emotions", Reading, None, {}), ("exits", Exit, "description", {}))
_NESTED: dict[type, tuple[tuple[str, type, str | None, dict[str, Any]], ...]] = {
    Step: _READINGS_AND_EXITS,
    Stage: (("steps", Step, "name", {}), ("pain_points", PainPoint, "description", {}),
            ("opportunities", Opportunity, "description", {}), ("metrics", Metric, None, {}),
            *((lane, Action, "name", {"lane": lane}) for lane in LANES), *_READINGS_AND_EXITS),
}  # fmt: skip

_DATES = frozenset({"reviewed", "resolved", "measured", "date"})
_DURATIONS = frozenset({"duration", "wait"})
_CONVERTED = _DATES | _DURATIONS
_SHARED = (("personas", Persona), ("phases", Phase), ("touchpoints", Touchpoint), ("sources", ResearchSource))
_TOP_LEVEL_SKIPPED = frozenset({"journeymap", "library", "$schema", "stages", *(key for key, _ in _SHARED)})


def build(document: Document, libraries: Sequence[Document] = ()) -> Journey:
    """The Journey of a valid map document, with the shared definitions of its (transitive) libraries."""
    reader = _Reader(document)
    shared = {
        key: reader.shared(key, cls) + tuple(item for library in libraries for item in _Reader(library).shared(key, cls))
        for key, cls in _SHARED
    }
    top = {key: value for key, value in document.data.items() if key not in _TOP_LEVEL_SKIPPED}
    stages = reader.listed(document.data, "stages", Stage, ())
    journey = reader.fields(top, Journey, (), document.position(()),
                            given={**shared, "stages": stages, "format": _format(document.data.get("journeymap"))})
    return journey


def _format(version: Any) -> str:
    return "1.1" if version == 1.1 else "1"  # noqa: PLR2004 -- the two format versions there are


_NOT_DATA = frozenset({"file", "path", "position", "extensions", "_index"})


def as_data(element: Element) -> dict[str, Any]:
    """An element as plain JSON data under the format's own key names, with its `x-` keys as written: only
    what the file says or implies (a step's personas), never the empty defaults."""
    data: dict[str, Any] = {}
    for name in field_names(element):
        value = getattr(element, name)
        if name in _NOT_DATA or value is None or value == () or value is False:
            continue
        data[name] = _plain(value)
    if isinstance(element, Journey):
        data = {"journeymap": 1.1 if data.pop("format") == "1.1" else 1, **data}
    if isinstance(element, Action):
        del data["lane"]  # the key it is listed under
    return {**data, **element.extensions}


def _plain(value: Any) -> Any:
    if isinstance(value, Element):
        return as_data(value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, (datetime.date, Duration)):
        return str(value) if isinstance(value, Duration) else value.isoformat()
    return value
