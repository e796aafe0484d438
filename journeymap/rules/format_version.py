"""A file that declares `journeymap: 1` but uses keys format 1.1 adds.

journeymap reads format 1.1 keys (`state`, `emotions`, `backstage`,
`moment_of_truth`, `sources` and the rest) whichever version a file
declares. Releases that know only format 1 do not: given such a file, they
report an unknown key for every new key it uses, which reads as a broken
map. Declared as `journeymap: 1.1`, the same file makes them stop with one
line saying which version it needs. `x-` keys count too, except at the top
level, the only place format 1 allowed them.

The finding points at the first such key and says how many more there are.
It concerns the file rather than the journey, so it is only information.

Bad:

```yaml
journeymap: 1
title: Boots
stages:
  - id: checkout
    name: Checkout
    moment_of_truth: true
```

Good:

```yaml
journeymap: 1.1
title: Boots
stages:
  - id: checkout
    name: Checkout
    moment_of_truth: true
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import JsonPath, Severity
from journeymap.rules.base import Context, Finding, Pattern, pattern_of

CODE = "JM506"
NAME = "format-version"
SEVERITY = Severity.INFO
SUMMARY = "A file that declares journeymap: 1 but uses keys format 1.1 adds."
LIBRARIES = True

# The keys each mapping of format 1 has, as its schema lists them; a list's items are "*". A library's top
# level has a part of the map's keys, and format 1.1 gave it no other key a map lacks.
_FORMAT_1_KEYS: dict[Pattern, frozenset[str]] = {
    pattern: frozenset(keys.split())
    for pattern, keys in {
        (): "$schema journeymap title description owner reviewed tags include personas phases touchpoints library "
        "objective status locale stages",
        ("personas", "*"): "id name description age gender occupation location goals frustrations interests "
        "personality quote",
        ("phases", "*"): "id name description",
        ("touchpoints", "*"): "id name channel kind lane owner description url",
        ("stages", "*"): "id name phase kind description goal steps touchpoints emotion thoughts pain_points "
        "opportunities metrics",
        ("stages", "*", "steps", "*"): "name id description persona touchpoints emotion thought",
        ("stages", "*", "pain_points", "*"): "description id severity evidence",
        ("stages", "*", "opportunities", "*"): "description id addresses owner status impact effort",
        ("stages", "*", "metrics", "*"): "name id unit target actual direction",
    }.items()
}  # fmt: skip


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    if context.journey.format != "1":
        return
    added = [path for pattern, path in context.source.keys_outside(_FORMAT_1_KEYS) if _new_key(pattern, path)]
    if added:
        extra = len(added) - 1
        more = f" (and {extra} more key{'' if extra == 1 else 's'})" if extra else ""
        message = (
            f"{context.source.where(added[0])} is new in format 1.1{more}, but the file declares 'journeymap: 1'; "
            "declare 'journeymap: 1.1', so that releases that read only format 1 stop at the version in one line "
            "instead of failing on each new key"
        )
        yield Finding(added[0], message)


def _added_in_1_1(path: JsonPath) -> bool:
    """Whether the key at `path` is one format 1 did not have. Keys inside something format 1 did not have
    are not counted: the key that holds them is."""
    pattern = pattern_of(path[:-1])
    return pattern in _FORMAT_1_KEYS and _new_key(pattern, path)


def _new_key(pattern: Pattern, path: JsonPath) -> bool:
    """`_added_in_1_1` of a key in a mapping at `pattern`, one of those format 1 has keys for."""
    key = path[-1]
    return str(key) not in _FORMAT_1_KEYS[pattern] and not (len(path) == 1 and str(key).startswith("x-"))
