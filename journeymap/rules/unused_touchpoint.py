"""A touchpoint defined in the map that no stage, step or blueprint action uses.

An unused definition is either a forgotten part of the journey or dead
weight. A touchpoint that only the service blueprint uses (a CRM named by a
backstage action) is used. A touchpoint proposed for the future
(`state: future`) is exempt: it may be defined before any step is planned
around it. Touchpoints from included libraries are exempt too: a library
serves many maps.

Bad:

```yaml
touchpoints:
  - {id: website, name: Website, channel: web}
  - {id: kiosk, name: In-store kiosk, channel: kiosk}
stages:
  - {id: visit, name: Visit, touchpoints: [website]}
```

Good:

```yaml
touchpoints:
  - {id: website, name: Website, channel: web}
  - {id: crm, name: CRM, channel: other, lane: backstage}
  - {id: app, name: Mobile app, channel: mobile_app, state: future}
stages:
  - id: visit
    name: Visit
    touchpoints: [website]
    backstage:
      - {name: Logs the visit, touchpoints: [crm]}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM311"
NAME = "unused-touchpoint"
SEVERITY = Severity.WARNING
SUMMARY = "A touchpoint defined in the map that no stage, step or blueprint action uses."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    used = {touchpoint_id for stage in context.journey.stages for touchpoint_id in stage.all_touchpoint_ids()}
    for touchpoint in context.journey.touchpoints:
        if context.own(touchpoint) and touchpoint.state != "future" and touchpoint.id not in used:
            message = f"touchpoint {quote(touchpoint.id)} is not used by any stage or step; use it or remove it"
            yield Finding(touchpoint.path, message)
