"""Bytes -> plain data plus a position for every key and value.

libyaml's C parser produces events; a small iterative builder turns them into
dicts, lists and scalars. Building it ourselves (instead of `yaml.load`) is what
lets us enforce every hostile-input limit while the events stream in, resolve
scalars by YAML 1.2 core rules, and keep positions beside the data rather than
inside it. All limits live here.
"""

from __future__ import annotations

import codecs
import math
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from journeymap import checks
from journeymap.problems import START, JsonPath, Position, Problem, quote
from journeymap.record import Tuple

_Parser = getattr(yaml, "CBaseLoader", None) or yaml.BaseLoader  # the pure-Python parser only if libyaml is absent


class Limits(Tuple):
    max_bytes: int = 4 * 1024 * 1024  # the largest real maps are tens of kilobytes
    max_depth: int = 64  # a map nests about 8 levels deep
    # Values after alias expansion. Real maps hold a few thousand; 50,000 load in about half a second,
    # so no file, however written, keeps a pre-commit hook waiting.
    max_nodes: int = 50_000
    # Values that aliases repeat: real maps reuse a list or a template here and there. Each copy is
    # checked again, so this bounds the work a small file can ask for.
    max_alias_values: int = 10_000


DEFAULT_LIMITS = Limits()

# Positions are kept as (line, column) tuples, 1-based, and made Position on demand.
_Mark = tuple[int, int]


class _Marks:
    """Where a container starts, and where each child's key and value start."""

    __slots__ = ("start", "keys", "values")

    def __init__(self, start: _Mark) -> None:
        self.start = start
        self.keys: dict[str, _Mark] = {}
        self.values: dict[Any, _Mark] = {}


class Document:
    """A loaded YAML file: its data, its text, and a position for every node."""

    __slots__ = ("file", "data", "text", "_marks", "hash_spans", "has_non_finite", "repeats_containers")

    def __init__(  # noqa: PLR0913
        self, file: str, data: dict[str, Any], text: str, marks: dict[int, _Marks],
        hash_spans: tuple[tuple[_Mark, _Mark], ...] = (), has_non_finite: bool = False,
        repeats_containers: bool = True,
    ) -> None:  # fmt: skip
        self.file = file
        self.data = data
        self.text = text
        self._marks = marks
        # Where quoted and block scalars holding a '#' start and end: a '#' inside one is text, not a comment.
        self.hash_spans = hash_spans
        self.has_non_finite = has_non_finite  # holds .inf, .nan or an overflowing float
        # An alias repeats a list or mapping: the same one is found at several paths (False: every path its own).
        self.repeats_containers = repeats_containers

    def in_text_value(self, line: int, column: int) -> bool:
        """Whether (line, column) lies inside a quoted or block scalar, so a '#' there is not a comment."""
        return any(start < (line, column) < end for start, end in self.hash_spans)

    def position(self, path: JsonPath) -> Position:
        """Where the value at `path` starts; the nearest existing ancestor when it does not exist."""
        line, column = self._locate(path, key=False)
        return Position(line, column)

    def key_position(self, path: JsonPath) -> Position:
        """Where the key of the mapping entry at `path` starts (the value's position for list items)."""
        line, column = self._locate(path, key=True)
        return Position(line, column)

    def child_position(self, container: dict | list, key: str | int) -> Position:
        """Where the value under `key` of `container` (a list or mapping of this document that holds it)
        starts: what `position` gives for its path, without walking the path from the top."""
        return tuple.__new__(Position, self._marks[id(container)].values[key])  # a mark is (line, column) already

    def item_positions(self, container: list) -> list[Position]:
        """Where each item of `container` (a list of this document) starts: `child_position` of every index."""
        made = tuple.__new__  # a mark is (line, column) already: made a Position without a call in Python
        return [made(Position, mark) for mark in self._marks[id(container)].values.values()]

    def _locate(self, path: JsonPath, key: bool) -> _Mark:
        node: Any = self.data
        marks = self._marks[id(node)]
        found = marks.start
        for depth, part in enumerate(path):
            last = depth == len(path) - 1
            if key and last and part in marks.keys:
                return marks.keys[part]
            if part not in marks.values:
                return found
            found = marks.values[part]
            node = node[part]
            child = self._marks.get(id(node)) if isinstance(node, (dict, list)) else None
            if child is None:
                return found
            marks = child
        return found


class LoadError(Exception):
    """Internal: stops the builder; always turned into a Problem before leaving this module."""

    def __init__(self, check: checks.Check, mark: _Mark, message: str) -> None:
        super().__init__(message)
        self.check = check
        self.mark = mark
        self.message = message


# YAML 1.2 core schema, exactly as editors read it (the YAML language server checks maps against the
# published schema with it): `010` is the number 10, so validate and the editor refuse it alike where
# text is expected.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_INT_BASED = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip
_WORDS = {**dict.fromkeys(_NULLS - {"", "~"}), **_BOOLS}  # the plain words that are not text, and their values
MAX_NUMBER_CHARS = 400  # Python refuses to parse very long integers; nobody writes them in a map


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under YAML 1.2 core rules."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if text[0].isalpha():  # most scalars are words: no number starts with a letter
        return text
    if len(text) > MAX_NUMBER_CHARS:
        return text
    if _INT.fullmatch(text):
        return int(text)
    if _INT_BASED.fullmatch(text):
        return int(text[2:], 8 if text[1] == "o" else 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    return text


_RESOLVED: dict[str, Any] = {}  # what `_resolved` has worked out: maps repeat their numbers (scores, counts)
_RESOLVED_MAX = 4096


def _resolved(text: str) -> Any:
    """`resolve_plain` of a plain scalar that is not a word; a value that is not text (a number, a null) is
    remembered for the next time it is written. Text is never shared: each scalar written is its own object,
    and only an alias repeats one (rules tell repeats written once by their identity)."""
    value = _RESOLVED.get(text, _RESOLVED)
    if value is _RESOLVED:
        value = resolve_plain(text)
        if value.__class__ is str:
            return text
        if len(_RESOLVED) < _RESOLVED_MAX and len(text) <= 32:  # noqa: PLR2004 -- numbers, not prose
            _RESOLVED[text] = value
    return value


_CORE = "tag:yaml.org,2002:"
_STR_TAGS = frozenset({"!", _CORE + "str"})


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _tagged_scalar(tag: str, text: str, mark: _Mark) -> Any:
    """A scalar with an explicit core tag (`!!str 5`); any other tag is refused."""
    if tag in _STR_TAGS:
        return text
    expected = {_CORE + "int": int, _CORE + "float": float, _CORE + "bool": bool}.get(tag)
    if tag == _CORE + "null" and text in _NULLS:
        return None
    value = resolve_plain(text)
    if expected is not None and type(value) in ((int, float) if expected is float else (expected,)):
        return float(value) if expected is float else value
    if expected is not None or tag == _CORE + "null":
        raise LoadError(checks.UNSUPPORTED_YAML, mark, f"{text!r} is not a valid {_show_tag(tag)} value")
    raise _refused_tag(tag, mark)


def _refused_tag(tag: str, mark: _Mark) -> LoadError:
    return LoadError(
        checks.UNSUPPORTED_YAML,
        mark,
        f"YAML tag {_show_tag(tag)} is not allowed; journeymap reads plain data only, remove the tag",
    )


def _mark(event: Any) -> _Mark:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


class _Frame:
    """A container being built: its value, marks and anchor, the key waiting for its value, and how many
    values the builder had attached when it started (what it holds is the count at its end less that)."""

    __slots__ = ("value", "is_map", "marks", "key_marks", "value_marks", "anchor", "values_before", "key",
                 "key_mark", "merges")  # fmt: skip

    def __init__(self, value: dict | list, marks: _Marks, anchor: str | None, values_before: int) -> None:
        self.value = value
        self.is_map = value.__class__ is dict
        self.marks = marks
        self.key_marks, self.value_marks = marks.keys, marks.values  # one lookup less for every value
        self.anchor = anchor
        self.values_before = values_before
        self.key: str | None = None
        self.key_mark: _Mark | None = None  # None with a key: the merge key '<<', not an entry of its own
        self.merges: list[tuple[dict, _Marks]] = []


class _Builder:
    """Turns the event stream of one document into data and marks, enforcing limits."""

    __slots__ = ("limits", "marks", "anchors", "open_anchors", "key_texts", "stack", "nodes", "values",
                 "alias_values", "documents", "non_finite", "repeats_containers", "root", "root_mark",
                 "duplicates", "hash_spans")  # fmt: skip

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.marks: dict[int, _Marks] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.key_texts: dict[str, str] = {}  # what an anchored scalar says, for an alias used as a key
        self.stack: list[_Frame] = []
        self.nodes = 0
        self.values = 0  # values attached, a container and each alias's repeated values included
        self.alias_values = 0
        self.documents = 0
        self.non_finite = False  # .inf, .nan or 1e999 somewhere: the schema check looks for them only then
        self.repeats_containers = False  # an alias of a list or mapping somewhere
        self.root: Any = None
        self.root_mark: _Mark | None = None  # None: the file holds no YAML document
        self.duplicates: list[tuple[_Mark, str, _Mark]] = []
        self.hash_spans: list[tuple[_Mark, _Mark]] = []

    def read(self, get_event: Callable[[], Any]) -> None:
        """Build from every event until the stream ends. Scalars, two events in three, and the start and end
        of lists and mappings are built in this loop itself, the innermost open container and the count of
        values in local names: a call or two for each of them were a third of the time of loading a map.
        Whatever a scalar or an end builds is attached at the end of the loop; what is rare (tags, anchors,
        aliases, merge keys, refusals) goes to methods."""
        handlers = self._handlers()
        scalar_event, max_nodes, stack = yaml.ScalarEvent, self.limits.max_nodes, self.stack
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end, max_depth = yaml.MappingEndEvent, yaml.SequenceEndEvent, self.limits.max_depth
        frame: _Frame | None = None  # the innermost open list or mapping
        nodes = self.nodes  # in a local name while this loop counts, put back before a method reads it
        while (event := get_event()) is not None:
            kind = event.__class__
            if kind is scalar_event:
                start = event.start_mark
                mark = (start.line + 1, start.column + 1)
                nodes += 1
                if nodes > max_nodes:
                    raise self._too_many(mark)
                text, style, tag, anchor = event.value, event.style, event.tag, event.anchor
                if style and "#" in text:
                    self.hash_spans.append((mark, (event.end_mark.line + 1, event.end_mark.column + 1)))
                if anchor:
                    self._anchor_text(anchor, text)
                if frame is not None and frame.is_map and frame.key is None:
                    if tag is not None and tag not in _STR_TAGS:
                        raise _refused_tag(tag, mark)
                    plain = tag is None and not style
                    frame.key, frame.key_mark = ("<<", None) if plain and text == "<<" else (text, mark)
                    continue
                if tag is not None:
                    value = _tagged_scalar(tag, text, mark)
                elif style:
                    value = text  # quoted or block scalar: always text
                else:  # plain: most are words, which are text unless they are a null or a boolean
                    value = _WORDS.get(text, text) if text[:1].isalpha() else _resolved(text)
                if anchor:
                    self.anchors[anchor] = (value, 1)
                if value.__class__ is float and not math.isfinite(value):
                    self.non_finite = True
                size = 1
            elif kind is mapping_end or kind is sequence_end:
                done = stack.pop()
                frame = stack[-1] if stack else None
                if done.merges:
                    _apply_merges(done)
                value, mark, size = done.value, done.marks.start, self.values - done.values_before
                if done.anchor:
                    self.open_anchors.discard(done.anchor)
                    self.anchors[done.anchor] = (value, size)
                self.values -= size  # counted again as one value of its parent
            elif kind is mapping_start or kind is sequence_start:
                start = event.start_mark
                mark = (start.line + 1, start.column + 1)
                if (event.tag is not None or event.anchor or len(stack) >= max_depth
                        or frame is not None and frame.is_map and frame.key is None):  # fmt: skip
                    self.nodes = nodes
                    self._check_collection(event, mark)
                nodes += 1
                if nodes > max_nodes:
                    raise self._too_many(mark)
                value = {} if kind is mapping_start else []
                frame = _Frame(value, _Marks(mark), event.anchor, self.values)
                self.marks[id(value)] = frame.marks
                stack.append(frame)
                self.values += 1  # the container itself: an alias of it repeats it too
                continue
            else:
                self.nodes = nodes
                handler = handlers.get(kind)
                if handler is not None and handler(event):
                    return
                nodes = self.nodes  # an alias counts the values it repeats
                frame = stack[-1] if stack else None
                continue
            if frame is None or frame.is_map and (frame.key_mark is None or frame.key in frame.value):
                self._attach(value, mark, size)  # the root, a merge key's value or a duplicate key's
                continue
            self.values += size  # what _attach does, without a call for every value
            if frame.is_map:
                key = frame.key
                frame.value[key] = value
                frame.key_marks[key] = frame.key_mark
                frame.value_marks[key] = mark
                frame.key = frame.key_mark = None
            else:
                frame.value_marks[len(frame.value)] = mark
                frame.value.append(value)
        self.nodes = nodes

    def _handlers(self) -> dict[type, Callable[[Any], bool | None]]:
        """The method for each kind of event but scalars, looked up once per document; True ends the stream."""
        return {
            yaml.AliasEvent: self.alias,
            yaml.DocumentStartEvent: self.start_document,
            yaml.StreamEndEvent: lambda event: True,
        }

    def start_document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise LoadError(
                checks.UNSUPPORTED_YAML, _mark(event), "a second YAML document starts here; put each journey in its own file"
            )

    def _check_collection(self, event: Any, mark: _Mark) -> None:
        """What `read` leaves to a method at the start of a list or mapping with a tag or an anchor, too deep, or
        written as a key: refuse it, or take note of its anchor. The checks come in the order `read`'s own would."""
        is_map = event.__class__ is yaml.MappingStartEvent
        if event.tag is not None and event.tag not in ("!", _CORE + ("map" if is_map else "seq")):
            raise _refused_tag(event.tag, mark)
        if len(self.stack) >= self.limits.max_depth:
            raise LoadError(
                checks.YAML_LIMIT, mark, f"nesting is deeper than {self.limits.max_depth} levels; flatten the structure"
            )
        if self.nodes + 1 > self.limits.max_nodes:
            raise self._too_many(mark)
        if self._expecting_key():
            raise LoadError(checks.UNSUPPORTED_YAML, mark, "a mapping key must be plain text, not a list or mapping")
        if event.anchor:
            self._supersede(event.anchor)
            self.open_anchors.add(event.anchor)

    def _anchor_text(self, anchor: str, text: str) -> None:
        """A scalar anchored: the name now means it, as written (an alias of it may be a key)."""
        self._supersede(anchor)
        self.anchors[anchor] = (text, 1)
        self.key_texts[anchor] = text

    def _supersede(self, anchor: str) -> None:
        """A name anchored again inside an open collection now means the newer node (YAML: the latest wins)."""
        self.open_anchors.discard(anchor)
        for frame in self.stack:
            if frame.anchor == anchor:
                frame.anchor = None

    def alias(self, event: Any) -> None:
        mark = _mark(event)
        name = event.anchor
        if name in self.open_anchors:
            raise LoadError(checks.UNSUPPORTED_YAML, mark, f"alias *{name} refers to itself; recursive data is not allowed")
        if name not in self.anchors:
            raise LoadError(checks.YAML_SYNTAX, mark, f"alias *{name} refers to no anchor &{name} defined before it")
        value, size = self.anchors[name]
        self.repeats_containers = self.repeats_containers or isinstance(value, (dict, list))
        self._count(size, mark)
        self.alias_values += size
        if self.alias_values > self.limits.max_alias_values:
            raise LoadError(
                checks.YAML_LIMIT,
                mark,
                f"aliases repeat more than {self.limits.max_alias_values:,} values in all; "
                "journeymap refuses it (write large repeated parts out, or use fewer aliases)",
            )
        if self._expecting_key():
            if isinstance(value, (dict, list)):
                raise LoadError(checks.UNSUPPORTED_YAML, mark, "a mapping key must be plain text, not a list or mapping")
            frame = self.stack[-1]
            frame.key, frame.key_mark = self.key_texts[name], mark  # as written: `~` stays '~', not 'None'
            return
        self._attach(value, mark, size)

    def _count(self, size: int, mark: _Mark) -> None:
        self.nodes += size
        if self.nodes > self.limits.max_nodes:
            raise self._too_many(mark)

    def _too_many(self, mark: _Mark) -> LoadError:
        limit = f"{self.limits.max_nodes:,}"
        message = (
            f"the document expands to more than {limit} values (aliases repeated too often?); journeymap refuses it"
            if self.alias_values
            else f"the document holds more than {limit} values, more than journeymap accepts; "
            "split it into several maps and libraries"
        )
        return LoadError(checks.YAML_LIMIT, mark, message)

    def _expecting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].is_map and self.stack[-1].key is None

    def _attach(self, value: Any, mark: _Mark, size: int) -> None:
        self.values += size
        if not self.stack:
            self.root, self.root_mark = value, mark
            return
        frame = self.stack[-1]
        if not frame.is_map:
            frame.marks.values[len(frame.value)] = mark
            frame.value.append(value)
            return
        key, key_mark = frame.key, frame.key_mark
        frame.key = frame.key_mark = None
        if key_mark is None:
            frame.merges.extend(_merge_sources(value, mark, self.marks))
        elif key in frame.value:
            self.duplicates.append((key_mark, key, frame.marks.keys[key]))
        else:
            frame.value[key] = value
            frame.marks.keys[key] = key_mark
            frame.marks.values[key] = mark


def _merge_sources(value: Any, mark: _Mark, marks: dict[int, _Marks]) -> list[tuple[dict, _Marks]]:
    sources = value if isinstance(value, list) else [value]
    if not all(isinstance(source, dict) for source in sources):
        raise LoadError(
            checks.YAML_SYNTAX, mark, "a merge key '<<' takes a mapping or a list of mappings (usually aliases)"
        )
    return [(source, marks[id(source)]) for source in sources]


def _apply_merges(frame: _Frame) -> None:
    """YAML merge keys: explicit keys win, then earlier sources over later ones."""
    target = frame.value
    assert isinstance(target, dict)
    for source, source_marks in frame.merges:
        for key, value in source.items():
            if key not in target:
                target[key] = value
                frame.marks.keys[key] = source_marks.keys[key]
                frame.marks.values[key] = source_marks.values[key]


def _build_within_limits(text: str, limits: Limits) -> _Builder:
    """The document built by libyaml, unless libyaml's own nesting limit (1,000 levels in newer releases)
    stopped it: its scanner reads a flow collection's brackets ahead of the events, so it can refuse a file
    before the builder sees level 65. The pure-Python parser looks ahead at most 1,024 characters and has no
    such limit, so it reaches the builder's own: the same problem, at the same place, whatever libyaml does."""
    try:
        return _build(text, limits)
    except yaml.YAMLError as error:
        if _Parser is yaml.BaseLoader or "maximum nesting depth" not in str(getattr(error, "problem", "")):
            raise
    return _build(text, limits, yaml.BaseLoader)


def _build(text: str, limits: Limits, parser_class: type = _Parser) -> _Builder:
    builder = _Builder(limits)
    parser = parser_class(text)
    try:
        builder.read(parser.get_event)
    finally:
        parser.dispose()
    return builder


def decode(raw: bytes) -> str:
    """UTF-8 text from bytes, or a LoadError that says where the bad bytes are."""
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):  # fmt: skip
        if raw.startswith(bom):
            raise LoadError(checks.ENCODING, (1, 1), f"the file is {name} encoded; save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise LoadError(checks.ENCODING, _byte_mark(raw, nul), "binary data (a NUL byte); a journey map must be text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # utf-8-sig counts offsets after the BOM it removed
        start = error.start + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)
        bad = raw[start : start + 1].hex()
        raise LoadError(
            checks.ENCODING, _byte_mark(raw, start), f"byte 0x{bad} is not valid UTF-8; save the file as UTF-8"
        ) from None


def _byte_mark(raw: bytes, offset: int) -> _Mark:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return (raw.count(b"\n", 0, offset) + 1, column)


def _utf8_offset_mark(text: str, offset: int) -> _Mark:
    """libyaml's reader counts UTF-8 bytes; editors count characters."""
    return _byte_mark(text.encode("utf-8"), offset)


def _syntax_error(error: yaml.YAMLError, text: str) -> LoadError:
    """One readable line for what libyaml reports, with the usual causes spelled out."""
    if isinstance(error, yaml.reader.ReaderError):
        return LoadError(
            checks.ENCODING,
            _utf8_offset_mark(text, error.position),
            f"character U+{error.character:04X} is not allowed in YAML; remove it"
            if isinstance(error.character, int)
            else "the file contains characters YAML does not allow",
        )
    context = getattr(error, "context", None)
    problem = getattr(error, "problem", None) or "invalid YAML"
    unclosed_quote = bool(context and "quoted scalar" in context) and "escape" not in problem
    mark = getattr(error, "context_mark" if unclosed_quote else "problem_mark", None)
    where: _Mark = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    line = text.split("\n")[where[0] - 1] if where[0] <= text.count("\n") + 1 else ""
    return LoadError(checks.YAML_SYNTAX, where, _explain(problem, context, line, where))


def _explain(problem: str, context: str | None, line: str, where: _Mark) -> str:
    tab_at_mark = line[where[1] - 1 : where[1]] == "\t"
    if "tab character" in problem or ("cannot start any token" in problem and tab_at_mark):
        return "a tab is used for indentation; YAML indents with spaces only"
    if problem == "mapping values are not allowed in this context":
        return "unexpected ':'; a value that contains ': ' must be put in quotes"
    if "escape" in problem:
        return (
            "invalid escape in double quotes; write \\\\ for a backslash, or use single quotes, "
            "where a backslash is plain text"
        )
    if context and "quoted scalar" in context:
        return "this quote is never closed; add the closing quote"
    detail = f" ({context})" if context else ""
    return f"invalid YAML: {problem}{detail}"


def _problem(file: str, error: LoadError) -> Problem:
    return error.check.problem(file, Position(*error.mark), error.message)


MAP_KEYS = "'journeymap', 'title' and 'stages'"


def load_text(
    text: str, file: str, limits: Limits = DEFAULT_LIMITS, keys: str = MAP_KEYS, empty_ok: bool = False
) -> tuple[Document | None, list[Problem]]:
    """Load decoded text; problems include duplicate keys, which do not stop loading.

    The top level must be a mapping (`keys` names some of its keys, for the message); with `empty_ok`,
    a file holding nothing (or only comments) is an empty mapping.
    """
    try:
        builder = _build_within_limits(text, limits)
    except LoadError as error:
        return None, [_problem(file, error)]
    except yaml.YAMLError as error:
        return None, [_problem(file, _syntax_error(error, text))]
    problems = [
        checks.DUPLICATE_KEY.problem(
            file, Position(*mark), f"duplicate key {quote(key)} (first at line {first[0]}); remove or rename one"
        )
        for mark, key, first in builder.duplicates
    ]
    if builder.root is None and empty_ok:
        builder.root = {}
        builder.marks[id(builder.root)] = _Marks((1, 1))
    if not isinstance(builder.root, dict):
        found = "nothing" if builder.root is None else _kind(builder.root)
        message = f"the top level must be a mapping of keys such as {keys}, not {found}"
        if builder.root_mark is None:  # no YAML document at all
            message = f"the file is empty; it needs at least {keys}"
        return None, [*problems, checks.NOT_A_MAP.problem(file, Position(*(builder.root_mark or (1, 1))), message)]
    document = Document(file, builder.root, text, builder.marks, tuple(builder.hash_spans), builder.non_finite,
                        builder.repeats_containers)  # fmt: skip
    return document, problems


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else f"a single value ({value!r})"


class Refused(Tuple):
    """Why `read_regular` did not read a file: `reason` in words, and `size` (in bytes) when it is too large."""

    reason: str
    size: int | None = None


def read_regular(path: Path, max_bytes: int) -> bytes | Refused:
    """The bytes of the regular file at `path`. A directory, anything else that is not a regular file (a FIFO
    would block, a device never end) and a file over `max_bytes` are refused before a byte is read, and a
    file that grows past it meanwhile is not read beyond it. Raises OSError when it cannot be looked at or
    read. One reading for every file journeymap takes in: maps, libraries and what import reads."""
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        return Refused("this is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        return Refused("this is not a regular file (a pipe or a device?)")
    if info.st_size > max_bytes:
        return Refused("it is too large", info.st_size)
    with path.open("rb") as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        return Refused("it is too large", len(raw))
    return raw


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The map file's bytes (`read_regular`); a refusal is a LoadError that says why."""
    raw = read_regular(path, limits.max_bytes)
    if isinstance(raw, Refused):
        raise LoadError(checks.UNREADABLE, (1, 1), raw.reason if raw.size is None else oversized(raw.size, limits))
    return raw


def oversized(size: int, limits: Limits = DEFAULT_LIMITS) -> str:
    """What a file of `size` bytes, over the size limit, is told."""
    return f"the file is {size / 1_048_576:.1f} MB, over the {limits.max_bytes // 1_048_576} MB limit for a journey map"


def load_file(
    path: Path, file: str, limits: Limits = DEFAULT_LIMITS, keys: str = MAP_KEYS, empty_ok: bool = False
) -> tuple[Document | None, list[Problem]]:
    """Load one file from disk; every failure is a Problem, never an exception. See load_text."""
    try:
        raw = read_bytes(path, limits)
    except LoadError as error:
        return None, [_problem(file, error)]
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [checks.UNREADABLE.problem(file, START, f"cannot read the file: {reason}")]
    return load_bytes(raw, file, limits, keys, empty_ok)


def load_bytes(
    raw: bytes, file: str, limits: Limits = DEFAULT_LIMITS, keys: str = MAP_KEYS, empty_ok: bool = False
) -> tuple[Document | None, list[Problem]]:
    """Load a file's bytes, read within the size limit (from disk, or from git); see load_text."""
    try:
        text = decode(raw)
    except LoadError as error:
        return None, [_problem(file, error)]
    return load_text(text, file, limits, keys, empty_ok)
