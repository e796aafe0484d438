"""An opportunity with no owner.

An action nobody owns does not happen. Name the person or team who will carry
it out.

Bad:

```yaml
opportunities:
  - Show delivery costs on the product page
```

Good:

```yaml
opportunities:
  - description: Show delivery costs on the product page
    owner: E-commerce team
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM307"
NAME = "opportunity-without-owner"
SEVERITY = Severity.WARNING
SUMMARY = "An opportunity that nobody owns."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    for stage in context.journey.stages:
        for opportunity in stage.opportunities:
            if opportunity.owner is None:
                label = quote(opportunity.id or opportunity.description, 50)
                yield Finding(opportunity.path, f"opportunity {label} has no owner; name who will carry it out")
