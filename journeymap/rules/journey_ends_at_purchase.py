"""A journey whose last stage is a decision or purchase.

The journey does not end at the sale. What happens after it (onboarding,
use, support, retention, loyalty, advocacy) decides whether the customer
comes back and brings others. A map that stops at the purchase leaves that
out.

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
  - {id: recommend, name: Recommend, kind: advocacy}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM401"
NAME = "journey-ends-at-purchase"
SEVERITY = Severity.WARNING
SUMMARY = "The last stage is a decision or purchase: nothing covers what happens after the sale."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    last = context.journey.stages[-1]
    if last.kind in ("decision", "purchase"):
        message = (
            f"the journey ends at stage {quote(last.name)} ({last.kind}); "
            "add what happens after the sale, such as onboarding, retention, loyalty or advocacy"
        )
        yield Finding(last.path, message)
