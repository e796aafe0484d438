"""What the index shows above its cards, from the map entries alone: the figures at a glance, and the
choices of its filters.

    figures(entries) -> {maps, personas, pain_points, pressing, opportunities, in_progress, metrics,
                         off_target, reviews}
    choices(entries) -> {persona: [(id, name)], owner, status, tag, phase: [value]}, each sorted
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from journeymap.site.entry import MapEntry

PRESSING = ("high",)  # the severities of pain points the index counts apart


def figures(entries: Iterable[MapEntry]) -> dict[str, int]:
    """In one pass over the entries, each read once (they may be on disk: spill.py)."""
    found = dict.fromkeys(("maps", "pain_points", "pressing", "opportunities", "in_progress", "metrics",
                           "off_target", "reviews"), 0)  # fmt: skip
    personas: set[str] = set()
    for item in entries:
        found["maps"] += 1
        if not item["valid"]:
            continue
        personas.update(persona["id"] for persona in item["personas"])
        pains = [pain for pain in item["pain_points"] if not pain["resolved"]]
        found["pain_points"] += len(pains)
        found["pressing"] += sum(1 for pain in pains if pain["severity"] in PRESSING)
        found["opportunities"] += len(item["opportunities"])
        found["in_progress"] += sum(1 for idea in item["opportunities"] if idea["status"] == "in_progress")
        measured = [metric for metric in item["metrics"] if metric["actual"] is not None]
        found["metrics"] += len(measured)
        found["off_target"] += sum(1 for metric in measured if metric["off_target"])
        found["reviews"] += bool(item["overdue"] or not item["reviewed"])
    return {"maps": found.pop("maps"), "personas": len(personas), **found}


def choices(entries: Iterable[MapEntry]) -> dict[str, list[Any]]:
    names: dict[str, str] = {}
    owners, statuses, tags, phases = set(), set(), set(), set()
    for item in entries:
        if not item["valid"]:
            continue
        for persona in item["personas"]:
            names.setdefault(persona["id"], persona["name"])
        owners.update([item["owner"]] if item["owner"] else [])
        statuses.update([item["status"]] if item["status"] else [])
        tags.update(item["tags"])
        phases.update(phase["name"] for phase in item["phases"] if phase["name"])
    return {
        "persona": sorted(names.items(), key=lambda pair: (pair[1].casefold(), pair[0])),
        "owner": _sorted(owners),
        "status": _sorted(statuses),
        "tag": _sorted(tags),
        "phase": _sorted(phases),
    }


def _sorted(values: set[str]) -> list[str]:
    return sorted(values, key=lambda value: (value.casefold(), value))
