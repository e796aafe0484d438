"""A stage with no emotion reading, neither on the stage nor on any step.

The emotion curve is how a map shows highs and lows at a glance. A stage
without a reading is a hole in the curve, and lows hide in holes.

Any emotion score counts: `emotion` on the stage or on a step, or an entry of
`emotions` with an `emotion`, whatever persona or state it is for. A
`feeling` word alone (or a thought) is not a reading: the curve needs a
score from -2 to 2.

Bad:

```yaml
stages:
  - id: delivery
    name: Delivery
    feeling: anxious
    steps: [Tracks the parcel]
```

Good:

```yaml
stages:
  - id: delivery
    name: Delivery
    steps:
      - name: Tracks the parcel
        emotion: -1
  - id: wear
    name: First wear
    emotions:
      - {persona: maya, emotion: 2, feeling: delighted}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.model import Stage, Step
from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding, stages_lacking

CODE = "JM304"
NAME = "stage-without-emotion"
SEVERITY = Severity.WARNING
SUMMARY = "A stage with no emotion on the stage or any step: a hole in the emotion curve."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    advice = "set 'emotion' (-2 to 2) on its steps or on the stage"
    return stages_lacking(context, lambda stage: not _scored(stage), "emotion reading", advice)


def _scored(stage: Stage) -> bool:
    """Whether the stage or a step carries an emotion score, for anyone in any state."""
    return _carries_score(stage) or any(_carries_score(step) for step in stage.steps)


def _carries_score(element: Stage | Step) -> bool:
    """Whether one of the element's readings has a score: its own `emotion` (the shorthand reading's score)
    or an entry of `emotions`; asked of the fields, so that no reading is made for it."""
    return element.emotion is not None or any(reading.emotion is not None for reading in element.emotions)
