"""Findings are values: a Problem says where, how bad, which check, and what to do."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.IntEnum):
    """Ordered so that `severity >= fail_on` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Position:
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


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding in one file."""

    file: str
    position: Position
    severity: Severity
    code: str
    name: str
    message: str
    json_path: JsonPath = ()
    suggestion: str | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.position.line, self.position.column, self.code, self.message)


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one command found in one file; reporters are functions of a sequence of these."""

    file: str
    kind: str  # "map" or "library"
    problems: tuple[Problem, ...]
