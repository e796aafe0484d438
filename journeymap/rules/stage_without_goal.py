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

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding, stages_lacking

CODE = "JM303"
NAME = "stage-without-goal"
SEVERITY = Severity.WARNING
SUMMARY = "A stage that does not say what the customer wants to achieve in it."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    advice = "write what the customer wants to achieve in this stage"
    return stages_lacking(context, lambda stage: stage.goal is None, "goal", advice)
