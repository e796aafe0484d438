"""A stage without the customer's goal.

A journey map is written from the customer's side. The goal says what the
customer is trying to achieve in the stage; every step, touchpoint and pain
point is judged against it.

Bad:

```yaml
stages:
  - id: consideration
    name: Compare boots
```

Good:

```yaml
stages:
  - id: consideration
    name: Compare boots
    goal: Find a pair that fits and will last several winters
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM303"
NAME = "stage-without-goal"
SEVERITY = Severity.WARNING
SUMMARY = "A stage that does not say what the customer wants to achieve in it."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    for stage in context.journey.stages:
        if stage.goal is None:
            message = f"stage {quote(stage.name)} has no goal; write what the customer wants to achieve in this stage"
            yield Finding(stage.path, message)
