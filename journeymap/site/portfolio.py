"""The views across maps, from their entries alone: what the portfolio pages and persona pages show.

    views(entries) -> dict of the views below (plain lists and dicts, ready for the templates)

Pain points (pain-points.html)
    pain_points            the open ones: severity (high, medium, low, not rated), then lifecycle kind
                           (model.LIFECYCLE order, no kind last), then map, then line
    pain_points_resolved   the resolved ones, the latest fixed first
    pain_matrix            {kinds: [kind or None], rows: [{severity, cells: [count per kind], total}],
                           totals: [count per kind], total}: the open ones by severity and kind; only the
                           kinds that have one are columns
    pain_kinds             [{kind, pains, counts: {severity: n}}]: the open ones by kind, in lifecycle order
Opportunities (opportunities.html)
    opportunities          all of them: status (idea..done, none last), value, effort, map, line
    opportunity_board      [{status, ideas}]: a column per status, the four always, "no status" when used
    opportunity_owners     [{owner, ideas, counts: {status: n}, open}]: by owner (none last)
    value_effort           {values, efforts, rows: [{value, cells: [{effort, quadrant, ideas}]}], unplaced}:
                           the opportunities not done by value and effort. An opportunity's `value` is the
                           highest severity of the pain points it addresses (the format's `impact` is free
                           text); one that addresses none, or has no effort, is `unplaced`
Metrics (metrics.html)
    metrics                the ones off target, the furthest off first: `gap` (actual - target, signed),
                           `share` (|gap| / |target|, None for a target of 0), `progress` (the part of the
                           way from baseline to target covered, None without a baseline)
    metric_counts          {off, on, unjudged}: unjudged lack a target, an actual value or a direction
Reviews (reviews.html)
    reviews                maps overdue for review (the earliest due first), then maps never reviewed
    reviews_up_to_date     every other map, the next due first
Personas (personas.html, persona pages)
    personas               [{id, name, description, occupation, quote, goals, described_in, journeys,
                           variants}] by name: one per persona id across maps, in the words of the first map
                           that has it (the entries' order), `described_in`; `variants` are the later maps
                           that describe it otherwise ({map, name, fields: the PERSONA_FIELDS that differ});
                           each journey is {map, stages, points, low, high}, low and high {stage, score}
    maps                   how many valid maps there are

Every row carries the map it comes from (`map`: title, page, file, source, owner, reviewed, due) and,
when it belongs to a stage, `anchor` (the stage's fragment on the map's page), so a page can link to
both. Everything is sorted by a full key, so the same maps always give the same pages.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from journeymap.model import LIFECYCLE
from journeymap.site.entry import PORTFOLIO_READS, MapEntry
from journeymap.spill import Rows, Store

SEVERITIES: tuple[str | None, ...] = ("high", "medium", "low", None)  # None: not rated
KINDS: tuple[str | None, ...] = (*LIFECYCLE, None)  # None: a stage with no kind
STATUSES: tuple[str | None, ...] = ("idea", "planned", "in_progress", "done", None)
EFFORTS: tuple[str | None, ...] = ("low", "medium", "high", None)
QUADRANTS = {("high", "low"): "quick_win", ("high", "high"): "major_project", ("low", "low"): "fill_in",
             ("low", "high"): "thankless"}  # fmt: skip -- the corners of the value/effort matrix
PERSONA_FIELDS = ("name", "description", "occupation", "quote", "goals")


READS = PORTFOLIO_READS  # the keys of an entry views() reads (entry.py); a test changes every other key


def persona_ids(entries: Sequence[MapEntry]) -> list[str]:
    """The ids of the personas views() gives pages to, in its order."""
    return sorted({persona["id"] for item in entries if item["valid"] for persona in item["personas"]})


def views(entries: Iterable[MapEntry]) -> dict[str, Any]:
    """The views, from one pass over the entries (each read once: they may be on disk, spill.py). The rows of
    pain points, opportunities, metrics, reviews and the personas' journeys and variants go to a file as they
    are made, as a thousand maps' rows take megabytes: the views sort and group them by a few facts of each
    (_Placed) and list them as spill.Rows."""
    store = Store(shared=True)  # half the pages may be written in a worker process (pages.py)
    pains: list[_Placed] = []
    ideas: list[_Placed] = []
    metrics: list[_Placed] = []
    reviews, personas, map_keys = _Reviews(store), {}, []
    for item in entries:
        if not item["valid"]:
            continue
        found = _map(item)
        where = len(map_keys)
        map_keys.append(_map_key(found))
        pains += _placed(store, where, [_pain(item, pain, found) for pain in item["pain_points"]], _PainRow)
        ideas += _placed(store, where, [_opportunity(item, idea, found) for idea in item["opportunities"]], _IdeaRow)
        metrics += _placed(store, where, [_metric(metric, found) for metric in item["metrics"]], _MetricRow)
        reviews.add(item, found, where)
        _add_personas(personas, item, found, store, where)
    _rank_maps([*pains, *ideas, *metrics, *reviews.rows(), *_journeys(personas)], map_keys)
    open_pains = sorted((pain for pain in pains if not pain["resolved"]), key=_pain_key)
    ideas.sort(key=_idea_key)
    rows = {
        "pain_points": open_pains,
        "pain_points_resolved": sorted((pain for pain in pains if pain["resolved"]), key=_resolved_key),
        "pain_matrix": _matrix(open_pains),
        "pain_kinds": _by_kind(open_pains),
        "opportunities": ideas,
        "opportunity_board": _board(ideas),
        "opportunity_owners": _owners(ideas),
        "value_effort": _value_effort(ideas),
        "metrics": sorted((metric for metric in metrics if metric["off_target"]), key=_metric_key),
        "metric_counts": _metric_counts(metrics),
        "reviews": reviews.due(),
        "reviews_up_to_date": sorted(reviews.up_to_date, key=_due_key),
        "personas": _personas(personas),
    }
    return {**{key: _spilled(value, store) for key, value in rows.items()}, "maps": len(map_keys)}


class _Placed:
    """A row in memory while the views are made: its number in the Store, its map (`where`: the map's position
    among the valid maps, then its rank by _map_key), its place among the map's rows (`order`) and the facts
    its group sorts and splits it by (the slots of a subclass), read as row[fact]."""

    __slots__ = ("number", "where", "order")
    FACTS: tuple[str, ...] = ()

    def __init__(self, number: int, where: int, order: int, row: dict[str, Any]) -> None:
        self.number, self.where, self.order = number, where, order
        for fact in self.FACTS:  # interned: thousands of rows share a few severities, statuses and owners
            value = row[fact]
            setattr(self, fact, sys.intern(value) if isinstance(value, str) else value)

    def __getitem__(self, fact: str) -> Any:
        return getattr(self, fact)


class _PainRow(_Placed):
    __slots__ = FACTS = ("severity", "kind", "resolved")


class _IdeaRow(_Placed):
    __slots__ = FACTS = ("status", "value", "effort", "owner")


class _MetricRow(_Placed):
    __slots__ = FACTS = ("off_target", "share")


class _MapRow(_Placed):
    """A row of one map's own (a review, a persona's journey or variant): its map alone places it."""

    __slots__ = FACTS = ("due",)


def _placed(store: Store, where: int, rows: list[dict[str, Any]], kind: type[_Placed]) -> list[_Placed]:
    """The rows of one map, written to `store`, as `kind`."""
    order = sorted(range(len(rows)), key=lambda position: _in_map_key(rows[position]))
    return [kind(store.add(rows[position]), where, place, rows[position]) for place, position in enumerate(order)]


def _rank_maps(rows: Iterable[_Placed], map_keys: Sequence[tuple[str, str]]) -> None:
    """Each row's `where` from its map's position to its map's rank by _map_key (map_keys, by position)."""
    ranks = [0] * len(map_keys)
    for rank, position in enumerate(sorted(range(len(map_keys)), key=map_keys.__getitem__)):
        ranks[position] = rank
    for row in rows:
        row.where = ranks[row.where]


def _spilled(value: Any, store: Store) -> Any:
    """`value` with every list of rows (_Placed) made the Rows of the store that reads them back."""
    if isinstance(value, dict):
        return {key: _spilled(item, store) for key, item in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], _Placed):
        return Rows(store, (row.number for row in value))
    if isinstance(value, list):
        return [_spilled(item, store) for item in value]
    return value


def _map(item: MapEntry) -> dict[str, Any]:
    return {"title": item["title"], "page": item["page"], "file": item["file"], "source": item["source"],
            "owner": item["owner"], "reviewed": item["reviewed"], "due": item["due"]}  # fmt: skip


def _map_key(found: dict[str, Any]) -> tuple[str, str]:
    return found["title"].casefold(), found["page"]


def _rank(order: Sequence[str | None], value: str | None) -> int:
    return order.index(value) if value in order else len(order)


def _in_map_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """Where a row is among the others of its map: its place in the map's file, then its words and id."""
    return row["line"], row.get("description") or row.get("name") or "", row["id"] or ""


def _row_key(row: _Placed) -> tuple[int, int]:
    """Where a row is among the others of its group: its map (by _map_key), then its place in the map."""
    return row.where, row.order


# Pain points


def _pain(item: MapEntry, pain: dict[str, Any], found: dict[str, Any]) -> dict[str, Any]:
    names = {persona["id"]: persona["name"] for persona in item["personas"]}
    return {**pain, "map": found, "anchor": f"stage-{pain['stage']}",
            "persona_names": [names.get(persona, persona) for persona in pain["personas"]]}  # fmt: skip


def _pain_key(pain: dict[str, Any]) -> tuple[Any, ...]:
    return _rank(SEVERITIES, pain["severity"]), _rank(KINDS, pain["kind"]), *_row_key(pain)


def _resolved_key(pain: dict[str, Any]) -> tuple[Any, ...]:
    day = datetime.date.fromisoformat(pain["resolved"]).toordinal()
    return -day, *_pain_key(pain)


def _matrix(pains: Sequence[dict[str, Any]]) -> dict[str, Any]:
    kinds = [kind for kind in KINDS if any(pain["kind"] == kind for pain in pains)]
    rows = []
    for severity in SEVERITIES:
        cells = [sum(1 for pain in pains if pain["severity"] == severity and pain["kind"] == kind) for kind in kinds]
        rows.append({"severity": severity, "cells": cells, "total": sum(cells)})
    totals = [sum(row["cells"][column] for row in rows) for column in range(len(kinds))]
    return {"kinds": kinds, "rows": rows, "totals": totals, "total": len(pains)}


def _by_kind(pains: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = []
    for kind in KINDS:
        found = [pain for pain in pains if pain["kind"] == kind]
        if found:
            counts = {severity or "none": sum(1 for pain in found if pain["severity"] == severity)
                      for severity in SEVERITIES}  # fmt: skip
            groups.append({"kind": kind, "pains": found, "counts": counts})
    return groups


# Opportunities


def _opportunity(item: MapEntry, idea: dict[str, Any], found: dict[str, Any]) -> dict[str, Any]:
    pains = {pain["id"]: pain for pain in item["pain_points"] if pain["id"]}
    addressed = [_addressed(pains.get(pain_id), pain_id) for pain_id in idea["addresses"]]
    severities = [pain["severity"] for pain in addressed if pain["severity"]]
    value = min(severities, key=lambda severity: _rank(SEVERITIES, severity)) if severities else None
    return {**idea, "map": found, "anchor": f"stage-{idea['stage']}", "addressed": addressed, "value": value}


def _addressed(pain: dict[str, Any] | None, pain_id: str) -> dict[str, Any]:
    if pain is None:  # validation refuses such an id; a page still shows what was written
        return {"id": pain_id, "description": pain_id, "severity": None, "resolved": None}
    return {key: pain[key] for key in ("id", "description", "severity", "resolved")}


def _idea_key(idea: dict[str, Any]) -> tuple[Any, ...]:
    return (_rank(STATUSES, idea["status"]), _rank(SEVERITIES, idea["value"]), _rank(EFFORTS, idea["effort"]),
            *_row_key(idea))  # fmt: skip


def _board(ideas: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    columns = [{"status": status, "ideas": [idea for idea in ideas if idea["status"] == status]}
               for status in STATUSES]  # fmt: skip
    return [column for column in columns if column["status"] is not None or column["ideas"]]


def _owners(ideas: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    owners = sorted({idea["owner"] for idea in ideas if idea["owner"]}, key=lambda owner: (owner.casefold(), owner))
    groups = []
    for owner in [*owners, None]:
        found = [idea for idea in ideas if idea["owner"] == owner]
        if found:
            counts = {status or "none": sum(1 for idea in found if idea["status"] == status) for status in STATUSES}
            groups.append({"owner": owner, "ideas": found, "counts": counts, "open": len(found) - counts["done"]})
    return groups


def _value_effort(ideas: Sequence[dict[str, Any]]) -> dict[str, Any]:
    values, efforts = SEVERITIES[:-1], EFFORTS[:-1]
    pending = [idea for idea in ideas if idea["status"] != "done"]
    placed = [idea for idea in pending if idea["value"] and idea["effort"]]
    rows = [{"value": value, "cells": [_cell(placed, value, effort) for effort in efforts]} for value in values]
    unplaced = [idea for idea in pending if not (idea["value"] and idea["effort"])]
    return {"values": list(values), "efforts": list(efforts), "rows": rows, "placed": len(placed),
            "unplaced": unplaced}  # fmt: skip


def _cell(placed: Iterable[dict[str, Any]], value: str | None, effort: str | None) -> dict[str, Any]:
    found = [idea for idea in placed if idea["value"] == value and idea["effort"] == effort]
    return {"effort": effort, "quadrant": QUADRANTS.get((value, effort)), "ideas": found}  # type: ignore[arg-type]


# Metrics


def _metric(metric: dict[str, Any], found: dict[str, Any]) -> dict[str, Any]:
    target, actual, baseline = metric["target"], metric["actual"], metric["baseline"]
    gap = share = progress = None
    if metric["off_target"]:
        gap = actual - target
        share = abs(gap) / abs(target) if target else None
        progress = (actual - baseline) / (target - baseline) if baseline is not None and baseline != target else None
    return {**metric, "map": found, "anchor": f"stage-{metric['stage']}", "gap": gap, "share": share,
            "progress": progress}  # fmt: skip


def _metric_key(metric: dict[str, Any]) -> tuple[Any, ...]:
    share = metric["share"]
    return (share is None, -(share or 0.0), *_row_key(metric))  # the furthest off first; a target of 0 last


def _metric_counts(metrics: Sequence[dict[str, Any]]) -> dict[str, int]:
    return {"off": sum(1 for metric in metrics if metric["off_target"] is True),
            "on": sum(1 for metric in metrics if metric["off_target"] is False),
            "unjudged": sum(1 for metric in metrics if metric["off_target"] is None)}  # fmt: skip


# Reviews


class _Reviews:
    """The maps to review, gathered a map at a time into the store: overdue, never reviewed, and up to date."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.overdue: list[_Placed] = []
        self.never: list[_Placed] = []
        self.up_to_date: list[_Placed] = []

    def add(self, item: MapEntry, found: dict[str, Any], where: int) -> None:
        if item["overdue"]:
            self.overdue.append(self._row(_review(item, found), where))
        if not item["reviewed"]:
            self.never.append(self._row(_review(item, found), where))
        elif not item["overdue"]:
            self.up_to_date.append(self._row(found, where))

    def _row(self, row: dict[str, Any], where: int) -> _Placed:
        return _MapRow(self.store.add(row), where, 0, row)

    def rows(self) -> list[_Placed]:
        return [*self.overdue, *self.never, *self.up_to_date]

    def due(self) -> list[_Placed]:
        """The overdue maps, the earliest due first, then those never reviewed."""
        return [*sorted(self.overdue, key=_due_key), *sorted(self.never, key=_row_key)]


def _due_key(row: _Placed) -> tuple[Any, ...]:
    """A review's place: its due date, then its map (by _map_key)."""
    return row["due"], *_row_key(row)


def _review(item: MapEntry, found: dict[str, Any]) -> dict[str, Any]:
    """A map to review; `due_day` is its due date as a day number, so a page can count the days since."""
    due = item["due"]
    return {**found, "overdue": item["overdue"],
            "due_day": datetime.date.fromisoformat(due).toordinal() if due else None}  # fmt: skip


# Personas


def _add_personas(found: dict[str, dict[str, Any]], item: MapEntry, described: dict[str, Any], store: Store,
                  where: int) -> None:  # fmt: skip
    """Each persona of a valid map into `found` (by id): the first map to describe it gives its words. Its
    journey in the map, and how the map describes it otherwise, go to `store` (in the entries' order)."""
    for persona in item["personas"]:
        known = found.get(persona["id"])
        if known is None:
            known = found[persona["id"]] = {**persona, "described_in": described, "journeys": [], "variants": []}
        else:
            differs = [key for key in PERSONA_FIELDS if persona[key] != known[key]]
            if differs:
                variant = {"map": described, "name": persona["name"], "fields": differs}
                known["variants"].append(_MapRow(store.add(variant), where, 0, described))
        journey = _journey(item, persona["id"], described)
        known["journeys"].append(_MapRow(store.add(journey), where, 0, described))


def _journeys(found: dict[str, dict[str, Any]]) -> list[_Placed]:
    return [journey for persona in found.values() for journey in persona["journeys"]]


def _personas(found: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    for persona in found.values():
        persona["journeys"].sort(key=_row_key)
    return sorted(found.values(), key=lambda persona: (persona["name"].casefold(), persona["id"]))


def _journey(item: MapEntry, persona_id: str, found: dict[str, Any]) -> dict[str, Any]:
    curve = next((curve for curve in item["curves"] if curve["persona"] == persona_id), None)
    points = list(curve["points"]) if curve else [None] * len(item["stages"])
    stages = [stage["name"] for stage in item["stages"]]
    scored = [(score, position) for position, score in enumerate(points) if score is not None]
    low = min(scored, default=None)  # the first stage of the lowest score, by (score, position)
    high = min(((-score, position) for score, position in scored), default=None)
    return {"map": found, "stages": stages, "points": points,
            "low": {"stage": stages[low[1]], "score": low[0]} if low else None,
            "high": {"stage": stages[high[1]], "score": -high[0]} if high else None}  # fmt: skip
