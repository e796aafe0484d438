"""A persona defined in the map that takes no part in the journey.

A persona takes part when something names it: a step's `personas` (or
`persona`), a stage's `personas`, an emotion entry's `persona` or a pain
point's `personas`. A step that names no persona is every persona's (unless
its stage lists personas: then it is theirs), and so is a stage that names
none and has no steps. So a persona is unused only when every step (or every
stage without steps) is named for other personas and nothing names it: then
no part of the journey is that persona's. In particular the map's only
persona is implicitly everyone's as long as some step names no persona.
Personas from included libraries are exempt, and do not count.

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
      - {name: Reads the size guide, personas: [maya]}
```

Good:

```yaml
personas:
  - {id: maya, name: Maya}
  - {id: priya, name: Priya}
stages:
  - id: visit
    name: Visit
    steps:
      - {name: Browses boots, persona: maya}
      - {name: Reads the size guide, personas: [maya, priya]}
      - Pays at the till
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.model import Stage
from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM312"
NAME = "unused-persona"
SEVERITY = Severity.WARNING
SUMMARY = "A persona defined in the map that takes no part in the journey."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    journey = context.journey
    if any(_everyones(stage) for stage in journey.stages):
        return  # that part of the journey is every persona's, so every persona takes part
    named = set(journey.named_personas())
    for persona in journey.personas:
        if context.own(persona) and persona.id not in named:
            message = (
                f"persona {quote(persona.id)} takes no part: every step is named for other personas and nothing "
                "names it; list it in 'personas' on its steps or stages, or remove it"
            )
            yield Finding(persona.path, message)


def _everyones(stage: Stage) -> bool:
    """Whether part of the stage names no persona: the stage without steps, or a step, when the stage names none."""
    return not stage.personas and (not stage.steps or any(not step.personas for step in stage.steps))

