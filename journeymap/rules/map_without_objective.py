"""A map without an objective.

A journey map serves one objective: the decision or improvement it is for.
Without one, nobody can tell whether the map is complete or still useful.

Bad:

```yaml
journeymap: 1
title: Buying boots online
```

Good:

```yaml
journeymap: 1
title: Buying boots online
objective: Find where first-time buyers drop out between product page and first wear
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding

CODE = "JM313"
NAME = "map-without-objective"
SEVERITY = Severity.WARNING
SUMMARY = "A map that does not say what it is for."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    if context.journey.objective is None:
        yield Finding(("title",), "the map has no objective; write what decision or improvement this map is for")
