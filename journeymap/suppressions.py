"""Inline suppression comments: `# journeymap: disable=CODE[,CODE] -- reason` and `disable-file=`.

A `disable=` comment covers findings on its own line; written alone on a line,
it also covers the line below. A `disable-file=` comment covers the whole file.
Keys are rule codes or names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from journeymap.problems import Position, Problem
from journeymap.record import Tuple

_DIRECTIVE = re.compile(
    r"(?:^|\s)#\s*journeymap:\s*(?P<kind>disable-file|disable)\s*=\s*(?P<keys>[\w,\s-]+?)\s*(?:--\s*(?P<reason>.*?))?\s*$"
)


class Directive(Tuple):
    position: Position  # where the comment starts
    keys: tuple[str, ...]
    whole_file: bool
    standalone: bool  # the comment is alone on its line, so it covers the next line too
    reason: str | None

    def covers_line(self, line: int) -> bool:
        return self.whole_file or line == self.position.line or (self.standalone and line == self.position.line + 1)


def directives(text: str, is_text: Callable[[int, int], bool] = lambda line, column: False) -> tuple[Directive, ...]:
    """Every suppression comment in a file's text.

    `is_text(line, column)` says whether a '#' sits inside a quoted or block value, where it is not a comment.
    """
    if not _may_hold_directive(text):  # the usual file: no line to look at
        return ()
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "journeymap:" not in line:
            continue
        match = _DIRECTIVE.search(line)
        if match is None:
            continue
        column = line.index("#", match.start()) + 1
        if is_text(number, column):
            continue
        keys = tuple(key.strip() for key in match["keys"].split(",") if key.strip())
        found.append(
            Directive(
                Position(number, column),
                keys,
                whole_file=match["kind"] == "disable-file",
                standalone=not line[: column - 1].strip(),
                reason=match["reason"] or None,
            )
        )
    return tuple(found)


def _may_hold_directive(text: str) -> bool:
    """Whether a 'journeymap:' in `text` follows a '#' (and blanks), as in every directive: a map's first key,
    `journeymap: 1`, holds one too, but no comment."""
    at = text.find("journeymap:")
    while at >= 0:
        if text[text.rfind("\n", 0, at) + 1 : at].rstrip().endswith("#"):
            return True
        at = text.find("journeymap:", at + 1)
    return False


def apply(
    problems: Iterable[Problem], found: Sequence[Directive], names: dict[str, str]
) -> tuple[list[Problem], list[tuple[Directive, str]]]:
    """The problems no directive covers, and each (directive, key) that covered nothing.

    `names` maps every rule code and name to its code, so either can be written.
    """
    used: set[tuple[int, str]] = set()
    kept = []
    for problem in problems:
        covering = [
            (index, key)
            for index, directive in enumerate(found)
            if directive.covers_line(problem.position.line)
            for key in directive.keys
            if names.get(key, names.get(key.upper(), "")) == problem.code
        ]
        used.update(covering)
        if not covering:
            kept.append(problem)
    unused = [
        (directive, key) for index, directive in enumerate(found) for key in directive.keys if (index, key) not in used
    ]
    return kept, unused
