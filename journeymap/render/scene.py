"""What every part of the map view shares: the grid of columns, the words, the colours, the notes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from journeymap.emotions import drawn_states
from journeymap.model import Journey, Persona, Step
from journeymap.problems import JsonPath, Problem
from journeymap.render import theme
from journeymap.render.canvas import BOLD, Canvas, Font
from journeymap.render.cards import Badge, Card, Style, Text, card
from journeymap.render.notes import Notes, finding_text
from journeymap.render.scope import shown_personas
from journeymap.words import Words, words_for

GUTTER = 122.0  # the lane-label column
COLUMN = 206.0  # a stage column, at least
COMPACT_COLUMN = 172.0  # on a map of COMPACT_FROM stages or more: its text prints larger on the same page
COMPACT_FROM = 15
MAX_COLUMN = 320.0
MIN_WIDTH = 1100.0  # narrower maps get wider columns, so the header has room
GAP = 6.0
CELL_PAD = 6.0
CARD_GAP = 5.0


@dataclass(frozen=True, slots=True)
class Grid:
    columns: int
    column: float

    @property
    def width(self) -> float:
        """The grid's width; a map of no stages (a state with none) still has room for its title and footer."""
        return max(GUTTER + self.columns * (self.column + GAP), MIN_WIDTH if not self.columns else 0.0)

    @property
    def card_width(self) -> float:
        return self.column - 2 * CELL_PAD

    def x(self, index: int) -> float:
        return GUTTER + GAP + index * (self.column + GAP)


def grid_for(columns: int, compact: bool = False) -> Grid:
    column = COMPACT_COLUMN if compact else COLUMN
    if columns and GUTTER + columns * (COLUMN + GAP) < MIN_WIDTH:  # no columns: a state without stages
        column = min(MAX_COLUMN, (MIN_WIDTH - GUTTER) / columns - GAP)
    return Grid(columns, column)


@dataclass(frozen=True)
class Scene:
    journey: Journey
    words: Words
    grid: Grid
    notes: Notes
    personas: tuple[Persona, ...]
    persona_colors: dict[str, str]  # empty when one persona is shown: no need to tell steps apart
    numbers: dict[JsonPath, int]  # step path -> its number on the diagram, 1 upwards across stages
    source_name: str
    focus: str | None
    annotated: bool
    cast: tuple[str, ...] = ()  # Journey.cast(), worked out once
    curves: tuple[str | None, ...] = (None,)  # whose emotion curves: each persona's, or one (None: nobody named)
    states: tuple[str, ...] = ("current",)  # the states drawn: one, or both compared
    drawn_state: str | None = None  # the state asked for (--state), drawn alone

    @property
    def comparing(self) -> bool:
        """Whether the current and the future journey are drawn side by side."""
        return len(self.states) > 1

    @cached_property  # read by every step card: worked out once
    def replaced_by(self) -> dict[str, list[Step]]:
        """A step's id -> the steps (of the future) that replace it."""
        replaced: dict[str, list[Step]] = {}
        for _, step in self.journey.steps():
            for other in step.replaces:
                replaced.setdefault(other, []).append(step)
        return replaced

    def persona_shape(self, persona_id: str) -> str:
        ids = [persona.id for persona in self.personas]
        return theme.persona_style(ids.index(persona_id))[1] if persona_id in ids else "circle"

    def persona_marks(self, personas: Sequence[str]) -> tuple[tuple[str, str], ...]:
        """(colour, shape) of each of these personas, when they are some of the personas shown and not all."""
        shown = [persona.id for persona in self.personas if persona.id in personas]
        if not self.persona_colors or len(shown) == len(self.personas):
            return ()
        return tuple((self.persona_colors[persona], self.persona_shape(persona)) for persona in shown)

    def phase_color(self, phase_id: str | None) -> str:
        ids = [phase.id for phase in self.journey.phases]
        return theme.PHASES[ids.index(phase_id) % len(theme.PHASES)] if phase_id in ids else theme.NAVY

    def finding_cards(self, problems: Sequence[Problem], card_width: float | None = None) -> list[Card]:
        return [finding_card(problem, card_width or self.grid.card_width, self.words) for problem in problems]


def scene_for(
    journey: Journey, source_name: str, findings: Sequence[Problem], focus: str | None, annotated: bool,
    state: str | None = None,
) -> Scene:  # fmt: skip
    """`state`: the one state drawn (the journey narrowed to it already); None: the map as written, with
    its current and future journeys compared when it marks what belongs to which."""
    personas = shown_personas(journey, focus)
    colors = {p.id: theme.persona_style(i)[0] for i, p in enumerate(personas)} if len(personas) > 1 else {}
    steps = [step for stage in journey.stages for step in stage.steps]
    numbers = {step.path: index for index, step in enumerate(steps, start=1)}
    words = words_for(journey.locale)
    grid = grid_for(len(journey.stages), compact=len(journey.stages) >= COMPACT_FROM)
    cast = journey.cast()
    if len(personas) > 1 and journey.format != "1" and _told_apart(journey, set(cast)):  # format 1: plain emotion
        curves: tuple[str | None, ...] = tuple(persona.id for persona in personas)
    else:
        curves = (personas[0].id if personas else None,)
    states = (state,) if state else drawn_states(journey)
    return Scene(journey, words, grid, Notes(findings), personas, colors, numbers, source_name, focus, annotated,
                 cast, curves, states, state)  # fmt: skip


def _told_apart(journey: Journey, everyone: set[str]) -> bool:
    """Whether the map says anything about one persona that it does not say about all: a stage or step for
    some personas only, or an emotion entry of one. A map that does not feels the same for all: one curve."""
    for stage in journey.stages:
        if (stage.personas and set(stage.personas) != everyone) or any(r.persona for r in stage.emotions):
            return True
        for step in stage.steps:
            if (step.personas and set(step.personas) != everyone) or any(r.persona for r in step.emotions):
                return True
    return False


def finding_card(problem: Problem, card_width: float, words: Words) -> Card:
    """A lint finding drawn as a dashed note in the colour of its severity, in the map's language."""
    color, fill = theme.FINDING[problem.severity.label]
    heading, message = finding_text(problem, words)
    texts = [Text(heading, Font(7.5, color, BOLD)), Text(message, Font(7.5, theme.INK), max_lines=6)]
    badge = Badge(words.choice("finding", problem.severity.label), color)
    return card("finding", card_width, Style(fill, color, dashed=True), texts, badges=(badge,))


def mark_cell(canvas: Canvas, name: str, x: float, y: float, w: float, h: float) -> None:
    """A dashed frame around a cell that a finding is about, so an empty cell reads as a gap."""
    canvas.box(name, "finding-cell", x, y, w, h, border=theme.FINDING["warning"][0], dashed=True, pen=1.5)
