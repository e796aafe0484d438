"""The engine of `journeymap diff`: a change to a journey map as a CX change, not a YAML diff.

    compare(base: MapSide | None, head: MapSide | None) -> MapDiff

takes one map on both sides (None where it does not exist: a map added or removed; two paths: a
rename), each a valid `Journey` with the lint findings on it, and returns an immutable `MapDiff`: the
`Change`s, most important first, and the emotion `Curve`s before and after. Nothing here reads files
or git, prints or exits; the values are what text, markdown and JSON reports are made from, and each
has `as_data()`, plain JSON data with every key always present.

    failing(diffs: Iterable[MapDiff], policies: Sequence[str]) -> list[tuple[str, Change]]

applies `--fail-on` policies (`POLICIES`: name, one-line description) to a run's diffs.

How elements are matched is `match.py`'s docstring; what each kind of element reports, and how
important it is, `elements.py`'s, `emotions.py`'s and `findings.py`'s; the order, `compare.py`'s.
"""

from journeymap.diff.changes import (
    ELEMENTS, KINDS, SEVERITIES, SIDES, Change, Curve, FieldChange, MapDiff, MapSide, Point, Where,
)  # fmt: skip
from journeymap.diff.compare import compare
from journeymap.diff.policies import POLICIES, POLICY_NAMES, Policy, failing, unknown

__all__ = [
    "ELEMENTS", "KINDS", "POLICIES", "POLICY_NAMES", "SEVERITIES", "SIDES", "Change", "Curve", "FieldChange",
    "MapDiff", "MapSide", "Point", "Policy", "Where", "compare", "failing", "unknown",
]  # fmt: skip
