"""Human-readable report: one line per problem, `path:line:col: severity[code name]: message`, then a summary."""

from __future__ import annotations

from journeymap.problems import FileResult, Problem, Severity
from journeymap.reporters import Report, Tally
from journeymap.styled import Line, styled

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def problem_line(problem: Problem) -> Line:
    return Line((
        (f"{problem.file}:{problem.position}:", "bold"),
        (" ", ""),
        (problem.severity.label, _STYLES[problem.severity]),
        (f"[{problem.code} {problem.name}]", "dim"),
        (f": {problem.message}", ""),
    ))  # fmt: skip


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def summary_line(tally: Tally, command: str = "validate") -> Line:
    counts = tally.counts
    parts = [_plural(counts["maps"], "map")] if counts["maps"] or not counts["libraries"] else []
    if counts["libraries"]:
        parts.append(_plural(counts["libraries"], "library", "libraries"))
    checked = " and ".join(parts)
    if counts["known"]:  # a baseline left these out: the verdict is about new problems only
        checked += f"; {_plural(counts['known'], 'known problem')} in the baseline not shown"
    if not counts["problems"]:
        verdict = "No new problems" if counts["known"] else "All valid" if command == "validate" else "No problems"
        return styled(f"{verdict}: checked {checked}.", "bold green")
    found = _plural(counts["problems"], "problem")
    kinds = [_plural(counts[key], word) for key, word in (("errors", "error"), ("warnings", "warning"), ("infos", "info"))
             if counts[key]]  # fmt: skip
    if kinds != [_plural(counts["problems"], "error")]:
        found += f" ({', '.join(kinds)})"
    style = "bold red" if counts["errors"] else "bold yellow" if counts["warnings"] else "bold cyan"
    return styled(f"Found {found} in {_plural(counts['files_with_problems'], 'file')} (checked {checked}).", style)


def statistics_lines(tally: Tally) -> list[Line]:
    """How often each check or rule fired, the most frequent first: `  3  JM303  stage-without-goal  warning`."""
    counts = tally.rule_counts()
    count_width = max((len(str(count)) for *_, count in counts), default=1)
    name_width = max((len(name) for _, name, *_ in counts), default=0)
    return [
        styled(f"{count:>{count_width}}  {code}  {name:<{name_width}}  {severity.label}")
        for code, name, severity, count in counts
    ]


def problem_lines(result: FileResult) -> list[Line]:
    return [problem_line(problem) for problem in result.problems]


def closing_lines(tally: Tally, command: str = "validate", statistics: bool = False) -> list[Line]:
    """What follows the problems: the statistics when asked for, then the summary."""
    return [*(statistics_lines(tally) if statistics else ()), summary_line(tally, command)]


def report(report: Report) -> str:
    lines = [line for result in report.results for line in problem_lines(result)]
    lines += closing_lines(Tally.of(report.results), report.command)
    return "".join(f"{line.plain}\n" for line in lines)
