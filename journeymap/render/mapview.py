"""The map view: a journey-map poster as DOT.

From the top: the header (title, objective, owner, review date, personas), the
phase bands, the stage headings, then one lane per kind of content, each
omitted when the whole map has nothing for it: steps, touchpoints, backstage
touchpoints below the line of visibility, thoughts, the emotion curve, pain
points, opportunities and metrics.

A map of 15 stages or more may be wrapped into bands (bands.py): that body, drawn
again for each run of stages, one band under the other, each with the lanes its
stages have something for; step numbers and the emotion curve go on from band to band.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from journeymap.model import Journey
from journeymap.problems import Problem
from journeymap.render import theme
from journeymap.render.bands import BANDS_FROM, LANDSCAPE, Slices, band_scene, choose
from journeymap.render.canvas import BOLD, ITALIC, SLACK, Canvas, Font
from journeymap.render.cards import draw_stack
from journeymap.render.emotion import (
    FUTURE_WIDTH, LINE_WIDTH, RADIUS, Band, Curve, EmotionLane, draw_emotions, emotion_lane,
)  # fmt: skip
from journeymap.render.header import draw_footer, draw_header, header_for
from journeymap.render.lanes import Lane, card_lanes, stage_lanes
from journeymap.render.notes import Notes
from journeymap.render.paper import paper as page_named
from journeymap.render.scene import (
    CARD_GAP, CELL_PAD, COMPACT_COLUMN, GAP, GUTTER, Grid, Scene, grid_for, mark_cell, scene_for,
)  # fmt: skip
from journeymap.render.text import block_height, wrap

PHASE_HEIGHT = 24.0
VISIBILITY_GAP = 18.0
BAND_GAP = 30.0  # between one band and the next
PAD = 21.6  # the white Graphviz leaves around the drawing (canvas.py's pad, 0.3 inch)
FOOTER = 24.0
_LANE_TITLE = Font(10.5, "white", BOLD)
_LANE_SUBTITLE = Font(7.5, theme.LANE_NOTE, ITALIC)
_ABOVE_EMOTIONS = ("steps", "touchpoints", "backstage", "thoughts")


def map_dot(
    journey: Journey,
    source_name: str,
    findings: Sequence[Problem] = (),
    focus: str | None = None,
    annotated: bool = False,
    paper: str | None = None,
    state: str | None = None,
) -> str:
    """The DOT source of the map view of a journey (already narrowed to `focus`, a persona id, and to
    `state`, if any), a long one wrapped into bands that fit `paper` (a --paper value; None: a landscape page)."""
    scene = scene_for(journey, source_name, findings, focus, annotated, state)
    bands = _bands(scene, findings, paper)
    widest = max(stop - start for start, stop in bands)
    scene = dataclasses.replace(scene, grid=grid_for(widest, compact=scene.grid.column == COMPACT_COLUMN))
    bodies = [_body(band_scene(scene, start, stop)) for start, stop in bands]
    header = header_for(scene)  # last: it takes every finding that no cell took
    canvas = Canvas()
    y = draw_header(canvas, header, scene)
    tops: list[float | None] = []  # where each band's emotion lane is
    for number, body in enumerate(bodies):
        y, emotions_top = _draw_body(canvas.within(_band_prefix(number)), body, y + BAND_GAP * (number > 0))
        tops.append(emotions_top)
    _draw_continuations(canvas, bodies, tops)
    draw_footer(canvas, scene, y)
    return canvas.dot("journeymap map view")


@dataclass(frozen=True)
class Body:
    """What one band draws below the header: its scene, stage headings and lanes."""

    scene: Scene
    heads: Lane
    head_notes: Lane | None  # findings about stages as a whole, in a row of their own under the headings
    lanes: tuple[Lane | EmotionLane, ...]

    @property
    def emotions(self) -> EmotionLane | None:
        return next((lane for lane in self.lanes if isinstance(lane, EmotionLane)), None)


def _body(scene: Scene) -> Body:
    lanes: list[Lane | EmotionLane] = list(card_lanes(scene))
    emotions = emotion_lane(scene)
    if emotions is not None:  # below what the customer does, sees and thinks; above what goes wrong
        lanes.insert(sum(1 for lane in lanes if lane.key in _ABOVE_EMOTIONS), emotions)
    heads, head_notes = stage_lanes(scene)
    return Body(scene, heads, head_notes, tuple(lanes))


def _band_prefix(number: int) -> str:
    """The first band's shapes are named as a one-band map's; the others' start with `band2_`, `band3_`..."""
    return f"band{number + 1}_" if number else ""


def _draw_body(canvas: Canvas, body: Body, top: float) -> tuple[float, float | None]:
    """Draws a band from `top`; gives where it ends and where its emotion lane starts (None: it has none)."""
    scene, emotions_top = body.scene, None
    y = _draw_phases(canvas, scene, top)
    y = _draw_lane(canvas, scene, body.heads, y)
    if body.head_notes is not None:
        y = _draw_lane(canvas, scene, body.head_notes, y)
    for lane in body.lanes:
        if isinstance(lane, EmotionLane):
            emotions_top = y
        y = _draw_content(canvas, scene, lane, y)
    return y, emotions_top


def _bands(scene: Scene, findings: Sequence[Problem], paper: str | None) -> Slices:
    """The bands the map is drawn in, measured on a copy of the map's cells (with findings of their own)."""
    stages = scene.journey.stages
    if len(stages) < BANDS_FROM:
        return ((0, len(stages)),)
    measured = dataclasses.replace(scene, notes=Notes(findings), grid=Grid(len(stages), scene.grid.column))
    body = _body(measured)
    cells, emotions = _cell_heights(body), body.emotions

    @functools.cache
    def header(columns: int) -> float:  # the map's findings are left out: a few notes, drawn in any band
        return header_for(dataclasses.replace(measured, grid=Grid(columns, scene.grid.column), notes=Notes())).height

    has_phases = any(stage.phase for stage in stages)

    def picture(bands: Slices) -> tuple[float, float]:
        widest = max(stop - start for start, stop in bands)
        height = sum(_band_height(cells, start, stop) for start, stop in bands) + BAND_GAP * (len(bands) - 1)
        every_band = (PHASE_HEIGHT + GAP) * has_phases + (emotions.height + GAP if emotions else 0.0)
        height += len(bands) * every_band
        # text boxes reach SLACK past the grid on either side: Graphviz's picture is that much wider
        return Grid(widest, scene.grid.column).width + 2 * (PAD + SLACK), header(widest) + height + FOOTER + 2 * PAD

    aspect = page_named(paper).aspect if paper else LANDSCAPE
    return choose([stage.phase for stage in stages], picture, aspect)


def _cell_heights(body: Body) -> dict[str, list[float]]:
    """Each card lane's height for each stage alone (the stage headings' too): a band's lane is as tall as
    its tallest; a stage with nothing in the lane counts 0, so a band with nothing leaves the lane out."""
    return {
        lane.key: [Lane(lane.key, (cell,), frozenset()).height if cell else 0.0 for cell in lane.cells]
        for lane in (body.heads, body.head_notes, *body.lanes)
        if isinstance(lane, Lane)
    }


def _band_height(cells: dict[str, list[float]], start: int, stop: int) -> float:
    """A band's stage headings and card lanes, as tall as they will be drawn, with the line of visibility."""
    heights = [max(column[start:stop]) for column in cells.values()]
    backstage = "backstage" in cells and max(cells["backstage"][start:stop]) > 0
    return sum(height + GAP for height in heights if height) + VISIBILITY_GAP * backstage


def _draw_continuations(canvas: Canvas, bodies: Sequence[Body], tops: Sequence[float | None]) -> None:
    """Where each emotion curve goes on in the next band: a dashed line from its last point in a band to an
    arrow at the band's right edge, and from a dot at the next band's left edge to its first point there,
    both at the height halfway between the two points."""
    for number in range(len(bodies) - 1):
        before, after = bodies[number].emotions, bodies[number + 1].emotions
        top, next_top = tops[number], tops[number + 1]
        if before is None or after is None or top is None or next_top is None:
            continue
        following = {curve.name: (band, curve) for band in after.bands for curve in band.curves if curve.points}
        drawn = [(band, curve) for band in before.bands for curve in band.curves if curve.points]
        for band, curve in drawn:
            if curve.name in following:
                next_band, next_curve = following[curve.name]
                ends = (band, curve, top), (next_band, next_curve, next_top)
                _draw_continuation(canvas, f"{curve.name}_continues_{number + 1}", bodies[number:number + 2], ends)


def _draw_continuation(
    canvas: Canvas, name: str, bodies: Sequence[Body], ends: tuple[tuple[Band, Curve, float], ...]
) -> None:  # fmt: skip
    (band, curve, top), (next_band, next_curve, next_top) = ends
    last, first = curve.points[-1], next_curve.points[0]
    middle = (last.score + first.score) / 2
    color = curve.color or (theme.FUTURE if curve.future else theme.emotion_color(middle))
    pen = FUTURE_WIDTH if curve.future else LINE_WIDTH
    canvas.box(f"{name}_from", "curve-anchor", last.x - RADIUS, band.level(top, last.score) - RADIUS, 2 * RADIUS,
               2 * RADIUS)  # fmt: skip
    grid = bodies[0].scene.grid
    edge = grid.x(grid.columns - 1) + grid.column - 3
    canvas.box(f"{name}_edge", "curve-continues", edge, band.level(top, middle) - 0.5, 1, 1)
    canvas.segment(f"{name}_from", f"{name}_edge", color, pen, arrow=True, dashed=True)
    start = bodies[1].scene.grid.x(0) + 6
    canvas.disc(f"{name}_start", "curve-continued", start, next_band.level(next_top, middle), 3.5, color)
    canvas.box(f"{name}_to", "curve-anchor", first.x - RADIUS, next_band.level(next_top, first.score) - RADIUS,
               2 * RADIUS, 2 * RADIUS)  # fmt: skip
    canvas.segment(f"{name}_start", f"{name}_to", color, pen, dashed=True)


def _draw_content(canvas: Canvas, scene: Scene, lane: Lane | EmotionLane, top: float) -> float:
    if isinstance(lane, EmotionLane):
        _draw_gutter(canvas, scene, "emotions", top, lane.height)
        draw_emotions(canvas, scene, lane, top)
        return top + lane.height + GAP
    if lane.key == "backstage":
        top = _draw_visibility_line(canvas, scene, top)
    return _draw_lane(canvas, scene, lane, top)


def _draw_phases(canvas: Canvas, scene: Scene, top: float) -> float:
    """Bands over runs of consecutive stages in the same phase; nothing when no stage has a phase."""
    stages = scene.journey.stages
    if not any(stage.phase for stage in stages):
        return top
    grid, start = scene.grid, 0
    for index in range(1, len(stages) + 1):
        if index < len(stages) and stages[index].phase == stages[start].phase:
            continue
        phase = scene.journey.phase(stages[start].phase) if stages[start].phase else None
        if phase is not None:
            x, w = grid.x(start), grid.x(index - 1) + grid.column - grid.x(start)
            canvas.box(f"phase_{start}", "phase", x, top, w, PHASE_HEIGHT, fill=scene.phase_color(phase.id))
            canvas.text(f"phase_{start}_name", "phase-name", x, top + 6, w, _one_line(phase.name, w, 10),
                        Font(10, "white", BOLD), align="center", height=PHASE_HEIGHT - 6)  # fmt: skip
        start = index
    return top + PHASE_HEIGHT + GAP


def _one_line(text: str, width: float, size: float) -> tuple[str, ...]:
    return wrap(text, width - 16, size, bold=True, max_lines=1)


def _draw_lane(canvas: Canvas, scene: Scene, lane: Lane, top: float) -> float:
    grid, height = scene.grid, lane.height
    if lane.key != "stages":
        _draw_gutter(canvas, scene, lane.key, top, height)
    for index, cell in enumerate(lane.cells):
        x = grid.x(index)
        stage = scene.journey.stages[index]
        fill = theme.mix(scene.phase_color(stage.phase), "#ffffff", 0.87) if lane.key == "stages" else theme.CELL
        canvas.box(f"{lane.key}_cell{index}", f"cell {lane.key}", x, top, grid.column, height, fill=fill)
        if lane.key == "stages":
            canvas.box(f"stages_accent{index}", "accent", x, top, grid.column, 4, fill=scene.phase_color(stage.phase))
        if index in lane.marked:
            mark_cell(canvas, f"{lane.key}_mark{index}", x, top, grid.column, height)
        draw_stack(canvas, f"{lane.key}_{index}", cell, x + CELL_PAD, top + CELL_PAD + 2, grid.card_width, CARD_GAP)
    return top + height + GAP


def _draw_gutter(canvas: Canvas, scene: Scene, key: str, top: float, height: float) -> None:
    """The lane's label in the left column; the emotion lane keeps room on the right for its scale."""
    title, subtitle = scene.words.lane(key)
    room = GUTTER - 16
    canvas.box(f"lane_{key}", "lane-label", 0, top, GUTTER, height, fill=theme.LANE_LABEL)
    title_lines = wrap(title, room, _LANE_TITLE.size, bold=True, max_lines=2)
    canvas.text(f"lane_{key}_title", "lane-title", 8, top + 8, room, title_lines, _LANE_TITLE)
    subtitle_room = room - 24 if key == "emotions" else room
    canvas.text(f"lane_{key}_subtitle", "lane-subtitle", 8, top + 9 + block_height(len(title_lines), _LANE_TITLE.size),
                subtitle_room, wrap(subtitle, subtitle_room, _LANE_SUBTITLE.size, italic=True, max_lines=3), _LANE_SUBTITLE)


def _draw_visibility_line(canvas: Canvas, scene: Scene, top: float) -> float:
    """The service-blueprint line of visibility: what the customer sees above, what they never see below."""
    middle = top + VISIBILITY_GAP / 2 - GAP / 2
    canvas.rule("visibility_line", "visibility-line", 0, middle, scene.grid.width, theme.MUTED, dashed=True)
    label = scene.words("line.visibility")
    canvas.text("visibility_label", "visibility-label", scene.grid.x(0), middle - 10, 200, (label,),
                Font(7.5, theme.MUTED, ITALIC))  # fmt: skip
    return top + VISIBILITY_GAP
