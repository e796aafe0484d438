"""`journeymap diff` as a user runs it, on git histories built in temporary repositories."""

from __future__ import annotations

import json
import subprocess

import jsonschema_rs
import pytest
from markdown_it import MarkdownIt

from conftest import ROOT, needs
from test_diff_report import BASE, HEAD

LIBRARY = "journeymap: 1.1\nlibrary: true\npersonas:\n  - {id: ann, name: Ann, goals: [Pay fast]}\n"
USER = (BASE.replace("personas: [{id: ann, name: Ann Lee, goals: [Pay fast]}]\n", "include: [library/personas.yaml]\n")
        .replace("name: Adds boots to the cart,", "name: Adds boots to the cart, persona: ann,"))
OTHER = "journeymap: 1.1\ntitle: Returns\nstages:\n  - {id: back, name: Sending back, steps: [Prints a label]}\n"


def _git(*args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip


@pytest.fixture
def history(tree):
    """A repository: a commit with three maps and a library, then one that edits a map, renames another and
    changes the library a third includes."""
    needs("git")
    root = tree({"maps/checkout.journey.yaml": BASE, "maps/returns.journey.yaml": OTHER,
                 "maps/library/personas.yaml": LIBRARY, "maps/user.journey.yaml": USER})  # fmt: skip
    _git("init", "-q")
    _git("add", "-A")
    _git("commit", "-qm", "base")
    (root / "maps/checkout.journey.yaml").write_text(HEAD, encoding="utf-8")
    _git("mv", "maps/returns.journey.yaml", "maps/sending-back.journey.yaml")
    (root / "maps/library/personas.yaml").write_text(LIBRARY.replace("name: Ann", "name: Ann Lee"), encoding="utf-8")
    _git("add", "-A")
    _git("commit", "-qm", "head")
    return root


def test_two_revisions_report_each_map_most_important_first(journeymap, history):
    run = journeymap("diff", "HEAD~1", "HEAD")
    assert run.exit_code == 0, run.stdout
    headings = [line for line in run.lines if not line.startswith(" ")][:-1]
    assert headings == [
        "maps/checkout.journey.yaml (changed) — Checkout",
        "maps/returns.journey.yaml → maps/sending-back.journey.yaml (renamed) — Returns",
        "maps/user.journey.yaml (changed) — Checkout",
    ]
    assert run.lines[1].startswith("  high   New high-severity pain point 'Card declined | <b>no</b> reason' in stage "
                                   "'Payment', with no opportunity addressing it  (HEAD:maps/checkout.journey.yaml:18:9)")  # fmt: skip
    # the library's change shows in the map that includes it, at its place in the library
    assert "  info   Persona 'Ann' renamed to 'Ann Lee'  (HEAD:maps/library/personas.yaml:4:5)" in run.lines
    assert run.lines[-1].startswith("3 maps changed: HEAD~1 → HEAD (")


def test_a_policy_that_breaks_fails_the_run_and_says_why(journeymap, history):
    run = journeymap("diff", "HEAD~1..HEAD", "--fail-on", "new-high-pain-point-without-opportunity")
    assert run.exit_code == 1
    assert [line for line in run.lines if line.startswith("fails")] == [
        "fails --fail-on new-high-pain-point-without-opportunity: New high-severity pain point 'Card declined | "
        "<b>no</b> reason' in stage 'Payment', with no opportunity addressing it"]  # fmt: skip
    assert journeymap("diff", "HEAD~1..HEAD", "--fail-on", "removed-stage").exit_code == 0


def test_markdown_for_a_pull_request_and_the_job_summary(journeymap, history, monkeypatch):
    summary = history / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = journeymap("diff", "HEAD~1", "HEAD", "--format", "markdown", "--report", "json:diff.json")
    assert run.exit_code == 0
    html = MarkdownIt("commonmark").enable("table").render(run.stdout)
    assert html.count("<table>") == 4 and "<b>no</b>" not in html  # three maps' changes, one map's curves
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n### journeymap diff: 3 maps changed: HEAD\\~1 → HEAD")  # ~ kept literal
    data = json.loads((history / "diff.json").read_text(encoding="utf-8"))
    assert [entry["status"] for entry in data["maps"]] == ["changed", "renamed", "changed"]
    schema = json.loads((ROOT / "schemas" / "diff.schema.json").read_text(encoding="utf-8"))
    assert [error.message for error in jsonschema_rs.validator_for(schema).iter_errors(data)] == []
    assert _git("status", "--porcelain") == "?? diff.json\n?? summary.md\n"  # nothing else touched


def test_the_working_tree_against_head_by_default(journeymap, history):
    (history / "maps/returns-new.journey.yaml").write_text(OTHER.replace("Returns", "Refunds"), encoding="utf-8")
    run = journeymap("diff")
    assert run.lines[0] == "maps/returns-new.journey.yaml (added) — Refunds"
    assert run.lines[-1].startswith("1 map changed: HEAD → the working tree")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(("nosuchrev",), "journeymap: error: 'nosuchrev' is not a revision, nor a file or folder here; name a branch, "
                      "a tag or a commit (git log --oneline lists the commits)"),
     (("--fail-on", "removed-stages"), "journeymap: error: --fail-on: 'removed-stages' is not a diff policy; did you "
                                       "mean 'removed-stage'?"),
     (("--format", "html"), None)],
)  # fmt: skip
def test_bad_arguments_are_one_line_usage_errors(journeymap, history, arguments, message):
    run = journeymap("diff", *arguments)
    assert run.exit_code == 2
    if message:
        assert run.stderr.strip() == message


def test_a_map_invalid_on_one_side_is_reported_there_and_the_others_still_compared(journeymap, history):
    (history / "maps/checkout.journey.yaml").write_text(HEAD.replace("title: Checkout", "title: [broken"), "utf-8")
    (history / "maps/returns-new.journey.yaml").write_text(OTHER, encoding="utf-8")
    run = journeymap("diff")
    assert run.exit_code == 1
    broken = [line for line in run.lines if "yaml-syntax" in line]
    assert len(broken) == 1 and broken[0].startswith("maps/checkout.journey.yaml:3:")  # on the side where it is
    assert "maps/returns-new.journey.yaml (added) — Returns" in run.lines


def test_the_configuration_names_the_policies_and_which_maps_are_compared(journeymap, history):
    config = history / ".journeymap.yaml"
    config.write_text("diff:\n  fail-on: [new-high-pain-point-without-opportunity]\n", encoding="utf-8")
    assert journeymap("diff", "HEAD~1", "HEAD").exit_code == 1
    assert journeymap("diff", "HEAD~1", "HEAD", "--fail-on", "removed-stage").exit_code == 0  # the option wins
    config.write_text("exclude: [maps/checkout.journey.yaml]\n", encoding="utf-8")
    run = journeymap("diff", "HEAD~1", "HEAD")
    assert "maps/checkout.journey.yaml (changed) — Checkout" not in run.lines and run.exit_code == 0
    config.write_text("diff:\n  fail-on: [removed-stages]\n", encoding="utf-8")
    broken = journeymap("diff", "HEAD~1", "HEAD")
    assert broken.exit_code == 2
    assert ".journeymap.yaml:2:13: error[JM008 config]: 'removed-stages' is not a diff policy; did you mean " \
           "'removed-stage'?" in broken.stdout + broken.stderr  # fmt: skip


def test_a_shallow_clone_without_the_base_says_to_fetch_it_and_suggests_no_remote_head(journeymap, history, tmp_path,
                                                                                        monkeypatch):  # fmt: skip
    _git("branch", "-m", "main")
    _git("checkout", "-qb", "feature")
    clone = tmp_path / "clone"
    _git("clone", "-q", "--depth", "1", "--branch", "feature", f"file://{history}", str(clone))
    monkeypatch.chdir(clone)
    run = journeymap("diff", "origin/main")
    assert run.exit_code == 2
    assert run.stderr.strip() == (
        "journeymap: error: 'origin/main' is not in this shallow clone (its history was fetched only to a depth); "
        "fetch the history with 'git fetch --unshallow' (in GitHub Actions, give actions/checkout "
        "'fetch-depth: 0')")  # fmt: skip


@pytest.fixture
def many_changed(tree):
    """A repository where twelve maps changed: one broken in the head, one broken in the base and mended."""
    needs("git")
    maps = {f"maps/m{number:02d}.journey.yaml": OTHER.replace("Returns", f"Returns {number}") for number in range(12)}
    maps["maps/m05.journey.yaml"] = "journeymap: 1.1\ntitle: [unclosed\n"
    root = tree(maps)
    _git("init", "-q")
    _git("add", "-A")
    _git("commit", "-qm", "base")
    for number in range(12):
        path = root / f"maps/m{number:02d}.journey.yaml"
        text = OTHER.replace("Returns", f"Returns {number}").replace("Prints a label", "Prints a label at home")
        path.write_text("journeymap: 1.1\ntitle: 3\nstages: []\n" if number == 9 else text, encoding="utf-8")
    _git("commit", "-qam", "head")
    return root


def test_maps_compared_in_several_processes_report_as_in_one(journeymap, many_changed, monkeypatch):
    from journeymap import parallel

    forks = []
    real = parallel._Child.forked.__func__
    monkeypatch.setattr(parallel._Child, "forked", classmethod(lambda *a: forks.append(1) or real(*a)))
    alone = {form: journeymap("diff", "--jobs", "1", "-f", form, "HEAD~1", "HEAD") for form in ("json", "text")}
    assert forks == []
    together = {form: journeymap("diff", "-j", "2", "-f", form, "HEAD~1", "HEAD") for form in ("json", "text")}
    assert forks == [1, 1]  # the twelve maps: six here, six in a child
    by_default = journeymap("diff", "-f", "json", "HEAD~1", "HEAD")
    for form in ("json", "text"):
        assert together[form].stdout == alone[form].stdout
        assert together[form].exit_code == alone[form].exit_code == 1
    assert by_default.stdout == alone["json"].stdout
    report = json.loads(alone["json"].stdout)
    assert len(report["maps"]) == 10 and all(entry["status"] == "changed" for entry in report["maps"])
    problems = [line.split(": error[")[0] for line in alone["text"].lines if ": error[" in line]
    assert problems == ["HEAD~1:maps/m05.journey.yaml:3:1", "HEAD:maps/m09.journey.yaml:2:8",
                        "HEAD:maps/m09.journey.yaml:3:9"]  # in the maps' order, from whichever process


def test_a_library_broken_in_the_head_is_reported_once_under_its_own_name(journeymap, history):
    (history / "maps/library/personas.yaml").write_text(LIBRARY.replace("name: Ann", "name: 7"), encoding="utf-8")
    (history / "maps/second.journey.yaml").write_text(USER.replace("Checkout", "Second"), encoding="utf-8")
    _git("add", "-A")
    _git("commit", "-qm", "the library broken")
    run = journeymap("diff", "HEAD~1", "HEAD")
    assert run.exit_code == 1
    problems = [line.split(": error[")[0] + " " + line.split("]: ")[0].split("[")[1] for line in run.lines
                if ": error[" in line]  # fmt: skip
    assert problems == [
        "HEAD:maps/second.journey.yaml:3:11 JM203 include-error",  # the map the library is met in first
        "HEAD:maps/library/personas.yaml:4:21 JM103 wrong-type",  # the problem its include error points to, once
        "HEAD:maps/user.journey.yaml:3:11 JM203 include-error",
    ]
    assert run.lines[-1].endswith("; 2 maps could not be compared).")
