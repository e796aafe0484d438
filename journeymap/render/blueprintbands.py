"""Where a long blueprint wraps: rows (bands) of at most a number of stage columns, so it prints.

A band breaks between two phases where it can: a break inside a phase costs more than one band
more (a map of three phases of 6, 5 and 4 stages is three bands, one per phase), and bands are
as even as they can be. Found by dynamic programming over the break points: linear in stages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from journeymap.model import Stage

MAX_BAND = 8
_INSIDE_PHASE = 1.5  # the cost of a break inside a phase, in bands


def bands_for(stages: Sequence[Stage], longest: int = MAX_BAND) -> list[range]:
    """The bands of at most `longest` stages, as ranges of stage indexes, in order."""
    count = len(stages)
    if count <= longest:
        return [range(count)] if count else []
    target = count / math.ceil(count / longest)  # the even length
    best: list[tuple[float, float]] = [(0.0, 0.0)] + [(math.inf, math.inf)] * count  # (bands and breaks, unevenness)
    start = [0] * (count + 1)
    for end in range(1, count + 1):
        for first in range(end - 1, max(0, end - longest) - 1, -1):  # on a tie, the later bands are shorter
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
