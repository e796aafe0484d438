"""The diff engine (journeymap/diff): one map on two sides, its changes as values, and the policies."""

from __future__ import annotations

import datetime
import json
import textwrap
from pathlib import Path

import pytest

from journeymap.config import Config
from journeymap.diff import KINDS, POLICIES, POLICY_NAMES, Change, FieldChange, MapDiff, MapSide, compare, failing
from journeymap.diff.match import MAX_FUZZY, Placed, match, unmoved
from journeymap.linter import active_rules, lint
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
        ("high", "pain-point-added", "New high-severity pain point 'Card declined' in stage 'Buy', with no opportunity addressing it"),
        ("low", "map-added", "New map 'Boots' ('m.journey.yaml')"),
        ("low", "pain-point-added", "New low-severity pain point 'Checkout is slow' in stage 'Buy', addressed by "
                                    "opportunity 'Faster checkout'"),
    ]  # fmt: skip
    findings = [change for change in found.changes if change.kind == "finding-introduced"]
    assert [change.id for change in findings] == [
        "JM313", "JM314", "JM405", "JM301", "JM302", "JM303", "JM304", "JM306", "JM319", "JM307", "JM502", "JM305", "JM315",
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
    set_and_gone = diff(tmp_path, before.replace("reviewed: 2026-01-01\n", ""), before.replace("objective: Sell boots\n", ""))
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
    assert (removed.where.side, str(removed.where), removed.data) == ("base", "m.journey.yaml:8:5", {"id": "wear", "name": "Wear"})


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
    assert found.changes[2].fields == (FieldChange("name", "Pays", "Pays by card"), FieldChange("touchpoints", None, ("web",)))
    assert (found.changes[2].id, found.changes[2].name, found.changes[2].stage) == ("pays", "Pays by card", "buy")


def test_an_edited_name_of_a_step_without_an_id_reads_as_a_change(tmp_path):
    before = HEADER + "stages:\n  - id: buy\n    name: Buy\n    steps: [Compares prices in three shops, Looks at ads]\n"
    after = HEADER + "stages:\n  - id: buy\n    name: Buy\n    steps: [compares the prices in three shops, Sees a poster]\n"
    found = diff(tmp_path, before, after)
    assert listed(found) == [
        ("low", "step-added", "New step 'Sees a poster' in stage 'Buy'"),
        ("low", "step-removed", "Step 'Looks at ads' removed from stage 'Buy'"),
        ("info", "step-changed", "Step 'Compares prices in three shops' in stage 'Buy' renamed to "
                                 "'compares the prices in three shops'"),
    ]  # fmt: skip


def test_a_step_matches_by_its_text_when_it_gains_an_id_but_never_across_two_ids(tmp_path):
    before = HEADER + "stages:\n  - id: buy\n    name: Buy\n    steps: [Pays, {id: old, name: Signs}]\n"
    after = HEADER + "stages:\n  - id: buy\n    name: Buy\n    steps: [{id: pays, name: Pays}, {id: new, name: Signs}]\n"
    assert listed(diff(tmp_path, before, after)) == [
        ("low", "step-changed", "Step 'Pays' in stage 'Buy': id set to 'pays'"),
        ("low", "step-added", "New step 'Signs' in stage 'Buy'"),
        ("low", "step-removed", "Step 'Signs' removed from stage 'Buy'"),
    ]


def test_steps_reordered_within_a_stage(tmp_path):
    before = HEADER + "stages:\n  - id: buy\n    name: Buy\n    steps: [Chooses size, Adds to cart, Pays, Gets receipt]\n"
    after = HEADER + "stages:\n  - id: buy\n    name: Buy\n    steps: [Adds to cart, Pays, Chooses size, Gets receipt]\n"
    found = diff(tmp_path, before, after)
    assert listed(found) == [("low", "step-moved", "Step 'Chooses size' in stage 'Buy' moved before step 'Gets receipt'")]
    assert found.changes[0].fields == (FieldChange("order", 1, 3),)
    inserted = after.replace("[Adds", "[Hears of us, Adds")
    assert "step-moved" in [change.kind for change in diff(tmp_path, before, inserted).changes]
    only_inserted = before.replace("[Chooses", "[Hears of us, Chooses")
    assert listed(diff(tmp_path, before, only_inserted)) == [("low", "step-added", "New step 'Hears of us' in stage 'Buy'")]


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
    text = HEADER + "include: [lib.yaml]\nstages:\n  - id: buy\n    name: Buy\n    steps: [{name: Pays, persona: maya, touchpoints: [web]}]\n"
    changed = LIBRARY.replace("Other}", "Someone else}").replace("name: Website", "name: Web shop").replace("App}", "App, owner: IT}")
    found = compare(side(tmp_path, text, "base", files={"lib.yaml": LIBRARY}),
                    side(tmp_path, text, "head", files={"lib.yaml": changed}))  # fmt: skip
    assert listed(found) == [("info", "touchpoint-changed", "Touchpoint 'Website' renamed to 'Web shop'")]
    assert str(found.changes[0].where) == "lib.yaml:7:5"  # the unused persona and touchpoint are not this map's
