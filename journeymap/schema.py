"""JSON Schema validation, turned into positioned problems with suggestions."""

from __future__ import annotations

import datetime
import functools
import itertools
import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap import checks
from journeymap.loader import Document, resolve_plain
from journeymap.problems import JsonPath, Problem, quote
from journeymap.suggest import describe, describe_field, did_you_mean, kind_of

if TYPE_CHECKING:
    from jsonschema import ValidationError

_HERE = Path(__file__).resolve().parent


def schema_path() -> Path:
    """The packaged schema in a wheel; the repository's `schemas/` copy in a source checkout."""
    packaged = _HERE / "journeymap.schema.json"
    return packaged if packaged.exists() else _HERE.parent / "schemas" / "journeymap.schema.json"


def schema_text() -> str:
    return schema_path().read_text(encoding="utf-8")


def refusal_to_replace(path: Path) -> str | None:
    """Why the schema must not be written to `path`, or None: only a journeymap schema (an older copy, to
    update) is ever replaced; any other file stays as it is."""
    try:
        replaceable = not path.is_file() or _is_a_schema_copy(path)  # a pipe or /dev/stdout is written to as it is
    except OSError:  # too long a name, no permission: writing it says why
        return None
    if replaceable:
        return None
    return (f"{quote(str(path), keep_end=True)} exists and is not a journeymap schema; journeymap replaces only its "
            "own schema, choose another path")  # fmt: skip


_SCHEMA_ID = re.compile(r"https://journeymap\.dev/schemas/v\d+/journeymap\.schema\.json")  # any format version
_COPY_LIMIT = 1024 * 1024  # the schema is some 20 kB; a larger file is something else, left unread


def _is_a_schema_copy(path: Path) -> bool:
    """Whether the file is a copy of journeymap's schema, of this format version or another."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(_COPY_LIMIT + 1)
        data = json.loads(raw) if len(raw) <= _COPY_LIMIT else None
    except (OSError, ValueError):  # a directory, unreadable, not UTF-8, not JSON
        return False
    identity = data.get("$id") if isinstance(data, dict) else None
    return isinstance(identity, str) and bool(_SCHEMA_ID.fullmatch(identity))


@functools.cache
def _fast_check() -> Any:
    """jsonschema-rs's `is_valid`, compiled once per process: most maps are valid, and it answers
    that about 200 times faster than jsonschema. Only an invalid map pays for jsonschema's
    detailed errors, so messages are the same either way. None where jsonschema-rs is missing."""
    try:
        import jsonschema_rs
    except ImportError:  # no wheel for this platform: the reference path alone is still correct
        return None
    return jsonschema_rs.validator_for(_schema(), validate_formats=True, formats={"date": is_date}).is_valid


def _quickly_valid(data: Any) -> bool:
    """True when the fast path says valid; False when it says invalid, cannot tell, or is missing."""
    fast_check = _fast_check()
    try:
        return fast_check is not None and bool(fast_check(data))
    except Exception:  # noqa: BLE001 -- any doubt goes to the reference path, which explains itself
        return False


def is_valid(data: Any) -> bool:
    """Whether the data passes the schema, by the reference validator (jsonschema)."""
    return _validator().is_valid(data)


@functools.cache
def _validator() -> Any:
    import jsonschema  # imported here: it is slow to import and only validation needs it

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date")(is_date)
    return jsonschema.Draft202012Validator(_schema(), format_checker=checker)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def is_date(value: Any) -> bool:
    """A YYYY-MM-DD date that Python can hold, as the model reads it (so not year 0000, which RFC 3339
    allows). Both validators check dates with it, so they cannot disagree; only text has a format."""
    if not isinstance(value, str):
        return True
    try:
        return _DATE.fullmatch(value) is not None and datetime.date.fromisoformat(value) is not None
    except ValueError:
        return False


@functools.cache
def _schema() -> dict[str, Any]:
    return json.loads(schema_text())


# jsonschema finds errors lazily; stopping early keeps a file whose aliases repeat one mistake
# thousands of times from taking minutes. Reports cap what is shown per file anyway.
_MAX_ERRORS = 300


def validate(document: Document) -> list[Problem]:
    """The schema problems in the document, one per missing or unknown key, the first few hundred at most."""
    problems: list[Problem] = []
    if not _quickly_valid(document.data):
        for error in itertools.islice(_validator().iter_errors(document.data), _MAX_ERRORS):
            problems.extend(_to_problems(document, error))
    if document.has_non_finite:
        problems += _non_finite_numbers(document)
    return problems


def _non_finite_numbers(document: Document) -> list[Problem]:
    """`.inf`, `.nan` and numbers past the float range (1e999): YAML numbers that JSON Schema lets through."""
    problems = []
    stack: list[tuple[JsonPath, Any]] = [((), document.data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            message = f"{describe_field(document.data, path)} must be a finite number, not {node}"
            problems.append(checks.INVALID_VALUE.problem(document.file, document.position(path), message, path))
        elif isinstance(node, dict):
            stack.extend(((*path, key), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, index), value) for index, value in enumerate(node))
    return problems


def _to_problems(document: Document, error: ValidationError) -> list[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    keyword = str(error.validator)
    if keyword == "required":
        return _missing_keys(document, path, error)
    if keyword == "additionalProperties":
        return _unknown_keys(document, path, error)
    if keyword == "not":  # the one exclusion in the schema: a step's persona and personas, shown at 'persona'
        message = (f"{describe(document.data, path)} has both 'persona' and 'personas'; "
                   "keep one, listing every persona in 'personas'")  # fmt: skip
        key_path = (*path, "persona")
        return [checks.INVALID_VALUE.problem(document.file, document.key_position(key_path), message, key_path)]
    check, message, suggestion = _describe_value_error(document, path, error)
    return [check.problem(document.file, document.position(path), message, path, suggestion)]


def _missing_keys(document: Document, path: JsonPath, error: ValidationError) -> list[Problem]:
    # jsonschema reports one error per missing key; recover which one from the instance.
    missing = [key for key in error.validator_value if key not in error.instance]
    key = next((name for name in missing if f"'{name}'" in error.message), missing[0] if missing else "?")
    where = describe(document.data, path) if path else "the map"
    message = f"{where} is missing the required key {quote(key)}"
    return [checks.MISSING_KEY.problem(document.file, document.position(path), message, (*path, key))]


def _unknown_keys(document: Document, path: JsonPath, error: ValidationError) -> list[Problem]:
    allowed = list(error.schema.get("properties", {}))
    patterns = [re.compile(pattern) for pattern in error.schema.get("patternProperties", {})]
    where = f"in {describe(document.data, path)}" if path else "at the top level"
    problems = []
    for key in error.instance:
        if key in allowed or any(pattern.search(key) for pattern in patterns):
            continue
        tail, suggestion = did_you_mean(str(key), allowed)
        if suggestion in error.instance:
            tail = f"; did you mean {quote(suggestion)}? It is already set, so remove this one"
        elif not suggestion:
            extension = ", or your own starting with 'x-'" if patterns else ""
            tail = f"; allowed keys here: {', '.join(allowed)}{extension}"
        message = f"unknown key {quote(key)} {where}{tail}"
        position = document.key_position((*path, key))
        problems.append(checks.UNKNOWN_KEY.problem(document.file, position, message, (*path, key), suggestion))
    return problems


DURATION_PATTERN = (
    r"^\d+(\.\d+)?(-\d+(\.\d+)?)? ?(s|sec|seconds?|min|minutes?|h|hours?|d|days?|w|weeks?|mo|months?|y|years?)$(?!\n)"
)
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
}
_PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9_-]*$(?!\n)": "an id uses lowercase letters, digits, '-' and '_', and starts with a letter or digit",
    r"^\d{4}-\d{2}-\d{2}$(?!\n)": "write the date as YYYY-MM-DD",
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$(?!\n)": "write a language tag such as 'es', 'en' or 'en-GB'",
    DURATION_PATTERN: "write a number or a range and a unit, such as '10 min', '1.5 h' or '2-3 days'",
}


def _describe_value_error(
    document: Document, path: JsonPath, error: ValidationError
) -> tuple[checks.Check, str, str | None]:
    keyword, value, expected = str(error.validator), error.instance, error.validator_value
    field = describe_field(document.data, path)
    if keyword == "type":
        wanted = " or ".join(_TYPE_WORDS.get(name, name) for name in ([expected] if isinstance(expected, str) else expected))
        hint = _quote_hint(document, path, value, expected) or _percent_hint(value, expected)
        return checks.WRONG_TYPE, f"{field} must be {wanted}, not {kind_of(value)}{hint}", None
    if keyword == "enum" and path == ("journeymap",):
        return checks.INVALID_VALUE, _version_message(value), None
    if keyword == "enum":
        tail, suggestion = did_you_mean(str(value), expected)
        choices = "" if suggestion else f"; choose one of: {', '.join(expected)}"
        return checks.INVALID_VALUE, f"{field} cannot be {value!r}{tail}{choices}", suggestion
    if keyword == "const":
        return checks.INVALID_VALUE, _const_message(field, path, value, expected), None
    if keyword == "pattern":
        return (checks.INVALID_VALUE, *_pattern_message(field, value, expected))
    if keyword == "format" and isinstance(value, str) and value.startswith("0000-"):
        message = f"{field} is {value!r}, but there is no year 0000; "
        message += "write a real date as YYYY-MM-DD, from 0001-01-01 on"
        return checks.INVALID_VALUE, message, None
    if keyword == "format":
        return checks.INVALID_VALUE, f"{field} is not a real calendar date: {value!r} (use YYYY-MM-DD)", None
    if keyword in ("minimum", "maximum"):
        return checks.INVALID_VALUE, _range_message(field, error), None
    if keyword == "minItems" and path == ("stages",):
        return checks.INVALID_VALUE, "'stages' is empty; a map needs at least one stage", None
    if keyword == "minItems":
        return checks.INVALID_VALUE, f"{field} needs at least {expected} item{'s' if expected != 1 else ''}", None
    if keyword == "minLength":
        return checks.INVALID_VALUE, f"{field} is empty; write some text or remove the key", None
    if keyword == "uniqueItems":
        return checks.INVALID_VALUE, f"{field} lists the same entry more than once", None
    return checks.INVALID_VALUE, f"{field}: {error.message}", None


def _quote_hint(document: Document, path: JsonPath, value: Any, expected: str | list[str]) -> str:
    """For a plain number or true/false where text is expected: how to keep it as text, as written."""
    if "string" not in expected or not isinstance(value, (bool, int, float)):
        return ""
    written = _as_written(document, path, value)
    return "; put it in quotes to keep it as text" + (f": {json.dumps(written)}" if written else "")


def _percent_hint(value: Any, expected: str | list[str]) -> str:
    """For '12%' where a number is expected (an exit's rate is a percentage already): the number to write."""
    number = value[:-1].strip() if isinstance(value, str) and value.endswith("%") else ""
    if "number" not in expected or not re.fullmatch(r"\d+(\.\d+)?", number, re.ASCII):
        return ""
    return f"; write the number without '%': {number}"


# The value after its anchor, if any: a number or true/false holds none of these characters.
_PLAIN_TOKEN = re.compile(r"(?:&\S+\s+)?([^\s,\[\]{}#]+)")


def _as_written(document: Document, path: JsonPath, value: Any) -> str | None:
    """The plain scalar at `path` as written, when it reads back as `value` (not through an alias, say)."""
    position = document.position(path)
    lines = _lines(document.text)
    line = lines[position.line - 1] if position.line <= len(lines) else ""
    match = _PLAIN_TOKEN.match(line, position.column - 1)
    read = resolve_plain(match.group(1)) if match else None
    return match.group(1) if match and type(read) is type(value) and read == value else None


@functools.lru_cache(maxsize=1)  # the file's lines, split once for all its type errors
def _lines(text: str) -> list[str]:
    return text.split("\n")


def _version_message(value: Any) -> str:
    """`journeymap: "1.1"` is text, not the number the format version is: say so, with the line to write."""
    shown = repr(value) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else kind_of(value)
    message = f"'journeymap' is the format version and must be 1 or 1.1, not {shown}"
    if isinstance(value, str) and value.strip() in ("1", "1.0", "1.1"):
        message += f"; write it without quotes: journeymap: {value.strip()}"
    return message


def _const_message(field: str, path: JsonPath, value: Any, expected: Any) -> str:
    if path == ("library",):
        return f"'library' must be true in a library file, or left out in a map, not {value!r}"
    return f"{field} must be {expected!r}, not {value!r}"


def _pattern_message(field: str, value: str, pattern: str) -> tuple[str, str | None]:
    hint = _PATTERN_HINTS.get(pattern, f"it must match {pattern}")
    suggestion = None
    if pattern.startswith("^[a-z0-9]"):
        slug = re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-_")
        suggestion = slug or None
    tail = f"; try {quote(suggestion)}" if suggestion else ""
    return f"{field} is {value!r}, which is not allowed: {hint}{tail}", suggestion


def _range_message(field: str, error: ValidationError) -> str:
    bounds = {key: error.schema.get(key) for key in ("minimum", "maximum")}
    if bounds["minimum"] is not None and bounds["maximum"] is not None:
        return f"{field} must be between {bounds['minimum']} and {bounds['maximum']}, not {error.instance}"
    if bounds["minimum"] is not None:
        return f"{field} must be {bounds['minimum']} or more, not {error.instance}"
    return f"{field} must be {bounds['maximum']} or less, not {error.instance}"
