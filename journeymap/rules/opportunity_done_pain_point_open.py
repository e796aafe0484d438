"""An opportunity marked done while a pain point it addresses is still open.

When the work on a pain point is done, either the pain point is gone (record
`resolved: YYYY-MM-DD` on it: it stays in the map for the record, and the
opportunity's `addresses` still resolves) or the fix did not work (set the
opportunity's status back). A map saying both "done" and "still hurting" is
out of date one way or the other. A pain point that another opportunity,
not done yet, also addresses is left alone: it may stay open until that one
is done too.

Bad:

```yaml
pain_points:
  - id: surprise-shipping
    description: Shipping costs appear only at the last step
opportunities:
  - description: Show delivery costs on the product page
    addresses: [surprise-shipping]
    status: done
```

Good:

```yaml
pain_points:
  - id: surprise-shipping
    description: Shipping costs appear only at the last step
    resolved: 2026-09-30
opportunities:
  - description: Show delivery costs on the product page
    addresses: [surprise-shipping]
    status: done
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.model import Journey, Opportunity
from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM505"
NAME = "opportunity-done-pain-point-open"
SEVERITY = Severity.WARNING
SUMMARY = "An opportunity marked done while a pain point it addresses is still open."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    opportunities = [opportunity for stage in context.journey.stages for opportunity in stage.opportunities]
    pending = {pain_point_id for o in opportunities if o.status != "done" for pain_point_id in o.addresses}
    still_open = _open_pain_point_ids(context.journey) - pending  # pending work may explain an open one
    for opportunity in opportunities:
        if opportunity.status == "done":
            for index, pain_point_id in enumerate(opportunity.addresses):
                if pain_point_id in still_open:
                    yield Finding((*opportunity.path, "addresses", index), _message(opportunity, pain_point_id))


def _open_pain_point_ids(journey: Journey) -> set[str]:
    return {p.id for _, p in journey.pain_points() if p.id is not None and p.resolved is None}


def _message(opportunity: Opportunity, pain_point_id: str) -> str:
    label = quote(opportunity.id or opportunity.description, 50)
    return (
        f"opportunity {label} is done but pain point {quote(pain_point_id)} it addresses is still open; check the "
        "pain point is gone and add 'resolved: YYYY-MM-DD' to it, or set the opportunity's status back"
    )
