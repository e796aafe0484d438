"""A stage where neither the stage nor any of its steps or frontstage actions names a touchpoint.

Touchpoints are where the customer meets the business. A stage without any is
a column of the map nobody can act on: there is no channel to improve, no team
to ask, no place to measure. A touchpoint of a frontstage action counts too:
the frontstage is what the customer sees (a clerk at the office counter), so
the customer meets the business there. Backstage and support actions do not
count: the customer never sees them.

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

from journeymap.model import Stage
from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding, stages_lacking

CODE = "JM301"
NAME = "stage-without-touchpoints"
SEVERITY = Severity.WARNING
SUMMARY = "A stage with no touchpoint on it, its steps or its frontstage actions (need stages excepted)."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    advice = "name where the customer meets you in this stage"
    return stages_lacking(context, lambda stage: stage.kind != "need" and not _met(stage), "touchpoints", advice)


def _met(stage: Stage) -> bool:
    """Whether the customer meets a touchpoint here: the stage's, a step's or one a frontstage action uses."""
    return bool(stage.touchpoint_ids()) or any(action.touchpoints for action in stage.frontstage)
