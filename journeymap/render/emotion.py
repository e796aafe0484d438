"""The emotion curves: a point per step (or per stage) at a height proportional to its score, joined
across the stages.

One persona, or a map that says the same of all: one curve coloured from vermilion (-2) through grey
to blue (2). Several personas: a curve each, in the persona's colour and with its shape, points of one
step side by side. Current and future compared: each curve twice, the future dashed with hollow points;
where the future feels as today, the two share the point. A legend says which curve is which.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from journeymap.model import Stage, in_state
from journeymap.render import theme
from journeymap.render.canvas import BOLD, Canvas, Font
from journeymap.render.cards import Card, draw_stack, stack_height
from journeymap.render.scene import CARD_GAP, CELL_PAD, GUTTER, Scene, mark_cell
from journeymap.render.scope import readings_for, score
from journeymap.render.text import width, wrap

CURVE_HEIGHT = 150.0
UNIT = 27.0  # points per step of score: -2..2 spans 108 points around the neutral line
RADIUS = 7.5
LINE_WIDTH = 2.5
FUTURE_WIDTH = 2.0
SPREAD = 12.0  # between the points of different personas at one step: none hides another's number
RING = 4.0  # how far a moment of truth's ring stands off its point
LEGEND_ROW = 18.0
_LEGEND = Font(8, theme.INK)
_LEGEND_GAP = 16.0


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    score: float
    number: int | None  # the step's number; None for a stage's own reading
    moment: bool = False  # a moment of truth
    key: tuple = ()  # the step or stage it is read at, so the two states' curves can share it


@dataclass(frozen=True)
class Curve:
    name: str  # the stem of its shapes' names
    persona: str | None
    future: bool  # the future beside the current: dashed, hollow points
    points: tuple[Point, ...]
    color: str | None  # None: the emotion ramp
    shape: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of the legend: a persona's shape and name, or a state's line."""

    text: str
    color: str
    shape: str = "circle"
    line: bool = False  # a line sample before the shape
    hollow: bool = False  # the future's hollow point on a dashed line
    ring: bool = False  # the moment of truth's ring

    @property
    def width(self) -> float:
        return (34.0 if self.line else 16.0) + 4 + width(self.text, _LEGEND.size)


@dataclass(frozen=True)
class EmotionLane:
    curves: tuple[Curve, ...]
    legend: tuple[tuple[Entry, ...], ...]  # rows
    findings: tuple[tuple[Card, ...], ...]  # per stage
    marked: frozenset[int]

    @property
    def points(self) -> tuple[Point, ...]:
        return tuple(point for curve in self.curves for point in curve.points)

    @property
    def curve_top(self) -> float:
        """Where the curve's own area starts below the lane's top: under the legend."""
        return LEGEND_ROW * len(self.legend) + (4.0 if self.legend else 0.0)

    @cached_property  # asked for by every stage's cells: measured once, not once per stage
    def height(self) -> float:
        notes = max((stack_height(cards, CARD_GAP) for cards in self.findings), default=0.0)
        return self.curve_top + CURVE_HEIGHT + (notes + CELL_PAD if notes else 0.0)


def emotion_lane(scene: Scene) -> EmotionLane | None:
    """The curves' points in journey order, or None when nothing in the map carries an emotion."""
    columns = [_stage_scores(scene, stage) for stage in scene.journey.stages]
    curves = [curve for curve in _curves(scene, columns) if curve.points]
    stages = scene.journey.stages
    findings = tuple(tuple(scene.finding_cards(scene.notes.cell(stage.path[1], "emotions"))) for stage in stages)
    if not curves and not any(findings):
        return None
    return EmotionLane(tuple(curves), _legend(scene, curves), findings, frozenset(i for i, cards in enumerate(findings) if cards))


# (persona, state) -> [(key, score, number, moment)] of one stage, in step order
_Scores = dict[tuple[str | None, str], list[tuple[tuple, float, int | None, bool]]]


def _stage_scores(scene: Scene, stage: Stage) -> _Scores:
    """Each curve's scores in one stage: at the steps the persona takes, else the stage's own reading."""
    journey, found = scene.journey, {}
    for state in scene.states:
        if not in_state(stage, state):
            continue
        for step in stage.steps:
            if not in_state(step, state):
                continue
            readings, takers = readings_for(journey, step, state, stage), scene.takes(step, stage)
            for persona in scene.curves:
                value = score(readings, persona) if persona is None or persona in takers else None
                if value is not None:
                    found.setdefault((persona, state), []).append(
                        (step.path, value, scene.numbers[step.path], step.moment_of_truth))
        own = readings_for(journey, stage, state)
        for persona in scene.curves:
            if (persona, state) in found or not (persona is None or persona in (stage.personas or scene.cast)):
                continue
            value = score(own, persona)
            if value is not None:
                found[(persona, state)] = [(stage.path, value, None, stage.moment_of_truth)]
    return found


def _curves(scene: Scene, columns: list[_Scores]) -> Iterator[Curve]:
    grid, many = scene.grid, len(scene.curves) > 1
    places = [_places(scene, found) for found in columns]
    for order, persona in enumerate(scene.curves):
        color = scene.persona_colors.get(persona or "") if many else None
        shape = scene.persona_shape(persona) if many and persona else "circle"
        for state in scene.states:
            points = []
            for index, found in enumerate(columns):
                for key, value, number, moment in found.get((persona, state), ()):
                    x = grid.x(index) + places[index][(persona, key)]
                    points.append(Point(x, value, number, moment, key))
            stem = f"curve_p{order}" if many else "curve"
            future = scene.comparing and state == "future"
            yield Curve(f"{stem}_future" if future else stem, persona, future, tuple(points), color, shape)


def _places(scene: Scene, found: _Scores) -> dict[tuple[str | None, tuple], float]:
    """Where each curve's point at a step of one stage goes, from the column's left edge: the steps with
    points share the column in step order (a stage's own reading in the middle), and the personas with a
    point at one step stand side by side, in the order of the legend."""
    at: dict[tuple, list[str | None]] = {}  # step or stage -> the personas with a point there, in curve order
    for persona in scene.curves:
        for state in scene.states:
            for key, *_ in found.get((persona, state), ()):
                if persona not in at.setdefault(key, []):
                    at[key].append(persona)
    steps = sorted((key for key in at if len(key) > 2), key=lambda key: key[3])  # ("stages", i, "steps", j)
    places = {}
    for key, personas in at.items():
        share = (steps.index(key) + 0.5) / len(steps) if key in steps else 0.5
        for position, persona in enumerate(personas):
            places[(persona, key)] = share * scene.grid.column + (position - (len(personas) - 1) / 2) * SPREAD
    return places


def _legend(scene: Scene, curves: list[Curve]) -> tuple[tuple[Entry, ...], ...]:
    """Rows of legend entries: the personas' shapes, then the states' lines, then the moments' ring; none
    for a single curve of one state without moments of truth."""
    words, entries = scene.words, []
    many = len(scene.curves) > 1
    if many:
        names = {persona.id: persona.name for persona in scene.personas}
        first: dict[str | None, Curve] = {}
        for curve in curves:
            first.setdefault(curve.persona, curve)
        for curve in first.values():
            entries.append(Entry(_short(names[curve.persona or ""]), curve.color or theme.MUTED, curve.shape))
    if scene.comparing:
        current = theme.MUTED if many else theme.emotion_color(1)
        entries.append(Entry(words.choice("state", "current"), current, line=True))
        entries.append(Entry(words.choice("state", "future"), theme.MUTED if many else theme.FUTURE, line=True,
                             hollow=True))  # fmt: skip
    if entries and any(point.moment for curve in curves for point in curve.points):
        entries.append(Entry(_title(words("label.moment_of_truth")), theme.MOMENT_OF_TRUTH, ring=True))
    return tuple(_rows(entries, scene.grid.width - scene.grid.x(0) - 2 * CELL_PAD))


def _short(name: str) -> str:
    return wrap(name, 220, _LEGEND.size, max_lines=1)[0] if name.strip() else "?"


def _title(text: str) -> str:
    return text[:1] + text[1:].lower() if text.isupper() else text


def _rows(entries: list[Entry], room: float) -> Iterator[tuple[Entry, ...]]:
    row: list[Entry] = []
    used = 0.0
    for entry in entries:
        if row and used + entry.width > room:
            yield tuple(row)
            row, used = [], 0.0
        row.append(entry)
        used += entry.width + _LEGEND_GAP
    if row:
        yield tuple(row)


def level(top: float, score: float) -> float:
    """The y of a score in a curve area starting at `top`: the neutral line in the middle, +2 above, -2 below."""
    return top + CURVE_HEIGHT / 2 - score * UNIT


def draw_emotions(canvas: Canvas, scene: Scene, lane: EmotionLane, top: float) -> None:
    grid = scene.grid
    curve_top = top + lane.curve_top
    middle = level(curve_top, 0)
    for index in range(grid.columns):
        x = grid.x(index)
        canvas.box(f"emotion_pos{index}", "emotion-positive", x, top, grid.column, middle - top, fill=theme.EMOTION_POSITIVE)
        canvas.box(f"emotion_neg{index}", "emotion-negative", x, middle, grid.column, top + lane.height - middle,
                   fill=theme.EMOTION_NEGATIVE)  # fmt: skip
        if index in lane.marked:
            mark_cell(canvas, f"emotion_mark{index}", x, top, grid.column, lane.height)
        draw_stack(canvas, f"emotion_note{index}", lane.findings[index], x + CELL_PAD, curve_top + CURVE_HEIGHT,
                   grid.card_width, CARD_GAP)  # fmt: skip
    _draw_scale(canvas, curve_top, grid.width)
    _draw_legend(canvas, lane, grid.x(0) + CELL_PAD, top + 4)
    points: dict[tuple, tuple[str, float]] = {}  # (persona, step or stage) -> today's point there and its score
    lines: set[tuple[str, str]] = set()  # today's lines, by the points they join
    for curve in lane.curves:
        _draw_curve(canvas, curve, curve_top, points, lines)


def _draw_curve(
    canvas: Canvas, curve: Curve, top: float, points: dict[tuple, tuple[str, float]], lines: set[tuple[str, str]]
) -> None:
    """The curve's points, then its lines. A future point that feels as today's is today's point, and a
    future line between two such points is today's line: neither is drawn twice."""
    names = []
    for order, point in enumerate(curve.points):
        today = points.get((curve.persona, point.key)) if curve.future else None
        if today is not None and today[1] == point.score:
            names.append(today[0])
            continue
        name = f"{curve.name}_{order}"
        _draw_point(canvas, name, curve, point, level(top, point.score))
        names.append(name)
        if not curve.future:
            points[(curve.persona, point.key)] = (name, point.score)
    for order, (a, b) in enumerate(zip(curve.points, curve.points[1:])):
        line = (names[order], names[order + 1])
        if curve.future and line in lines:
            continue
        lines.add(line)
        color = curve.color or (theme.FUTURE if curve.future else theme.emotion_color((a.score + b.score) / 2))
        canvas.segment(*line, color, FUTURE_WIDTH if curve.future else LINE_WIDTH, dashed=curve.future)


def _draw_point(canvas: Canvas, name: str, curve: Curve, point: Point, y: float) -> None:
    label = str(point.number) if point.number is not None else ""
    if point.moment:  # a gold halo behind the point: the points of one step merge into one gold patch
        canvas.marker(f"{name}_ring", "moment-ring", point.x, y, RADIUS + RING, "circle", fill=theme.MOMENT_OF_TRUTH,
                      border=theme.MOMENT_OF_TRUTH, pen=1)  # fmt: skip
    kind = "curve-point future" if curve.future else "curve-point"
    color = curve.color or (theme.FUTURE if curve.future else theme.emotion_color(point.score))
    if curve.future:
        canvas.marker(name, kind, point.x, y, RADIUS, curve.shape, fill="white", border=color, pen=2, label=label,
                      label_color=color)  # fmt: skip
    elif curve.color is None:
        canvas.disc(name, kind, point.x, y, RADIUS, color, label)
    else:
        canvas.marker(name, kind, point.x, y, _size(curve.shape), curve.shape, fill=color, border="white",
                      label=label)  # fmt: skip


def _size(shape: str) -> float:
    """Half the box a shape is drawn in: pointed shapes larger, so each looks as big as a disc."""
    return RADIUS * {"box": 0.9, "diamond": 1.25, "triangle": 1.35, "invtriangle": 1.35, "hexagon": 1.05}.get(shape, 1.0)


def _draw_legend(canvas: Canvas, lane: EmotionLane, left: float, top: float) -> None:
    for row_index, row in enumerate(lane.legend):
        x, y = left, top + row_index * LEGEND_ROW + LEGEND_ROW / 2
        for index, entry in enumerate(row):
            name = f"legend_{row_index}_{index}"
            _draw_sample(canvas, name, entry, x, y)
            x += 34.0 if entry.line else 16.0
            canvas.text(f"{name}_text", "legend-text", x + 4, y - 5, width(entry.text, _LEGEND.size), (entry.text,),
                        _LEGEND)  # fmt: skip
            x += 4 + width(entry.text, _LEGEND.size) + _LEGEND_GAP


def _draw_sample(canvas: Canvas, name: str, entry: Entry, x: float, y: float) -> None:
    if entry.ring:  # the halo, around a point
        canvas.marker(f"{name}_ring", "legend-ring", x + 8, y, 8, "circle", fill=entry.color, border=entry.color)
        canvas.marker(name, "legend-shape", x + 8, y, 5, "circle", fill=theme.MUTED, border="white", pen=1)
        return
    if entry.line:
        canvas.rule(f"{name}_line", "legend-line", x, y + 1, 34, entry.color, dashed=entry.hollow, pen=LINE_WIDTH)
        x += 9
    fill = "white" if entry.hollow else entry.color
    canvas.marker(name, "legend-shape", x + 8, y, _size(entry.shape) * 0.8, entry.shape, fill=fill,
                  border=entry.color if entry.hollow else "white", pen=2 if entry.hollow else 1)  # fmt: skip


def _draw_scale(canvas: Canvas, top: float, width_: float) -> None:
    """Faint lines at every score, the neutral one dashed and darker, with their values in the gutter."""
    scale = Font(7, theme.LANE_NOTE, BOLD)
    for value in (2, 1, 0, -1, -2):
        y = level(top, value)
        color = theme.FAINT if value == 0 else "#dfe5ec"
        canvas.rule(f"emotion_level{value + 2}", "neutral-line" if value == 0 else "level-line", GUTTER + 2, y,
                    width_ - GUTTER - 2, color, dashed=value == 0)  # fmt: skip
        text = f"+{value}" if value > 0 else "0" if value == 0 else f"−{-value}"
        canvas.text(f"emotion_scale{value + 2}", "scale", GUTTER - 30, y - 4.5, 24, (text,), scale, align="right")

