"""The Markdown export: one document per map, for a wiki page or a pull request.

It reads as the map does: the title and the map's header (description, objective, owner, status, state,
reviewed date, tags); the diagram, as the picture `journeymap render` drew beside the map or the document
when there is one, and as the Mermaid journey GitHub and GitLab draw; the personas; a section per stage
(what it is, then tables of its steps, emotions per persona, pain points, opportunities, metrics and
blueprint actions); the touchpoints; and the research sources. A table leaves out the columns nobody
filled.

The words journeymap writes are in the map's language (`export.markdown.*` and the shared choices of
journeymap/locales). Every text from the map goes through `markdowntext.literal`, so a map cannot break a
table or bring in markup, HTML, links, mentions or math; the same map gives the same bytes.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from urllib.parse import quote

from journeymap import emotions
from journeymap.exchange.document import document
from journeymap.exchange.formats import ExportContext
from journeymap.markdowntext import literal
from journeymap.model import Action, Exit, Journey, Opportunity, PainPoint, Persona, Reading, Stage, Step, Touchpoint
from journeymap.render.durations import duration_text
from journeymap.render.output import diagram_name
from journeymap.render.theme import number, quantity
from journeymap.words import Words, words_for

_KEY = "export.markdown."
_BREAK = "<br>"  # several entries in one table cell: GitHub, GitLab and CommonMark all allow it
_VIEWS = ("map", "blueprint", "flow")  # the rendered diagrams a document shows, the map view first
_PICTURES = ("svg", "png")


def export(journey: Journey, context: ExportContext) -> str:
    """The map as one Markdown document."""
    page = _Page(journey, words_for(context.locale or journey.locale), document(journey))
    blocks = [
        *_header(page),
        *_diagrams(page, context),
        *_personas(page),
        *(block for number_, stage in enumerate(journey.stages, 1) for block in _stage(page, stage, number_)),
        *_touchpoints(page),
        *_sources(page),
        "---",
        literal(page.word("footer", source=context.shown)),
    ]
    return "\n\n".join(blocks) + "\n"


@dataclass(frozen=True)
class _Page:
    """What every section reads: the map, its words, and the shared definitions the document holds."""

    journey: Journey
    words: Words
    data: dict

    def word(self, key: str, **fields: object) -> str:
        return self.words(_KEY + key, **fields)

    def choice(self, group: str, value: str | None) -> str:
        """A choice of the format in the map's words, as a table shows it: 'High', not 'HIGH'."""
        word = self.words.choice(group, value)
        return word[:1].upper() + word[1:].lower() if word.isupper() else word

    def defined(self, key: str) -> list[str]:
        return [item["id"] for item in self.data.get(key, ())]

    @property
    def several_personas(self) -> bool:
        return len(self.journey.cast()) > 1

    def persona_name(self, persona_id: str | None) -> str:
        if persona_id is None:
            everyone = self.words("label.everyone")
            return everyone[:1].upper() + everyone[1:]
        persona = self.journey.persona(persona_id)
        return persona.name if persona is not None else persona_id

    def touchpoint_name(self, touchpoint_id: str) -> str:
        touchpoint = self.journey.touchpoint(touchpoint_id)
        if touchpoint is None:
            return touchpoint_id
        return f"{touchpoint.name} ({self.words.choice('channel', touchpoint.channel)})" if touchpoint.channel else touchpoint.name

    def stage_name(self, stage_id: str) -> str:
        stage = self.journey.stage(stage_id)
        return stage.name if stage is not None else stage_id

    def step_name(self, step_id: str) -> str:
        step = self.journey.step(step_id)
        return step.name if step is not None else step_id

    def source_name(self, source_id: str) -> str:
        source = self.journey.research_source(source_id)
        return source.name if source is not None else source_id

    @functools.cached_property
    def pain_point_descriptions(self) -> dict[str, str]:
        return {pain_point.id: pain_point.description for _, pain_point in self.journey.pain_points() if pain_point.id}

    def yes(self, value: bool | None) -> str:
        return "" if value is None else self.word("yes" if value else "no")


# ---------------------------------------------------------------- blocks


def _heading(level: int, text: str) -> str:
    return f"{'#' * level} {text}"


def _fields(items: Iterable[tuple[str, str]]) -> list[str]:
    """A list of '**Label:** value' lines for the values given; values are Markdown already."""
    lines = [f"- **{literal(label)}:** {value}" for label, value in items if value]
    return ["\n".join(lines)] if lines else []


def _listed(label: str, items: Sequence[str]) -> list[str]:
    """'**Goals:**' and a list of them, when there are any."""
    if not items:
        return []
    return [f"**{literal(label)}:**", _bullets(items)]


class _Markdown(str):
    """Text that is Markdown already (its map text made literal), which a table cell takes as it is."""


class _Table:
    """A GitHub table: cells are plain text, escaped here, or lists of them, one a line; a column nobody
    filled is left out, the first always kept."""

    def __init__(self, *headings: str, right: Sequence[int] = ()) -> None:
        self.headings = headings
        self.right = frozenset(right)  # numbers read best aligned right
        self.rows: list[list[str]] = []

    def add(self, *cells: str | Sequence[str] | None) -> None:
        self.rows.append([_cell(cell) for cell in cells])

    def blocks(self) -> list[str]:
        if not self.rows:
            return []
        kept = [i for i in range(len(self.headings)) if i == 0 or any(row[i] for row in self.rows)]
        lines = [
            _row(literal(self.headings[i]) for i in kept),
            _row("---:" if i in self.right else "---" for i in kept),
            *(_row(row[i] for i in kept) for row in self.rows),
        ]
        return ["\n".join(lines)]


def _cell(cell: str | Sequence[str] | None) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell if isinstance(cell, _Markdown) else literal(cell)
    return _BREAK.join(_cell(item) for item in cell if item)


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


# ---------------------------------------------------------------- the map's header


def _header(page: _Page) -> list[str]:
    journey = page.journey
    blocks = [_heading(1, literal(journey.title or ""))]
    blocks += [literal(journey.description)] if journey.description else []
    blocks += _fields([
        (page.word("objective"), literal(journey.objective or "")),
        (page.word("owner"), literal(journey.owner or "")),
        (page.word("status"), literal(page.choice("map_status", journey.status))),
        (page.word("state"), literal(page.choice("state", journey.state))),
        (page.word("reviewed"), journey.reviewed.isoformat() if journey.reviewed else ""),
        (page.word("tags"), ", ".join(literal(tag) for tag in journey.tags)),
    ])  # fmt: skip
    return blocks


# ---------------------------------------------------------------- the diagram


def _diagrams(page: _Page, context: ExportContext) -> list[str]:
    """The pictures `render` drew of the map, linked from where the document goes, and the Mermaid journey."""
    blocks = [_heading(2, literal(page.word("diagram")))]
    base = Path(os.path.abspath(context.output.parent if context.output is not None else context.source.parent))
    for view, found in _rendered(context):
        link = quote(Path(os.path.relpath(found, base)).as_posix())
        alt = literal(page.words("describe.view", view=page.words(f"view.{view}"), title=page.journey.title or ""))
        blocks.append(f"[![{alt}]({link})]({link})")
    blocks += [literal(page.word("mermaid")), _fence("mermaid", _mermaid(page.journey))]
    return blocks


def _rendered(context: ExportContext) -> Iterator[tuple[str, Path]]:
    """Each view's rendered diagram (SVG before PNG) next to the map, else next to the document written."""
    folders = [context.source.parent, *([context.output.parent] if context.output is not None else [])]
    places = list(dict.fromkeys(Path(os.path.abspath(folder)) for folder in folders))
    for view in _VIEWS:
        candidates = (folder / diagram_name(context.source, view, None, picture) for picture in _PICTURES for folder in places)
        found = next((path for path in candidates if _is_file(path)), None)
        if found is not None:
            yield view, found


def _is_file(path: Path) -> bool:
    """Whether a diagram is there; a name too long or a folder that cannot be read has none."""
    try:
        return path.is_file()
    except OSError:
        return False


def _mermaid(journey: Journey) -> str:
    from journeymap.exchange.mermaid import journey_diagram  # noqa: PLC0415 -- loaded with the page that embeds it

    return journey_diagram(journey)


def _fence(language: str, text: str) -> str:
    """A fenced code block longer than any run of backticks inside it, so the text cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = text.rstrip("\n")
    return f"{fence}{language}\n{body}\n{fence}"


# ---------------------------------------------------------------- personas


def _personas(page: _Page) -> list[str]:
    kept = page.defined("personas")
    if not kept:
        return []
    blocks = [_heading(2, literal(page.words("label.personas")))]
    for persona_id in kept:
        persona = page.journey.persona(persona_id)
        if persona is not None:
            blocks += _persona(page, persona)
    return blocks


def _persona(page: _Page, persona: Persona) -> list[str]:
    about = [page.words("label.age", age=persona.age) if persona.age is not None else "",
             persona.occupation or "", persona.location or ""]  # fmt: skip
    blocks = [_heading(3, literal(persona.name))]
    blocks += [literal(persona.description)] if persona.description else []
    blocks += [literal(" · ".join(part for part in about if part))] if any(about) else []
    blocks += _listed(page.word("goals"), persona.goals)
    blocks += _listed(page.word("frustrations"), persona.frustrations)
    blocks += [f"> {literal(persona.quote)}"] if persona.quote else []
    return blocks


# ---------------------------------------------------------------- stages


def _stage(page: _Page, stage: Stage, place: int) -> list[str]:
    blocks = [_heading(2, f"{place}. {literal(stage.name)}")]
    blocks += [literal(stage.description)] if stage.description else []
    blocks += _stage_fields(page, stage)
    blocks += _section(page, "lane.steps", _steps(page, stage))
    blocks += _section(page, "lane.thoughts", [_bullets(stage.thoughts)] if stage.thoughts else [])
    blocks += _section(page, "lane.emotions", _stage_emotions(page, stage))
    blocks += _section(page, "lane.pain_points", _pain_points(page, stage))
    blocks += _section(page, "lane.opportunities", _opportunities(page, stage))
    blocks += _section(page, "lane.metrics", _metrics(page, stage))
    blocks += _section(page, "view.blueprint", _blueprint(page, stage))
    return blocks


def _section(page: _Page, key: str, blocks: list[str]) -> list[str]:
    if not blocks:
        return []
    title = page.words(key)
    return [_heading(3, literal(title[:1].upper() + title[1:])), *blocks]


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {literal(item)}" for item in items)


def _stage_fields(page: _Page, stage: Stage) -> list[str]:
    phase = page.journey.phase(stage.phase) if stage.phase else None
    return _fields([
        (page.word("phase"), literal(phase.name if phase else stage.phase or "")),
        (page.word("kind"), literal(page.choice("kind", stage.kind))),
        (page.word("goal"), literal(stage.goal or "")),
        (page.word("owner"), literal(stage.owner or "")),
        (page.word("personas"), ", ".join(literal(page.persona_name(p)) for p in stage.personas)),
        (page.word("touchpoints"), ", ".join(literal(page.touchpoint_name(t)) for t in stage.touchpoints)),
        (page.word("moment_of_truth"), literal(page.word("yes")) if stage.moment_of_truth else ""),
        (page.word("state"), literal("; ".join(_state(page, stage.state, stage.replaces, page.stage_name)))),
        (page.word("next"), ", ".join(literal(page.stage_name(s)) for s in stage.next)),
        (page.word("drop_offs"), "; ".join(literal(text) for text in _exits(page, stage.exits))),
    ])  # fmt: skip


def _state(page: _Page, state: str | None, replaces: Sequence[str] = (), name_of: Callable[[str], str] = str) -> list[str]:
    """'Only in the future', 'Removed in the future', and what a future element replaces."""
    said = [page.words("legend.future" if state == "future" else "legend.removed")] if state else []
    return said + [page.words("label.replaces", name=name_of(item)) for item in replaces]


def _exits(page: _Page, exits: Sequence[Exit]) -> list[str]:
    """'Hangs up in the queue (38% drop off, returns to Finding out how)'."""
    shown = []
    for exit_ in exits:
        parts = [page.words("label.exit_rate", rate=quantity(exit_.rate, "%", page.words))] if exit_.rate is not None else []
        parts += [page.words("label.returns_to", stage=page.stage_name(exit_.returns_to))] if exit_.returns_to else []
        shown.append(f"{exit_.description} ({', '.join(parts)})" if parts else exit_.description)
    return shown


# ---------------------------------------------------------------- steps


def _steps(page: _Page, stage: Stage) -> list[str]:
    table = _Table(*(page.word(key) for key in ("step", "personas", "touchpoints", "emotion", "thought", "time",
                                                "physical_evidence", "drop_offs")))  # fmt: skip
    for step in stage.steps:
        table.add(
            _step_cell(page, step),
            _who(page, step.personas),
            [page.touchpoint_name(t) for t in step.touchpoints],
            [_reading_text(page, r, step.readings()) for r in step.readings() if r.emotion is not None or r.feeling],
            [_whose(page, r, step.readings(), r.thought) for r in step.readings() if r.thought],
            _times(page, step),
            step.physical_evidence,
            _exits(page, step.exits),
        )  # fmt: skip
    return table.blocks()


def _step_cell(page: _Page, step: Step) -> list[str]:
    """The step's name, its description, and in italics whether it is a moment of truth and its state."""
    marks = [f"★ {page.words('legend.moment_of_truth')}"] if step.moment_of_truth else []
    marks += _state(page, step.state, step.replaces, page.step_name)
    return [step.name, step.description or "", *(_emphasised(mark) for mark in marks)]


def _emphasised(text: str) -> _Markdown:
    return _Markdown(f"*{literal(text)}*")


def _who(page: _Page, personas: Sequence[str]) -> str:
    """The personas an element names; none named is everyone, said only where the map has several."""
    if personas:
        return ", ".join(page.persona_name(p) for p in personas)
    return page.persona_name(None) if page.several_personas else ""


def _whose(page: _Page, reading: Reading, readings: Sequence[Reading], text: str | None) -> str:
    """'Hannah Price: text' for a persona's reading; a reading of everyone beside others' says so."""
    if reading.persona is None and not any(other.persona for other in readings):
        return text or ""
    return _Markdown(f"**{literal(page.persona_name(reading.persona))}:** {literal(text or '')}")


def _reading_text(page: _Page, reading: Reading, readings: Sequence[Reading]) -> str:
    """'Hannah Price: -1 negative (anxious), future'."""
    said = _score(page, reading.emotion) if reading.emotion is not None else ""
    said = f"{said} ({reading.feeling})" if said and reading.feeling else said or reading.feeling or ""
    said = f"{said}, {page.words.choice('state', reading.state).lower()}" if reading.state else said
    return _whose(page, reading, readings, said)


def _score(page: _Page, score: float) -> str:
    """An emotion as its number and its word: '-1 negative', '+1.5 very positive' (halves away from 0)."""
    shown = number(round(score, 1), page.words)
    word = page.word(f"emotion.{int(math.copysign(math.floor(abs(score) + 0.5), score)) if score else 0}")
    return f"{'+' if score > 0 else ''}{shown} {word}"


def _times(page: _Page, step: Step | Action) -> list[str]:
    times = [page.words("label.wait", duration=duration_text(step.wait, page.words))] if getattr(step, "wait", None) else []
    times += [page.words("label.duration", duration=duration_text(step.duration, page.words))] if step.duration else []
    return times


# ---------------------------------------------------------------- emotions, pain points, opportunities, metrics


def _stage_emotions(page: _Page, stage: Stage) -> list[str]:
    """Each persona's emotion in the stage, in each state the map draws: the mean of its points."""
    states = emotions.drawn_states(page.journey)
    personas: Sequence[str | None] = page.journey.stage_personas(stage) or (None,)
    points = {state: emotions.stage_points(page.journey, stage, state, personas) for state in states}
    if not any(points.values()):
        return []
    columns = [page.words.choice("state", state) for state in states] if len(states) > 1 else [page.word("emotion")]
    table = _Table(page.word("persona"), *columns)
    for persona in personas:
        scores = [points[state].get(persona) for state in states]
        if any(scores):
            table.add(page.persona_name(persona), *(_score(page, mean(v for _, v in s)) if s else "" for s in scores))
    return table.blocks()


def _pain_points(page: _Page, stage: Stage) -> list[str]:
    table = _Table(*(page.word(key) for key in ("pain_point", "severity", "personas", "evidence", "resolved")))
    for pain_point in stage.pain_points:
        table.add(pain_point.description, page.choice("severity", pain_point.severity), _who(page, pain_point.personas),
                  _evidence(page, pain_point), pain_point.resolved.isoformat() if pain_point.resolved else "")  # fmt: skip
    return table.blocks()


def _evidence(page: _Page, pain_point: PainPoint) -> list[str]:
    sources = ", ".join(page.source_name(s) for s in pain_point.sources)
    return [pain_point.evidence or "", page.word("sources", sources=sources) if sources else ""]


def _opportunities(page: _Page, stage: Stage) -> list[str]:
    table = _Table(*(page.word(key) for key in ("opportunity", "status", "owner", "impact", "effort", "addresses")))
    for opportunity in stage.opportunities:
        table.add(opportunity.description, page.choice("status", opportunity.status), opportunity.owner,
                  opportunity.impact, page.word(f"effort.{opportunity.effort}") if opportunity.effort else "",
                  _addressed(page, opportunity))  # fmt: skip
    return table.blocks()


def _addressed(page: _Page, opportunity: Opportunity) -> list[str]:
    """The pain points an opportunity addresses, by their description (their id when none has it)."""
    return [page.pain_point_descriptions.get(pain_point, pain_point) for pain_point in opportunity.addresses]


def _metrics(page: _Page, stage: Stage) -> list[str]:
    headings = ("metric", "unit", "baseline", "actual", "target", "direction", "off_target", "measured")
    table = _Table(*(page.word(key) for key in headings), right=(2, 3, 4))
    for metric in stage.metrics:
        table.add(metric.name, metric.unit, *(_value(page, value) for value in (metric.baseline, metric.actual, metric.target)),
                  page.word(f"direction.{metric.direction}") if metric.direction else "", page.yes(metric.off_target),
                  metric.measured.isoformat() if metric.measured else "")  # fmt: skip
    return table.blocks()


def _value(page: _Page, value: float | None) -> str:
    return "" if value is None else number(value, page.words)


# ---------------------------------------------------------------- the blueprint and the touchpoints


def _blueprint(page: _Page, stage: Stage) -> list[str]:
    table = _Table(*(page.word(key) for key in ("lane", "action", "actor", "touchpoints", "serves", "time", "state")))
    for action in stage.actions():
        table.add(page.words(f"lane.{action.lane}"), [action.name, action.description or ""], action.actor,
                  [page.touchpoint_name(t) for t in action.touchpoints], [page.step_name(s) for s in action.steps],
                  _times(page, action), _state(page, action.state))  # fmt: skip
    return table.blocks()


def _touchpoints(page: _Page) -> list[str]:
    table = _Table(*(page.word(key) for key in ("touchpoint", "channel", "touchpoint_kind", "lane", "owner", "state")))
    for touchpoint_id in page.defined("touchpoints"):
        touchpoint = page.journey.touchpoint(touchpoint_id)
        if touchpoint is not None:
            table.add(*_touchpoint_row(page, touchpoint))
    blocks = table.blocks()
    return [_heading(2, literal(page.words("lane.touchpoints"))), *blocks] if blocks else []


def _touchpoint_row(page: _Page, touchpoint: Touchpoint) -> tuple[str | Sequence[str], ...]:
    return (
        [touchpoint.name, touchpoint.description or ""],
        page.words.choice("channel", touchpoint.channel),
        page.word(f"touchpoint_kind.{touchpoint.kind}") if touchpoint.kind else "",
        page.words(f"lane.{touchpoint.lane}") if touchpoint.lane else "",
        touchpoint.owner or "",
        _state(page, touchpoint.state),
    )


def _sources(page: _Page) -> list[str]:
    """The research the map rests on, which the pain points' evidence names."""
    table = _Table(*(page.word(key) for key in ("source", "source_kind", "date", "description")))
    for source_id in page.defined("sources"):
        source = page.journey.research_source(source_id)
        if source is not None:
            table.add([source.name, source.url or ""], page.word(f"source_kind.{source.kind}") if source.kind else "",
                      source.date.isoformat() if source.date else "", source.description)  # fmt: skip
    blocks = table.blocks()
    return [_heading(2, literal(page.word("sources_heading"))), *blocks] if blocks else []
