"""What a schema cannot see: duplicate ids, id clashes with libraries, references that resolve nowhere.

Works on loaded data before (or without) a model, so it reads defensively:
anything of the wrong type is the schema's to report and is skipped here.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from typing import Any

from journeymap import checks
from journeymap.loader import Document
from journeymap.problems import JsonPath, Position, Problem, quote
from journeymap.record import Tuple
from journeymap.suggest import KIND_WORDS, did_you_mean

SHARED_KINDS = ("personas", "phases", "touchpoints", "sources")  # what libraries may define
_LANES = ("frontstage", "backstage", "support")


class Definition(Tuple):
    kind: str
    id: str
    file: str
    position: Position
    path: JsonPath


Definitions = Mapping[str, Mapping[str, Definition]]  # kind -> id -> first definition


def _definition_sites(data: dict) -> list[tuple[str, JsonPath, dict]]:
    """(kind, path, element) of every element that may have an id: the shared kinds and the stages, then the
    parts of all stages kind by kind, then the actions of every lane, then the exits of every step. The
    stages are gone through once, each part put with the others of its kind."""
    sites: list[tuple[str, JsonPath, dict]] = []
    for kind in (*SHARED_KINDS, "stages"):
        sites += _mappings(kind, data.get(kind), (kind,))
    parts: dict[str, list[tuple[str, JsonPath, dict]]] = {key: [] for key in (*_STAGE_KINDS, *_LANES)}
    step_exits: list[tuple[str, JsonPath, dict]] = []
    stages = data.get("stages")
    for index, stage in enumerate(stages if isinstance(stages, list) else ()):
        if not isinstance(stage, dict):
            continue
        for key, found in parts.items():
            found += _mappings("actions" if key in _LANES else key, stage.get(key), ("stages", index, key))
        for _, step_path, step in _mappings("steps", stage.get("steps"), ("stages", index, "steps")):
            step_exits += _mappings("exits", step.get("exits"), (*step_path, "exits"))
    for found in parts.values():
        sites += found
    return sites + step_exits


def _mappings(kind: str, items: Any, path: JsonPath) -> list[tuple[str, JsonPath, dict]]:
    """(kind, path, item) of each mapping in `items` when it is a list, `path` being the list's."""
    if not isinstance(items, list):
        return []
    return [(kind, (*path, index), item) for index, item in enumerate(items) if isinstance(item, dict)]


_STAGE_KINDS = ("steps", "pain_points", "opportunities", "metrics", "exits")  # the parts of a stage with ids


def own_definitions(document: Document) -> tuple[dict[str, dict[str, Definition]], list[Problem]]:
    """The ids this document defines, and a problem for each id defined twice."""
    found: dict[str, dict[str, Definition]] = {kind: {} for kind in KIND_WORDS}
    problems = []
    for kind, path, item in _definition_sites(document.data):
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        position = document.child_position(item, "id")  # the same as position((*path, "id")), without the walk
        first = found[kind].get(item_id)
        if first is None:
            # made as its named tuple's `_make` makes it, without a call in Python for each of a map's ids
            found[kind][item_id] = tuple.__new__(Definition, (kind, item_id, document.file, position, path))
            continue
        message = (
            f"duplicate {KIND_WORDS[kind]} id {quote(item_id)} (first defined at line {first.position.line}); "
            "ids must be unique, rename one"
            if first.position != position
            else f"{KIND_WORDS[kind]} {quote(item_id)} is listed twice through an alias; list it once"
        )
        problems.append(checks.DUPLICATE_ID.problem(document.file, position, message, (*path, "id")))
    return found, problems


def clashes(own: Definitions, included: Definitions, file: str) -> list[Problem]:
    """A problem for each id this file defines that an included library defines too."""
    problems = []
    for kind in SHARED_KINDS:
        for item_id, definition in own.get(kind, {}).items():
            other = included.get(kind, {}).get(item_id)
            if other is not None:
                message = (
                    f"{KIND_WORDS[kind]} id {quote(item_id)} is also defined in included file "
                    f"{other.file}:{other.position}; rename one"
                )
                problems.append(checks.DUPLICATE_ID.problem(file, definition.position, message, (*definition.path, "id")))
    return problems


def merge(
    target: dict[str, dict[str, Definition]], source: Definitions, file: str, position: Position, path: JsonPath
) -> list[Problem]:
    """Add `source`'s shared definitions to `target`; two libraries defining one id is a problem at `position`."""
    problems = []
    for kind in SHARED_KINDS:
        bucket = target.setdefault(kind, {})
        for item_id, definition in source.get(kind, {}).items():
            first = bucket.get(item_id)
            if first is None:
                bucket[item_id] = definition
            elif first != definition:
                message = (
                    f"{KIND_WORDS[kind]} id {quote(item_id)} is defined in both {first.file}:{first.position} "
                    f"and {definition.file}:{definition.position}; rename one"
                )
                problems.append(checks.DUPLICATE_ID.problem(file, position, message, path))
    return problems


_Reference = tuple[str, JsonPath, Any]  # the kind referred to, the path of the reference, the id written


class _Unresolved:
    """The references of a map or library to ids `available` does not hold, in the order written. An aliased
    element is one object under several paths, written once: it is read once. The walk is loops over the
    data, and a path is made only for a reference found unresolved: a generator for every list, and a path
    for every reference, were most of the time it took."""

    __slots__ = ("available", "shared", "seen", "found")

    def __init__(self, available: Definitions, shared: bool) -> None:
        self.available, self.shared = available, shared
        self.seen: set[int] = set()
        self.found: list[_Reference] = []

    def document(self, data: dict) -> list[_Reference]:
        for index, persona in enumerate(_listed(data, "personas")):
            if isinstance(persona, dict):
                self.ids("sources", persona, ("personas", index))
        for index, stage in enumerate(_listed(data, "stages")):
            if isinstance(stage, dict):
                self.stage(stage, ("stages", index))
        return self.found

    def stage(self, stage: dict, path: JsonPath) -> None:
        if self.first_visit(stage):
            self.one("phases", stage, "phase", path)
            self.lists(stage, path, _STAGE_IDS)
            self.readings_and_exits(stage, path)
        for index, step in enumerate(_listed(stage, "steps")):
            if isinstance(step, dict) and self.first_visit(step):
                step_path = (*path, "steps", index)
                self.one("personas", step, "persona", step_path)
                self.lists(step, step_path, _STEP_IDS)
                self.readings_and_exits(step, step_path)
        for key, lists in _STAGE_PARTS:
            for index, part in enumerate(_listed(stage, key)):
                if isinstance(part, dict) and self.first_visit(part):
                    self.lists(part, (*path, key, index), lists)

    def readings_and_exits(self, node: dict, path: JsonPath) -> None:
        for key, single, kind in (("emotions", "persona", "personas"), ("exits", "returns_to", "stages")):
            for index, item in enumerate(_listed(node, key) if key in node else ()):
                if isinstance(item, dict) and self.first_visit(item):
                    self.one(kind, item, single, (*path, key, index))
                    self.ids("sources", item, (*path, key, index))

    def first_visit(self, node: dict) -> bool:
        if id(node) in self.seen:
            return False
        self.seen.add(id(node))
        return True

    def one(self, kind: str, node: dict, key: str, path: JsonPath) -> None:
        """A reference held by one key (a step's `persona`)."""
        value = node.get(key)
        if isinstance(value, str) and value not in self.known(kind):
            self.found.append((kind, (*path, key), value))

    def lists(self, node: dict, path: JsonPath, lists: tuple[tuple[str, str], ...]) -> None:
        """`ids` of each (key, kind) of `lists` that `node` has: most have a few."""
        for key, kind in lists:
            if key in node:
                self.ids(kind, node, path, key)

    def ids(self, kind: str, node: dict, path: JsonPath, key: str | None = None) -> None:
        """The references listed under `key` (the kind's own name unless given)."""
        key = key or kind
        values, known = node.get(key), self.known(kind)
        if isinstance(values, list):
            for index, value in enumerate(values):
                if isinstance(value, str) and value not in known:
                    self.found.append((kind, (*path, key, index), value))

    def known(self, kind: str) -> Container[str]:
        """The ids of `kind` a reference may name; every id, when references to it are not looked at."""
        return self.available.get(kind, {}) if self.shared or kind not in SHARED_KINDS else _EVERY_ID


class _EveryId:
    def __contains__(self, value: object) -> bool:
        return True


_EVERY_ID = _EveryId()


def _listed(node: dict, key: str) -> list:
    """The list under `key`, or none when something else is written there (the schema's to report)."""
    items = node.get(key)
    return items if isinstance(items, list) else []


# (key, kind) of the id lists of a stage and a step; and of the parts of a stage with their id lists
_STAGE_IDS = (("touchpoints", "touchpoints"), ("personas", "personas"), ("next", "stages"), ("replaces", "stages"),
              ("sources", "sources"))  # fmt: skip
_STEP_IDS = (("personas", "personas"), ("touchpoints", "touchpoints"), ("replaces", "steps"), ("sources", "sources"))
_STAGE_PARTS = (
    ("opportunities", (("addresses", "pain_points"),)),
    ("pain_points", (("personas", "personas"), ("sources", "sources"))),
    ("metrics", (("sources", "sources"),)),
    *((lane, (("touchpoints", "touchpoints"), ("steps", "steps"), ("sources", "sources"))) for lane in _LANES),
)


def unresolved(document: Document, available: Definitions, shared: bool = True) -> list[Problem]:
    """A problem for each place that refers to an id no definition provides (an aliased place once).

    `shared=False` leaves out references to kinds libraries define, when a library could not be used.
    """
    problems: dict[tuple[Position, str], Problem] = {}
    explained: dict[tuple[str, str], tuple[str, str | None]] = {}  # one did-you-mean per distinct unknown id
    for kind, path, value in _Unresolved(available, shared).document(document.data):
        position = document.position(path)
        if (position, value) in problems:
            continue
        if (kind, value) not in explained:
            explained[kind, value] = _unknown_message(kind, value, available.get(kind, {}))
        message, suggestion = explained[kind, value]
        problems[position, value] = checks.UNKNOWN_REFERENCE.problem(document.file, position, message, path, suggestion)
    return list(problems.values())


_LISTED_IDS = 12  # a longer list of known ids is noise in a one-line message


def _unknown_message(kind: str, value: str, known: Mapping[str, Definition]) -> tuple[str, str | None]:
    tail, suggestion = did_you_mean(value, known)
    if not suggestion and known:
        names = sorted(known)
        more = f", … ({len(names)} in all)" if len(names) > _LISTED_IDS else ""
        tail = f"; defined {KIND_WORDS[kind]} ids: {', '.join(names[:_LISTED_IDS])}{more}"
    elif not suggestion:
        tail = f"; this map defines no {kind.replace('_', ' ')}"
    return f"unknown {KIND_WORDS[kind]} {quote(value)}{tail}", suggestion
