"""What `journeymap render` tells its user: a line per diagram that changed or needs attention, then a summary."""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Callable
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


class Tally:
    """A run's counts by status, added one outcome at a time, so that nothing grows with the maps; with
    `keep`, every file's findings too, for the CI reports and annotations that need them all at once."""

    def __init__(self, shown: Shown, rerun: str, keep: bool = False) -> None:
        self.shown, self.rerun, self.keep = shown, rerun, keep
        self.counts: Counter[str] = Counter()
        self.results: list[FileResult] = []  # with keep: failures, stale and missing diagrams as JM020

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if self.keep:
            self.results.append(FileResult(outcome.file, "map", (*outcome.problems, *_stale(outcome, self.shown, self.rerun))))

    @property
    def failed(self) -> bool:
        """Whether a map failed or a diagram is stale or missing."""
        return any(self.counts[status] for status in ("failed", "stale", "missing"))


def summary(tally: Tally, check: bool, rerun: str) -> Line:
    counts = tally.counts
    maps, failed = sum(counts.values()) - counts["skipped"], counts["failed"]
    failure = f"; {failed} file{'s' * (failed != 1)} failed" if failed else ""
    if check:
        out_of_date = counts["stale"] + counts["missing"]
        if out_of_date:
            one = out_of_date == 1
            text = (f"{out_of_date} of {maps} diagram{'s' * (maps != 1)} {'is' if one else 'are'} stale or "
                    f"missing{failure}; update {'it' if one else 'them'} with: {rerun}")  # fmt: skip
            return styled(text, "bold red")
        fresh = maps - failed
        return styled(f"{fresh} diagram{'s are' if fresh != 1 else ' is'} up to date{failure}.",
                      "bold red" if failed else "bold green")  # fmt: skip
    written, unchanged = counts["written"], counts["unchanged"]
    drawn = written + unchanged
    text = f"Rendered {drawn} map{'s' * (drawn != 1)}: {written} written, {unchanged} unchanged{failure}."
    return styled(text, "bold red" if failed else "bold green")


def rerun(request: Request, engine: str) -> str:
    """The command that brings the diagrams --check found out of date up to date: the check's own paths
    and every option that chooses the maps or how they draw, quoted for a POSIX shell."""
    options = (("--out-dir", str(request.out_dir) if request.out_dir else None),
               ("--maps-root", str(request.maps_root) if request.maps_root else None),
               ("--format", request.output_format if request.output_format != "svg" else None),
               ("--view", request.view if request.view != "map" else None), ("--persona", request.persona),
               ("--state", request.state), ("--paper", request.paper),
               ("--engine", engine if engine != "auto" else None),
               ("--config", str(request.config) if request.config else None))  # fmt: skip
    words = [part for option, value in options if value for part in _option(option, value)]
    words += ["--annotate"] if request.annotate else []
    paths = list(request.arguments)
    if any(path.startswith("-") for path in paths):  # read as paths, not options
        return shlex.join(["journeymap", "render", *words, "--", *paths])
    return shlex.join(["journeymap", "render", *paths, *words])


def _option(option: str, value: str) -> list[str]:
    """An option and its value, joined when the value could pass for an option."""
    return [f"{option}={value}"] if value.startswith("-") else [option, value]


def _stale(outcome: Outcome, shown: Shown, rerun: str) -> tuple[Problem, ...]:
    """JM020 on the map whose diagram is stale or missing; nothing otherwise."""
    if outcome.status not in ("stale", "missing") or outcome.diagram is None:
        return ()
    why = outcome.note or "it differs from what this map draws now"
    state = f"is stale: {why}" if outcome.status == "stale" else "is missing"
    message = f"its diagram {shown(outcome.diagram)} {state}; update it with: {rerun}"
    return (STALE_DIAGRAM.problem(outcome.file, START, message),)
