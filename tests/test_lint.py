"""`journeymap lint` through the CLI: configuration, selection, suppression, exit codes."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT

# A valid map with exactly two findings under the default configuration.
GAPPY = """\
journeymap: 1
title: Boots
objective: Find where buyers drop out
reviewed: 2026-11-01
personas:
  - {id: maya, name: Maya, goals: [Boots that last for years]}
touchpoints:
  - {id: web, name: Website, channel: web, owner: Web team}
stages:
  - id: search
    name: Search
    kind: awareness
    goal: Find boots
    steps:
      - {name: Searches, touchpoints: [web], emotion: 1}
    metrics:
      - {name: Visits, target: 100, actual: 80}
  - id: buy
    name: Buy
    kind: purchase
    goal: Pay quickly
    steps:
      - {name: Pays, touchpoints: [web], emotion: 0}
  - id: wear
    name: Wear
    kind: usage
    steps:
      - {name: Wears them, touchpoints: [web], emotion: 2}
    metrics:
      - {name: Returns, target: 5, actual: 4}
    pain_points:
      - {id: heel-wear, description: Heels wear down within a year}
    opportunities:
      - {description: Offer resoling, addresses: [heel-wear], owner: Repairs team}
"""
GAPPY_LINES = [
    "m.journey.yaml:18:5: info[JM305 stage-without-metrics]: stage 'Buy' has no metrics; "
    "define how results in this stage are measured",
    "m.journey.yaml:24:5: warning[JM303 stage-without-goal]: stage 'Wear' has no goal; "
    "write what the customer wants to achieve in this stage",
]
GAPPY_SUMMARY = "Found 2 problems (1 warning, 1 info) in 1 file (checked 1 map)."


def test_examples_lint_clean(journeymap, monkeypatch):
    monkeypatch.chdir(ROOT)
    run = journeymap("lint", "examples")
    assert (run.exit_code, run.lines) == (0, ["No problems: checked 8 maps and 1 library."])


def test_findings_and_exit_codes(journeymap, tree):
    tree({"m.journey.yaml": GAPPY})
    run = journeymap("lint")
    assert run.lines == [*GAPPY_LINES, GAPPY_SUMMARY]
    assert run.exit_code == 1  # a warning reaches the default fail-on: warning
    assert journeymap("lint", "--fail-on", "error").exit_code == 0
    assert journeymap("lint", "--exit-zero").exit_code == 0
    only_info = journeymap("lint", "--ignore", "stage-without-goal")
    assert (only_info.exit_code, only_info.lines[-1]) == (0, "Found 1 problem (1 info) in 1 file (checked 1 map).")
    assert journeymap("lint", "--ignore", "stage-without-goal", "--fail-on", "info").exit_code == 1


def test_an_invalid_map_reports_validation_problems_and_is_not_linted(journeymap, tree):
    tree({"m.journey.yaml": GAPPY.replace("kind: usage", "kind: use"), "ok.journey.yaml": GAPPY})
    run = journeymap("lint", "--exit-zero")
    assert run.lines[0] == (
        "m.journey.yaml:26:11: error[JM104 invalid-value]: 'kind' in stage 'wear' cannot be 'use'; did you mean 'usage'?"
    )
    assert [line.split(": ", 1)[0] for line in run.lines[1:-1]] == ["ok.journey.yaml:18:5", "ok.journey.yaml:24:5"]
    assert run.exit_code == 0
    assert journeymap("lint", "--fail-on", "error").exit_code == 1  # validation errors always fail


def test_select_and_ignore_by_code_name_and_prefix(journeymap, tree):
    tree({"m.journey.yaml": GAPPY})
    assert journeymap("lint", "--select", "JM303").lines == [GAPPY_LINES[1], "Found 1 problem (1 warning) in 1 file (checked 1 map)."]
    assert journeymap("lint", "--select", "stage-without-metrics").lines[0] == GAPPY_LINES[0]
    assert journeymap("lint", "--select", "JM4,JM5").lines == ["No problems: checked 1 map."]
    assert journeymap("lint", "--ignore", "JM30").lines == ["No problems: checked 1 map."]
    run = journeymap("lint", "--select", "stage-without-gaol")
    assert run.exit_code == 2
    assert run.stderr == (
        "journeymap: error: 'stage-without-gaol' is not a rule code, name or code prefix; "
        "did you mean 'stage-without-goal'?\n"
    )


def test_config_sets_severity_options_and_fail_on(journeymap, tree):
    tree({
        "m.journey.yaml": GAPPY,
        ".journeymap.yaml": """
            fail-on: error
            rules:
              stage-without-goal: info
              JM305: off
              too-few-stages: {severity: error, min: 4}
        """,
    })  # fmt: skip
    run = journeymap("lint")
    assert run.lines == [
        "m.journey.yaml:9:1: error[JM405 too-few-stages]: the map has only 3 stages, fewer than 4; "
        "map the journey from need to after the sale",
        "m.journey.yaml:24:5: info[JM303 stage-without-goal]: stage 'Wear' has no goal; "
        "write what the customer wants to achieve in this stage",
        "Found 2 problems (1 error, 1 info) in 1 file (checked 1 map).",
    ]
    assert run.exit_code == 1
    assert journeymap("lint", "--ignore", "JM405").exit_code == 0  # only info left, and the config fails on error


def test_select_runs_a_rule_the_config_turned_off(journeymap, tree):
    tree({"m.journey.yaml": GAPPY, ".journeymap.yaml": "rules:\n  stage-without-goal: off\n"})
    assert journeymap("lint", "--select", "stage-without-goal").lines[0] == GAPPY_LINES[1]


def test_a_run_from_outside_the_repository_uses_the_repositorys_config(journeymap, tree, monkeypatch):
    root = tree({
        "repo/.git/HEAD": "ref: refs/heads/main\n",
        "repo/.journeymap.yaml": "rules:\n  stage-without-goal: off\n",
        "repo/maps/m.journey.yaml": GAPPY,
        "elsewhere/keep": "",
    })  # fmt: skip
    inside = journeymap("lint", "repo/maps")
    monkeypatch.chdir(root / "elsewhere")
    for argument in ("../repo/maps", "../repo/maps/m.journey.yaml"):
        run = journeymap("lint", argument)
        assert "JM303" not in run.stdout and run.lines[-1] == inside.lines[-1]
    (root / "elsewhere" / ".journeymap.yaml").write_text("fail-on: error\n")  # found from here: it wins
    assert "JM303" in journeymap("lint", "../repo/maps").stdout


def test_config_is_found_upward_but_not_past_the_git_root(journeymap, tree):
    root = tree({
        ".journeymap.yaml": "rules:\n  stage-without-goal: off\n",   # above the repository: ignored
        "repo/.git/HEAD": "ref: refs/heads/main\n",
        "repo/maps/m.journey.yaml": GAPPY,
    })  # fmt: skip
    import os

    os.chdir(root / "repo" / "maps")
    assert journeymap("lint").lines[1] == GAPPY_LINES[1]
    (root / "repo" / ".journeymap.yml").write_text("rules:\n  stage-without-goal: off\n")
    assert "JM303" not in journeymap("lint").stdout


def test_explicit_config_path(journeymap, tree):
    tree({"m.journey.yaml": GAPPY, "ci/strict.yaml": "rules:\n  JM305: error\n"})
    assert journeymap("lint", "--config", "ci/strict.yaml").lines[0].startswith("m.journey.yaml:18:5: error[JM305")
    run = journeymap("lint", "--config", "ci/missing.yaml")
    assert (run.exit_code, run.stderr) == (2, "journeymap: error: configuration file not found: ci/missing.yaml\n")


def test_config_problems_are_positioned_with_suggestions_and_exit_2(journeymap, tree):
    tree({
        "m.journey.yaml": GAPPY,
        ".journeymap.yaml": """
            fail_on: warning
            rules:
              stage-without-gaol: off
              too-many-touchpoints: {maximum: 3, severity: fatal}
              review-overdue: {max-age-days: many}
        """,
    })  # fmt: skip
    run = journeymap("lint")
    assert (run.exit_code, run.stdout) == (2, "")  # standard output is kept for the report
    assert run.stderr.splitlines() == [
        ".journeymap.yaml:1:1: error[JM008 config]: unknown key 'fail_on' in the configuration; did you mean 'fail-on'?",
        ".journeymap.yaml:3:3: error[JM008 config]: unknown rule 'stage-without-gaol'; did you mean 'stage-without-goal'?",
        ".journeymap.yaml:4:26: error[JM008 config]: unknown key 'maximum' for rule too-many-touchpoints; "
        "did you mean 'max'?",
        ".journeymap.yaml:4:48: error[JM008 config]: 'severity' cannot be 'fatal'; choose one of: error, warning, info, off",
        ".journeymap.yaml:5:34: error[JM008 config]: 'max-age-days' must be a whole number of 1 or more, not text ('many')",
        "journeymap: error: invalid configuration in .journeymap.yaml; fix the problems above",
    ]


def test_broken_config_yaml_is_a_usage_error(journeymap, tree):
    tree({"m.journey.yaml": GAPPY, ".journeymap.yaml": "rules: [\n"})
    run = journeymap("validate")
    assert run.exit_code == 2 and run.stderr.startswith(".journeymap.yaml:2:1: error[JM003 yaml-syntax]")



@pytest.mark.parametrize(
    ("config", "line"),
    [
        ("fail-on: [error]", ".journeymap.yaml:1:10: error[JM008 config]: 'fail-on' cannot be ['error']; did you mean 'error'?"),
        ("rules: {stage-without-goal: {severity: {a: 1}}}",
         ".journeymap.yaml:1:40: error[JM008 config]: 'severity' cannot be {'a': 1}; choose one of: error, warning, info, off"),
        ("rules: {stage-without-goal: 0}",
         ".journeymap.yaml:1:29: error[JM008 config]: 'stage-without-goal' cannot be 0; choose one of: error, warning, info, off"),
        ("- fail-on: error", ".journeymap.yaml:1:1: error[JM007 not-a-map]: the top level must be a mapping of keys such as "
                             "'fail-on', 'include', 'exclude', 'rules' and 'diff', not a list"),
    ],
)  # fmt: skip
def test_config_values_of_the_wrong_shape_are_usage_errors(journeymap, tree, config, line):
    tree({"m.journey.yaml": GAPPY, ".journeymap.yaml": config})
    run = journeymap("lint", "--format", "sarif")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [line, "journeymap: error: invalid configuration in .journeymap.yaml; fix the problems above"]


@pytest.mark.parametrize("config", ["", "# fail-on: error\n", "---\n", "~\n"])
def test_an_empty_config_is_the_default_config(journeymap, tree, config):
    tree({"m.journey.yaml": GAPPY, ".journeymap.yaml": config})
    run = journeymap("lint")
    assert run.exit_code == 1 and run.stderr == "" and run.lines[-1].startswith("Found 2 problems")

def test_include_and_exclude_globs_shape_discovery(journeymap, tree):
    tree({
        "maps/a.journey.yaml": GAPPY,
        "maps/archive/old.journey.yaml": "broken: [\n",
        "maps/plain/b.yaml": GAPPY,
        ".journeymap.yaml": "include: ['maps/**/*.journey.yaml', 'maps/plain/*.yaml']\nexclude: [archive]\n",
    })  # fmt: skip
    assert journeymap("validate").lines == ["All valid: checked 2 maps."]
    assert journeymap("validate", "maps/archive/old.journey.yaml").exit_code == 1  # named files are always checked


SUPPRESSED = GAPPY.replace(
    "  - id: buy\n", "  - id: buy  # journeymap: disable=JM305 -- measured in the payment provider's dashboard\n"
).replace("  - id: wear\n", "  # journeymap: disable=stage-without-goal,stage-without-kind\n  - id: wear\n")


def test_inline_suppression_on_the_line_and_the_line_above(journeymap, tree):
    tree({"m.journey.yaml": SUPPRESSED})
    assert journeymap("lint").lines == [
        "m.journey.yaml:24:3: info[JM601 unused-suppression]: 'stage-without-kind' is suppressed here but reports "
        "nothing; remove it from the comment",
        "Found 1 problem (1 info) in 1 file (checked 1 map).",
    ]
    # a rule that is not running cannot be judged, so its suppression is not reported
    assert journeymap("lint", "--ignore", "stage-without-kind").lines == ["No problems: checked 1 map."]


def test_file_suppression_and_unknown_rules_in_comments(journeymap, tree):
    tree({"m.journey.yaml": "# journeymap: disable-file=JM305, stage-without-gaol\n" + GAPPY})
    assert journeymap("lint").lines == [
        "m.journey.yaml:1:1: info[JM601 unused-suppression]: 'stage-without-gaol' in this suppression comment is "
        "not a rule; did you mean 'stage-without-goal'?",
        "m.journey.yaml:25:5: warning[JM303 stage-without-goal]: stage 'Wear' has no goal; "
        "write what the customer wants to achieve in this stage",
        "Found 2 problems (1 warning, 1 info) in 1 file (checked 1 map).",
    ]


def test_validation_errors_cannot_be_suppressed(journeymap, tree):
    tree({"m.journey.yaml": "# journeymap: disable-file=JM104,invalid-value\n" + GAPPY.replace("usage", "use")})
    assert "error[JM104 invalid-value]" in journeymap("lint").stdout


def test_library_files_are_linted_for_their_own_definitions(journeymap, tree):
    tree({
        "lib.yaml": "journeymap: 1\nlibrary: true\nreviewed: 2026-11-01\ntouchpoints:\n  - {id: chat, name: Chat}\n",
        "m.journey.yaml": GAPPY.replace("personas:", "include: [lib.yaml]\npersonas:"),
    })  # fmt: skip
    run = journeymap("lint", "--select", "JM309,JM311,JM502")
    assert run.lines == [
        "lib.yaml:5:5: warning[JM309 touchpoint-without-channel]: touchpoint 'chat' has no channel; "
        "set one such as web, email, store or phone",
        "Found 1 problem (1 warning) in 1 file (checked 1 map and 1 library).",
    ]


def test_json_report_for_lint(journeymap, tree):
    tree({"m.journey.yaml": GAPPY})
    report = json.loads(journeymap("lint", "--format", "json").stdout)
    assert report["command"] == "lint"
    assert [(p["severity"], p["code"], p["name"], p["json_path"]) for p in report["files"][0]["problems"]] == [
        ("info", "JM305", "stage-without-metrics", "$.stages[1]"),
        ("warning", "JM303", "stage-without-goal", "$.stages[2]"),
    ]
    assert report["summary"]["warnings"] == 1 and report["summary"]["infos"] == 1


def test_rules_lists_and_documents_the_catalog(journeymap):
    from journeymap import rules

    listing = journeymap("rules", "--format", "json")
    assert [entry["code"] for entry in json.loads(listing.stdout)] == [rule.code for rule in rules.ALL]
    assert {entry["kind"] for entry in json.loads(listing.stdout)} == {"rule"}
    page = journeymap("rules", "lifecycle-order", "--format", "markdown").stdout
    assert page.startswith("### JM402 lifecycle-order\n") and "Bad:" in page and "Good:" in page
    assert "| `max` | `7` |" in journeymap("rules", "JM403", "--format", "markdown").stdout
    text = journeymap("rules").stdout
    assert all(rule.code in text for rule in rules.ALL)
    run = journeymap("rules", "lifecycle-ordr")
    assert (run.exit_code, run.stderr) == (
        2, "journeymap: error: no rule or check 'lifecycle-ordr'; did you mean 'lifecycle-order'?\n"
    )


def test_rules_documents_a_validation_check_from_the_same_catalog(journeymap):
    page = journeymap("rules", "duplicate-key", "--format", "markdown")
    assert (page.exit_code, page.stdout) == (0, (
        "### JM004 duplicate-key\n\n*A mapping repeats a key; YAML would silently drop one value.* Severity: "
        "**error**. Category: file. A validation check: it always runs, and cannot be turned off or suppressed "
        "(see docs/format.md#validation-checks).\n"
    ))  # fmt: skip
    [entry] = json.loads(journeymap("rules", "jm004", "--format", "json").stdout)
    assert (entry["code"], entry["kind"], entry["category"]) == ("JM004", "check", "file")
    run = journeymap("rules", "duplicate-kye")
    assert run.stderr == "journeymap: error: no rule or check 'duplicate-kye'; did you mean 'duplicate-key'?\n"


@pytest.mark.parametrize("command", ["validate", "lint", "rules", "schema"])
def test_every_command_has_help_with_an_example(journeymap, command):
    run = journeymap(command, "--help")
    assert run.exit_code == 0 and "Example" in run.stdout


def test_a_library_without_a_title_is_linted_at_its_library_key(journeymap, tree):
    tree({"lib.yaml": "journeymap: 1\nlibrary: true\ntouchpoints:\n  - {id: web, name: Website, channel: web, owner: Web}\n"})
    run = journeymap("lint", "lib.yaml")
    assert run.lines == [
        "lib.yaml:2:10: info[JM502 missing-review-date]: there is no 'reviewed' date; add the date of the last review"
        " as YYYY-MM-DD",
        "Found 1 problem (1 info) in 1 file (checked 1 library).",
    ]
    assert run.exit_code == 0
