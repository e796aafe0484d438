"""A `# journeymap: disable=...` comment that suppresses nothing.

Suppressions are for findings that are the point of a map, with a reason
after `--`. Once the finding is gone (the map was fixed, or the rule no
longer fires), the comment only hides the next real finding on that line.
Remove it. Unknown rule names in a suppression are reported here too. This
rule is not itself suppressed by comments; turn it off in `.journeymap.yaml`
or with `--ignore unused-suppression` if you must.

Bad:

```yaml
stages:
  # journeymap: disable=stage-without-goal -- goal still being researched
  - id: search
    name: Search
    goal: Find boots that fit
```

Good:

```yaml
stages:
  - id: search
    name: Search
    goal: Find boots that fit
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from journeymap import catalog
from journeymap.problems import Severity, quote
from journeymap.rules.base import Finding, UnusedSuppression

CODE = "JM601"
NAME = "unused-suppression"
SEVERITY = Severity.INFO
SUMMARY = "A suppression comment that suppresses nothing."
LIBRARIES = True
STAGE = "suppressions"  # runs after the rules and their suppression, on what suppressed nothing


def check(unused_suppressions: Sequence[UnusedSuppression], options: Mapping[str, Any]) -> Iterator[Finding]:
    for unused in unused_suppressions:
        validation = None if unused.known else catalog.find(unused.key)
        if validation is not None:
            message = (f"{quote(unused.key)} in this suppression comment is a validation check, which cannot be "
                       "suppressed; fix what it reports and remove it from the comment")  # fmt: skip
        elif not unused.known:
            hint = f"did you mean {quote(unused.suggestion)}?" if unused.suggestion else "run 'journeymap rules' to list them"
            message = f"{quote(unused.key)} in this suppression comment is not a rule; {hint}"
        else:
            scope = "in this file" if unused.whole_file else "here"
            message = f"{quote(unused.key)} is suppressed {scope} but reports nothing; remove it from the comment"
        yield Finding((), message, position=unused.position)
