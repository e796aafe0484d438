"""The blueprint's header (title, state, objective, a legend of the personas' marks) and its footer."""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.model import Journey, Persona
from journeymap.render import theme
from journeymap.render.blueprintcards import MARK, Surface
from journeymap.render.canvas import BOLD, Font
from journeymap.render.cards import BADGE_FONT, BADGE_HEIGHT, Badge
from journeymap.render.marks import footer, titled
from journeymap.render.text import block_height, width, wrap
from journeymap.words import Words

TITLE = Font(22, theme.INK, BOLD)
_LABEL = Font(7.5, theme.MUTED, BOLD)
_OBJECTIVE = Font(10, theme.INK)
_PERSONA = Font(9, theme.INK, BOLD)
_LABEL_WIDTH = 86.0
_KICKER = 14.0  # the view's name above the title
_ITEM_GAP = 18.0


def persona_shapes(journey: Journey, personas: Sequence[Persona]) -> tuple[tuple[str, str], ...]:
    """Each persona's (shape, colour), by its place in the map's cast: the same on every view."""
    cast = journey.cast()
    places = [cast.index(persona.id) if persona.id in cast else index for index, persona in enumerate(personas)]
    return tuple(theme.persona_style(place)[::-1] for place in places)


def draw_header(
    canvas: Surface, journey: Journey, words: Words, page_width: float, personas: Sequence[Persona],
    shapes: Sequence[tuple[str, str]], state: str | None, focus: str | None,
) -> float:  # fmt: skip
    """Draws the header from the top; returns where the stages start. `shapes`: the personas' marks, when
    the steps carry them."""
    canvas.text("kind", "header-label", 0, 0, page_width, (words("view.blueprint").upper(),), _LABEL)
    y = _draw_title(canvas, journey, words, page_width, state, focus, _KICKER)
    if journey.objective:
        lines = wrap(journey.objective, min(page_width - _LABEL_WIDTH, 900), _OBJECTIVE.size, max_lines=3)
        canvas.text("objective_label", "header-label", 0, y + 2, _LABEL_WIDTH, (words("label.objective"),), _LABEL)
        canvas.text("objective", "objective", _LABEL_WIDTH, y, page_width - _LABEL_WIDTH, lines, _OBJECTIVE)
        y += block_height(len(lines), _OBJECTIVE.size) + 6
    if personas:
        y = _draw_legend(canvas, words, page_width, personas, shapes, y)
    return y + 12


def _draw_title(
    canvas: Surface, journey: Journey, words: Words, page_width: float, state: str | None, focus: str | None,
    top: float,
) -> float:  # fmt: skip
    """The title (with the persona in focus), then the state drawn alone as a badge; returns where it ends."""
    badge = None
    if state:
        badge = Badge(words(f"label.state_{state}").upper(), theme.FUTURE if state == "future" else theme.MUTED)
    room = page_width - (badge.width + 12 if badge else 0.0)
    persona = journey.persona(focus) if focus else None
    title = wrap(titled(words, journey.title or "", persona.name if persona else ""), room, TITLE.size,
                 bold=True, max_lines=2)  # fmt: skip
    canvas.text("title", "title", 0, top, room, title, TITLE)
    if badge:
        x = width(title[0], TITLE.size, bold=True) + 12 if title else 0.0
        canvas.box("state_badge", "state-badge", x, top + 6, badge.width, BADGE_HEIGHT + 4, fill=badge.fill,
                   rounded=True)  # fmt: skip
        canvas.text("state_badge_text", "badge-text", x, top + 10, badge.width, (badge.text,), BADGE_FONT,
                    align="center")  # fmt: skip
    return top + block_height(len(title), TITLE.size) + 8


def _draw_legend(canvas: Surface, words: Words, page_width: float, personas: Sequence[Persona],
                 shapes: Sequence[tuple[str, str]], top: float) -> float:  # fmt: skip
    """Each persona's name, after its mark when the steps carry marks, in rows across the page."""
    canvas.text("personas_label", "header-label", 0, top + 2, _LABEL_WIDTH, (words("label.personas").upper(),), _LABEL)
    x, y, row = _LABEL_WIDTH, top, block_height(1, _PERSONA.size) + 4
    mark = MARK + 6 if shapes else 0.0
    for index, persona in enumerate(personas):
        name = wrap(persona.name, 260, _PERSONA.size, bold=True, max_lines=1)[0]
        item = mark + width(name, _PERSONA.size, bold=True)
        if x > _LABEL_WIDTH and x + item > page_width:
            x, y = _LABEL_WIDTH, y + row
        if shapes:
            shape, color = shapes[index]
            canvas.mark(f"legend_{index}", "persona-mark", x + MARK / 2, y + 6, shape, color, size=MARK + 2)
        canvas.text(f"legend_{index}_name", "legend-name", x + mark, y, item, (name,), _PERSONA)
        x += item + _ITEM_GAP
    return y + row


def draw_footer(
    canvas: Surface, words: Words, journey: Journey, source_name: str, focus: str | None, state: str | None,
    top: float, page_width: float,
) -> None:  # fmt: skip
    text = footer(words, journey, source_name, "blueprint", focus, state)
    canvas.text("footer", "footer", 0, top + 8, page_width, (text,), Font(8, theme.FAINT), align="right")
