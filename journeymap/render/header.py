"""The map view's header (title, objective, owner, review date, personas) and its footer."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.model import Persona
from journeymap.render import theme
from journeymap.render.canvas import BOLD, ITALIC, Canvas, Font
from journeymap.render.cards import Card, Style, Text, card, draw_stack, stack_height
from journeymap.render.marks import footer
from journeymap.render.scene import CARD_GAP, Scene
from journeymap.render.text import block_height, wrap

TITLE = Font(24, theme.INK, BOLD)
PERSONA_WIDTH = 272.0
SPACING = 14.0
_OBJECTIVE_LABEL = Font(7.5, theme.MUTED, BOLD)
_OBJECTIVE = Font(11, theme.INK)
_META = Font(8.5, theme.MUTED)


@dataclass(frozen=True)
class Header:
    title: tuple[str, ...]
    summary: tuple[Card, ...]  # objective and meta, then findings about the whole map
    summary_width: float
    personas: tuple[Card, ...]
    per_row: int  # persona cards side by side
    beside: bool  # persona cards right of the summary; below it on a narrow map

    @property
    def title_height(self) -> float:
        return block_height(len(self.title), TITLE.size) + 8

    def persona_rows(self) -> list[tuple[Card, ...]]:
        return [self.personas[i : i + self.per_row] for i in range(0, len(self.personas), self.per_row)]

    def personas_height(self) -> float:
        rows = self.persona_rows()
        return sum(max(item.height for item in row) for row in rows) + CARD_GAP * max(len(rows) - 1, 0)

    @property
    def height(self) -> float:
        summary = stack_height(self.summary, CARD_GAP)
        if self.beside:
            body = max(summary, self.personas_height())
        else:
            body = summary + (SPACING + self.personas_height() if self.personas else 0.0)
        return self.title_height + body + SPACING


def header_for(scene: Scene) -> Header:
    """The header; build it after the lanes, as it collects the findings no cell took."""
    width = scene.grid.width
    title = wrap(scene.journey.title or "", width, TITLE.size, bold=True, max_lines=3)
    summary_width = _summary_width(width)
    per_row = int((width - summary_width - SPACING + CARD_GAP) // (PERSONA_WIDTH + CARD_GAP))
    beside = per_row >= min(len(scene.personas), 2)
    if not beside:
        summary_width, per_row = width, max(1, int((width + CARD_GAP) // (PERSONA_WIDTH + CARD_GAP)))
    personas = tuple(_persona_card(scene, persona) for persona in scene.personas)
    summary = (_summary_card(scene, summary_width), *scene.finding_cards(scene.notes.rest(), summary_width))
    return Header(title, summary, summary_width, personas, max(per_row, 1), beside)


def _summary_width(width: float) -> float:
    return min(560.0, max(360.0, width * 0.36))


def _summary_card(scene: Scene, width: float) -> Card:
    journey, words = scene.journey, scene.words
    meta = [words(f"label.state_{scene.drawn_state}")] if scene.drawn_state else []
    if journey.owner:
        meta.append(f"{words('label.owner')}: {journey.owner}")
    if journey.reviewed:
        meta.append(f"{words('label.reviewed')}: {journey.reviewed.isoformat()}")
    if journey.status:
        meta.append(f"{words('label.status')}: {words.choice('map_status', journey.status)}")
    texts = []
    if journey.objective:
        texts += [Text(words("label.objective"), _OBJECTIVE_LABEL), Text(journey.objective, _OBJECTIVE, max_lines=8)]
    texts.append(Text("   ·   ".join(meta), _META, max_lines=4))
    return card("summary", width, Style("white", None), texts)


def _persona_card(scene: Scene, persona: Persona) -> Card:
    words = scene.words
    details = [persona.occupation or ""]
    facts = [words("label.age", age=persona.age) if persona.age is not None else "", persona.location or ""]
    texts = [
        Text(persona.name, Font(12, theme.INK, BOLD), max_lines=2),
        Text(" · ".join(item for item in details if item), Font(8.5, theme.MUTED), max_lines=3),
        Text(" · ".join(item for item in facts if item), Font(8, theme.FAINT), max_lines=2),
    ]
    if persona.goals:
        texts.append(Text(words("label.goals"), Font(7, theme.MUTED, BOLD)))
        texts += [Text(goal, Font(8.5, theme.INK), max_lines=3, bullet=True) for goal in persona.goals[:5]]
    if persona.quote:
        texts.append(Text(f"“{persona.quote}”", Font(9, theme.INK, ITALIC), max_lines=5))
    # the colour and shape that the persona's curve and steps carry
    marks = ((scene.persona_colors[persona.id], scene.persona_shape(persona.id)),) if scene.persona_colors else ()
    return card("persona", PERSONA_WIDTH, Style(theme.CELL, None, rounded=True), texts, marks=marks, mark_size=13)


def draw_header(canvas: Canvas, header: Header, scene: Scene) -> float:
    """Draws the header from the top; returns its height, where the grid starts."""
    canvas.text("title", "title", 0, 0, scene.grid.width, header.title, TITLE)
    top = header.title_height
    draw_stack(canvas, "summary", header.summary, 0, top, header.summary_width, CARD_GAP)
    if header.beside:
        side_by_side = min(header.per_row, len(header.personas))
        x0, y = scene.grid.width - side_by_side * (PERSONA_WIDTH + CARD_GAP) + CARD_GAP, top
    else:
        x0, y = 0.0, top + stack_height(header.summary, CARD_GAP) + SPACING
    index = 0
    for row in header.persona_rows():
        for column, persona in enumerate(row):
            persona.draw(canvas, f"persona_{index}", x0 + column * (PERSONA_WIDTH + CARD_GAP), y, PERSONA_WIDTH)
            index += 1
        y += max(item.height for item in row) + CARD_GAP
    return header.height


def draw_footer(canvas: Canvas, scene: Scene, top: float) -> None:
    text = footer(scene.words, scene.journey, scene.source_name, "map", scene.focus, scene.drawn_state, scene.annotated)
    canvas.text("footer", "footer", 0, top + 10, scene.grid.width, (text,), Font(8, theme.FAINT), align="right")
