"""GitLab Code Quality: a JSON list of issues that merge requests show beside the changed lines.

Each issue has the fields of the Code Climate issue format that strict consumers require: `type`,
`check_name`, `description`, `categories`, `location` (with `lines.begin` and `lines.end`), plus the
`fingerprint` and `severity` GitLab reads. Severities map to GitLab's scale: info -> info, warning ->
minor, error -> major, and an error that kept the whole file from being checked (unreadable, not text,
not YAML, not a map) -> critical.
"""

from __future__ import annotations

import json
from typing import Any

from journeymap.catalog import is_file_level
from journeymap.problems import Problem, Severity
from journeymap.reporters import Report, fingerprints

SEVERITIES = {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}
# Code Climate's categories, by the first digit of the code: validation checks (JM0-JM2) find maps that
# are misread or refused; coverage, journey-shape and maintenance rules (JM3-JM5) find maps that leave
# their readers guessing; suppression rules (JM6) find comments that do nothing.
CATEGORIES = {"JM0": "Bug Risk", "JM1": "Bug Risk", "JM2": "Bug Risk", "JM3": "Clarity", "JM4": "Clarity",
              "JM5": "Clarity", "JM6": "Style"}  # fmt: skip


def report(report: Report) -> str:
    issues = []
    for result in report.results:
        file = report.locate(result.file)
        for problem, fingerprint in zip(result.problems, fingerprints(result.problems, file), strict=True):
            issues.append(_issue(problem, file, fingerprint))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(problem: Problem, file: str, fingerprint: str) -> dict[str, Any]:
    severity = "critical" if is_file_level(problem.code) else SEVERITIES[problem.severity]
    line = problem.position.line  # a finding points at one value, so it begins and ends on its line
    return {
        "type": "issue",
        "description": f"{problem.code} {problem.name}: {problem.message}",
        "check_name": problem.code,
        "categories": [CATEGORIES.get(problem.code[:3], "Bug Risk")],
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": file, "lines": {"begin": line, "end": line}},
    }
