"""The console script's quick start: check command lines parsed without typer, to the options typer builds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap import launch
from journeymap.cli import app
from journeymap.run import CheckOptions

from conftest import MINIMAL

PARSED = [
    ["validate"],
    ["lint", "a.journey.yaml", "b.journey.yaml"],
    ["validate", "--changed", "a.journey.yaml", ".journeymap.yaml"],  # as pre-commit's hook runs it
    ["lint", "--changed", "-q", "--no-color", "a.journey.yaml"],
    ["lint", "--format", "json", "--jobs", "2", "--statistics", "maps"],
    ["lint", "--format=sarif", "--jobs=0", "--color", "maps"],
    ["lint", "-f", "github", "-j", "1", "-c", "conf.yaml", "maps"],
    ["lint", "--select", "JM3", "-s", "JM4", "--ignore", "stage-without-metrics", "-i", "JM401", "maps"],
    ["lint", "--fail-on", "error", "--exit-zero", "--quiet"],
    ["lint", "--report", "sarif:out.sarif", "--report=json:out.json", "--baseline", "b.json", "maps"],
    ["validate", "--write-baseline", "b.json", "--config=c.yaml", "maps", "--jobs", "3"],
    ["lint", "maps/with space.journey.yaml", "día.journey.yaml"],
    ["diff"],
    ["diff", "HEAD~1", "HEAD"],  # as CI runs it on a pull request
    ["diff", "origin/main...HEAD", "--format", "markdown", "maps"],
    ["diff", "main", "-f", "json", "--no-color", "-c", "conf.yaml", "--report", "markdown:diff.md"],
    ["diff", "--fail-on", "removed-stage", "--fail-on=any-change", "--color", "--config=c.yaml", "main", "HEAD"],
    ["diff", "--fail-on", "no-such-policy", "main"],  # typer takes any name: the run says it is not a policy
    ["diff", "-j", "2", "main"], ["diff", "--jobs=1", "main", "HEAD"],
]
LEFT_TO_TYPER = [
    [],
    ["render", "maps"],
    ["lint", "--help"],
    ["lint", "-h"],
    ["validate", "--select", "JM3"],  # lint's option: typer says validate has none
    ["lint", "--jobs", "-1"],
    ["lint", "--jobs", "two"],
    ["lint", "--jobs", "٣"],  # not an ASCII digit: typer judges it
    ["lint", "--jobs"],
    ["lint", "--format", "xml"],
    ["lint", "--fail-on", "fatal"],
    ["lint", "--quiet=yes"],
    ["lint", "--sel", "JM3"],  # typer says what is wrong, and suggests
    ["lint", "-qj", "2"],
    ["lint", "-j2"],
    ["lint", "--", "-odd.journey.yaml"],
    ["lint", "-"],
    ["lint", "--format", "json", "--format", "text"],
    ["lint", "--color", "--no-color"],
    ["lint", "--quiet", "--quiet"],
    ["lint", "--config", ""],
    ["lint", "--select", "--quiet"],
    ["diff", "--help"],
    ["diff", "main", "--", "maps"],  # the revisions before --, the paths after: typer's
    ["diff", "--format", "sarif"],  # a check's format, not a diff's
    ["diff", "--jobs", "two"],  # not a count: typer says why
    ["diff", "-f", "json", "-f", "text"],
    ["diff", "--fail-on"],
    ["diff", "--form", "json"],
]


def typer_parse(arguments: list[str], monkeypatch) -> tuple | None:
    """What typer hands to the check for `arguments`, or None when it stops first (a usage error, help)."""
    checks = []
    monkeypatch.setattr(launch, "check", lambda *called: checks.append(called) or sys.exit(0))
    result = CliRunner().invoke(app, arguments)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return checks[0] if checks else None


@pytest.mark.parametrize("arguments", PARSED, ids=" ".join)
def test_a_plain_check_command_line_is_parsed_to_the_options_typer_builds(arguments, monkeypatch):
    quick = launch.quick_check(arguments, {})
    assert quick is not None
    assert tuple(quick) == typer_parse(arguments, monkeypatch)


@pytest.mark.parametrize("arguments", LEFT_TO_TYPER, ids=lambda arguments: " ".join(arguments) or "(none)")
def test_anything_else_is_left_to_typer(arguments):
    assert launch.quick_check(arguments, {}) is None


def test_shell_completion_is_left_to_typer():
    assert launch.quick_check(["lint", "maps"], {"_JOURNEYMAP_COMPLETE": "complete_bash"}) is None


def test_the_options_come_out_as_typer_gives_them():
    quick = launch.quick_check(["lint", "-j", "2", "--baseline", "b.json", "-s", "JM3", "m.journey.yaml"], {})
    assert quick == launch.QuickCheck(
        "lint", CheckOptions(["m.journey.yaml"], jobs=2, baseline=Path("b.json"), select=["JM3"]), None
    )


def console_script(cwd: Path, *arguments: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """The console script, in a process of its own, saying at the end whether it imported typer."""
    script = "import sys, atexit; atexit.register(lambda: print('typer' in sys.modules, file=sys.stderr)); " \
             "from journeymap.launch import main; sys.argv[1:] = sys.argv[1:]; main()"  # fmt: skip
    env = {**os.environ, "NO_COLOR": "1"}
    for name in ("GITHUB_ACTIONS", "PYTHONUNBUFFERED"):  # buffered, as a user's shell runs it
        env.pop(name, None)
    return subprocess.run([sys.executable, "-c", script, *arguments], cwd=cwd, env=env, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, check=False)  # fmt: skip


@pytest.mark.parametrize(
    ("arguments", "typer_imported"),
    [
        (["lint", "--changed", "m.journey.yaml"], "False"),
        (["validate", "-q", "m.journey.yaml"], "False"),
        (["--version"], "False"),
        (["diff", "a.journey.yaml", "m.journey.yaml"], "False"),
        (["lint", "--", "m.journey.yaml"], "True"),  # typer's: what follows -- is a path, whatever it looks like
    ],
)
def test_the_console_script_starts_a_plain_check_without_typer(tmp_path, arguments, typer_imported):
    (tmp_path / "m.journey.yaml").write_text(MINIMAL)
    (tmp_path / "a.journey.yaml").write_text(MINIMAL)
    run = console_script(tmp_path, *arguments)
    assert run.stderr.splitlines()[-1] == typer_imported


def test_both_ways_print_the_same_report_and_exit_the_same(tmp_path, journeymap, tree):
    tree({"m.journey.yaml": MINIMAL})  # a stage with no steps, emotions or touchpoints: lint finds gaps
    quick, whole = console_script(tmp_path, "lint", "m.journey.yaml"), journeymap("lint", "m.journey.yaml")
    assert (quick.returncode, quick.stdout) == (whole.exit_code, whole.stdout)
    assert whole.exit_code == 1 and whole.lines[0].startswith("m.journey.yaml:")


@pytest.mark.parametrize(("arguments", "typer_imported"), [(["lint", "."], "False"), (["lint", "--", "."], "True"),
                                                          (["render", "-f", "dot", "."], "True")])  # fmt: skip
def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path, arguments, typer_imported):
    for number in range(30):
        (tmp_path / f"m{number}.journey.yaml").write_text("journeymap: 1\ntitle: T\nstages: nope\n")
    read, write = os.pipe()
    os.close(read)  # like `| head -0`: every write fails with EPIPE
    with os.fdopen(write, "w") as closed:
        run = console_script(tmp_path, *arguments, stdout=closed)
    assert (run.returncode, run.stderr) == (1, f"{typer_imported}\n")


def test_on_a_terminal_a_render_shows_its_progress_and_takes_it_away(tmp_path):
    import pty

    for number in range(5):
        (tmp_path / f"m{number}.journey.yaml").write_text(MINIMAL)
    leader, follower = pty.openpty()
    run = subprocess.Popen([sys.executable, "-m", "journeymap", "render", ".", "--format", "dot"], cwd=tmp_path,
                           stdout=follower, stderr=follower, env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
    os.close(follower)
    assert run.wait(timeout=60) == 0  # what it shows is a few hundred bytes: the terminal holds it all
    shown = b""
    while chunk := _read(leader):
        shown += chunk
    assert b"rendering" in shown and b"\x1b[?25h" in shown  # the bar, then the cursor it hid shown again
    assert sorted(path.name for path in tmp_path.glob("*.dot")) == [f"m{number}.journey.dot" for number in range(5)]


def _read(leader: int) -> bytes:
    try:
        return os.read(leader, 4096)
    except OSError:  # the other end closed
        return b""
