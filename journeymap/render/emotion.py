"""The emotion curves: a point per step (or per stage) at a height proportional to its score, joined
across the stages, each point carrying its step's number.

One persona, or a map that says the same of all: one curve coloured from vermilion (-2) through grey
to blue (2). Several personas: a curve each, in the persona's colour and with its shape; the points of
one step stand side by side. Current and future compared: each curve twice, the future dashed with
hollow points; where the future feels as today, the two share the point and the line. A legend says
which curve is which. When more than three curves would cross one another, each persona gets a strip
of its own (named in the gutter), one above the other, its steps under the same steps of the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from journeymap.emotions import stage_points
from journeymap.model import Stage
from journeymap.render import theme
from journeymap.render.canvas import BOLD, Canvas, Font
from journeymap.render.cards import Card, draw_stack, stack_height
from journeymap.render.scene import CARD_GAP, CELL_PAD, GUTTER, Scene, mark_cell
from journeymap.render.text import block_height, width, wrap

CURVE_HEIGHT = 150.0
UNIT = 27.0  # points per step of score: -2..2 spans 108 points around the neutral line
STRIP_HEIGHT, STRIP_UNIT, STRIP_GAP = 96.0, 18.0, 4.0  # one persona's strip, when each has its own
MAX_OVERLAID = 3  # curves drawn over one another; more get a strip per persona
RADIUS = 7.5
LINE_WIDTH, FUTURE_WIDTH = 2.5, 2.0
SPREAD = 12.0  # between the points of different personas at one step: none hides another's number
RING = 4.0  # how far a moment of truth's halo stands out round its point
LEGEND_ROW = 18.0
_LEGEND = Font(8, theme.INK)
_LEGEND_GAP = 16.0
_STRIP_NAME = Font(7.5, "white", BOLD)


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    score: float
    number: int | None  # the step's number; None for a stage's own reading
    moment: bool = False  # a moment of truth
    key: tuple = ()  # the path of the step or stage it is read at: the two states' curves share a point there


@dataclass(frozen=True)
class Curve:
    name: str  # the stem of its shapes' names
    persona: str | None
    future: bool  # the future beside the current: dashed, hollow points
    points: tuple[Point, ...]
    color: str | None  # None: the emotion ramp
    shape: str


@dataclass(frozen=True)
class Band:
    """Curves drawn over one scale: all of them, or one persona's strip."""

    persona: str | None  # the strip's persona; None: every curve, overlaid
    curves: tuple[Curve, ...]
    top: float  # below the lane's top
    height: float
    unit: float

    def level(self, lane_top: float, value: float) -> float:
        """The y of a score: the neutral line in the middle, +2 above, -2 below."""
        return lane_top + self.top + self.height / 2 - value * self.unit


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of the legend: a persona's shape and name, a state's line, or the moments' halo."""

    text: str
    color: str
    shape: str = "circle"
    line: bool = False  # a line sample under the shape
    hollow: bool = False  # the future's hollow point on a dashed line
    ring: bool = False  # the moment of truth's halo

    @property
    def width(self) -> float:
        return (34.0 if self.line else 16.0) + 4 + width(self.text, _LEGEND.size)


@dataclass(frozen=True)
class EmotionLane:
    bands: tuple[Band, ...]
    legend: tuple[tuple[Entry, ...], ...]  # rows
    findings: tuple[tuple[Card, ...], ...]  # per stage
    marked: frozenset[int]

    @property
    def curves(self) -> tuple[Curve, ...]:
        return tuple(curve for band in self.bands for curve in band.curves)

    @property
    def points(self) -> tuple[Point, ...]:
        return tuple(point for curve in self.curves for point in curve.points)

    @property
    def curve_bottom(self) -> float:
        """Below the lane's top, where the curves end and findings begin."""
        return self.bands[-1].top + self.bands[-1].height

    @cached_property  # asked for by every stage's cells: measured once, not once per stage
    def height(self) -> float:
        notes = max((stack_height(cards, CARD_GAP) for cards in self.findings), default=0.0)
        return self.curve_bottom + (notes + CELL_PAD if notes else 0.0)


def emotion_lane(scene: Scene) -> EmotionLane | None:
    """The curves' points in journey order, or None when nothing in the map carries an emotion."""
    stages = scene.journey.stages
    columns = [_stage_scores(scene, stage) for stage in stages]
    strips = len(scene.curves) > 1 and sum(1 for c in _curves(scene, columns, 0.0) if c.points) > MAX_OVERLAID
    curves = [curve for curve in _curves(scene, columns, 0.0 if strips else SPREAD) if curve.points]
    findings = tuple(tuple(scene.finding_cards(scene.notes.cell(stage.path[1], "emotions"))) for stage in stages)
    if not curves and not any(findings):
        return None
    legend = _legend(scene, curves, strips)
    top = LEGEND_ROW * len(legend) + (4.0 if legend else 0.0)
    if strips:
        personas = list(dict.fromkeys(curve.persona for curve in curves))
        bands = tuple(
            Band(persona, tuple(c for c in curves if c.persona == persona), top + k * (STRIP_HEIGHT + STRIP_GAP),
                 STRIP_HEIGHT, STRIP_UNIT)
            for k, persona in enumerate(personas)
        )  # fmt: skip
    else:
        bands = (Band(None, tuple(curves), top, CURVE_HEIGHT, UNIT),)
    return EmotionLane(bands, legend, findings, frozenset(i for i, cards in enumerate(findings) if cards))


# (persona, state) -> [(key, score, number, moment)] of one stage, in step order
_Scores = dict[tuple[str | None, str], list[tuple[tuple, float, int | None, bool]]]


def _stage_scores(scene: Scene, stage: Stage) -> _Scores:
    """Each curve's scores in one stage: at the steps the persona takes, else the stage's own reading
    (`stage_points`, the scores `journeymap diff` reports too)."""
    found: _Scores = {}
    for state in scene.states:
        for persona, points in stage_points(scene.journey, stage, state, scene.curves).items():
            found[(persona, state)] = [
                (at.path, value, None if at is stage else scene.numbers[at.path], at.moment_of_truth)
                for at, value in points
            ]
    return found


def _curves(scene: Scene, columns: list[_Scores], spread: float) -> Iterator[Curve]:
    grid, many = scene.grid, len(scene.curves) > 1
    places = [_places(scene, found, spread) for found in columns]
    for order, persona in enumerate(scene.curves):
        color = scene.persona_colors.get(persona or "") if many else None
        shape = scene.persona_shape(persona) if many and persona else "circle"
        for state in scene.states:
            points = [
                Point(grid.x(index) + places[index][(persona, key)], value, number, moment, key)
                for index, found in enumerate(columns)
                for key, value, number, moment in found.get((persona, state), ())
            ]
            stem = f"curve_p{order}" if many else "curve"
            future = scene.comparing and state == "future"
            yield Curve(f"{stem}_future" if future else stem, persona, future, tuple(points), color, shape)


def _places(scene: Scene, found: _Scores, spread: float) -> dict[tuple[str | None, tuple], float]:
    """Where each curve's point at a step of one stage goes, from the column's left edge: the steps with
    points share the column in step order (a stage's own reading in the middle), and the personas with a
    point at one step stand `spread` apart, in the order of the legend."""
    at: dict[tuple, list[str | None]] = {}  # step or stage -> the personas with a point there, in curve order
    for persona in scene.curves:
        for state in scene.states:
            for key, *_ in found.get((persona, state), ()):
                if persona not in at.setdefault(key, []):
                    at[key].append(persona)
    steps = sorted((key for key in at if len(key) > 2), key=lambda key: key[3])  # ("stages", i, "steps", j)
    slot = {key: (index + 0.5) / len(steps) for index, key in enumerate(steps)}
    places = {}
    for key, personas in at.items():
        for position, persona in enumerate(personas):
            offset = (position - (len(personas) - 1) / 2) * spread
            places[(persona, key)] = slot.get(key, 0.5) * scene.grid.column + offset
    return places


def _legend(scene: Scene, curves: list[Curve], strips: bool) -> tuple[tuple[Entry, ...], ...]:
    """Rows of legend entries: the personas' shapes (their strips name them otherwise), the states'
    lines, the moments' halo; none for a single curve of one state without moments of truth."""
    words, entries = scene.words, []
    many = len(scene.curves) > 1
    if many and not strips:
        names = {persona.id: persona.name for persona in scene.personas}
        first: dict[str | None, Curve] = {}
        for curve in curves:
            first.setdefault(curve.persona, curve)
        entries += [Entry(_short(names[c.persona or ""]), c.color or theme.MUTED, c.shape) for c in first.values()]
    if scene.comparing:
        current = theme.MUTED if many else theme.emotion_color(0)
        entries.append(Entry(words.choice("state", "current"), current, line=True))
        entries.append(Entry(words.choice("state", "future"), theme.MUTED if many else theme.FUTURE, line=True,
                             hollow=True))  # fmt: skip
    if any(point.moment for curve in curves for point in curve.points):
        entries.append(Entry(words("legend.moment_of_truth"), theme.MOMENT_OF_TRUTH, ring=True))
    return tuple(_rows(entries, scene.grid.width - scene.grid.x(0) - 2 * CELL_PAD))


def _short(name: str) -> str:
    return wrap(name, 220, _LEGEND.size, max_lines=1)[0] or "?"


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


def level(top: float, value: float) -> float:
    """The y of a score on the overlaid curves' scale starting at `top`."""
    return top + CURVE_HEIGHT / 2 - value * UNIT


def draw_emotions(canvas: Canvas, scene: Scene, lane: EmotionLane, top: float) -> None:
    grid = scene.grid
    for index in range(grid.columns):
        x = grid.x(index)
        _draw_tints(canvas, scene, lane, index, top)
        if index in lane.marked:
            mark_cell(canvas, f"emotion_mark{index}", x, top, grid.column, lane.height)
        draw_stack(canvas, f"emotion_note{index}", lane.findings[index], x + CELL_PAD, top + lane.curve_bottom,
                   grid.card_width, CARD_GAP)  # fmt: skip
    for number, band in enumerate(lane.bands):
        suffix = f"_b{number}" if band.persona is not None else ""
        _draw_scale(canvas, band, top, grid.width, suffix)
        if band.persona is not None:
            _draw_strip_name(canvas, scene, band, top, suffix)
    _draw_legend(canvas, lane, grid.x(0) + CELL_PAD, top + 4)
    points: dict[tuple, tuple[str, float]] = {}  # (persona, step or stage) -> today's point there and its score
    lines: set[tuple[str, str]] = set()  # today's lines, by the points they join
    for band in lane.bands:
        for curve in band.curves:
            _draw_curve(canvas, band, curve, top, points, lines)


def _draw_tints(canvas: Canvas, scene: Scene, lane: EmotionLane, index: int, top: float) -> None:
    """A column's wash: blue above each scale's neutral line, rose below; findings sit on the last rose."""
    x, w = scene.grid.x(index), scene.grid.column
    for number, band in enumerate(lane.bands):
        suffix = f"_b{number}" if band.persona is not None else ""
        upper = top if number == 0 else top + band.top
        lower = top + (lane.height if number == len(lane.bands) - 1 else band.top + band.height)
        middle = band.level(top, 0)
        canvas.box(f"emotion_pos{index}{suffix}", "emotion-positive", x, upper, w, middle - upper,
                   fill=theme.EMOTION_POSITIVE)  # fmt: skip
        canvas.box(f"emotion_neg{index}{suffix}", "emotion-negative", x, middle, w, lower - middle,
                   fill=theme.EMOTION_NEGATIVE)  # fmt: skip


def _draw_curve(
    canvas: Canvas, band: Band, curve: Curve, top: float, points: dict[tuple, tuple[str, float]],
    lines: set[tuple[str, str]],
) -> None:  # fmt: skip
    """The curve's points, then its lines. A future point that feels as today's is today's point, and a
    future line between two such points is today's line: neither is drawn twice."""
    names = []
    for order, point in enumerate(curve.points):
        today = points.get((curve.persona, point.key)) if curve.future else None
        if today is not None and today[1] == point.score:
            names.append(today[0])
            continue
        name = f"{curve.name}_{order}"
        _draw_point(canvas, name, curve, point, band.level(top, point.score))
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
        canvas.marker(name, kind, point.x, y, _size(curve.shape), curve.shape, fill="white", border=color, pen=2,
                      label=label, label_color=color)  # fmt: skip
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
            text_width = width(entry.text, _LEGEND.size)
            canvas.text(f"{name}_text", "legend-text", x + 4, y - 5, text_width, (entry.text,), _LEGEND)
            x += 4 + text_width + _LEGEND_GAP


def _draw_sample(canvas: Canvas, name: str, entry: Entry, x: float, y: float) -> None:
    if entry.ring:  # the halo, round a point
        canvas.marker(f"{name}_ring", "legend-ring", x + 8, y, 8, "circle", fill=entry.color, border=entry.color)
        canvas.marker(name, "legend-shape", x + 8, y, 5, "circle", fill=theme.MUTED, border="white", pen=1)
        return
    if entry.line:
        canvas.rule(f"{name}_line", "legend-line", x, y + 1, 34, entry.color, dashed=entry.hollow, pen=LINE_WIDTH)
        x += 9
    fill = "white" if entry.hollow else entry.color
    canvas.marker(name, "legend-shape", x + 8, y, _size(entry.shape) * 0.8, entry.shape, fill=fill,
                  border=entry.color if entry.hollow else "white", pen=2 if entry.hollow else 1)  # fmt: skip


def _draw_strip_name(canvas: Canvas, scene: Scene, band: Band, top: float, suffix: str) -> None:
    """A strip's persona in the gutter, beside its scale: its shape in its colour, and its name."""
    persona = next(p for p in scene.personas if p.id == band.persona)
    curve = band.curves[0]
    middle = band.level(top, 0)
    lines = wrap(persona.name, GUTTER - 54, _STRIP_NAME.size, bold=True, max_lines=3)
    text_top = middle - block_height(len(lines), _STRIP_NAME.size) / 2
    canvas.marker(f"strip_shape{suffix}", "strip-shape", 15, middle, _size(curve.shape) * 0.85, curve.shape,
                  fill=curve.color or theme.MUTED, border="white", pen=1)  # fmt: skip
    canvas.text(f"strip_name{suffix}", "strip-name", 26, text_top, GUTTER - 54, lines, _STRIP_NAME)


def _draw_scale(canvas: Canvas, band: Band, top: float, width_: float, suffix: str) -> None:
    """Faint lines at every score, the neutral one dashed and darker, with their values in the gutter."""
    scale = Font(7, theme.LANE_NOTE, BOLD)
    for value in (2, 1, 0, -1, -2):
        y = band.level(top, value)
        color = theme.FAINT if value == 0 else "#dfe5ec"
        canvas.rule(f"emotion_level{value + 2}{suffix}", "neutral-line" if value == 0 else "level-line", GUTTER + 2, y,
                    width_ - GUTTER - 2, color, dashed=value == 0)  # fmt: skip
        text = f"+{value}" if value > 0 else "0" if value == 0 else f"−{-value}"
        canvas.text(f"emotion_scale{value + 2}{suffix}", "scale", GUTTER - 30, y - 4.5, 24, (text,), scale,
                    align="right")  # fmt: skip
