"""The flow view: the steps in order, left to right under their stages, each linked to the touchpoints
it uses, which sit below in one row per channel (backstage systems last, under the line of visibility).

A long journey wraps: its steps run in bands, one under the other (flowbands.py), each with its own
stage headings over its steps and its own rows, only those of the channels it uses; a tag at the end
of a band says at which step the journey goes on, and one at the start of the next where it comes
from. A touchpoint is drawn in each band that uses it, near its uses, and linked only to the steps
of that band, by straight lines that pass through no other box (flowplace.py). Its chip says how many
steps of the whole journey use it, and gathers a thicker frame the more they are.

Between two steps an arrow shows the order; it is a hand-off (amber, dashed and thicker) where the
same persona goes on to other channels. Moments of truth, steps of one state only, drop-offs and the
personas who take each step are marked on the steps (flowsteps.py). Like the map view, the view is
placed by journeymap and only drawn by Graphviz.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journeymap.model import Journey, Touchpoint
from journeymap.render import flowbands, theme
from journeymap.render.marks import exit_lines, footer, onward_lines, titled
from journeymap.render.canvas import BOLD, INSET, ITALIC, Font
from journeymap.render.flowplace import (
    CHIP_HEIGHT, CHIP_WIDTH, FAN, PITCH, ROW_GAP, STEP_GAP, Layout, Wanted, place_band,
)  # fmt: skip
from journeymap.render.flowshapes import FlowCanvas
from journeymap.render.flowsteps import FlowStep, draw_persona_mark, draw_step, flow_steps, follows, hand_off
from journeymap.render.text import block_height, width, wrap
from journeymap.words import Words, words_for

GUTTER = 110.0
LABEL_WIDTH = GUTTER - 14
STAGE_HEAD, STAGE_GAP = 34.0, 8.0
BAND_GAP = 44.0
VISIBILITY_GAP = ROW_GAP + 12  # room for the line's name
CONTINUE_GAP, CONTINUE_WIDTH = 14.0, 62.0
HAND_OFF = theme.HAND_OFF
NEXT = theme.LANE_LABEL
LINK = "#7f8c99"  # 3.4:1 on white, as lines that carry meaning need
_TITLE = Font(20, theme.INK, BOLD)
_CHIP = Font(8, theme.INK)
_TAG = Font(7.5, theme.INK, BOLD)
_LEGEND = Font(8, theme.INK)
_LEGEND_ROW = 22.0


@dataclass(frozen=True, slots=True)
class _Flow:
    """The steps drawn and what the bands share: the order of the rows, and each touchpoint's uses and name."""

    journey: Journey
    words: Words
    steps: list[FlowStep]
    rows: tuple[str, ...]  # channels in the order the journey first reaches them, backstage last
    uses: dict[str, int]  # steps that use each touchpoint drawn
    names: dict[str, str]  # each touchpoint's shape name, after its place in the map
    anonymous: bool  # the map names no personas: every step is the one customer's

    @classmethod
    def of(cls, journey: Journey, words: Words, steps: list[FlowStep]) -> _Flow:
        uses: dict[str, int] = {}
        rows: dict[str, None] = {}
        for step in steps:
            for touchpoint in step.touchpoints:
                uses[touchpoint.id] = uses.get(touchpoint.id, 0) + 1
                rows.setdefault(_row_of(touchpoint))
        names: dict[str, str] = {}
        for index, touchpoint in enumerate(journey.touchpoints):
            names.setdefault(touchpoint.id, f"touchpoint_{index}")
        ordered = tuple(sorted(rows, key=lambda row: row == "backstage"))
        return cls(journey, words, steps, ordered, uses, names, not journey.cast())

    def width(self, bands: Sequence[range]) -> float:
        longest = max((len(band) for band in bands), default=1)
        tail = CONTINUE_GAP + CONTINUE_WIDTH if len(bands) > 1 else 0.0
        return GUTTER + max(longest, 4) * PITCH - STEP_GAP + tail

    def aspect(self, bands: list[range]) -> float:
        """Width over height of the drawing in these bands, its rows taken one sub-row high."""
        height = 2 * _LEGEND_ROW + 60.0 + BAND_GAP * (len(bands) - 1)
        for band in bands:
            members = self.steps[band.start : band.stop]
            rows = {_row_of(tp) for step in members for tp in step.touchpoints}
            height += STAGE_HEAD + STAGE_GAP + max(step.height for step in members)
            height += FAN + len(rows) * (CHIP_HEIGHT + ROW_GAP) + (VISIBILITY_GAP - ROW_GAP) * ("backstage" in rows)
        return self.width(bands) / height


def flow_dot(journey: Journey, source_name: str, focus: str | None = None, state: str | None = None) -> str:
    """The DOT source of the flow view of a journey (already narrowed to `focus`, a persona id, if any),
    of its steps in `state` ("current" or "future") only when given."""
    words = words_for(journey.locale)
    flow = _Flow.of(journey, words, flow_steps(journey, words, focus, state))
    starts = [i == 0 or step.stage_index != flow.steps[i - 1].stage_index for i, step in enumerate(flow.steps)]
    bands = flowbands.wrap(starts, flow.aspect)
    full_width = flow.width(bands)
    canvas = FlowCanvas()
    title = wrap(_title(journey, words, focus, state), full_width, _TITLE.size, bold=True, max_lines=2)
    canvas.text("title", "title", 0, 0, full_width, title, _TITLE)
    bottom = _draw_legend(canvas, flow, block_height(len(title), _TITLE.size) + 12, full_width)
    for number in range(len(bands)):
        bottom = _draw_band(canvas, flow, bands, number, bottom + BAND_GAP * bool(number), full_width)
    text = footer(words, journey, source_name, "flow", focus, state)
    canvas.text("footer", "footer", 0, bottom + 16, full_width, (text,), Font(8, theme.FAINT), align="right")
    return canvas.dot("journeymap flow view", lines_under_shapes=True)


def _title(journey: Journey, words: Words, focus: str | None, state: str | None) -> str:
    persona = journey.persona(focus) if focus else None
    return titled(words, journey.title or "", persona.name if persona else "", words.choice("state", state))


def _row_of(touchpoint: Touchpoint) -> str:
    return "backstage" if touchpoint.backstage else touchpoint.channel or "other"


def _gap_before(row: str) -> float:
    return VISIBILITY_GAP if row == "backstage" else ROW_GAP


# ---------------------------------------------------------------- a band


def _draw_band(
    canvas: FlowCanvas, flow: _Flow, bands: list[range], number: int, top: float, full_width: float
) -> float:
    """Draws one band from `top`: stage headings, steps, arrows, continuation tags, rows and links; returns
    its bottom."""
    band = bands[number]
    members = flow.steps[band.start : band.stop]
    _draw_stage_heads(canvas, flow, bands, number, top)
    step_top = top + STAGE_HEAD + STAGE_GAP
    height = max(step.height for step in members)
    for column, step in enumerate(members):
        draw_step(canvas, step, GUTTER + column * PITCH, step_top, height)
    for before, after in zip(members, members[1:]):
        if follows(before, after):  # today's step never leads into the future one that replaces it
            _arrow(canvas, f"step_{before.index}", f"step_{after.index}", hand_off(before, after, flow.anonymous))
    _draw_continuations(canvas, flow, bands, number, step_top, height)
    layout = place_band(_wanted(members), flow.rows, len(members), _gap_before)
    bottom = step_top + height
    _draw_rows(canvas, flow.words, layout, number, bottom, full_width)
    _draw_chips_and_links(canvas, flow, members, layout, number, bottom)
    return bottom + layout.height


def _arrow(canvas: FlowCanvas, tail: str, head: str, is_hand_off: bool) -> None:
    if is_hand_off:
        canvas.link(tail, head, HAND_OFF, 2.5, arrow=True, dashed=True)
    else:
        canvas.link(tail, head, NEXT, 1.2, arrow=True)


def _draw_stage_heads(canvas: FlowCanvas, flow: _Flow, bands: list[range], number: int, top: float) -> None:
    """A heading over each run of a stage's steps in the band, in its phase's colour; "…" where the stage
    goes on from the band before or into the next, and a star on a stage that is a moment of truth."""
    band = bands[number]
    phases = [phase.id for phase in flow.journey.phases]
    runs: list[list[int]] = []
    for index in band:
        if runs and flow.steps[runs[-1][-1]].stage_index == flow.steps[index].stage_index:
            runs[-1].append(index)
        else:
            runs.append([index])
    for run in runs:
        stage_index = flow.steps[run[0]].stage_index
        stage = flow.journey.stages[stage_index]
        before = run[0] > 0 and flow.steps[run[0] - 1].stage_index == stage_index
        after = run[-1] + 1 < len(flow.steps) and flow.steps[run[-1] + 1].stage_index == stage_index
        star = "★ " if stage.moment_of_truth else ""  # the whole stage decides whether customers stay
        said = [*onward_lines(flow.words, flow.journey, stage), *(line for line, _ in exit_lines(flow.words,
                flow.journey, stage.exits))]  # fmt: skip
        onward = "" if after else "".join(f" · {line}" for line in said)
        name = f"{'… ' if before else ''}{star}{stage.name}{' …' if after else ''}{onward}"
        color = theme.PHASES[phases.index(stage.phase) % len(theme.PHASES)] if stage.phase in phases else theme.NAVY
        w = len(run) * PITCH - STEP_GAP
        lines = wrap(name, w - 2 * INSET, 10, bold=True, max_lines=2)
        canvas.box(f"stage_{stage_index}_band_{number}", "stage", GUTTER + (run[0] - band.start) * PITCH, top, w,
                   STAGE_HEAD, fill=color, lines=lines, font=Font(10, "white", BOLD))  # fmt: skip


def _draw_continuations(
    canvas: FlowCanvas, flow: _Flow, bands: list[range], number: int, top: float, height: float
) -> None:
    """Where the journey goes on after this band, and where it comes from before it."""
    band = bands[number]
    if number + 1 < len(bands):
        last, following = flow.steps[band.stop - 1], flow.steps[band.stop]
        x = GUTTER + len(band) * PITCH - STEP_GAP + CONTINUE_GAP
        name = f"continues_{number}"
        _tag(canvas, name, x, top, height, flow.words("flow.continues", number=following.index + 1))
        _arrow(canvas, f"step_{last.index}", name, hand_off(last, following, flow.anonymous))
    if number > 0:
        previous, first = flow.steps[band.start - 1], flow.steps[band.start]
        name = f"continued_{number}"
        words = flow.words("flow.continued", number=previous.index + 1)
        _tag(canvas, name, LABEL_WIDTH - CONTINUE_WIDTH, top, height, words)
        _arrow(canvas, name, f"step_{first.index}", hand_off(previous, first, flow.anonymous))


def _tag(canvas: FlowCanvas, name: str, x: float, top: float, height: float, words: str) -> None:
    lines = wrap(words, CONTINUE_WIDTH - 2 * INSET, _TAG.size, bold=True, max_lines=3)
    tag_height = block_height(len(lines), _TAG.size) + 2 * INSET
    canvas.box(name, "continuation", x, top + (height - tag_height) / 2, CONTINUE_WIDTH, tag_height,
               fill=theme.CELL, border=NEXT, rounded=True, lines=lines, font=_TAG)  # fmt: skip


def _wanted(members: list[FlowStep]) -> list[Wanted]:
    """Each touchpoint the band's steps use, with the columns of those steps."""
    columns: dict[str, list[int]] = {}
    rows: dict[str, str] = {}
    for column, step in enumerate(members):
        for touchpoint in step.touchpoints:
            columns.setdefault(touchpoint.id, []).append(column)
            rows[touchpoint.id] = _row_of(touchpoint)
    return [Wanted(touchpoint_id, rows[touchpoint_id], tuple(found)) for touchpoint_id, found in columns.items()]


def _draw_rows(canvas: FlowCanvas, words: Words, layout: Layout, number: int, bottom: float, full_width: float) -> None:
    """Each row's name in the gutter, a rule between rows, and the line of visibility over backstage systems."""
    for index, row in enumerate(layout.rows):
        top = bottom + row.top
        if row.key == "backstage":
            line = top - VISIBILITY_GAP / 2 + 6
            canvas.rule(f"visibility_line_{number}", "visibility-line", 0, line, full_width, theme.MUTED, dashed=True)
            canvas.text(f"visibility_line_{number}_text", "text", 0, line - 11, LABEL_WIDTH,
                        (words("line.visibility"),), Font(7.5, theme.MUTED, ITALIC))  # fmt: skip
        elif index:
            canvas.rule(f"rule_{row.key}_band_{number}", "row-line", 0, top - ROW_GAP / 2, full_width, "#e3e8ee")
        name = words.lane("backstage")[0] if row.key == "backstage" else words.choice("channel", row.key)
        canvas.box(f"row_{row.key}_band_{number}", "channel", 0, top, LABEL_WIDTH, row.height, fill=theme.LANE_LABEL,
                   lines=wrap(name, LABEL_WIDTH - 2 * INSET, 9.5, bold=True, max_lines=2),
                   font=Font(9.5, "white", BOLD))  # fmt: skip


def _draw_chips_and_links(
    canvas: FlowCanvas, flow: _Flow, members: list[FlowStep], layout: Layout, number: int, bottom: float
) -> None:
    touchpoints = {tp.id: tp for step in members for tp in step.touchpoints}
    copies: dict[str, int] = {}
    names = []
    for chip in layout.chips:
        copy = copies.get(chip.touchpoint, 0)
        copies[chip.touchpoint] = copy + 1
        name = f"{flow.names[chip.touchpoint]}_band_{number}" + (f"_copy_{copy}" if copy else "")
        names.append(name)
        _draw_chip(canvas, name, touchpoints[chip.touchpoint], flow.uses[chip.touchpoint], flow.words,
                   GUTTER + chip.box.left, bottom + chip.box.top)  # fmt: skip
    for link in layout.links:
        canvas.link(f"step_{members[link.column].index}", names[link.chip], LINK, 1.0,
                    tail_port=link.tail, head_port=link.head)  # fmt: skip


def _draw_chip(
    canvas: FlowCanvas, name: str, touchpoint: Touchpoint, uses: int, words: Words, x: float, y: float
) -> None:
    fill = theme.BACKSTAGE_FILL if touchpoint.backstage else theme.CHANNEL_FILL.get(touchpoint.channel or "", "#eceff2")
    load = theme.OFF_TARGET[0] if uses >= 5 else theme.mix(fill, "#000000", 0.35)
    lines = (*wrap(touchpoint.name, CHIP_WIDTH - 2 * INSET, _CHIP.size, max_lines=2), words("label.uses", count=uses))
    canvas.box(name, "touchpoint", x, y, CHIP_WIDTH, CHIP_HEIGHT, fill=fill, border=load,
               pen=min(1.0 + 0.5 * (uses - 1), 3.0), dashed=touchpoint.backstage, lines=lines, font=_CHIP)  # fmt: skip


# ---------------------------------------------------------------- the legend


def _draw_legend(canvas: FlowCanvas, flow: _Flow, top: float, full_width: float) -> float:
    """A line (or more) that names what the view's marks mean, only those it draws; returns the first band's top."""
    words = flow.words
    steps = flow.steps
    pairs = [(before, after) for before, after in zip(steps, steps[1:]) if follows(before, after)]
    shown = {"step": bool(steps), "next": any(not hand_off(a, b, flow.anonymous) for a, b in pairs),
             "hand_off": any(hand_off(a, b, flow.anonymous) for a, b in pairs),
             "touchpoint": any(step.touchpoints for step in steps)}  # fmt: skip
    items: list[tuple[str, str, float]] = [
        (key, words(f"flow.{key}"), 30.0 if key in ("next", "hand_off") else 26.0) for key, drawn in shown.items() if drawn
    ]
    stages = [flow.journey.stages[index] for index in sorted({step.stage_index for step in steps})]
    if any(step.moment_of_truth for step in steps) or any(stage.moment_of_truth for stage in stages):
        items.append(("moment_of_truth", words("label.moment_of_truth"), 26.0))
    for state in ("future", "current"):
        if any(step.shown_state == state for step in steps):
            items.append((state, words(f"legend.{'future' if state == 'future' else 'removed'}"), 26.0))
    if any(step.drop_off for step in steps):
        items.append(("drop_off", words("label.exit"), 26.0))
    cast = flow.journey.cast() if any(step.marks for step in steps) else ()
    items += [(f"persona_{place}", _persona_name(flow.journey, persona), 10.0) for place, persona in enumerate(cast)]
    x, y = 0.0, top
    for key, text, sample in items:
        item_width = sample + 6 + width(text, _LEGEND.size) + 22
        if x and x + item_width > full_width:
            x, y = 0.0, y + _LEGEND_ROW
        _draw_sample(canvas, key, x, y + _LEGEND_ROW / 2, sample)
        canvas.text(f"legend_{key}_text", "text", x + sample + 6, y + (_LEGEND_ROW - block_height(1, _LEGEND.size)) / 2,
                    width(text, _LEGEND.size) + 4, (text,), _LEGEND)  # fmt: skip
        x += item_width
    return y + _LEGEND_ROW + 16


def _persona_name(journey: Journey, persona_id: str) -> str:
    persona = journey.persona(persona_id)
    return persona.name if persona else persona_id


def _draw_sample(canvas: FlowCanvas, key: str, x: float, middle: float, sample: float) -> None:
    """A small copy of what the legend names, `sample` points wide, centred on `middle`."""
    name = f"legend_{key}"
    if key in ("next", "hand_off"):
        canvas.anchor(f"{name}_from", x, middle)
        canvas.anchor(f"{name}_to", x + sample, middle)
        _arrow(canvas, f"{name}_from", f"{name}_to", key == "hand_off")
    elif key.startswith("persona_"):
        draw_persona_mark(canvas, name, int(key.removeprefix("persona_")), x + sample / 2, middle)
    else:
        style = _SAMPLES[key]
        canvas.box(name, "legend", x, middle - 8, sample, 16, fill=style[0], border=style[1], pen=style[2],
                   dashed=style[3])  # fmt: skip


_SAMPLES = {  # fill, border, pen, dashed
    "step": (theme.mix(theme.EMOTION_STOPS[3], "#ffffff", 0.86), theme.EMOTION_STOPS[3], 1.5, False),
    "touchpoint": (theme.CHANNEL_FILL["web"], theme.mix(theme.CHANNEL_FILL["web"], "#000000", 0.35), 2.0, False),
    "moment_of_truth": ("white", theme.MOMENT_OF_TRUTH, 3.0, False),
    "future": ("white", theme.FUTURE, 1.5, True),
    "current": ("white", theme.CARD_BORDER, 1.5, False),
    "drop_off": (theme.FINDING["error"][1], theme.FINDING["error"][0], 1.0, False),
}
