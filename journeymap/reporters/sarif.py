"""SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

The driver lists the checks and rules that fired (with their documentation), and each finding is a
result whose file is named from the repository root (`%SRCROOT%`), with a fingerprint that survives
edits that move lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from journeymap import __version__, catalog, ruledocs
from journeymap.problems import FileResult, Problem, Severity
from journeymap.reporters import Locate, Report, fingerprints

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://journeymap.dev/"
DOCS_URI = INFORMATION_URI + "docs/"
FINGERPRINT_KEY = "journeymap/v1"  # GitHub computes and owns primaryLocationLineHash; this one is ours
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def report(report: Report) -> str:
    results, command, locate = report.results, report.command, report.locate
    catalog = _catalog(problem for result in results for problem in result.problems)
    driver = {
        "name": "journeymap",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": list(catalog.values()),
    }
    run = {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"journeymap/{command}/"},  # keeps validate and lint uploads apart
        "columnKind": "unicodeCodePoints",  # columns count characters, as in every journeymap report
        "results": _results(results, locate, list(catalog)),
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _catalog(problems: Iterable[Problem]) -> dict[str, dict[str, Any]]:
    """A descriptor for each check or rule that fired, by code, in code order: results refer to them by index."""
    catalog: dict[str, dict[str, Any]] = {}
    for code, name, severity in sorted({(problem.code, problem.name, problem.severity) for problem in problems}):
        catalog.setdefault(code, descriptor(code, name, severity))
    return catalog


def _results(results: Sequence[FileResult], locate: Locate, codes: list[str]) -> list[dict[str, Any]]:
    rule_index = {code: number for number, code in enumerate(codes)}
    found = []
    for result in results:
        file = locate(result.file)
        for problem, fingerprint in zip(result.problems, fingerprints(result.problems, file), strict=True):
            found.append(_result(problem, file, rule_index[problem.code], fingerprint))
    return found


def descriptor(code: str, name: str, severity: Severity) -> dict[str, Any]:
    """What a SARIF viewer shows about a check or rule: its descriptions, documentation and default level.

    `name` and `severity` stand in for a code that neither catalog knows.
    """
    entry = catalog.find(code)
    if entry is not None and entry.kind == "rule":
        rule = entry
        return _entry(
            rule.code,
            rule.name,
            rule.severity,
            summary=rule.summary,
            full=_rationale(rule.doc),
            documentation={"text": rule.doc, "markdown": ruledocs.rule_markdown(rule)},
            page=f"rules.md#{rule.code.lower()}-{rule.name}",
        )
    check = entry
    summary, page = (check.summary if check else name), "format.md#validation-checks"
    return _entry(
        code,
        name,
        check.severity if check else severity,
        summary=summary,
        full=summary,
        documentation={
            "text": f"{summary} See {DOCS_URI}{page}",
            "markdown": f"{summary} See [validation checks]({DOCS_URI}{page}).",
        },
        page=page,
    )


def _entry(
    code: str, name: str, severity: Severity, *, summary: str, full: str, documentation: dict[str, str], page: str
) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full},
        "help": documentation,
        "helpUri": DOCS_URI + page,
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"tags": ["journey-map"], "precision": "very-high"},
    }


def _rationale(doc: str) -> str:
    """A rule's documentation up to its examples, each paragraph on one line."""
    paragraphs = doc.split("\n\nBad:", 1)[0].split("\n\n")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


def _result(problem: Problem, file: str, rule_index: int, fingerprint: str) -> dict[str, Any]:
    if file.startswith("/"):  # outside the working directory and named absolutely
        artifact = {"uri": "file://" + quote(file)}
    else:
        artifact = {"uri": quote(file), "uriBaseId": "%SRCROOT%"}
    region = {"startLine": problem.position.line, "startColumn": problem.position.column}
    return {
        "ruleId": problem.code,
        "ruleIndex": rule_index,
        "level": LEVELS[problem.severity],
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
