"""A map document written as YAML a person would have written: block style, keys in the format's order,
short id lists on one line, a step that is only a name as plain text, long text folded, and a comment
above each value an importer had to guess.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from journeymap.problems import JsonPath
from journeymap.schema import is_date

SCHEMA_COMMENT = "# yaml-language-server: $schema={schema}\n"
_DATE_KEYS = frozenset({"reviewed", "resolved", "measured", "date"})
_ID_LISTS = frozenset({"personas", "touchpoints", "sources", "addresses", "next", "replaces", "steps", "tags",
                       "include", "physical_evidence"})  # fmt: skip
_WIDTH = 100


def map_text(data: Mapping[str, Any], notes: Mapping[JsonPath, str] | None = None,
             schema: str | None = None) -> str:  # fmt: skip
    """`data` (a map or library document) as YAML text; `notes` are comments by the JSON path of the value
    they explain; `schema` is where editors find the schema, relative to the file or a URL (default: the
    published one)."""
    lines = [SCHEMA_COMMENT.format(schema=schema or published_schema()).rstrip("\n")]
    _mapping(data, (), 0, lines, notes or {})
    return "\n".join(lines) + "\n"


def schema_reference(target: Path) -> str:
    """How a map written at `target` names the schema for editors: the nearest journeymap.schema.json (or
    schemas/journeymap.schema.json) from its folder up to the repository's root, relative to the map; else
    the schema's published address."""
    from journeymap.paths import upward

    folder = Path(os.path.abspath(target)).parent
    for candidate_folder in upward(folder):
        for name in ("journeymap.schema.json", "schemas/journeymap.schema.json"):
            if (candidate_folder / name).is_file():
                return Path(os.path.relpath(candidate_folder / name, folder)).as_posix()
    return published_schema()


def published_schema() -> str:
    import json

    from journeymap.schema import schema_text

    return str(json.loads(schema_text())["$id"])


def _mapping(node: Mapping[str, Any], path: JsonPath, indent: int, lines: list[str], notes: Mapping[JsonPath, str],
             first_prefix: str | None = None) -> None:  # fmt: skip
    pad = " " * indent
    ordered = {"id": node["id"], **node} if "id" in node else node  # an element's id first, as people write it
    for index, (key, value) in enumerate(ordered.items()):
        prefix = first_prefix if index == 0 and first_prefix is not None else pad
        _note(notes.get((*path, key)), pad, lines)
        head = f"{prefix}{_scalar(key)}:"
        if isinstance(value, Mapping) and value:
            lines.append(head)
            _mapping(value, (*path, key), indent + 2, lines, notes)
        elif isinstance(value, list) and value:
            inline = _flow(key, value)
            if inline and len(head) + 1 + len(inline) <= _WIDTH:
                lines.append(f"{head} {inline}")
            else:
                lines.append(head)
                _sequence(value, (*path, key), indent + 2, lines, notes)
        else:
            lines.extend(_scalar_lines(head, key, value, indent + 2))


def _sequence(items: list[Any], path: JsonPath, indent: int, lines: list[str], notes: Mapping[JsonPath, str]) -> None:
    pad = " " * indent
    for index, item in enumerate(items):
        _note(notes.get((*path, index)), pad, lines)
        if isinstance(item, Mapping) and set(item) == {"name"} and path[-1:] == ("steps",):
            item = item["name"]  # a step that is only a name is written as the plain text it would be
        if isinstance(item, Mapping) and item:
            _mapping(item, (*path, index), indent + 2, lines, notes, first_prefix=f"{pad}- ")
        else:
            lines.extend(_scalar_lines(f"{pad}-", None, item, indent + 2))


def _note(note: str | None, pad: str, lines: list[str]) -> None:
    for text in (note or "").splitlines():
        lines.append(f"{pad}# {text}".rstrip())


def _flow(key: str, values: list[Any]) -> str | None:
    """A short list of ids or numbers on one line, as `[a, b]`; None for lists that read better as blocks."""
    if key not in _ID_LISTS or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values):
        return None
    parts = [_scalar(value) for value in values]
    if any("\n" in part or part.startswith(("'", '"')) and "," in part for part in parts):
        return None
    return "[" + ", ".join(parts) + "]"


def _scalar_lines(head: str, key: str | None, value: Any, indent: int) -> list[str]:
    if isinstance(value, str) and key in _DATE_KEYS and is_date(value):
        return [f"{head} {value}"]  # a date reads as one, as people write it
    if isinstance(value, str) and "\n" in value.rstrip("\n") and _block_safe(value):
        pad = " " * indent
        chomp = "" if value.endswith("\n") and not value.endswith("\n\n") else "-" if not value.endswith("\n") else "+"
        body = value[:-1] if value.endswith("\n") else value
        if all(not line or not line[0].isspace() for line in body.split("\n")) and "\t" not in body:
            return [f"{head} |{chomp}", *(f"{pad}{line}".rstrip() if line else "" for line in body.split("\n"))]
    if isinstance(value, str) and len(head) + 1 + len(value) > _WIDTH and _plain_ok(value):
        pad = " " * indent
        return [f"{head} >-", *_folded(value, pad)]
    return [f"{head} {_scalar(value)}"]


def _scalar(value: Any) -> str:
    """One YAML scalar on one line, quoted only where YAML needs it. PyYAML resolves plain text by YAML 1.1 and
    journeymap's loader by 1.2 (`1e3` is a number there), so plain text is kept only when the loader reads
    it back as that text."""
    if isinstance(value, (list, dict)) and not value:
        return "[]" if isinstance(value, list) else "{}"
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000)
    text = text.removesuffix("\n").removesuffix("\n...").strip()
    if isinstance(value, str) and not text.startswith(("'", '"')) and (not _reads_as_written(text, value)):
        return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1_000_000).strip()
    return text


def _reads_as_written(plain: str, value: str) -> bool:
    from journeymap.loader import resolve_plain

    return plain == value and resolve_plain(plain) == value and value == value.strip() and value.isprintable()


def _block_safe(text: str) -> bool:
    """Whether a literal block keeps `text` exactly: printable lines, no carriage returns or other breaks."""
    return all(line.isprintable() for line in text.split("\n"))


def _plain_ok(text: str) -> bool:
    """Whether folded text would read back as exactly `text`: single spaces, no edge spaces, no line breaks."""
    return text == text.strip() and "  " not in text and text.isprintable() and "#" not in text


def _folded(text: str, pad: str) -> list[str]:
    """Words on lines of at most _WIDTH characters; a folded block joins them with single spaces again."""
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(pad) + len(current) + 1 + len(word) > _WIDTH:
            lines.append(pad + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, pad + current]
