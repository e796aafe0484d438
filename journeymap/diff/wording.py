"""The English of a change's one-line summary: how elements, values and fields are named.

User text is always quoted and made printable (`problems.quote`), so a summary stays one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from journeymap.diff.changes import FieldChange
from journeymap.problems import printable, quote

WORDS = {
    "stage": "stage", "step": "step", "touchpoint": "touchpoint", "persona": "persona", "phase": "phase",
    "source": "research source", "pain-point": "pain point", "opportunity": "opportunity", "metric": "metric",
}  # fmt: skip
LANE_WORDS = {"frontstage": "frontstage action", "backstage": "backstage action", "support": "support process"}
STATUS_WORDS = {"idea": "idea", "planned": "planned", "in_progress": "in progress", "done": "done"}
_TEXT_LIMIT = 60
_FIELD_WORDS = {"emotions": "emotion entries"}  # what else they say: their scores are emotion changes


def sentence(text: str) -> str:
    """`text` with its first letter in capitals, to start a summary."""
    return text[:1].upper() + text[1:]


def joined(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def named(word: str, text: str) -> str:
    """"stage 'Checkout'"."""
    return f"{word} {quote(text, _TEXT_LIMIT)}"


def number(value: float | int, unit: str | None = None) -> str:
    """42, 1.5, 0.33; with its unit: 42%, 3 min."""
    rounded = round(value, 2)
    shown = str(int(rounded)) if float(rounded).is_integer() else str(rounded)
    if unit is None:
        return shown
    return f"{shown}{unit}" if unit == "%" else f"{shown} {unit}"


def status(value: str | None) -> str:
    return STATUS_WORDS.get(value or "", "no status")


def field_word(name: str) -> str:
    """A field's key as words: `moment_of_truth` -> "moment of truth"; `x-` keys as written."""
    if name.startswith("x-"):
        return printable(name)
    return _FIELD_WORDS.get(name, name.replace("_", " "))


def shown(value: Any) -> str | None:
    """A field's value in a sentence, or None when it is not short and plain enough (a list of exits)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, str):
        return quote(value, _TEXT_LIMIT)
    if isinstance(value, tuple) and value and all(isinstance(item, (str, int, float)) for item in value):
        return ", ".join(shown(item) or "" for item in value)
    return None


def edited(subject: str, fields: Sequence[FieldChange]) -> str:
    """"Stage 'Checkout': goal changed from 'Pay' to 'Pay fast'", or "Stage 'Checkout' changed: goal and owner"."""
    if len(fields) != 1:
        return f"{sentence(subject)} changed: {joined([field_word(change.field) for change in fields])}"
    change = fields[0]
    if change.field == "moment_of_truth":
        return f"{sentence(subject)} {'is now' if change.new else 'is no longer'} a moment of truth"
    name, old, new = field_word(change.field), shown(change.old), shown(change.new)
    if change.old is None and new is not None:
        return f"{sentence(subject)}: {name} set to {new}"
    if change.new is None and old is not None:
        return f"{sentence(subject)}: {name} removed (was {old})"
    if old is not None and new is not None:
        return f"{sentence(subject)}: {name} changed from {old} to {new}"
    return f"{sentence(subject)}: {name} changed"
