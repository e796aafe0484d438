"""A touchpoint with no channel.

The channel (web, email, store, phone, ...) is how touchpoints are grouped,
how hand-offs between channels show up, and who gets asked to fix them.

Bad:

```yaml
touchpoints:
  - id: product-page
    name: Product page
```

Good:

```yaml
touchpoints:
  - id: product-page
    name: Product page
    channel: web
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM309"
NAME = "touchpoint-without-channel"
SEVERITY = Severity.WARNING
SUMMARY = "A touchpoint with no channel."
LIBRARIES = True


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    for touchpoint in context.journey.touchpoints:
        if context.own(touchpoint) and touchpoint.channel is None:
            message = f"touchpoint {quote(touchpoint.id)} has no channel; set one such as web, email, store or phone"
            yield Finding(touchpoint.path, message)
