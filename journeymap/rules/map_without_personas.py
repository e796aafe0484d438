"""A map without any persona.

A journey is always someone's journey. A persona (own or from an included
library) says whose, so that goals, thoughts and emotions have a subject.

Bad:

```yaml
journeymap: 1
title: Buying boots online
stages: ...
```

Good:

```yaml
journeymap: 1
title: Buying boots online
include: [library/personas.yaml]
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding

CODE = "JM314"
NAME = "map-without-personas"
SEVERITY = Severity.WARNING
SUMMARY = "A map with no persona: nobody's journey."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    if not context.journey.personas:
        message = "the map has no personas; add one under 'personas' or include a library that defines them"
        yield Finding(("title",), message)
