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
import struct
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
    are made, as a thousand maps' rows take megabytes: in memory each is one int of the facts its group sorts
    and splits it by (_Layout), and the views list them as spill.Rows."""
    store = Store(shared=True)  # half the pages may be written in a worker process (pages.py)
    gathered = _Gathered(store)
    for item in entries:
        if item["valid"]:
            gathered.add(item)
    gathered.rank_maps()
    open_pains, ideas = sorted(gathered.open_pains), sorted(gathered.ideas)
    rows = {
        "pain_points": _Found(open_pains),
        "pain_points_resolved": _Found(sorted(gathered.resolved_pains)),
        "pain_matrix": _matrix(open_pains),
        "pain_kinds": _by_kind(open_pains),
        "opportunities": _Found(ideas),
        "opportunity_board": _board(ideas),
        "opportunity_owners": _owners(ideas, gathered.owners),
        "value_effort": _value_effort(ideas),
        "metrics": _Found(sorted(gathered.metrics)),
        "metric_counts": gathered.metric_counts,
        "reviews": _Found([*sorted(gathered.overdue), *sorted(gathered.never)]),
        "reviews_up_to_date": _Found(sorted(gathered.up_to_date)),
        "personas": _personas(gathered.personas),
    }
    return {**{key: _spilled(value, store) for key, value in rows.items()}, "maps": len(gathered.map_keys)}


class _Layout:
    """How a row's facts pack into one int, the first field the most significant, the row's number in the
    Store the last: a list of such ints sorts as the rows' full keys do, with no key made per row, and a row
    costs one int rather than an object and its key (the views of 3,000 maps peaked 37.1 MB with those, 31.8
    MB with these). Facts are small integer codes (a
    value's place in its order, _rank); `where` is the map's rank by _map_key, `order` the row's place among
    its map's rows of the group, so fields after `order` never change the order."""

    def __init__(self, *fields: tuple[str, int]) -> None:
        self.fields: dict[str, tuple[int, int]] = {}  # name: (shift, mask)
        shift = 0
        for name, bits in reversed((*fields, ("number", _NUMBER_BITS))):
            self.fields[name] = shift, (1 << bits) - 1
            shift += bits

    def pack(self, **values: int) -> int:
        return sum(value << self.fields[name][0] for name, value in values.items())

    def get(self, row: int, name: str) -> int:
        shift, mask = self.fields[name]
        return (row >> shift) & mask

    def put(self, row: int, name: str, value: int) -> int:
        return row + ((value - self.get(row, name)) << self.fields[name][0])


_NUMBER_BITS = 32  # every field but a metric's share: a count of maps or rows, or a day number, fits in 32 bits
_CODE = 8
_PAIN = _Layout(("severity", _CODE), ("kind", _CODE), ("where", 32), ("order", 32))
_RESOLVED = _Layout(("after", 32), ("severity", _CODE), ("kind", _CODE), ("where", 32), ("order", 32))
_IDEA = _Layout(("status", _CODE), ("value", _CODE), ("effort", _CODE), ("where", 32), ("order", 32), ("owner", 32))
_METRIC = _Layout(("share", 64), ("where", 32), ("order", 32))
_DUE = _Layout(("due", 32), ("where", 32))
_MAP = _Layout(("where", 32))
_LAST_DAY = datetime.date.max.toordinal()


class _Found(list[int]):
    """Rows packed by a _Layout, in the order a page lists them: _spilled makes them spill.Rows."""


class _Gathered:
    """The rows of every valid map, gathered a map at a time into the store, each kept as one packed int;
    `where` holds the map's position among the valid maps until rank_maps()."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.map_keys: list[tuple[str, str]] = []
        self.open_pains: list[int] = []
        self.resolved_pains: list[int] = []
        self.ideas: list[int] = []
        self.owners: dict[str | None, int] = {}  # an owner's code in the ideas' `owner` field
        self.metrics: list[int] = []  # the ones off target
        self.metric_counts = {"off": 0, "on": 0, "unjudged": 0}
        self.overdue: list[int] = []
        self.never: list[int] = []
        self.up_to_date: list[int] = []
        self.personas: dict[str, dict[str, Any]] = {}

    def add(self, item: MapEntry) -> None:
        found, where = _map(item), len(self.map_keys)
        self.map_keys.append(_map_key(found))
        for order, number, pain in self._in_map([_pain(item, pain, found) for pain in item["pain_points"]]):
            self._add_pain(pain, where, order, number)
        for order, number, idea in self._in_map([_opportunity(item, idea, found) for idea in item["opportunities"]]):
            self._add_idea(idea, where, order, number)
        for order, number, metric in self._in_map([_metric(metric, found) for metric in item["metrics"]]):
            self._add_metric(metric, where, order, number)
        self._add_review(item, found, where)
        _add_personas(self.personas, item, found, self.store, where)

    def _in_map(self, rows: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
        """(order, number, row) for the rows of one map in their order (_in_map_key), each written to the store
        (its number there)."""
        rows.sort(key=_in_map_key)
        return [(order, self.store.add(row), row) for order, row in enumerate(rows)]

    def _add_pain(self, pain: dict[str, Any], where: int, order: int, number: int) -> None:
        codes = {"severity": _rank(SEVERITIES, pain["severity"]), "kind": _rank(KINDS, pain["kind"]),
                 "where": where, "order": order, "number": number}  # fmt: skip
        if pain["resolved"]:  # the latest fixed first
            after = _LAST_DAY - datetime.date.fromisoformat(pain["resolved"]).toordinal()
            self.resolved_pains.append(_RESOLVED.pack(after=after, **codes))
        else:
            self.open_pains.append(_PAIN.pack(**codes))

    def _add_idea(self, idea: dict[str, Any], where: int, order: int, number: int) -> None:
        owner = self.owners.setdefault(idea["owner"], len(self.owners))
        self.ideas.append(_IDEA.pack(status=_rank(STATUSES, idea["status"]), value=_rank(SEVERITIES, idea["value"]),
                                     effort=_rank(EFFORTS, idea["effort"]), where=where, order=order, owner=owner,
                                     number=number))  # fmt: skip

    def _add_metric(self, metric: dict[str, Any], where: int, order: int, number: int) -> None:
        off = metric["off_target"]
        for count, value in (("off", True), ("on", False), ("unjudged", None)):
            self.metric_counts[count] += off is value
        if off:
            self.metrics.append(_METRIC.pack(share=_furthest_first(metric["share"]), where=where, order=order,
                                             number=number))  # fmt: skip

    def _add_review(self, item: MapEntry, found: dict[str, Any], where: int) -> None:
        due = datetime.date.fromisoformat(item["due"]).toordinal() if item["due"] else 0
        if item["overdue"]:
            self.overdue.append(_DUE.pack(due=due, where=where, number=self.store.add(_review(item, found))))
        if not item["reviewed"]:
            self.never.append(_MAP.pack(where=where, number=self.store.add(_review(item, found))))
        elif not item["overdue"]:
            self.up_to_date.append(_DUE.pack(due=due, where=where, number=self.store.add(found)))

    def rank_maps(self) -> None:
        """Each row's `where` from its map's position to its map's rank by _map_key."""
        ranks = [0] * len(self.map_keys)
        for rank, position in enumerate(sorted(range(len(self.map_keys)), key=self.map_keys.__getitem__)):
            ranks[position] = rank
        journeys = [persona["journeys"] for persona in self.personas.values()]
        for layout, groups in ((_PAIN, [self.open_pains]), (_RESOLVED, [self.resolved_pains]), (_IDEA, [self.ideas]),
                               (_METRIC, [self.metrics]), (_DUE, [self.overdue, self.up_to_date]),
                               (_MAP, [self.never, *journeys])):  # fmt: skip
            for rows in groups:
                for index, row in enumerate(rows):
                    rows[index] = layout.put(row, "where", ranks[layout.get(row, "where")])


def _furthest_first(share: float | None) -> int:
    """A metric's share as an int that sorts the furthest off first and a target of 0 (None) last: a share is
    never negative, and the bits of a non-negative double grow with it."""
    if share is None:
        return 1 << 63
    return (1 << 63) - 1 - struct.unpack("<q", struct.pack("<d", share))[0]


def _spilled(value: Any, store: Store) -> Any:
    """`value` with every list of packed rows (_Found) made the Rows of the store that reads them back."""
    if isinstance(value, _Found):
        return Rows(store, (row & _NUMBER for row in value)) if value else []
    if isinstance(value, dict):
        return {key: _spilled(item, store) for key, item in value.items()}
    if isinstance(value, list):
        return [_spilled(item, store) for item in value]
    return value


_NUMBER = (1 << _NUMBER_BITS) - 1


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


# Pain points


def _pain(item: MapEntry, pain: dict[str, Any], found: dict[str, Any]) -> dict[str, Any]:
    names = {persona["id"]: persona["name"] for persona in item["personas"]}
    return {**pain, "map": found, "anchor": f"stage-{pain['stage']}",
            "persona_names": [names.get(persona, persona) for persona in pain["personas"]]}  # fmt: skip


def _matrix(pains: Sequence[int]) -> dict[str, Any]:
    kinds = [code for code in range(len(KINDS)) if any(_PAIN.get(pain, "kind") == code for pain in pains)]
    rows = []
    for code, severity in enumerate(SEVERITIES):
        cells = [sum(1 for pain in pains if _PAIN.get(pain, "severity") == code and _PAIN.get(pain, "kind") == kind)
                 for kind in kinds]  # fmt: skip
        rows.append({"severity": severity, "cells": cells, "total": sum(cells)})
    totals = [sum(row["cells"][column] for row in rows) for column in range(len(kinds))]
    return {"kinds": [KINDS[code] for code in kinds], "rows": rows, "totals": totals, "total": len(pains)}


def _by_kind(pains: Sequence[int]) -> list[dict[str, Any]]:
    groups = []
    for code, kind in enumerate(KINDS):
        found = _Found(pain for pain in pains if _PAIN.get(pain, "kind") == code)
        if found:
            counts = {severity or "none": sum(1 for pain in found if _PAIN.get(pain, "severity") == rank)
                      for rank, severity in enumerate(SEVERITIES)}  # fmt: skip
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


def _board(ideas: Sequence[int]) -> list[dict[str, Any]]:
    columns = [{"status": status, "ideas": _Found(idea for idea in ideas if _IDEA.get(idea, "status") == code)}
               for code, status in enumerate(STATUSES)]  # fmt: skip
    return [column for column in columns if column["status"] is not None or column["ideas"]]


def _owners(ideas: Sequence[int], codes: dict[str | None, int]) -> list[dict[str, Any]]:
    """The ideas by owner; `codes` are the owners' codes in the ideas' `owner` field."""
    owners = sorted((owner for owner in codes if owner), key=lambda owner: (owner.casefold(), owner))
    groups = []
    for owner in [*owners, None]:
        found = _Found(idea for idea in ideas if _IDEA.get(idea, "owner") == codes.get(owner))
        if found:
            counts = {status or "none": sum(1 for idea in found if _IDEA.get(idea, "status") == code)
                      for code, status in enumerate(STATUSES)}  # fmt: skip
            groups.append({"owner": owner, "ideas": found, "counts": counts, "open": len(found) - counts["done"]})
    return groups


def _value_effort(ideas: Sequence[int]) -> dict[str, Any]:
    values, efforts = SEVERITIES[:-1], EFFORTS[:-1]
    pending = [idea for idea in ideas if _IDEA.get(idea, "status") != STATUSES.index("done")]
    placed = [idea for idea in pending if _placed(idea)]
    rows = [{"value": value, "cells": [_cell(placed, value, effort) for effort in efforts]} for value in values]
    unplaced = _Found(idea for idea in pending if not _placed(idea))
    return {"values": list(values), "efforts": list(efforts), "rows": rows, "placed": len(placed),
            "unplaced": unplaced}  # fmt: skip


def _placed(idea: int) -> bool:
    """Whether an idea has a value and an effort (the pain points' severities and the efforts, None last)."""
    return _IDEA.get(idea, "value") < len(SEVERITIES) - 1 and _IDEA.get(idea, "effort") < len(EFFORTS) - 1


def _cell(placed: Iterable[int], value: str | None, effort: str | None) -> dict[str, Any]:
    codes = SEVERITIES.index(value), EFFORTS.index(effort)
    found = _Found(idea for idea in placed if (_IDEA.get(idea, "value"), _IDEA.get(idea, "effort")) == codes)
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


# Reviews


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
            known = found[persona["id"]] = {**persona, "described_in": described, "journeys": [], "variants": _Found()}
        else:
            differs = [key for key in PERSONA_FIELDS if persona[key] != known[key]]
            if differs:
                variant = {"map": described, "name": persona["name"], "fields": differs}
                known["variants"].append(_MAP.pack(number=store.add(variant)))  # kept in the maps' order
        journey = _journey(item, persona["id"], described)
        known["journeys"].append(_MAP.pack(where=where, number=store.add(journey)))


def _personas(found: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    for persona in found.values():
        persona["journeys"] = _Found(sorted(persona["journeys"]))
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
