"""A metric with no target.

A number without a target cannot tell you whether things are going well.
Set the value you aim for, and `direction` to say which way is better.

Bad:

```yaml
metrics:
  - name: Cart abandonment
    actual: 69.57
```

Good:

```yaml
metrics:
  - name: Cart abandonment
    actual: 69.57
    target: 60
    direction: decrease
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM308"
NAME = "metric-without-target"
SEVERITY = Severity.WARNING
SUMMARY = "A metric with no target to measure it against."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    for stage in context.journey.stages:
        for metric in stage.metrics:
            if metric.target is None:
                yield Finding(metric.path, f"metric {quote(metric.name)} has no target; set the value you aim for")
