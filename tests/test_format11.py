"""Format 1.1 end to end: what validate accepts and refuses (exact lines), what the model reads, and maps
written to break things."""

from __future__ import annotations

import datetime
import json
import textwrap

import pytest

from conftest import ROOT
from journeymap import schema
from journeymap.loader import load_text
from journeymap.model import Duration, build, in_state
from journeymap.record import field_names, replace
from journeymap.workspace import Workspace


def lines_of(journeymap, tree, text: str, *files: tuple[str, str]) -> list[str]:
    tree({"m.journey.yaml": text, **dict(files)})
    return journeymap("validate", "m.journey.yaml").lines


def model_of(tree, text: str, *files: tuple[str, str]):
    root = tree({"m.journey.yaml": text, **dict(files)})
    workspace = Workspace(cwd=root)
    checked = workspace.check(root / "m.journey.yaml")
    assert checked.problems == (), checked.problems
    return workspace.journey(checked)


# ---------------------------------------------------------------- the format version


def test_format_1_1_is_accepted_and_read_as_such(journeymap, tree):
    text = "journeymap: 1.1\ntitle: T\nstages: [{id: s, name: S}]\n"
    assert lines_of(journeymap, tree, text) == ["All valid: checked 1 map."]
    assert model_of(tree, text).format == "1.1"
    assert model_of(tree, text.replace("1.1", "1", 1)).format == "1"


@pytest.mark.parametrize(
    ("written", "refusal"),
    [
        ("1.2", "not 1.2"),
        ('"1.1"', "not '1.1'; write it without quotes: journeymap: 1.1"),
        ("'1'", "not '1'; write it without quotes: journeymap: 1"),
        ("2", "not 2"),
        ("true", "not a true/false value (true)"),
    ],
)
def test_any_other_format_version_is_refused_in_one_line(journeymap, tree, written, refusal):
    text = f"journeymap: {written}\ntitle: T\nstages: [{{id: s, name: S}}]\n"
    assert lines_of(journeymap, tree, text) == [
        f"m.journey.yaml:1:13: error[JM104 invalid-value]: 'journeymap' is the format version and must be 1 or 1.1, "
        f"{refusal}",
        "Found 1 problem in 1 file (checked 1 map).",
    ]


EXAMPLE_MAPS = sorted(  # the examples written in format 1
    path.name for path in (ROOT / "examples").glob("*.journey.yaml") if "\njourneymap: 1\n" in path.read_text()
)


def _example(name: str, version: str):
    """An example map under either format version, built with the example library."""
    text = (ROOT / "examples" / name).read_text(encoding="utf-8")
    assert "\njourneymap: 1\n" in f"\n{text}"
    library = load_text((ROOT / "examples/library/personas.yaml").read_text(encoding="utf-8"), "lib.yaml")[0]
    document = load_text(text.replace("journeymap: 1\n", f"journeymap: {version}\n", 1), "m.journey.yaml")[0]
    assert schema.validate(document) == []
    return build(document, [library])


@pytest.mark.parametrize("name", EXAMPLE_MAPS)
def test_every_example_means_the_same_under_1_1(name):
    as_1, as_1_1 = _example(name, "1"), _example(name, "1.1")
    assert (as_1.format, as_1_1.format) == ("1", "1.1")
    assert replace(as_1_1, format="1") == as_1


@pytest.mark.parametrize("name", EXAMPLE_MAPS)
def test_a_format_1_map_reads_as_it_did(name):
    journey = _example(name, "1")
    assert journey.state == "current" and journey.sources == ()
    for stage in journey.stages:  # format 1's reading of emotions is the 1.1 curve of a map without entries
        assert journey.stage_emotions(stage) == stage.scores()
        assert journey.next_stages(stage) == tuple(s.id for s in journey.stages[journey.stages.index(stage) + 1 :][:1])
        assert stage.actions() == () and stage.exits == () and stage.emotions == ()
    for _, step in journey.steps():
        assert step.personas == ((step.persona,) if step.persona else ())
    assert not journey.loops()


def test_the_examples_still_validate(journeymap, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert journeymap("validate", "examples").lines == ["All valid: checked 8 maps and 1 library."]


# ---------------------------------------------------------------- unknown keys

TYPOS = """
    journeymap: 1.1
    title: Typos in every new mapping
    stat: future
    sources:
      - id: survey
        name: Survey
        knd: survey
    personas:
      - id: ana
        name: Ana
        evidnce: Interviews
    touchpoints:
      - id: web
        name: Web
        stat: future
    stages:
      - id: apply
        name: Apply
        moment_of_trust: true
        frontstge: [Greets]
        feelings: anxious
        emotions:
          - persna: ana
            feelings: lost
        exits:
          - description: Gives up
            return_to: apply
        backstage:
          - name: Checks the form
            actr: Clerk
        pain_points:
          - description: Slow
            resolve: 2026-01-01
        metrics:
          - name: Time to card
            measure: 2026-01-01
        steps:
          - name: Fills the form
            moment_of_trust: true
            wiat: 10 min
            persons: [ana]
            emotions:
              - emotoin: -1
            exits:
              - description: Gives up
                rates: 3
"""


def test_unknown_keys_in_new_mappings_and_new_keys_get_a_did_you_mean_at_the_key(journeymap, tree):
    prefix = "m.journey.yaml:"
    unknown = "error[JM101 unknown-key]: unknown key"
    assert lines_of(journeymap, tree, TYPOS) == [
        f"{prefix}3:1: {unknown} 'stat' at the top level; did you mean 'state'?",
        f"{prefix}7:5: {unknown} 'knd' in source 'survey'; did you mean 'kind'?",
        f"{prefix}11:5: {unknown} 'evidnce' in persona 'ana'; did you mean 'evidence'?",
        f"{prefix}15:5: {unknown} 'stat' in touchpoint 'web'; did you mean 'state'?",
        f"{prefix}19:5: {unknown} 'moment_of_trust' in stage 'apply'; did you mean 'moment_of_truth'?",
        f"{prefix}20:5: {unknown} 'frontstge' in stage 'apply'; did you mean 'frontstage'?",
        f"{prefix}21:5: {unknown} 'feelings' in stage 'apply'; did you mean 'feeling'?",
        f"{prefix}23:9: {unknown} 'persna' in emotion entry 1 of stage 'apply'; did you mean 'persona'?",
        f"{prefix}24:9: {unknown} 'feelings' in emotion entry 1 of stage 'apply'; did you mean 'feeling'?",
        f"{prefix}27:9: {unknown} 'return_to' in exit 1 of stage 'apply'; did you mean 'returns_to'?",
        f"{prefix}30:9: {unknown} 'actr' in backstage action 'Checks the form' of stage 'apply'; did you mean 'actor'?",
        f"{prefix}33:9: {unknown} 'resolve' in pain point 1 of stage 'apply'; did you mean 'resolved'?",
        f"{prefix}36:9: {unknown} 'measure' in metric 'Time to card' of stage 'apply'; did you mean 'measured'?",
        f"{prefix}39:9: {unknown} 'moment_of_trust' in step 'Fills the form' of stage 'apply'; did you mean 'moment_of_truth'?",
        f"{prefix}40:9: {unknown} 'wiat' in step 'Fills the form' of stage 'apply'; did you mean 'wait'?",
        f"{prefix}41:9: {unknown} 'persons' in step 'Fills the form' of stage 'apply'; did you mean 'personas'?",
        f"{prefix}43:13: {unknown} 'emotoin' in emotion entry 1 of step 'Fills the form'; did you mean 'emotion'?",
        f"{prefix}46:13: {unknown} 'rates' in exit 1 of step 'Fills the form'; did you mean 'rate'?",
        "Found 18 problems in 1 file (checked 1 map).",
    ]


def test_a_library_gets_a_did_you_mean_for_its_sources(journeymap, tree):
    tree({"lib.yaml": "journeymap: 1.1\nlibrary: true\nsorces: [{id: logs, name: Logs, dat: 2026-01-01}]\n"})
    assert journeymap("validate", "lib.yaml").lines == [
        "lib.yaml:3:1: error[JM101 unknown-key]: unknown key 'sorces' at the top level; did you mean 'sources'?",
        "Found 1 problem in 1 file (checked 1 library).",
    ]
    tree({"lib.yaml": "journeymap: 1.1\nlibrary: true\nsources: [{id: logs, name: Logs, dat: 2026-01-01}]\n"})
    assert journeymap("validate", "lib.yaml").lines[0] == (
        "lib.yaml:3:34: error[JM101 unknown-key]: unknown key 'dat' in source 'logs'; did you mean 'date'?"
    )


# ---------------------------------------------------------------- x- keys

EXTENDED_LIBRARY = """
    journeymap: 1.1
    library: true
    x-note: TODO
    sources: [{id: logs, name: Logs, x-note: TODO}]
    personas: [{id: maya, name: Maya, sources: [logs], x-note: TODO}]
    phases: [{id: later, name: Later, x-note: TODO}]
    touchpoints: [{id: forum, name: Forum, kind: earned, x-note: TODO}]
"""
EXTENDED = """
    journeymap: 1.1
    title: Notes everywhere
    include: [lib.yaml]
    x-note: TODO
    x-owner: {team: CX, since: 2026-01-01}
    sources:
      - {id: survey, name: Survey, x-note: TODO}
    personas:
      - {id: ana, name: Ana, x-note: TODO}
    phases:
      - {id: get, name: Get, x-note: TODO}
    touchpoints:
      - {id: office, name: Office, x-note: TODO}
    stages:
      - id: apply
        name: Apply
        phase: get
        x-note: TODO
        emotions:
          - {persona: maya, emotion: -1, feeling: TODO, x-note: TODO}
        frontstage:
          - {name: Greets, x-note: TODO}
        exits:
          - {description: Gives up, x-note: TODO}
        pain_points:
          - {id: queue, description: Long queue, x-note: TODO}
        opportunities:
          - {description: Book a time, addresses: [queue], x-note: TODO}
        metrics:
          - {name: Wait, x-note: TODO}
        steps:
          - name: Queues
            x-note: TODO
            x-tally: [1, 2]
            emotions: [{emotion: -2, x-note: TODO}]
            exits: [{description: Leaves, x-note: TODO}]
"""


def test_x_keys_are_accepted_on_every_mapping_and_never_reach_a_rule(journeymap, tree):
    tree({"lib.yaml": EXTENDED_LIBRARY, "m.journey.yaml": EXTENDED})
    assert journeymap("validate", "m.journey.yaml").lines == ["All valid: checked 1 map and 1 library."]
    run = journeymap("lint", "--select", "placeholder-text", "m.journey.yaml")
    assert run.lines == [  # the one placeholder outside an x- key
        "m.journey.yaml:20:47: warning[JM503 placeholder-text]: placeholder text 'TODO' in 'feeling' in emotion entry 1 "
        "of stage 'apply'; replace it with real content",
        "Found 1 problem (1 warning) in 1 file (checked 1 map and 1 library).",
    ]


def test_x_keys_are_kept_in_every_element_with_their_values(tree):
    journey = model_of(tree, EXTENDED, ("lib.yaml", EXTENDED_LIBRARY))
    stage = journey.stages[0]
    step = stage.steps[0]
    note = {"x-note": "TODO"}
    assert journey.extensions == {**note, "x-owner": {"team": "CX", "since": "2026-01-01"}}
    assert step.extensions == {**note, "x-tally": [1, 2]}
    elements = [*journey.sources, *journey.personas, *journey.phases, *journey.touchpoints, stage, *stage.emotions,
                *stage.actions(), *stage.exits, *stage.pain_points, *stage.opportunities, *stage.metrics,
                *step.emotions, *step.exits]  # fmt: skip
    assert len(elements) == 17  # the map's and the library's sources, personas, phases and touchpoints
    assert [element.extensions for element in elements] == [note] * len(elements)
    assert "x-note" not in field_names(step)  # kept apart from the format's own fields


def test_a_librarys_own_x_keys_are_kept_in_its_model(tree):
    root = tree({"lib.yaml": EXTENDED_LIBRARY})
    workspace = Workspace(cwd=root)
    assert workspace.journey(workspace.check(root / "lib.yaml")).extensions == {"x-note": "TODO"}


# ---------------------------------------------------------------- wrong values

WRONG_VALUES = """
    journeymap: 1.1
    title: Wrong values
    state: later
    sources:
      - {id: survey, name: Survey, date: 2026-02-30}
    personas:
      - {id: ana, name: Ana}
    touchpoints:
      - {id: call, name: Call, channel: videocall}
    stages:
      - id: apply
        name: Apply
        state: Future
        emotions:
          - emotion: 3
          - emotion: -1.5
        exits:
          - description: Gives up
            rate: 150
          - description: Leaves
            rate: 12%
        support:
          - name: Prints the card
            duration: 2 to 3 hours
        pain_points:
          - description: Slow
            resolved: 2026-02-30
          - description: Rude
            resolved: last week
        metrics:
          - name: Wait
            measured: 2026-13-01
        steps:
          - name: Books a call
            persona: ana
            personas: [ana]
            duration: 2 to 3 hours
            wait: 1e3 min
            moment_of_truth: yes
"""
DURATION_HINT = "which is not allowed: write a number or a range and a unit, such as '10 min', '1.5 h' or '2-3 days'"


def test_wrong_values_in_new_keys_say_what_to_write(journeymap, tree):
    invalid, wrong_type = "error[JM104 invalid-value]:", "error[JM103 wrong-type]:"
    assert lines_of(journeymap, tree, WRONG_VALUES) == [
        f"m.journey.yaml:3:8: {invalid} 'state' cannot be 'later'; choose one of: current, future",
        f"m.journey.yaml:5:38: {invalid} 'date' in source 'survey' is not a real calendar date: '2026-02-30' (use YYYY-MM-DD)",
        f"m.journey.yaml:9:37: {invalid} 'channel' in touchpoint 'call' cannot be 'videocall'; did you mean 'video_call'?",
        f"m.journey.yaml:13:12: {invalid} 'state' in stage 'apply' cannot be 'Future'; did you mean 'future'?",
        f"m.journey.yaml:15:18: {invalid} 'emotion' in emotion entry 1 of stage 'apply' must be between -2 and 2, not 3",
        f"m.journey.yaml:16:18: {wrong_type} 'emotion' in emotion entry 2 of stage 'apply' must be a whole number, "
        "not a number (-1.5)",
        f"m.journey.yaml:19:15: {invalid} 'rate' in exit 1 of stage 'apply' must be between 0 and 100, not 150",
        f"m.journey.yaml:21:15: {wrong_type} 'rate' in exit 2 of stage 'apply' must be a number, not text ('12%'); "
        "write the number without '%': 12",
        f"m.journey.yaml:24:19: {invalid} 'duration' in support process 'Prints the card' of stage 'apply' is "
        f"'2 to 3 hours', {DURATION_HINT}",
        f"m.journey.yaml:27:19: {invalid} 'resolved' in pain point 1 of stage 'apply' is not a real calendar date: "
        "'2026-02-30' (use YYYY-MM-DD)",
        f"m.journey.yaml:29:19: {invalid} 'resolved' in pain point 2 of stage 'apply' is not a real calendar date: "
        "'last week' (use YYYY-MM-DD)",
        f"m.journey.yaml:32:19: {invalid} 'measured' in metric 'Wait' of stage 'apply' is not a real calendar date: "
        "'2026-13-01' (use YYYY-MM-DD)",
        f"m.journey.yaml:35:9: {invalid} step 'Books a call' of stage 'apply' has both 'persona' and 'personas'; "
        "keep one, listing every persona in 'personas'",
        f"m.journey.yaml:37:19: {invalid} 'duration' in step 'Books a call' of stage 'apply' is '2 to 3 hours', "
        f"{DURATION_HINT}",
        f"m.journey.yaml:38:15: {invalid} 'wait' in step 'Books a call' of stage 'apply' is '1e3 min', {DURATION_HINT}",
        f"m.journey.yaml:39:26: {wrong_type} 'moment_of_truth' in step 'Books a call' of stage 'apply' must be true or "
        "false, not text ('yes')",
        "Found 16 problems in 1 file (checked 1 map).",
    ]


@pytest.mark.parametrize(
    ("written", "valid"),
    [("10 min", True), ("2-3 days", True), ("1.5 h", True), ("0 min", True), ("10min", True), ("3 weeks", True),
     ("1e3 min", False), ("10 mins", False), ("10 Min", False), ("-1 h", False), ("2 to 3 hours", False),
     ("10", False), ("10 min ", False), ("10 min\\n", False), ("1,5 h", False)],
)  # fmt: skip
def test_the_duration_pattern(journeymap, tree, written, valid):
    text = f'journeymap: 1.1\ntitle: T\nstages:\n  - id: s\n    name: S\n    steps:\n      - name: a\n        wait: "{written}"\n'
    lines = lines_of(journeymap, tree, text)
    assert (lines == ["All valid: checked 1 map."]) is valid, lines
    if not valid:
        assert lines[0].startswith("m.journey.yaml:8:15: error[JM104 invalid-value]: 'wait' in step 'a' of stage 's' is ")
        assert lines[0].endswith(DURATION_HINT)


@pytest.mark.parametrize("rate", ["1e400", "99999999999999999999999", "1" * 500])
def test_a_huge_rate_is_refused_not_a_crash(journeymap, tree, rate):
    text = f"journeymap: 1.1\ntitle: T\nstages:\n  - id: s\n    name: S\n    exits: [{{description: d, rate: {rate}}}]\n"
    (line,) = lines_of(journeymap, tree, text)[:-1]
    assert line.startswith("m.journey.yaml:6:36: error[JM10")
    assert "'rate' in exit 1 of stage 's' must be" in line


# ---------------------------------------------------------------- references

BASE_LIBRARY = "journeymap: 1.1\nlibrary: true\nsources: [{id: logs, name: Support logs}]\n"
PEOPLE_LIBRARY = """
    journeymap: 1.1
    library: true
    include: [base.yaml]
    sources: [{id: panel, name: Panel}]
    personas:
      - {id: maya, name: Maya, sources: [logs, panel]}
    touchpoints:
      - {id: forum, name: Forum, kind: earned}
"""
REFERENCES = """
    journeymap: 1.1
    title: References
    include: [people.yaml]
    sources:
      - {id: survey, name: Survey}
    personas:
      - {id: ana, name: Ana, sources: [survy, logs]}
    touchpoints:
      - {id: web, name: Web}
    stages:
      - id: apply
        name: Apply
        personas: [anna, maya]
        next: [aply, wait]
        replaces: [wiat]
        sources: [surveys, panel]
        emotions:
          - {persona: mia, sources: [logz]}
        exits:
          - {description: Gives up, returns_to: appyl, sources: [pannel]}
        frontstage:
          - {name: Checks, touchpoints: [webb, forum], steps: [fil], sources: [survey, lgs]}
        steps:
          - {name: Fills, id: fill, personas: [ann], touchpoints: [web], sources: [x]}
          - {name: Books, id: book, state: future, replaces: [fll], exits: [{description: Leaves, returns_to: wai}]}
        pain_points:
          - {description: Slow, personas: [maia], sources: [surve]}
        metrics:
          - {name: Wait, sources: [panl]}
      - {id: wait, name: Wait}
"""


def test_every_new_reference_is_resolved_against_the_map_and_its_libraries(journeymap, tree):
    unknown = "error[JM202 unknown-reference]: unknown"
    lines = lines_of(journeymap, tree, REFERENCES, ("people.yaml", PEOPLE_LIBRARY), ("base.yaml", BASE_LIBRARY))
    assert lines == [
        f"m.journey.yaml:7:36: {unknown} source 'survy'; did you mean 'survey'?",  # persona sources
        f"m.journey.yaml:13:16: {unknown} persona 'anna'; did you mean 'ana'?",  # stage personas
        f"m.journey.yaml:14:12: {unknown} stage 'aply'; did you mean 'apply'?",  # next
        f"m.journey.yaml:15:16: {unknown} stage 'wiat'; did you mean 'wait'?",  # stage replaces
        f"m.journey.yaml:16:15: {unknown} source 'surveys'; did you mean 'survey'?",  # stage sources
        f"m.journey.yaml:18:19: {unknown} persona 'mia'; defined persona ids: ana, maya",  # emotion entry persona
        f"m.journey.yaml:18:34: {unknown} source 'logz'; did you mean 'logs'?",  # emotion entry sources
        f"m.journey.yaml:20:45: {unknown} stage 'appyl'; did you mean 'apply'?",  # exit returns_to
        f"m.journey.yaml:20:62: {unknown} source 'pannel'; did you mean 'panel'?",  # exit sources
        f"m.journey.yaml:22:38: {unknown} touchpoint 'webb'; did you mean 'web'?",  # action touchpoints
        f"m.journey.yaml:22:60: {unknown} step 'fil'; did you mean 'fill'?",  # action steps
        f"m.journey.yaml:22:84: {unknown} source 'lgs'; did you mean 'logs'?",  # action sources
        f"m.journey.yaml:24:44: {unknown} persona 'ann'; did you mean 'ana'?",  # step personas
        f"m.journey.yaml:24:80: {unknown} source 'x'; defined source ids: logs, panel, survey",  # step sources
        f"m.journey.yaml:25:59: {unknown} step 'fll'; did you mean 'fill'?",  # step replaces
        f"m.journey.yaml:25:107: {unknown} stage 'wai'; did you mean 'wait'?",  # a step's exit returns_to
        f"m.journey.yaml:27:40: {unknown} persona 'maia'; did you mean 'maya'?",  # pain point personas
        f"m.journey.yaml:27:57: {unknown} source 'surve'; did you mean 'survey'?",  # pain point sources
        f"m.journey.yaml:29:32: {unknown} source 'panl'; did you mean 'panel'?",  # metric sources
        "Found 19 problems in 1 file (checked 1 map and 2 libraries).",
    ]


def test_the_same_references_spelled_right_are_valid(journeymap, tree):
    fixed = REFERENCES
    for typo, right in [("survy", "survey"), ("anna", "ana"), ("aply", "apply"), ("wiat", "wait"), ("surveys", "survey"),
                        ("mia", "maya"), ("logz", "logs"), ("appyl", "apply"), ("pannel", "panel"), ("webb", "web"),
                        ("fil]", "fill]"), ("lgs", "logs"), ("ann]", "ana]"), ("[x]", "[panel]"), ("fll", "fill"),
                        ("wai}", "wait}"), ("maia", "maya"), ("surve]", "survey]"), ("panl", "panel")]:  # fmt: skip
        assert typo in fixed
        fixed = fixed.replace(typo, right)
    lines = lines_of(journeymap, tree, fixed, ("people.yaml", PEOPLE_LIBRARY), ("base.yaml", BASE_LIBRARY))
    assert lines == ["All valid: checked 1 map and 2 libraries."]


def test_a_librarys_persona_sources_resolve_against_the_library_and_its_includes_only(journeymap, tree):
    people = PEOPLE_LIBRARY.replace("sources: [logs, panel]", "sources: [logs, panel, survey, lgs]")
    text = "journeymap: 1.1\ntitle: T\ninclude: [people.yaml]\nsources: [{id: survey, name: Survey}]\nstages: [{id: s, name: S}]\n"
    assert lines_of(journeymap, tree, text, ("people.yaml", people), ("base.yaml", BASE_LIBRARY)) == [
        "m.journey.yaml:3:11: error[JM203 include-error]: included file 'people.yaml' has 2 problems, "
        "reported under people.yaml",
        "people.yaml:6:51: error[JM202 unknown-reference]: unknown source 'survey'; defined source ids: logs, panel",
        "people.yaml:6:59: error[JM202 unknown-reference]: unknown source 'lgs'; did you mean 'logs'?",
        "Found 3 problems in 2 files (checked 1 map and 2 libraries).",
    ]  # the map's own 'survey' is not the library's to use


# ---------------------------------------------------------------- duplicate ids


def test_duplicate_ids_of_sources_exits_and_actions(journeymap, tree):
    text = """
        journeymap: 1.1
        title: Duplicates
        sources:
          - {id: survey, name: Survey}
          - {id: survey, name: Another survey}
        stages:
          - id: apply
            name: Apply
            exits: [{id: quits, description: Gives up}]
            frontstage: [{id: check, name: Checks}, {id: check, name: Checks again}]
            backstage: [{id: check, name: Files}]
            steps: [{name: Fills, exits: [{id: quits, description: Leaves}]}]
          - id: wait
            name: Wait
            exits: [{id: quits, description: Gives up}]
    """
    duplicate = "error[JM201 duplicate-id]: duplicate"
    assert lines_of(journeymap, tree, text) == [
        f"m.journey.yaml:5:10: {duplicate} source id 'survey' (first defined at line 4); ids must be unique, rename one",
        f"m.journey.yaml:10:50: {duplicate} action id 'check' (first defined at line 10); ids must be unique, rename one",
        f"m.journey.yaml:11:22: {duplicate} action id 'check' (first defined at line 10); ids must be unique, rename one",
        f"m.journey.yaml:12:40: {duplicate} exit id 'quits' (first defined at line 9); ids must be unique, rename one",
        f"m.journey.yaml:15:18: {duplicate} exit id 'quits' (first defined at line 9); ids must be unique, rename one",
        "Found 5 problems in 1 file (checked 1 map).",
    ]


def test_an_action_or_exit_listed_twice_through_an_alias(journeymap, tree):
    text = """
        journeymap: 1.1
        title: Aliases
        x-check: &check {id: check, name: Checks}
        x-quits: &quits {id: quits, description: Gives up}
        stages:
          - {id: apply, name: Apply, frontstage: [*check], backstage: [*check], exits: [*quits, *quits]}
    """
    assert lines_of(journeymap, tree, text)[:-1] == [
        "m.journey.yaml:3:22: error[JM201 duplicate-id]: action 'check' is listed twice through an alias; list it once",
        "m.journey.yaml:4:22: error[JM201 duplicate-id]: exit 'quits' is listed twice through an alias; list it once",
    ]


def test_a_source_id_may_not_clash_with_a_librarys(journeymap, tree):
    text = REFERENCES.replace("{id: survey, name: Survey}", "{id: panel, name: Our panel}")
    lines = lines_of(journeymap, tree, text, ("people.yaml", PEOPLE_LIBRARY), ("base.yaml", BASE_LIBRARY))
    assert lines[0] == (
        "m.journey.yaml:5:10: error[JM201 duplicate-id]: source id 'panel' is also defined in included file "
        "people.yaml:4:16; rename one"
    )


# ---------------------------------------------------------------- JSON output


def test_the_json_report_of_a_broken_1_1_map_names_the_new_paths(journeymap, tree):
    tree({"m.journey.yaml": REFERENCES, "people.yaml": PEOPLE_LIBRARY, "base.yaml": BASE_LIBRARY})
    run = journeymap("validate", "--format", "json", "m.journey.yaml")
    assert run.exit_code == 1
    problems = json.loads(run.stdout)["files"][0]["problems"]
    assert [(p["line"], p["json_path"], p["suggestion"]) for p in problems] == [
        (7, "$.personas[0].sources[0]", "survey"),
        (13, "$.stages[0].personas[0]", "ana"),
        (14, "$.stages[0].next[0]", "apply"),
        (15, "$.stages[0].replaces[0]", "wait"),
        (16, "$.stages[0].sources[0]", "survey"),
        (18, "$.stages[0].emotions[0].persona", None),
        (18, "$.stages[0].emotions[0].sources[0]", "logs"),
        (20, "$.stages[0].exits[0].returns_to", "apply"),
        (20, "$.stages[0].exits[0].sources[0]", "panel"),
        (22, "$.stages[0].frontstage[0].touchpoints[0]", "web"),
        (22, "$.stages[0].frontstage[0].steps[0]", "fill"),
        (22, "$.stages[0].frontstage[0].sources[1]", "logs"),
        (24, "$.stages[0].steps[0].personas[0]", "ana"),
        (24, "$.stages[0].steps[0].sources[0]", None),
        (25, "$.stages[0].steps[1].replaces[0]", "fill"),
        (25, "$.stages[0].steps[1].exits[0].returns_to", "wait"),
        (27, "$.stages[0].pain_points[0].personas[0]", "maya"),
        (27, "$.stages[0].pain_points[0].sources[0]", "survey"),
        (29, "$.stages[0].metrics[0].sources[0]", "panel"),
    ]


def test_the_json_report_of_wrong_values_and_unknown_keys(journeymap, tree):
    tree({"m.journey.yaml": WRONG_VALUES})
    problems = json.loads(journeymap("validate", "--format", "json").stdout)["files"][0]["problems"]
    paths = [p["json_path"] for p in problems]
    assert paths[:5] == ["$.state", "$.sources[0].date", "$.touchpoints[0].channel", "$.stages[0].state",
                         "$.stages[0].emotions[0].emotion"]  # fmt: skip
    assert "$.stages[0].steps[0].persona" in paths and "$.stages[0].support[0].duration" in paths
    tree({"m.journey.yaml": TYPOS})
    problems = json.loads(journeymap("validate", "--format", "json").stdout)["files"][0]["problems"]
    assert problems[7]["json_path"] == "$.stages[0].emotions[0].persna" and problems[7]["suggestion"] == "persona"
    assert problems[-1]["json_path"] == "$.stages[0].steps[0].exits[0].rates"


# ---------------------------------------------------------------- both schema paths


@pytest.mark.parametrize("text", [TYPOS, WRONG_VALUES, REFERENCES, EXTENDED], ids=["typos", "wrong", "references", "extended"])
def test_the_fast_and_the_reference_schema_paths_agree_on_1_1_maps(text, monkeypatch):
    document = load_text(textwrap.dedent(text).lstrip(), "m.journey.yaml")[0]
    fast = schema.validate(document)
    monkeypatch.setattr(schema, "_quickly_valid", lambda data: False)
    assert schema.validate(document) == fast
    assert (fast == []) == schema.is_valid(document.data) == (text in (REFERENCES, EXTENDED))


# ---------------------------------------------------------------- the model

MODEL_LIBRARY = """
    journeymap: 1.1
    library: true
    sources: [{id: logs, name: Support logs, kind: support_logs, date: 2026-03-01}]
    personas:
      - {id: maya, name: Maya, evidence: Twelve interviews, sources: [logs]}
      - {id: priya, name: Priya}
"""
MODEL = """
    journeymap: 1.1
    title: Renewing an ID card
    state: future
    include: [lib.yaml]
    sources:
      - {id: survey, name: Survey, kind: survey, date: 2026-04-01, url: https://example.org/s, description: 400 answers}
    personas:
      - {id: ana, name: Ana}
    touchpoints:
      - {id: desk, name: Desk, channel: office, state: current}
      - {id: call, name: Video call, channel: video_call, state: future}
    stages:
      - id: apply
        name: Apply
        kind: application
        owner: Registry
        moment_of_truth: true
        emotion: -1
        feeling: anxious
        thoughts: [Is this the right form?]
        evidence: Observed at two offices
        sources: [survey]
        emotions:
          - {persona: ana, state: current, emotion: -2, feeling: lost, thought: Where do I go?, evidence: Diary, sources: [survey]}
          - {persona: maya, emotion: 1}
        next: [collect]
        exits:
          - {id: gives-up, description: Gives up, rate: 12.5, returns_to: apply, evidence: Logs, sources: [logs]}
          - Leaves for a private agency
        frontstage:
          - Greets the applicant
          - name: Checks the papers
            id: check
            actor: Clerk
            touchpoints: [desk]
            steps: [fill]
            state: current
            duration: 10 min
            evidence: Shadowing
            sources: [survey]
        backstage: [Files the application]
        support:
          - {name: Prints the card, actor: Mint, duration: 2-3 days}
        steps:
          - name: Fills the form
            id: fill
            persona: ana
            touchpoints: [desk]
            state: current
            emotion: -2
            feeling: bored
            thought: So long
            moment_of_truth: true
            duration: 20 min
            wait: 1.5 h
            physical_evidence: [Paper form, Queue ticket]
            evidence: Timed at the desk
            sources: [survey]
            exits: [{description: Leaves the queue, rate: 3}]
          - name: Books a video call
            id: book
            personas: [ana, maya]
            touchpoints: [call]
            state: future
            replaces: [fill]
            emotion: 1
            emotions: [{persona: maya, emotion: 2, feeling: relieved}]
        pain_points:
          - {id: queue, description: Long queue, severity: high, personas: [ana], sources: [survey], resolved: 2026-05-01}
          - Nobody explains the fee
        metrics:
          - {name: Time to card, unit: days, target: 5, actual: 9, direction: decrease, baseline: 12, source: Registry
             database, measured: 2026-06-01, sources: [survey]}
      - id: collect
        name: Collect the card
        kind: resolution
        personas: [ana]
        state: future
        replaces: [apply]
        emotion: 2
        steps: [Picks up the card]
"""


@pytest.fixture
def journey(tree):
    return model_of(tree, MODEL, ("lib.yaml", MODEL_LIBRARY))


def test_the_map_and_its_sources(journey):
    assert (journey.format, journey.state, journey.include) == ("1.1", "future", ("lib.yaml",))
    survey, logs = journey.sources
    assert (survey.id, survey.name, survey.kind, survey.date, survey.url, survey.description) == (
        "survey", "Survey", "survey", datetime.date(2026, 4, 1), "https://example.org/s", "400 answers")  # fmt: skip
    assert (logs.file, logs.date, journey.research_source("logs")) == ("lib.yaml", datetime.date(2026, 3, 1), logs)
    maya = journey.persona("maya")
    assert (maya.evidence, maya.sources) == ("Twelve interviews", ("logs",))
    assert [(t.channel, t.state) for t in journey.touchpoints] == [("office", "current"), ("video_call", "future")]


def test_stage_fields(journey):
    apply, collect = journey.stages
    assert (apply.kind, apply.owner, apply.moment_of_truth, apply.feeling) == ("application", "Registry", True, "anxious")
    assert (apply.evidence, apply.sources, apply.next, apply.personas) == ("Observed at two offices", ("survey",),
                                                                           ("collect",), ())  # fmt: skip
    assert (collect.kind, collect.state, collect.replaces, collect.personas) == ("resolution", "future", ("apply",),
                                                                                 ("ana",))  # fmt: skip
    assert (apply.state, apply.replaces, collect.moment_of_truth) == (None, (), False)


def test_emotion_entries_and_readings(journey):
    apply = journey.stages[0]
    lost, pleased = apply.emotions
    assert (lost.persona, lost.state, lost.emotion, lost.feeling, lost.thought, lost.evidence, lost.sources) == (
        "ana", "current", -2, "lost", "Where do I go?", "Diary", ("survey",))  # fmt: skip
    assert (pleased.persona, pleased.state, pleased.path) == ("maya", None, ("stages", 0, "emotions", 1))
    shorthand, *entries = apply.readings()
    assert (shorthand.persona, shorthand.state, shorthand.emotion, shorthand.feeling, shorthand.thought) == (
        None, None, -1, "anxious", None)  # fmt: skip
    assert (shorthand.path, entries) == (("stages", 0), [lost, pleased])
    fill, book = apply.steps
    assert [(r.emotion, r.feeling, r.thought) for r in fill.readings()] == [(-2, "bored", "So long")]
    assert [(r.persona, r.emotion) for r in book.readings()] == [(None, 1), ("maya", 2)]
    assert journey.stages[1].steps[0].readings() == ()


def test_exits(journey):
    apply = journey.stages[0]
    gives_up, leaves = apply.exits
    assert (gives_up.id, gives_up.description, gives_up.rate, gives_up.returns_to, gives_up.evidence, gives_up.sources) == (
        "gives-up", "Gives up", 12.5, "apply", "Logs", ("logs",))  # fmt: skip
    assert (leaves.description, leaves.rate, leaves.returns_to) == ("Leaves for a private agency", None, None)
    (queue,) = apply.steps[0].exits
    assert (queue.description, queue.rate, queue.path) == ("Leaves the queue", 3, ("stages", 0, "steps", 0, "exits", 0))


def test_blueprint_actions(journey):
    apply = journey.stages[0]
    greets, check, files, prints = apply.actions()
    assert [a.lane for a in apply.actions()] == ["frontstage", "frontstage", "backstage", "support"]
    assert (greets.name, greets.id, greets.actor, greets.touchpoints) == ("Greets the applicant", None, None, ())
    assert (check.id, check.actor, check.touchpoints, check.steps, check.state, check.evidence, check.sources) == (
        "check", "Clerk", ("desk",), ("fill",), "current", "Shadowing", ("survey",))  # fmt: skip
    assert check.duration == Duration("10 min", 600, 600)
    assert (files.name, prints.actor, prints.duration) == ("Files the application", "Mint", Duration("2-3 days", 172800, 259200))
    assert (apply.frontstage, apply.backstage, apply.support) == ((greets, check), (files,), (prints,))
    assert apply.all_touchpoint_ids() == ("desk", "call")


def test_step_fields(journey):
    fill, book = journey.stages[0].steps
    assert (fill.persona, fill.personas, book.persona, book.personas) == ("ana", ("ana",), None, ("ana", "maya"))
    assert (fill.state, fill.moment_of_truth, fill.evidence, fill.sources) == ("current", True, "Timed at the desk", ("survey",))
    assert (fill.duration, fill.wait) == (Duration("20 min", 1200, 1200), Duration("1.5 h", 5400, 5400))
    assert fill.physical_evidence == ("Paper form", "Queue ticket")
    assert (book.state, book.replaces, book.moment_of_truth, book.duration) == ("future", ("fill",), False, None)
    assert journey.step("book") is book and journey.stages[1].steps[0].personas == ()


def test_pain_points_and_metrics(journey):
    queue, fee = journey.stages[0].pain_points
    assert (queue.personas, queue.sources, queue.resolved, queue.supported) == (
        ("ana",), ("survey",), datetime.date(2026, 5, 1), True)  # fmt: skip
    assert (fee.description, fee.personas, fee.resolved, fee.supported) == ("Nobody explains the fee", (), None, False)
    (time,) = journey.stages[0].metrics
    assert (time.baseline, time.source, time.measured, time.sources) == (
        12, "Registry database", datetime.date(2026, 6, 1), ("survey",))  # fmt: skip
    assert time.off_target is True


@pytest.mark.parametrize(
    ("written", "shortest", "longest"),
    [("10 min", 600, 600), ("2-3 days", 172800, 259200), ("1.5 h", 5400, 5400), ("0 min", 0, 0), ("45s", 45, 45),
     ("1 week", 604800, 604800), ("2 months", 2 * 2629746, 2 * 2629746), ("1-2 y", 31556952, 63113904),
     ("3-2 days", 172800, 259200)],
)  # fmt: skip
def test_durations_are_read_as_their_shortest_and_longest_seconds(written, shortest, longest):
    duration = Duration.parse(written)
    assert (duration.text, str(duration), duration.shortest, duration.longest) == (written, written, shortest, longest)
    assert isinstance(duration.shortest, float)


def test_the_cast_is_the_maps_personas_and_the_library_personas_it_names(journey):
    assert journey.cast() == ("ana", "maya")  # priya, in the library, is named nowhere
    assert [p.id for p in journey.personas] == ["ana", "maya", "priya"]


@pytest.mark.parametrize(
    "naming",
    ["    personas: [priya]\n", "    emotions: [{persona: priya, emotion: 1}]\n",
     "    pain_points: [{description: D, personas: [priya]}]\n", "    steps: [{name: A, persona: priya}]\n",
     "    steps: [{name: A, personas: [priya]}]\n", "    steps: [{name: A, emotions: [{persona: priya}]}]\n"],
)  # fmt: skip
def test_a_library_persona_named_anywhere_is_in_the_cast(tree, naming):
    text = "journeymap: 1.1\ntitle: T\ninclude: [lib.yaml]\npersonas: [{id: ana, name: Ana}]\nstages:\n  - id: s\n" \
           "    name: S\n"  # fmt: skip
    assert model_of(tree, text, ("lib.yaml", MODEL_LIBRARY)).cast() == ("ana",)
    assert model_of(tree, text + naming, ("lib.yaml", MODEL_LIBRARY)).cast() == ("ana", "priya")


def test_who_takes_each_step_and_stage(journey):
    apply, collect = journey.stages
    fill, book = apply.steps
    picks_up = collect.steps[0]
    assert (journey.stage_personas(apply), journey.stage_personas(collect)) == (("ana", "maya"), ("ana",))
    assert (journey.step_personas(fill), journey.step_personas(book)) == (("ana",), ("ana", "maya"))
    assert journey.step_personas(picks_up) == ("ana", "maya")  # named by none: the whole cast
    assert journey.step_personas(picks_up, collect) == ("ana",)  # within its stage: the stage's personas


@pytest.mark.parametrize(
    ("stage", "persona", "state", "scores"),
    [
        (0, None, None, (1, 2)),  # the future (the map's state): only 'book' is in it
        (0, None, "future", (1, 2)),
        (0, "maya", None, (1, 2)),
        (0, "ana", None, (1,)),  # maya's entry is not ana's
        (0, "ana", "current", (-2,)),  # 'fill' is current only, and so is its reading
        (0, "maya", "current", ()),  # 'fill' is not hers, and the stage's readings for her are of the future
        (0, None, "current", (-2,)),
        (0, "priya", None, ()),  # not in the cast
        (1, None, None, (2,)),
        (1, "ana", None, (2,)),
        (1, "maya", None, ()),  # the stage is ana's alone
        (1, None, "current", ()),  # the stage is only in the future journey
    ],
)
def test_stage_emotions_per_persona_and_state(journey, stage, persona, state, scores):
    assert journey.stage_emotions(journey.stages[stage], persona, state) == scores


def test_a_future_step_in_a_current_map_feels_as_it_will(tree):
    text = """
        journeymap: 1.1
        title: T
        stages:
          - id: s
            name: S
            emotion: 0
            steps:
              - {name: Queues, state: current, emotion: -2}
              - {name: Books online, state: future, emotion: 2}
              - {name: Pays, emotion: -1, emotions: [{state: future, emotion: 1}]}
    """
    journey = model_of(tree, text)
    stage = journey.stages[0]
    assert (journey.state, stage.scores()) == ("current", (-2, 2, -1))
    assert journey.stage_emotions(stage) == (-2, -1)
    assert journey.stage_emotions(stage, state="future") == (2, 1)


def test_in_state(journey):
    apply, collect = journey.stages
    fill, book = apply.steps
    desk, call = journey.touchpoints
    check = apply.frontstage[1]
    assert [in_state(e, "current") for e in (apply, collect, fill, book, desk, call, check)] == [
        True, False, True, False, True, False, True]  # fmt: skip
    assert [in_state(e, "future") for e in (apply, collect, fill, book, desk, call, check)] == [
        True, True, False, True, False, True, False]  # fmt: skip


@pytest.mark.parametrize(
    ("nexts", "followed_by", "loops"),
    [
        ({}, [("b",), ("c",), ()], False),
        ({"a": "[c]"}, [("c",), ("c",), ()], False),
        ({"c": "[a]"}, [("b",), ("c",), ("a",)], True),  # back to the start: a loop
        ({"b": "[b, c]"}, [("b",), ("b", "c"), ()], True),  # a stage that is its own next
        ({"a": "[b, c]", "b": "[c]"}, [("b", "c"), ("c",), ()], False),  # a branch
    ],
)
def test_next_stages_and_loops(tree, nexts, followed_by, loops):
    stages = "".join(f"  - {{id: {s}, name: {s.upper()}{', next: ' + nexts[s] if s in nexts else ''}}}\n" for s in "abc")
    journey = model_of(tree, f"journeymap: 1.1\ntitle: T\nstages:\n{stages}")
    assert [journey.next_stages(stage) for stage in journey.stages] == followed_by
    assert journey.loops() is loops


# ---------------------------------------------------------------- hostile maps

HOSTILE = {
    "aliases into emotion entries": """
        journeymap: 1.1
        title: Aliases
        personas: [{id: a, name: A}]
        x-feel: &feel {emotion: -1, feeling: low, x-note: TODO}
        x-feelings: &feelings [*feel, *feel]
        stages:
          - id: s
            name: S
            emotions: *feelings
            steps:
              - {name: One, emotions: *feelings}
              - {name: Two, emotions: [*feel, {<<: *feel, persona: a}]}
          - {id: t, name: T, emotions: *feelings, exits: &exits [{description: Leaves, returns_to: s}],
             steps: [{name: Three, exits: *exits}]}
    """,
    "empty lists": """
        journeymap: 1.1
        title: Empty
        state: future
        personas: []
        sources: []
        stages:
          - id: s
            name: S
            emotions: []
            next: []
            exits: []
            frontstage: []
            backstage: []
            support: []
            personas: []
            replaces: []
            steps:
              - {name: A, emotions: [], personas: [], exits: [], replaces: [], physical_evidence: []}
              - {name: B, emotions: [{}]}
    """,
    "stages that lead to themselves": """
        journeymap: 1.1
        title: Self
        stages:
          - id: s
            name: S
            next: [s]
            replaces: [s]
            exits: [{description: Leaves, returns_to: s, rate: 100}]
            steps:
              - {name: A, id: a, replaces: [a], duration: 0 min, wait: 0 s, exits: [{description: B, returns_to: s, rate: 0}]}
          - {id: t, name: T, next: [s, t], frontstage: [{name: X, steps: [a], touchpoints: []}]}
    """,
    "huge durations": f"""
        journeymap: 1.1
        title: Huge
        stages:
          - id: s
            name: S
            steps: [{{name: A, duration: {'9' * 399} y, wait: 1-{'9' * 399} years}}]
    """,
    "a future map of current elements only": """
        journeymap: 1.1
        title: Nothing left
        state: future
        personas: [{id: a, name: A}]
        touchpoints: [{id: w, name: W, state: current}]
        stages:
          - id: s
            name: S
            state: current
            emotion: -2
            touchpoints: [w]
            steps: [{name: A, state: current, emotion: 1, touchpoints: [w], personas: [a]}]
            frontstage: [{name: F, state: current, touchpoints: [w]}]
          - {id: t, name: T, state: current, next: [s]}
    """,
    "every stage branching": """
        journeymap: 1.1
        title: Branches
        stages:
          - {id: a, name: A, next: [c], kind: purchase}
          - {id: b, name: B, next: [a, b, c], kind: awareness}
          - {id: c, name: C, next: [a], kind: need}
    """,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_maps_are_valid_and_neither_lint_nor_render_breaks(journeymap, tree, text):
    tree({"m.journey.yaml": text})
    assert journeymap("validate", "m.journey.yaml").lines == ["All valid: checked 1 map."]
    linted = journeymap("lint", "m.journey.yaml")
    assert linted.exit_code in (0, 1) and "JM000" not in linted.stdout, linted.stdout
    for persona in ((), ("--persona", "a"))[: 1 + ("personas: [{id: a," in text)]:
        drawn = journeymap("render", "m.journey.yaml", "-o", "out", "--engine", "embedded", *persona)
        assert (drawn.exit_code, drawn.lines[-1]) == (0, "Rendered 1 map: 1 written, 0 unchanged."), drawn.stdout


def test_a_hostile_map_reads_into_the_model(tree):
    journey = model_of(tree, HOSTILE["stages that lead to themselves"])
    s, t = journey.stages
    assert (journey.next_stages(s), journey.next_stages(t), journey.loops()) == (("s",), ("s", "t"), True)
    assert s.steps[0].duration == Duration("0 min", 0, 0)
    huge = model_of(tree, HOSTILE["huge durations"]).stages[0].steps[0]
    assert huge.duration.longest == huge.wait.longest == float("inf") and huge.wait.shortest == 31556952
    empty = model_of(tree, HOSTILE["empty lists"])
    assert empty.stages[0].steps[1].readings()[0].emotion is None and empty.stage_emotions(empty.stages[0]) == ()
    nothing_left = model_of(tree, HOSTILE["a future map of current elements only"])
    assert [nothing_left.stage_emotions(stage) for stage in nothing_left.stages] == [(), ()]
    assert nothing_left.stage_emotions(nothing_left.stages[0], state="current") == (1,)
