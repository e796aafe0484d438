"""A service-blueprint action that does not say who performs it.

The blueprint below a stage (`frontstage`, `backstage`, `support`) is there
to show who makes each step of the journey happen, so that the team that
can fix a pain point is known. An action without an `actor` (a team, a role
or a system) leaves that out: nobody can be asked about it, and the diagram
cannot show whose work it is. A plain-text action never names one; write it
as a mapping with `name` and `actor`. Every action is checked, whatever its
`state`: who does what goes away is as worth knowing as who does what comes.

Bad:

```yaml
stages:
  - id: renewal
    name: Renewal
    backstage:
      - Checks the registry
      - {name: Prints the card}
```

Good:

```yaml
stages:
  - id: renewal
    name: Renewal
    backstage:
      - {name: Checks the registry, actor: Records office clerk}
      - {name: Prints the card, actor: National card printing centre}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding
from journeymap.suggest import KIND_WORDS

CODE = "JM321"
NAME = "action-without-actor"
SEVERITY = Severity.WARNING
SUMMARY = "A service-blueprint action that does not say who performs it."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    for stage in context.journey.stages:
        for action in stage.actions():
            if action.actor is None:
                message = (
                    f"{KIND_WORDS[action.lane]} {quote(action.name)} in stage {quote(stage.name)} does not say who "
                    "performs it; give it an 'actor': the team, role or system that does it"
                )
                yield Finding(action.path, message)
