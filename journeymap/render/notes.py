"""Where `--annotate` draws each lint finding: on the card it is about, in the stage cell it
points at (an empty cell gets a marked note), or in the header when it concerns the whole map.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from journeymap.problems import JsonPath, Problem

if TYPE_CHECKING:
    from journeymap.words import Words

CARD_LISTS = ("steps", "pain_points", "opportunities", "metrics")

# Findings on a stage as a whole, drawn in the lane that shows what is missing or wrong.
_RULE_LANES = {
    "stage-without-touchpoints": "touchpoints",
    "too-many-touchpoints": "touchpoints",
    "stage-without-steps": "steps",
    "stage-without-emotion": "emotions",
    "emotional-low-without-pain-point": "pain_points",
    "stage-without-metrics": "metrics",
}
# Findings on one key of a stage, drawn in the lane that shows that key.
_KEY_LANES = {
    "steps": "steps", "touchpoints": "touchpoints", "thoughts": "thoughts", "emotion": "emotions",
    "pain_points": "pain_points", "opportunities": "opportunities", "metrics": "metrics",
}  # fmt: skip

Place = tuple  # ("card", element path) | ("cell", stage index, lane) | ("touchpoint", id) | ("persona", index) | ("map",)


def place_of(problem: Problem) -> Place:
    """The most specific place for a finding, from its JSON path."""
    path = problem.json_path
    if len(path) >= 4 and path[0] == "stages" and path[2] in CARD_LISTS and isinstance(path[3], int):
        return ("card", path[:4])
    if len(path) >= 2 and path[0] == "stages" and isinstance(path[1], int):
        if len(path) == 2:
            return ("cell", path[1], _RULE_LANES.get(problem.name, "header"))
        return ("cell", path[1], _KEY_LANES.get(str(path[2]), "header"))
    if len(path) >= 2 and path[0] in ("touchpoints", "personas") and isinstance(path[1], int):
        return (path[0][:-1], path[1])
    return ("map",)


class Notes:
    """The findings still to be drawn, taken by place as the view builds its cells."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._by_place: dict[Place, list[Problem]] = {}
        for problem in problems:
            self._by_place.setdefault(place_of(problem), []).append(problem)

    def take(self, place: Place) -> list[Problem]:
        return self._by_place.pop(place, [])

    def card(self, path: JsonPath) -> list[Problem]:
        return self.take(("card", tuple(path)))

    def cell(self, stage_index: int, lane: str) -> list[Problem]:
        return self.take(("cell", stage_index, lane))

    def rest(self) -> list[Problem]:
        """Everything not placed yet, in report order."""
        remaining = [problem for problems in self._by_place.values() for problem in problems]
        self._by_place.clear()
        return sorted(remaining, key=lambda problem: problem.sort_key)


def finding_text(problem: Problem, words: Words) -> tuple[str, str]:
    """The heading and text of a finding as drawn: `JM301 stage-without-touchpoints · line 12`, then its
    message; in another language, the rule's summary in it (messages are English), when it has one."""
    heading = f"{problem.code} {problem.name} · {words('label.line', line=problem.position.line)}"
    return heading, words.rule(problem.code) or problem.message
