"""A stage with no metrics.

You cannot measure results you never defined. A metric per stage (conversion,
satisfaction, time to complete) is what turns a map into something a team
can review against real results.

Bad:

```yaml
stages:
  - id: checkout
    name: Checkout
```

Good:

```yaml
stages:
  - id: checkout
    name: Checkout
    metrics:
      - name: Cart abandonment
        unit: "%"
        target: 60
        direction: decrease
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding, stages_lacking

CODE = "JM305"
NAME = "stage-without-metrics"
SEVERITY = Severity.INFO
SUMMARY = "A stage with no metrics: results there cannot be measured."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    advice = "define how results in this stage are measured"
    return stages_lacking(context, lambda stage: not stage.metrics, "metrics", advice)
