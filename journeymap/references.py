"""What a schema cannot see: duplicate ids, id clashes with libraries, references that resolve nowhere.

Works on loaded data before (or without) a model, so it reads defensively:
anything of the wrong type is the schema's to report and is skipped here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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


def _dicts(node: Any, key: str, path: JsonPath) -> Iterator[tuple[JsonPath, dict]]:
    """(path, item) for each mapping in the list `node[key]`."""
    items = node.get(key) if isinstance(node, dict) else None
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield (*path, key, index), item


def _stage_children(data: dict, key: str) -> Iterator[tuple[JsonPath, dict]]:
    for stage_path, stage in _dicts(data, "stages", ()):
        yield from _dicts(stage, key, stage_path)


def _definition_sites(data: dict) -> Iterator[tuple[str, JsonPath, dict]]:
    for kind in (*SHARED_KINDS, "stages"):
        for path, item in _dicts(data, kind, ()):
            yield kind, path, item
    for kind in ("steps", "pain_points", "opportunities", "metrics", "exits"):
        for path, item in _stage_children(data, kind):
            yield kind, path, item
    for lane in _LANES:  # one kind in three lanes: an action keeps its id when it moves to another lane
        for path, item in _stage_children(data, lane):
            yield "actions", path, item
    for step_path, step in _stage_children(data, "steps"):
        for path, item in _dicts(step, "exits", step_path):
            yield "exits", path, item


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
            found[kind][item_id] = Definition(kind, item_id, document.file, position, path)
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


def _references(data: dict) -> list[_Reference]:
    """Every reference in a map or library. An aliased element is one object under several paths, written
    once: it is read once. Gathered into a list: generators nested three deep passed every reference up
    through each level."""
    found: list[_Reference] = []
    seen: set[int] = set()
    for persona_path, persona in _dicts(data, "personas", ()):
        _id_list(found, "sources", persona, persona_path)
    for stage_path, stage in _dicts(data, "stages", ()):
        _stage_references(stage, stage_path, seen, found)
    return found


def _stage_references(stage: dict, stage_path: JsonPath, seen: set[int], found: list[_Reference]) -> None:
    if _first_visit(stage, seen):
        found.append(("phases", (*stage_path, "phase"), stage.get("phase")))
        for key, kind in (("touchpoints", "touchpoints"), ("personas", "personas"), ("next", "stages"),
                          ("replaces", "stages"), ("sources", "sources")):  # fmt: skip
            _id_list(found, kind, stage, stage_path, key)
        _readings_and_exits(stage, stage_path, seen, found)
    for step_path, step in _dicts(stage, "steps", stage_path):
        if _first_visit(step, seen):
            found.append(("personas", (*step_path, "persona"), step.get("persona")))
            for key, kind in (("personas", "personas"), ("touchpoints", "touchpoints"), ("replaces", "steps"),
                              ("sources", "sources")):  # fmt: skip
                _id_list(found, kind, step, step_path, key)
            _readings_and_exits(step, step_path, seen, found)
    for opportunity_path, opportunity in _dicts(stage, "opportunities", stage_path):
        if _first_visit(opportunity, seen):
            _id_list(found, "pain_points", opportunity, opportunity_path, key="addresses")
    for pain_path, pain_point in _dicts(stage, "pain_points", stage_path):
        if _first_visit(pain_point, seen):
            _id_list(found, "personas", pain_point, pain_path)
            _id_list(found, "sources", pain_point, pain_path)
    for metric_path, metric in _dicts(stage, "metrics", stage_path):
        if _first_visit(metric, seen):
            _id_list(found, "sources", metric, metric_path)
    for lane in _LANES:
        for action_path, action in _dicts(stage, lane, stage_path):
            if _first_visit(action, seen):
                for key in ("touchpoints", "steps", "sources"):
                    _id_list(found, key, action, action_path)


def _readings_and_exits(node: dict, path: JsonPath, seen: set[int], found: list[_Reference]) -> None:
    for reading_path, reading in _dicts(node, "emotions", path):
        if _first_visit(reading, seen):
            found.append(("personas", (*reading_path, "persona"), reading.get("persona")))
            _id_list(found, "sources", reading, reading_path)
    for exit_path, exit_ in _dicts(node, "exits", path):
        if _first_visit(exit_, seen):
            found.append(("stages", (*exit_path, "returns_to"), exit_.get("returns_to")))
            _id_list(found, "sources", exit_, exit_path)


def _first_visit(node: dict, seen: set[int]) -> bool:
    if id(node) in seen:
        return False
    seen.add(id(node))
    return True


def _id_list(found: list[_Reference], kind: str, node: dict, path: JsonPath, key: str | None = None) -> None:
    key = key or kind
    values = node.get(key)
    if isinstance(values, list):
        for index, value in enumerate(values):
            found.append((kind, (*path, key, index), value))


def unresolved(document: Document, available: Definitions, shared: bool = True) -> list[Problem]:
    """A problem for each place that refers to an id no definition provides (an aliased place once).

    `shared=False` leaves out references to kinds libraries define, when a library could not be used.
    """
    problems: dict[tuple[Position, str], Problem] = {}
    explained: dict[tuple[str, str], tuple[str, str | None]] = {}  # one did-you-mean per distinct unknown id
    for kind, path, value in _references(document.data):
        if not isinstance(value, str) or value in available.get(kind, {}) or (not shared and kind in SHARED_KINDS):
            continue
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
