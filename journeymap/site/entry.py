"""One map as the site sees it: a MapEntry, a plain dict that JSON, pickle and the templates all take.

Every page is made from entries alone, so that a rebuild can take an unchanged map's entry from the
last build (cache.py) without reading the map again. The keys:

    name, page          the page's name and path (places.py); file: the map as shown; source: the path from
                        the repository's root (for source links); absolute: its absolute path (editor links)
    valid               whether the map is valid; if not, `problems` says why and nothing else is filled in
    problems            the findings: {line, column, severity, code, name, message}, in order
    counts              {"error": n, "warning": n, "info": n}
    title description objective owner status state locale language tags reviewed due overdue
    personas            [{id, name, description, occupation, quote, goals}], the map's cast
    phases              [{id, name}]
    stages              [{id, name, phase, kind, steps, moment_of_truth}]
    curves              [{persona, name, points: [score or None per stage]}]: the persona curves
    mood                [mean of the curves per stage, or None]: the index card's sparkline
    states              ["current", "future"] when the map compares the two, else [its state]
    pain_points         [{id, description, severity, resolved, personas, stage, stage_name, kind, line}]
    opportunities       [{id, description, owner, status, impact, effort, addresses, stage, stage_name, line}]
    metrics             [{id, name, unit, target, actual, baseline, direction, off_target, measured, stage,
                        stage_name, line}]
    diagrams            [{view, state, path, title, description}], filled in by build.py
    (`kept(entry)` is what the pages across maps get: no `problems`, and a diagram's view, state and path)
    libraries           [real paths of the libraries the map includes], for the cache
    inputs              {index, portfolio}: digests of what those pages read of the map (kept() adds it)
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Sequence
from statistics import mean
from typing import Any

from journeymap.emotions import drawn_states, stage_points
from journeymap.model import Journey, Stage
from journeymap.problems import Problem, Severity
from journeymap.words import language_of

MapEntry = dict[str, Any]


def problem_of(problem: Problem) -> dict[str, Any]:
    return {"line": problem.position.line, "column": problem.position.column, "severity": problem.severity.label,
            "code": problem.code, "name": problem.name, "message": problem.message}  # fmt: skip


def counts_of(problems: Sequence[Problem]) -> dict[str, int]:
    found = {severity.label: 0 for severity in reversed(Severity)}
    for problem in problems:
        found[problem.severity.label] += 1
    return found


def invalid_entry(base: MapEntry, problems: Sequence[Problem]) -> MapEntry:
    return {**base, "valid": False, "problems": [problem_of(p) for p in problems], "counts": counts_of(problems)}


def map_entry(base: MapEntry, journey: Journey, findings: Sequence[Problem], today: datetime.date,
              review_days: int) -> MapEntry:  # fmt: skip
    """The entry of a valid map; `base` holds its names and paths; a review is due `review_days` after it."""
    due = journey.reviewed + datetime.timedelta(days=review_days) if journey.reviewed else None
    return {
        **base, "valid": True, "problems": [problem_of(p) for p in findings], "counts": counts_of(findings),
        "title": journey.title or "", "description": journey.description, "objective": journey.objective,
        "owner": journey.owner, "status": journey.status, "state": journey.state, "locale": journey.locale,
        "language": language_of(journey.locale), "tags": list(journey.tags),
        "reviewed": _date(journey.reviewed), "due": _date(due), "overdue": due is not None and today > due,
        "personas": [_persona(journey, persona_id) for persona_id in journey.cast()],
        "phases": [{"id": phase.id, "name": phase.name} for phase in journey.phases],
        "stages": [_stage(stage) for stage in journey.stages],
        "curves": (curves := _curves(journey)), "mood": _mood(curves), "states": list(drawn_states(journey)),
        "pain_points": [_pain_point(stage, item) for stage in journey.stages for item in stage.pain_points],
        "opportunities": [_opportunity(stage, item) for stage in journey.stages for item in stage.opportunities],
        "metrics": [_metric(stage, item) for stage in journey.stages for item in stage.metrics],
    }  # fmt: skip


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _persona(journey: Journey, persona_id: str) -> dict[str, Any]:
    persona = journey.persona(persona_id)
    assert persona is not None  # the cast names defined personas only
    return {"id": persona.id, "name": persona.name, "description": persona.description,
            "occupation": persona.occupation, "quote": persona.quote, "goals": list(persona.goals)}  # fmt: skip


def _stage(stage: Stage) -> dict[str, Any]:
    return {"id": stage.id, "name": stage.name, "phase": stage.phase, "kind": stage.kind, "steps": len(stage.steps),
            "moment_of_truth": stage.moment_of_truth or any(step.moment_of_truth for step in stage.steps)}  # fmt: skip


def _curves(journey: Journey) -> list[dict[str, Any]]:
    """Each persona's mean score at every stage, in the state the map describes (None: no score there);
    one curve of nobody in particular for a map without personas."""
    cast: list[str | None] = list(journey.cast()) or [None]
    columns = [stage_points(journey, stage, journey.state, cast) for stage in journey.stages]
    curves = []
    for persona_id in cast:
        points = [_mean(column.get(persona_id, ())) for column in columns]
        persona = journey.persona(persona_id) if persona_id else None
        curves.append({"persona": persona_id, "name": persona.name if persona else "", "points": points})
    return curves


def _mood(curves: Sequence[dict[str, Any]]) -> list[float | None]:
    columns = zip(*(curve["points"] for curve in curves), strict=True)
    return [round(mean(known), 2) if (known := [p for p in column if p is not None]) else None for column in columns]


def _mean(points: Sequence[tuple[Any, float]]) -> float | None:
    return round(mean(value for _, value in points), 2) if points else None


def _where(stage: Stage, element: Any) -> dict[str, Any]:
    return {"stage": stage.id, "stage_name": stage.name, "kind": stage.kind, "line": element.position.line}


def _pain_point(stage: Stage, item: Any) -> dict[str, Any]:
    return {"id": item.id, "description": item.description, "severity": item.severity,
            "resolved": _date(item.resolved), "personas": list(item.personas), **_where(stage, item)}  # fmt: skip


def _opportunity(stage: Stage, item: Any) -> dict[str, Any]:
    return {"id": item.id, "description": item.description, "owner": item.owner, "status": item.status,
            "impact": item.impact, "effort": item.effort, "addresses": list(item.addresses),
            **_where(stage, item)}  # fmt: skip


def _metric(stage: Stage, item: Any) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "unit": item.unit, "target": item.target, "actual": item.actual,
            "baseline": item.baseline, "direction": item.direction, "off_target": item.off_target,
            "measured": _date(item.measured), **_where(stage, item)}  # fmt: skip


PAGE_ONLY = ("problems",)  # what only the map's own page shows: left out of what a build keeps of every map
DIAGRAM_KEPT = ("view", "state", "path")


# The keys of an entry that portfolio.views() reads: the pages across maps change only when one of these
# does, so a build that finds them as the last one did keeps those pages (pages.py). A test changes every other.
PORTFOLIO_READS = ("valid", "title", "page", "file", "source", "owner", "reviewed", "due", "overdue", "personas",
                   "stages", "curves", "pain_points", "opportunities", "metrics")


def kept(item: MapEntry) -> MapEntry:
    """What the pages across maps need of a map once its own page is written: the build holds this of every
    map (and the manifest keeps it), so it stays small; the findings' count stays, their messages go. `inputs`
    holds the digests of what the index and the pages across maps read of it."""
    found = {key: value for key, value in item.items() if key not in PAGE_ONLY and key != "inputs"}
    found["diagrams"] = [{key: diagram.get(key) for key in DIAGRAM_KEPT} for diagram in item.get("diagrams", ())]
    found["inputs"] = inputs_of(found)
    return found


def inputs_of(item: MapEntry) -> dict[str, str]:
    """The digests of what the index (all of the kept entry but the map file's own digest, which changes with
    every edit) and the pages across maps (PORTFOLIO_READS) read of a map."""
    index = {key: value for key, value in item.items() if key not in ("inputs", "digest")}
    return {"index": digest_json(index), "portfolio": digest_json({key: item.get(key) for key in PORTFOLIO_READS})}


def digest_json(value: Any) -> str:
    """sha256 of a value as sorted JSON: the same for equal values, whichever order their keys were made in."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def outputs(item: MapEntry) -> list[str]:
    """The site files a map's entry stands for: its page and its diagrams."""
    return [item["page"], *(diagram["path"] for diagram in item.get("diagrams", ()) if diagram.get("path"))]
