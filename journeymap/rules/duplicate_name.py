"""Two stages of one phase, or two touchpoints, with the same name.

Names are what people read on the diagram. Two columns called "Checkout" or
two touchpoints called "Website" make the map ambiguous even when their ids
differ. Names are compared ignoring case and extra spaces.

Stages count as duplicates only within one phase (or when neither has a
phase): a name repeated in another phase is repeated on purpose, as when a
loyal customer's second purchase ("Compra") comes back in the retain phase,
and the phase tells the two apart. Nor do a current stage and a future one
clash (`state: current` and `state: future`): they are never in the journey
at once, and the future stage that replaces today's often keeps its name.

Bad:

```yaml
stages:
  - {id: checkout, name: Checkout}
  - {id: checkout-2, name: Checkout}
```

Good:

```yaml
stages:
  - {id: buy, name: Compra, phase: captivate}
  - {id: wear, name: Uso, phase: delight}
  - {id: buy-again, name: Compra, phase: retain}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from journeymap.model import Stage, Touchpoint
from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM504"
NAME = "duplicate-name"
SEVERITY = Severity.WARNING
SUMMARY = "Two stages of one phase, or two touchpoints, share a name."
LIBRARIES = True


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    own_touchpoints = [touchpoint for touchpoint in context.journey.touchpoints if context.own(touchpoint)]
    yield from _duplicates("stage", context.journey.stages)
    yield from _duplicates("touchpoint", own_touchpoints)


def _duplicates(kind: str, elements: Sequence[Stage | Touchpoint]) -> Iterator[Finding]:
    by_name: dict[str, list[Stage | Touchpoint]] = {}  # the elements so far under each name as compared
    for element in elements:
        same_name = by_name.setdefault(_normal(element.name), [])
        first = next((earlier for earlier in same_name if _clash(earlier, element)), None)
        same_name.append(element)
        if first is not None:
            message = (
                f"{kind} name {quote(element.name)} is already used by {kind} {quote(first.name)} "
                f"on line {first.position.line}; give each {kind} a distinct name"
            )
            yield Finding((*element.path, "name"), message)


def _clash(one: Stage | Touchpoint, other: Stage | Touchpoint) -> bool:
    """Whether two elements of the same name clash: stages only in one phase, and not as one state's
    stage and the other's."""
    if isinstance(one, Stage) and isinstance(other, Stage):
        return one.phase == other.phase and {one.state, other.state} != {"current", "future"}
    return True


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()
