"""A map with no pain point in any stage.

Noting the limitations (what goes wrong for the customer) is the step of the
method that the opportunities, and so the whole map, rest on. A map of the
journey as it is that records none has not been researched yet: every
journey has frictions. A pain point marked `resolved` counts: it was found.
A map of the future state (`state: future`) is exempt, since the journey it
designs is meant to be free of the known ones.

Bad:

```yaml
journeymap: 1
title: Buying boots online
stages:
  - {id: compare, name: Compare boots}
  - {id: checkout, name: Checkout}
```

Good:

```yaml
journeymap: 1
title: Buying boots online
stages:
  - {id: compare, name: Compare boots}
  - id: checkout
    name: Checkout
    pain_points:
      - id: surprise-shipping
        description: Shipping costs appear only at the last step
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding

CODE = "JM316"
NAME = "map-without-pain-points"
SEVERITY = Severity.WARNING
SUMMARY = "A map of the current journey whose stages record no pain point at all."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    journey = context.journey
    if journey.state == "future" or any(journey.pain_points()):
        return
    message = (
        "the map records no pain point; add what goes wrong for the customer under the "
        "'pain_points' of the stages where it happens"
    )
    yield Finding((), message)
