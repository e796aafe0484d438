"""A pain point that no opportunity addresses.

Every pain point deserves an action. An opportunity lists the pain points it
acts on in `addresses`; a pain point nobody addresses is a known problem
with no plan. A pain point needs an `id` to be addressed. A pain point
marked `resolved` (the date it was fixed) is kept for the record and needs
no action any more.

Bad:

```yaml
pain_points:
  - id: surprise-shipping
    description: Shipping costs appear only at the last step
```

Good:

```yaml
pain_points:
  - id: surprise-shipping
    description: Shipping costs appear only at the last step
  - description: No PayPal at checkout
    resolved: 2026-04-15
opportunities:
  - description: Show delivery costs on the product page
    addresses: [surprise-shipping]
    owner: E-commerce team
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM306"
NAME = "pain-point-without-opportunity"
SEVERITY = Severity.WARNING
SUMMARY = "A pain point that no opportunity addresses."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    addressed = {
        pain_point_id
        for stage in context.journey.stages
        for opportunity in stage.opportunities
        for pain_point_id in opportunity.addresses
    }
    for _, pain_point in context.journey.pain_points():
        if pain_point.resolved is not None:
            continue  # fixed, and kept for the record
        if pain_point.id is None:
            message = (
                f"pain point {quote(pain_point.description, 50)} has no id, so no opportunity can address it; "
                "give it an id and list it in an opportunity's 'addresses'"
            )
            yield Finding(pain_point.path, message)
        elif pain_point.id not in addressed:
            message = f"no opportunity addresses pain point {quote(pain_point.id)}; add one with 'addresses: [{pain_point.id}]'"
            yield Finding(pain_point.path, message)
