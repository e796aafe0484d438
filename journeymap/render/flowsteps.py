"""What the flow view shows of each step: its number and name; how its customers feel, as the frame
and tint of its box; a moment of truth's gold frame and word; a step of one state only, dashed and
named; the personas who take it, as small marks; and the share of customers who drop off there."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.model import Journey, Stage, Step, Touchpoint, in_state
from journeymap.render import theme
from journeymap.render.canvas import BOLD, INSET, Font
from journeymap.render.flowplace import STEP_WIDTH
from journeymap.render.flowshapes import FlowCanvas
from journeymap.render.marks import exit_summary, moment_badge, state_badge
from journeymap.render.text import block_height, wrap
from journeymap.words import Words

NAME = Font(8.5, theme.INK)
FLAG_SIZE = 7.0
MARK = 8.0  # a persona mark's size
MARK_ROW = MARK + 5
_MARKS_PER_ROW = int((STEP_WIDTH - 2 * INSET + 4) // (MARK + 4))
DROP_OFF = 15.0  # the drop-off tag's height
DROP_OFF_INK, DROP_OFF_FILL = theme.FINDING["error"]
_TINT = 0.86  # how much white an emotion's tint has: dark words (a moment of truth's) stay AA on it
_MAX_LINES = 6


@dataclass(frozen=True, slots=True)
class FlowStep:
    index: int  # in the drawn journey, from 0: its box is `step_{index}`
    stage_index: int  # its stage's in the journey
    touchpoints: tuple[Touchpoint, ...]  # those drawn, each once, in the order the step names them
    personas: frozenset[str]  # who takes it
    channels: frozenset[str]  # the channels of its touchpoints the customer sees
    lines: tuple[str, ...]
    flags: tuple[tuple[str, str], ...]  # words over its name, each with its colour
    border: str
    pen: float
    fill: str
    dashed: bool
    moment_of_truth: bool
    shown_state: str | None  # the state it alone is in, where the picture says so (a badge)
    marks: tuple[int, ...]  # the personas who take it, as places in the cast (theme.PERSONAS)
    drop_off: str | None

    @property
    def height(self) -> float:
        """The height of its box's content: a band's steps all take the tallest one's."""
        height = 2 * INSET + block_height(len(self.flags), FLAG_SIZE) + block_height(len(self.lines), NAME.size)
        return height + self.mark_rows * MARK_ROW + (DROP_OFF + 4 if self.drop_off else 0.0)

    @property
    def mark_rows(self) -> int:
        return -(-len(self.marks) // _MARKS_PER_ROW)


def flow_steps(journey: Journey, words: Words, focus: str | None, state: str | None) -> list[FlowStep]:
    """The steps the view draws, in journey order: all of them, or those of `state` (with its touchpoints)."""
    cast = journey.cast()
    marked = len(cast) > 1 and focus is None  # marks tell personas apart; one persona's view has no need
    found = []
    for stage_index, stage in enumerate(journey.stages):
        if state is not None and not in_state(stage, state):
            continue
        for step in stage.steps:
            if state is None or in_state(step, state):
                found.append((stage_index, stage, step))
    return [_flow_step(journey, words, index, stage_index, stage, step, cast if marked else (), focus, state)
            for index, (stage_index, stage, step) in enumerate(found)]  # fmt: skip


def _flow_step(
    journey: Journey, words: Words, index: int, stage_index: int, stage: Stage, step: Step,
    cast: tuple[str, ...], focus: str | None, state: str | None,
) -> FlowStep:  # fmt: skip
    touchpoints = _touchpoints(journey, step, state)
    personas = frozenset(journey.step_personas(step, stage))
    emotion = _emotion(journey, step, stage, focus, state)
    own_state = step.state or stage.state
    badges = [moment_badge(words)] if step.moment_of_truth else []
    state_mark = state_badge(words, own_state, state)
    badges += [state_mark] if state_mark is not None else []
    flags = [(badge.text, badge.fill) for badge in badges]
    flagged_state = own_state if state_mark is not None else None
    border = theme.emotion_color(emotion) if emotion is not None else theme.CARD_BORDER
    fill = theme.mix(border, "#ffffff", _TINT) if emotion is not None else "white"
    if flagged_state == "future":
        border = theme.FUTURE
    if step.moment_of_truth:
        border = theme.MOMENT_OF_TRUTH
    return FlowStep(
        index=index, stage_index=stage_index, touchpoints=touchpoints, personas=personas,
        channels=frozenset(tp.channel or "other" for tp in touchpoints if not tp.backstage),
        lines=wrap(f"{index + 1}. {step.name}", STEP_WIDTH - 2 * INSET, NAME.size, max_lines=_MAX_LINES),
        flags=tuple(flags), border=border, pen=3.0 if step.moment_of_truth else 1.5, fill=fill,
        dashed=flagged_state == "future", moment_of_truth=step.moment_of_truth, shown_state=flagged_state,
        marks=tuple(i for i, persona in enumerate(cast) if persona in personas),
        drop_off=exit_summary(words, step.exits),
    )  # fmt: skip


def _touchpoints(journey: Journey, step: Step, state: str | None) -> tuple[Touchpoint, ...]:
    found = (journey.touchpoint(touchpoint_id) for touchpoint_id in dict.fromkeys(step.touchpoints))
    return tuple(tp for tp in found if tp is not None and (state is None or in_state(tp, state)))


def _emotion(journey: Journey, step: Step, stage: Stage, focus: str | None, state: str | None) -> float | None:
    """The mean of the step's scores in the state drawn (when none is: the state the step is in alone, else the
    map's own), for the persona in focus."""
    readings = journey.readings_in(step, state or step.state or stage.state or journey.state, stage)
    scores = [reading.emotion for reading in readings if reading.emotion is not None and reading.concerns(focus)]
    return sum(scores) / len(scores) if scores else None


def follows(before: FlowStep, after: FlowStep) -> bool:
    """Whether `after` comes after `before` in one journey: not when one is today's alone and the other the
    future's alone (drawn side by side where the future replaces today)."""
    return not (before.shown_state and after.shown_state and before.shown_state != after.shown_state)


def hand_off(before: FlowStep, after: FlowStep, anonymous: bool) -> bool:
    """Whether the same customer goes on to other channels: the steps share a persona (any step is the one
    customer's in a map without personas) and the second happens on none of the first's channels."""
    same_customer = anonymous or bool(before.personas & after.personas)
    return same_customer and bool(before.channels and after.channels and not before.channels & after.channels)


def draw_step(canvas: FlowCanvas, step: FlowStep, x: float, y: float, height: float) -> None:
    name = f"step_{step.index}"
    canvas.box(name, "step", x, y, STEP_WIDTH, height, fill=step.fill, border=step.border, pen=step.pen,
               dashed=step.dashed)  # fmt: skip
    top = y + INSET
    for number, (word, color) in enumerate(step.flags):
        canvas.text(f"{name}_flag_{number}", "text", x + INSET, top, STEP_WIDTH - 2 * INSET, (word,),
                    Font(FLAG_SIZE, color, BOLD))  # fmt: skip
        top += block_height(1, FLAG_SIZE)
    canvas.text(f"{name}_text", "text", x + INSET, top, STEP_WIDTH - 2 * INSET, step.lines, NAME)
    bottom = y + height - INSET
    if step.drop_off:
        bottom -= DROP_OFF
        canvas.box(f"{name}_drop_off", "drop-off", x + INSET, bottom, STEP_WIDTH - 2 * INSET, DROP_OFF,
                   fill=DROP_OFF_FILL, border=DROP_OFF_INK)  # fmt: skip
        canvas.text(f"{name}_drop_off_text", "text", x + INSET + 4, bottom + 2.5, STEP_WIDTH - 2 * INSET - 8,
                    (step.drop_off,), Font(7.5, DROP_OFF_INK, BOLD))  # fmt: skip
        bottom -= 4
    top = bottom - step.mark_rows * MARK_ROW
    for place, persona in enumerate(step.marks):
        row, column = divmod(place, _MARKS_PER_ROW)
        draw_persona_mark(canvas, f"{name}_persona_{persona}", persona, x + INSET + MARK / 2 + column * (MARK + 4),
                          top + row * MARK_ROW + MARK_ROW - MARK / 2 - 1)  # fmt: skip


def draw_persona_mark(canvas: FlowCanvas, name: str, persona: int, cx: float, cy: float) -> None:
    """The mark of the persona at `persona` in the cast: its own hue and shape (shapes repeat after six)."""
    color, shape = theme.persona_style(persona)
    canvas.mark(name, "persona", cx, cy, MARK, shape, color)
