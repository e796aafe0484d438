"""The diff engine (journeymap/diff): one map on two sides, its changes as values, and the policies."""

from __future__ import annotations

import datetime
import json
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT
from test_render import journey_of
from journeymap.config import Config
from journeymap.diff import KINDS, POLICIES, POLICY_NAMES, Change, FieldChange, MapDiff, MapSide, compare, failing
from journeymap.diff.match import MAX_FUZZY, Placed, match, unmoved
from journeymap.linter import active_rules, lint
from journeymap.problems import Severity
from journeymap.render.emotion import emotion_lane
from journeymap.render.scene import scene_for
from journeymap.render.scope import for_state
from journeymap.workspace import Workspace

TODAY = datetime.date(2026, 11, 23)


def side(tmp_path: Path, text: str, which: str, name: str = "m.journey.yaml", findings: bool = False,
         files: dict[str, str] | None = None) -> MapSide:  # fmt: skip
    """A map (and any `files` beside it, such as libraries) written under `which` ("base" or "head"),
    loaded as the run loads it, and linted with the default rules when `findings`."""
    folder = tmp_path / which
    folder.mkdir(exist_ok=True)
    for other, content in (files or {}).items():
        (folder / other).write_text(textwrap.dedent(content), encoding="utf-8")
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    workspace = Workspace(cwd=folder)
    checked = workspace.check(path)
    assert checked.valid, checked.problems
    journey = workspace.journey(checked)
    problems = tuple(lint(checked.document, journey, active_rules(Config()), TODAY)) if findings else ()
    return MapSide(checked.file, journey, problems)


def diff(tmp_path: Path, before: str, after: str, **options) -> MapDiff:
    return compare(side(tmp_path, before, "base", **options), side(tmp_path, after, "head", **options))


def listed(found: MapDiff) -> list[tuple[str, str, str]]:
    return [(change.severity, change.kind, change.summary) for change in found.changes]


def summaries(found: MapDiff) -> list[str]:
    return [change.summary for change in found.changes]


HEADER = "journeymap: 1.1\ntitle: Boots\n"


def buying(steps: str) -> str:
    """A map of one stage, Buy, with these steps (a YAML flow list)."""
    return HEADER + f"stages:\n  - id: buy\n    name: Buy\n    steps: {steps}\n"


# --- maps added, removed, renamed, and the map's own fields

NEW_MAP = HEADER + """\
stages:
  - id: buy
    name: Buy
    pain_points:
      - {id: declined, description: Card declined, severity: high}
      - {id: slow, description: Checkout is slow, severity: low}
    opportunities:
      - {description: Faster checkout, addresses: [slow]}
"""


def test_a_new_map_reports_itself_its_pain_points_and_its_findings(tmp_path):
    found = compare(None, side(tmp_path, NEW_MAP, "head", findings=True))
    assert (found.status, found.path, found.base_path, found.title) == ("added", "m.journey.yaml", None, "Boots")
    assert [row for row in listed(found) if row[1] != "finding-introduced"] == [
        ("high", "pain-point-added", "New high-severity pain point 'Card declined' in stage 'Buy', with no "
                                     "opportunity addressing it"),
        ("low", "map-added", "New map 'Boots' ('m.journey.yaml')"),
        ("low", "pain-point-added", "New low-severity pain point 'Checkout is slow' in stage 'Buy', addressed by "
                                    "opportunity 'Faster checkout'"),
    ]  # fmt: skip
    findings = [change for change in found.changes if change.kind == "finding-introduced"]
    assert [change.id for change in findings] == [
        "JM313", "JM314", "JM405", "JM301", "JM302", "JM303", "JM304", "JM306", "JM319", "JM307",
        "JM502", "JM305", "JM315",
    ]  # every finding of a new map is new, warnings before infos
    assert findings[0].summary == ("New lint warning JM313 map-without-objective: the map has no objective; write what "
                                   "decision or improvement this map is for")  # fmt: skip


def test_a_removed_map_reports_only_itself(tmp_path):
    found = compare(side(tmp_path, NEW_MAP, "base", findings=True), None)
    assert (found.status, found.path, found.head_path) == ("removed", "m.journey.yaml", None)
    assert listed(found) == [("high", "map-removed", "Map 'Boots' removed ('m.journey.yaml')")]
    assert found.changes[0].where.as_data() == {"side": "base", "file": "m.journey.yaml", "line": 1, "column": 1}


def test_a_renamed_map_is_followed_to_its_new_path(tmp_path):
    found = compare(side(tmp_path, NEW_MAP, "base"), side(tmp_path, NEW_MAP, "head", name="maps/boots.journey.yaml"))
    assert (found.status, found.base_path, found.head_path, found.path) == (
        "renamed", "m.journey.yaml", "maps/boots.journey.yaml", "maps/boots.journey.yaml")  # fmt: skip
    assert listed(found) == [("info", "map-renamed", "Map renamed from 'm.journey.yaml' to 'maps/boots.journey.yaml'")]
    assert found.changes[0].fields == (FieldChange("path", "m.journey.yaml", "maps/boots.journey.yaml"),)


def test_an_unchanged_map_has_no_changes_but_keeps_its_curves(tmp_path):
    text = HEADER + "stages:\n  - {id: buy, name: Buy, emotion: 1}\n"
    found = diff(tmp_path, text, text)
    assert (found.status, found.changes) == ("unchanged", ())
    assert [(curve.persona, curve.state, curve.base, curve.head, curve.changed) for curve in found.curves] == [
        (None, "current", (("buy", 1),), (("buy", 1),), False)]  # fmt: skip


def test_the_map_fields_and_the_review_date(tmp_path):
    before = HEADER + "reviewed: 2026-01-01\nobjective: Sell boots\nstages:\n  - {id: buy, name: Buy}\n"
    found = diff(tmp_path, before, before.replace("Sell boots", "Sell more boots").replace("2026-01-01", "2026-06-30"))
    assert listed(found) == [
        ("info", "map-changed", "Map: objective changed from 'Sell boots' to 'Sell more boots'"),
        ("info", "review-date-changed", "Review date changed from 2026-01-01 to 2026-06-30"),
    ]
    assert found.changes[1].fields == (FieldChange("reviewed", "2026-01-01", "2026-06-30"),)
    unreviewed, aimless = before.replace("reviewed: 2026-01-01\n", ""), before.replace("objective: Sell boots\n", "")
    set_and_gone = diff(tmp_path, unreviewed, aimless)
    assert listed(set_and_gone) == [
        ("info", "map-changed", "Map: objective removed (was 'Sell boots')"),
        ("info", "review-date-changed", "Review date set to 2026-01-01"),
    ]
    future = diff(tmp_path, before, before.replace("objective", "state: future\nobjective"))
    assert listed(future) == [("low", "map-changed", "Map: state changed from 'current' to 'future'")]


# --- stages and steps

STAGES = HEADER + """\
stages:
  - id: search
    name: Search
    goal: Find boots
  - {id: buy, name: Buy}
  - {id: wear, name: Wear}
"""


def test_stages_added_removed_changed_and_moved(tmp_path):
    after = HEADER + """\
stages:
  - {id: hear, name: Hears of the shop}
  - {id: buy, name: Buy, kind: purchase}
  - {id: search, name: Search, goal: Find good boots}
  - {id: return, name: Returns}
"""
    found = diff(tmp_path, STAGES, after)
    assert listed(found) == [
        ("high", "stage-removed", "Stage 'Wear' removed"),
        ("medium", "stage-added", "New stage 'Hears of the shop' at the start of the journey"),
        ("medium", "stage-added", "New stage 'Returns' after stage 'Search'"),
        ("low", "stage-moved", "Stage 'Buy' moved before stage 'Search'"),
        ("low", "stage-changed", "Stage 'Buy': kind set to 'purchase'"),
        ("info", "stage-changed", "Stage 'Search': goal changed from 'Find boots' to 'Find good boots'"),
    ]
    moved = found.changes[3]
    assert (moved.fields, moved.stage, str(moved.where)) == ((FieldChange("order", 2, 2),), "buy", "m.journey.yaml:5:5")
    removed = found.changes[0]
    assert (removed.where.side, str(removed.where)) == ("base", "m.journey.yaml:8:5")
    assert removed.data == {"id": "wear", "name": "Wear"}


def test_steps_added_removed_changed_and_moved_between_stages(tmp_path):
    before = HEADER + """\
stages:
  - id: search
    name: Search
    steps:
      - Looks at ads
      - Reads reviews
  - id: buy
    name: Buy
    steps:
      - {id: pays, name: Pays}
"""
    after = HEADER + """\
stages:
  - id: search
    name: Search
    steps:
      - Sees a poster
  - id: buy
    name: Buy
    steps:
      - Reads reviews
      - {id: pays, name: Pays by card, touchpoints: [web]}
touchpoints:
  - {id: web, name: Website, channel: web}
"""
    found = diff(tmp_path, before, after)
    assert listed(found) == [
        ("low", "step-added", "New step 'Sees a poster' in stage 'Search'"),
        ("low", "step-moved", "Step 'Reads reviews' moved from stage 'Search' to stage 'Buy'"),
        ("low", "step-changed", "Step 'Pays by card' in stage 'Buy' changed: name and touchpoints"),
        ("low", "step-removed", "Step 'Looks at ads' removed from stage 'Search'"),
        ("low", "touchpoint-added", "New touchpoint 'Website'"),
    ]
    assert found.changes[1].fields == (FieldChange("stage", "search", "buy"),)
    assert found.changes[2].fields == (
        FieldChange("name", "Pays", "Pays by card"), FieldChange("touchpoints", None, ("web",)))  # fmt: skip
    assert (found.changes[2].id, found.changes[2].name, found.changes[2].stage) == ("pays", "Pays by card", "buy")


def test_an_edited_name_of_a_step_without_an_id_reads_as_a_change(tmp_path):
    before = buying("[Compares prices in three shops, Looks at ads]")
    after = buying("[compares the prices in three shops, Sees a poster]")
    found = diff(tmp_path, before, after)
    assert listed(found) == [
        ("low", "step-added", "New step 'Sees a poster' in stage 'Buy'"),
        ("low", "step-removed", "Step 'Looks at ads' removed from stage 'Buy'"),
        ("info", "step-changed", "Step 'Compares prices in three shops' in stage 'Buy' renamed to "
                                 "'compares the prices in three shops'"),
    ]  # fmt: skip


def test_a_step_matches_by_its_text_when_it_gains_an_id_but_never_across_two_ids(tmp_path):
    before = buying("[Pays, {id: old, name: Signs}]")
    after = buying("[{id: pays, name: Pays}, {id: new, name: Signs}]")
    assert listed(diff(tmp_path, before, after)) == [
        ("low", "step-changed", "Step 'Pays' in stage 'Buy': id set to 'pays'"),
        ("low", "step-added", "New step 'Signs' in stage 'Buy'"),
        ("low", "step-removed", "Step 'Signs' removed from stage 'Buy'"),
    ]


def test_steps_reordered_within_a_stage(tmp_path):
    before = buying("[Chooses size, Adds to cart, Pays, Gets receipt]")
    after = buying("[Adds to cart, Pays, Chooses size, Gets receipt]")
    found = diff(tmp_path, before, after)
    assert summaries(found) == ["Step 'Chooses size' in stage 'Buy' moved before step 'Gets receipt'"]
    assert found.changes[0].kind == "step-moved"
    assert found.changes[0].fields == (FieldChange("order", 1, 3),)
    inserted = after.replace("[Adds", "[Hears of us, Adds")
    assert "step-moved" in [change.kind for change in diff(tmp_path, before, inserted).changes]
    only_inserted = before.replace("[Chooses", "[Hears of us, Chooses")
    assert listed(diff(tmp_path, before, only_inserted)) == [
        ("low", "step-added", "New step 'Hears of us' in stage 'Buy'")]  # fmt: skip


# --- what a map defines and includes

def test_personas_touchpoints_phases_and_research_sources(tmp_path):
    before = HEADER + """\
personas:
  - {id: maya, name: Maya}
touchpoints:
  - {id: web, name: Website, channel: web}
  - {id: shop, name: Shop, channel: store}
phases:
  - {id: buying, name: Buying}
sources:
  - {id: survey, name: Survey 2026}
stages:
  - {id: buy, name: Buy, phase: buying, touchpoints: [web, shop]}
"""
    after = HEADER + """\
personas:
  - {id: maya, name: Maya, occupation: Nurse}
  - {id: leo, name: Leo}
touchpoints:
  - {id: web, name: Website, channel: mobile_app}
sources:
  - {id: survey, name: Survey 2026}
  - {id: calls, name: Call logs}
stages:
  - {id: buy, name: Buy, touchpoints: [web]}
"""
    assert listed(diff(tmp_path, before, after)) == [
        ("low", "stage-changed", "Stage 'Buy' changed: phase and touchpoints"),
        ("low", "persona-added", "New persona 'Leo'"),
        ("low", "touchpoint-changed", "Touchpoint 'Website': channel changed from 'web' to 'mobile_app'"),
        ("low", "touchpoint-removed", "Touchpoint 'Shop' removed"),
        ("low", "phase-removed", "Phase 'Buying' removed"),
        ("low", "source-added", "New research source 'Call logs'"),
        ("info", "persona-changed", "Persona 'Maya': occupation set to 'Nurse'"),
    ]


LIBRARY = """\
library: true
journeymap: 1.1
personas:
  - {id: maya, name: Maya}
  - {id: other, name: Other}
touchpoints:
  - {id: web, name: Website, channel: web}
  - {id: app, name: App, channel: mobile_app}
"""


def test_a_changed_library_changes_the_maps_that_use_what_changed(tmp_path):
    text = buying("[{name: Pays, persona: maya, touchpoints: [web]}]")
    text = text.replace("stages:", "include: [lib.yaml]\nstages:")
    changed = (LIBRARY.replace("Other}", "Someone else}").replace("name: Website", "name: Web shop")
               .replace("App}", "App, owner: IT}"))  # fmt: skip
    found = compare(side(tmp_path, text, "base", files={"lib.yaml": LIBRARY}),
                    side(tmp_path, text, "head", files={"lib.yaml": changed}))  # fmt: skip
    assert listed(found) == [("info", "touchpoint-changed", "Touchpoint 'Website' renamed to 'Web shop'")]
    assert str(found.changes[0].where) == "lib.yaml:7:5"  # the unused persona and touchpoint are not this map's


# --- pain points, opportunities, metrics, blueprint actions

def test_new_pain_points_by_severity_and_whether_an_opportunity_addresses_them(tmp_path):
    before = HEADER + "stages:\n  - id: buy\n    name: Buy\n"
    after = before + """\
    pain_points:
      - {id: declined, description: Card declined, severity: high}
      - {id: lost, description: Parcel lost, severity: high}
      - {id: slow, description: Checkout is slow, severity: medium}
      - {description: No guest checkout}
      - {id: queue, description: Queue at the till, severity: high, resolved: 2026-02-01}
    opportunities:
      - {description: Track parcels, addresses: [lost]}
      - {description: Tell customers where the parcel is, addresses: [lost]}
"""
    found = diff(tmp_path, before, after)
    assert listed(found) == [
        ("high", "pain-point-added", "New high-severity pain point 'Card declined' in stage 'Buy', with no "
                                     "opportunity addressing it"),
        ("medium", "pain-point-added", "New high-severity pain point 'Parcel lost' in stage 'Buy', addressed by "
                                       "opportunities 'Track parcels' and 'Tell customers where the parcel is'"),
        ("medium", "pain-point-added", "New medium-severity pain point 'Checkout is slow' in stage 'Buy', with no "
                                       "opportunity addressing it"),
        ("low", "pain-point-added", "New pain point 'No guest checkout' in stage 'Buy', with no opportunity "
                                    "addressing it"),
        ("low", "opportunity-added", "New opportunity 'Track parcels' in stage 'Buy'"),
        ("low", "opportunity-added", "New opportunity 'Tell customers where the parcel is' in stage 'Buy'"),
        ("info", "pain-point-added", "New high-severity pain point 'Queue at the till' in stage 'Buy', already "
                                     "resolved on 2026-02-01"),
    ]  # fmt: skip
    assert found.changes[1].addressed_by == ("Track parcels", "Tell customers where the parcel is")
    assert found.changes[0].data == {"id": "declined", "description": "Card declined", "severity": "high"}


def test_pain_points_resolved_reopened_removed_raised_and_moved(tmp_path):
    before = HEADER + """\
stages:
  - id: buy
    name: Buy
    pain_points:
      - {id: slow, description: Checkout is slow, severity: medium}
      - {id: queue, description: Queue at the till, severity: high, resolved: 2026-02-01}
      - {id: fees, description: Hidden fees, severity: low}
      - {id: old, description: An old problem, resolved: 2026-01-01}
      - {id: noisy, description: Noisy shop, severity: high}
      - {id: slow-app, description: The app is slow, severity: low}
  - {id: wear, name: Wear}
"""
    after = HEADER + """\
stages:
  - id: buy
    name: Buy
    pain_points:
      - {id: slow, description: Checkout is slow, severity: medium, resolved: 2026-05-01}
      - {id: queue, description: Queue at the till, severity: high}
      - {id: slow-app, description: The app is slow, severity: high}
  - id: wear
    name: Wear
    pain_points:
      - {id: fees, description: Hidden fees, severity: low}
"""
    found = diff(tmp_path, before, after)
    assert listed(found) == [
        ("high", "pain-point-reopened", "High-severity pain point 'Queue at the till' in stage 'Buy' reopened (it was "
                                        "resolved on 2026-02-01), with no opportunity addressing it"),
        ("high", "pain-point-changed", "Pain point 'The app is slow' in stage 'Buy': severity changed from 'low' to "
                                       "'high', with no opportunity addressing it"),
        ("low", "pain-point-resolved", "Medium-severity pain point 'Checkout is slow' in stage 'Buy' resolved on "
                                       "2026-05-01"),
        ("low", "pain-point-moved", "Pain point 'Hidden fees' moved from stage 'Buy' to stage 'Wear'"),
        ("low", "pain-point-removed", "High-severity pain point 'Noisy shop' removed from stage 'Buy'"),
        ("info", "pain-point-removed", "Resolved pain point 'An old problem' removed from stage 'Buy'"),
    ]  # fmt: skip
    assert found.changes[2].fields == (FieldChange("resolved", None, "2026-05-01"),)
    lowered = diff(tmp_path, after, after.replace("slow, severity: high", "slow, severity: medium"))
    assert listed(lowered) == [("low", "pain-point-changed", "Pain point 'The app is slow' in stage 'Buy': severity "
                                                             "changed from 'high' to 'medium'")]  # fmt: skip


def test_opportunity_status_forward_and_back(tmp_path):
    before = HEADER + """\
stages:
  - id: buy
    name: Buy
    opportunities:
      - {description: Faster checkout, status: planned}
      - {description: Show fees early, status: done}
      - {description: Chat, status: idea}
      - {description: Guest checkout}
      - {description: Gift wrap, owner: Shop team}
"""
    after = HEADER + """\
stages:
  - id: buy
    name: Buy
    opportunities:
      - {description: Faster checkout, status: done}
      - {description: Show fees early, status: in_progress}
      - {description: Chat}
      - {description: Guest checkout, status: idea, owner: Web team}
"""
    found = diff(tmp_path, before, after)
    assert listed(found) == [
        ("medium", "opportunity-status-back", "Opportunity 'Show fees early' in stage 'Buy' moved back from done to "
                                              "in progress"),
        ("medium", "opportunity-status-back", "Opportunity 'Chat' in stage 'Buy' no longer has a status (was idea)"),
        ("low", "opportunity-status-forward", "Opportunity 'Faster checkout' in stage 'Buy' moved forward from "
                                              "planned to done"),
        ("low", "opportunity-status-forward", "Opportunity 'Guest checkout' in stage 'Buy' set to idea"),
        ("low", "opportunity-changed", "Opportunity 'Guest checkout' in stage 'Buy': owner set to 'Web team'"),
        ("low", "opportunity-removed", "Opportunity 'Gift wrap' removed from stage 'Buy'"),
    ]  # fmt: skip
    assert found.changes[0].fields == (FieldChange("status", "done", "in_progress"),)


def test_metrics_toward_and_away_from_their_target(tmp_path):
    before = HEADER + """\
stages:
  - id: buy
    name: Buy
    metrics:
      - {name: Conversion, unit: "%", target: 60, actual: 42, direction: increase}
      - {name: Wait, unit: min, target: 5, actual: 9, direction: decrease}
      - {name: Rating, target: 8, actual: 7}
      - {name: Returns, target: 5, actual: 4, direction: decrease}
      - {name: Calls, actual: 3}
      - {name: Visits, actual: 300}
"""
    after = HEADER + """\
stages:
  - id: buy
    name: Buy
    metrics:
      - {name: Conversion, unit: "%", target: 60, actual: 51.5, direction: increase}
      - {name: Wait, unit: min, target: 5, actual: 12, direction: decrease}
      - {name: Rating, target: 8, actual: 9.5}
      - {name: Returns, target: 5, actual: 2, direction: decrease}
      - {name: Calls, actual: 5, target: 2}
      - {name: Visits, actual: 340}
"""
    found = diff(tmp_path, before, after)
    assert listed(found) == [
        ("medium", "metric-away-from-target", "Metric 'Wait' in stage 'Buy' moved away from its target of 5 min: "
                                              "from 9 min to 12 min"),
        ("medium", "metric-away-from-target", "Metric 'Rating' in stage 'Buy' moved away from its target of 8: from "
                                              "7 to 9.5"),
        ("medium", "metric-away-from-target", "Metric 'Calls' in stage 'Buy' moved away from its target of 2: from 3 "
                                              "to 5"),
        ("low", "metric-toward-target", "Metric 'Conversion' in stage 'Buy' moved toward its target of 60%: from 42% "
                                        "to 51.5%"),
        ("low", "metric-changed", "Metric 'Returns' in stage 'Buy': actual changed from 4 to 2"),
        ("low", "metric-changed", "Metric 'Calls' in stage 'Buy': target set to 2"),
        ("low", "metric-changed", "Metric 'Visits' in stage 'Buy': actual changed from 300 to 340"),
    ]  # fmt: skip
    away = found.changes[0]
    assert (away.fields, away.delta, away.data["target"], away.data["direction"]) == (
        (FieldChange("actual", 9, 12),), 3, 5, "decrease")  # fmt: skip
    assert found.changes[3].delta == 9.5
    # Returns was on target (below 5) and still is; Rating, with no direction, is judged by its distance; Calls
    # by the target after the change, the goal now; Visits has no target to move toward


def test_blueprint_actions(tmp_path):
    before = HEADER + """\
stages:
  - id: buy
    name: Buy
    frontstage:
      - {name: Greets the customer, actor: Shop assistant}
    backstage:
      - {id: stock, name: Checks stock, actor: Warehouse}
  - {id: wear, name: Wear}
"""
    after = HEADER + """\
stages:
  - id: buy
    name: Buy
    frontstage:
      - {name: Greets the customer, actor: Manager}
  - id: wear
    name: Wear
    backstage:
      - {id: stock, name: Checks stock, actor: Warehouse}
    support:
      - {name: Repairs boots, actor: Partner cobbler}
"""
    found = diff(tmp_path, before, after)
    assert listed(found) == [
        ("low", "action-changed", "Frontstage action 'Greets the customer' in stage 'Buy': actor changed from "
                                  "'Shop assistant' to 'Manager'"),
        ("low", "action-moved", "Backstage action 'Checks stock' moved from stage 'Buy' to stage 'Wear'"),
        ("low", "action-added", "New support process 'Repairs boots' in stage 'Wear'"),
    ]  # fmt: skip
    assert found.changes[2].data == {"lane": "support", "name": "Repairs boots", "actor": "Partner cobbler"}


# --- emotions

PERSONAS = HEADER + """\
personas:
  - {id: maya, name: Maya}
  - {id: leo, name: Leo}
stages:
  - {id: search, name: Search, emotion: 1}
  - id: buy
    name: Buy
    steps:
      - name: Pays
        emotions:
          - {persona: maya, emotion: 1}
          - {persona: leo, emotion: 0}
          - {persona: maya, state: future, emotion: 2}
      - {name: Gets a receipt, personas: [maya], emotion: 0}
"""


def test_emotion_per_persona_and_state_with_the_curves_before_and_after(tmp_path):
    after = (PERSONAS.replace("{persona: maya, emotion: 1}", "{persona: maya, emotion: -1}")
             .replace("state: future, emotion: 2", "state: future, emotion: 1")
             .replace("[maya], emotion: 0}", "[maya]}"))  # fmt: skip
    found = diff(tmp_path, PERSONAS, after)
    # as the map view draws it: a step in both states feels in the future as today, unless an entry says
    # otherwise (the receipt's 0, Leo's 0 at Pays, Search's 1); Buy's point is the average of its column's
    assert listed(found) == [
        ("medium", "emotion-dropped", "Emotion dropped by 1.5, from 0.5 to -1, at stage 'Buy' for persona 'Maya' in "
                                      "the current state"),
        ("medium", "emotion-dropped", "Emotion dropped by 2, from 1 to -1, at step 'Pays' in stage 'Buy' for persona "
                                      "'Maya' in the current state"),
        ("medium", "emotion-dropped", "Emotion dropped by 1, from 2 to 1, at step 'Pays' in stage 'Buy' for persona "
                                      "'Maya' in the future state"),
        ("info", "emotion-removed", "Emotion reading of 0 removed at step 'Gets a receipt' in stage 'Buy' for "
                                    "persona 'Maya' in the current state"),
        ("info", "emotion-removed", "Emotion reading of 0 removed at step 'Gets a receipt' in stage 'Buy' for "
                                    "persona 'Maya' in the future state"),
    ]  # fmt: skip
    first = found.changes[0]
    assert (first.element, first.id, first.name, first.stage, first.persona, first.state, first.delta,
            first.fields) == (  # fmt: skip
        "stage", "buy", "Buy", "buy", "maya", "current", -1.5, (FieldChange("emotion", 0.5, -1),))  # fmt: skip
    assert [(curve.persona, curve.persona_name, curve.state, curve.base, curve.head) for curve in found.curves] == [
        ("maya", "Maya", "current", (("search", 1), ("buy", 0.5)), (("search", 1), ("buy", -1))),
        ("maya", "Maya", "future", (("search", 1), ("buy", 1)), (("search", 1), ("buy", 1))),  # (2 + 0) / 2, then 1
        ("leo", "Leo", "current", (("search", 1), ("buy", 0)), (("search", 1), ("buy", 0))),
        ("leo", "Leo", "future", (("search", 1), ("buy", 0)), (("search", 1), ("buy", 0))),
    ]  # fmt: skip
    assert [curve.changed for curve in found.curves] == [True, False, False, False]


def test_a_change_alike_for_every_persona_is_one_change(tmp_path):
    before = HEADER + """\
personas:
  - {id: maya, name: Maya}
  - {id: leo, name: Leo}
stages:
  - {id: buy, name: Buy, emotion: 1}
"""
    found = diff(tmp_path, before, before.replace("emotion: 1", "emotion: 2"))
    assert listed(found) == [
        ("low", "emotion-rose", "Emotion rose by 1, from 1 to 2, at stage 'Buy' for every persona")]  # fmt: skip
    assert found.changes[0].persona is None
    assert [curve.persona for curve in found.curves] == ["maya", "leo"]


def test_emotion_drops_at_moments_of_truth(tmp_path):
    before = HEADER + """\
stages:
  - id: buy
    name: Buy
    steps:
      - {name: Pays, moment_of_truth: true, emotion: 1}
      - {name: Signs, emotion: 1}
  - {id: collect, name: Collects, moment_of_truth: true, emotion: 2}
  - {id: wear, name: Wears, emotion: 2}
"""
    after = HEADER + """\
stages:
  - id: buy
    name: Buy
    steps:
      - {name: Pays, moment_of_truth: true, emotion: 0}
      - {name: Signs, emotion: 2}
  - {id: collect, name: Collects, moment_of_truth: true, emotion: 1}
  - {id: wear, name: Wears, emotion: 0}
"""
    found = diff(tmp_path, before, after)
    assert listed(found) == [
        ("high", "emotion-dropped", "Emotion dropped by 1, from 1 to 0, at step 'Pays' in stage 'Buy' (a moment of "
                                    "truth)"),
        ("high", "emotion-dropped", "Emotion dropped by 1, from 2 to 1, at stage 'Collects' (a moment of truth)"),
        ("medium", "emotion-dropped", "Emotion dropped by 2, from 2 to 0, at stage 'Wears'"),
        ("low", "emotion-rose", "Emotion rose by 1, from 1 to 2, at step 'Signs' in stage 'Buy'"),
    ]  # fmt: skip
    assert [change.moment_of_truth for change in found.changes] == [True, True, False, False]
    # the stage's average did not move (1 -> 1): Pays fell as much as Signs rose
    waits = before.replace("{name: Signs, emotion: 1}", "{name: Signs, emotion: 1}\n      - {name: Waits, emotion: 0}")
    half = diff(tmp_path, before, waits)
    assert listed(half) == [
        ("low", "emotion-dropped", "Emotion dropped by 0.33, from 1 to 0.67, at stage 'Buy'"),
        ("low", "step-added", "New step 'Waits' in stage 'Buy'"),
    ]  # fmt: skip


def test_a_reading_that_appears_where_there_was_none(tmp_path):
    before = buying("[Pays]")
    found = diff(tmp_path, before, before.replace("[Pays]", "[{name: Pays, emotion: -1}]"))
    assert listed(found) == [
        ("info", "emotion-added", "Emotion reading of -1 added at stage 'Buy'"),
        ("info", "emotion-added", "Emotion reading of -1 added at step 'Pays' in stage 'Buy'"),
    ]
    assert (found.changes[0].delta, found.changes[0].persona, found.changes[0].state) == (None, None, "current")


def test_personas_added_to_a_map_without_any_compare_anyones_emotion(tmp_path):
    before = HEADER + "stages:\n  - {id: buy, name: Buy, emotion: 1}\n"
    after = HEADER + "personas:\n  - {id: maya, name: Maya}\nstages:\n  - {id: buy, name: Buy, emotion: -1}\n"
    found = diff(tmp_path, before, after)
    assert listed(found) == [
        ("medium", "emotion-dropped", "Emotion dropped by 2, from 1 to -1, at stage 'Buy'"),
        ("low", "persona-added", "New persona 'Maya'"),
    ]
    assert [(curve.persona, curve.base, curve.head) for curve in found.curves] == [
        ("maya", (), (("buy", -1),)), (None, (("buy", 1),), ())]  # fmt: skip


def _drawn(journey, state: str | None = None) -> dict[tuple[str | None, str], list[float | None]]:
    """(persona, state) -> a point per stage, as the map view's emotion lane draws it: the average of the
    curve's points in the stage's column (None: none there), to two places."""
    scene = scene_for(for_state(journey, state) if state else journey, "m", (), None, False, state)
    lane = emotion_lane(scene)
    by_state = {False: scene.states[0], True: "future"}
    found = {}
    for curve in lane.curves:
        column: dict[int, list[float]] = {}
        for point in curve.points:  # a point's key is the path of its step or stage: ("stages", index, ...)
            column.setdefault(point.key[1], []).append(point.score)
        found[(curve.persona, by_state[curve.future])] = [
            round(sum(column[index]) / len(column[index]), 2) if index in column else None
            for index in range(len(journey.stages))
        ]  # fmt: skip
    return found


def test_a_persona_s_score_is_its_own_readings_else_everyone_s_at_the_steps_it_takes(tmp_path):
    before = HEADER + """\
personas:
  - {id: maya, name: Maya Ortiz}
  - {id: leo, name: Leo}
stages:
  - id: buy
    name: Buy
    steps:
      - name: Pays
        emotions: [{emotion: 0}, {persona: maya, emotion: -2}]
  - id: collect
    name: Collect
    personas: [leo]
    steps:
      - {name: Collects, emotion: 1}
      - {name: Phones for Maya, personas: [maya], emotion: -1}
"""
    found = diff(tmp_path, before, before.replace("emotion: -2", "emotion: -1"))
    # Maya's own reading, not its average with everyone's; Leo's, everyone's; a step may name a persona its
    # stage does not list, and that persona has a point there
    assert listed(found) == [
        ("low", "emotion-rose", "Emotion rose by 1, from -2 to -1, at stage 'Buy' for persona 'Maya Ortiz'"),
        ("low", "emotion-rose", "Emotion rose by 1, from -2 to -1, at step 'Pays' in stage 'Buy' for persona "
                                "'Maya Ortiz'"),
    ]  # fmt: skip
    assert [(curve.persona, curve.state, curve.base, curve.head) for curve in found.curves] == [
        ("maya", "current", (("buy", -2), ("collect", -1)), (("buy", -1), ("collect", -1))),
        ("leo", "current", (("buy", 0), ("collect", 1)), (("buy", 0), ("collect", 1))),
    ]  # fmt: skip
    drawn = _drawn(side(tmp_path, before, "again").journey)
    assert drawn == {("maya", "current"): [-2, -1], ("leo", "current"): [0, 1]}


@pytest.mark.parametrize("example", ["moving-home-broadband", "renewing-an-id-card"])
def test_the_curves_are_the_points_the_map_view_draws(example):
    journey, checked = journey_of(ROOT / "examples" / f"{example}.journey.yaml")
    curves = compare(None, MapSide(checked.file, journey)).curves
    reported = {(curve.persona, curve.state): [score for _, score in curve.head] for curve in curves}
    compared = _drawn(journey)  # the map as written: both states, compared
    assert len(compared) == 8 and reported == compared  # four personas, each in both states
    for state in ("current", "future"):  # and each state drawn alone (--state)
        assert _drawn(journey, state) == {key: points for key, points in reported.items() if key[1] == state}
    assert {curve.persona: curve.persona_name for curve in curves} == {
        persona.id: persona.name for persona in journey.personas if persona.id in journey.cast()}


# --- lint findings

def test_lint_findings_introduced_and_fixed_are_told_apart_from_findings_that_only_moved(tmp_path):
    before = HEADER + """\
objective: Sell boots
stages:
  - {id: search, name: Search, kind: awareness, goal: Find boots, steps: [Searches]}
  - {id: buy, name: Buy, kind: purchase, steps: [Pays]}
"""
    after = HEADER + """\
objective: Sell boots
stages:
  - {id: hear, name: Hears of us, kind: awareness, goal: Hear of us, steps: [Hears], touchpoints: [ad], emotion: 1}
  - {id: search, name: Search, kind: consideration, steps: [Searches]}
  - {id: buy, name: Buy, kind: purchase, steps: [Pays]}
touchpoints:
  - {id: ad, name: Poster, channel: print, owner: Marketing}
"""
    found = diff(tmp_path, before, after, findings=True)
    assert [row for row in listed(found) if row[1].startswith("finding-")] == [
        ("medium", "finding-introduced", "New lint warning JM303 stage-without-goal: stage 'Search' has no goal; "
                                         "write what the customer wants to achieve in this stage"),
        ("low", "finding-introduced", "New lint info JM305 stage-without-metrics: stage 'Hears of us' has no metrics; "
                                      "define how results in this stage are measured"),
        ("info", "finding-fixed", "Fixed lint warning JM405 too-few-stages: the map has only 2 stages, fewer than 3; "
                                  "map the journey from need to after the sale"),
    ]  # fmt: skip
    new = next(change for change in found.changes if change.id == "JM303")
    assert (new.where.as_data(), new.stage, new.name) == (
        {"side": "head", "file": "m.journey.yaml", "line": 6, "column": 5}, "search",
        "stage 'Search' has no goal; write what the customer wants to achieve in this stage")  # fmt: skip
    assert new.data == {"code": "JM303", "name": "stage-without-goal", "severity": "warning",
                        "message": "stage 'Search' has no goal; write what the customer wants to achieve in this stage",
                        "element": ("stages", "search")}  # fmt: skip
    fixed = next(change for change in found.changes if change.kind == "finding-fixed")
    assert (fixed.where.side, fixed.where.line, fixed.data["element"]) == ("base", 4, ("stages",))
    # Search and Buy had no touchpoints, emotion or metrics before either: those findings only moved a line down


def test_a_finding_about_an_element_moves_with_it_to_another_stage(tmp_path):
    before = HEADER + """\
stages:
  - id: search
    name: Search
    opportunities:
      - {description: Delivery}
  - {id: buy, name: Buy}
"""
    after = before.replace("""    opportunities:
      - {description: Delivery}
  - {id: buy, name: Buy}
""", """  - id: buy
    name: Buy
    opportunities:
      - {description: Delivery}
""")
    found = diff(tmp_path, before, after, findings=True)
    assert [row for row in listed(found) if "Delivery" in row[2]] == [
        ("low", "opportunity-moved", "Opportunity 'Delivery' moved from stage 'Search' to stage 'Buy'")]  # fmt: skip


# --- order, data, immutability

def test_changes_come_most_important_first_and_sections_keep_their_order_within_a_severity(tmp_path):
    before = HEADER + """\
stages:
  - id: buy
    name: Buy
    moment_of_truth: true
    emotion: 1
    metrics:
      - {name: Wait, target: 5, actual: 6, direction: decrease}
    opportunities:
      - {description: Faster checkout, status: done}
  - {id: wear, name: Wear}
"""
    after = HEADER + """\
stages:
  - id: buy
    name: Buy
    description: Where customers pay
    moment_of_truth: true
    emotion: 0
    metrics:
      - {name: Wait, target: 5, actual: 8, direction: decrease}
    opportunities:
      - {description: Faster checkout, status: planned}
    pain_points:
      - {id: declined, description: Card declined, severity: high}
"""
    assert [(change.severity, change.kind) for change in diff(tmp_path, before, after).changes] == [
        ("high", "stage-removed"), ("high", "pain-point-added"), ("high", "emotion-dropped"),
        ("medium", "opportunity-status-back"), ("medium", "metric-away-from-target"),
        ("info", "stage-changed"),
    ]  # fmt: skip


def test_as_data_is_plain_json_with_every_key_and_the_same_every_time(tmp_path):
    before = buying("[{name: Pays, touchpoints: [web], emotion: 1}]") + (
        "touchpoints:\n  - {id: web, name: Website, channel: web}\n  - {id: app, name: App, channel: mobile_app}\n")
    after = before.replace("touchpoints: [web], emotion: 1", "touchpoints: [web, app], emotion: -1")
    found = diff(tmp_path, before, after)
    data = found.as_data()
    assert json.loads(json.dumps(data)) == data
    assert json.dumps(data, sort_keys=True) == json.dumps(diff(tmp_path, before, after).as_data(), sort_keys=True)
    assert list(data) == ["path", "base_path", "head_path", "status", "title", "counts", "changes", "curves"]
    assert data["counts"] == {"high": 0, "medium": 2, "low": 1, "info": 0}
    assert data["changes"][2] == {
        "kind": "step-changed", "severity": "low", "element": "step", "id": None, "name": "Pays", "stage": "buy",
        "persona": None, "state": None,
        "fields": [{"field": "touchpoints", "old": ["web"], "new": ["web", "app"]}],
        "delta": None, "moment_of_truth": False, "addressed_by": [],
        "where": {"side": "head", "file": "m.journey.yaml", "line": 6, "column": 13},
        "summary": "Step 'Pays' in stage 'Buy': touchpoints changed from 'web' to 'web', 'app'",
        "data": {"name": "Pays", "touchpoints": ["web", "app"], "emotion": -1},
    }  # fmt: skip
    assert data["changes"][0]["kind"] == "emotion-dropped" and data["changes"][0]["delta"] == -2
    assert data["curves"] == [{"persona": None, "persona_name": None, "state": "current",
                               "base": [{"stage": "buy", "score": 1}], "head": [{"stage": "buy", "score": -1}]}]  # fmt: skip
    every_key = set(data["changes"][0])
    assert all(set(change) == every_key for change in data["changes"])


def test_the_values_cannot_change(tmp_path):
    wear = STAGES.replace("{id: wear, name: Wear}", "{id: wear, name: Wear, touchpoints: [web]}")
    found = diff(tmp_path, STAGES, wear + "touchpoints:\n  - {id: web, name: Website, channel: web}\n")
    change = found.changes[0]
    assert change.fields[0].new == ("web",)  # a tuple, not the list as_data gave
    with pytest.raises(AttributeError):
        change.severity = "high"  # type: ignore[misc]
    with pytest.raises(TypeError):
        change.data["name"] = "Other"  # type: ignore[index]
    assert len({change, found.changes[0]}) == 1  # hashable, down to its data: usable in sets and as keys
    assert isinstance(found.changes, tuple) and isinstance(found.curves, tuple)


def test_every_change_is_of_a_known_kind_severity_and_element():
    with pytest.raises(ValueError, match="not a change"):
        Change(kind="stage-renamed", severity="low", element="stage", summary="x")
    with pytest.raises(ValueError, match="not a change"):
        Change(kind="stage-added", severity="critical", element="stage", summary="x")
    assert len(KINDS) == len(set(KINDS))


def test_compare_needs_the_map_on_one_side_at_least():
    with pytest.raises(ValueError, match="at least one side"):
        compare(None, None)


# --- policies

RISKY_BEFORE = HEADER + """\
stages:
  - id: buy
    name: Buy
    steps:
      - {name: Pays, moment_of_truth: true, emotion: 1}
      - {name: Signs, emotion: 1}
    metrics:
      - {name: Wait, target: 5, actual: 6, direction: decrease}
  - {id: wear, name: Wear}
"""
RISKY_AFTER = HEADER + """\
stages:
  - id: buy
    name: Buy
    steps:
      - {name: Pays, moment_of_truth: true, emotion: -1}
      - {name: Signs, emotion: 0}
    metrics:
      - {name: Wait, target: 5, actual: 8, direction: decrease}
    pain_points:
      - {id: declined, description: Card declined, severity: high}
      - {id: lost, description: Parcel lost, severity: high}
      - {id: slow, description: Checkout is slow, severity: medium}
    opportunities:
      - {description: Track parcels, addresses: [lost]}
"""


def failures(diffs: list[MapDiff], *policies: str) -> list[tuple[str, str]]:
    return [(policy, change.summary) for policy, change in failing(diffs, policies)]


def test_each_policy_fails_on_its_own_changes(tmp_path):
    found = diff(tmp_path, RISKY_BEFORE, RISKY_AFTER, findings=True)
    assert failures([found], "new-high-pain-point-without-opportunity") == [
        ("new-high-pain-point-without-opportunity",
         "New high-severity pain point 'Card declined' in stage 'Buy', with no opportunity addressing it"),
    ]  # fmt: skip
    assert failures([found], "emotion-drop-at-moment-of-truth") == [
        ("emotion-drop-at-moment-of-truth", "Emotion dropped by 2, from 1 to -1, at step 'Pays' in stage 'Buy' (a "
                                            "moment of truth)"),
    ]  # the stage's average fell too, and Signs by 1, but neither is a moment of truth
    assert failures([found], "metric-away-from-target") == [
        ("metric-away-from-target", "Metric 'Wait' in stage 'Buy' moved away from its target of 5: from 6 to 8"),
    ]
    assert failures([found], "removed-stage") == [("removed-stage", "Stage 'Wear' removed")]
    assert failures([found], "new-lint-errors") == []  # the default rules report warnings and infos
    assert len(failing([found], ["any-change"])) == len(found.changes)


def test_a_pain_point_raised_to_high_or_reopened_fails_as_a_new_one(tmp_path):
    before = HEADER + """\
stages:
  - id: buy
    name: Buy
    pain_points:
      - {id: slow, description: Checkout is slow, severity: medium}
      - {id: queue, description: Queue at the till, severity: high, resolved: 2026-02-01}
      - {id: lost, description: Parcel lost, severity: medium}
    opportunities:
      - {description: Track parcels, addresses: [lost]}
"""
    after = (before.replace("slow, severity: medium", "slow, severity: high").replace(", resolved: 2026-02-01", "")
             .replace("lost, severity: medium", "lost, severity: high"))  # fmt: skip
    found = failing([diff(tmp_path, before, after)], ["new-high-pain-point-without-opportunity"])
    assert [change.id for _, change in found] == ["slow", "queue"]  # Parcel lost is high too, but addressed


def test_new_lint_errors_fails_on_a_new_finding_of_severity_error(tmp_path):
    base = side(tmp_path, RISKY_BEFORE, "base", findings=True)
    head = side(tmp_path, RISKY_AFTER, "head", findings=True)
    # as a configuration raising pain-point-without-opportunity to error would report it
    raised = tuple(p._replace(severity=Severity.ERROR) if p.code == "JM306" else p for p in head.findings)
    found = compare(base, MapSide(head.path, head.journey, raised))
    failed = failing([found], ["new-lint-errors"])
    assert [(policy, change.kind, change.severity, change.name) for policy, change in failed] == [
        ("new-lint-errors", "finding-introduced", "high", "no opportunity addresses pain point 'declined'; add one "
                                                          "with 'addresses: [declined]'"),
        ("new-lint-errors", "finding-introduced", "high", "no opportunity addresses pain point 'slow'; add one with "
                                                          "'addresses: [slow]'"),
    ]  # fmt: skip


def test_failing_goes_policy_by_policy_then_map_by_map(tmp_path):
    risky = diff(tmp_path, RISKY_BEFORE, RISKY_AFTER)
    removed = compare(side(tmp_path, STAGES, "base", name="other.journey.yaml"), None)
    failed = failing([risky, removed], ["removed-stage", "any-change"])
    assert [(policy, change.kind) for policy, change in failed][:2] == [
        ("removed-stage", "stage-removed"), ("any-change", "stage-removed")]  # fmt: skip
    assert failing([risky, removed], ["any-change"])[-1][1].kind == "map-removed"
    assert failing([compare(side(tmp_path, STAGES, "base"), side(tmp_path, STAGES, "head"))], POLICY_NAMES) == []


def test_an_unknown_policy_is_refused_with_a_hint():
    with pytest.raises(ValueError, match=r"^'removed-stages' is not a diff policy; did you mean 'removed-stage'\?$"):
        failing([], ["removed-stages"])
    with pytest.raises(ValueError, match=r"^'x' is not a diff policy; the policies are new-high-pain-point-without-"):
        failing([], ["x"])


def test_the_policies_are_named_and_described_on_one_line():
    assert POLICY_NAMES == (
        "new-high-pain-point-without-opportunity", "emotion-drop-at-moment-of-truth", "metric-away-from-target",
        "removed-stage", "new-lint-errors", "any-change",
    )  # fmt: skip
    assert all(policy.description and "\n" not in policy.description and len(policy.description) < 100
               for policy in POLICIES)  # fmt: skip


# --- matching

def placed(*texts: str, stage: str = "s") -> list[Placed]:
    class Named:
        def __init__(self, text: str) -> None:
            self.id, _, self.name = text.rpartition(":") if ":" in text else (None, "", text)

    return [Placed(stage, index, Named(text)) for index, text in enumerate(texts)]


def names(matching) -> tuple[list, list, list]:
    return ([(old.element.name, new.element.name) for old, new in matching.pairs],
            [p.element.name for p in matching.removed], [p.element.name for p in matching.added])  # fmt: skip


def test_matching_by_id_then_exact_text_then_likeness_within_a_stage():
    base = placed("a:Pays", "Signs the form", "Reads reviews", "Looks at ads")
    head = placed("a:Pays by card", "signs  the FORM", "Read reviews", "Sees a poster")
    assert names(match(base, head, lambda e: e.name)) == (
        [("Pays", "Pays by card"), ("Signs the form", "signs  the FORM"), ("Reads reviews", "Read reviews")],
        ["Looks at ads"], ["Sees a poster"])  # fmt: skip
    elsewhere = placed("Read reviews", stage="other")
    assert names(match(base[2:3], elsewhere, lambda e: e.name)) == ([], ["Reads reviews"], ["Read reviews"])


def test_the_search_for_lookalikes_is_capped_per_stage():
    many = [f"Step number {n:03}" for n in range(MAX_FUZZY + 1)]
    edited = [f"Step number {n:03}!" for n in range(MAX_FUZZY + 1)]
    assert len(match(placed(*many), placed(*edited), lambda e: e.name).pairs) == 0
    assert len(match(placed(*many[:MAX_FUZZY]), placed(*edited[:MAX_FUZZY]), lambda e: e.name).pairs) == MAX_FUZZY


def test_unmoved_is_the_longest_run_in_order():
    assert unmoved([]) == set()
    assert unmoved([0, 1, 2, 3]) == {0, 1, 2, 3}
    assert unmoved([1, 2, 0, 3]) == {0, 1, 3}  # the element from place 0 moved
    assert unmoved([3, 0, 1, 2]) == {1, 2, 3}


# --- every kind there is

EVERYTHING_BEFORE = HEADER + """\
reviewed: 2026-01-01
personas:
  - {id: maya, name: Maya}
  - {id: leo, name: Leo}
touchpoints:
  - {id: web, name: Website, channel: web}
  - {id: shop, name: Shop, channel: store}
phases:
  - {id: buying, name: Buying}
  - {id: using, name: Using}
sources:
  - {id: survey, name: Survey}
  - {id: calls, name: Calls}
stages:
  - id: search
    name: Search
    phase: buying
    touchpoints: [web, shop]
    steps:
      - {name: Looks at ads, emotion: 1, sources: [survey, calls]}
      - {name: Reads reviews, emotion: 0}
      - {name: Asks a friend, emotion: 1}
      - {name: Visits the shop}
      - {name: Old habit}
    pain_points:
      - {id: ads, description: Too many ads, severity: low}
      - {id: fake, description: Reviews are fake, severity: medium, resolved: 2026-01-01}
      - {id: closed, description: Shop closed, severity: high}
      - {id: gone, description: Gone pain, severity: low}
      - {id: far, description: Shop is far, severity: low}
    opportunities:
      - {description: Fewer ads, addresses: [ads], status: planned}
      - {description: Verify reviews, status: done}
      - {description: Old idea}
      - {description: Delivery, addresses: [far]}
    metrics:
      - {name: Visits, target: 100, actual: 80, direction: increase}
      - {name: Bounce, target: 20, actual: 30, direction: decrease}
      - {name: Old metric, actual: 1}
      - {name: Calls, actual: 5, unit: calls}
      - {name: Footfall, actual: 3}
    backstage:
      - {name: Buys ads, actor: Marketing}
      - {name: Old action}
      - {name: Counts stock}
  - {id: buy, name: Buy, phase: using}
  - {id: wear, name: Wear}
"""
EVERYTHING_AFTER = HEADER + """\
objective: Sell boots
reviewed: 2026-06-01
personas:
  - {id: maya, name: Maya, occupation: Nurse}
  - {id: sam, name: Sam}
touchpoints:
  - {id: web, name: Website, channel: mobile_app}
  - {id: app, name: App, channel: mobile_app}
phases:
  - {id: buying, name: Buying boots}
  - {id: after, name: After the sale}
sources:
  - {id: survey, name: Survey 2026}
  - {id: chats, name: Chats}
stages:
  - id: buy
    name: Buy
    steps:
      - {name: Visits the shop, emotion: 1}
    pain_points:
      - {id: far, description: Shop is far, severity: low}
    opportunities:
      - {description: Delivery, addresses: [far]}
    metrics:
      - {name: Footfall, actual: 3}
    backstage:
      - {name: Counts stock}
  - id: search
    name: Search
    goal: Find boots
    phase: buying
    touchpoints: [web, app]
    steps:
      - {name: Looks at ads, emotion: -1, sources: [survey, chats]}
      - {name: Reads reviews, emotion: 1}
      - {name: Asks a friend}
      - {name: Compares prices, emotion: 0}
    pain_points:
      - {id: ads, description: Too many ads, severity: medium}
      - {id: fake, description: Reviews are fake, severity: medium}
      - {id: closed, description: Shop closed, severity: high, resolved: 2026-05-01}
      - {id: queue, description: Queue at the till, severity: high}
    opportunities:
      - {description: Fewer ads, addresses: [ads], status: in_progress, owner: Marketing}
      - {description: Verify reviews, status: planned}
      - {description: New idea}
    metrics:
      - {name: Visits, target: 100, actual: 90, direction: increase}
      - {name: Bounce, target: 20, actual: 35, direction: decrease}
      - {name: Calls, actual: 5, unit: calls a day}
      - {name: New metric, actual: 2}
    backstage:
      - {name: Buys ads, actor: Marketing team}
      - {name: New action}
  - {id: use, name: Use, phase: after}
"""


def test_every_kind_of_change_can_be_reported(tmp_path):
    base = side(tmp_path, EVERYTHING_BEFORE, "base", findings=True)
    head = side(tmp_path, EVERYTHING_AFTER, "head", name="boots.journey.yaml", findings=True)
    kinds = {change.kind for change in compare(base, head).changes}
    kinds |= {change.kind for change in compare(None, head).changes + compare(base, None).changes}
    assert sorted(set(KINDS) - kinds) == []
    assert sorted(kinds - set(KINDS)) == []


def test_renaming_a_stage_neither_fixes_nor_introduces_the_findings_that_name_it(tmp_path):
    before = HEADER + "stages:\n  - {id: s, name: Start, steps: [Walks in]}\n"
    found = diff(tmp_path, before, before.replace("name: Start", "name: Beginning"), findings=True)
    assert listed(found) == [("info", "stage-changed", "Stage 'Start' renamed to 'Beginning'")]


def test_an_extension_key_of_a_reading_changed_alone_is_a_change(tmp_path):
    """Readings compare equal whatever their `x-` keys say; the step holding them still changed."""
    before = HEADER + """\
stages:
  - id: buy
    name: Buy
    steps:
      - name: Pays
        emotions:
          - {emotion: 1, x-quote: "fine"}
"""
    found = diff(tmp_path, before, before.replace('"fine"', '"slow"'))
    assert listed(found) == [("info", "step-changed", "Step 'Pays' in stage 'Buy': emotion entries changed")]
