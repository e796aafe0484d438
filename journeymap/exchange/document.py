"""A journey as one self-contained document: what every export writes and every import gives back.

It is `model.as_data` with the included libraries' definitions that the map uses written in and the
`include` dropped, so that the document alone is a valid map, and without what `as_data` implies twice
(a step's `personas` filled from its `persona`, the map's default `state`).
"""

from __future__ import annotations

from typing import Any

from journeymap.model import Journey, as_data


def document(journey: Journey) -> dict[str, Any]:
    """The map as plain data in the format's key order, valid on its own."""
    data = as_data(journey)
    data.pop("include", None)
    if data.get("state") == "current":  # the default, which as_data cannot tell from one written
        del data["state"]
    used = _used_ids(journey, data)
    for key in ("personas", "touchpoints", "sources", "phases"):
        kept = [item for item, element in zip(data.get(key, ()), getattr(journey, key), strict=True)
                if element.file == journey.file or element.id in used[key]]  # fmt: skip
        if kept:
            data[key] = kept
        else:
            data.pop(key, None)
    for stage in data.get("stages", ()):
        for step in stage.get("steps", ()):
            if "persona" in step:
                step.pop("personas", None)
    return data


def _used_ids(journey: Journey, data: dict[str, Any]) -> dict[str, set[str]]:
    """The ids of shared definitions the map itself names anywhere, by kind (`data`: the map's `as_data`)."""
    touchpoints = {t for stage in journey.stages for t in stage.all_touchpoint_ids()}
    phases = {stage.phase for stage in journey.stages if stage.phase}
    return {"personas": set(journey.cast()), "touchpoints": touchpoints, "phases": phases,
            "sources": set(_source_ids(data))}  # fmt: skip


def _source_ids(node: Any) -> list[str]:
    """Every id listed under a `sources` key below the stages and personas (where elements cite research)."""
    if isinstance(node, dict):
        found = [item for item in node.get("sources", ()) if isinstance(item, str)]
        return found + [i for key, value in node.items() if key != "sources" for i in _source_ids(value)]
    if isinstance(node, list):
        return [i for item in node for i in _source_ids(item)]
    return []
