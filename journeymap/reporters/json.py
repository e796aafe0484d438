"""Machine-readable report in journeymap's own stable JSON format (documented in docs/output.md)."""

from __future__ import annotations

import json
from typing import Any

from journeymap import __version__
from journeymap.problems import Problem, format_json_path
from journeymap.reporters import Report, Tally

FORMAT_VERSION = 1


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.file,
        "line": problem.position.line,
        "column": problem.position.column,
        "severity": problem.severity.label,
        "code": problem.code,
        "name": problem.name,
        "message": problem.message,
        "json_path": format_json_path(problem.json_path),
        "suggestion": problem.suggestion,
    }


def report(report: Report) -> str:
    results, command = report.results, report.command
    tally = Tally.of(results)
    document = {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "journeymap", "version": __version__},
        "command": command,
        "files": [
            {
                "path": result.file,
                "kind": result.kind,
                "valid": not result.problems,
                "problems": [problem_dict(problem) for problem in result.problems],
                **({"journey": result.journey} if result.journey is not None else {}),
            }
            for result in results
        ],
        "summary": tally.counts,
        "statistics": [
            {"code": code, "name": name, "severity": severity.label, "count": count}
            for code, name, severity, count in tally.rule_counts()
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
