"""Report lines with styles, printed plain or in colour.

Most runs print to a pipe (CI, pre-commit, editors), where colour is off and a line is just its text;
rich, which costs a tenth of a command's start-up, is imported only to print in colour.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

from journeymap.record import Tuple

if TYPE_CHECKING:
    from rich.console import Console


class Line(Tuple):
    """One line of a report as (text, style) segments; a style is rich's, such as 'bold red' or 'dim'."""

    segments: tuple[tuple[str, str], ...]

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.segments)


def styled(text: str, style: str = "") -> Line:
    return Line(((text, style),))


def wants_color(color: bool | None, stream: TextIO) -> bool:
    """--color/--no-color when given; else colour on a terminal, unless NO_COLOR or a dumb terminal says no
    (FORCE_COLOR says yes anywhere), as rich and most command-line tools decide."""
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") in ("dumb", "unknown"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


class Printer:
    """Prints Lines to standard output (or error): plain, or through a rich console when in colour."""

    def __init__(self, color: bool | None, stderr: bool = False, console: Console | None = None) -> None:
        self.stream = sys.stderr if stderr else sys.stdout
        self.console = console
        if console is None and wants_color(color, self.stream):
            from rich.console import Console

            self.console = Console(highlight=False, soft_wrap=True, force_terminal=True, no_color=False, stderr=stderr)

    def print(self, line: Line) -> None:
        if self.console is None:
            self.stream.write(line.plain + "\n")
            return
        from rich.text import Text

        self.console.print(Text.assemble(*line.segments))
