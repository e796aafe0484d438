"""Reporters: each turns a sequence of FileResults into output, and nothing else."""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.problems import FileResult, Severity

FORMATS = ("text", "json")


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
    }
