"""What a diagram is narrowed to: one persona's journey (`--persona`) and one state of it (`--state`)."""

from __future__ import annotations

from test_render import journey_of, write_map
from journeymap.emotions import readings_for
from journeymap.render.scope import for_persona, for_state

CARRY = """\
journeymap: 1.1
title: Refunds
state: current
personas:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob}
stages:
  - id: ask
    name: Asking
    personas: [ann]
    steps:
      - {name: Fills in the form, emotions: [{emotion: -1}, {state: future, emotion: 1}]}
      - name: Gets the refund
        emotions: [{state: future, emotion: 2, thought: Two days!}]
      - {name: Bob calls on Ann's behalf, persona: bob, emotion: 0}
"""


def test_today_never_borrows_what_the_future_will_feel(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, CARRY))
    stage = journey.stages[0]
    form, refund = stage.steps[:2]
    assert [r.emotion for r in readings_for(journey, refund, "current", stage)] == []
    assert [(r.emotion, r.thought) for r in readings_for(journey, refund, "future", stage)] == [(2, "Two days!")]
    assert [r.emotion for r in readings_for(journey, form, "current", stage)] == [-1]
    assert [r.emotion for r in readings_for(journey, form, "future", stage)] == [1]
    today = for_state(journey, "current").stages[0].steps[1]
    assert today.readings() == ()


def test_the_future_keeps_todays_feeling_where_no_entry_says_it_changes(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, CARRY))
    stage = journey.stages[0]
    bob_step = stage.steps[2]
    assert [r.emotion for r in readings_for(journey, bob_step, "future", stage)] == [0]


def test_a_persona_keeps_a_stage_where_it_takes_a_step_its_stage_does_not_list(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, CARRY))
    bob = for_persona(journey, "bob")
    assert [[step.name for step in stage.steps] for stage in bob.stages] == [["Bob calls on Ann's behalf"]]
    ann = for_persona(journey, "ann")
    assert [step.name for step in ann.stages[0].steps] == ["Fills in the form", "Gets the refund"]
