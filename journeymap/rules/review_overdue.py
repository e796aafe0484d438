"""A map whose last review is older than `max-age-days`, or dated in the future.

Maps go stale: channels change, pain points get fixed, new ones appear. A map
should be reviewed against real results regularly, and `reviewed` updated
when it is. A date in the future is a typo that would hide a stale map.

Bad (on 2026-11-23, with the default `max-age-days: 180`):

```yaml
reviewed: 2025-09-01
```

Good:

```yaml
reviewed: 2026-10-15
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding, Option

CODE = "JM501"
NAME = "review-overdue"
SEVERITY = Severity.WARNING
SUMMARY = "The last review (`reviewed`) is older than `max-age-days` (default 180), or in the future."
OPTIONS = {"max-age-days": Option(180, int, "How many days a review stays current.", minimum=1)}
LIBRARIES = True


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    reviewed = context.journey.reviewed
    if reviewed is None:
        return
    age, limit = (context.today - reviewed).days, options["max-age-days"]
    if age < 0:
        message = f"'reviewed' is {reviewed.isoformat()}, in the future; write the date of the last review"
        yield Finding(("reviewed",), message)
    elif age > limit:
        message = (
            f"last reviewed on {reviewed.isoformat()}, {age} days ago (more than {limit}); "
            "review the map against real results and update 'reviewed'"
        )
        yield Finding(("reviewed",), message)
