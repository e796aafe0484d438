"""A duration as the map's language writes it: a map says `wait: 3 weeks` whatever its locale (the
format's units are English), and a Spanish diagram says `3 semanas`."""

from __future__ import annotations

import math
import re

from journeymap.model import Duration
from journeymap.render.theme import number
from journeymap.words import Words

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))? ?([a-z]+)")  # the format's (see model.Duration)
# Each unit the format allows, by its word in the locales; seconds, minutes and hours keep their symbols.
_UNITS = {"s": "s", "sec": "s", "second": "s", "min": "min", "minute": "min", "h": "h", "hour": "h",
          "d": "day", "day": "day", "w": "week", "week": "week", "mo": "month", "month": "month",
          "y": "year", "year": "year"}  # fmt: skip
_SYMBOLS = frozenset({"s", "min", "h"})


def duration_text(duration: Duration, words: Words) -> str:
    """'5-7 weeks' in the map's words, numbers with its decimal mark; as written if it cannot be read."""
    match = _DURATION.fullmatch(duration.text)
    if match is None:
        return duration.text
    low, high, written = match.groups()
    unit = _UNITS.get(written, _UNITS.get(written.removesuffix("s")))
    if unit is None:
        return duration.text
    amount = _amount(low, words) + (f"-{_amount(high, words)}" if high else "")
    if unit in _SYMBOLS:
        return f"{amount} {words(f'duration.{unit}')}"
    plural = float(high or low) != 1
    return f"{amount} {words(f'duration.{unit}s' if plural else f'duration.{unit}')}"


def _amount(written: str, words: Words) -> str:
    value = float(written)
    return number(value, words) if math.isfinite(value) else written  # 400 nines stay digits, not "inf"
