"""Findings are values: a Problem says where, how bad, which check, and what to do.

Records on every run's path are named tuples (`record.Tuple`): as immutable as frozen dataclasses, and created at
import in a quarter of the time, which every start of the command pays.
"""

from __future__ import annotations

import enum
import re
from typing import Any

from journeymap.record import Tuple


class Severity(enum.IntEnum):
    """Ordered so that `severity >= fail_on` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


LEVELS = tuple(severity.label for severity in sorted(Severity, reverse=True))  # --fail-on's words, worst first


class Position(Tuple):
    """1-based line and column, as editors show them."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


START = Position(1, 1)

JsonPath = tuple[str | int, ...]


def format_json_path(path: JsonPath) -> str:
    """`("stages", 0, "name")` -> `$.stages[0].name`."""
    parts = ["$"]
    for part in path:
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(parts)


# Control characters, line and paragraph separators, and bidirectional overrides: printed raw, user text
# quoted in a message could start a new line, move the cursor, or reorder what a reviewer reads. Lone
# surrogates (from file names that are not UTF-8) cannot be printed at all, and U+FFFE and U+FFFF have no
# place in XML (JUnit).
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def printable(text: str) -> str:
    """`text` on one line, with control and bidi-override characters shown as escapes (\\n, \\x1b, \\u202e)."""
    if text.isprintable() or not _UNPRINTABLE.search(text):  # every character the pattern finds is unprintable
        return text
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


def quote(text: str, limit: int = 80, keep_end: bool = False) -> str:
    """User text inside a message: 'text', escaped by `printable`, shortened past `limit` characters.

    Prose loses its end; a path (`keep_end`) loses its middle, so the file name still shows.
    """
    shown = printable(text)
    if len(shown) > limit and keep_end:
        half = (limit - 1) // 2
        shown = f"{shown[:half]}…{shown[-half:]}"
    elif len(shown) > limit:
        shown = shown[: limit - 1].rstrip() + "…"
    return f"'{shown}'"


class _ProblemFields(Tuple):
    file: str
    position: Position
    severity: Severity
    code: str
    name: str
    message: str
    json_path: JsonPath = ()
    suggestion: str | None = None


class Problem(_ProblemFields):
    """One finding in one file. Its message and file are always one printable line, whatever users wrote."""

    __slots__ = ()

    def __new__(  # noqa: PLR0913 -- the fields, as a dataclass would take them
        cls, file: str, position: Position, severity: Severity, code: str, name: str, message: str,
        json_path: JsonPath = (), suggestion: str | None = None,
    ) -> Problem:  # fmt: skip
        return super().__new__(cls, printable(file), position, severity, code, name, printable(message), json_path,
                               suggestion)  # fmt: skip

    @property
    def line(self) -> str:
        """`path:line:col: severity[code name]: message`, plain, as every text report prints it."""
        return f"{self.file}:{self.position}: {self.severity.label}[{self.code} {self.name}]: {self.message}"

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.position.line, self.position.column, self.code, self.message)


class FileResult(Tuple):
    """What one command found in one file; reporters are functions of a sequence of these."""

    file: str
    kind: str  # "map" or "library"
    problems: tuple[Problem, ...]
    known: int = 0  # findings a baseline recorded, left out of `problems`
    journey: dict[str, Any] | None = None  # a valid map as data (model.as_data), for reports that carry it
