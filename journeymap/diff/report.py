"""A diff run's report, and the formats it is written in: `text`, `markdown` and `json`.

`DiffReport` is all a format sees: the two sides' names, each changed map's `MapDiff`, the problems that
kept a map from being compared (an invalid map on one side, with its position there), and the policies
that failed. The diffs are kept in a temporary file (`store.MapDiffs`) and each format is written a map at
a time (`pieces`), so a run over ten thousand maps holds one map's changes at once. `formatted(name, report)`
gives the whole report in one of `FORMATS`; `text_lines` gives the text format as styled lines for a terminal.
Nothing here prints.

The JSON format is stable: `version` 1, every key always present (schemas/diff.schema.json). Markdown is
written for a pull-request comment and GitHub's job summary: a headline, what fails, then each map with its
changes in a table (most important first) and its changed emotion curves as sparklines before and after.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, cast

from journeymap.diff.changes import Change, Curve, MapDiff
from journeymap.diff.store import MapDiffs
from journeymap.markdowntext import literal as _md  # user text made literal: no markup, HTML, line breaks or pipes
from journeymap.problems import Problem
from journeymap.record import Record
from journeymap.styled import Line, styled

FORMATS = ("text", "markdown", "json")
JSON_VERSION = 1
_BARS = "▁▂▃▄▅▆▇█"  # -2 .. 2 evenly: -2 is ▁, -1 ▃, 0 ▅, 1 ▇, 2 █
_GAP = "·"  # no reading at that stage
_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}
_MAX_ROWS = 50  # changes listed per map in markdown; the rest are counted (a comment has a size limit)


class DiffReport(Record, positional=True):
    base: str  # how the side before the change is named: a revision, a file, a folder
    head: str  # and the side after it ("the working tree" when it is that)
    diffs: Sequence[MapDiff]  # the maps compared, each with what changed (unchanged ones included); kept as MapDiffs
    problems: tuple[Problem, ...] = ()  # why a map could not be compared, on the side where it is invalid
    failing: tuple[tuple[str, Change], ...] = ()  # (policy, change) for each --fail-on policy a change breaks
    policies: tuple[str, ...] = ()  # the policies asked for
    uncompared: int | None = None  # the maps that could not be compared; None: the files the problems are in

    def __post_init__(self) -> None:
        if not isinstance(self.diffs, MapDiffs):
            object.__setattr__(self, "diffs", MapDiffs(self.diffs))  # a file holds them, not memory

    @property
    def changed_count(self) -> int:
        """How many maps changed."""
        return self._kept.changed_count()

    def in_order(self, changed_only: bool = False) -> Iterator[MapDiff]:
        """The maps with the most important changes first, then by path; `changed_only`: those that changed."""
        return self._kept.in_order(changed_only)

    def counts(self) -> dict[str, int]:
        """Changes of each severity over every map, every severity present, most important first."""
        return self._kept.counts()

    def close(self) -> None:
        """Remove the temporary file the diffs are kept in; the report cannot be written after."""
        self._kept.close()

    @property
    def _kept(self) -> MapDiffs:
        return cast(MapDiffs, self.diffs)  # __post_init__ made it one


def formatted(format_name: str, report: DiffReport) -> str:
    """The whole report in one of FORMATS, ending with a newline."""
    return "".join(pieces(format_name, report))


def pieces(format_name: str, report: DiffReport) -> Iterator[str]:
    """The report in one of FORMATS, a piece at a time (a map's at most), to be written one after another."""
    if format_name == "json":
        return _json_pieces(report)
    if format_name == "markdown":
        return (line + "\n" for line in markdown_lines(report))
    if format_name == "text":
        return (line.plain + "\n" for line in text_lines(report))
    raise ValueError(f"not a diff format: {format_name!r}")  # the run layer checks the name first


# ---------------------------------------------------------------- json


def as_data(report: DiffReport) -> dict[str, Any]:
    return {**_json_opening(report), "maps": [diff.as_data() for diff in report.in_order()], **_json_closing(report)}


def _json_opening(report: DiffReport) -> dict[str, Any]:
    return {"version": JSON_VERSION, "base": report.base, "head": report.head, "counts": report.counts()}


def _json_closing(report: DiffReport) -> dict[str, Any]:
    return {
        "problems": [_problem_data(problem) for problem in report.problems],
        "policies": list(report.policies),
        "failing": [{"policy": policy, "change": change.as_data()} for policy, change in report.failing],
    }


def _json_pieces(report: DiffReport) -> Iterator[str]:
    """as_data(report) as `json.dumps(..., indent=2)` writes it, a map at a time: each map's object is indented
    to its place in the list (a JSON string holds no line break, so every line of it moves alike)."""
    import textwrap  # JSON only: the text report, which most runs write, needs none of it

    yield _dumps({**_json_opening(report), "maps": []}).removesuffix("[]\n}")
    empty = True
    for diff in report.in_order():
        yield ("[\n" if empty else ",\n") + textwrap.indent(_dumps(diff.as_data()), "    ")
        empty = False
    yield "[]" if empty else "\n  ]"
    yield ",\n" + _dumps(_json_closing(report)).removeprefix("{\n") + "\n"


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _problem_data(problem: Problem) -> dict[str, Any]:
    return {"file": problem.file, "line": problem.position.line, "column": problem.position.column,
            "code": problem.code, "name": problem.name, "severity": problem.severity.label,
            "message": problem.message}  # fmt: skip


# ---------------------------------------------------------------- text


def headline(report: DiffReport) -> str:
    """One line: what was compared, how many maps changed, and the changes by severity."""
    changed, sides = report.changed_count, f"{report.base} → {report.head}"
    unreadable = report.uncompared
    if unreadable is None:  # a map's file with problems, on either side
        unreadable = len({problem.file for problem in report.problems})
    broken = f"; {_maps(unreadable)} could not be compared" if unreadable else ""
    if not changed:
        return f"No change to any journey: {sides} ({_maps(len(report.diffs))} compared{broken})."
    counts = ", ".join(f"{count} {severity}" for severity, count in report.counts().items() if count)
    return f"{_maps(changed)} changed: {sides}" + (f" ({counts}{broken})" if counts else f" ({broken[2:]})" if broken else "") + "."


def _maps(count: int) -> str:
    return f"{count} map" if count == 1 else f"{count} maps"


def text_lines(report: DiffReport) -> Iterator[Line]:
    """The text format: a block per changed map (its status, then each change with where to see it), the
    problems, the failing policies, then the headline."""
    for diff in report.in_order(changed_only=True):
        yield styled(f"{_map_heading(diff)}", "bold")
        for change in diff.changes:
            where = f"  ({change.where})" if change.where else ""
            yield Line(((f"  {change.severity:<6} ", _STYLE[change.severity]), (change.summary + where, "")))
        for curve in _changed_curves(diff):
            yield styled(f"  emotion  {_curve_line(curve)}", "dim")
    for problem in report.problems:
        yield styled(f"{problem.file}:{problem.position.line}:{problem.position.column}: "
                     f"{problem.severity.label}[{problem.code} {problem.name}]: {problem.message}", "red")  # fmt: skip
    for policy, change in report.failing:
        yield styled(f"fails --fail-on {policy}: {change.summary}", "bold red")
    yield styled(headline(report), "bold")


def _map_heading(diff: MapDiff) -> str:
    title = f" — {diff.title}" if diff.title else ""
    if diff.status == "renamed":
        return f"{diff.base_path} → {diff.head_path} (renamed){title}"
    return f"{diff.path} ({diff.status}){title}"


# ---------------------------------------------------------------- markdown


def markdown_lines(report: DiffReport) -> Iterator[str]:
    """The markdown format: the headline, the failing policies, the problems, then a section per changed
    map, most important first, with a table of its changes and its emotion curves before and after."""
    yield from (f"### journeymap diff: {_md(headline(report))}", "")
    if report.failing:
        yield from ("**Fails:**", "")
        yield from (f"- `--fail-on {policy}`: {_md(change.summary)}" for policy, change in report.failing)
        yield ""
    if report.problems:
        yield from ("**Not compared:**", "")
        yield from (f"- `{problem.file}:{problem.position.line}:{problem.position.column}` {_md(problem.message)}"
                    for problem in report.problems)  # fmt: skip
        yield ""
    for diff in report.in_order(changed_only=True):
        yield from _map_section(diff)


def _map_section(diff: MapDiff) -> list[str]:
    counts = ", ".join(f"{count} {severity}" for severity, count in diff.counts().items() if count)
    lines = [f"#### {_md(_map_heading(diff))}", ""]
    if counts:
        lines += [counts, ""]
    if diff.changes:
        lines += ["| | change | where |", "| --- | --- | --- |"]
        for change in diff.changes[:_MAX_ROWS]:
            where = f"`{str(change.where).replace('`', '').replace('|', chr(92) + '|')}`" if change.where else ""
            lines.append(f"| {_SEVERITY_MARK[change.severity]} | {_md(change.summary)} | {where} |")
        if len(diff.changes) > _MAX_ROWS:
            lines.append(f"| | … and {len(diff.changes) - _MAX_ROWS} more (see the text or JSON report) | |")
        lines.append("")
    curves = _changed_curves(diff)
    if curves:
        lines += ["| emotion | before | after |", "| --- | --- | --- |"]
        for curve in curves:
            lines.append(f"| {_md(_whose(curve))} | `{_sparkline(curve.base)}` | `{_sparkline(curve.head)}` |")
        lines.append("")
    return lines


_SEVERITY_MARK = {"high": "🔴 high", "medium": "🟠 medium", "low": "🟡 low", "info": "⚪ info"}


# ---------------------------------------------------------------- curves


def _changed_curves(diff: MapDiff) -> list[Curve]:
    return [curve for curve in diff.curves if curve.changed]


def _whose(curve: Curve) -> str:
    return f"{curve.persona_name or curve.persona or 'everyone'} ({curve.state})"


def _curve_line(curve: Curve) -> str:
    return f"{_whose(curve)}: {_sparkline(curve.base)} → {_sparkline(curve.head)}"


def _sparkline(points: Sequence[tuple[str, float | None]]) -> str:
    """A stage a character: the score as a bar from ▁ (-2) to ▇ (2), · where there is no reading."""
    if not points:
        return "(none)"
    return "".join(_GAP if score is None else _BARS[_bar(score)] for _, score in points)


def _bar(score: float) -> int:
    """A score's bar: -2 to 2 spread evenly over the eight, each step of score about two bars."""
    return min(len(_BARS) - 1, int((max(-2.0, min(2.0, score)) + 2) / 4 * len(_BARS)))
