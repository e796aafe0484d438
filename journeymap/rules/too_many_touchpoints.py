"""A stage that uses more distinct touchpoints than `max`.

Too many touchpoints in one stage slow customers down and spread
responsibility thin; a place where many stop is a problem. Merge, drop or
split them across stages. Only the customer's touchpoints count (those of
the stage and its steps): the touchpoints the service blueprint's actions
use, such as a CRM or a card printer, are the staff's.

Bad (with `max: 2`):

```yaml
stages:
  - id: research
    name: Research
    touchpoints: [website, reviews, chat]
```

Good (with `max: 2`):

```yaml
stages:
  - id: research
    name: Research
    touchpoints: [website, reviews]
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding, Option

CODE = "JM403"
NAME = "too-many-touchpoints"
SEVERITY = Severity.WARNING
SUMMARY = "A stage that uses more distinct touchpoints than `max` (default 7)."
OPTIONS = {"max": Option(7, int, "The most distinct touchpoints one stage may use.", minimum=1)}


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    limit = options["max"]
    for stage in context.journey.stages:
        count = len(stage.touchpoint_ids())
        if count > limit:
            message = (
                f"stage {quote(stage.name)} uses {count} touchpoints, more than {limit}; "
                "merge or drop some, or split the stage"
            )
            yield Finding(stage.path, message)
