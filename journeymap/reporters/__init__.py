"""Reporters: each turns a sequence of FileResults into output, and nothing else.

`render(format_name, results, command, locate)` gives any format as the text of a file, so every
command whose findings are FileResults (validate, lint, render --check) can print or save them all.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Sequence

from journeymap.problems import FileResult, Problem, Severity, format_json_path

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")

Locate = Callable[[str], str]  # a reported file -> its path from its repository's root, '/'-separated


def as_shown(file: str) -> str:
    return file


def render(
    format_name: str, results: Sequence[FileResult], command: str, locate: Locate = as_shown,
    fail_on: Severity | None = None,
) -> str:  # fmt: skip
    """The whole report in one of FORMATS, ending with a newline.

    `fail_on` is the least severity that fails the run (default warning): JUnit shows what is below it as
    skipped, not failed.
    The formats that CI services read (sarif, github, junit, gitlab) name each file as `locate` gives it:
    from the root of the repository, as those services expect.
    """
    if format_name not in FORMATS:
        raise ValueError(f"unknown report format {format_name!r}")
    if format_name == "text":
        from journeymap.reporters import text

        return "".join(f"{line.plain}\n" for line in text.report(results, command))
    if format_name == "json":
        from journeymap.reporters import json

        return json.report(results, command) + "\n"
    if format_name == "junit":
        from journeymap.reporters import junit

        return junit.report(results, command, locate, fail_on or Severity.WARNING)
    return importlib.import_module(f"{__name__}.{format_name}").report(results, command, locate)


def summary_counts(results: Sequence[FileResult]) -> dict[str, int]:
    problems = [problem for result in results for problem in result.problems]
    return {
        "files": len(results),
        "maps": sum(result.kind == "map" for result in results),
        "libraries": sum(result.kind == "library" for result in results),
        "files_with_problems": sum(bool(result.problems) for result in results),
        "problems": len(problems),
        "errors": sum(problem.severity is Severity.ERROR for problem in problems),
        "warnings": sum(problem.severity is Severity.WARNING for problem in problems),
        "infos": sum(problem.severity is Severity.INFO for problem in problems),
        "known": sum(result.known for result in results),
    }


def rule_counts(results: Sequence[FileResult]) -> list[tuple[str, str, Severity, int]]:
    """(code, name, severity, count) for each check or rule that fired, the most frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    severities: dict[tuple[str, str], Severity] = {}
    for problem in (problem for result in results for problem in result.problems):
        key = (problem.code, problem.name)
        counts[key] += 1
        severities[key] = max(severities.get(key, problem.severity), problem.severity)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(code, name, severities[code, name], count) for (code, name), count in ranked]


def fingerprints(problems: Sequence[Problem], file: str) -> list[str]:
    """A stable identity for each finding of one file, for CI services that track findings across commits.

    Built from the file, the check and the JSON path of the value concerned (the message where there is
    none), never the line: edits that move the value keep it. Findings alike in all three are told apart
    by their order.
    """
    import hashlib  # only the formats with fingerprints need it

    seen: Counter[str] = Counter()
    identities = []
    for problem in problems:
        where = format_json_path(problem.json_path) if problem.json_path else problem.message
        key = f"{file}\0{problem.code}\0{where}"
        seen[key] += 1
        identities.append(hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()[:32])
    return identities
