"""An opportunity that names no pain point it relieves.

An opportunity lists in `addresses` the pain points it acts on; one that
names none (or is written as plain text) leaves the reader to guess which
problem it solves, and a pain point that it does fix still looks
unaddressed. This is only information: an idea meant to delight, rather than
to fix something, addresses no pain point by nature.

Bad:

```yaml
pain_points:
  - id: surprise-shipping
    description: Shipping costs appear only at the last step
opportunities:
  - Show delivery costs on the product page
```

Good:

```yaml
pain_points:
  - id: surprise-shipping
    description: Shipping costs appear only at the last step
opportunities:
  - description: Show delivery costs on the product page
    addresses: [surprise-shipping]
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM317"
NAME = "opportunity-without-pain-point"
SEVERITY = Severity.INFO
SUMMARY = "An opportunity whose 'addresses' names no pain point."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    journey = context.journey
    addressed = {pain for stage in journey.stages for opportunity in stage.opportunities for pain in opportunity.addresses}
    for stage in journey.stages:
        # Only where the stage has open pain points nothing addresses: elsewhere it is an idea meant to delight.
        open_pains = [p for p in stage.pain_points if p.resolved is None and (p.id is None or p.id not in addressed)]
        if not open_pains:
            continue
        for opportunity in stage.opportunities:
            if not opportunity.addresses:
                label = quote(opportunity.id or opportunity.description, 50)
                message = (
                    f"opportunity {label} names no pain point it relieves, while stage {quote(stage.name)} has "
                    f"{len(open_pains)} that nothing addresses; link them with 'addresses: [...]'"
                )
                yield Finding(opportunity.path, message)
