"""A stage with no steps.

Steps are what the customer actually does. Without them a stage is a heading
with nothing under it, and the map cannot show where the experience breaks.

Bad:

```yaml
stages:
  - id: purchase
    name: Purchase
```

Good:

```yaml
stages:
  - id: purchase
    name: Purchase
    steps:
      - Adds the boots to the basket
      - Pays with a saved card
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding, stages_lacking

CODE = "JM302"
NAME = "stage-without-steps"
SEVERITY = Severity.WARNING
SUMMARY = "A stage with no steps: nothing says what the customer does there."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    advice = "list what the customer does in this stage"
    return stages_lacking(context, lambda stage: not stage.steps, "steps", advice)
