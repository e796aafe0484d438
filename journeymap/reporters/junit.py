"""JUnit XML, for the test tabs of CI services: a test suite per file, a failing test case per finding.

A file without findings gets one passing case, so the tab shows what was checked, not only what failed.
Case names hold the check and the JSON path, not the line, so a finding keeps its history across edits.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from journeymap.problems import FileResult, Problem, format_json_path, printable
from journeymap.reporters import from_root
from journeymap.reporters.text import problem_line


def report(results: Sequence[FileResult], command: str, root: str = "") -> str:
    failures = sum(len(result.problems) for result in results)
    cases = sum(max(1, len(result.problems)) for result in results)
    suites = ET.Element(
        "testsuites", name=f"journeymap {command}", tests=str(cases), failures=str(failures), errors="0"
    )
    for result in results:
        _suite(suites, result, printable(from_root(result.file, root)), command)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _suite(parent: ET.Element, result: FileResult, file: str, command: str) -> None:
    count = len(result.problems)
    suite = ET.SubElement(
        parent, "testsuite", name=file, tests=str(max(1, count)), failures=str(count), errors="0", skipped="0"
    )
    if not result.problems:
        ET.SubElement(suite, "testcase", classname=file, name=f"journeymap {command}", file=file)
    for problem in result.problems:
        case = ET.SubElement(
            suite, "testcase", classname=file, name=_case_name(problem), file=file, line=str(problem.position.line)
        )
        failure = ET.SubElement(
            case, "failure", type=f"{problem.severity.label} {problem.code} {problem.name}", message=problem.message
        )
        failure.text = problem_line(problem).plain


def _case_name(problem: Problem) -> str:
    where = format_json_path(problem.json_path) if problem.json_path else f"line {problem.position.line}"
    return printable(f"{problem.code} {problem.name} at {where}")
