"""A persona with no goals.

A journey map is built around what its persona wants to achieve: the goals
are what each stage's own goal serves and what the pain points get in the
way of. A persona without them is a name and a photo. Each persona is
reported where it is defined: in the map for its own, in the library for a
library's (checked once there, not in every map that includes it).

Bad:

```yaml
personas:
  - id: maya
    name: Maya Brennan
    occupation: Senior UX designer
```

Good:

```yaml
personas:
  - id: maya
    name: Maya Brennan
    occupation: Senior UX designer
    goals:
      - Know the total price and delivery date before committing
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM320"
NAME = "persona-without-goals"
SEVERITY = Severity.WARNING
SUMMARY = "A persona with no goals: nothing says what they want to achieve."
LIBRARIES = True


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    for persona in context.journey.personas:
        if context.own(persona) and not persona.goals:
            message = f"persona {quote(persona.id)} has no goals; add what the persona wants to achieve under 'goals'"
            yield Finding(persona.path, message)
