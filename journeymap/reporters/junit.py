"""JUnit XML, for the test tabs of CI services: a test suite per file, a failing test case per finding.

A finding below the run's `--fail-on` (info, by default) does not fail the run, so it is a skipped
case, not a failure: the tab stays green exactly when journeymap exits 0. A file without findings gets one passing case, so the tab
shows what was checked, not only what failed.
Case names hold the check and the JSON path, not the line, so a finding keeps its history across edits.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from journeymap.problems import FileResult, Problem, Severity, format_json_path, printable
from journeymap.reporters import Report


def report(report: Report) -> str:
    results, command, locate, fail_on = report.results, report.command, report.locate, report.fail_on
    failures = sum(_failures(result, fail_on) for result in results)
    skipped = sum(len(result.problems) - _failures(result, fail_on) for result in results)
    cases = sum(max(1, len(result.problems)) for result in results)
    suites = ET.Element(
        "testsuites", name=f"journeymap {command}", tests=str(cases), failures=str(failures), errors="0",
        skipped=str(skipped),
    )  # fmt: skip
    for result in results:
        _suite(suites, result, printable(locate(result.file)), command, fail_on)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _suite(parent: ET.Element, result: FileResult, file: str, command: str, fail_on: Severity) -> None:
    count, failures = len(result.problems), _failures(result, fail_on)
    suite = ET.SubElement(
        parent, "testsuite", name=file, tests=str(max(1, count)), failures=str(failures), errors="0",
        skipped=str(count - failures),
    )  # fmt: skip
    if not result.problems:
        ET.SubElement(suite, "testcase", classname=file, name=f"journeymap {command}", file=file)
    for problem in result.problems:
        case = ET.SubElement(
            suite, "testcase", classname=file, name=_case_name(problem), file=file, line=str(problem.position.line)
        )
        kind = "failure" if problem.severity >= fail_on else "skipped"
        outcome = ET.SubElement(
            case, kind, type=f"{problem.severity.label} {problem.code} {problem.name}", message=problem.message
        )
        outcome.text = problem.line


def _failures(result: FileResult, fail_on: Severity) -> int:
    return sum(problem.severity >= fail_on for problem in result.problems)


def _case_name(problem: Problem) -> str:
    where = format_json_path(problem.json_path) if problem.json_path else f"line {problem.position.line}"
    return printable(f"{problem.code} {problem.name} at {where}")
