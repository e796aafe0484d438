"""What `journeymap render` tells its user: a line per diagram that changed or needs attention, then a summary."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from pathlib import Path

from journeymap.checks import STALE_DIAGRAM
from journeymap.problems import START, FileResult, Problem
from journeymap.render.pipeline import Outcome, Request
from journeymap.reporters.text import problem_line
from journeymap.styled import Line, styled

Shown = Callable[[Path], str]  # a path as the user should see it


def outcome_lines(outcome: Outcome, shown: Shown, rerun: str) -> list[Line]:
    """What the user sees of one map: its problems, a stale or missing diagram as a problem on the map
    (as every report has it), or what was written or skipped."""
    problems = [*outcome.problems, *_stale(outcome, shown, rerun)]
    if problems:
        return [problem_line(problem) for problem in problems]
    if outcome.status == "written":
        return [styled(f"wrote {shown(outcome.diagram) if outcome.diagram else ''}")]
    if outcome.status == "skipped":
        return [styled(f"{outcome.file}: skipped: {outcome.note or 'a library has no stages to draw'}", "dim")]
    return []


def summary(outcomes: Sequence[Outcome], check: bool, rerun: str) -> Line:
    maps = [outcome for outcome in outcomes if outcome.status != "skipped"]
    failed = sum(1 for outcome in maps if outcome.status == "failed")
    failure = f"; {failed} file{'s' * (failed != 1)} failed" if failed else ""
    if check:
        out_of_date = sum(1 for outcome in maps if outcome.status in ("stale", "missing"))
        if out_of_date:
            one = out_of_date == 1
            text = (f"{out_of_date} of {len(maps)} diagram{'s' * (len(maps) != 1)} {'is' if one else 'are'} stale or "
                    f"missing{failure}; update {'it' if one else 'them'} with: {rerun}")  # fmt: skip
            return styled(text, "bold red")
        fresh = len(maps) - failed
        return styled(f"{fresh} diagram{'s are' if fresh != 1 else ' is'} up to date{failure}.",
                      "bold red" if failed else "bold green")  # fmt: skip
    written = sum(1 for outcome in maps if outcome.status == "written")
    unchanged = sum(1 for outcome in maps if outcome.status == "unchanged")
    drawn = written + unchanged
    text = f"Rendered {drawn} map{'s' * (drawn != 1)}: {written} written, {unchanged} unchanged{failure}."
    return styled(text, "bold red" if failed else "bold green")


def rerun(request: Request, engine: str) -> str:
    """The command that brings the diagrams --check found out of date up to date."""
    words = ["journeymap", "render", *request.arguments]
    options = (("--out-dir", str(request.out_dir) if request.out_dir else None),
               ("--maps-root", str(request.maps_root) if request.maps_root else None),
               ("--format", request.output_format if request.output_format != "svg" else None),
               ("--view", request.view if request.view != "map" else None), ("--persona", request.persona),
               ("--engine", engine if engine != "auto" else None))  # fmt: skip
    words += [part for option, value in options if value for part in (option, value)]
    words += ["--annotate"] if request.annotate else []
    return shlex.join(words)


def failed(outcomes: Sequence[Outcome]) -> bool:
    return any(not outcome.ok for outcome in outcomes)


def as_results(outcomes: Sequence[Outcome], shown: Shown, rerun: str) -> list[FileResult]:
    """The outcomes as findings, for the CI report formats: failures as they are, stale or missing
    diagrams as JM020 on their map."""
    return [FileResult(outcome.file, "map", (*outcome.problems, *_stale(outcome, shown, rerun))) for outcome in outcomes]


def _stale(outcome: Outcome, shown: Shown, rerun: str) -> tuple[Problem, ...]:
    """JM020 on the map whose diagram is stale or missing; nothing otherwise."""
    if outcome.status not in ("stale", "missing") or outcome.diagram is None:
        return ()
    state = "is stale: it differs from what this map draws now" if outcome.status == "stale" else "is missing"
    message = f"its diagram {shown(outcome.diagram)} {state}; update it with: {rerun}"
    return (STALE_DIAGRAM.problem(outcome.file, START, message),)
