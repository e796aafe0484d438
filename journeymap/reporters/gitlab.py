"""GitLab Code Quality: a JSON list of issues that merge requests show beside the changed lines.

Severities map to GitLab's scale: info -> info, warning -> minor, error -> major, and an error that kept
the whole file from being checked (unreadable, not text, not YAML, not a map) -> critical.
"""

from __future__ import annotations

import json
from typing import Any

from journeymap.catalog import is_file_level
from journeymap.problems import Problem, Severity
from journeymap.reporters import Report, fingerprints

SEVERITIES = {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}


def report(report: Report) -> str:
    issues = []
    for result in report.results:
        file = report.locate(result.file)
        for problem, fingerprint in zip(result.problems, fingerprints(result.problems, file), strict=True):
            issues.append(_issue(problem, file, fingerprint))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(problem: Problem, file: str, fingerprint: str) -> dict[str, Any]:
    severity = "critical" if is_file_level(problem.code) else SEVERITIES[problem.severity]
    return {
        "description": f"{problem.code} {problem.name}: {problem.message}",
        "check_name": problem.code,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": file, "lines": {"begin": problem.position.line}},
    }
