"""A stage with no emotion reading, neither on the stage nor on any step.

The emotion curve is how a map shows highs and lows at a glance. A stage
without a reading is a hole in the curve, and lows hide in holes.

Bad:

```yaml
stages:
  - id: delivery
    name: Delivery
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
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding, stages_lacking

CODE = "JM304"
NAME = "stage-without-emotion"
SEVERITY = Severity.WARNING
SUMMARY = "A stage with no emotion on the stage or any step: a hole in the emotion curve."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    advice = "set 'emotion' (-2 to 2) on its steps or on the stage"
    return stages_lacking(context, lambda stage: not stage.scores(), "emotion reading", advice)
