"""Placeholder text left in the map: TODO, TBD, FIXME, XXX, lorem ipsum.

Placeholders are notes to self that escaped into the map. They read as
content to everyone else. TODO, TBD and FIXME count only in capitals, so the
Spanish word "todo" is fine; "xxx" and "lorem ipsum" count in any case.
Comments and `x-` extension keys (scratch space for anchors) are not
checked, though a placeholder they lend to a stage is.

Bad:

```yaml
goal: TBD
```

Good:

```yaml
goal: Find a pair that fits and lasts
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.problems import Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM503"
NAME = "placeholder-text"
SEVERITY = Severity.WARNING
SUMMARY = "Placeholder text (TODO, TBD, FIXME, XXX, lorem ipsum) left in the map."
LIBRARIES = True

_PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME)\b|\b([xX]{3,})\b|(?i:\b(lorem ipsum)\b)")


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    if not _may_hold_placeholders(context.source.text):
        return  # nothing in the file, so nothing in any value: most maps stop here
    for value in context.source.text_values():
        placeholder = placeholder_in(value.text)
        if placeholder:
            yield Finding(value.path, f"placeholder text {quote(placeholder)} in {value.where}; "
                          "replace it with real content")  # fmt: skip


def placeholder_in(text: str) -> str | None:
    """The first placeholder in a value, such as 'TODO', or None."""
    match = _PLACEHOLDER.search(text)
    return match.group(0) if match else None


def _may_hold_placeholders(text: str) -> bool:
    """Whether the text could hold a placeholder: substring tests take microseconds where the pattern,
    tried at every position of a whole file, takes a millisecond."""
    lowered = text.lower()
    return any(word in text for word in ("TODO", "TBD", "FIXME")) or "xxx" in lowered or "lorem" in lowered

