"""Reporters: each turns a sequence of FileResults into output, and nothing else.

`formatted(format_name, Report(...))` gives any format as the text of a file, so every command whose
findings are FileResults (validate, lint, render) can print or save them all.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from journeymap.problems import FileResult, Problem, Severity, format_json_path
from journeymap.record import Tuple

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")

Locate = Callable[[str], str]  # a reported file -> its path from its repository's root, '/'-separated


def as_shown(file: str) -> str:
    return file


class Report(Tuple):
    """What every format reports: one command's file results, how to name files for CI services, and the
    least severity that fails the run (JUnit shows what is below it as skipped, not failed)."""

    command: str
    results: Sequence[FileResult]
    locate: Locate = as_shown
    fail_on: Severity = Severity.WARNING


def formatted(format_name: str, report: Report) -> str:
    """The whole report in one of FORMATS, ending with a newline: each format is a module of this package
    whose `report(report)` gives it. The formats that CI services read (sarif, github, junit, gitlab) name
    each file as `report.locate` gives it: from the root of its repository, as those services expect."""
    if format_name not in FORMATS:
        raise ValueError(f"unknown report format {format_name!r}")
    return importlib.import_module(f"{__name__}.{format_name}").report(report)


class Tally:
    """A run's counts, added one file result at a time: a summary without keeping the results."""

    def __init__(self) -> None:
        self.counts = dict.fromkeys(
            ("files", "maps", "libraries", "files_with_problems", "problems", "errors", "warnings", "infos", "known"), 0
        )
        self._rules: Counter[tuple[str, str]] = Counter()
        self._severities: dict[tuple[str, str], Severity] = {}

    @classmethod
    def of(cls, results: Iterable[FileResult]) -> Tally:
        tally = cls()
        for result in results:
            tally.add(result)
        return tally

    def add(self, result: FileResult) -> None:
        counts = self.counts
        counts["files"] += 1
        counts["maps"] += result.kind == "map"
        counts["libraries"] += result.kind == "library"
        counts["files_with_problems"] += bool(result.problems)
        counts["problems"] += len(result.problems)
        counts["known"] += result.known
        for problem in result.problems:
            counts[_COUNT_OF[problem.severity]] += 1
            key = (problem.code, problem.name)
            self._rules[key] += 1
            self._severities[key] = max(self._severities.get(key, problem.severity), problem.severity)

    @property
    def worst(self) -> Severity | None:
        """The most severe finding, or None when there is none."""
        return max(self._severities.values(), default=None)

    def rule_counts(self) -> list[tuple[str, str, Severity, int]]:
        """(code, name, severity, count) for each check or rule that fired, the most frequent first."""
        ranked = sorted(self._rules.items(), key=lambda item: (-item[1], item[0]))
        return [(code, name, self._severities[code, name], count) for (code, name), count in ranked]


_COUNT_OF = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "infos"}


def fingerprints(problems: Sequence[Problem], file: str) -> list[str]:
    """A stable identity for each finding of one file, for CI services that track findings across commits.

    Built from the file, the check and the JSON path of the value concerned (the message where there is
    none, less the lines and columns it names), never the line: edits that move the value keep it.
    Findings alike in all three are told apart by their order.
    """
    import hashlib  # only the formats with fingerprints need it

    seen: Counter[str] = Counter()
    identities = []
    for problem in problems:
        where = format_json_path(problem.json_path) if problem.json_path else _without_positions(problem.message)
        key = f"{file}\0{problem.code}\0{where}"
        seen[key] += 1
        identities.append(hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()[:32])
    return identities


# "(first at line 12)", "on line 3", "line 4, column 7": a message that points at another value moves with it.
_POSITIONS = re.compile(r"\b(lines?|columns?) \d+(?:[:.,-]\d+)*")


def _without_positions(message: str) -> str:
    return _POSITIONS.sub(r"\1", message)
