"""An emotional low with no pain point recorded.

A stage where the customer feels very bad (any reading of -2) or bad on
average (-1 or lower) has a cause. Record it as a pain point so that it can
be acted on.

Each persona has an emotion curve: the stage is a low when the whole stage's
readings are, or when any one persona's are (that persona is then named).
Readings are taken in the state the map describes (`state`, current by
default): a reading for the other state neither makes a low nor hides one.
A pain point marked `resolved` is kept for the record and does not explain a
low today. A `need` stage is skipped: the need arises before any contact with
the business, and feeling bad about it is what starts the journey.

Bad:

```yaml
stages:
  - id: delivery
    name: Delivery
    steps:
      - {name: Waits at home all day, emotion: -2}
    pain_points:
      - {description: Parcel left with a neighbour, resolved: 2026-03-01}
```

Good:

```yaml
stages:
  - id: worn-out
    name: Boots wear out
    kind: need
    emotion: -2
  - id: delivery
    name: Delivery
    steps:
      - {name: Waits at home all day, emotion: -2}
    pain_points:
      - id: no-delivery-slot
        description: No way to choose a delivery time
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from journeymap.model import Journey, Stage
from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM404"
NAME = "emotional-low-without-pain-point"
SEVERITY = Severity.WARNING
SUMMARY = "A stage whose emotion hits -2 or averages -1 or less, with no pain point."

Curve = tuple[str | None, tuple[int, ...]]  # whose (None: the whole stage's) and the scores


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    for stage in context.journey.stages:
        if stage.kind == "need" or any(pain_point.resolved is None for pain_point in stage.pain_points):
            continue
        lows = _lows(context.journey, stage)
        if lows:
            recorded = "no unresolved pain point" if stage.pain_points else "no pain point"
            message = (
                f"stage {quote(stage.name)} is an emotional low {_describe(lows)} but records {recorded}; "
                "add what goes wrong here"
            )
            yield Finding(stage.path, message)


def _lows(journey: Journey, stage: Stage) -> list[Curve]:
    """The whole stage's curve if it is low, else the personas' curves that are."""
    whole = journey.stage_emotions(stage)
    if _low(whole):
        return [(None, whole)]
    curves = ((persona, journey.stage_emotions(stage, persona)) for persona in journey.stage_personas(stage))
    return [(persona, scores) for persona, scores in curves if _low(scores)]


def _low(scores: Sequence[int]) -> bool:
    return bool(scores) and (min(scores) <= -2 or sum(scores) / len(scores) <= -1)


def _describe(lows: Sequence[Curve]) -> str:
    """"(lowest -2, average 0.7)" for the whole stage, else "for persona 'maya' (lowest -1, average -1.0)"."""
    if lows[0][0] is None:
        return f"({_figures(lows[0][1])})"
    each = [f"{quote(persona)} ({_figures(scores)})" for persona, scores in lows]
    listed = each[0] if len(each) == 1 else f"{', '.join(each[:-1])} and {each[-1]}"
    return f"for {'persona' if len(each) == 1 else 'personas'} {listed}"


def _figures(scores: Sequence[int]) -> str:
    return f"lowest {min(scores)}, average {sum(scores) / len(scores):.1f}"
