"""Drawing one band of the blueprint: phases, stage headings, lanes with their labels, lines and connectors.

Everything is measured before it is drawn (`band_height`), so the view can choose its bands by the
shape of the whole picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journeymap.model import Journey
from journeymap.render import theme
from journeymap.render.blueprintcards import MOMENT_FRAME, Piece, Surface
from journeymap.render.blueprintlanes import LANES, Column
from journeymap.render.canvas import BOLD, ITALIC, Font
from journeymap.render.cards import Card
from journeymap.render.scene import CARD_GAP, CELL_PAD, GAP, GUTTER
from journeymap.render.text import block_height, wrap
from journeymap.words import Words

MIN_LANE = 40.0  # a lane whose cells are all empty or small: room for its label, no more
PHASE_HEIGHT = 20.0
LINE_ROOM = 22.0  # the gap a line of the blueprint takes, its label above it
RAIL_FIRST, RAIL_GAP, MAX_RAILS = 10.0, 5.0, 6  # connectors run right of the cards, one rail per linked card
# The lines and the lane each sits above: a line is drawn where lanes are drawn on both sides of it.
LINES = (
    ("interaction", "frontstage", "solid"), ("visibility", "backstage", "dashed"), ("internal", "support", "dotted"),
)  # fmt: skip
_LANE_TITLE = Font(10, "white", BOLD)
_LANE_NOTE = Font(7.5, theme.LANE_NOTE, ITALIC)
_LINE_LABEL = Font(7.5, theme.INK, BOLD)
Placed = dict[str, tuple[float, float, float, float]]  # card name -> x, y, w, h


@dataclass(frozen=True)
class Blueprint:
    """What the blueprint draws, measured: each column's cards lane by lane, in columns `column` wide."""

    journey: Journey
    words: Words
    column: float
    columns: tuple[Column, ...]
    cells: tuple[dict[str, tuple[Piece, ...]], ...]  # per column, each lane's cards
    heads: tuple[Card, ...]
    lanes: tuple[str, ...]  # the lanes drawn, in order
    shapes: tuple[tuple[str, str], ...]  # per persona with marks: (shape, colour)
    card_width: float

    def x(self, position: int) -> float:
        """The left edge of the column at `position` in its band."""
        return GUTTER + GAP + position * (self.column + GAP)

    def width(self, columns: int) -> float:
        return GUTTER + columns * (self.column + GAP)


def band_height(blueprint: Blueprint, band: range) -> float:
    """How tall `draw_band` draws the band."""
    height = _phases_height(blueprint, band) + _heads_height(blueprint, band)
    previous = None
    for lane in blueprint.lanes:
        height += _gap(lines_between(previous, lane)) + _lane_height(blueprint, band, lane)
        previous = lane
    return height


def lines_between(upper: str | None, lower: str) -> list[tuple[str, str, str]]:
    """The lines that run between two lanes drawn one under the other (none above the first lane)."""
    if upper is None:
        return []
    return [line for line in LINES if LANES.index(upper) < LANES.index(line[1]) <= LANES.index(lower)]


def _gap(lines: Sequence[tuple[str, str, str]]) -> float:
    return LINE_ROOM * len(lines) + 3 if lines else GAP


def _phases_height(blueprint: Blueprint, band: range) -> float:
    return PHASE_HEIGHT + GAP if any(blueprint.columns[index].stage.phase for index in band) else 0.0


def _heads_height(blueprint: Blueprint, band: range) -> float:
    return max(blueprint.heads[index].height for index in band) + 6


def _lane_height(blueprint: Blueprint, band: range, lane: str) -> float:
    return max([MIN_LANE, *(_offsets(blueprint.cells[index][lane])[-1] + CELL_PAD for index in band)])


def draw_band(canvas: Surface, blueprint: Blueprint, band: range, top: float) -> float:
    """One row of stage columns with every lane drawn: returns where it ends."""
    y = _draw_phases(canvas, blueprint, band, top)
    y = _draw_heads(canvas, blueprint, band, y)
    placed: Placed = {}
    previous = None
    for lane in blueprint.lanes:
        lines = lines_between(previous, lane)
        y = _draw_lines(canvas, blueprint, band, lines, y) if lines else y + GAP
        y = _draw_lane(canvas, blueprint, band, lane, y, placed)
        previous = lane
    _draw_connectors(canvas, blueprint, band, placed)
    return y


def _draw_phases(canvas: Surface, blueprint: Blueprint, band: range, top: float) -> float:
    """Bands over the runs of stages in one phase, when the map has phases."""
    stages = [blueprint.columns[index].stage for index in band]
    if not any(stage.phase for stage in stages):
        return top
    start = 0
    for end in range(1, len(stages) + 1):
        if end < len(stages) and stages[end].phase == stages[start].phase:
            continue
        phase = blueprint.journey.phase(stages[start].phase) if stages[start].phase else None
        if phase is not None:
            x, w = blueprint.x(start), (end - start) * (blueprint.column + GAP) - GAP
            name = f"phase_{band.start + start}"
            canvas.box(name, "phase", x, top, w, PHASE_HEIGHT, fill=_phase_color(blueprint, phase.id))
            canvas.text(f"{name}_name", "phase-name", x, top + 4.5, w, wrap(phase.name, w - 16, 9.5, bold=True,
                        max_lines=1), Font(9.5, "white", BOLD), align="center", height=PHASE_HEIGHT - 4.5)  # fmt: skip
        start = end
    return top + PHASE_HEIGHT + GAP


def _phase_color(blueprint: Blueprint, phase_id: str | None) -> str:
    ids = [phase.id for phase in blueprint.journey.phases]
    return theme.PHASES[ids.index(phase_id) % len(theme.PHASES)] if phase_id in ids else theme.NAVY


def _draw_heads(canvas: Surface, blueprint: Blueprint, band: range, top: float) -> float:
    height, column_width = _heads_height(blueprint, band), blueprint.column
    for column, index in enumerate(band):
        stage, x = blueprint.columns[index].stage, blueprint.x(column)
        color = _phase_color(blueprint, stage.phase)
        future = stage.state == "future"
        canvas.box(f"stage_{index}", "stage", x, top, column_width, height, fill=theme.mix(color, "#ffffff", 0.87),
                   border=theme.FUTURE if future else None, dashed=future)  # fmt: skip
        canvas.box(f"stage_{index}_accent", "accent", x, top, column_width, 4, fill=color)
        blueprint.heads[index].draw(canvas, f"stage_{index}_in", x, top + 4, column_width)
    return top + height


def _draw_lines(canvas: Surface, blueprint: Blueprint, band: range, lines: Sequence[tuple[str, str, str]],
                top: float) -> float:  # fmt: skip
    """The lines between two lanes, each labelled above it, across the band."""
    width = blueprint.width(len(band))
    for key, _, style in lines:
        y = top + LINE_ROOM - 5
        name = f"line_{key}_{band.start}"
        canvas.line(name, f"line line-{key}", 0, y, width, theme.INK, style)
        label = blueprint.words(f"line.{key}").upper()
        canvas.text(f"{name}_label", "line-label", blueprint.x(0), y - 12.5, 400, (label,), _LINE_LABEL)
        top += LINE_ROOM
    return top + 3


def _draw_lane(canvas: Surface, blueprint: Blueprint, band: range, lane: str, top: float, placed: Placed) -> float:
    height = _lane_height(blueprint, band, lane)
    _draw_gutter(canvas, blueprint.words, lane, band.start, top, height)
    for column, index in enumerate(band):
        x, stack = blueprint.x(column), blueprint.cells[index][lane]
        canvas.box(f"{lane}_cell{index}", f"cell {lane}", x, top, blueprint.column, height, fill=theme.CELL)
        for position, (piece, y) in enumerate(zip(stack, _offsets(stack), strict=False)):
            name = f"{lane}_{index}_{position}"
            piece.draw(canvas, name, x + CELL_PAD, top + y, blueprint.card_width, blueprint.shapes)
            frame = MOMENT_FRAME if piece.moment else 0.0  # a connector's arrow stops at the gold frame
            placed[name] = (x + CELL_PAD - frame, top + y - frame, blueprint.card_width + 2 * frame,
                            piece.height + 2 * frame)  # fmt: skip
    return top + height


def _offsets(stack: Sequence[Piece]) -> list[float]:
    """Where each card of a cell starts below the cell's top, then where the last one ends; a gold frame
    takes room of its own, so it touches no other card."""
    y, offsets, framed = CELL_PAD, [], False
    for piece in stack:
        y += MOMENT_FRAME + 1 if piece.moment and offsets and not framed else 0.0
        offsets.append(y)
        y += piece.height + CARD_GAP + (MOMENT_FRAME + 1 if piece.moment else 0.0)
        framed = piece.moment
    return [*offsets, y - CARD_GAP if stack else 0.0]


def _draw_gutter(canvas: Surface, words: Words, lane: str, band: int, top: float, height: float) -> None:
    title, note = words.lane(lane)
    room = GUTTER - 16
    name = f"lane_{lane}_{band}"
    canvas.box(name, "lane-label", 0, top, GUTTER, height, fill=theme.LANE_LABEL)
    title_lines = wrap(title, room, _LANE_TITLE.size, bold=True, max_lines=2)
    canvas.text(f"{name}_title", "lane-title", 8, top + 7, room, title_lines, _LANE_TITLE)
    note_top = top + 8 + block_height(len(title_lines), _LANE_TITLE.size)
    room_below = int((top + height - 4 - note_top) // block_height(1, _LANE_NOTE.size))
    if room_below > 0:  # a short lane keeps its title, and as much of its note as fits
        lines = wrap(note, room, _LANE_NOTE.size, italic=True, max_lines=room_below)
        canvas.text(f"{name}_note", "lane-note", 8, note_top, room, lines, _LANE_NOTE)


def _draw_connectors(canvas: Surface, blueprint: Blueprint, band: range, placed: Placed) -> None:
    """Each linked card joined up to its steps along a rail of its own, right of the column's cards."""
    for index in band:
        steps = {piece.key: f"customer_{index}_{n}" for n, piece in enumerate(blueprint.cells[index]["customer"])}
        rail = 0
        for lane in LANES[2:]:
            for position, piece in enumerate(blueprint.cells[index][lane]):
                targets = [steps[path] for path in piece.serves if path in steps]
                if targets:
                    _connect(canvas, f"{lane}_{index}_{position}", targets, min(rail, MAX_RAILS - 1), placed,
                             piece.link_color, piece.dashed)  # fmt: skip
                    rail += 1


def _connect(
    canvas: Surface, source: str, targets: Sequence[str], rail: int, placed: Placed, color: str, dashed: bool
) -> None:
    x, y, w, h = placed[source]
    rail_x = x + w + RAIL_FIRST + rail * RAIL_GAP - 2
    start = (x + w, y + min(h / 2, 14))
    for target in targets:
        tx, ty, tw, th = placed[target]
        middle = ty + min(th / 2, 12)
        tip = tx + tw + 1
        canvas.route(source, target, [start, (rail_x, start[1]), (rail_x, middle), (tip + 5, middle), (tip, middle)],
                     color, dashed=dashed)  # fmt: skip
