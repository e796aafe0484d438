"""A map with fewer stages than `min`.

A journey is a path from a need to buying and beyond. One or two stages
cannot show it: the map is probably a fragment of a larger one, or not
finished.

Bad (with the default `min: 3`):

```yaml
stages:
  - {id: buy, name: Buy}
  - {id: use, name: Use}
```

Good:

```yaml
stages:
  - {id: discover, name: Discover}
  - {id: buy, name: Buy}
  - {id: use, name: Use}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding, Option

CODE = "JM405"
NAME = "too-few-stages"
SEVERITY = Severity.WARNING
SUMMARY = "A map with fewer stages than `min` (default 3)."
OPTIONS = {"min": Option(3, int, "The fewest stages a map should have.", minimum=1)}


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    count, minimum = len(context.journey.stages), options["min"]
    if count < minimum:
        noun = "stage" if count == 1 else "stages"
        message = f"the map has only {count} {noun}, fewer than {minimum}; map the journey from need to after the sale"
        yield Finding(("stages",), message)
