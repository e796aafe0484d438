"""A stage where neither the stage nor any of its steps names a touchpoint.

Touchpoints are where the customer meets the business. A stage without any is
a column of the map nobody can act on: there is no channel to improve, no team
to ask, no place to measure.

A `need` stage is skipped: the need arises before the customer has any
contact with the business (the boots wear out, the ID card is about to
expire), so there is nowhere yet to meet them.

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
  - id: worn-out
    name: Boots wear out
    kind: need
    steps: [Notices the soles are split]
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
SUMMARY = "A stage where neither the stage nor any of its steps names a touchpoint (need stages excepted)."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    advice = "name where the customer meets you in this stage"
    return stages_lacking(context, lambda stage: stage.kind != "need" and not stage.touchpoint_ids(), "touchpoints", advice)
