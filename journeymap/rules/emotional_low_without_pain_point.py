"""An emotional low with no pain point recorded.

A stage where the customer feels very bad (any reading of -2) or bad on
average (-1 or lower) has a cause. Record it as a pain point so that it can
be acted on.

Bad:

```yaml
stages:
  - id: delivery
    name: Delivery
    steps:
      - {name: Waits at home all day, emotion: -2}
```

Good:

```yaml
stages:
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

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM404"
NAME = "emotional-low-without-pain-point"
SEVERITY = Severity.WARNING
SUMMARY = "A stage whose emotion hits -2 or averages -1 or less, with no pain point."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    for stage in context.journey.stages:
        emotions = stage.scores()
        if not emotions or stage.pain_points:
            continue
        average = sum(emotions) / len(emotions)
        if min(emotions) <= -2 or average <= -1:
            message = (
                f"stage {quote(stage.name)} is an emotional low (lowest {min(emotions)}, average {average:.1f}) "
                "but records no pain point; add what goes wrong here"
            )
            yield Finding(stage.path, message)
