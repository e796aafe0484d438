"""The flow view: the steps in order from left to right under their stages, each linked to the
touchpoints it uses, which sit in one row per channel (backstage systems last, below the line
of visibility). A touchpoint stands in the column of the first step that uses it, so the eye
follows the journey from channel to channel: overloaded touchpoints carry many links and a
thick frame, and a hand-off (the next step happens on other channels) has an amber arrow.

Like the map view it is placed by journeymap and only drawn by Graphviz, so steps keep their
order whatever the links.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.model import Journey, Stage, Step, Touchpoint
from journeymap.render import theme
from journeymap.render.canvas import BOLD, INSET, Canvas, Font
from journeymap.render.text import block_height, wrap
from journeymap.words import Words, words_for

GUTTER = 110.0
STEP_WIDTH, STEP_GAP = 150.0, 30.0
CHIP_HEIGHT = 44.0
ROW_GAP = 10.0
HAND_OFF = "#d68910"
_TITLE = Font(20, theme.INK, BOLD)
_STEP = Font(8.5, theme.INK)
_CHIP = Font(8, theme.INK)
_LINK = "#9aa7b4"


@dataclass(frozen=True, slots=True)
class Placed:
    """A touchpoint chip: its row (channel), its sub-row inside that row, and its column."""

    touchpoint: Touchpoint
    row: str
    level: int
    column: int
    uses: int


def flow_dot(journey: Journey, source_name: str, focus: str | None = None) -> str:
    """The DOT source of the flow view of a journey (already narrowed to `focus`, a persona id, if any)."""
    steps = [(stage, step) for stage in journey.stages for step in stage.steps]
    canvas = Canvas()
    title = wrap(_title(journey, focus), GUTTER + max(len(steps), 4) * (STEP_WIDTH + STEP_GAP), _TITLE.size,
                 bold=True, max_lines=2)  # fmt: skip
    canvas.text("title", "title", 0, 0, 2000, title, _TITLE)
    top = block_height(len(title), _TITLE.size) + 14
    top = _draw_stage_bands(canvas, journey, steps, top)
    step_height = _draw_steps(canvas, journey, steps, top)
    chips = _place_chips(journey, steps)
    names = _chip_names(journey)
    words = words_for(journey.locale)
    bottom = _draw_rows(canvas, chips, names, words, top + step_height + 46)
    _draw_links(canvas, journey, steps, chips, names)
    canvas.text("footer", "footer", 0, bottom + 6, _x(max(len(steps), 1)), (f"{source_name} · {words('view.flow')} · {words('label.drawn')}",),
                Font(8, theme.FAINT), align="right")  # fmt: skip
    return canvas.dot("journeymap flow view", lines_under_shapes=True)


def _title(journey: Journey, focus: str | None) -> str:
    persona = journey.persona(focus) if focus else None
    return f"{journey.title} — {persona.name}" if persona else journey.title or ""


def _x(column: int) -> float:
    return GUTTER + column * (STEP_WIDTH + STEP_GAP)


def _draw_stage_bands(canvas: Canvas, journey: Journey, steps: list[tuple[Stage, Step]], top: float) -> float:
    """A band over the columns of each stage's steps, in the colour of its phase."""
    phases = [phase.id for phase in journey.phases]
    column = 0
    for index, stage in enumerate(journey.stages):
        count = sum(1 for owner, _ in steps if owner is stage)
        if count:
            color = theme.PHASES[phases.index(stage.phase) % len(theme.PHASES)] if stage.phase in phases else theme.NAVY
            w = count * (STEP_WIDTH + STEP_GAP) - STEP_GAP
            lines = wrap(stage.name, w - 2 * INSET, 10, bold=True, max_lines=2)
            canvas.box(f"stage_{index}", "stage", _x(column), top, w, 34, fill=color, lines=lines,
                       font=Font(10, "white", BOLD))  # fmt: skip
            column += count
    return top + 42


def _step_lines(number: int, step: Step) -> tuple[str, ...]:
    return wrap(f"{number}. {step.name}", STEP_WIDTH - 2 * INSET, _STEP.size, max_lines=6)


def _draw_steps(canvas: Canvas, journey: Journey, steps: list[tuple[Stage, Step]], top: float) -> float:
    wrapped = [_step_lines(number, step) for number, (_, step) in enumerate(steps, start=1)]
    height = max((block_height(len(lines), _STEP.size) for lines in wrapped), default=0.0) + 2 * INSET
    for column, ((_, step), lines) in enumerate(zip(steps, wrapped)):
        emotion = step.emotion
        border = theme.emotion_color(emotion) if emotion is not None else theme.CARD_BORDER
        fill = theme.mix(border, "#ffffff", 0.78) if emotion is not None else "white"
        canvas.box(f"step_{column}", "step", _x(column), top, STEP_WIDTH, height, fill=fill, border=border, pen=1.5,
                   lines=lines, font=_STEP)  # fmt: skip
    for column in range(1, len(steps)):
        hand_off = _hand_off(journey, steps[column - 1][1], steps[column][1])
        canvas.segment(f"step_{column - 1}", f"step_{column}", HAND_OFF if hand_off else theme.LANE_LABEL,
                       2.0 if hand_off else 1.5, arrow=True)  # fmt: skip
    return height


def _channels(journey: Journey, step: Step) -> set[str]:
    found = (journey.touchpoint(touchpoint_id) for touchpoint_id in step.touchpoints)
    return {tp.channel or "other" for tp in found if tp is not None and not tp.backstage}


def _hand_off(journey: Journey, before: Step, after: Step) -> bool:
    """The next step happens on other channels than this one (both on some channel)."""
    a, b = _channels(journey, before), _channels(journey, after)
    return bool(a and b and not a & b)


def _row_of(touchpoint: Touchpoint) -> str:
    return "backstage" if touchpoint.backstage else touchpoint.channel or "other"


def _place_chips(journey: Journey, steps: list[tuple[Stage, Step]]) -> list[Placed]:
    """Each touchpoint a step uses, in the column of its first use, one sub-row down when taken."""
    first: dict[str, int] = {}
    uses: dict[str, int] = {}
    for column, (_, step) in enumerate(steps):
        for touchpoint_id in dict.fromkeys(step.touchpoints):
            first.setdefault(touchpoint_id, column)
            uses[touchpoint_id] = uses.get(touchpoint_id, 0) + 1
    taken: set[tuple[str, int, int]] = set()
    placed = []
    for touchpoint_id, column in first.items():
        touchpoint = journey.touchpoint(touchpoint_id)
        if touchpoint is None:
            continue
        row, level = _row_of(touchpoint), 0
        while (row, level, column) in taken:
            level += 1
        taken.add((row, level, column))
        placed.append(Placed(touchpoint, row, level, column, uses[touchpoint_id]))
    return placed


def _row_order(chips: list[Placed]) -> list[str]:
    """Channels in the order the journey first reaches them; backstage systems last."""
    rows = dict.fromkeys(chip.row for chip in sorted(chips, key=lambda chip: chip.column))
    return sorted(rows, key=lambda row: row == "backstage")


def _draw_rows(canvas: Canvas, chips: list[Placed], names: dict[str, str], words: Words, top: float) -> float:
    width = _x(max((chip.column for chip in chips), default=0) + 1)
    for row in _row_order(chips):
        if row == "backstage":
            canvas.rule("visibility_line", "visibility-line", 0, top - ROW_GAP / 2, width, theme.MUTED, dashed=True)
            top += ROW_GAP
        levels = 1 + max(chip.level for chip in chips if chip.row == row)
        height = levels * (CHIP_HEIGHT + ROW_GAP) - ROW_GAP
        name = words.lane("backstage")[0] if row == "backstage" else words.choice("channel", row)
        canvas.box(f"row_{row}", "channel", 0, top, GUTTER - 14, height, fill=theme.LANE_LABEL,
                   lines=wrap(name, GUTTER - 14 - 2 * INSET, 9.5, bold=True, max_lines=2),
                   font=Font(9.5, "white", BOLD))  # fmt: skip
        for chip in (chip for chip in chips if chip.row == row):
            _draw_chip(canvas, chip, names[chip.touchpoint.id], top + chip.level * (CHIP_HEIGHT + ROW_GAP))
        top += height + ROW_GAP
        canvas.rule(f"row_{row}_end", "row-line", 0, top, width, "#e3e8ee")
        top += ROW_GAP
    return top


def _draw_chip(canvas: Canvas, chip: Placed, name: str, y: float) -> None:
    touchpoint = chip.touchpoint
    fill = theme.BACKSTAGE_FILL if touchpoint.backstage else theme.CHANNEL_FILL.get(touchpoint.channel or "", "#eceff2")
    load = theme.OFF_TARGET[0] if chip.uses >= 5 else HAND_OFF if chip.uses >= 3 else theme.mix(fill, "#000000", 0.25)
    lines = (*wrap(touchpoint.name, STEP_WIDTH - 2 * INSET, _CHIP.size, max_lines=2), f"× {chip.uses}")
    canvas.box(name, "touchpoint", _x(chip.column), y, STEP_WIDTH,
               CHIP_HEIGHT, fill=fill, border=load, pen=min(1.0 + 0.5 * (chip.uses - 1), 3.0),
               dashed=touchpoint.backstage, lines=lines, font=_CHIP)  # fmt: skip


def _chip_names(journey: Journey) -> dict[str, str]:
    """Each touchpoint's shape name, after its place in the map (the first, should an id repeat)."""
    names: dict[str, str] = {}
    for index, touchpoint in enumerate(journey.touchpoints):
        names.setdefault(touchpoint.id, f"touchpoint_{index}")
    return names


def _draw_links(
    canvas: Canvas, journey: Journey, steps: list[tuple[Stage, Step]], chips: list[Placed], names: dict[str, str]
) -> None:
    drawn = {chip.touchpoint.id for chip in chips}
    for column, (_, step) in enumerate(steps):
        for touchpoint_id in dict.fromkeys(step.touchpoints):
            if journey.touchpoint(touchpoint_id) is not None and touchpoint_id in drawn:
                canvas.segment(f"step_{column}", names[touchpoint_id], _LINK, 1.0)
