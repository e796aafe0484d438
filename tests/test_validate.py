"""`journeymap validate` end to end: exact lines, positions, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import re
import sys

import jsonschema
import pytest
import yaml

from conftest import MINIMAL, ROOT

BROKEN = """
    journeymap: 2
    title: Broken
    titel: oops
    reviewed: 2026-13-01
    status: dratf
    locale: english
    personas:
      - id: ana
        name: Ana
      - id: Bob Smith
        name: Bob
    touchpoints:
      - id: website
        name: Website
        channel: emial
    stages:
      - id: s1
        name: Search
        touchpionts: [website]
        emotion: 5
        steps:
          - Look around
          - name: Pay
            persona: anna
            touchpoints: [webiste]
          - 42
        pain_points:
          - id: slow
            description: Slow pages
        opportunities:
          - description: Faster pages
            addresses: [slwo]
      - id: s1
        phase: captar
        steps: not a list
"""

BROKEN_LINES = [
    "b.journey.yaml:1:13: error[JM104 invalid-value]: 'journeymap' is the format version and must be 1 or 1.1, not 2",
    "b.journey.yaml:3:1: error[JM101 unknown-key]: unknown key 'titel' at the top level; "
    "did you mean 'title'? It is already set, so remove this one",
    "b.journey.yaml:4:11: error[JM104 invalid-value]: 'reviewed' is not a real calendar date: '2026-13-01' (use YYYY-MM-DD)",
    "b.journey.yaml:5:9: error[JM104 invalid-value]: 'status' cannot be 'dratf'; did you mean 'draft'?",
    "b.journey.yaml:6:9: error[JM104 invalid-value]: 'locale' is 'english', which is not allowed: "
    "write a language tag such as 'es', 'en' or 'en-GB'",
    "b.journey.yaml:10:9: error[JM104 invalid-value]: 'id' in persona 'Bob Smith' is 'Bob Smith', which is not allowed: "
    "an id uses lowercase letters, digits, '-' and '_', and starts with a letter or digit; try 'bob-smith'",
    "b.journey.yaml:15:14: error[JM104 invalid-value]: 'channel' in touchpoint 'website' cannot be 'emial'; did you mean 'email'?",
    "b.journey.yaml:19:5: error[JM101 unknown-key]: unknown key 'touchpionts' in stage 's1'; did you mean 'touchpoints'?",
    "b.journey.yaml:20:14: error[JM104 invalid-value]: 'emotion' in stage 's1' must be between -2 and 2, not 5",
    "b.journey.yaml:24:18: error[JM202 unknown-reference]: unknown persona 'anna'; did you mean 'ana'?",
    "b.journey.yaml:25:23: error[JM202 unknown-reference]: unknown touchpoint 'webiste'; did you mean 'website'?",
    "b.journey.yaml:26:9: error[JM103 wrong-type]: step 3 of stage 's1' must be text or a mapping, not a number (42); "
    'put it in quotes to keep it as text: "42"',
    "b.journey.yaml:32:21: error[JM202 unknown-reference]: unknown pain point 'slwo'; did you mean 'slow'?",
    "b.journey.yaml:33:5: error[JM102 missing-key]: stage 's1' is missing the required key 'name'",
    "b.journey.yaml:33:9: error[JM201 duplicate-id]: duplicate stage id 's1' (first defined at line 17); "
    "ids must be unique, rename one",
    "b.journey.yaml:34:12: error[JM202 unknown-reference]: unknown phase 'captar'; this map defines no phases",
    "b.journey.yaml:35:12: error[JM103 wrong-type]: 'steps' in stage 's1' must be a list, not text ('not a list')",
    "Found 17 problems in 1 file (checked 1 map).",
]


def test_every_problem_in_a_broken_map_is_reported_with_its_position(journeymap, tree):
    tree({"b.journey.yaml": BROKEN})
    run = journeymap("validate", "b.journey.yaml")
    assert run.lines == BROKEN_LINES
    assert run.exit_code == 1


def test_examples_are_valid(journeymap, monkeypatch):
    monkeypatch.chdir(ROOT)
    run = journeymap("validate", "examples")
    assert run.lines == ["All valid: checked 8 maps and 1 library."]
    assert run.exit_code == 0


def test_schema_comment_on_the_first_line_is_allowed(journeymap, tree):
    tree({"m.journey.yaml": "# yaml-language-server: $schema=https://example.org/s.json\n" + MINIMAL})
    assert journeymap("validate", "m.journey.yaml").exit_code == 0


def test_missing_required_keys_point_at_the_mapping_that_lacks_them(journeymap, tree):
    tree({"m.journey.yaml": "journeymap: 1\nstages:\n  - name: No id\n    steps:\n      - id: x\n"})
    assert journeymap("validate").lines == [
        "m.journey.yaml:1:1: error[JM102 missing-key]: the map is missing the required key 'title'",
        "m.journey.yaml:3:5: error[JM102 missing-key]: stage 'No id' is missing the required key 'id'",
        "m.journey.yaml:5:9: error[JM102 missing-key]: step 'x' of stage 'No id' is missing the required key 'name'",
        "Found 3 problems in 1 file (checked 1 map).",
    ]


def test_empty_stage_list_and_wrong_types(journeymap, tree):
    tree({"m.journey.yaml": "journeymap: 1\ntitle: ''\nstages: []\ntags: web\npersonas:\n  - {id: a, name: A, age: -3}\n"})
    assert journeymap("validate").lines == [
        "m.journey.yaml:2:8: error[JM104 invalid-value]: 'title' is empty; write some text or remove the key",
        "m.journey.yaml:3:9: error[JM104 invalid-value]: 'stages' is empty; a map needs at least one stage",
        "m.journey.yaml:4:7: error[JM103 wrong-type]: 'tags' must be a list, not text ('web')",
        "m.journey.yaml:6:27: error[JM104 invalid-value]: 'age' in persona 'a' must be 0 or more, not -3",
        "Found 4 problems in 1 file (checked 1 map).",
    ]


def test_yes_and_no_stay_text_so_they_are_not_type_errors(journeymap, tree):
    tree({"m.journey.yaml": MINIMAL + "    thoughts: [no, yes, 'on', 12:30]\n"})
    assert journeymap("validate").exit_code == 0


def test_one_bad_file_does_not_stop_the_others(journeymap, tree):
    tree({
        "a.journey.yaml": b"\x00\x01binary",
        "b.journey.yaml": "a: [\n",
        "c.journey.yaml": MINIMAL,
        "d.journey.yaml": "title: x\n\ttabbed: 1\n",
    })  # fmt: skip
    run = journeymap("validate", ".")
    assert run.lines == [
        "a.journey.yaml:1:1: error[JM002 encoding]: binary data (a NUL byte); a journey map must be text",
        "b.journey.yaml:2:1: error[JM003 yaml-syntax]: invalid YAML: did not find expected node content "
        "(while parsing a flow node)",
        "d.journey.yaml:2:1: error[JM003 yaml-syntax]: a tab is used for indentation; YAML indents with spaces only",
        "Found 3 problems in 3 files (checked 4 maps).",
    ]
    assert run.exit_code == 1


def test_json_report(journeymap, tree):
    tree({"m.journey.yaml": "journeymap: 1\ntitle: T\nstages:\n  - id: s\n    name: S\n    kind: purchse\n"})
    run = journeymap("validate", "--format", "json")
    report = json.loads(run.stdout)
    assert run.exit_code == 1
    assert report["command"] == "validate" and report["format_version"] == 1
    assert report["summary"] == {
        "files": 1, "maps": 1, "libraries": 0, "files_with_problems": 1,
        "problems": 1, "errors": 1, "warnings": 0, "infos": 0, "known": 0,
    }  # fmt: skip
    assert report["files"][0]["path"] == "m.journey.yaml" and report["files"][0]["valid"] is False
    assert report["files"][0]["problems"] == [
        {
            "path": "m.journey.yaml",
            "line": 6,
            "column": 11,
            "severity": "error",
            "code": "JM104",
            "name": "invalid-value",
            "message": "'kind' in stage 's' cannot be 'purchse'; did you mean 'purchase'?",
            "json_path": "$.stages[0].kind",
            "suggestion": "purchase",
        }
    ]


LIBRARY = """
    journeymap: 1
    library: true
    personas:
      - id: maya
        name: Maya
    touchpoints:
      - id: website
        name: Website
        channel: web
"""


def map_including(*paths: str, extra: str = "") -> str:
    return (
        "journeymap: 1\ntitle: T\ninclude: [" + ", ".join(paths) + "]\n" + extra +
        "stages:\n  - id: s\n    name: S\n    touchpoints: [website]\n    steps:\n      - {name: Look, persona: maya}\n"
    )  # fmt: skip


def test_includes_share_personas_and_touchpoints(journeymap, tree):
    tree({"lib/people.yaml": LIBRARY, "maps/a.journey.yaml": map_including("../lib/people.yaml")})
    run = journeymap("validate", "maps")
    assert run.lines == ["All valid: checked 1 map and 1 library."]


def test_an_invalid_library_is_reported_once_under_its_own_path(journeymap, tree):
    tree({
        "lib.yaml": LIBRARY.replace("channel: web", "channel: webb"),
        "a.journey.yaml": map_including("lib.yaml"),
        "b.journey.yaml": map_including("lib.yaml"),
    })  # fmt: skip
    # the library's ids still resolve, so its one mistake is not echoed as unknown references
    assert journeymap("validate").lines == [
        "a.journey.yaml:3:11: error[JM203 include-error]: included file 'lib.yaml' has 1 problem, reported under lib.yaml",
        "lib.yaml:9:14: error[JM104 invalid-value]: 'channel' in touchpoint 'website' cannot be 'webb'; did you mean 'web'?",
        "b.journey.yaml:3:11: error[JM203 include-error]: included file 'lib.yaml' has 1 problem, reported under lib.yaml",
        "Found 3 problems in 3 files (checked 2 maps and 1 library).",
    ]


def test_missing_include_with_a_suggestion(journeymap, tree):
    tree({"lib/people.yaml": LIBRARY, "a.journey.yaml": map_including("lib/peple.yaml")})
    assert journeymap("validate").lines[0] == (
        "a.journey.yaml:3:11: error[JM203 include-error]: included file 'lib/peple.yaml' does not exist; "
        "did you mean 'lib/people.yaml'?"
    )


def test_include_cycle(journeymap, tree):
    tree({
        "one.yaml": "journeymap: 1\nlibrary: true\ninclude: [two.yaml]\n",
        "two.yaml": "journeymap: 1\nlibrary: true\ninclude: [one.yaml]\n",
        "a.journey.yaml": "journeymap: 1\ntitle: T\ninclude: [one.yaml]\nstages: [{id: s, name: S}]\n",
    })  # fmt: skip
    assert journeymap("validate").lines == [
        "a.journey.yaml:3:11: error[JM203 include-error]: included file 'one.yaml' has 1 problem, reported under one.yaml",
        "one.yaml:3:11: error[JM203 include-error]: included file 'two.yaml' has 1 problem, reported under two.yaml",
        "two.yaml:3:11: error[JM203 include-error]: include cycle: one.yaml -> two.yaml -> one.yaml; "
        "remove one of these includes",
        "Found 3 problems in 3 files (checked 1 map and 2 libraries).",
    ]


def test_a_map_including_itself(journeymap, tree):
    tree({"a.journey.yaml": "journeymap: 1\ntitle: T\ninclude: [a.journey.yaml]\nstages: [{id: s, name: S}]\n"})
    assert journeymap("validate").lines[0] == (
        "a.journey.yaml:3:11: error[JM203 include-error]: include cycle: a.journey.yaml -> a.journey.yaml; "
        "remove one of these includes"
    )


def test_including_a_map_instead_of_a_library(journeymap, tree):
    tree({"other.journey.yaml": MINIMAL, "a.journey.yaml": map_including("other.journey.yaml")})
    assert journeymap("validate", "a.journey.yaml").lines[0] == (
        "a.journey.yaml:3:11: error[JM203 include-error]: 'other.journey.yaml' is a map, not a library; "
        "only files with 'library: true' can be included"
    )


def test_includes_may_not_leave_the_repository(journeymap, tree):
    root = tree({"repo/.git/HEAD": "ref: refs/heads/main\n", "shared.yaml": LIBRARY,
                 "repo/maps/a.journey.yaml": map_including("../../shared.yaml", "/etc/passwd")})  # fmt: skip
    os.chdir(root / "repo")
    lines = journeymap("validate").lines
    assert lines[:2] == [
        f"maps/a.journey.yaml:3:11: error[JM204 include-outside-repository]: include '../../shared.yaml' leads "
        f"outside the repository ({root.resolve() / 'repo'}); keep libraries inside it",
        "maps/a.journey.yaml:3:30: error[JM203 include-error]: include '/etc/passwd' is an absolute path; "
        "write it relative to this file",
    ]


def test_ids_from_a_library_must_not_clash_with_the_maps_own(journeymap, tree):
    tree({"lib.yaml": LIBRARY,
          "a.journey.yaml": map_including("lib.yaml", extra="personas:\n  - id: maya\n    name: Another Maya\n")})  # fmt: skip
    assert journeymap("validate").lines == [
        "a.journey.yaml:5:9: error[JM201 duplicate-id]: persona id 'maya' is also defined in included file "
        "lib.yaml:4:9; rename one",
        "Found 1 problem in 1 file (checked 1 map and 1 library).",
    ]


def test_a_library_may_not_have_stages(journeymap, tree):
    tree({"lib.journey.yaml": "journeymap: 1\nlibrary: true\nstages: []\n"})
    line = journeymap("validate").lines[0]
    assert line.startswith("lib.journey.yaml:3:1: error[JM101 unknown-key]: unknown key 'stages' at the top level")


@pytest.mark.parametrize("kind", ["personas", "phases", "touchpoints"])
def test_duplicate_ids_within_a_kind(journeymap, tree, kind):
    tree({"m.journey.yaml": MINIMAL + f"{kind}:\n  - {{id: x, name: A}}\n  - {{id: x, name: B}}\n"})
    assert journeymap("validate").lines[0] == (
        f"m.journey.yaml:8:10: error[JM201 duplicate-id]: duplicate {kind[:-1]} id 'x' (first defined at line 7); "
        "ids must be unique, rename one"
    )


def test_duplicate_pain_point_ids_across_stages(journeymap, tree):
    tree({"m.journey.yaml": """
        journeymap: 1
        title: T
        stages:
          - {id: a, name: A, pain_points: [{id: slow, description: Slow}]}
          - {id: b, name: B, pain_points: [{id: slow, description: Slower}]}
    """})  # fmt: skip
    assert journeymap("validate").lines[0] == (
        "m.journey.yaml:5:41: error[JM201 duplicate-id]: duplicate pain point id 'slow' (first defined at line 4); "
        "ids must be unique, rename one"
    )


def test_discovery_skips_hidden_and_vendored_folders_and_survives_link_loops(journeymap, tree):
    root = tree({
        "maps/a.journey.yaml": MINIMAL,
        "maps/b.journey.yml": MINIMAL,
        "maps/notes.yaml": "not: a map\n",
        "maps/.drafts/c.journey.yaml": "broken: [\n",
        "node_modules/x/d.journey.yaml": "broken: [\n",
    })  # fmt: skip
    (root / "maps" / "loop").symlink_to(root / "maps", target_is_directory=True)
    run = journeymap("validate", ".")
    assert run.lines == ["All valid: checked 2 maps."]


def test_an_explicit_file_is_checked_whatever_its_name(journeymap, tree):
    tree({"checkout.yaml": MINIMAL})
    assert journeymap("validate", "checkout.yaml").lines == ["All valid: checked 1 map."]


def test_usage_errors_exit_2(journeymap, tree):
    tree({"empty/readme.txt": "nothing\n"})
    run = journeymap("validate", "nowhere")
    assert (run.exit_code, run.stderr) == (2, "journeymap: error: no such file or directory: 'nowhere'\n")
    run = journeymap("validate", "")
    assert (run.exit_code, run.stderr) == (
        2, "journeymap: error: an empty path was given; name a file or directory, or '.'\n"
    )
    run = journeymap("validate", "empty")
    assert run.exit_code == 2
    assert run.stderr == "journeymap: error: no journey maps (*.journey.yaml or *.journey.yml) found in empty\n"
    assert journeymap("validate", "--format", "xml", "empty").exit_code == 2


def test_version_and_schema(journeymap):
    from journeymap import __version__

    assert journeymap("--version").stdout == f"journeymap {__version__}\n"
    run = journeymap("schema")
    assert run.exit_code == 0
    assert json.loads(run.stdout) == json.loads((ROOT / "schemas" / "journeymap.schema.json").read_text())


def test_schema_output_writes_a_copy_and_replaces_only_a_journeymap_schema(journeymap, tree):
    root = tree({"old.json": '{"$id": "https://journeymap.dev/schemas/v0/journeymap.schema.json"}',
                 "other.json": '{"$id": "https://example.com/other.schema.json"}', "notes.txt": "mine\n",
                 "m.journey.yaml": MINIMAL})  # fmt: skip
    schema = (ROOT / "schemas" / "journeymap.schema.json").read_text(encoding="utf-8")
    for name in ("new/journeymap.schema.json", "old.json"):
        run = journeymap("schema", "-o", name)
        assert (run.exit_code, run.stdout, run.stderr) == (0, "", f"journeymap: wrote the schema to {name}\n")
        assert (root / name).read_text(encoding="utf-8") == schema
    for name in ("other.json", "notes.txt", "m.journey.yaml"):
        before = (root / name).read_bytes()
        run = journeymap("schema", "--output", name)
        assert (run.exit_code, run.stderr) == (2, f"journeymap: error: '{name}' exists and is not a journeymap schema; "
                                                  "journeymap replaces only its own schema, choose another path\n")
        assert (root / name).read_bytes() == before
    run = journeymap("schema", "-o", "new")
    assert (run.exit_code, run.stderr) == (2, "journeymap: error: --output 'new': it is a directory; name a file\n")


def test_help_shows_examples(journeymap):
    run = journeymap("validate", "--help")
    assert run.exit_code == 0
    assert "journeymap validate examples/ maps/checkout.journey.yaml" in run.stdout


ANCHORED = """
    journeymap: 1
    title: Anchors
    x-defaults: &web {channel: web, kind: owned}
    touchpoints:
      - <<: *web
        id: site
        name: Site
      - <<: *web
        id: app
        name: App
        channel: mobile_app
    stages:
      - {id: s, name: S, touchpoints: [site, app, ap], steps: [{name: Visit, touchpoints: [site]}]}
"""


def test_extension_keys_hold_anchors_and_merged_values_validate(journeymap, tree):
    tree({"m.journey.yaml": ANCHORED})
    assert journeymap("validate").lines == [
        "m.journey.yaml:13:47: error[JM202 unknown-reference]: unknown touchpoint 'ap'; did you mean 'app'?",
        "Found 1 problem in 1 file (checked 1 map).",
    ]


def test_a_merged_value_that_is_invalid_points_at_the_anchor(journeymap, tree):
    tree({"m.journey.yaml": ANCHORED.replace("channel: web,", "channel: wbe,").replace(", ap]", "]")})
    assert journeymap("validate").lines[0] == (
        "m.journey.yaml:3:28: error[JM104 invalid-value]: 'channel' in touchpoint 'site' cannot be 'wbe'; did you mean 'web'?"
    )


def test_colour_is_off_when_piped_and_can_be_forced(journeymap, tree, monkeypatch):
    tree({"m.journey.yaml": "journeymap: 1\ntitle: T\nstages: []\n"})
    assert "\x1b[" not in journeymap("validate").stdout
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" not in journeymap("validate").stdout  # not a terminal
    forced = journeymap("validate", "--color").stdout
    assert forced.startswith("\x1b[1mm.journey.yaml:3:9:\x1b[0m \x1b[1;31merror\x1b[0m")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[1;31m" in journeymap("validate", "--color").stdout  # an explicit flag wins over NO_COLOR


def test_broken_and_looping_links_in_a_directory_are_problems_not_crashes(journeymap, tree):
    root = tree({"maps/ok.journey.yaml": MINIMAL})
    (root / "maps" / "loop.journey.yaml").symlink_to("loop.journey.yaml")
    (root / "maps" / "gone.journey.yaml").symlink_to("nowhere.yaml")
    run = journeymap("validate", "maps")
    assert run.lines == [
        "maps/gone.journey.yaml:1:1: error[JM001 unreadable-file]: cannot read the file: No such file or directory",
        "maps/loop.journey.yaml:1:1: error[JM001 unreadable-file]: cannot read the file: Too many levels of symbolic links",
        "Found 2 problems in 2 files (checked 3 maps).",
    ]


def test_unusable_arguments_are_usage_errors_with_the_reason(journeymap, tree):
    root = tree({})
    (root / "loop.journey.yaml").symlink_to("loop.journey.yaml")
    run = journeymap("validate", "loop.journey.yaml", "x" * 5000)
    assert run.exit_code == 2
    assert run.stderr == (
        "journeymap: error: too many levels of symbolic links: 'loop.journey.yaml'; "
        f"file name too long: '{'x' * 39}…{'x' * 39}'\n"
    )


def test_user_text_cannot_forge_lines_or_terminal_codes(journeymap, tree):
    tree({"m.journey.yaml": 'journeymap: 1\ntitle: T\nstages:\n  - {id: "a\\nfake.journey.yaml:1:1: error", name: A,'
                            ' kind: "\\e[2J\\u202egnp"}\n'})  # fmt: skip
    run = journeymap("validate", "m.journey.yaml")
    assert run.exit_code == 1
    assert run.lines[:2] == [
        "m.journey.yaml:4:10: error[JM104 invalid-value]: 'id' in stage 'a\\nfake.journey.yaml:1:1: error' is "
        "'a\\nfake.journey.yaml:1:1: error', which is not allowed: an id uses lowercase letters, digits, '-' and '_',"
        " and starts with a letter or digit; try 'a-fake-journey-yaml-1-1-error'",
        "m.journey.yaml:4:60: error[JM104 invalid-value]: 'kind' in stage 'a\\nfake.journey.yaml:1:1: error' cannot "
        "be '\\x1b[2J\\u202egnp'; choose one of: need, awareness, interest, consideration, decision, purchase,"
        " application, resolution, onboarding, usage, support, retention, loyalty, advocacy",
    ]
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout


def test_a_trailing_newline_does_not_make_an_id_or_language_tag_valid(journeymap, tree):
    tree({"m.journey.yaml": 'journeymap: 1\ntitle: T\nlocale: "en\\n"\nstages:\n  - {id: "buy\\n", name: Buy}\n'})
    run = journeymap("validate", "m.journey.yaml")
    assert [line.split(": error")[0] for line in run.lines[:-1]] == ["m.journey.yaml:3:9", "m.journey.yaml:5:10"]
    assert "'locale' is 'en\\n', which is not allowed" in run.lines[0]


def test_includes_that_are_not_readable_files(journeymap, tree):
    import os

    root = tree({"lib/readme.txt": "x\n"})
    os.mkfifo(root / "pipe.yaml")
    long_name = "x" * 300 + ".yaml"
    tree({"m.journey.yaml": f'journeymap: 1\ntitle: T\ninclude: ["a\\0b.yaml", lib, pipe.yaml, {long_name}]\n'
                            "stages: [{id: a, name: A}]\n"})  # fmt: skip
    run = journeymap("validate", "m.journey.yaml")
    assert run.exit_code == 1
    assert [line.split("include-error]: ")[1] for line in run.lines[:-1]] == [
        "include 'a\\x00b.yaml' contains a NUL character; remove it",
        "include 'lib' is a directory; name a library file in it",
        "include 'pipe.yaml' is not a regular file (a pipe or a device?)",
        f"included file '{'x' * 39}…{'x' * 34}.yaml' cannot be read: File name too long",
    ]


def test_a_library_that_cannot_be_loaded_is_still_reported_as_a_library(journeymap, tree):
    tree({"lib.yaml": "journeymap: 1\nlibrary: true\npersonas: [\n", "m.journey.yaml": "include: [lib.yaml]\n"})
    report = json.loads(journeymap("validate", "--format", "json", "m.journey.yaml").stdout)
    assert {entry["path"]: entry["kind"] for entry in report["files"]} == {"m.journey.yaml": "map", "lib.yaml": "library"}


def test_numbers_must_be_finite_and_of_a_usable_size(journeymap, tree):
    tree({"m.journey.yaml": f"""\
        journeymap: 1
        title: T
        stages:
          - id: a
            name: A
            emotion: {'1' * 500}
            metrics: [{{name: m, target: .inf, actual: 1e999}}]
        """})
    run = journeymap("validate", "m.journey.yaml")
    assert [line.split(": ", 1)[1] for line in run.lines[:-1]] == [
        "error[JM103 wrong-type]: 'emotion' in stage 'a' must be a whole number, not a 500-digit number",
        "error[JM104 invalid-value]: 'target' in metric 'm' of stage 'a' must be a finite number, not inf",
        "error[JM104 invalid-value]: 'actual' in metric 'm' of stage 'a' must be a finite number, not inf",
    ]


def test_one_value_gets_one_problem_but_every_missing_key_is_listed(journeymap, tree):
    tree({"m.journey.yaml": "journeymap: 1\ntitle: T\nreviewed: '2026-10-01\\n'\nstages:\n  - {kind: usage}\n"})
    run = journeymap("validate", "m.journey.yaml")
    assert [line.split(": error")[0] for line in run.lines[:-1]] == ["m.journey.yaml:3:11"] + ["m.journey.yaml:5:5"] * 2
    assert run.lines[1].endswith("stage 1 is missing the required key 'id'")
    assert run.lines[2].endswith("stage 1 is missing the required key 'name'")


def test_an_invalid_escape_in_double_quotes_is_named_at_the_backslash(journeymap, tree):
    tree({"m.journey.yaml": 'journeymap: 1\ntitle: "C:\\qux"\n'})
    assert journeymap("validate", "m.journey.yaml").lines[0] == (
        "m.journey.yaml:2:11: error[JM003 yaml-syntax]: invalid escape in double quotes; write \\\\ for a backslash,"
        " or use single quotes, where a backslash is plain text"
    )


def test_a_bad_byte_after_a_byte_order_mark_is_named_correctly(journeymap, tree):
    tree({"m.journey.yaml": b"\xef\xbb\xbfjourneymap: 1\ntitle: caf\xe9\n"})
    assert journeymap("validate", "m.journey.yaml").lines[0] == (
        "m.journey.yaml:2:11: error[JM002 encoding]: byte 0xe9 is not valid UTF-8; save the file as UTF-8"
    )


def test_aliases_cannot_multiply_problems_or_work(journeymap, tree):
    steps = "\n".join(f"  - {{name: s{i}, emotion: 5, touchpoints: [nope{i}]}}" for i in range(60))
    stages = "\n".join(f"  - {{id: s{i}, name: S{i}, steps: *steps}}" for i in range(3))
    tree({"m.journey.yaml": f"journeymap: 1\ntitle: T\nx-steps: &steps\n{steps}\nstages:\n{stages}\n"})
    run = journeymap("validate", "m.journey.yaml")
    assert len(run.lines) == 102  # 100 problems, the note, the summary
    assert run.lines[100] == (
        "m.journey.yaml:53:43: error[JM009 too-many-problems]: 20 more problems in this file are not shown; "
        "fix the ones above and run again"
    )  # 60 range errors and 60 unknown touchpoints, each once though aliased three times
    many = "\n".join(f"  - {{id: s{i}, name: S{i}, steps: *steps}}" for i in range(200))
    tree({"m.journey.yaml": f"journeymap: 1\ntitle: T\nx-steps: &steps\n{steps}\nstages:\n{many}\n"})
    line = journeymap("validate", "m.journey.yaml").lines[0]
    assert line.startswith("m.journey.yaml:98:33: error[JM005 yaml-limit]: aliases repeat more than 10,000 values")


def test_a_file_name_that_is_not_utf8_is_shown_escaped(journeymap, tree):
    root = tree({})
    (root / os.fsdecode(b"caf\xe9.journey.yaml")).write_text("journeymap: 1\ntitle: T\nstages: []\n")
    run = journeymap("validate", ".")
    assert run.exit_code == 1
    assert run.lines[0].startswith("caf\\udce9.journey.yaml:3:9: error[JM104 invalid-value]")
    (root / os.fsdecode(b"caf\xe9.journey.yaml")).write_text("journeymap: 1\ntitle: T\nstages: [{id: s, name: S}]\n")
    drawn = journeymap("render", ".", "--format", "dot")
    assert (drawn.exit_code, drawn.lines) == (0, ["wrote caf\\udce9.journey.dot", "Rendered 1 map: 1 written, 0 unchanged."])
    assert "udce9.journey.yaml · journey map · drawn by journeymap" in (root / os.fsdecode(b"caf\xe9.journey.dot")).read_text("utf-8")


def test_a_stage_listed_twice_through_an_alias(journeymap, tree):
    tree({"m.journey.yaml": "journeymap: 1\ntitle: T\nx-stage: &s {id: s, name: S}\nstages: [*s, *s]\n"})
    assert journeymap("validate", "m.journey.yaml").lines[0] == (
        "m.journey.yaml:3:18: error[JM201 duplicate-id]: stage 's' is listed twice through an alias; list it once"
    )


def test_a_missing_include_is_reported_once_not_as_every_id_it_would_define(journeymap, tree):
    tree({"m.journey.yaml": """\
        journeymap: 1
        title: T
        include: [people.yaml]
        stages:
          - id: a
            name: A
            steps: [{name: Walks in, persona: maya, touchpoints: [store]}]
            opportunities: [{description: Greet, addresses: [nope]}]
        """})
    run = journeymap("validate", "m.journey.yaml")
    assert run.lines[:-1] == [
        "m.journey.yaml:3:11: error[JM203 include-error]: included file 'people.yaml' does not exist",
        "m.journey.yaml:8:54: error[JM202 unknown-reference]: unknown pain point 'nope'; this map defines no pain points",
    ]


def test_a_map_outside_the_working_directory_includes_from_its_own_folder(journeymap, tree, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "lib.yaml").write_text("journeymap: 1\nlibrary: true\npersonas: [{id: maya, name: Maya}]\n")
    (elsewhere / "m.journey.yaml").write_text(
        "journeymap: 1\ntitle: T\ninclude: [lib.yaml, nope.yaml]\nstages: [{id: s, name: S}]\n"
    )
    tree({})
    run = journeymap("validate", str(elsewhere / "m.journey.yaml"))
    assert run.lines[0] == (  # lib.yaml resolves; no map is offered as the library meant
        f"{elsewhere / 'm.journey.yaml'}:3:21: error[JM203 include-error]: included file 'nope.yaml' does not exist"
    )


def test_an_include_leaving_the_folder_of_a_map_outside_git_and_the_working_directory(journeymap, tree, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere2")
    (elsewhere / "maps").mkdir()
    (elsewhere / "maps" / "m.journey.yaml").write_text("journeymap: 1\ntitle: T\ninclude: [../lib.yaml]\nstages: [{id: s, name: S}]\n")
    tree({})
    line = journeymap("validate", str(elsewhere / "maps" / "m.journey.yaml")).lines[0]
    assert line.endswith(f"include '../lib.yaml' leads outside the map's folder ({elsewhere / 'maps'}); keep libraries inside it")


@pytest.mark.parametrize("command", ["validate", "lint", "render", "rules", "schema"])
def test_the_console_script_builds_only_the_command_it_runs(command):
    from typer.testing import CliRunner

    from journeymap import cli

    narrowed = cli.app_for([command, "--help"])
    assert [cli._command_name(info) for info in narrowed.registered_commands] == [command]
    alone, whole = (CliRunner().invoke(app, [command, "--help"]) for app in (narrowed, cli.app))
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)  # same options, help and usage line


@pytest.mark.parametrize("arguments", [[], ["--help"], ["valdate"], ["--version", "lint"]])
def test_anything_but_a_command_gets_the_whole_app(arguments):
    from journeymap import cli

    assert cli.app_for(arguments) is cli.app


def test_shell_completion_gets_the_whole_app(monkeypatch):
    from journeymap import cli

    monkeypatch.setenv("_JOURNEYMAP_COMPLETE", "complete_bash")
    assert cli.app_for(["lint", "--se"]) is cli.app  # completion lists every command and option


def test_problem_text_escapes_what_cannot_be_printed_or_put_in_xml():
    from journeymap.problems import printable

    assert printable("a\nb\x1b[31m\u202ec\ufffed\uffff") == "a\\nb\\x1b[31m\\u202ec\\ufffed\\uffff"
    assert printable("día 😀 ok") == "día 😀 ok"


def console_script(tmp_path, *arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """journeymap as its console script runs: through main(), in a process of its own."""
    command = [sys.executable, "-c", "from journeymap.launch import main; main()", *arguments]
    return subprocess.run(command, cwd=tmp_path, env={**os.environ, **env}, capture_output=True, check=False)


def test_reports_are_utf8_whatever_the_pipe_encoding(tmp_path):
    (tmp_path / "m.journey.yaml").write_text("journeymap: 1\ntitle: T\nstages: [{id: s, name: Café 😀}]\n", "utf-8")
    run = console_script(tmp_path, "lint", "--format", "json", "m.journey.yaml", env={"PYTHONIOENCODING": "cp1252"})
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout.decode("utf-8"))
    assert any("'Café 😀'" in problem["message"] for problem in report["files"][0]["problems"])


@pytest.mark.skipif(sys.platform == "win32", reason="a working directory in use cannot be removed on Windows")
def test_a_removed_working_directory_is_a_usage_error(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f"import os; os.chdir({str(gone)!r}); os.rmdir({str(gone)!r}); from journeymap.launch import main; main()"
    run = subprocess.run([sys.executable, "-c", script, "validate", str(tmp_path)], capture_output=True, text=True,
                         check=False)  # fmt: skip
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == "journeymap: error: the working directory no longer exists; cd into one that does\n"


def test_a_path_too_long_to_look_at_is_a_usage_error(journeymap, tree):
    tree({})
    run = journeymap("validate", "a" * 300 + "/x.journey.yaml")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith("journeymap: error: file name too long: 'aaaa")


# The published schema as an editor applies it (the YAML language server reads YAML 1.2 with the core
# schema): plain scalars resolved by the core schema's own regular expressions (YAML 1.2.2, 10.3.2),
# written here apart from journeymap's loader so that the two readings are compared, not shared.
CORE_RESOLVERS = [
    (re.compile(r"null|Null|NULL|~|"), lambda text: None),
    (re.compile(r"true|True|TRUE"), lambda text: True),
    (re.compile(r"false|False|FALSE"), lambda text: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda text: int(text[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda text: int(text[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
    (re.compile(r"[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN"), lambda text: float(text.replace(".", "", 1))),
]


def yaml_1_2_core(text: str):
    def value(node):
        if isinstance(node, yaml.MappingNode):
            return {key.value: value(item) for key, item in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [value(item) for item in node.value]
        if node.style is not None:  # quoted or block: text
            return node.value
        return next((resolve(node.value) for pattern, resolve in CORE_RESOLVERS if pattern.fullmatch(node.value)),
                    node.value)  # fmt: skip

    return value(yaml.compose(text, Loader=yaml.BaseLoader))


def editor_accepts(text: str) -> bool:
    schema = json.loads((ROOT / "schemas" / "journeymap.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema).is_valid(yaml_1_2_core(text))


TEXT_FIELDS = {  # where each field of text sits in a small map
    "owner": "journeymap: 1\ntitle: T\nowner: {}\nstages:\n  - {{id: s, name: S}}\n",
    "stage id": "journeymap: 1\ntitle: T\nstages:\n  - id: {}\n    name: S\n",
    "stage name": "journeymap: 1\ntitle: T\nstages:\n  - id: s\n    name: {}\n",
    "pain point description": "journeymap: 1\ntitle: T\nstages:\n  - id: s\n    name: S\n"
    "    pain_points: [{{description: {}}}]\n",
}
PLAIN_SCALARS = {  # as written -> whether it is text in YAML 1.2 core
    "010": False, "007": False, "1e3": False, "0x1F": False, "yes": True, "no": True, "on": True, "true": False,
    "null": False, "~": False, "2026-01-01": True, ".5": False,
}  # fmt: skip


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize(("scalar", "is_text"), PLAIN_SCALARS.items())
def test_validate_and_the_editor_agree_on_plain_scalars_where_text_is_expected(journeymap, tree, field, scalar,
                                                                              is_text):  # fmt: skip
    text = TEXT_FIELDS[field].format(scalar)
    tree({"m.journey.yaml": text})
    run = journeymap("validate")
    assert (run.exit_code == 0, editor_accepts(text)) == (is_text, is_text), run.stdout
    if not is_text:
        (problem,) = run.lines[:-1]
        line = TEXT_FIELDS[field].split("{}")[0].count("\n") + 1
        assert problem.startswith(f"m.journey.yaml:{line}:") and "error[JM103 wrong-type]" in problem
        if scalar not in ("null", "~"):
            assert problem.endswith(f'; put it in quotes to keep it as text: "{scalar}"')


CHANGED_TREE = {
    "lib/base.yaml": "journeymap: 1\nlibrary: true\npersonas: [{id: maya, name: Maya}]\n",
    "lib/shared.yaml": "journeymap: 1\nlibrary: true\ninclude: [base.yaml]\ntouchpoints: [{id: web, name: Web}]\n",
    "maps/a.journey.yaml": MINIMAL + "    steps: [{name: Pays, persona: maya}]\ninclude: [../lib/shared.yaml]\n",
    "maps/b.journey.yaml": MINIMAL,
    "ci.yml": "on: [push]\n",
    ".journeymap.yaml": "exclude: [maps/archive/**]\n",
    "maps/archive/old.journey.yaml": MINIMAL + "include: [../../lib/base.yaml]\n",
}


@pytest.mark.parametrize(
    ("changed", "summary"),
    [
        (["lib/base.yaml"], "All valid: checked 1 map and 2 libraries."),  # through lib/shared.yaml; not the archive
        (["maps/b.journey.yaml", "lib/shared.yaml"], "All valid: checked 2 maps and 2 libraries."),
        (["./maps/a.journey.yaml", "lib/shared.yaml"], "All valid: checked 1 map and 2 libraries."),  # once
        (["ci.yml", ".journeymap.yaml", "maps/archive/old.journey.yaml"], "All valid: checked 0 maps."),
    ],
)
def test_changed_files_check_their_maps_and_the_maps_that_include_them(journeymap, tree, changed, summary):
    tree(CHANGED_TREE)
    run = journeymap("validate", "--changed", *changed)
    assert (run.exit_code, run.lines) == (0, [summary])


def test_without_changed_a_named_file_is_checked_whatever_its_name(journeymap, tree):
    tree(CHANGED_TREE)
    run = journeymap("validate", "ci.yml")
    assert run.exit_code == 1 and run.lines[-1] == "Found 4 problems in 1 file (checked 1 map)."


def test_changed_follows_include_cycles_without_hanging(journeymap, tree):
    tree({"lib/x.yaml": "journeymap: 1\nlibrary: true\ninclude: [y.yaml]\n",
          "lib/y.yaml": "journeymap: 1\nlibrary: true\ninclude: [x.yaml]\n",
          "m.journey.yaml": MINIMAL + "include: [lib/x.yaml]\n"})  # fmt: skip
    run = journeymap("validate", "--changed", "lib/y.yaml")
    assert run.exit_code == 1 and "include cycle" in run.stdout
    assert run.lines[-1].endswith("(checked 1 map and 2 libraries).")


def test_render_check_of_a_changed_library_finds_the_stale_diagrams_of_the_maps_below_maps_root(journeymap, tree):
    tree({**CHANGED_TREE, "other/c.journey.yaml": MINIMAL + "include: [../lib/base.yaml]\n"})
    assert journeymap("render", "maps/", "--out-dir", "diagrams", "--engine", "embedded").exit_code == 0
    tree({"lib/base.yaml": CHANGED_TREE["lib/base.yaml"].replace("name: Maya", "name: Maya Ruiz")})
    options = ("--check", "--engine", "embedded", "--out-dir", "diagrams", "--maps-root", "maps", "--changed")
    run = journeymap("render", *options, "lib/base.yaml")
    rerun = "journeymap render maps/a.journey.yaml --out-dir diagrams --maps-root maps --engine embedded"
    assert (run.exit_code, run.lines) == (1, [  # other/c.journey.yaml, outside --maps-root, is not looked at
        "maps/a.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram diagrams/a.journey.svg is stale: it differs "
        f"from what this map draws now; update it with: {rerun}",
        f"1 of 1 diagram is stale or missing; update it with: {rerun}",
    ])  # fmt: skip
    assert journeymap("render", *options, "ci.yml", "maps/b.journey.yaml").exit_code == 0
