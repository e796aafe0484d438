"""A stage without a lifecycle kind.

`kind` places a stage in the customer lifecycle (need, awareness, interest,
consideration, decision, purchase, application, resolution, onboarding,
usage, support, retention, loyalty, advocacy). Without it the journey-shape
rules (lifecycle-order, journey-ends-at-purchase) cannot check the map.

Bad:

```yaml
stages:
  - id: compare
    name: Compare boots
```

Good:

```yaml
stages:
  - id: compare
    name: Compare boots
    kind: consideration
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity
from journeymap.rules.base import Context, Finding, stages_lacking

CODE = "JM315"
NAME = "stage-without-kind"
SEVERITY = Severity.INFO
SUMMARY = "A stage without a lifecycle kind, which the journey-shape rules need."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    advice = "set its place in the lifecycle, such as awareness or purchase"
    return stages_lacking(context, lambda stage: stage.kind is None, "kind", advice)
