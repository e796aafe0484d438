"""A moment of truth that feels negative, with nothing planned for it.

Moments of truth (`moment_of_truth: true`) are the few steps and stages that
decide whether the customer stays: first use, the first problem, the bill.
One that feels bad loses customers, so it should be first in line for a
fix. This rule asks that something be planned for it.

A step feels negative when any of its readings in the map's `state` (the
shorthand `emotion`, or an `emotions` entry for any persona) is below 0. A
stage feels negative when its point on the emotion curve (its steps' scores
where they have any, else its own) averages below 0, for all its readings
or for one persona who goes through it. A single dip among good readings is
left to `emotional-low-without-pain-point`.

Something is planned for a stage when an opportunity that is more than an
idea (its `status` is planned, in_progress or done, or not given: not every
team tracks status) is written in the stage, or addresses one of its pain
points from another stage. For a step, what is planned for its stage counts.
Steps and stages outside the map's `state` are not checked.

Bad:

```yaml
stages:
  - id: billing
    name: First bill
    moment_of_truth: true
    emotion: -1
    pain_points:
      - {id: surprise-fees, description: Fees nobody mentioned at sign-up}
    opportunities:
      - {description: Show every fee on the pricing page, addresses: [surprise-fees], status: idea}
```

Good:

```yaml
stages:
  - id: billing
    name: First bill
    moment_of_truth: true
    emotion: -1
    pain_points:
      - {id: surprise-fees, description: Fees nobody mentioned at sign-up}
    opportunities:
      - {description: Show every fee on the pricing page, addresses: [surprise-fees], status: planned}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.emotions import mean
from journeymap.model import Journey, Opportunity, Stage, Step, in_state
from journeymap.problems import JsonPath, Severity, quote
from journeymap.rules.base import Context, Finding

CODE = "JM406"
NAME = "moment-of-truth-at-risk"
SEVERITY = Severity.WARNING
SUMMARY = "A moment of truth that feels negative, with nothing planned for it."


def check(context: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    journey = context.journey
    for stage in journey.stages:
        at_risk = list(_at_risk(journey, stage)) if in_state(stage, journey.state) else []
        if at_risk and not _planned(journey, stage):
            advice = _advice(journey, stage)
            for path, what, feeling in at_risk:
                yield Finding(path, f"{what} is a moment of truth that feels negative ({feeling}) and nothing is "
                              f"planned for it; {advice}")  # fmt: skip


def _at_risk(journey: Journey, stage: Stage) -> Iterator[tuple[JsonPath, str, str]]:
    """The stage and those of its steps that are moments of truth and feel negative: where, what, how."""
    feeling = _stage_feeling(journey, stage) if stage.moment_of_truth else None
    if feeling:
        yield stage.path, f"stage {quote(stage.name)}", feeling
    for step in stage.steps:
        feeling = _step_feeling(journey, stage, step) if step.moment_of_truth and in_state(step, journey.state) else None
        if feeling:
            yield step.path, f"step {quote(step.name)} in stage {quote(stage.name)}", feeling


def _step_feeling(journey: Journey, stage: Stage, step: Step) -> str | None:
    """"emotion -2" when a reading of the step, in the map's state, is below 0; None when none is."""
    readings = journey.readings_in(step, journey.state, stage)
    scores = [reading.emotion for reading in readings if reading.emotion is not None]
    return f"emotion {min(scores)}" if scores and min(scores) < 0 else None


def _stage_feeling(journey: Journey, stage: Stage) -> str | None:
    """"average -0.5", for all readings or for one persona, when it is below 0; None when no average is."""
    overall = journey.stage_emotions(stage)
    if overall and mean(overall) < 0:
        return f"average {mean(overall):.1f}"
    for persona in journey.stage_personas(stage):
        scores = journey.stage_emotions(stage, persona)
        if scores and mean(scores) < 0:
            return f"average {mean(scores):.1f} for persona {quote(persona)}"
    return None


def _for_stage(journey: Journey, stage: Stage) -> Iterator[Opportunity]:
    """The opportunities meant for the stage: written in it, or addressing one of its pain points."""
    yield from stage.opportunities
    pain_points = {pain_point.id for pain_point in stage.pain_points if pain_point.id}
    for other in journey.stages:
        if other is not stage:
            yield from (o for o in other.opportunities if pain_points.intersection(o.addresses))


def _planned(journey: Journey, stage: Stage) -> bool:
    return any(opportunity.status != "idea" for opportunity in _for_stage(journey, stage))


def _advice(journey: Journey, stage: Stage) -> str:
    if next(_for_stage(journey, stage), None) is not None:
        return f"the opportunities for stage {quote(stage.name)} are only ideas; agree on one and set 'status: planned'"
    return f"add an opportunity to stage {quote(stage.name)}, or one that addresses its pain points"
