from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap import launch
from journeymap.cli import app

ROOT = Path(__file__).resolve().parent.parent


REQUIRED_PROGRAMS_VARIABLE = "JOURNEYMAP_TEST_REQUIRE"


def needs(program: str) -> None:
    """Skip the calling test when `program` is not on PATH, saying which and why, unless the environment
    names it as required (`JOURNEYMAP_TEST_REQUIRE=dot,pdftotext`, as .ci/run sets it): then its absence
    is a failure, so CI can never go green by skipping what it installed."""
    if shutil.which(program):
        return
    required = {name.strip() for name in os.environ.get(REQUIRED_PROGRAMS_VARIABLE, "").split(",")}
    message = f"{program} is not on PATH"
    if program in required:
        pytest.fail(f"{message}, and {REQUIRED_PROGRAMS_VARIABLE} requires it", pytrace=False)
    pytest.skip(f"{message}; these tests run where it is (.ci/run installs it)")


class Run:
    def __init__(self, result):
        self.exit_code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.lines = result.stdout.splitlines()


@pytest.fixture
def journeymap(monkeypatch):
    """Run the CLI in-process; colour off so assertions see plain text."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)  # diff would add its report to the CI job's summary
    monkeypatch.setenv("NO_COLOR", "1")

    checks, real_check = [], launch.check
    monkeypatch.setattr(launch, "check", lambda *called: checks.append(called) or real_check(*called))

    def run(*args: str) -> Run:
        checks.clear()
        result = Run(CliRunner().invoke(app, list(args), catch_exceptions=False))
        assert_quick_parse_agrees(list(args), checks)
        return result

    return run


def assert_quick_parse_agrees(arguments: list[str], checks: list[tuple]) -> None:
    """The console script parses some check command lines without typer: wherever it does, it must get the
    very command, options and colour that typer gave the command just run."""
    quick = launch.quick_check(arguments, os.environ)
    if quick is not None:
        assert checks == [tuple(quick)], f"quick parse of {arguments} differs from typer's"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """Write files (dedented) under a fresh working directory and chdir into it."""
    monkeypatch.chdir(tmp_path)

    def write(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return tmp_path

    return write


MINIMAL = textwrap.dedent("""
    journeymap: 1
    title: Minimal
    stages:
      - id: only
        name: Only stage
""").lstrip()


@pytest.fixture(scope="session")
def browser():
    """One headless system Chromium for the run (tests/site_browser.py)."""
    from site_browser import launch

    playwright, found = launch()
    yield found
    found.close()
    playwright.stop()
