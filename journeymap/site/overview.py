"""What the index shows above its cards, from the map entries alone: the figures at a glance, and the
choices of its filters.

    figures(entries) -> {maps, personas, pain_points, pressing, opportunities, in_progress, metrics,
                         off_target, reviews}
    choices(entries) -> {persona: [(id, name)], owner, status, tag, phase: [value]}, each sorted
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from journeymap.site.entry import MapEntry

PRESSING = ("high",)  # the severities of pain points the index counts apart


def figures(entries: Sequence[MapEntry]) -> dict[str, int]:
    valid = [item for item in entries if item["valid"]]
    pains = [pain for item in valid for pain in item["pain_points"] if not pain["resolved"]]
    ideas = [idea for item in valid for idea in item["opportunities"]]
    measured = [metric for item in valid for metric in item["metrics"] if metric["actual"] is not None]
    return {
        "maps": len(entries),
        "personas": len({persona["id"] for item in valid for persona in item["personas"]}),
        "pain_points": len(pains),
        "pressing": sum(1 for pain in pains if pain["severity"] in PRESSING),
        "opportunities": len(ideas),
        "in_progress": sum(1 for idea in ideas if idea["status"] == "in_progress"),
        "metrics": len(measured),
        "off_target": sum(1 for metric in measured if metric["off_target"]),
        "reviews": sum(1 for item in valid if item["overdue"] or not item["reviewed"]),
    }


def choices(entries: Sequence[MapEntry]) -> dict[str, list[Any]]:
    valid = [item for item in entries if item["valid"]]
    names: dict[str, str] = {}
    for item in valid:
        for persona in item["personas"]:
            names.setdefault(persona["id"], persona["name"])
    return {
        "persona": sorted(names.items(), key=lambda pair: (pair[1].casefold(), pair[0])),
        "owner": _sorted({item["owner"] for item in valid if item["owner"]}),
        "status": _sorted({item["status"] for item in valid if item["status"]}),
        "tag": _sorted({tag for item in valid for tag in item["tags"]}),
        "phase": _sorted({phase["name"] for item in valid for phase in item["phases"] if phase["name"]}),
    }


def _sorted(values: set[str]) -> list[str]:
    return sorted(values, key=lambda value: (value.casefold(), value))
