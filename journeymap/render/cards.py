"""Cards: the boxes that hold one step, touchpoint, thought, pain point, opportunity or metric.

A card is wrapped and measured before it is drawn, so that each lane can be as
tall as its fullest cell and every column stays aligned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from journeymap.render.canvas import BOLD, ITALIC, Canvas, Font
from journeymap.render.text import block_height, width, wrap

PAD_X, PAD_Y = 7.0, 6.0
RUN_GAP = 3.0
STRIPE = 4.0
MARKER = 16.0  # room taken by a step-number disc at the left
BULLET = 9.0
BADGE_HEIGHT, BADGE_GAP = 12.0, 4.0
BADGE_SPACING = 4.0  # between two badges of a row
BADGE_FONT = Font(6.5, "white", BOLD)


@dataclass(frozen=True, slots=True)
class Text:
    """What to write in a card, before wrapping."""

    text: str
    font: Font
    max_lines: int = 12
    bullet: bool = False


@dataclass(frozen=True, slots=True)
class Run:
    """Wrapped lines in one font."""

    lines: tuple[str, ...]
    font: Font
    bullet: bool = False

    @property
    def height(self) -> float:
        return block_height(len(self.lines), self.font.size)


@dataclass(frozen=True, slots=True)
class Badge:
    text: str
    fill: str

    @property
    def width(self) -> float:
        return width(self.text, BADGE_FONT.size, bold=True) + 10


@dataclass(frozen=True, slots=True)
class Style:
    fill: str
    border: str | None = None
    rounded: bool = False
    dashed: bool = False
    pen: float = 1.0


@dataclass(frozen=True, slots=True)
class Marker:
    """A numbered disc at the card's top left: the step number, in the colour of its emotion."""

    number: int
    color: str


@dataclass(frozen=True, slots=True)
class Card:
    kind: str  # the SVG class, such as "pain-point"
    runs: tuple[Run, ...]
    style: Style
    badges: tuple[Badge, ...] = ()
    stripe: str | None = None  # a colour down the left edge
    marker: Marker | None = None
    marks: tuple[tuple[str, str], ...] = ()  # personas' (colour, shape): a stripe each down the left edge, shape on top
    mark_size: float = 8.0
    badge_room: float = float("inf")  # the width a row of badges may take: more go on another row
    height: float = field(init=False, repr=False, compare=False)  # asked for by the lane, the stack and the drawing

    def __post_init__(self) -> None:  # measures the card once; it is frozen, hence object.__setattr__
        badges = len(self.badge_rows) * (BADGE_HEIGHT + BADGE_GAP)
        runs = sum(run.height for run in self.runs) + RUN_GAP * max(len(self.runs) - 1, 0)
        marks = len(self.marks) * (self.mark_size + 3) - 2 * PAD_Y + 2
        object.__setattr__(self, "height", 2 * PAD_Y + badges + max(runs, MARKER - 2 if self.marker else 0.0, marks))

    @property
    def badge_rows(self) -> list[tuple[Badge, ...]]:
        """The badges in rows that fit `badge_room`, in order (a badge wider than the room has a row of its own)."""
        rows: list[list[Badge]] = []
        used = 0.0
        for badge in self.badges:
            if rows and used + badge.width <= self.badge_room:
                rows[-1].append(badge)
            else:
                rows.append([badge])
                used = 0.0
            used += badge.width + BADGE_SPACING
        return [tuple(row) for row in rows]

    def draw(self, canvas: Canvas, name: str, x: float, y: float, w: float) -> None:
        style = self.style
        canvas.box(name, self.kind, x, y, w, self.height, fill=style.fill, border=style.border,
                   rounded=style.rounded, dashed=style.dashed, pen=style.pen)  # fmt: skip
        left, top = x + PAD_X, y + PAD_Y
        if self.marks:
            _draw_marks(canvas, name, self.marks, self.mark_size, x, y, self.height)
            left += _edge(self.stripe, self.marks, self.mark_size)
        elif self.stripe:
            canvas.box(f"{name}_stripe", "persona-stripe", x + 1.5, y + 2, STRIPE, self.height - 4, fill=self.stripe)
            left += STRIPE
        placed = 0
        for row in self.badge_rows:
            _draw_badges(canvas, name, row, placed, left, top)
            placed += len(row)
            top += BADGE_HEIGHT + BADGE_GAP
        if self.marker:
            canvas.disc(f"{name}_n", "step-number", left + 6, top + 6, 7, self.marker.color, str(self.marker.number))
            left += MARKER
        for index, run in enumerate(self.runs):
            _draw_run(canvas, f"{name}_t{index}", run, left, top, x + w - PAD_X - left)
            top += run.height + RUN_GAP


def _edge(stripe: str | None, marks: Sequence[tuple[str, str]], mark_size: float) -> float:
    """The room the left edge's stripe or marks take from the text."""
    return mark_size + 2 if marks else STRIPE if stripe else 0.0


def _draw_marks(
    canvas: Canvas, name: str, marks: Sequence[tuple[str, str]], size: float, x: float, y: float, height: float
) -> None:  # fmt: skip
    """The left edge split between personas: each a stripe of its colour under its shape."""
    share = (height - 4) / len(marks)
    middle = x + 1.5 + size / 2
    for index, (color, shape) in enumerate(marks):
        top = y + 2 + index * share
        canvas.box(f"{name}_stripe{index}", "persona-stripe", middle - STRIPE / 2, top, STRIPE, share - 1, fill=color)
        canvas.marker(f"{name}_mark{index}", "persona-mark", middle, top + size / 2, size / 2, shape, fill=color,
                      border="white", pen=1)  # fmt: skip


def _draw_run(canvas: Canvas, name: str, run: Run, x: float, y: float, w: float) -> None:
    if run.bullet:
        canvas.text(f"{name}b", "bullet", x, y, BULLET, ("•",), run.font)
        x, w = x + BULLET, w - BULLET
    canvas.text(name, "text", x, y, w, run.lines, run.font)


def _draw_badges(canvas: Canvas, name: str, badges: Sequence[Badge], first: int, x: float, y: float) -> None:
    """One row of badges from (x, y); `first`: the number of the row's first badge on the card."""
    for index, badge in enumerate(badges, start=first):
        canvas.box(f"{name}_b{index}", "badge", x, y, badge.width, BADGE_HEIGHT, fill=badge.fill, rounded=True)
        canvas.text(f"{name}_b{index}t", "badge-text", x, y + 2.5, badge.width, (badge.text,), BADGE_FONT,
                    align="center", height=BADGE_HEIGHT - 2.5)  # fmt: skip
        x += badge.width + BADGE_SPACING


def card(
    kind: str, card_width: float, style: Style, texts: Sequence[Text], *,
    badges: Sequence[Badge] = (), stripe: str | None = None, marker: Marker | None = None,
    marks: Sequence[tuple[str, str]] = (), mark_size: float = 8.0,
) -> Card:  # fmt: skip
    """A card of `card_width` points with its texts wrapped to the room left inside it."""
    room = card_width - 2 * PAD_X - _edge(stripe, marks, mark_size) - (MARKER if marker else 0.0)
    runs = tuple(
        Run(wrap(item.text, room - (BULLET if item.bullet else 0.0), item.font.size, bold=item.font.face == BOLD,
                 italic=item.font.face == ITALIC, max_lines=item.max_lines), item.font, item.bullet)
        for item in texts
        if item.text
    )  # fmt: skip
    badge_room = card_width - 2 * PAD_X - _edge(stripe, marks, mark_size)
    return Card(kind, runs, style, tuple(badges), stripe, marker, tuple(marks), mark_size, badge_room)


def stack_height(cards: Sequence[Card], gap: float) -> float:
    return sum(item.height for item in cards) + gap * max(len(cards) - 1, 0)


def draw_stack(canvas: Canvas, name: str, cards: Sequence[Card], x: float, y: float, w: float, gap: float) -> None:
    for index, item in enumerate(cards):
        item.draw(canvas, f"{name}_{index}", x, y, w)
        y += item.height + gap
