"""docs/ci.md's setups for reviewing journey changes: the YAML parses, the GitHub workflow uses the action as
action.yml defines it, and the commands run, as the CI services would run them, on a pull request's clone of
the repository docs/diff.md describes (diff_scenario.py). Only the calls to GitHub's and GitLab's APIs are
stand-ins that record what they were asked."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys

import pytest
import yaml

import diff_scenario
from conftest import ROOT, needs
from test_action import ACTION, run_step

PAGE = (ROOT / "docs/ci.md").read_text(encoding="utf-8")
BLOCKS = [yaml.safe_load(block) for block in re.findall(r"^```yaml\n(.*?)^```$", PAGE, flags=re.M | re.S)]
WORKFLOW = next(block for block in BLOCKS if isinstance(block, dict) and block.get("name") == "journey review")
REVIEW = WORKFLOW["jobs"]["review"]["steps"]
GH_STEP = next(block for block in BLOCKS if isinstance(block, list) and "gh pr comment" in block[0].get("run", ""))[0]
GITLAB = next(block for block in BLOCKS if isinstance(block, dict) and "journey-review" in block)["journey-review"]
HEADLINE = "### journeymap diff: 2 maps changed: origin/main → HEAD (4 high, 6 medium, 3 low, 6 info).\n"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="the CI scripts run under bash")


def test_every_yaml_block_of_the_page_parses():
    assert len(BLOCKS) == len(re.findall(r"^```yaml$", PAGE, flags=re.M)) >= 6


def test_the_github_workflow_checks_out_the_history_and_comments_with_the_report_the_action_writes():
    assert WORKFLOW[True] == {"pull_request": {"paths": ["maps/**"]}}  # YAML 1.1 reads the key `on` as true
    assert WORKFLOW["permissions"] == {"contents": "read", "pull-requests": "write"}
    checkout, review, comment = REVIEW
    assert checkout == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert review["uses"].startswith("OWNER/journeymap@")
    assert set(review["with"]) <= set(ACTION["inputs"])  # only inputs the action has
    assert review["with"]["command"] == "diff"
    assert comment["uses"] == "marocchino/sticky-pull-request-comment@v2"
    assert comment["with"]["path"] == review["with"]["diff-file"] == "journeymap-diff.md"
    assert "journeymap-diff.md" in GH_STEP["if"] and GH_STEP["env"]["GH_TOKEN"] == "${{ github.token }}"


@pytest.fixture
def origin(tmp_path):
    needs("git")
    return diff_scenario.build(tmp_path / "origin")


def _tool(folder, name: str) -> None:
    """A stand-in for a command: it writes its arguments to NAME.args, one a line, and succeeds."""
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{folder / name}.args"\n', encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_the_workflow_reviews_the_pull_request_and_its_comment_step_posts_the_report(tmp_path, origin):
    work = tmp_path / "work"
    diff_scenario.git(tmp_path, "clone", "-q", "--branch", "card-errors", origin.as_uri(), str(work))  # fetch-depth: 0
    inputs = REVIEW[1]["with"]
    summary = tmp_path / "summary.md"
    run = run_step(tmp_path, cwd=work, summary=summary, base_ref="main", command=inputs["command"],
                   paths=inputs["paths"], fail_on=inputs["fail-on"], diff_file=inputs["diff-file"], sarif="",
                   args="")  # fmt: skip
    assert run.returncode == 1, run.stderr  # the card payment: a moment of truth whose emotion fell
    assert run.stdout.count("fails --fail-on emotion-drop-at-moment-of-truth: ") == 2  # the stage and its step
    report = (work / "journeymap-diff.md").read_text(encoding="utf-8")
    assert report.startswith(HEADLINE) and summary.read_text(encoding="utf-8") == report
    bin_folder = tmp_path / "bin"
    _tool(bin_folder, "gh")
    env = {**os.environ, **GH_STEP["env"], "PR": "7", "GH_TOKEN": "token",
           "PATH": os.pathsep.join([str(bin_folder), os.environ["PATH"]])}  # fmt: skip
    subprocess.run(["bash", "-eo", "pipefail", "-c", GH_STEP["run"]], cwd=work, env=env, check=True)
    assert (bin_folder / "gh.args").read_text(encoding="utf-8").splitlines() == [
        "pr", "comment", "7", "--edit-last", "--create-if-none", "--body-file", "journeymap-diff.md"]


def test_the_gitlab_job_fetches_the_target_branch_and_posts_the_report_as_a_note(tmp_path, origin):
    work = tmp_path / "work"  # as GitLab's runner leaves a merge request's pipeline: the source branch, detached
    diff_scenario.git(tmp_path, "init", "-q", str(work))
    diff_scenario.git(work, "remote", "add", "origin", origin.as_uri())
    diff_scenario.git(work, "fetch", "-q", "origin", "+refs/heads/card-errors:refs/remotes/origin/card-errors")
    diff_scenario.git(work, "checkout", "-q", "--detach", "origin/card-errors")
    assert GITLAB["variables"] == {"GIT_DEPTH": "0"} and GITLAB["rules"][0]["if"].endswith('"merge_request_event"')
    script = [line for line in GITLAB["script"] if line != "pip install journeymap"]
    assert len(script) == len(GITLAB["script"]) - 1
    bin_folder = tmp_path / "bin"
    _tool(bin_folder, "curl")
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("GITHUB_")},
        "PATH": os.pathsep.join([str(bin_folder), os.path.dirname(sys.executable), os.environ["PATH"]]),
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_API_V4_URL": "https://gitlab.example/api/v4",
        "CI_PROJECT_ID": "42", "CI_MERGE_REQUEST_IID": "7", "JOURNEYMAP_NOTE_TOKEN": "token",
    }  # fmt: skip
    run = subprocess.run(["bash", "-eo", "pipefail", "-c", "\n".join(script)], cwd=work, env=env,
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert run.returncode == 1, run.stderr  # the policy broke: the job fails, after the note is posted
    assert (work / "journeymap-diff.md").read_text(encoding="utf-8").startswith(HEADLINE)
    assert (bin_folder / "curl.args").read_text(encoding="utf-8").splitlines() == [
        "--silent", "--show-error", "--fail", "--request", "POST", "--header", "PRIVATE-TOKEN: token",
        "--data-urlencode", "body@journeymap-diff.md",
        "https://gitlab.example/api/v4/projects/42/merge_requests/7/notes"]  # fmt: skip
