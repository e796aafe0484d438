"""The composite GitHub Action: its inputs, and its run step executed as the runner executes it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, needs
from test_diff_report import BASE, HEAD
from test_lint import GAPPY

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]


def test_inputs_and_steps():
    assert set(ACTION["inputs"]) == {"paths", "command", "fail-on", "base", "diff-file", "sarif-file", "args",
                                     "version", "python-version"}  # fmt: skip
    assert ACTION["outputs"]["diff-file"]["value"] == "${{ inputs.diff-file }}"
    assert STEPS[2]["env"]["JOURNEYMAP_BASE_REF"] == "${{ github.base_ref }}"  # the pull request's base branch
    assert ACTION["runs"]["using"] == "composite"
    assert STEPS[0]["uses"].startswith("actions/setup-python@")
    for step in STEPS[1:]:
        assert "${{" not in step["run"]  # inputs arrive through env only: no script injection
        assert step["shell"] == "bash"


DEFAULTS = {"base": "", "base_ref": "", "diff_file": ""}  # the inputs a step without diff leaves empty


def run_step(tmp_path, cwd=None, summary=None, **inputs: str) -> subprocess.CompletedProcess:
    """The 'Run journeymap' step, under bash as GitHub runs it, with this environment's journeymap on PATH;
    `summary`: the job summary's file ($GITHUB_STEP_SUMMARY), none by default."""
    script = tmp_path / "step.sh"
    script.write_text(STEPS[2]["run"], encoding="utf-8")
    env = {
        **{name: value for name, value in os.environ.items() if name != "GITHUB_STEP_SUMMARY"},
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]),
        "GITHUB_ACTIONS": "true",
        "NO_COLOR": "1",
        **({"GITHUB_STEP_SUMMARY": str(summary)} if summary else {}),
        **{f"JOURNEYMAP_{name.upper()}": value for name, value in {**DEFAULTS, **inputs}.items()},
    }
    bash = shutil.which("bash")
    return subprocess.run([bash, "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd or tmp_path,
                          env=env, capture_output=True, text=True, check=False)  # fmt: skip


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run under bash")
def test_the_run_step_lints_annotates_and_writes_sarif(tmp_path):
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "m.journey.yaml").write_text(GAPPY, encoding="utf-8")
    (tmp_path / "other.journey.yaml").write_text(GAPPY, encoding="utf-8")
    run = run_step(tmp_path, paths="maps\n other.journey.yaml", command="lint", fail_on="error",
                   sarif="out/journeymap.sarif", args="")  # fmt: skip
    assert run.returncode == 0, run.stderr  # warnings only, below fail-on error
    assert run.stdout.count("::warning file=") == 2 and "checked 2 maps" in run.stdout
    sarif = json.loads((tmp_path / "out" / "journeymap.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 4
    assert run_step(tmp_path, paths="maps", command="lint", fail_on="", sarif="", args="").returncode == 1
    quiet = run_step(tmp_path, paths="maps", command="lint", fail_on="", sarif="", args="--quiet --exit-zero")
    assert quiet.returncode == 0 and "journeymap:" not in quiet.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run under bash")
def test_the_run_step_checks_diagrams_under_an_out_dir_with_sarif(tmp_path):
    (tmp_path / "maps" / "eu").mkdir(parents=True)
    (tmp_path / "maps" / "eu" / "m.journey.yaml").write_text(GAPPY, encoding="utf-8")
    inputs = {"paths": "maps", "command": "render-check", "fail_on": "", "sarif": "out/render.sarif",
              "args": "--out-dir diagrams"}  # fmt: skip
    missing = run_step(tmp_path, **inputs)
    assert missing.returncode == 1
    assert "maps/eu/m.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram diagrams/eu/m.journey.svg is missing" \
        in missing.stdout
    sarif = json.loads((tmp_path / "out" / "render.sarif").read_text(encoding="utf-8"))
    assert [result["ruleId"] for result in sarif["runs"][0]["results"]] == ["JM020"]
    drawn = subprocess.run([sys.executable, "-m", "journeymap", "render", "maps", "--out-dir", "diagrams"], cwd=tmp_path,
                           capture_output=True, check=False)  # any engine: the check compares digests
    assert drawn.returncode == 0
    assert run_step(tmp_path, **inputs).returncode == 0


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run under bash")
@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"command": "validate", "fail_on": "error"}, "fail-on applies to lint and diff only"),
        ({"command": "render-check", "fail_on": "error"}, "fail-on applies to lint and diff only"),
        ({"command": "check"}, "command must be validate, lint, render-check or diff"),
        ({"command": "lint", "base": "origin/main"}, "base applies to diff only"),
        ({"command": "validate", "diff_file": "diff.md"}, "diff-file applies to diff only"),
        ({"command": "diff", "base_ref": "main", "sarif": "out.sarif"},
         "sarif-file does not apply to diff; diff-file writes its markdown report"),
        ({"command": "diff"},
         "diff needs a base: run it on a pull_request event, or give the base input (such as origin/main)"),
        ({"command": "diff", "base": "main..HEAD"},
         "base is one revision, such as origin/main; the action compares BASE...HEAD"),
    ],
)  # fmt: skip
def test_the_run_step_refuses_inputs_that_make_no_sense(tmp_path, inputs, message):
    run = run_step(tmp_path, **{"paths": ".", "sarif": "", "args": "", "fail_on": "", **inputs})
    assert (run.returncode, run.stdout.strip()) == (2, f"::error title=journeymap action::{message}")


def _git(cwd, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout  # fmt: skip


@pytest.fixture
def pull_request(tmp_path):
    """A clone as actions/checkout leaves it with fetch-depth: 0, on a pull request's branch: origin/main has
    the checkout map and another; the branch edits the checkout map."""
    needs("git")
    origin = tmp_path / "origin"
    (origin / "maps").mkdir(parents=True)
    (origin / "maps/checkout.journey.yaml").write_text(BASE, encoding="utf-8")
    (origin / "maps/other.journey.yaml").write_text(GAPPY, encoding="utf-8")
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "base")
    _git(origin, "switch", "-qc", "card-errors")
    (origin / "maps/checkout.journey.yaml").write_text(HEAD, encoding="utf-8")
    _git(origin, "commit", "-qam", "head")
    _git(tmp_path, "clone", "-q", "--branch", "card-errors", origin.as_uri(), "work")
    return tmp_path / "work"


DIFF = {"command": "diff", "paths": "maps", "sarif": "", "args": ""}
POLICIES = "new-high-pain-point-without-opportunity, removed-stage metric-away-from-target"


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run under bash")
def test_the_run_step_diffs_a_pull_request_against_its_base_and_fails_on_its_policies(tmp_path, pull_request):
    summary = tmp_path / "summary.md"
    run = run_step(tmp_path, cwd=pull_request, summary=summary, base_ref="main", fail_on=POLICIES,
                   diff_file="out/journeymap-diff.md", **{**DIFF, "paths": "."})  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert run.stdout.splitlines()[0] == "maps/checkout.journey.yaml (changed) — Checkout"
    assert [line.split(":")[0] for line in run.stdout.splitlines() if line.startswith("fails")] == [
        "fails --fail-on new-high-pain-point-without-opportunity", "fails --fail-on metric-away-from-target"]
    assert run.stdout.splitlines()[-1] == "1 map changed: origin/main → HEAD (2 high, 5 medium, 1 low)."
    comment = (pull_request / "out/journeymap-diff.md").read_text(encoding="utf-8")
    assert comment.startswith("### journeymap diff: 1 map changed: origin/main → HEAD (2 high, 5 medium, 1 low).\n")
    assert summary.read_text(encoding="utf-8") == comment  # the job summary gets the same report
    assert _git(pull_request, "status", "--porcelain") == "?? out/\n"  # nothing else written


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run under bash")
def test_the_run_step_diffs_against_the_base_input_and_passes_without_policies(tmp_path, pull_request):
    run = run_step(tmp_path, cwd=pull_request, base="HEAD~1", fail_on="", **DIFF)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "1 map changed: HEAD~1 → HEAD (2 high, 5 medium, 1 low)."
    other = run_step(tmp_path, cwd=pull_request, base="HEAD~1", fail_on="",
                     **{**DIFF, "paths": "maps/other.journey.yaml"})  # fmt: skip
    assert other.stdout.strip() == "No change to any journey: HEAD~1 → HEAD (0 maps compared)."


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run under bash")
def test_the_run_step_says_to_fetch_the_history_in_a_shallow_clone(tmp_path, pull_request):
    shallow = tmp_path / "shallow"  # as actions/checkout leaves a pull request by default: its merge ref, depth 1
    _git(tmp_path, "init", "-q", str(shallow))
    origin = (tmp_path / "origin").as_uri()
    _git(shallow, "fetch", "-q", "--depth", "1", origin, "+card-errors:refs/remotes/pull/1/merge")
    _git(shallow, "checkout", "-q", "--detach", "refs/remotes/pull/1/merge")
    run = run_step(tmp_path, cwd=shallow, base_ref="main", fail_on="", **DIFF)
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "journeymap: error: 'origin/main' in 'origin/main...HEAD' is not in this shallow clone (its history was "
        "fetched only to a depth); fetch the history with 'git fetch --unshallow' (in GitHub Actions, give "
        "actions/checkout 'fetch-depth: 0')")  # fmt: skip
