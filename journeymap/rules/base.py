"""What rules receive and return."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from journeymap.loader import Document
from journeymap.model import Element, Journey, Stage
from journeymap.problems import JsonPath, Position, quote
from journeymap.record import Tuple

Pattern = tuple[str, ...]  # a path with every list index as "*"
Listed = Mapping[Pattern, frozenset[str]]  # the keys a mapping at each pattern may hold
Onward = Mapping[Pattern, Mapping[str, Pattern]]  # the keys that lead on from each pattern, and to what


class Option(Tuple):
    default: Any
    type: type
    help: str
    minimum: int | None = None


class Finding(Tuple):
    """What a rule found: where (a JSON path into the map, or a text position) and what to say."""

    path: JsonPath
    message: str
    position: Position | None = None  # for findings about the text itself, such as comments


class UnusedSuppression(Tuple):
    """A key in a suppression comment that covered no finding, or that names no rule: what the suppression
    stage, after the rules, gives the rules that judge suppressions."""

    position: Position
    key: str
    whole_file: bool
    known: bool  # whether the key names a rule
    suggestion: str | None = None  # for an unknown key, the rule it probably means


class TextValue(Tuple):
    """A text value as written in the file: where it is, what it says, and how to name it in a message."""

    path: JsonPath
    text: str
    where: str  # "'goal' in stage 'checkout'"


class Source:
    """A file as written, for rules about the writing itself (placeholders) rather than the journey: rules see
    this and the model, never the parsed YAML."""

    __slots__ = ("_document",)

    def __init__(self, document: Document) -> None:
        self._document = document

    @property
    def text(self) -> str:
        return self._document.text

    def text_values(self) -> Iterator[TextValue]:
        """Every text value written in the file, once (an aliased one is written once), outside the `x-`
        extension keys (the user's own data, and scratch space for anchors), at any level."""
        from journeymap.suggest import describe_field

        data, seen = self._document.data, set()
        for path, text in _strings(data, ()):
            if id(text) not in seen:
                seen.add(id(text))
                yield TextValue(path, text, describe_field(data, path))

    def key_paths(self) -> Iterator[JsonPath]:
        """The path of every key written in the file, in the order written (keys a merge key `<<` brings
        come after the mapping's own), once: an aliased mapping is written once. An `x-` key is given, but
        not what it holds (the user's own data)."""
        return _keys(self._document.data, (), set())

    def keys_outside(self, listed: Mapping[Pattern, frozenset[str]]) -> list[tuple[Pattern, JsonPath]]:
        """`key_paths` of the keys that the mappings at `listed`'s patterns (paths with every list index as
        "*", such as ("stages", "*")) hold but their pattern does not list, each with its mapping's pattern."""
        if self._document.repeats_containers:  # an alias: what was seen before is skipped, so walk it all
            in_listed = ((pattern_of(path[:-1]), path) for path in self.key_paths())
            return [(pattern, path) for pattern, path in in_listed
                    if pattern in listed and str(path[-1]) not in listed[pattern]]  # fmt: skip
        onward = _onward_of(listed)
        if not _any_outside(self._document.data, (), listed, onward):
            return []  # most files: the walk in the order written is left for those it finds something in
        found: list[tuple[Pattern, JsonPath]] = []
        _collect_outside(self._document.data, (), (), listed, onward, found)
        return found

    def where(self, path: JsonPath) -> str:
        """How a message names the key or value at `path`: "'goal' in stage 'checkout'"."""
        from journeymap.suggest import describe_field

        return describe_field(self._document.data, path)


def _keys(node: Any, path: JsonPath, seen: set[int]) -> Iterator[JsonPath]:
    if not isinstance(node, (dict, list)) or id(node) in seen:
        return  # a scalar holds no keys; a container seen before is an alias of it
    seen.add(id(node))
    if isinstance(node, list):
        for index, value in enumerate(node):
            yield from _keys(value, (*path, index), seen)
        return
    for key, value in node.items():
        yield (*path, key)
        if not key.startswith("x-"):
            yield from _keys(value, (*path, key), seen)


def pattern_of(path: JsonPath) -> Pattern:
    """A path with every list index as "*": what it has in common with its siblings in other items."""
    return tuple("*" if isinstance(part, int) else str(part) for part in path)


_ONWARD: dict[int, tuple[Mapping[Pattern, frozenset[str]], dict[Pattern, dict[str, Pattern]]]] = {}


def _onward_of(listed: Mapping[Pattern, frozenset[str]]) -> dict[Pattern, dict[str, Pattern]]:
    """`_onward` of a rule's patterns, worked out once rather than for every file."""
    known = _ONWARD.get(id(listed))
    if known is None or known[0] is not listed:
        known = _ONWARD[id(listed)] = (listed, _onward(listed))
    return known[1]


def _onward(patterns: Collection[Pattern]) -> dict[Pattern, dict[str, Pattern]]:
    """For each pattern on the way to `patterns`, the keys (or "*", into a list) that lead on, and to what."""
    onward: dict[Pattern, dict[str, Pattern]] = {}
    for pattern in patterns:
        for end in range(len(pattern)):
            onward.setdefault(pattern[:end], {})[pattern[end]] = pattern[: end + 1]
    return onward


def _any_outside(node: dict, pattern: Pattern, listed: Listed, onward: Onward) -> bool:
    """Whether `_collect_outside` would find a key in the mapping `node` at `pattern`. Order does not matter
    here, so a mapping is entered through the few keys that lead on, looked up, rather than key by key."""
    keys = listed.get(pattern)
    if keys is not None and not node.keys() <= keys:
        return True
    for key, inner in onward.get(pattern, _NO_LEADS).items():
        value = node.get(key)
        if isinstance(value, dict) and _any_outside(value, inner, listed, onward):
            return True
        if isinstance(value, list) and _any_outside_items(value, inner, listed, onward):
            return True
    return False


def _any_outside_items(items: list, pattern: Pattern, listed: Listed, onward: Onward) -> bool:
    """`_any_outside` of the items of a list at `pattern`."""
    inner = onward.get(pattern, _NO_LEADS).get("*")
    if inner is None:
        return False
    keys, deeper = listed.get(inner), onward.get(inner)
    for item in items:
        if isinstance(item, dict):
            if keys is not None and not item.keys() <= keys:
                return True
            if deeper and _any_outside(item, inner, listed, onward):
                return True
        elif isinstance(item, list) and deeper and _any_outside_items(item, inner, listed, onward):
            return True
    return False


_NO_LEADS: Mapping[str, Pattern] = {}


def _collect_outside(  # noqa: PLR0913
    node: Any, path: JsonPath, pattern: Pattern, listed: Mapping[Pattern, frozenset[str]],
    onward: Mapping[Pattern, Mapping[str, Pattern]], found: list[tuple[Pattern, JsonPath]],
) -> None:  # fmt: skip
    """`keys_outside` of a document where no list or mapping is repeated, entering only the lists and mappings
    on the way to `listed`'s patterns, in the order written; a mapping whose keys are all listed is not
    looked at key by key (most are), and a key path is made only for what is found or entered."""
    leads = onward.get(pattern)
    if isinstance(node, dict):
        keys = listed.get(pattern)
        judged = keys is not None and not keys.issuperset(node)
        if not judged and not leads:
            return
        for key, value in node.items():
            if judged and str(key) not in keys:  # type: ignore[operator]
                found.append((pattern, (*path, key)))
            inner = leads.get(key) if leads else None
            if inner is not None and isinstance(value, (dict, list)):
                _collect_outside(value, (*path, key), inner, listed, onward, found)
    elif isinstance(node, list) and leads and (inner := leads.get("*")) is not None:
        keys, deeper = listed.get(inner), onward.get(inner)
        for index, value in enumerate(node):
            # an item with nothing beyond it to enter, and every key listed (most steps), is passed over here
            if deeper or (keys is not None and isinstance(value, dict) and not keys.issuperset(value)):
                if isinstance(value, (dict, list)):
                    _collect_outside(value, (*path, index), inner, listed, onward, found)


def _strings(node: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("x-"):
                yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))


class Context(Tuple):
    """What rules look at: the journey's model, its source as written, and today's date."""

    journey: Journey
    source: Source
    today: datetime.date

    def own(self, element: Element) -> bool:
        """Whether the element is written in this map rather than in an included library."""
        return element.file == self.journey.file


def stages_lacking(context: Context, lacks: Callable[[Stage], bool], what: str, advice: str) -> Iterator[Finding]:
    """For each stage that `lacks` something: "stage 'X' has no <what>; <advice>", at the stage."""
    for stage in context.journey.stages:
        if lacks(stage):
            yield Finding(stage.path, f"stage {quote(stage.name)} has no {what}; {advice}")
