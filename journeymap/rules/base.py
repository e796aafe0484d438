"""What rules receive and return."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from journeymap.loader import Document
from journeymap.model import Element, Journey, Stage
from journeymap.problems import JsonPath, Position, quote


class Option(NamedTuple):
    default: Any
    type: type
    help: str
    minimum: int | None = None


class Finding(NamedTuple):
    """What a rule found: where (a JSON path into the map, or a text position) and what to say."""

    path: JsonPath
    message: str
    position: Position | None = None  # for findings about the text itself, such as comments


class UnusedSuppression(NamedTuple):
    """A key in a suppression comment that covered no finding, or that names no rule."""

    position: Position
    key: str
    whole_file: bool
    known: bool  # whether the key names a rule
    suggestion: str | None = None  # for an unknown key, the rule it probably means


class Context(NamedTuple):
    """What rules look at: the journey's model, its document (for raw text), and today's date."""

    journey: Journey
    document: Document
    today: datetime.date
    unused_suppressions: tuple[UnusedSuppression, ...] = ()  # filled in after the other rules ran

    def own(self, element: Element) -> bool:
        """Whether the element is written in this map rather than in an included library."""
        return element.source == self.journey.source


def stages_lacking(context: Context, lacks: Callable[[Stage], bool], what: str, advice: str) -> Iterator[Finding]:
    """For each stage that `lacks` something: "stage 'X' has no <what>; <advice>", at the stage."""
    for stage in context.journey.stages:
        if lacks(stage):
            yield Finding(stage.path, f"stage {quote(stage.name)} has no {what}; {advice}")
