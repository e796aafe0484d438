"""The emotion curve: one point per step (or per stage), at a height proportional to its score,
joined by a line across the stages and coloured from vermilion (-2) through grey to blue (2)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from journeymap.model import Stage
from journeymap.render import theme
from journeymap.render.canvas import BOLD, Canvas, Font
from journeymap.render.cards import Card, draw_stack, stack_height
from journeymap.render.scene import CARD_GAP, CELL_PAD, GUTTER, Scene, mark_cell

CURVE_HEIGHT = 150.0
UNIT = 27.0  # points per step of score: -2..2 spans 108 points around the neutral line
RADIUS = 7.5
LINE_WIDTH = 2.5


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    score: int
    number: int | None  # the step's number; None for a stage's own reading


@dataclass(frozen=True)
class EmotionLane:
    points: tuple[Point, ...]
    findings: tuple[tuple[Card, ...], ...]  # per stage
    marked: frozenset[int]

    @cached_property  # asked for by every stage's cells: measured once, not once per stage
    def height(self) -> float:
        notes = max((stack_height(cards, CARD_GAP) for cards in self.findings), default=0.0)
        return CURVE_HEIGHT + (notes + CELL_PAD if notes else 0.0)


def emotion_lane(scene: Scene) -> EmotionLane | None:
    """The curve's points in journey order, or None when nothing in the map carries an emotion."""
    points = [point for index, stage in enumerate(scene.journey.stages) for point in _stage_points(scene, index, stage)]
    findings = tuple(tuple(scene.finding_cards(scene.notes.cell(i, "emotions"))) for i in range(scene.grid.columns))
    if not points and not any(findings):
        return None
    return EmotionLane(tuple(points), findings, frozenset(i for i, cards in enumerate(findings) if cards))


def _stage_points(scene: Scene, index: int, stage: Stage) -> list[Point]:
    readings = [(step.emotion, scene.numbers[step.path]) for step in stage.steps if step.emotion is not None]
    if not readings and stage.emotion is not None:
        readings = [(stage.emotion, None)]
    left, share = scene.grid.x(index), scene.grid.column / max(len(readings), 1)
    return [Point(left + (k + 0.5) * share, score, number) for k, (score, number) in enumerate(readings)]


def level(top: float, score: float) -> float:
    """The y of a score in a lane starting at `top`: the neutral line in the middle, +2 above, -2 below."""
    return top + CURVE_HEIGHT / 2 - score * UNIT


def draw_emotions(canvas: Canvas, scene: Scene, lane: EmotionLane, top: float) -> None:
    grid = scene.grid
    middle = level(top, 0)
    for index in range(grid.columns):
        x = grid.x(index)
        canvas.box(f"emotion_pos{index}", "emotion-positive", x, top, grid.column, middle - top, fill=theme.EMOTION_POSITIVE)
        canvas.box(f"emotion_neg{index}", "emotion-negative", x, middle, grid.column, top + lane.height - middle,
                   fill=theme.EMOTION_NEGATIVE)  # fmt: skip
        if index in lane.marked:
            mark_cell(canvas, f"emotion_mark{index}", x, top, grid.column, lane.height)
        draw_stack(canvas, f"emotion_note{index}", lane.findings[index], x + CELL_PAD, top + CURVE_HEIGHT,
                   grid.card_width, CARD_GAP)  # fmt: skip
    _draw_scale(canvas, top, grid.width)
    names = []
    for order, point in enumerate(lane.points):
        name = f"curve_{order}"
        label = str(point.number) if point.number is not None else ""
        canvas.disc(name, "curve-point", point.x, level(top, point.score), RADIUS, theme.emotion_color(point.score),
                    label)  # fmt: skip
        names.append(name)
    for order, (a, b) in enumerate(zip(lane.points, lane.points[1:])):
        canvas.segment(names[order], names[order + 1], theme.emotion_color((a.score + b.score) / 2), LINE_WIDTH)


def _draw_scale(canvas: Canvas, top: float, width: float) -> None:
    """Faint lines at every score, the neutral one dashed and darker, with their values in the gutter."""
    scale = Font(7, theme.LANE_NOTE, BOLD)
    for score in (2, 1, 0, -1, -2):
        y = level(top, score)
        color = theme.FAINT if score == 0 else "#dfe5ec"
        canvas.rule(f"emotion_level{score + 2}", "neutral-line" if score == 0 else "level-line", GUTTER + 2, y,
                    width - GUTTER - 2, color, dashed=score == 0)  # fmt: skip
        text = f"+{score}" if score > 0 else "0" if score == 0 else f"−{-score}"
        canvas.text(f"emotion_scale{score + 2}", "scale", GUTTER - 30, y - 4.5, 24, (text,), scale, align="right")

