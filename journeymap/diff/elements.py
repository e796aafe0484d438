"""Stages, what they list and the definitions a map uses: added, removed, changed and moved.

Elements are paired by `match.match`. Every element is reported on its own, also those of a stage added
or removed. A pair reports, each as a change of its own: a move (another stage, or for stages and steps
another place in the order; see `match.unmoved`), the fields with a kind of their own (a pain point's
`resolved`, an opportunity's `status`, a metric's `actual` where its target tells which way is better),
then every other field that differs (`X-changed`). Emotion scores are `emotions.py`'s; here a stage's or
step's `emotions` count only for what else they say (feelings, thoughts, evidence).

Severities: an edit of prose only (names, descriptions, evidence, feelings, thoughts, quotes, goals) is
info, of anything else low; an element added, removed or moved is low, but a stage added is medium and a
stage removed high. Pain points: a new one (or reopened, or raised to high severity) that is high and
that no opportunity addresses is high; high and addressed, or medium, is medium; low or unrated, low; one
already resolved, info; raised to medium, medium; resolved or removed, low (a resolved one removed, info).
An opportunity set back is medium, moved forward low; a metric away from its target medium, toward it low.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from journeymap.diff.changes import Change, FieldChange, Where
from journeymap.diff.match import Matching, Placed, match, unmoved
from journeymap.diff.wording import LANE_WORDS, WORDS, edited, joined, named, number, sentence, status
from journeymap.model import LANES, Action, Element, Journey, Metric, Opportunity, PainPoint, Stage, Step, as_data
from journeymap.problems import quote
from journeymap.record import Record, field_names, replace

PROSE = frozenset({
    "name", "title", "description", "objective", "goal", "goals", "frustrations", "interests", "personality",
    "quote", "evidence", "feeling", "thought", "thoughts", "emotions", "url", "sources", "occupation",
    "location", "age", "gender",
})  # fmt: skip
_STATUS_ORDER = ("idea", "planned", "in_progress", "done")
_SEVERITY_ORDER = (None, "low", "medium", "high")
_NOTHING_NESTED = {key: () for key in ("steps", "pain_points", "opportunities", "metrics", *LANES)}


class Sides(Record, positional=True):
    """The two journeys compared, and what the changes between them need to know of both."""

    base: Journey
    head: Journey

    def journey(self, side: str) -> Journey:
        return self.base if side == "base" else self.head

    def stage_name(self, side: str, stage_id: str) -> str:
        stage = self.journey(side).stage(stage_id)
        return stage.name if stage is not None else stage_id


def text_of(element: Any) -> str:
    """What an element is called: its name, or the description of a pain point or opportunity."""
    return element.description if isinstance(element, (PainPoint, Opportunity)) else element.name


def own_data(element: Element) -> dict[str, Any]:
    """An element as plain data (model.as_data), without the elements nested in it; an action with its lane."""
    if isinstance(element, Stage):
        element = replace(element, **_NOTHING_NESTED)
    data = as_data(element)
    return {"lane": element.lane, **data} if isinstance(element, Action) else data


def field_changes(old: dict[str, Any], new: dict[str, Any], skip: frozenset[str] = frozenset()) -> list[FieldChange]:
    """The fields that differ between two elements' data, in the order they are written."""
    keys = dict.fromkeys([*old, *new])
    changed = [FieldChange(key, old.get(key), new.get(key)) for key in keys
               if key not in skip and key != "emotions" and old.get(key) != new.get(key)]  # fmt: skip
    if "emotions" not in skip and _said(old.get("emotions")) != _said(new.get("emotions")):
        changed.append(FieldChange("emotions", old.get("emotions"), new.get("emotions")))
    return changed


def _said(readings: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Emotion entries without their scores: what they say besides (the scores are emotion changes)."""
    return [{key: value for key, value in reading.items() if key != "emotion"} for reading in readings or ()]


def _edit_severity(fields: Sequence[FieldChange]) -> str:
    return "info" if all(change.field in PROSE or change.field.startswith("x-") for change in fields) else "low"


class _Report:
    """Builds the changes of one kind of element between two sides."""

    def __init__(self, sides: Sides, element: str) -> None:
        self.sides = sides
        self.element = element

    def what(self, item: Any) -> str:
        word = LANE_WORDS[item.lane] if isinstance(item, Action) else WORDS[self.element]
        return named(word, text_of(item))

    def stage(self, side: str, placed: Placed[Any]) -> str:
        return named("stage", self.sides.stage_name(side, placed.stage))

    def subject(self, side: str, placed: Placed[Any]) -> str:
        """"step 'Pays' in stage 'Checkout'"; a stage or a definition by itself."""
        what = self.what(placed.element)
        return f"{what} in {self.stage(side, placed)}" if placed.stage else what

    def change(self, kind: str, severity: str, side: str, placed: Placed[Any], summary: str, **extra: Any) -> Change:
        item = placed.element
        return Change(
            kind=f"{self.element}-{kind}", severity=severity, element=self.element, summary=summary,
            id=getattr(item, "id", None), name=text_of(item),
            stage=item.id if isinstance(item, Stage) else placed.stage or None,
            where=Where.of(side, item), data=own_data(item), **extra,
        )  # fmt: skip

    def added(self, placed: Placed[Any], severity: str = "low", **extra: Any) -> Change:
        where = f" in {self.stage('head', placed)}" if placed.stage else ""
        summary = f"New {self.what(placed.element)}{where}"
        return self.change("added", severity, "head", placed, extra.pop("summary", summary), **extra)

    def removed(self, placed: Placed[Any], severity: str = "low", **extra: Any) -> Change:
        where = f" from {self.stage('base', placed)}" if placed.stage else ""
        summary = f"{sentence(self.what(placed.element))} removed{where}"
        return self.change("removed", severity, "base", placed, extra.pop("summary", summary), **extra)

    def moved(self, old: Placed[Any], new: Placed[Any]) -> Change:
        fields = (FieldChange("stage", old.stage, new.stage),)
        what = sentence(self.what(new.element))
        summary = f"{what} moved from {self.stage('base', old)} to {self.stage('head', new)}"
        return self.change("moved", "low", "head", new, summary, fields=fields)

    def reordered(self, old: Placed[Any], new: Placed[Any], neighbour: tuple[str, Placed[Any]]) -> Change:
        """A move within one list, told by the nearest element that kept its place: "moved before step 'Pays'"."""
        fields = (FieldChange("order", old.index + 1, new.index + 1),)
        where, other = neighbour
        summary = f"{sentence(self.subject('head', new))} moved {where} {self.what(other.element)}"
        return self.change("moved", "low", "head", new, summary, fields=fields)

    def edited(self, old: Placed[Any], new: Placed[Any], fields: Sequence[FieldChange], severity: str | None = None,
               tail: str = "", **extra: Any) -> Iterator[Change]:  # fmt: skip
        if not fields:
            return
        text = "description" if isinstance(new.element, (PainPoint, Opportunity)) else "name"
        if [change.field for change in fields] == [text]:  # told by its old name, or the summary says it twice
            verb = "renamed" if text == "name" else "reworded"
            summary = f"{sentence(self.subject('base', old))} {verb} to {quote(text_of(new.element), 60)}"
        else:
            summary = edited(self.subject("head", new), fields)
        yield self.change("changed", severity or _edit_severity(fields), "head", new, summary + tail,
                          fields=tuple(fields), **extra)  # fmt: skip


def listed(journey: Journey, key: str) -> list[Placed[Any]]:
    """The elements every stage lists under `key`, in order, each with its stage."""
    return [Placed(stage.id, index, item) for stage in journey.stages for index, item in enumerate(getattr(stage, key))]


def _fields(old: Placed[Any], new: Placed[Any], skip: frozenset[str] = frozenset()) -> list[FieldChange]:
    if _same_own(old.element, new.element):
        return []  # most elements of a changed map: no plain data made to find nothing
    return field_changes(own_data(old.element), own_data(new.element), skip)


_NOT_OWN = frozenset({"file", "path", "position", "extensions"})


def _same_own(old: Element, new: Element) -> bool:
    """Whether `own_data` of the two is surely the same: every field of their own equal, the elements listed
    in them (readings, exits) compared whole, their places and `x-` keys included (so a moved one is left to
    `own_data`)."""
    if old.__class__ is not new.__class__ or old.extensions != new.extensions:
        return False
    nested = _NOTHING_NESTED if isinstance(old, Stage) else {}
    return all(_same_value(getattr(old, name), getattr(new, name)) for name in field_names(old)
               if name not in _NOT_OWN and name not in nested)  # fmt: skip


def _same_value(old: Any, new: Any) -> bool:
    """Equal, and for elements listed in a field, with the same `x-` keys, which their equality leaves out."""
    if old != new:
        return False
    return not (isinstance(old, tuple) and old and isinstance(old[0], Element)) or all(
        a.extensions == b.extensions for a, b in zip(old, new)
    )


def _moves(report: _Report, matching: Matching[Any], within: bool) -> dict[int, Change]:
    """The moves of a matching, by the head element's place: to another stage, and (`within`) to another
    place among the elements of the same stage that were there before and still are."""
    moves: dict[int, Change] = {}
    stayed: dict[str, list[int]] = {}  # stage -> head places of the elements that stayed in it
    for place, (old, new) in enumerate(zip(matching.base_of, matching.head)):
        if old is not None and old.stage != new.stage:
            moves[place] = report.moved(old, new)
        elif old is not None:
            stayed.setdefault(new.stage, []).append(place)
    for places in stayed.values() if within else ():
        kept = unmoved([matching.base_of[place].index for place in places])  # type: ignore[union-attr]
        for place, where, other in _neighbours(places, kept):
            old, new = matching.base_of[place], matching.head[place]
            moves[place] = report.reordered(old, new, (where, matching.head[other]))  # type: ignore[arg-type]
    return moves


def _neighbours(places: list[int], kept: set[int]) -> Iterator[tuple[int, str, int]]:
    """For each element that moved (not in `kept`), the nearest one after it that kept its place (it moved
    "before" that one), else the nearest before it ("after"): one pass each way, however many moved."""
    after: list[int | None] = [None] * len(places)
    nearest = None
    for k in range(len(places) - 1, -1, -1):
        after[k] = nearest
        nearest = k if k in kept else nearest
    nearest = None
    for k, place in enumerate(places):
        if k in kept:
            nearest = k
        elif after[k] is not None:
            yield place, "before", places[after[k]]  # type: ignore[index]
        else:
            yield place, "after", places[nearest]  # type: ignore[index]  # something kept its place: not all moved


def stages(sides: Sides) -> tuple[list[Change], Matching[Stage]]:
    report = _Report(sides, "stage")
    places = ([Placed("", i, s) for i, s in enumerate(sides.base.stages)],
              [Placed("", i, s) for i, s in enumerate(sides.head.stages)])  # fmt: skip
    matching = match(*places, text_of)

    def added(new: Placed[Stage]) -> Change:
        before = sides.head.stages[new.index - 1] if new.index else None
        where = f"after {named('stage', before.name)}" if before else "at the start of the journey"
        return report.added(new, "medium", summary=f"New {named('stage', new.element.name)} {where}")

    changes = _plain_changes(report, matching, within=True, skip=frozenset({"emotion"}), added=added, removed="high")
    return list(changes), matching


def steps(sides: Sides) -> tuple[list[Change], Matching[Step]]:
    report = _Report(sides, "step")
    matching = match(listed(sides.base, "steps"), listed(sides.head, "steps"), text_of)
    return list(_plain_changes(report, matching, within=True, skip=frozenset({"emotion", "persona"}))), matching


def actions(sides: Sides) -> list[Change]:
    report = _Report(sides, "action")
    changes: list[Change] = []
    for lane in LANES:  # ids are unique per lane: an action in another lane is another action
        matching = match(listed(sides.base, lane), listed(sides.head, lane), text_of)
        changes.extend(_plain_changes(report, matching))
    return changes


Aspects = Callable[[_Report, Placed[Any], Placed[Any]], tuple[list[Change], set[str]]]


def _plain_changes(
    report: _Report, matching: Matching[Any], *, within: bool = False, skip: frozenset[str] = frozenset(),
    aspects: Aspects | None = None, added: Callable[[Placed[Any]], Change] | None = None, removed: str = "low",
) -> Iterator[Change]:  # fmt: skip
    """In the head's order: each element added, or its move, its `aspects` (changes of a kind of their own,
    and the fields they account for) and its other changed fields (less those in `skip`); then each one
    removed. `within`: also moves within one stage's list."""
    moves = _moves(report, matching, within)
    for place, (old, new) in enumerate(zip(matching.base_of, matching.head)):
        if old is None:
            yield added(new) if added is not None else report.added(new)
            continue
        yield from [moves[place]] if place in moves else []
        fields = _fields(old, new, skip)
        if aspects is not None:
            own, taken = aspects(report, old, new)
            yield from own
            fields = [change for change in fields if change.field not in taken]
        yield from report.edited(old, new, fields)
    for old in matching.removed:
        yield report.removed(old, removed)


def opportunities(sides: Sides) -> list[Change]:
    report = _Report(sides, "opportunity")
    matching = match(listed(sides.base, "opportunities"), listed(sides.head, "opportunities"), text_of)
    return list(_plain_changes(report, matching, aspects=_status))


def _status(report: _Report, old: Placed[Opportunity], new: Placed[Opportunity]) -> tuple[list[Change], set[str]]:
    before, after = old.element.status, new.element.status
    if before == after:
        return [], set()
    forward = _rank(_STATUS_ORDER, after) > _rank(_STATUS_ORDER, before)
    subject = sentence(report.subject("head", new))
    if before is None:
        summary = f"{subject} set to {status(after)}"
    elif after is None:
        summary = f"{subject} no longer has a status (was {status(before)})"
    else:
        summary = f"{subject} moved {'forward' if forward else 'back'} from {status(before)} to {status(after)}"
    kind, severity = ("status-forward", "low") if forward else ("status-back", "medium")
    fields = (FieldChange("status", before, after),)
    return [report.change(kind, severity, "head", new, summary, fields=fields)], {"status"}


def _rank(order: Sequence[str | None], value: str | None) -> int:
    return order.index(value) if value in order else -1


def metrics(sides: Sides) -> list[Change]:
    report = _Report(sides, "metric")
    matching = match(listed(sides.base, "metrics"), listed(sides.head, "metrics"), text_of)
    return list(_plain_changes(report, matching, aspects=_actual))


def _actual(report: _Report, old: Placed[Metric], new: Placed[Metric]) -> tuple[list[Change], set[str]]:
    """A new actual against the target after the change (the goal now), in its better direction: toward
    the target when the gap left narrowed, away when it widened; otherwise only a changed field."""
    metric, before, after = new.element, old.element.actual, new.element.actual
    if before is None or after is None or before == after or metric.target is None:
        return [], set()
    gaps = _gap(metric, before), _gap(metric, after)
    if gaps[0] == gaps[1]:
        return [], set()
    toward = gaps[1] < gaps[0]
    target = number(metric.target, metric.unit)
    summary = (f"{sentence(report.subject('head', new))} moved {'toward' if toward else 'away from'} its target of "
               f"{target}: from {number(before, metric.unit)} to {number(after, metric.unit)}")  # fmt: skip
    kind, severity = ("toward-target", "low") if toward else ("away-from-target", "medium")
    fields = (FieldChange("actual", before, after),)
    delta = _exact(after - before)
    return [report.change(kind, severity, "head", new, summary, fields=fields, delta=delta)], {"actual"}


def _gap(metric: Metric, actual: float) -> float:
    """How far `actual` falls short of the target: only the wrong side counts, where a direction says which."""
    target = metric.target or 0.0
    if metric.direction == "increase":
        return max(target - actual, 0.0)
    if metric.direction == "decrease":
        return max(actual - target, 0.0)
    return abs(actual - target)


def _exact(value: float) -> float:
    """A difference without the float noise of binary fractions (0.1 + 0.2), a whole number as an int."""
    rounded = round(value, 6)
    return int(rounded) if float(rounded).is_integer() else rounded


def pain_points(sides: Sides) -> list[Change]:
    report = _Report(sides, "pain-point")
    addressing: dict[str, list[str]] = {}
    for stage in sides.head.stages:
        for opportunity in stage.opportunities:
            for pain_id in opportunity.addresses:
                addressing.setdefault(pain_id, []).append(opportunity.description)
    matching = match(listed(sides.base, "pain_points"), listed(sides.head, "pain_points"), text_of)
    return list(_pain_changes(report, matching, addressing))


def _addressed_by(pain_point: PainPoint, addressing: dict[str, list[str]]) -> tuple[str, ...]:
    return tuple(addressing.get(pain_point.id, ())) if pain_point.id is not None else ()


def _severity_word(pain_point: PainPoint) -> str:
    return f"{pain_point.severity}-severity " if pain_point.severity else ""


def _answer(by: Sequence[str]) -> str:
    """How a summary of an open pain point ends: what addresses it."""
    if not by:
        return ", with no opportunity addressing it"
    quoted = joined([quote(description, 60) for description in by])
    return f", addressed by {'opportunity' if len(by) == 1 else 'opportunities'} {quoted}"


def _new_pain_severity(pain_point: PainPoint, by: Sequence[str]) -> str:
    """How much a pain point that is new, reopened or newly high matters."""
    if pain_point.resolved is not None:
        return "info"
    if pain_point.severity == "high":
        return "medium" if by else "high"
    return "medium" if pain_point.severity == "medium" else "low"


def _open_tail(pain_point: PainPoint, by: Sequence[str]) -> str:
    """How the summary of a pain point that is new, reopened or newly high ends: what addresses it, if open."""
    return "" if pain_point.resolved is not None else _answer(by)


def _pain_changes(report: _Report, matching: Matching[PainPoint], addressing: dict[str, list[str]]) -> Iterator[Change]:
    moves = _moves(report, matching, within=False)
    for place, (old, new) in enumerate(zip(matching.base_of, matching.head)):
        pain, by = new.element, _addressed_by(new.element, addressing)
        if old is None:
            already = f", already resolved on {pain.resolved}" if pain.resolved else _open_tail(pain, by)
            summary = f"New {_severity_word(pain)}{report.subject('head', new)}{already}"
            yield report.added(new, _new_pain_severity(pain, by), summary=summary, addressed_by=by)
            continue
        yield from [moves[place]] if place in moves else []
        fields = _fields(old, new)
        own = _resolution(report, old, new, by)
        if own is not None:
            yield own
            fields = [change for change in fields if change.field != "resolved"]
        yield from _pain_edited(report, old, new, fields, by)
    for old in matching.removed:
        pain = old.element
        words = "Resolved " + report.what(pain) if pain.resolved else sentence(_severity_word(pain) + report.what(pain))
        summary = f"{words} removed from {report.stage('base', old)}"
        yield report.removed(old, "info" if pain.resolved else "low", summary=summary)


def _resolution(report: _Report, old: Placed[PainPoint], new: Placed[PainPoint], by: tuple[str, ...]) -> Change | None:
    before, pain = old.element.resolved, new.element
    if (before is None) == (pain.resolved is None):
        return None
    field = (FieldChange("resolved", _date(before), _date(pain.resolved)),)
    subject = sentence(_severity_word(pain) + report.subject("head", new))
    if pain.resolved is not None:
        return report.change("resolved", "low", "head", new, f"{subject} resolved on {pain.resolved}", fields=field,
                             addressed_by=by)  # fmt: skip
    summary = f"{subject} reopened (it was resolved on {before}){_open_tail(pain, by)}"
    return report.change("reopened", _new_pain_severity(pain, by), "head", new, summary, fields=field, addressed_by=by)


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _pain_edited(
    report: _Report, old: Placed[PainPoint], new: Placed[PainPoint], fields: list[FieldChange], by: tuple[str, ...]
) -> Iterator[Change]:
    rated = next((change for change in fields if change.field == "severity"), None)
    if rated is None:
        yield from report.edited(old, new, fields, addressed_by=by)
        return
    pain = new.element
    raised = _rank(_SEVERITY_ORDER, rated.new) > _rank(_SEVERITY_ORDER, rated.old)
    if raised and pain.severity == "high" and pain.resolved is None:
        severity, tail = _new_pain_severity(pain, by), _open_tail(pain, by)
        yield from report.edited(old, new, fields, severity, tail, addressed_by=by)
    else:
        severity = "medium" if raised and pain.resolved is None else "low"
        yield from report.edited(old, new, fields, severity, addressed_by=by)


_DEFINITIONS = (("persona", "personas"), ("touchpoint", "touchpoints"), ("phase", "phases"), ("source", "sources"))


def definitions(sides: Sides) -> list[Change]:
    """Personas, touchpoints, phases and research sources the map defines or uses (those of an included
    library that the map never names are no change of the map's)."""
    changes: list[Change] = []
    for element, key in _DEFINITIONS:
        report = _Report(sides, element)
        olds, news = (_used(journey, key) for journey in (sides.base, sides.head))
        matching = match([Placed("", i, d) for i, d in enumerate(olds)], [Placed("", i, d) for i, d in enumerate(news)],
                         text_of)  # fmt: skip
        changes.extend(_plain_changes(report, matching))
    return changes


def _used(journey: Journey, key: str) -> list[Any]:
    used = _named(journey, key)
    return [item for item in getattr(journey, key) if item.file == journey.file or item.id in used]


def _named(journey: Journey, key: str) -> set[str]:
    """The ids of one kind of definition that the map names anywhere."""
    if key == "personas":
        return set(journey.cast())
    if key == "phases":
        return {stage.phase for stage in journey.stages if stage.phase}
    if key == "touchpoints":
        return {touchpoint for stage in journey.stages for touchpoint in stage.all_touchpoint_ids()}
    return {source for element in _elements(journey) for source in getattr(element, "sources", ())
            if isinstance(source, str)}  # fmt: skip


def _elements(journey: Journey) -> Iterator[Element]:
    """Every element of the map that can name research sources."""
    yield from journey.personas
    for stage in journey.stages:
        yield stage
        yield from stage.emotions
        yield from stage.exits
        yield from stage.actions()
        yield from stage.pain_points
        yield from stage.metrics
        for step in stage.steps:
            yield step
            yield from step.emotions
            yield from step.exits
