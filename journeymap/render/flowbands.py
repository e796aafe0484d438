"""How the flow view wraps a long journey: its steps run left to right in bands (rows of steps), one
under the other, like lines of text.

A journey of up to `ONE_BAND` steps stays one band. A longer one takes the number of bands that
brings the drawing nearest the shape of a landscape sheet of A-series paper, none longer than
`MAX_STEPS`; the bands are about equally long, and break between two stages where that costs
little room (see `MID_STAGE`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

ONE_BAND = 12  # a journey of this many steps or fewer is one band
MAX_STEPS = 16  # steps in a band at most
MIN_STEPS = 6  # a band is not made shorter than this to fit the paper
PAPER = math.sqrt(2)  # the width of an A-series sheet in landscape, over its height
# The cost of a break inside a stage, against bands of unequal length: the square of how many steps
# a band may be shorter or longer than the others (3) to break between two stages instead.
MID_STAGE = 9.0


def split(starts_stage: Sequence[bool], count: int) -> list[range]:
    """The steps in about `count` bands of about equal length, breaking between stages where that is cheap.

    `starts_stage[i]`: whether step i is the first of its stage. Linear in steps: each band end is
    chosen among the few positions a band's length allows (a shortest-path over positions).
    """
    total = len(starts_stage)
    if total == 0:
        return []
    ideal = total / max(count, 1)
    longest = max(min(math.ceil(ideal) + 1, MAX_STEPS), math.ceil(ideal))
    cost = [0.0] + [math.inf] * total
    back = [0] * (total + 1)
    for end in range(1, total + 1):
        cut = 0.0 if end == total or starts_stage[end] else MID_STAGE
        for start in range(end - 1, max(0, end - longest) - 1, -1):  # on a tie, the longer bands first
            candidate = cost[start] + (end - start - ideal) ** 2 + cut
            if candidate < cost[end]:
                cost[end], back[end] = candidate, start
    bands: list[range] = []
    end = total
    while end:
        bands.append(range(back[end], end))
        end = back[end]
    return bands[::-1]


def wrap(starts_stage: Sequence[bool], aspect: Callable[[list[range]], float]) -> list[range]:
    """The bands of the journey: one for a short journey, else the split whose `aspect` (width over
    height, as drawn) is nearest the paper's, trying more bands while the drawing is wider than it."""
    total = len(starts_stage)
    if total <= ONE_BAND:
        return [range(total)] if total else []
    count = max(2, math.ceil(total / MAX_STEPS))
    best = split(starts_stage, count)
    best_aspect = aspect(best)
    while best_aspect > PAPER and total / (count + 1) >= MIN_STEPS:
        count += 1
        candidate = split(starts_stage, count)
        candidate_aspect = aspect(candidate)
        if abs(math.log(candidate_aspect / PAPER)) >= abs(math.log(best_aspect / PAPER)):
            break
        best, best_aspect = candidate, candidate_aspect
    return best
