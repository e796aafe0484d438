"""Stage kinds that go backwards in the customer lifecycle.

Stages are listed in journey order, and their kinds follow the lifecycle:
need, awareness, interest, consideration, decision, then purchase or
application (a public service's or a B2B provider's "purchase"), then
resolution or onboarding, then usage and support (in either order), then
retention, loyalty and advocacy (in any order). Awareness after a purchase
usually means stages are out of order or a kind is wrong.

Journeys that cycle are normal: once the customer has moved past the sale
(resolution, onboarding or later), a new cycle may start with consideration,
decision, purchase or application (a second or repeat purchase, a renewal)
and move forward again from there. Stages without a kind are skipped.

A map that shows today's journey and the planned one side by side
(`state: current` and `state: future` stages) is judged one state at a
time: a future stage is compared with the stages of the future journey, not
with the current stages it replaces.

Bad:

```yaml
stages:
  - {id: buy, name: Buy, kind: purchase}
  - {id: discover, name: Discover, kind: awareness}
```

Good:

```yaml
stages:
  - {id: buy, name: Buy, kind: purchase}
  - {id: use, name: Use, kind: usage}
  - {id: loyal, name: Loyalty, kind: loyalty}
  - {id: rebuy, name: Second purchase, kind: purchase}
  - {id: advocate, name: Recommend, kind: advocacy}
```

Good (a public service):

```yaml
stages:
  - {id: expiry, name: The card expires, kind: need}
  - {id: learn, name: Learn what to bring, kind: awareness}
  - {id: apply, name: Apply, kind: application}
  - {id: issued, name: Card issued, kind: resolution}
  - {id: use, name: Shows the card, kind: usage}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.model import STATES, Stage, in_state
from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM402"
NAME = "lifecycle-order"
SEVERITY = Severity.WARNING
SUMMARY = "Stage kinds go backwards in the lifecycle (repeat-purchase cycles excepted)."

# Kinds of one rank may come in any order; a lower rank after a higher one goes backwards.
_RANK = {
    "need": 0, "awareness": 1, "interest": 2, "consideration": 3, "decision": 4, "purchase": 5, "application": 5,
    "resolution": 6, "onboarding": 6, "usage": 7, "support": 7, "retention": 8, "loyalty": 8, "advocacy": 8,
}  # fmt: skip
_REPEAT_CYCLE_STARTS = frozenset({"consideration", "decision", "purchase", "application"})
_AFTER_SALE = _RANK["onboarding"]


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    reported: set[str] = set()
    for state in STATES:
        stages = [stage for stage in context.journey.stages if stage.kind is not None and in_state(stage, state)]
        for previous, stage in zip(stages, stages[1:]):
            if _backwards(previous, stage) and stage.id not in reported:
                reported.add(stage.id)  # once, though it may go backwards in both states
                message = (
                    f"stage {quote(stage.name)} ({stage.kind}) comes after stage {quote(previous.name)} "
                    f"({previous.kind}), going backwards in the lifecycle; reorder the stages or correct their kind"
                )
                yield Finding((*stage.path, "kind"), message)


def _backwards(previous: Stage, stage: Stage) -> bool:
    return _RANK[stage.kind] < _RANK[previous.kind] and not _new_cycle(previous.kind, stage.kind)  # type: ignore[index]


def _new_cycle(before: str, after: str) -> bool:
    """A repeat purchase: back to buying once the customer has bought and moved on."""
    return _RANK[before] >= _AFTER_SALE and after in _REPEAT_CYCLE_STARTS
