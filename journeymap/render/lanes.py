"""The lanes of the map view: one row per kind of content, one cell per stage, cards stacked in a cell."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from journeymap.model import Metric, Opportunity, PainPoint, Stage, Step, Touchpoint
from journeymap.render import theme
from journeymap.render.canvas import BOLD, ITALIC, Font
from journeymap.render.cards import Badge, Card, Marker, Style, Text, card, stack_height
from journeymap.render.scene import CARD_GAP, CELL_PAD, Scene

MIN_HEIGHT = 34.0
BODY = Font(8.5, theme.INK)
SMALL = Font(7, theme.MUTED)


@dataclass(frozen=True)
class Lane:
    key: str
    cells: tuple[tuple[Card, ...], ...]  # one per stage, in stage order
    marked: frozenset[int]  # stages whose cell holds a finding about the cell itself

    @cached_property  # measured over every cell: once
    def height(self) -> float:
        return max(MIN_HEIGHT, max(stack_height(cell, CARD_GAP) for cell in self.cells) + 2 * CELL_PAD)


def card_lanes(scene: Scene) -> list[Lane]:
    """The card lanes that have something in at least one cell, in the order of the map."""
    lanes = []
    for key, build in _BUILDERS.items():
        cells, marked = [], set()
        for index, stage in enumerate(scene.journey.stages):
            cell = list(build(scene, stage))
            findings = scene.notes.cell(index, key)
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


def _marker(scene: Scene, step: Step) -> Marker:
    color = theme.emotion_color(step.emotion) if step.emotion is not None else theme.MUTED
    return Marker(scene.numbers[step.path], color)


def _steps(scene: Scene, stage: Stage) -> Iterator[Card]:
    for step in stage.steps:
        stripe = scene.persona_colors.get(step.personas[0] if len(step.personas) == 1 else "")
        style = Style("white", theme.CARD_BORDER)
        built = card("step", scene.grid.card_width, style, [Text(step.name, BODY)], stripe=stripe,
                     marker=_marker(scene, step))  # fmt: skip
        yield from _with_findings(scene, step, built)


def _touchpoint_card(scene: Scene, touchpoint: Touchpoint) -> Card:
    channel = scene.words.choice("channel", touchpoint.channel)
    texts = [Text(touchpoint.name, BODY, max_lines=4), Text(channel, SMALL, max_lines=1)]
    if touchpoint.backstage:
        style = Style(theme.BACKSTAGE_FILL, theme.BACKSTAGE_BORDER, dashed=True)
    else:
        fill = theme.CHANNEL_FILL.get(touchpoint.channel or "", theme.BACKSTAGE_FILL)
        style = Style(fill, theme.mix(fill, "#000000", 0.18))
    return card("touchpoint", scene.grid.card_width, style, texts)


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


def _thought(scene: Scene, text: str, marker: Marker | None = None) -> Card:
    style = Style(theme.THOUGHT_FILL, theme.THOUGHT_BORDER, rounded=True)
    return card("thought", scene.grid.card_width, style, [Text(f"“{text}”", Font(8.5, theme.INK, ITALIC))],
                marker=marker)  # fmt: skip


def _thoughts(scene: Scene, stage: Stage) -> Iterator[Card]:
    for step in stage.steps:
        if step.thought:
            yield _thought(scene, step.thought, _marker(scene, step))
    for thought in stage.thoughts:
        yield _thought(scene, thought)


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
