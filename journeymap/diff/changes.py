"""The values a diff is made of: a `MapDiff` per map, its `Change`s and emotion `Curve`s.

Every value is frozen, down to the plain data it carries (lists are tuples, mappings are `Frozen`), and
has `as_data()`: plain JSON data with every key always present, so that a JSON export is stable and a
format never has to ask whether a key exists.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from journeymap.model import Element, Journey
from journeymap.problems import Problem
from journeymap.record import Record

SIDES = ("base", "head")  # the revision a map is read from: before the change, and after it
SEVERITIES = ("high", "medium", "low", "info")  # most important first

ELEMENTS = (
    "map", "stage", "step", "touchpoint", "persona", "phase", "source", "pain-point", "opportunity", "metric",
    "action", "finding",
)  # fmt: skip
_LISTED = ("stage", "step", "touchpoint", "persona", "phase", "source", "pain-point", "opportunity", "metric", "action")
_MOVABLE = ("stage", "step", "pain-point", "opportunity", "metric", "action")

KINDS = (
    "map-added", "map-removed", "map-renamed", "map-changed", "review-date-changed",
    *(f"{element}-{what}" for element in _LISTED for what in ("added", "removed", "changed")),
    *(f"{element}-moved" for element in _MOVABLE),
    "pain-point-resolved", "pain-point-reopened",
    "opportunity-status-forward", "opportunity-status-back",
    "metric-toward-target", "metric-away-from-target",
    "emotion-dropped", "emotion-rose", "emotion-added", "emotion-removed",
    "finding-introduced", "finding-fixed",
)  # fmt: skip
"""Every kind of change there is: a closed set, for sections, policies and the JSON schema."""


class Frozen(Mapping[str, Any]):
    """A mapping that cannot change, and can be hashed, for the plain data a change carries."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        self._items = dict(items or {})

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        return f"Frozen({self._items!r})"


EMPTY = Frozen()


def freeze(value: Any) -> Any:
    """Plain JSON data (model.as_data) made immutable: lists become tuples, mappings `Frozen`."""
    if isinstance(value, Mapping):
        return Frozen({key: freeze(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """Frozen data back as plain JSON data: tuples become lists, mappings dicts."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


class MapSide(Record, positional=True):
    """One side of a map: where it is (as shown to the user), its model, and the lint findings on it."""

    path: str
    journey: Journey
    findings: Sequence[Problem] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "findings", tuple(self.findings))


class Where(Record, positional=True):
    """Where a change can be seen: the side it comes from (a removal: "base"), the file and its line:column."""

    side: str
    file: str
    line: int
    column: int

    @classmethod
    def of(cls, side: str, element: Element) -> Where:
        return cls(side, element.file, element.position.line, element.position.column)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def as_data(self) -> dict[str, Any]:
        return {"side": self.side, "file": self.file, "line": self.line, "column": self.column}


class FieldChange(Record, positional=True):
    """One field of an element before and after, as plain data; None where the field is not written."""

    field: str
    old: Any
    new: Any

    def __post_init__(self) -> None:
        object.__setattr__(self, "old", freeze(self.old))
        object.__setattr__(self, "new", freeze(self.new))

    def as_data(self) -> dict[str, Any]:
        return {"field": self.field, "old": thaw(self.old), "new": thaw(self.new)}


class Change(Record):
    """One thing that changed in a map, with a one-line summary a CX lead can read.

    `element` is the kind of element it is about (one of `ELEMENTS`), `id` its id and `name` its name (the
    description of a pain point or opportunity, the message of a finding); `stage` the id of the stage it is
    in on the side it comes from. `fields` lists what changed, old and new. `persona` and `state` say whose
    emotion, in which state (emotion kinds). `delta` is new minus old: an emotion score, a metric's actual.
    `moment_of_truth`: the step or stage is one. `addressed_by`: for a pain point, the descriptions of the
    opportunities that address it after the change. `data` is the element itself on its side, as plain
    data without the elements nested in it (a finding: its code, name, severity, message and element path;
    an emotion change and the review date carry none).
    """

    kind: str
    severity: str
    element: str
    summary: str
    id: str | None = None
    name: str | None = None
    stage: str | None = None
    fields: tuple[FieldChange, ...] = ()
    persona: str | None = None
    state: str | None = None
    where: Where | None = None
    delta: float | None = None
    moment_of_truth: bool = False
    addressed_by: tuple[str, ...] = ()
    data: Mapping[str, Any] = EMPTY

    def __post_init__(self) -> None:
        # programming errors, never the user's: every kind, severity and element is one of the closed sets
        if self.kind not in KINDS or self.severity not in SEVERITIES or self.element not in ELEMENTS:
            raise ValueError(f"not a change: {self.kind!r}, {self.severity!r}, {self.element!r}")
        object.__setattr__(self, "data", freeze(self.data))

    @property
    def rank(self) -> int:
        """0 for the most important severity, for sorting."""
        return SEVERITIES.index(self.severity)

    def changed_field(self, name: str) -> FieldChange | None:
        """The change of one field, if that field changed."""
        return next((change for change in self.fields if change.field == name), None)

    def as_data(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "element": self.element,
            "id": self.id,
            "name": self.name,
            "stage": self.stage,
            "persona": self.persona,
            "state": self.state,
            "fields": [change.as_data() for change in self.fields],
            "delta": self.delta,
            "moment_of_truth": self.moment_of_truth,
            "addressed_by": list(self.addressed_by),
            "where": self.where.as_data() if self.where else None,
            "summary": self.summary,
            "data": thaw(self.data),
        }


Point = tuple[str, float | None]  # a stage id and the score there; None: no reading for that persona and state


class Curve(Record, positional=True):
    """One persona's emotion curve in one state, before and after: a point per stage, in the stages' order.

    `persona` is None for a map without personas; a side without the persona (or without the map) has no
    points. `persona_name` is the persona's name after the change (before it, for a persona removed); None
    with no persona.
    """

    persona: str | None
    state: str
    base: tuple[Point, ...]
    head: tuple[Point, ...]
    persona_name: str | None = None

    @property
    def changed(self) -> bool:
        return self.base != self.head

    def as_data(self) -> dict[str, Any]:
        def points(side: tuple[Point, ...]) -> list[dict[str, Any]]:
            return [{"stage": stage, "score": score} for stage, score in side]

        return {"persona": self.persona, "persona_name": self.persona_name, "state": self.state,
                "base": points(self.base), "head": points(self.head)}  # fmt: skip


class MapDiff(Record, positional=True):
    """What changed in one map between two sides, most important change first.

    `base_path` is None for a map added, `head_path` None for one removed; two different paths are a
    rename. `title` is the map's title after the change (before, for a removed map).
    """

    base_path: str | None
    head_path: str | None
    title: str | None
    changes: tuple[Change, ...]
    curves: tuple[Curve, ...] = ()

    @property
    def path(self) -> str:
        """The map's path after the change, or before it for a removed map."""
        return self.head_path or self.base_path or ""

    @property
    def status(self) -> str:
        """"added", "removed", "renamed", "changed" or "unchanged"."""
        if self.base_path is None:
            return "added"
        if self.head_path is None:
            return "removed"
        if self.base_path != self.head_path:
            return "renamed"
        return "changed" if self.changes else "unchanged"

    def counts(self) -> dict[str, int]:
        """How many changes of each severity, every severity present, most important first."""
        found = {severity: 0 for severity in SEVERITIES}
        for change in self.changes:
            found[change.severity] += 1
        return found

    def as_data(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "base_path": self.base_path,
            "head_path": self.head_path,
            "status": self.status,
            "title": self.title,
            "counts": self.counts(),
            "changes": [change.as_data() for change in self.changes],
            "curves": [curve.as_data() for curve in self.curves],
        }
