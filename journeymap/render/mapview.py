"""The map view: a journey-map poster as DOT.

From the top: the header (title, objective, owner, review date, personas), the
phase bands, the stage headings, then one lane per kind of content, each
omitted when the whole map has nothing for it: steps, touchpoints, backstage
touchpoints below the line of visibility, thoughts, the emotion curve, pain
points, opportunities and metrics.
"""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.model import Journey
from journeymap.problems import Problem
from journeymap.render import theme
from journeymap.render.canvas import BOLD, ITALIC, Canvas, Font
from journeymap.render.cards import draw_stack
from journeymap.render.emotion import EmotionLane, draw_emotions, emotion_lane
from journeymap.render.header import draw_footer, draw_header, header_for
from journeymap.render.lanes import Lane, card_lanes, stage_lanes
from journeymap.render.scene import CARD_GAP, CELL_PAD, GAP, GUTTER, Scene, mark_cell, scene_for
from journeymap.render.text import block_height, wrap

PHASE_HEIGHT = 24.0
VISIBILITY_GAP = 18.0
_LANE_TITLE = Font(10.5, "white", BOLD)
_LANE_SUBTITLE = Font(7.5, theme.LANE_NOTE, ITALIC)
_ABOVE_EMOTIONS = ("steps", "touchpoints", "backstage", "thoughts")


def map_dot(
    journey: Journey,
    source_name: str,
    findings: Sequence[Problem] = (),
    focus: str | None = None,
    annotated: bool = False,
    state: str | None = None,
) -> str:
    """The DOT source of the map view of a journey (already narrowed to `focus`, a persona id, and to
    `state`, if any)."""
    scene = scene_for(journey, source_name, findings, focus, annotated, state)
    lanes: list[Lane | EmotionLane] = list(card_lanes(scene))
    emotions = emotion_lane(scene)
    if emotions is not None:  # below what the customer does, sees and thinks; above what goes wrong
        lanes.insert(sum(1 for lane in lanes if lane.key in _ABOVE_EMOTIONS), emotions)
    heads, head_notes = stage_lanes(scene)
    header = header_for(scene)  # last: it takes every finding that no cell took
    canvas = Canvas()
    y = draw_header(canvas, header, scene)
    y = _draw_phases(canvas, scene, y)
    y = _draw_lane(canvas, scene, heads, y)
    if head_notes is not None:
        y = _draw_lane(canvas, scene, head_notes, y)
    for lane in lanes:
        y = _draw_content(canvas, scene, lane, y)
    draw_footer(canvas, scene, y)
    return canvas.dot("journeymap map view")


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
