"""The views across maps, from their entries alone: what the portfolio pages and persona pages show.

    views(entries) -> {"pain_points", "opportunities", "metrics", "reviews", "personas"}

Each item carries the map it comes from (`map`: its entry's title, page and file), so a page can link
to it. Everything is sorted by a full key, so the same maps always give the same pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from journeymap.site.entry import MapEntry


def views(entries: Sequence[MapEntry]) -> dict[str, Any]:
    valid = [item for item in entries if item["valid"]]
    return {
        "pain_points": [{**pain, "map": _map(item)} for item in valid for pain in item["pain_points"]],
        "opportunities": [{**idea, "map": _map(item)} for item in valid for idea in item["opportunities"]],
        "metrics": [{**metric, "map": _map(item)} for item in valid for metric in item["metrics"]
                    if metric["off_target"]],  # fmt: skip
        "reviews": [_map(item) for item in valid if item["overdue"] or not item["reviewed"]],
        "personas": _personas(valid),
    }


def _map(item: MapEntry) -> dict[str, Any]:
    return {"title": item["title"], "page": item["page"], "file": item["file"], "reviewed": item["reviewed"],
            "due": item["due"], "owner": item["owner"]}  # fmt: skip


def _personas(valid: Sequence[MapEntry]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for item in valid:
        for persona in item["personas"]:
            known = found.setdefault(persona["id"], {**persona, "journeys": []})
            curve = next((c for c in item["curves"] if c["persona"] == persona["id"]), None)
            known["journeys"].append({"map": _map(item), "stages": [s["name"] for s in item["stages"]],
                                      "points": curve["points"] if curve else []})  # fmt: skip
    return [found[key] for key in sorted(found)]
