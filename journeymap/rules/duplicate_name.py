"""Two stages, or two touchpoints, with the same name.

Names are what people read on the diagram. Two columns called "Checkout" or
two touchpoints called "Website" make the map ambiguous even when their ids
differ. Names are compared ignoring case and extra spaces.

Bad:

```yaml
stages:
  - {id: checkout, name: Checkout}
  - {id: checkout-2, name: Checkout}
```

Good:

```yaml
stages:
  - {id: checkout, name: Checkout}
  - {id: payment, name: Payment}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM504"
NAME = "duplicate-name"
SEVERITY = Severity.WARNING
SUMMARY = "Two stages, or two touchpoints, share a name."
LIBRARIES = True


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    own_touchpoints = [touchpoint for touchpoint in context.journey.touchpoints if context.own(touchpoint)]
    for kind, elements in (("stage", context.journey.stages), ("touchpoint", own_touchpoints)):
        first_by_name: dict[str, Any] = {}
        for element in elements:
            key = " ".join(element.name.split()).casefold()
            first = first_by_name.setdefault(key, element)
            if first is not element:
                message = (
                    f"{kind} name {quote(element.name)} is already used by {kind} {quote(first.name)} "
                    f"on line {first.position.line}; give each {kind} a distinct name"
                )
                yield Finding((*element.path, "name"), message)
