"""A high-severity pain point with neither evidence nor sources.

`severity: high` says customers give up or complain here, and it puts the
pain point first in line for the team's time. That has to be known, not
guessed: say where it comes from in `evidence` (research, data, quotes) or
name the map's research `sources`. Lower severities are left alone, and so
are pain points marked `resolved` (kept for the record) and those of a stage
that is not real yet (`state: future`, or an unmarked stage in a map of the
future state), which can only be foreseen.

Bad:

```yaml
pain_points:
  - id: surprise-shipping
    description: Shipping costs appear only at the last step
    severity: high
```

Good:

```yaml
pain_points:
  - id: surprise-shipping
    description: Shipping costs appear only at the last step
    severity: high
    evidence: 41 % of abandoned baskets leave at the delivery step (analytics, Q3)
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM319"
NAME = "pain-point-without-evidence"
SEVERITY = Severity.WARNING
SUMMARY = "A high-severity pain point with neither evidence nor sources."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    for stage, pain_point in context.journey.pain_points():
        if (stage.state or context.journey.state) != "current":
            continue  # a pain point of a journey not real yet is foreseen, not observed
        if pain_point.severity == "high" and not pain_point.supported and pain_point.resolved is None:
            label = quote(pain_point.id or pain_point.description, 50)
            message = (
                f"pain point {label} is rated high severity but says nothing of where it is known from; "
                "add 'evidence' (research, data, quotes) or its research 'sources'"
            )
            yield Finding(pain_point.path, message)
