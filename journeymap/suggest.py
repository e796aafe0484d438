"""Did-you-mean hints and plain-language descriptions of where a value sits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from journeymap.loader import MAX_NUMBER_CHARS
from journeymap.problems import JsonPath, quote


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant, if any is close enough."""
    options = [candidate for candidate in candidates if candidate != word]
    import difflib  # only when there is a suggestion to make: 3 ms of every run's start-up

    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    lowered = word.lower()  # `Email` -> `email`, `In Progress` -> `in_progress`
    normalised = lowered.replace(" ", "_").replace("-", "_")
    for candidate in options:
        if candidate.lower() in (lowered, normalised):
            return candidate
    return None


def did_you_mean(word: str, candidates: Iterable[str]) -> tuple[str, str | None]:
    """A '; did you mean ...?' tail for a message, and the suggestion itself."""
    suggestion = closest(word, candidates)
    return (f"; did you mean {quote(suggestion)}?" if suggestion else ""), suggestion


KIND_WORDS = {  # the plural key of a list of definitions -> one of its items, in words
    "personas": "persona",
    "phases": "phase",
    "touchpoints": "touchpoint",
    "stages": "stage",
    "steps": "step",
    "pain_points": "pain point",
    "opportunities": "opportunity",
    "metrics": "metric",
    "sources": "source",
    "exits": "exit",
    "emotions": "emotion entry",
    "frontstage": "frontstage action",
    "backstage": "backstage action",
    "support": "support process",
    "actions": "action",  # the three lanes' actions, as one kind of definition
}


def describe(data: Any, path: JsonPath) -> str:
    """Where `path` points, for a message: "stage 'checkout'", "step 2 of stage 'checkout'", "the top level"."""
    labels: list[str] = []
    node = data
    for index, part in enumerate(path):
        node = node[part] if _has(node, part) else None
        if isinstance(part, int) and index > 0 and path[index - 1] in KIND_WORDS:
            labels.append(_label(KIND_WORDS[str(path[index - 1])], node, part))
    if not labels:
        return "the top level"
    return " of ".join(reversed(labels[-2:]))


def describe_field(data: Any, path: JsonPath) -> str:
    """A value's key and where it sits: "'goal' in stage 'checkout'", or "'title'" at the top level.

    An entry of a plain list (tags, thoughts, goals) is named by its list.
    """
    if len(path) >= 2 and isinstance(path[-1], int) and path[-2] not in KIND_WORDS:
        return describe_field(data, path[:-1])
    if len(path) == 1:
        return f"{quote(path[0])}"
    if path and isinstance(path[-1], str):
        return f"{quote(path[-1])} in {describe(data, path[:-1])}"
    return describe(data, path)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _label(kind: str, node: Any, index: int) -> str:
    if isinstance(node, dict):
        for key in ("id", "name"):
            if isinstance(node.get(key), str) and node[key]:
                return f"{kind} {quote(node[key], 40)}"
    return f"{kind} {index + 1}"


def kind_of(value: Any) -> str:
    """A value's type in the words of someone editing YAML."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"a true/false value ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str) and len(value) > MAX_NUMBER_CHARS and value.isdigit():  # the loader keeps them as text
        return f"a {len(value):,}-digit number"
    if isinstance(value, str):
        return f"text ({quote(value, 40)})"
    if isinstance(value, list):
        return "a list"
    return "a mapping"
