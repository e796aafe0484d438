"""The composite GitHub Action: its inputs, and its run step executed as the runner executes it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT
from test_lint import GAPPY

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]


def test_inputs_and_steps():
    assert set(ACTION["inputs"]) == {"paths", "command", "fail-on", "sarif-file", "args", "version", "python-version"}
    assert ACTION["runs"]["using"] == "composite"
    assert STEPS[0]["uses"].startswith("actions/setup-python@")
    for step in STEPS[1:]:
        assert "${{" not in step["run"]  # inputs arrive through env only: no script injection
        assert step["shell"] == "bash"


def run_step(tmp_path, **inputs: str) -> subprocess.CompletedProcess:
    """The 'Run journeymap' step, under bash as GitHub runs it, with this environment's journeymap on PATH."""
    script = tmp_path / "step.sh"
    script.write_text(STEPS[2]["run"], encoding="utf-8")
    env = {
        **os.environ,
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]),
        "GITHUB_ACTIONS": "true",
        "NO_COLOR": "1",
        **{f"JOURNEYMAP_{name.upper()}": value for name, value in inputs.items()},
    }
    bash = shutil.which("bash")
    return subprocess.run([bash, "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip


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
        ({"command": "validate", "fail_on": "error"}, "::error title=journeymap action::fail-on applies to lint only"),
        ({"command": "render-check", "fail_on": "error"}, "::error title=journeymap action::fail-on applies to lint only"),
        ({"command": "check", "fail_on": ""},
         "::error title=journeymap action::command must be validate, lint or render-check"),
    ],
)  # fmt: skip
def test_the_run_step_refuses_inputs_that_make_no_sense(tmp_path, inputs, message):
    run = run_step(tmp_path, paths=".", sarif="", args="", **inputs)
    assert (run.returncode, run.stdout.strip()) == (2, message)
