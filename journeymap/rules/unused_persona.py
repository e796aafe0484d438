"""A persona defined in the map that no step refers to.

When a map has several personas, each step says whose it is with `persona`;
a persona no step names is not part of this journey. A map that defines a
single persona and has no step naming any persona is fine: that persona is
implied. Personas from included libraries are exempt, and do not count.

Bad:

```yaml
personas:
  - {id: maya, name: Maya}
  - {id: priya, name: Priya}
stages:
  - id: visit
    name: Visit
    steps:
      - {name: Browses boots, persona: maya}
```

Good:

```yaml
personas:
  - {id: maya, name: Maya}
stages:
  - id: visit
    name: Visit
    steps:
      - {name: Browses boots, persona: maya}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM312"
NAME = "unused-persona"
SEVERITY = Severity.WARNING
SUMMARY = "A persona defined in the map that no step refers to."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    journey = context.journey
    named = {step.persona for stage in journey.stages for step in stage.steps if step.persona}
    own = [persona for persona in journey.personas if context.own(persona)]
    if len(own) == 1 and not named:
        return  # the map's only persona is implicitly everyone's
    for persona in own:
        if persona.id not in named:
            message = f"persona {quote(persona.id)} is not named by any step; set 'persona: {persona.id}' on its steps or remove it"
            yield Finding(persona.path, message)
