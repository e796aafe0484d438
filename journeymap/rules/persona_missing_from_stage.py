"""A persona who goes through a stage but takes none of its steps.

When a map follows several personas, each walks the stages in its own way,
and its emotion curve is drawn from the steps it takes. A persona who goes
through a stage (every persona of the map, unless the stage lists its
`personas`) but takes none of its steps (a step naming no persona is
everyone's) leaves a gap in that persona's journey: either its steps are
missing, or it does not go through the stage and the stage should say who
does. Maps with a single persona are not checked, nor stages without steps,
and only what is in the map's `state` counts: a future stage or step in a
map of the current state is a plan, not yet part of anyone's journey.

Only maps of format 1.1 are checked: in format 1 a stage cannot list its
personas, so there a persona who takes none of a stage's steps simply does
not go through it.

Bad:

```yaml
personas:
  - {id: maya, name: Maya}
  - {id: owen, name: Owen}
stages:
  - id: checkout
    name: Checkout
    steps:
      - {name: Pays by card, persona: maya}
```

Good:

```yaml
personas:
  - {id: maya, name: Maya}
  - {id: owen, name: Owen}
stages:
  - id: checkout
    name: Checkout
    personas: [maya]
    steps:
      - {name: Pays by card, persona: maya}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.model import in_state
from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM322"
NAME = "persona-missing-from-stage"
SEVERITY = Severity.WARNING
SUMMARY = "A persona who goes through a stage but takes none of its steps."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    journey = context.journey
    if journey.format == "1" or len(journey.cast()) < 2:  # a single persona takes every step
        return
    for stage in journey.stages:
        steps = [step for step in stage.steps if in_state(step, journey.state)]
        if not steps or not in_state(stage, journey.state):
            continue
        taking = {persona for step in steps for persona in journey.step_personas(step)}
        listed = ", ".join(persona for persona in journey.cast() if persona in taking)
        for persona in journey.stage_personas(stage):
            if persona not in taking:
                message = (
                    f"persona {quote(persona)} takes no step in stage {quote(stage.name)}; add its steps, "
                    f"or list who goes through the stage with 'personas: [{listed}]'"
                )
                yield Finding(stage.path, message)
