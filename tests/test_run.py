"""The run layer as a command would use it: a Run is a stream of events ending with the verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_lint import GAPPY, GAPPY_LINES, GAPPY_SUMMARY

from journeymap import run
from journeymap.problems import Severity


def events(stream: run.Run) -> list[tuple[str, object]]:
    """Each event as (kind, what a person would see of it)."""
    shown = []
    for event in stream:
        if isinstance(event, run.Show):
            shown.append(("show", event.line.plain))
        elif isinstance(event, run.Write):
            shown.append(("write", (str(event.path), event.done)))
        elif isinstance(event, run.Verdict):
            shown.append(("verdict", (event.worst, event.exit_code)))
        else:
            shown.append((type(event).__name__.lower(), event.text))
    return shown


@pytest.fixture(autouse=True)
def outside_github(monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_lint_streams_its_text_report_and_ends_with_the_verdict(tree):
    tree({"m.journey.yaml": GAPPY})
    assert events(run.lint(run.CheckOptions())) == [
        *(("show", line) for line in GAPPY_LINES),
        ("show", GAPPY_SUMMARY),
        ("verdict", (Severity.WARNING, run.EXIT_PROBLEMS)),
    ]


def test_fail_on_and_exit_zero_change_only_the_verdict(tree):
    tree({"m.journey.yaml": GAPPY})
    assert events(run.lint(run.CheckOptions(fail_on="error")))[-1] == ("verdict", (Severity.WARNING, run.EXIT_OK))
    assert events(run.lint(run.CheckOptions(exit_zero=True)))[-1] == ("verdict", (Severity.WARNING, run.EXIT_OK))
    validated = events(run.validate(run.CheckOptions()))  # validate fails on errors only: a valid map passes
    assert validated == [("show", "All valid: checked 1 map."), ("verdict", (None, run.EXIT_OK))]


def test_report_files_are_writes_before_the_report_and_json_is_emitted_whole(tree):
    tree({"m.journey.yaml": GAPPY})
    stream = events(run.lint(run.CheckOptions(output_format="json", reports=["sarif:out/r.sarif"])))
    assert [kind for kind, _ in stream] == ["write", "emit", "verdict"]
    assert stream[0] == ("write", ("out/r.sarif", "wrote the sarif report to out/r.sarif"))
    assert json.loads(stream[1][1])["summary"]["problems"] == 2
    assert not Path("out").exists()  # the run layer writes nothing itself: the command carries out the Write
    quiet = events(run.lint(run.CheckOptions(reports=["json:r.json"], quiet=True)))
    assert quiet[0] == ("write", ("r.json", ""))  # nothing to say once it is written


def test_usage_errors_come_before_any_event_and_carry_the_problems_that_explain_them(tree):
    tree({"m.journey.yaml": GAPPY, ".journeymap.yaml": "rules: {stage-without-gaol: off}\n"})
    with pytest.raises(run.UsageError) as error:
        run.lint(run.CheckOptions())
    assert error.value.message == "invalid configuration in .journeymap.yaml; fix the problems above"
    assert [problem.line for problem in error.value.problems] == [
        ".journeymap.yaml:1:9: error[JM008 config]: unknown rule 'stage-without-gaol'; did you mean 'stage-without-goal'?"
    ]
    with pytest.raises(run.UsageError, match="^baseline file not found: b.json; create it with --write-baseline$"):
        run.validate(run.CheckOptions(baseline=Path("b.json")))
    with pytest.raises(run.UsageError, match="^--report wants FORMAT:PATH"):
        run.validate(run.CheckOptions(reports=["xml:r.xml"]))


def test_text_streams_only_when_nothing_needs_every_result(monkeypatch):
    assert run.streams(run.ReportOptions())
    assert run.streams(run.ReportOptions("text"))
    assert not run.streams(run.ReportOptions("json"))
    assert not run.streams(run.ReportOptions(report_files=[("sarif", Path("r"))]))
    assert not run.streams(run.ReportOptions(baseline=Path("b.json")))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # annotations follow the text report: it needs every result
    assert not run.streams(run.ReportOptions())
    assert run.streams(run.ReportOptions("text"))  # text asked for by name: no annotations


def test_in_github_actions_the_text_report_is_followed_by_annotations(tree, monkeypatch):
    tree({"m.journey.yaml": GAPPY})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    stream = events(run.lint(run.CheckOptions()))
    assert [kind for kind, _ in stream] == ["show", "show", "show", "emit", "verdict"]
    assert stream[3][1].splitlines()[0].startswith("::notice file=m.journey.yaml,line=18,col=5,")


def test_unwritable_outputs_and_a_broken_baseline_stop_the_run_before_any_map_is_checked(tree):
    tree({"m.journey.yaml": GAPPY, "folder/keep": "", "b.json": '{"journeymap-baseline": true, "findings": []}'})
    cases = [
        (run.CheckOptions(reports=["json:folder"]), "--report 'folder': it is a directory; name a file"),
        (run.CheckOptions(reports=["json:ok.json", "sarif:m.journey.yaml/r.sarif"]),
         f"--report 'm.journey.yaml/r.sarif': {Path.cwd() / 'm.journey.yaml'} is a file, not a folder; "
         "name a path whose folders are folders"),
        (run.CheckOptions(write_baseline=Path("folder")), "--write-baseline 'folder': it is a directory; name a file"),
        (run.CheckOptions(reports=["sarif:m.journey.yaml"]), "--report 'm.journey.yaml': it is an existing YAML file, "
         "a map or library perhaps, which journeymap never overwrites; choose another path"),
        (run.CheckOptions(baseline=Path("b.json")), "invalid baseline b.json; fix the problems above or write it again"),
    ]  # fmt: skip
    for options, message in cases:
        with pytest.raises(run.UsageError) as error:
            run.lint(options)  # raises on the call, before the Run is read: no map was checked, nothing written
        assert error.value.message == message
    assert sorted(path.name for path in Path.cwd().iterdir()) == ["b.json", "folder", "m.journey.yaml"]


def test_changed_without_files_checks_nothing(tree):
    tree({"m.journey.yaml": GAPPY})
    assert events(run.lint(run.CheckOptions(changed=True))) == [
        ("show", "No problems: checked 0 maps."), ("verdict", (None, run.EXIT_OK))
    ]


def test_a_validation_check_named_where_a_rule_goes_is_told_apart_from_a_typo(tree):
    tree({"m.journey.yaml": GAPPY})
    message = ("JM004 duplicate-key is a validation check: it always runs and cannot be selected or ignored; "
               "name a rule (journeymap rules lists them)")  # fmt: skip
    for options in (run.CheckOptions(ignore=["duplicate-key"]), run.CheckOptions(select=["JM004"])):
        with pytest.raises(run.UsageError) as error:
            run.lint(options)
        assert error.value.message == message
    Path(".journeymap.yaml").write_text("rules:\n  JM004: off\n", encoding="utf-8")
    with pytest.raises(run.UsageError) as error:
        run.lint(run.CheckOptions())
    assert [problem.line for problem in error.value.problems] == [
        ".journeymap.yaml:2:3: error[JM008 config]: JM004 duplicate-key is a validation check: it always runs and "
        "cannot be configured; remove it from 'rules'"
    ]
