"""Lint findings introduced and fixed by a change.

Lines move whenever anything above them is edited, so findings are compared by what they say and what
they are about, never by where: their code, their message and the element they point at, named by the
ids (or names) of the elements on the way to it instead of list indexes (`["stages", "checkout",
"goal"]`, not `$.stages[2].goal`). An element listed in a stage (a step, pain point, opportunity, metric
or action) is named without its stage, as it is matched wherever it moves (`["steps", "Pays"]`). The
same finding twice counts twice. Findings left over on both sides pair up by code and element alone: a
message that only names a renamed element differently ("stage 'S'", then "stage 'Start'") is the same
finding, neither fixed nor introduced.

A finding introduced is as important as its severity (error: high, warning: medium, info: low); one
fixed is info.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from journeymap.diff.changes import Change, MapSide, Where
from journeymap.model import LANES, Element, Journey
from journeymap.problems import JsonPath, Problem

_IMPORTANCE = {"error": "high", "warning": "medium", "info": "low"}


def element_path(journey: Journey, path: JsonPath) -> tuple[str, ...]:
    """`path` with each list index replaced by the id, else the name or description, of the element there."""
    node: Any = journey
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            node = node[part] if isinstance(node, tuple) and 0 <= part < len(node) else None
            parts.append(_identity(node) or str(part))
        else:
            parts.append(part)
            node = getattr(node, part, None) if isinstance(node, Element) and not part.startswith("_") else None
    return tuple(parts)


def _identity(node: Any) -> str | None:
    if not isinstance(node, Element):
        return None
    for attribute in ("id", "name", "description"):
        value = getattr(node, attribute, None)
        if isinstance(value, str):
            return value
    return None


_IN_STAGES = frozenset({"steps", "pain_points", "opportunities", "metrics", *LANES})


def _key(side: MapSide, problem: Problem) -> tuple[str, tuple[str, ...], str]:
    path = element_path(side.journey, problem.json_path)
    if len(path) > 2 and path[0] == "stages" and path[2] in _IN_STAGES:  # noqa: PLR2004 -- stages, id, list
        path = path[2:]
    return problem.code, path, problem.message


def changes(base: MapSide | None, head: MapSide | None) -> list[Change]:
    """Findings on the head that the base did not have, then findings of the base the head no longer has.
    A map removed fixes nothing: its findings went with it."""
    if head is None:
        return []
    if base is None:
        return [_change(head, "head", problem) for problem in head.findings]
    introduced = list(_only_in(head, head.findings, Counter(_key(base, problem) for problem in base.findings)))
    fixed = list(_only_in(base, base.findings, Counter(_key(head, problem) for problem in head.findings)))
    introduced, fixed = (list(_only_in(head, introduced, Counter(_key(base, problem)[:2] for problem in fixed), 2)),
                         list(_only_in(base, fixed, Counter(_key(head, problem)[:2] for problem in introduced), 2)))
    return [*(_change(head, "head", problem) for problem in introduced),
            *(_change(base, "base", problem) for problem in fixed)]  # fmt: skip


def _only_in(side: MapSide, problems: Sequence[Problem], other: Counter, parts: int = 3) -> Iterator[Problem]:
    """The problems `other` lacks, compared by the first `parts` of their keys (code, element, message)."""
    for problem in problems:
        key = _key(side, problem)[:parts]
        if other[key]:
            other[key] -= 1
        else:
            yield problem


def _change(side: MapSide, which: str, problem: Problem) -> Change:
    severity = problem.severity.label
    path = element_path(side.journey, problem.json_path)
    stage = _stage(side.journey, problem.json_path)
    introduced = which == "head"
    words = f"{'New' if introduced else 'Fixed'} lint {severity} {problem.code} {problem.name}: {problem.message}"
    return Change(
        kind="finding-introduced" if introduced else "finding-fixed",
        severity=_IMPORTANCE[severity] if introduced else "info", element="finding", summary=words,
        id=problem.code, name=problem.message, stage=stage,
        where=Where(which, problem.file, problem.position.line, problem.position.column),
        data={"code": problem.code, "name": problem.name, "severity": severity, "message": problem.message,
              "element": list(path)},
    )  # fmt: skip


def _stage(journey: Journey, path: JsonPath) -> str | None:
    index = path[1] if len(path) > 1 and path[0] == "stages" else None
    return journey.stages[index].id if isinstance(index, int) and 0 <= index < len(journey.stages) else None
