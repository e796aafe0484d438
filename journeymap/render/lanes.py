"""The lanes of the map view: one row per kind of content, one cell per stage, cards stacked in a cell."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from journeymap.emotions import readings_for, score
from journeymap.model import Exit, Metric, Opportunity, PainPoint, Reading, Stage, Step, Touchpoint, in_state
from journeymap.render import theme
from journeymap.render.canvas import BOLD, ITALIC, Font
from journeymap.render.cards import Badge, Card, Marker, Style, Text, card, stack_height
from journeymap.render.marks import exit_lines, kinds_shown, moment_badge, onward_lines, stage_name, state_badge
from journeymap.render.scene import CARD_GAP, CELL_PAD, Scene

MIN_HEIGHT = 34.0
BODY = Font(8.5, theme.INK)
SMALL = Font(7, theme.MUTED)
_EXIT = Font(7.5, theme.SEVERITY["high"][0], BOLD)
_FLOW = Font(7.5, theme.MUTED, BOLD)


@dataclass(frozen=True)
class Lane:
    key: str
    cells: tuple[tuple[Card, ...], ...]  # one per stage, in stage order
    marked: frozenset[int]  # stages whose cell holds a finding about the cell itself

    @cached_property  # measured over every cell: once
    def height(self) -> float:
        return max(MIN_HEIGHT, max((stack_height(cell, CARD_GAP) for cell in self.cells), default=0.0) + 2 * CELL_PAD)


def card_lanes(scene: Scene) -> list[Lane]:
    """The card lanes that have something in at least one cell, in the order of the map."""
    lanes = []
    for key, build in _BUILDERS.items():
        cells, marked = [], set()
        for index, stage in enumerate(scene.journey.stages):
            cell = list(build(scene, stage))
            findings = scene.notes.cell(stage.path[1], key)
            if findings:
                marked.add(index)
                cell += scene.finding_cards(findings)
            cells.append(tuple(cell))
        if any(cells):
            lanes.append(Lane(key, tuple(cells), frozenset(marked)))
    return lanes


def _with_findings(scene: Scene, element: Step | PainPoint | Opportunity | Metric, built: Card) -> Iterator[Card]:
    yield built
    yield from scene.finding_cards(scene.notes.card(element.path))


def _marker(scene: Scene, step: Step, stage: Stage) -> Marker:
    """The step's number, in the colour of how it feels when one curve is drawn (several: no one colour)."""
    value = None
    if len(scene.curves) == 1:
        state = next((state for state in scene.states if in_state(step, state)), scene.states[0])
        value = score(readings_for(scene.journey, step, state, stage), scene.curves[0])
    return Marker(scene.numbers[step.path], theme.emotion_color(value) if value is not None else theme.MUTED)


def _steps(scene: Scene, stage: Stage) -> Iterator[Card]:
    for step in stage.steps:
        marks = scene.persona_marks(scene.journey.step_personas(step, stage))
        badges, style, notes = _step_marks(scene, step)
        texts = [Text(step.name, BODY), *notes, *_exits(scene, step.exits)]
        built = card("step", scene.grid.card_width, style, texts, badges=badges, marker=_marker(scene, step, stage),
                     marks=marks)  # fmt: skip
        yield from _with_findings(scene, step, built)


def _step_marks(scene: Scene, step: Step) -> tuple[list[Badge], Style, list[Text]]:
    """A step's badges, frame and notes: what its state says beside the other state's journey, and a
    moment of truth's gold frame and badge."""
    badges, style, notes = _state_marks(scene, step)
    if step.moment_of_truth:
        badges.insert(0, moment_badge(scene.words))
        style = dataclasses.replace(style, border=theme.MOMENT_OF_TRUTH, pen=2.0)
    return badges, style, notes


def _state_marks(scene: Scene, step: Step) -> tuple[list[Badge], Style, list[Text]]:
    """Beside today's journey, what the future adds (dashed, with what it replaces) and what goes away
    (with what replaces it); nothing when one state is drawn."""
    words, badge = scene.words, _state_badge(scene, step.state)
    if badge is None:
        return [], Style("white", theme.CARD_BORDER), []
    if step.state == "future":
        named = [_step_name(scene, other) for other in step.replaces]
        note = Text(words("label.replaces", name="; ".join(named)), Font(7.5, theme.FUTURE), max_lines=3)
        return [badge], Style(theme.FUTURE_FILL, theme.FUTURE, dashed=True), [note] if named else []
    successors = [_named(scene, other) for other in scene.replaced_by.get(step.id or "", ())]
    note = Text(words("label.replaced_by", name="; ".join(successors)), SMALL, max_lines=3)
    return [badge], Style(theme.REMOVED_FILL, theme.BACKSTAGE_BORDER), [note] if successors else []


def _state_badge(scene: Scene, state: str | None) -> Badge | None:
    return state_badge(scene.words, state, scene.drawn_state)


def _step_name(scene: Scene, step_id: str) -> str:
    step = scene.journey.step(step_id)
    return _named(scene, step) if step is not None else step_id


def _named(scene: Scene, step: Step) -> str:
    number = scene.numbers.get(step.path)
    return f"({number}) {step.name}" if number is not None else step.name


def _exits(scene: Scene, exits: Sequence[Exit]) -> Iterator[Text]:
    """Where customers drop off, as a small note: the share that leaves and where some come back."""
    for headline, description in exit_lines(scene.words, scene.journey, exits):
        yield Text(headline, _EXIT, max_lines=3)
        yield Text(description, SMALL, max_lines=2)


def _touchpoint_card(scene: Scene, touchpoint: Touchpoint) -> Card:
    channel = scene.words.choice("channel", touchpoint.channel)
    texts = [Text(touchpoint.name, BODY, max_lines=4), Text(channel, SMALL, max_lines=1)]
    if touchpoint.backstage:
        style = Style(theme.BACKSTAGE_FILL, theme.BACKSTAGE_BORDER, dashed=True)
    else:
        fill = theme.CHANNEL_FILL.get(touchpoint.channel or "", theme.BACKSTAGE_FILL)
        style = Style(fill, theme.mix(fill, "#000000", 0.18))
    badge = _state_badge(scene, touchpoint.state)
    if badge is not None and touchpoint.state == "future":  # what the future adds: dashed too
        style = Style(style.fill, theme.FUTURE, dashed=True, pen=1.5)
    return card("touchpoint", scene.grid.card_width, style, texts, badges=[badge] if badge else [])


def _touchpoints_of(scene: Scene, stage: Stage, backstage: bool) -> Iterator[Card]:
    for touchpoint_id in stage.touchpoint_ids():
        touchpoint = scene.journey.touchpoint(touchpoint_id)
        if touchpoint is None or touchpoint.backstage != backstage:
            continue
        yield _touchpoint_card(scene, touchpoint)
        if touchpoint.file == scene.journey.file:  # findings about it are drawn once, at its first use
            yield from scene.finding_cards(scene.notes.take(("touchpoint", touchpoint.path[1])))


def _frontstage(scene: Scene, stage: Stage) -> Iterator[Card]:
    return _touchpoints_of(scene, stage, backstage=False)


def _backstage(scene: Scene, stage: Stage) -> Iterator[Card]:
    return _touchpoints_of(scene, stage, backstage=True)


def _thought(
    scene: Scene, text: str, marker: Marker | None = None, marks: Sequence[tuple[str, str]] = (), future: bool = False
) -> Card:
    if future:  # a thought of the future journey beside today's
        style = Style(theme.THOUGHT_FILL, theme.FUTURE, rounded=True, dashed=True)
    else:
        style = Style(theme.THOUGHT_FILL, theme.THOUGHT_BORDER, rounded=True)
    return card("thought", scene.grid.card_width, style, [Text(f"“{text}”", Font(8.5, theme.INK, ITALIC))],
                marker=marker, marks=marks)  # fmt: skip


def _thoughts(scene: Scene, stage: Stage) -> Iterator[Card]:
    """What customers think: each reading's thought, at its step (with the step's number) or its stage,
    marked with whose it is; beside today's journey, the future's dashed."""
    for step in stage.steps:
        takers = scene.journey.step_personas(step, stage)
        for reading, future in _thinking(scene, step, stage):
            marks = scene.persona_marks((reading.persona,) if reading.persona else takers)
            yield _thought(scene, reading.thought or "", _marker(scene, step, stage), marks, future)
    for thought in stage.thoughts:
        yield _thought(scene, thought)
    for reading, future in _thinking(scene, stage, None):
        marks = scene.persona_marks((reading.persona,) if reading.persona else stage.personas or scene.cast)
        yield _thought(scene, reading.thought or "", None, marks, future)


def _thinking(scene: Scene, element: Step | Stage, stage: Stage | None) -> Iterator[tuple[Reading, bool]]:
    """The element's readings with a thought, in the states drawn, each once; whether it is the future's."""
    seen = set()
    for state in scene.states:
        for reading in scene.journey.readings_in(element, state, stage):
            if reading.thought and reading.path not in seen:
                seen.add(reading.path)
                yield reading, scene.comparing and state == "future"


def _pain_points(scene: Scene, stage: Stage) -> Iterator[Card]:
    for pain_point in stage.pain_points:
        badges = ()
        style = Style(theme.PAIN_FILL, theme.PAIN_BORDER)
        if pain_point.severity in theme.SEVERITY:
            color, fill = theme.SEVERITY[pain_point.severity]
            badges = (Badge(scene.words.choice("severity", pain_point.severity), color),)
            style = Style(fill, theme.mix(color, "#ffffff", 0.45))
        texts = [Text(pain_point.description, BODY)]
        yield from _with_findings(scene, pain_point, card("pain-point", scene.grid.card_width, style, texts,
                                                          badges=badges))  # fmt: skip


def _opportunities(scene: Scene, stage: Stage) -> Iterator[Card]:
    for opportunity in stage.opportunities:
        status = opportunity.status
        badges = (Badge(scene.words.choice("status", status), theme.STATUS[status]),) if status in theme.STATUS else ()
        owner = f"{scene.words('label.owner')}: {opportunity.owner}" if opportunity.owner else ""
        texts = [Text(opportunity.description, BODY), Text(owner, SMALL, max_lines=2)]
        style = Style(theme.OPPORTUNITY_FILL, theme.OPPORTUNITY_BORDER)
        built = card("opportunity", scene.grid.card_width, style, texts, badges=badges)
        yield from _with_findings(scene, opportunity, built)


def _metrics(scene: Scene, stage: Stage) -> Iterator[Card]:
    for metric in stage.metrics:
        yield from _with_findings(scene, metric, _metric_card(scene, metric))


def _metric_card(scene: Scene, metric: Metric) -> Card:
    words = scene.words
    verdict = metric.off_target
    color, fill, border = theme.OFF_TARGET if verdict else theme.ON_TARGET
    badges = () if verdict is None else (Badge(words("label.off_target" if verdict else "label.on_target"), color),)
    style = Style(fill, border) if verdict is not None else Style("white", theme.CARD_BORDER)
    actual = theme.quantity(metric.actual, metric.unit, words) if metric.actual is not None else ""
    texts = [
        Text(metric.name, Font(8, theme.MUTED), max_lines=4),
        Text(actual, Font(13, color if verdict else theme.INK, BOLD), max_lines=2),
        Text(_target(metric, scene), Font(7.5, theme.MUTED), max_lines=2),
    ]
    return card("metric", scene.grid.card_width, style, texts, badges=badges)


def _target(metric: Metric, scene: Scene) -> str:
    if metric.target is None:
        return ""
    sign = {"increase": "≥ ", "decrease": "≤ "}.get(metric.direction or "", "")
    return f"{scene.words('label.target')} {sign}{theme.quantity(metric.target, metric.unit, scene.words)}"


_BUILDERS: dict[str, Callable[[Scene, Stage], Iterator[Card]]] = {
    "steps": _steps,
    "touchpoints": _frontstage,
    "backstage": _backstage,
    "thoughts": _thoughts,
    "pain_points": _pain_points,
    "opportunities": _opportunities,
    "metrics": _metrics,
}


# ---------------------------------------------------------------- the stage headings


def stage_lanes(scene: Scene) -> tuple[Lane, Lane | None]:
    """The stage headings as a lane of their own (kind, name, goal, and how the stage stands in the
    journey), then the findings about the stages in a row of their own under them (None without any), so
    one note does not stretch every heading."""
    heads, notes, marked = [], [], set()
    stages = scene.journey.stages
    for index, (stage, kind) in enumerate(zip(stages, _kinds(scene), strict=True)):
        heads.append((_stage_card(scene, stage, kind, list(onward_lines(scene.words, scene.journey, stage))),))
        findings = scene.notes.cell(stage.path[1], "header")
        if findings:
            marked.add(index)
        notes.append(tuple(scene.finding_cards(findings)))
    below = Lane("stage_notes", tuple(notes), frozenset(marked)) if marked else None
    return Lane("stages", tuple(heads), frozenset()), below


def _kinds(scene: Scene) -> list[str]:
    """Each stage's kind label, blank where it would repeat or contradict a stage name (kept blank, so the
    names stay in line)."""
    kept = kinds_shown(scene.words, scene.journey.stages)
    return [kind or "\u00a0" for kind in kept] if any(kept) else kept


def _stage_card(scene: Scene, stage: Stage, kind: str, onward: list[str]) -> Card:
    words = scene.words
    tint = theme.mix(scene.phase_color(stage.phase), "#ffffff", 0.87)
    texts = [
        Text(kind, Font(7, theme.MUTED, BOLD), max_lines=1),
        Text(stage.name, Font(12, theme.INK, BOLD), max_lines=3),
        Text(f"{words('label.goal')}: {stage.goal}" if stage.goal else "", Font(8.5, theme.MUTED, ITALIC), max_lines=5),
        *(Text(line, _FLOW, max_lines=2) for line in onward),
        *_exits(scene, stage.exits),
    ]
    badge = _state_badge(scene, stage.state)
    badges = [moment_badge(scene.words)] if stage.moment_of_truth else []
    badges += [badge] if badge is not None else []
    future = badge is not None and stage.state == "future"
    replaced = [stage_name(scene.journey, other) for other in stage.replaces] if future else []
    if replaced:
        texts.append(Text(words("label.replaces", name="; ".join(replaced)), Font(7.5, theme.FUTURE), max_lines=3))
    border = theme.MOMENT_OF_TRUTH if stage.moment_of_truth else theme.FUTURE if future else None
    style = Style(tint, border, dashed=future, pen=2.0 if stage.moment_of_truth else 1.0)
    return card("stage", scene.grid.card_width, style, texts, badges=badges)
