"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request's changed lines.

`::error file=F,line=L,col=C,title=T::message`, with `warning` and `notice` (for info) alike. The runner
decodes %25, %0D and %0A in the message, and also %3A and %2C in properties, where ':' and ',' are syntax;
escaping exactly as GitHub's own toolkit does keeps a message from ending the command early.
"""

from __future__ import annotations


from journeymap.problems import Problem, Severity
from journeymap.reporters import Report

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, file: str) -> str:
    properties = {
        "file": file,
        "line": str(problem.position.line),
        "col": str(problem.position.column),
        "title": f"{problem.code} {problem.name}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{COMMANDS[problem.severity]} {joined}::{escape_data(problem.message)}"


def report(report: Report) -> str:
    lines = [annotation(problem, report.locate(result.file)) for result in report.results for problem in result.problems]
    return "".join(f"{line}\n" for line in lines)
