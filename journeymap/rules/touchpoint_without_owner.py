"""A touchpoint with no owner.

Someone runs every touchpoint: a team, a partner, a system owner. Without an
owner, pain points found there have nobody to go to.

An earned touchpoint (`kind: earned`: reviews, forums, a relative's advice) is
skipped: others create it and nobody in the company owns it. Someone should
still watch it, and `owner` may name who does.

Bad:

```yaml
touchpoints:
  - id: live-chat
    name: Live chat
    channel: chat
```

Good:

```yaml
touchpoints:
  - id: live-chat
    name: Live chat
    channel: chat
    owner: Customer service
  - id: forum
    name: Hiking forum
    channel: community
    kind: earned
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM310"
NAME = "touchpoint-without-owner"
SEVERITY = Severity.WARNING
SUMMARY = "A touchpoint that nobody owns (earned ones excepted)."
LIBRARIES = True


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    for touchpoint in context.journey.touchpoints:
        if context.own(touchpoint) and touchpoint.owner is None and touchpoint.kind != "earned":
            yield Finding(touchpoint.path, f"touchpoint {quote(touchpoint.id)} has no owner; name the team responsible for it")
