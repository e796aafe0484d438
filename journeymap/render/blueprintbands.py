"""Where a long blueprint wraps: rows (bands) of at most `MAX_BAND` stage columns, so it prints.

A band breaks between two phases where it can: a break inside a phase costs more than one band
more (a map of three phases of 6, 5 and 4 stages is three bands, one per phase), and bands are
as even as they can be. Found by dynamic programming over the break points: linear in stages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from journeymap.model import Stage

WRAP_FROM = 15  # stages: a shorter map is one band
MAX_BAND = 8
_INSIDE_PHASE = 1.5  # the cost of a break inside a phase, in bands


def bands_for(stages: Sequence[Stage]) -> list[range]:
    """The bands, as ranges of stage indexes, in order."""
    count = len(stages)
    if count < WRAP_FROM:
        return [range(count)] if count else []
    target = count / math.ceil(count / MAX_BAND)  # the even length
    best: list[tuple[float, float]] = [(0.0, 0.0)] + [(math.inf, math.inf)] * count  # (bands and breaks, unevenness)
    start = [0] * (count + 1)
    for end in range(1, count + 1):
        for first in range(max(0, end - MAX_BAND), end):
            breaks, unevenness = best[first]
            inside = first > 0 and stages[first - 1].phase == stages[first].phase
            candidate = (breaks + 1 + (_INSIDE_PHASE if inside else 0.0), unevenness + (end - first - target) ** 2)
            if candidate < best[end]:
                best[end], start[end] = candidate, first
    bands, end = [], count
    while end > 0:
        bands.append(range(start[end], end))
        end = start[end]
    return bands[::-1]
