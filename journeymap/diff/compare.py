"""One map, two sides: its `MapDiff`.

The changes come in sections, and within one severity keep this order: the map itself, stages, pain
points, emotions, opportunities, metrics, steps, blueprint actions, personas, touchpoints, phases and
research sources, lint findings, the review date. Then they are sorted by severity, most important
first (a stable sort: the sections' order stays within each severity).

A map removed is high, added low, renamed info; an edit of its own fields info for prose, else low; its
review date, info. A map added reports itself, its pain points (a new high-severity one wants an
opportunity as much in a new map as in an old one) and its lint findings; a map removed, only itself.
"""

from __future__ import annotations


from journeymap.diff import elements, emotions, findings
from journeymap.diff.changes import Change, FieldChange, MapDiff, MapSide, Where
from journeymap.diff.elements import Sides, field_changes
from journeymap.diff.wording import edited
from journeymap.model import Journey, as_data
from journeymap.problems import quote
from journeymap.record import replace

_NO_DEFINITIONS = {key: () for key in ("personas", "phases", "touchpoints", "sources", "stages")}


def compare(base: MapSide | None, head: MapSide | None) -> MapDiff:
    """What changed in one map from `base` to `head`; None for a side where the map does not exist.

    Raises ValueError when both sides are None: there is no map to compare.
    """
    if base is None and head is None:
        raise ValueError("compare needs the map on at least one side")
    title = (head or base).journey.title  # type: ignore[union-attr]
    found = [*_map_changes(base, head), *_contents(base, head), *findings.changes(base, head)]
    if base is not None and head is not None:
        found.extend(_review_date(base.journey, head.journey))
    ordered = tuple(sorted(found, key=lambda change: change.rank))
    curves = emotions.curves(base.journey if base else None, head.journey if head else None)
    return MapDiff(base.path if base else None, head.path if head else None, title, ordered, curves)


def _contents(base: MapSide | None, head: MapSide | None) -> list[Change]:
    if head is None:
        return []
    if base is None:  # a new map: only its pain points, against an empty map of the same file
        empty = replace(head.journey, **_NO_DEFINITIONS)
        return elements.pain_points(Sides(empty, head.journey))
    sides = Sides(base.journey, head.journey)
    stage_changes, stages = elements.stages(sides)
    step_changes, steps = elements.steps(sides)
    return [
        *stage_changes, *elements.pain_points(sides), *emotions.changes(sides, stages, steps),
        *elements.opportunities(sides), *elements.metrics(sides), *step_changes, *elements.actions(sides),
        *elements.definitions(sides),
    ]  # fmt: skip


def _map_changes(base: MapSide | None, head: MapSide | None) -> list[Change]:
    if base is None:
        assert head is not None  # noqa: S101 -- compare checked that one side is there
        return [_map_change("added", "low", head, "head", f"New map {_title(head)} ({_path(head.path)})")]
    if head is None:
        return [_map_change("removed", "high", base, "base", f"Map {_title(base)} removed ({_path(base.path)})")]
    found = []
    if base.path != head.path:
        summary = f"Map renamed from {_path(base.path)} to {_path(head.path)}"
        moved = (FieldChange("path", base.path, head.path),)
        found.append(_map_change("renamed", "info", head, "head", summary, moved))
    fields = field_changes(_map_data(base.journey), _map_data(head.journey), frozenset({"reviewed"}))
    if fields:
        severity = "info" if all(f.field in elements.PROSE or f.field.startswith("x-") for f in fields) else "low"
        found.append(_map_change("changed", severity, head, "head", edited("map", fields), tuple(fields)))
    return found


def _path(path: str) -> str:
    return quote(path, keep_end=True)


def _title(side: MapSide) -> str:
    return quote(side.journey.title or side.path, 80)


def _map_data(journey: Journey) -> dict:
    return as_data(replace(journey, **_NO_DEFINITIONS))


def _map_change(
    what: str, severity: str, side: MapSide, which: str, summary: str, fields: tuple[FieldChange, ...] = ()
) -> Change:
    journey = side.journey
    return Change(kind=f"map-{what}", severity=severity, element="map", summary=summary, name=journey.title,
                  fields=fields, where=Where.of(which, journey), data=_map_data(journey))  # fmt: skip


def _review_date(base: Journey, head: Journey) -> list[Change]:
    old, new = base.reviewed, head.reviewed
    if old == new:
        return []
    if old is None:
        summary = f"Review date set to {new}"
    elif new is None:
        summary = f"Review date removed (was {old})"
    else:
        summary = f"Review date changed from {old} to {new}"
    field = FieldChange("reviewed", old.isoformat() if old else None, new.isoformat() if new else None)
    return [Change(kind="review-date-changed", severity="info", element="map", summary=summary, name=head.title,
                   fields=(field,), where=Where.of("head", head))]  # fmt: skip

