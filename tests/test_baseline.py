"""Baselines: record today's findings, hide them later, survive moved lines, shrink as findings are fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap import baseline
from journeymap.problems import FileResult, Position, Problem, Severity
from test_lint import GAPPY

INFO = "stage 'Buy' has no metrics; define how results in this stage are measured"
GOAL = "stage 'Wear' has no goal; write what the customer wants to achieve in this stage"


def problem(code: str, json_path: tuple, message: str, line: int = 1, file: str = "m.journey.yaml") -> Problem:
    return Problem(file, Position(line, 5), Severity.WARNING, code, "some-rule", message, json_path)


def known(results, folder: Path, tmp_path: Path) -> baseline.Baseline:
    path = tmp_path / "baseline.json"
    path.write_text(baseline.dump(results, folder), encoding="utf-8")
    loaded, problems = baseline.load(path, "baseline.json")
    assert problems == []
    return loaded


def everything(result: FileResult) -> set[str]:
    return {"JM303", "JM305", "JM999"}


def test_the_file_is_one_sorted_finding_a_line_with_paths_from_its_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    file = "maps/m.journey.yaml"
    results = [FileResult(file, "map", (problem("JM305", ("stages", 1), INFO, 18, file),
                                        problem("JM303", ("stages", 2), GOAL, 24, file)))]  # fmt: skip
    text = baseline.dump(results, tmp_path / "ci")
    lines = text.splitlines()
    assert lines[:3] == ["{", '  "journeymap-baseline": 1,', '  "findings": [']
    assert json.loads(lines[3].rstrip(",")) == {
        "path": "../maps/m.journey.yaml", "code": "JM303", "name": "some-rule", "json_path": "$.stages[2]",
        "message": GOAL,
    }  # fmt: skip
    assert json.loads(text)["findings"][1]["code"] == "JM305" and len(lines) == 7
    assert baseline.dump([], tmp_path) == '{\n  "journeymap-baseline": 1,\n  "findings": []\n}\n'


def test_matching_ignores_lines_and_prefers_the_same_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    recorded = [FileResult("m.journey.yaml", "map", (problem("JM999", ("stages", 0), "first", 3),))]
    today = [FileResult("m.journey.yaml", "map", (problem("JM999", ("stages", 0), "second", 30),
                                                  problem("JM999", ("stages", 0), "first", 40)))]  # fmt: skip
    applied = baseline.apply(known(recorded, tmp_path, tmp_path), today, everything)
    assert [p.message for p in applied.results[0].problems] == ["second"]  # the new one, not the moved one
    assert (applied.hidden, applied.fixed) == (1, 0)


def test_any_message_survives_the_round_trip(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    message = 'stage "Envío: 100%, «rápido»" \\ has\nno goal; 改善 \u2028 \t'
    results = [FileResult("día 1.journey.yaml", "map", (problem("JM303", ("stages", "ü", 0), message),))]
    entries = known(results, tmp_path, tmp_path)
    assert entries.entries[0].message == results[0].problems[0].message
    applied = baseline.apply(entries, results, everything)
    assert (applied.hidden, applied.fixed) == (1, 0)


def test_an_entry_is_used_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    once = [FileResult("m.journey.yaml", "map", (problem("JM999", (), "same"),))]
    twice = [FileResult("m.journey.yaml", "map", (problem("JM999", (), "same"), problem("JM999", (), "same")))]
    applied = baseline.apply(known(once, tmp_path, tmp_path), twice, everything)
    assert len(applied.results[0].problems) == 1 and applied.hidden == 1


def test_fixed_entries_point_at_their_line_in_the_baseline(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    findings = (problem("JM303", ("stages", 2), GOAL), problem("JM305", ("stages", 1), INFO))
    recorded = [FileResult("m.journey.yaml", "map", findings)]
    applied = baseline.apply(known(recorded, tmp_path, tmp_path), [FileResult("m.journey.yaml", "map", ())], everything)
    assert applied.fixed == 2 and applied.results[-1].kind == "baseline"
    fixed = applied.results[-1].problems
    assert [(p.file, str(p.position), p.severity, p.code, p.json_path) for p in fixed] == [
        ("baseline.json", "4:5", Severity.INFO, "JM011", ("findings", 0)),
        ("baseline.json", "5:5", Severity.INFO, "JM011", ("findings", 1)),
    ]
    assert fixed[0].message == (
        "JM303 some-rule at $.stages[2] in 'm.journey.yaml' no longer occurs; "
        "remove this entry, or write the baseline again with --write-baseline"
    )


def test_only_what_the_run_checked_can_be_fixed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    recorded = [
        FileResult("a.journey.yaml", "map", (problem("JM303", ("stages", 2), GOAL, file="a.journey.yaml"),)),
        FileResult("b.journey.yaml", "map", (problem("JM305", ("stages", 1), INFO, file="b.journey.yaml"),)),
    ]
    entries = known(recorded, tmp_path, tmp_path)
    (tmp_path / "b.journey.yaml").write_text("", encoding="utf-8")
    only_a = [FileResult("a.journey.yaml", "map", ())]
    assert baseline.apply(entries, only_a, everything).fixed == 1  # b was not checked
    (tmp_path / "b.journey.yaml").unlink()
    assert baseline.apply(entries, only_a, everything).fixed == 2  # b is gone: its entry can only be fixed
    (tmp_path / "b.journey.yaml").write_text("", encoding="utf-8")
    assert baseline.apply(entries, only_a, lambda result: {"JM305"}).fixed == 0  # JM303 did not run


# Through the CLI.


def test_round_trip_survives_moved_lines_and_reports_only_new_findings(journeymap, tree):
    root = tree({"maps/m.journey.yaml": GAPPY})
    written = journeymap("lint", "--write-baseline", "ci/baseline.json")
    assert (written.exit_code, written.lines) == (0, ["No new problems: checked 1 map; 2 known problems in the baseline not shown."])
    assert written.stderr == "journeymap: recorded 2 findings in the baseline ci/baseline.json\n"
    assert json.loads((root / "ci" / "baseline.json").read_text())["findings"][0]["path"] == "../maps/m.journey.yaml"

    moved = "# reviewed with the CX team\n# twice\n" + GAPPY.replace("title: Boots\n", "title: Boots\nowner: CX\n")
    (root / "maps" / "m.journey.yaml").write_text(moved, encoding="utf-8")
    run = journeymap("lint", "--baseline", "ci/baseline.json")
    assert (run.exit_code, run.lines) == (0, ["No new problems: checked 1 map; 2 known problems in the baseline not shown."])
    assert run.stderr == ""  # the summary says it
    as_json = journeymap("lint", "--baseline", "ci/baseline.json", "--format", "json")
    assert json.loads(as_json.stdout)["summary"]["known"] == 2
    assert as_json.stderr == "journeymap: 2 findings recorded in ci/baseline.json not shown\n"

    new = moved.replace("    goal: Find boots\n", "")
    (root / "maps" / "m.journey.yaml").write_text(new, encoding="utf-8")
    run = journeymap("lint", "maps", "--baseline", "ci/baseline.json")
    assert run.exit_code == 1
    assert run.lines == [
        "maps/m.journey.yaml:13:5: warning[JM303 stage-without-goal]: stage 'Search' has no goal; "
        "write what the customer wants to achieve in this stage",
        "Found 1 problem (1 warning) in 1 file (checked 1 map; 2 known problems in the baseline not shown).",
    ]


def test_a_baseline_works_from_another_directory(journeymap, tree, monkeypatch):
    root = tree({"maps/m.journey.yaml": GAPPY})
    journeymap("lint", "--write-baseline", "baseline.json")
    monkeypatch.chdir(root / "maps")
    run = journeymap("lint", "--baseline", "../baseline.json")
    assert (run.exit_code, run.lines) == (0, ["No new problems: checked 1 map; 2 known problems in the baseline not shown."])


def test_fixed_entries_are_info_and_fail_only_at_fail_on_info(journeymap, tree):
    root = tree({"m.journey.yaml": GAPPY})
    journeymap("lint", "--write-baseline", "baseline.json")
    (root / "m.journey.yaml").write_text(GAPPY.replace("    kind: usage\n", "    kind: usage\n    goal: Keep dry\n"))
    run = journeymap("lint", "--baseline", "baseline.json")
    assert run.exit_code == 0
    assert run.lines == [
        "baseline.json:4:5: info[JM011 fixed-baseline-entry]: JM303 stage-without-goal at $.stages[2] in "
        "'m.journey.yaml' no longer occurs; remove this entry, or write the baseline again with --write-baseline",
        "Found 1 problem (1 info) in 1 file (checked 1 map; 1 known problem in the baseline not shown).",
    ]
    assert journeymap("lint", "--baseline", "baseline.json", "--fail-on", "info").exit_code == 1
    assert journeymap("lint", "--baseline", "baseline.json", "--format", "json").stdout.count('"kind": "baseline"') == 1


def test_rules_that_did_not_run_leave_their_entries_alone(journeymap, tree):
    root = tree({"m.journey.yaml": GAPPY})
    journeymap("lint", "--write-baseline", "baseline.json")
    ignoring = journeymap("lint", "--ignore", "JM303", "--baseline", "baseline.json")
    assert ignoring.lines == ["No new problems: checked 1 map; 1 known problem in the baseline not shown."]  # the JM303 entry is neither shown nor called fixed
    assert journeymap("validate", "--baseline", "baseline.json").lines == ["All valid: checked 1 map."]
    (root / "m.journey.yaml").write_text(GAPPY.replace("kind: usage", "kind: use"))  # invalid: not linted
    run = journeymap("lint", "--baseline", "baseline.json")
    assert [line.split(": ")[1] for line in run.lines[:-1]] == ["error[JM104 invalid-value]"]


@pytest.mark.parametrize(
    ("content", "lines"),
    [
        ('{"findings": []}', ['b.json:1:1: error[JM010 baseline]: not a journeymap baseline (version 1): it needs '
                              '"journeymap-baseline": 1; write one with --write-baseline']),
        *((f'{{"journeymap-baseline": {version}, "findings": []}}',
           ['b.json:1:25: error[JM010 baseline]: not a journeymap baseline (version 1): it needs '
            '"journeymap-baseline": 1; write one with --write-baseline']) for version in ("true", "1.0", '"1"')),
        ('{"journeymap-baseline": 1, "findings": {}}',
         ["b.json:1:40: error[JM010 baseline]: 'findings' must be a list of recorded findings"]),
        ('{"journeymap-baseline": 1, "findings": [{"path": 3, "code": "JM303", "json_path": "$"}, 7]}',
         ["b.json:1:50: error[JM010 baseline]: recorded finding 1 needs 'path' as text",
          "b.json:1:89: error[JM010 baseline]: each recorded finding must be a mapping with path, code and json_path"]),
        ('{"journeymap-baseline": 1, "findings": [', ["b.json:2:1: error[JM003 yaml-syntax]: invalid YAML: "
                                                     "did not find expected node content (while parsing a flow node)"]),
    ],
)  # fmt: skip
def test_a_broken_baseline_is_a_clear_usage_error(journeymap, tree, content, lines):
    tree({"m.journey.yaml": GAPPY, "b.json": content})
    run = journeymap("lint", "--baseline", "b.json", "--format", "json")
    assert (run.exit_code, run.stdout) == (2, "")  # no text where a JSON report was asked for
    assert run.stderr.splitlines() == [*lines, "journeymap: error: invalid baseline b.json; fix the problems above or write it again"]


def test_a_missing_baseline_is_a_usage_error(journeymap, tree):
    tree({"m.journey.yaml": GAPPY})
    run = journeymap("validate", "--baseline", "nowhere.json")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == "journeymap: error: baseline file not found: nowhere.json; create it with --write-baseline\n"


def test_a_stage_inserted_above_keeps_the_recorded_findings_matched(journeymap, tree):
    root = tree({"maps/m.journey.yaml": GAPPY})
    journeymap("lint", "--write-baseline", "b.json")
    inserted = GAPPY.replace("stages:\n", "stages:\n  - {id: need, name: Need, kind: need, goal: Warm feet}\n", 1)
    assert inserted != GAPPY
    (root / "maps" / "m.journey.yaml").write_text(inserted, encoding="utf-8")
    run = journeymap("lint", "maps", "--baseline", "b.json", "--select", "JM303")
    assert (run.exit_code, run.lines) == (0, ["No new problems: checked 1 map; 1 known problem in the baseline not shown."])


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("", 'b.json:1:1: error[JM010 baseline]: not a journeymap baseline: it needs "journeymap-baseline": 1 and '
             '"findings"; write one with --write-baseline'),
        ("[]", 'b.json:1:1: error[JM010 baseline]: not a journeymap baseline: it needs "journeymap-baseline": 1 and '
               '"findings"; write one with --write-baseline'),
    ],
)  # fmt: skip
def test_an_empty_baseline_is_named_as_a_baseline(journeymap, tree, content, line):
    tree({"m.journey.yaml": GAPPY, "b.json": content})
    run = journeymap("lint", "--baseline", "b.json")
    assert (run.exit_code, run.stderr.splitlines()[0]) == (2, line)


def test_a_baseline_of_many_thousands_of_findings_loads(journeymap, tree):
    entry = '{"path": "m.journey.yaml", "code": "JM303", "name": "stage-without-goal", "json_path": "$.stages[%d]"}'
    findings = ",\n".join(entry % index for index in range(15_000))
    tree({"m.journey.yaml": GAPPY, "b.json": f'{{"journeymap-baseline": 1, "findings": [\n{findings}\n]}}'})
    run = journeymap("lint", "--baseline", "b.json", "--select", "JM303")
    assert run.exit_code == 0, run.lines[:3]


def test_entries_of_a_deleted_map_are_fixed_on_any_run(journeymap, tree):
    root = tree({"maps/m.journey.yaml": GAPPY, "maps/gone.journey.yaml": GAPPY})
    journeymap("lint", "--write-baseline", "b.json")
    (root / "maps" / "gone.journey.yaml").unlink()
    run = journeymap("lint", "maps/m.journey.yaml", "--baseline", "b.json", "--fail-on", "info")
    assert run.exit_code == 1
    assert [line.split(": ", 2)[1:] for line in run.lines[:-1]] == [
        ["info[JM011 fixed-baseline-entry]", "JM303 stage-without-goal at $.stages[2] in 'maps/gone.journey.yaml' "
         "no longer occurs (the file is gone); remove this entry, or write the baseline again with --write-baseline"],
        ["info[JM011 fixed-baseline-entry]", "JM305 stage-without-metrics at $.stages[1] in 'maps/gone.journey.yaml' "
         "no longer occurs (the file is gone); remove this entry, or write the baseline again with --write-baseline"],
    ]  # fmt: skip
