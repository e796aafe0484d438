"""A journey that stops at the decision, purchase or application.

The journey does not end at the sale. What happens after it (onboarding,
use, support, retention, loyalty, advocacy) decides whether the customer
comes back and brings others; after an application to a public service or a
B2B provider, the resolution and first use matter as much. A map that stops
at the purchase leaves that out.

The rule fires only when the last stage is a decision, purchase or
application and nothing after the first of them covers what follows (no
stage of kind resolution, onboarding, usage, support, retention, loyalty or
advocacy), unless the journey loops back (a stage's `next` names itself or
an earlier stage). So a map that follows the customer through use and
loyalty to a repeat purchase passes, and so does one whose last stage loops
back to the start: it shows the journey goes on. A last stage without a kind
is not judged.

Bad:

```yaml
stages:
  - {id: search, name: Search, kind: awareness}
  - {id: buy, name: Buy, kind: purchase}
```

Good:

```yaml
stages:
  - {id: search, name: Search, kind: awareness}
  - {id: buy, name: Buy, kind: purchase}
  - {id: wear, name: First wear, kind: usage}
  - {id: loyal, name: Comes back, kind: loyalty}
  - {id: rebuy, name: Second pair, kind: purchase}
```

Good (a public service):

```yaml
stages:
  - {id: apply, name: Apply for the card, kind: application}
  - {id: issued, name: Card issued, kind: resolution}
```

Good (a journey that loops back):

```yaml
stages:
  - {id: search, name: Search, kind: awareness}
  - {id: buy, name: Buy, kind: purchase, next: [search]}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from journeymap.model import Stage
from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM401"
NAME = "journey-ends-at-purchase"
SEVERITY = Severity.WARNING
SUMMARY = "The journey stops at a decision, purchase or application: nothing covers what comes after."

_PURCHASE_LIKE = frozenset({"decision", "purchase", "application"})
_AFTER_SALE = frozenset({"resolution", "onboarding", "usage", "support", "retention", "loyalty", "advocacy"})
_SALE = "the sale, such as onboarding, retention, loyalty or advocacy"
_AFTER = {"decision": _SALE, "purchase": _SALE, "application": "the application, such as its resolution and first use"}


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    journey = context.journey
    last = journey.stages[-1]
    if last.kind in _PURCHASE_LIKE and not _goes_past_the_sale(journey.stages) and not journey.loops():
        ends = f"the journey ends at stage {quote(last.name)} ({last.kind})"
        message = f"{ends}; add what happens after {_AFTER[last.kind]}"
        yield Finding(last.path, message)


def _goes_past_the_sale(stages: Sequence[Stage]) -> bool:
    """Whether a stage after the first decision, purchase or application covers what follows it."""
    first = next(index for index, stage in enumerate(stages) if stage.kind in _PURCHASE_LIKE)
    return any(stage.kind in _AFTER_SALE for stage in stages[first + 1 :])
