"""A stage where neither the stage nor any of its steps names a touchpoint.

Touchpoints are where the customer meets the business. A stage without any is
a column of the map nobody can act on: there is no channel to improve, no team
to ask, no place to measure.

Bad:

```yaml
stages:
  - id: research
    name: Research
    steps: [Reads reviews]
```

Good:

```yaml
stages:
  - id: research
    name: Research
    steps:
      - name: Reads reviews
        touchpoints: [review-site]
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding, stages_lacking

CODE = "JM301"
NAME = "stage-without-touchpoints"
SEVERITY = Severity.WARNING
SUMMARY = "A stage where neither the stage nor any of its steps names a touchpoint."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    advice = "name where the customer meets you in this stage"
    return stages_lacking(context, lambda stage: not stage.touchpoint_ids(), "touchpoints", advice)
