"""GitLab Code Quality: a JSON list of issues that merge requests show beside the changed lines.

Severities map to GitLab's scale: info -> info, warning -> minor, error -> major, and an error that kept
the whole file from being checked (unreadable, not text, not YAML, not a map) -> critical.
"""

from __future__ import annotations

import json
from typing import Any

from journeymap.problems import Problem, Severity
from journeymap.reporters import Report, fingerprints

SEVERITIES = {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}
# JM000-JM007: journeymap could not read the file as a map at all, so nothing else in it was checked.
FILE_LEVEL_CODES = frozenset(f"JM00{digit}" for digit in range(8))


def report(report: Report) -> str:
    issues = []
    for result in report.results:
        file = report.locate(result.file)
        for problem, fingerprint in zip(result.problems, fingerprints(result.problems, file), strict=True):
            issues.append(_issue(problem, file, fingerprint))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(problem: Problem, file: str, fingerprint: str) -> dict[str, Any]:
    severity = "critical" if problem.code in FILE_LEVEL_CODES else SEVERITIES[problem.severity]
    return {
        "description": f"{problem.code} {problem.name}: {problem.message}",
        "check_name": problem.code,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": file, "lines": {"begin": problem.position.line}},
    }
