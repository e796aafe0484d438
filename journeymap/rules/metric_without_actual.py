"""A metric with no measured value.

Measuring the results is what tells a team whether the map's actions worked
(the last step of the method, before starting again). A metric with a target
but no `actual` has not been measured yet; with a `baseline` and no `actual`,
the change it should show has not been checked. This is information: a
metric is often written down before its first measurement. Metrics of a
stage that is not real yet (`state: future`, or an unmarked stage in a map of
the future state) are exempt: there is nothing to measure.

Bad:

```yaml
metrics:
  - name: Cart abandonment
    baseline: 72
    target: 60
    direction: decrease
```

Good:

```yaml
metrics:
  - name: Cart abandonment
    baseline: 72
    target: 60
    direction: decrease
    actual: 64.5
    measured: 2026-10-31
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM318"
NAME = "metric-without-actual"
SEVERITY = Severity.INFO
SUMMARY = "A metric of the current journey with no actual value: not measured yet."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    for stage in context.journey.stages:
        if (stage.state or context.journey.state) != "current":
            continue  # a stage that does not exist yet cannot be measured
        for metric in stage.metrics:
            if metric.actual is None:
                yield Finding(metric.path, _message(metric.name, metric.baseline))


def _message(name: str, baseline: float | None) -> str:
    if baseline is None:
        return f"metric {quote(name)} has no actual value; measure it and add 'actual' (and 'measured: YYYY-MM-DD')"
    return (
        f"metric {quote(name)} has a baseline but no actual value to compare it with; measure it after the change "
        "and add 'actual' (and 'measured: YYYY-MM-DD')"
    )
