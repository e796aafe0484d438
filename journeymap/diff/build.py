"""A diff run as a library call: the two sides the arguments name, each changed map checked and linted on
both, compared, and the policies applied; the `DiffReport` the formats write.

A map invalid on one side is not compared: its problems, positioned on that side (`main:maps/a.journey.yaml:3:5`),
go in the report, and the other maps are still compared. Nothing here prints or exits; arguments git or the
disk cannot make sense of raise `RevisionError`, for the run layer to turn into a usage error.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from journeymap import parallel
from journeymap.diff.changes import MapDiff, MapSide
from journeymap.diff.compare import compare
from journeymap.diff.policies import failing
from journeymap.diff.report import DiffReport
from journeymap.diff.store import MapDiffs
from journeymap.problems import Problem
from journeymap.revisions import MapPair, Side, Sides, changed_maps, checked, journey, sides

WORKING_TREE = "the working tree"
MIN_MAPS_PER_PROCESS = 2  # a fork costs less than a map: 5 changed maps took 0.90x the time in two processes


def diff_report(
    arguments: Sequence[str], rules: Sequence, policies: Sequence[str], today: datetime.date, cwd: Path | None = None,
    wanted: Callable[[Path], bool] | None = None, jobs: int | None = None,
) -> DiffReport:  # fmt: skip
    """Compare what `arguments` name (`journeymap diff [BASE [HEAD]] [PATHS...]`), linting both sides with
    `rules`; `policies` are the --fail-on names, checked by the caller; `wanted`: whether a map (where it lies
    in the working tree) is compared at all, as the configuration's include and exclude say; `jobs`: processes
    to compare with (None or 0: one per core once each has MIN_MAPS_PER_PROCESS maps)."""
    diffs = MapDiffs()
    problems: list[Problem] = []
    uncompared = 0
    with sides(arguments, cwd) as compared:
        pairs = changed_maps(compared, wanted)

        def compared_each(chunk: Sequence[MapPair]) -> Iterator[tuple[MapDiff | None, list[Problem]]]:
            return (_compared(compared, pair, rules, today) for pair in chunk)

        processes = parallel.jobs_for(jobs, len(pairs), MIN_MAPS_PER_PROCESS)
        for diff, found in parallel.in_forks(compared_each, pairs, processes, ending=compared.close):
            problems += found  # a map invalid on a side: its problems, with their positions; the others go on
            uncompared += bool(found)
            if diff is not None:
                diffs.append(diff)
        base_name, head_name = _name(compared.base), _name(compared.head)
    broken = tuple(failing(diffs, policies))
    unique = tuple(dict.fromkeys(problems))  # a library's, once for all the maps that include it
    return DiffReport(base_name, head_name, diffs, unique, broken, tuple(policies), uncompared)


def _compared(
    compared: Sides, pair: MapPair, rules: Sequence, today: datetime.date
) -> tuple[MapDiff | None, list[Problem]]:  # fmt: skip
    """One map's diff, or the problems that keep it from being compared (None when it is on neither side)."""
    same = _same_map(compared, pair)
    base, base_problems = _map_side(compared.base, pair.base, rules, today, same)
    head, head_problems = _map_side(compared.head, pair.head, rules, today, same)
    if base_problems or head_problems:
        return None, [*base_problems, *head_problems]
    return (compare(base, head) if base is not None or head is not None else None), []


def _same_map(compared: Sides, pair: MapPair) -> str | None:
    """The one name a map has on both sides when two files or folders are compared: the head file, or the
    path inside the folders (which are two versions of one tree, not a rename); None: each side's own path."""
    if compared.kind == "files" and pair.head is not None:
        return compared.head.shown(pair.head)
    if compared.kind == "folders":
        path, root = (pair.head, compared.head.root) if pair.head is not None else (pair.base, compared.base.root)
        return Path(os.path.relpath(path, root)).as_posix() if path is not None else None
    return None


def _map_side(
    side: Side, path: Path | None, rules: Sequence, today: datetime.date, same: str | None = None
) -> tuple[MapSide | None, list[Problem]]:
    """One side of a map, linted; or its problems when it is invalid there; (None, []) where it is not."""
    if path is None:
        return None, []
    result = checked(side, path)
    if not result.valid or result.document is None:  # with the problems its include errors point to
        return None, [*result.problems, *side.workspace.library_problems(result)]
    model = journey(side, result)
    if model is None or result.is_library:
        return None, []
    from journeymap.linter import lint

    findings = tuple(lint(result.document, model, rules, today))
    return MapSide(same or _map_path(side, path), model, findings), []


def _map_path(side: Side, path: Path) -> str:
    """The map's path as both sides name it (a revision's problems say `main:maps/a.journey.yaml`; the map is
    `maps/a.journey.yaml` on either side), so that only a real rename reads as one."""
    shown = side.shown(path)
    return shown.removeprefix(f"{side.label}:") if side.commit is not None else shown


def _name(side: Side) -> str:
    return WORKING_TREE if side.commit is None and side.label == "working tree" else side.label
