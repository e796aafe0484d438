"""The blueprint view: a service blueprint as DOT, placed by journeymap like the map view.

Stages are columns; from the top: physical evidence (else the touchpoints the customer meets),
the customer's actions, the line of interaction, frontstage actions, the line of visibility,
backstage actions and systems, the line of internal interaction, support processes. A lane no
stage has anything for is left out, with the lines that then separate nothing; each lane is as
tall as its fullest cell. An action (or system) linked to steps of its stage is joined up to them
by a connector that runs in the margin of its column, so it crosses no other card. A long map
wraps its columns into bands (at phase boundaries where it can), each with its own lane labels,
so the picture stays printable.
"""

from __future__ import annotations

from journeymap.model import Journey
from journeymap.render.blueprintbands import MAX_BAND, bands_for
from journeymap.render.blueprintcards import Surface
from journeymap.render.blueprintdraw import MAX_RAILS, RAIL_FIRST, RAIL_GAP, Blueprint, band_height, draw_band
from journeymap.render.blueprintframe import draw_footer, draw_header, persona_shapes
from journeymap.render.blueprintlanes import LANES, Cards, select
from journeymap.render.scene import GAP, grid_for
from journeymap.render.scope import shown_personas
from journeymap.words import words_for

BAND_GAP = 34.0
WRAP_FROM = 15  # stages: a map this long always wraps into bands
MAX_ASPECT = 3.0  # width to height: a shorter map wraps too when its one band would be wider than this
MIN_BAND = 4
_FRAME = 110.0  # about what header and footer add to the height, to judge the picture's shape


def blueprint_dot(journey: Journey, source_name: str, focus: str | None = None, state: str | None = None) -> str:
    """The DOT source of the service blueprint of a journey, of one persona (`focus`) and one state if given."""
    blueprint = _blueprint(journey, focus, state)
    bands = _bands(blueprint)
    page_width = blueprint.width(max((len(band) for band in bands), default=1))
    canvas = Surface()
    personas = shown_personas(journey, focus)
    y = draw_header(canvas, journey, blueprint.words, page_width, personas, blueprint.shapes, state, focus)
    for band in bands:
        y = draw_band(canvas, blueprint, band, y) + BAND_GAP
    draw_footer(canvas, blueprint.words, journey, source_name, focus, state, y - BAND_GAP + GAP, page_width)
    return canvas.dot("journeymap blueprint view")


def _blueprint(journey: Journey, focus: str | None, state: str | None) -> Blueprint:
    words = words_for(journey.locale)
    columns = select(journey, focus, state)
    grid = grid_for(min(max(len(columns), 1), MAX_BAND))  # a map of more stages than a band has columns this wide
    rails = min(max((column.links() for column in columns), default=0), MAX_RAILS)
    card_width = grid.card_width - (RAIL_FIRST + RAIL_GAP * rails if rails else 0.0)
    personas = shown_personas(journey, focus)
    marked = tuple(persona.id for persona in personas) if len(personas) > 1 else ()
    numbers = {step.path: n for n, step in enumerate((step for column in columns for step in column.steps), 1)}
    cards = Cards(journey, words, card_width, state, numbers, marked, journey.cast())
    cells = tuple(cards.lanes(column) for column in columns)
    lanes = tuple(lane for lane in LANES if any(cell[lane] for cell in cells))
    heads = tuple(cards.head(column.stage, grid.column) for column in columns)
    shapes = persona_shapes(journey, personas) if marked else ()
    return Blueprint(journey, words, grid.column, columns, cells, heads, lanes, shapes, card_width)


def _bands(blueprint: Blueprint) -> list[range]:
    """One band, unless the map is long or the band too wide for its height to print: then the widest
    bands (of at most MAX_BAND columns) that keep the picture within MAX_ASPECT."""
    stages = [column.stage for column in blueprint.columns]
    bands = [range(len(stages))] if stages else []
    if len(stages) < WRAP_FROM and (len(stages) <= MAX_BAND or _aspect(blueprint, bands) <= MAX_ASPECT):
        return bands
    for longest in range(MAX_BAND, MIN_BAND - 1, -1):
        bands = bands_for(stages, longest)
        if _aspect(blueprint, bands) <= MAX_ASPECT:
            break
    return bands


def _aspect(blueprint: Blueprint, bands: list[range]) -> float:
    width = blueprint.width(max(len(band) for band in bands))
    height = _FRAME + sum(band_height(blueprint, band) for band in bands) + BAND_GAP * (len(bands) - 1)
    return width / height
