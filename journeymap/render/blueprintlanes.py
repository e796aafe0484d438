"""What the blueprint shows, stage by stage and lane by lane, as measured cards.

First what is drawn at all (`select`): the stages, steps and actions of the state asked for, and
of the persona in focus (a step is a persona's when `Journey.step_personas` names it; an action
goes when every step it serves is another persona's). Then the cards of each lane (`Cards`):
physical evidence (else the touchpoints the customer meets), the customer's steps, and the
frontstage, backstage and support actions, with the backstage systems the steps use.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from journeymap.model import Action, Journey, Stage, Step, Touchpoint, in_state
from journeymap.problems import JsonPath
from journeymap.render import theme
from journeymap.render.blueprintcards import Piece
from journeymap.render.canvas import BOLD, ITALIC, Font
from journeymap.render.cards import Badge, Card, Marker, Style, Text, card
from journeymap.render.durations import duration_text
from journeymap.render.marks import exit_lines, kinds_shown, moment_badge, onward_lines, state_badge
from journeymap.words import Words

LANES = ("evidence", "customer", "frontstage", "backstage", "support")
BODY = Font(8.5, theme.INK)
ACTOR = Font(7.5, theme.INK, BOLD)
SMALL = Font(7.5, theme.MUTED)
TIME = Font(7.5, theme.MUTED, BOLD)
NOTE = Font(7.5, theme.FUTURE, ITALIC)
EXIT = Font(7.5, theme.SEVERITY["high"][0], BOLD)
_CLEAR = Style("")  # the inner card carries the texts; the blueprint card draws the frame
FILLS = {
    "evidence": ("#fffdf4", "#d8cfae"),
    "customer": ("#ffffff", theme.CARD_BORDER),
    "frontstage": ("#ffffff", "#a9b7c6"),
    "backstage": (theme.BACKSTAGE_FILL, theme.BACKSTAGE_BORDER),
    "support": ("#f3f1ec", "#b9b1a2"),
}


@dataclass(frozen=True)
class Column:
    """A stage as the blueprint draws it: the steps and actions of the state and persona shown."""

    stage: Stage
    steps: tuple[Step, ...]
    actions: tuple[Action, ...]
    systems: tuple[Touchpoint, ...]  # backstage touchpoints the steps use that no action here names

    def served(self, ids: Sequence[str]) -> tuple[JsonPath, ...]:
        """The steps of this column among `ids`."""
        return tuple(step.path for step in self.steps if step.id is not None and step.id in ids)

    def system_steps(self, system: Touchpoint) -> tuple[JsonPath, ...]:
        return tuple(step.path for step in self.steps if system.id in step.touchpoints)

    def links(self) -> int:
        """How many cards of the column link up to its steps: the rails its connectors need."""
        actions = sum(1 for action in self.actions if self.served(action.steps))
        return actions + sum(1 for system in self.systems if self.system_steps(system))


def select(journey: Journey, focus: str | None, state: str | None) -> tuple[Column, ...]:
    """The stages drawn, in order, with what each shows."""
    cast = journey.cast()
    takes = {id(step) for stage in journey.stages for step in stage.steps
             if focus is None or focus in journey.step_personas(step, stage)}  # fmt: skip
    own_ids = {step.id for stage in journey.stages for step in stage.steps if id(step) in takes and step.id}
    columns = []
    for stage in journey.stages:
        if state is not None and not in_state(stage, state):
            continue
        steps = tuple(step for step in stage.steps if id(step) in takes and (state is None or in_state(step, state)))
        if focus is not None and not steps and focus not in (stage.personas or cast):
            continue  # a stage the persona does not go through
        actions = tuple(action for action in stage.actions() if (state is None or in_state(action, state))
                        and (focus is None or not action.steps or own_ids.intersection(action.steps)))  # fmt: skip
        columns.append(Column(stage, steps, actions, _systems(journey, stage, steps, actions, state)))
    return tuple(columns)


def _systems(
    journey: Journey, stage: Stage, steps: Sequence[Step], actions: Sequence[Action], state: str | None
) -> tuple[Touchpoint, ...]:
    named = {touchpoint for action in actions for touchpoint in action.touchpoints}
    return tuple(t for t in _used(journey, stage, steps, state) if t.backstage and t.id not in named)


def _used(journey: Journey, stage: Stage, steps: Sequence[Step], state: str | None) -> Iterator[Touchpoint]:
    """The touchpoints the stage and its shown steps use, each once, in order of first use."""
    ids = dict.fromkeys(stage.touchpoints)
    for step in steps:
        ids.update(dict.fromkeys(step.touchpoints))
    for touchpoint_id in ids:
        touchpoint = journey.touchpoint(touchpoint_id)
        if touchpoint is not None and (state is None or in_state(touchpoint, state)):
            yield touchpoint


@dataclass(frozen=True)
class Cards:
    """Builds the cards of every lane, `width` points wide, in the map's words."""

    journey: Journey
    words: Words
    width: float
    state: str | None
    numbers: dict[JsonPath, int]  # a shown step's number, 1 upwards across the stages
    personas: tuple[str, ...]  # the personas told apart by marks; empty when one is shown
    cast: tuple[str, ...]  # the map's

    def lanes(self, column: Column) -> dict[str, tuple[Piece, ...]]:
        """The cards of each lane in the column: backstage holds the systems after the actions."""
        stage = column.stage
        cells = {"evidence": tuple(self._evidence(column)),
                 "customer": tuple(self._step(step, stage) for step in column.steps)}  # fmt: skip
        for lane in LANES[2:]:
            cells[lane] = tuple(self._action(action, column) for action in column.actions if action.lane == lane)
        cells["backstage"] += tuple(self._system(system, column) for system in column.systems)
        return cells

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Each stage's kind word, left out where it repeats or contradicts a stage name."""
        return dict(zip((stage.id for stage in self.journey.stages), kinds_shown(self.words, self.journey.stages)))

    def head(self, stage: Stage, width: float) -> Card:
        """The stage's heading, `width` wide: its lifecycle kind (unless a name says it already), its name, and
        where the journey goes on when it is not simply the next stage."""
        texts = [Text(self.kinds.get(stage.id, ""), Font(7, theme.LANE_LABEL, BOLD), max_lines=1),
                 Text(stage.name, Font(11.5, theme.INK, BOLD), max_lines=3),
                 *(Text(line, TIME, max_lines=2) for line in onward_lines(self.words, self.journey, stage)),
                 *(Text(line, EXIT, max_lines=3) for line, _ in exit_lines(self.words, self.journey, stage.exits))]  # fmt: skip
        badges = [*self._moment(stage.moment_of_truth), *self._change(stage.state)]
        return card("stage-text", width, _CLEAR, texts, badges=badges)

    def _step(self, step: Step, stage: Stage) -> Piece:
        words = self.words
        times = [words("label.wait", duration=duration_text(step.wait, words))] if step.wait else []
        times += [words("label.duration", duration=duration_text(step.duration, words))] if step.duration else []
        texts = [Text(step.name, BODY), Text(" · ".join(times), TIME, max_lines=2), Text(self._replaces(step), NOTE)]
        texts += [Text(headline, EXIT, max_lines=3) for headline, _ in exit_lines(self.words, self.journey, step.exits)]
        inner = card("card-text", self.width, _CLEAR, texts, badges=[*self._moment(step.moment_of_truth),
                     *self._change(step.state or stage.state)], marker=Marker(self.numbers[step.path], theme.NAVY))  # fmt: skip
        taking = self.journey.step_personas(step, stage)
        marks = tuple(index for index, persona in enumerate(self.personas) if persona in taking)
        fill, border = FILLS["customer"]
        future = self._future(step.state or stage.state)
        return Piece("step", inner, fill, theme.FUTURE if future else border, future, step.moment_of_truth, marks,
                     step.path)  # fmt: skip

    def _replaces(self, step: Step) -> str:
        shown = [f"#{self.numbers[old.path]}" for old_id in step.replaces
                 if (old := self.journey.step(old_id)) is not None and old.path in self.numbers]  # fmt: skip
        return self.words("label.replaces", name=", ".join(shown)) if shown else ""

    def _evidence(self, column: Column) -> Iterator[Piece]:
        """What the customer sees and keeps at each step; else the touchpoints they meet in the stage."""
        stage, fill, border = column.stage, *FILLS["evidence"]
        with_evidence = [step for step in column.steps if step.physical_evidence]
        for step in with_evidence:
            texts = [Text(item, BODY, max_lines=4, bullet=True) for item in step.physical_evidence]
            inner = card("card-text", self.width, _CLEAR, texts, badges=self._change(step.state),
                         marker=Marker(self.numbers[step.path], theme.NAVY))  # fmt: skip
            future = self._future(step.state or stage.state)
            yield Piece("evidence", inner, fill, theme.FUTURE if future else border, future)
        if with_evidence:
            return
        for touchpoint in _used(self.journey, stage, column.steps, self.state):
            if not touchpoint.backstage:
                yield self._touchpoint(touchpoint)

    def _touchpoint(self, touchpoint: Touchpoint) -> Piece:
        channel = self.words.choice("channel", touchpoint.channel)
        texts = [Text(touchpoint.name, BODY, max_lines=4), Text(channel, SMALL)]
        inner = card("card-text", self.width, _CLEAR, texts, badges=self._change(touchpoint.state))
        fill = theme.CHANNEL_FILL.get(touchpoint.channel or "", theme.BACKSTAGE_FILL)
        future = self._future(touchpoint.state)
        return Piece("touchpoint", inner, fill, theme.FUTURE if future else theme.mix(fill, "#000000", 0.18), future)

    def _action(self, action: Action, column: Column) -> Piece:
        words = self.words
        names = [touchpoint.name for touchpoint_id in action.touchpoints
                 if (touchpoint := self.journey.touchpoint(touchpoint_id)) is not None
                 and (self.state is None or in_state(touchpoint, self.state))]  # fmt: skip
        served = column.served(action.steps)
        elsewhere = [f"#{self.numbers[step.path]}" for step_id in action.steps
                     if (step := self.journey.step(step_id)) is not None and step.path in self.numbers
                     and step.path not in served]  # fmt: skip
        takes = words("label.duration", duration=duration_text(action.duration, words)) if action.duration else ""
        texts = [
            Text(action.name, BODY),
            Text(words("label.actor", actor=action.actor) if action.actor else "", ACTOR, max_lines=3),
            Text("\n".join(f"▸ {name}" for name in names), SMALL, max_lines=6),
            Text(takes, TIME),
            Text(words("label.serves", steps=", ".join(elsewhere)) if elsewhere else "", SMALL),
        ]
        inner = card("card-text", self.width, _CLEAR, texts, badges=self._change(action.state))
        fill, border = FILLS[action.lane]
        future = self._future(action.state or column.stage.state)
        return Piece("action", inner, fill, theme.FUTURE if future else border, future, serves=served,
                     link_color=theme.FUTURE if future else theme.MUTED)  # fmt: skip

    def _system(self, system: Touchpoint, column: Column) -> Piece:
        """A backstage touchpoint a step uses and no action names: a system, linked up to those steps."""
        owner = self.words("label.actor", actor=system.owner) if system.owner else ""
        texts = [Text(system.name, BODY, max_lines=4), Text(owner, SMALL, max_lines=2)]
        inner = card("card-text", self.width, _CLEAR, texts, badges=self._change(system.state))
        fill, border = FILLS["backstage"]
        future = self._future(system.state)
        return Piece("system", inner, fill, theme.FUTURE if future else border, future,
                     serves=column.system_steps(system))  # fmt: skip

    def _moment(self, moment: bool) -> list[Badge]:
        return [moment_badge(self.words)] if moment else []

    def _change(self, element_state: str | None) -> list[Badge]:
        badge = state_badge(self.words, element_state, self.state)
        return [badge] if badge is not None else []

    def _future(self, element_state: str | None) -> bool:
        return element_state == "future"
