"""A map or library without a `reviewed` date.

Without the date of the last review nobody can tell whether the map still
describes the journey customers live today.

Bad:

```yaml
journeymap: 1
title: Buying boots online
```

Good:

```yaml
journeymap: 1
title: Buying boots online
reviewed: 2026-11-02
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding

CODE = "JM502"
NAME = "missing-review-date"
SEVERITY = Severity.INFO
SUMMARY = "No `reviewed` date: nobody can tell whether the map is current."
LIBRARIES = True


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    if context.journey.reviewed is None:
        where = ("title",) if context.journey.title is not None else ("library",)  # a library may have no title
        yield Finding(where, "there is no 'reviewed' date; add the date of the last review as YYYY-MM-DD")
