"""Checking on several processes gives exactly what one process gives, in the same order."""

from __future__ import annotations

import datetime
import functools

import pytest

from journeymap import parallel
from journeymap.config import Config
from journeymap.linter import active_rules, lint_task
from journeymap.validator import validate_files

LIBRARY = "journeymap: 1\nlibrary: true\ntouchpoints:\n  - {id: web, name: Website, channel: web}\n"


def _map(index: int, valid: bool) -> str:
    stage = "{id: a, name: A, touchpoints: [web]}" if valid else "{id: a, name: A, touchpoints: [wbe]}"
    return f"journeymap: 1\ntitle: Map {index}\ninclude: [lib.yaml]\nstages:\n  - {stage}\n"


def test_several_processes_report_what_one_does(tree):
    root = tree({"lib.yaml": LIBRARY, **{f"m{i}.journey.yaml": _map(i, i % 3 != 0) for i in range(9)}})
    files = sorted(root.glob("*.journey.yaml"))
    task = functools.partial(lint_task, active=active_rules(Config(), [], []), today=datetime.date(2026, 11, 23))
    alone = parallel.run(task, files, 1)
    assert [result.file for result in alone][:3] == ["m0.journey.yaml", "lib.yaml", "m1.journey.yaml"]
    assert parallel.run(task, files, 3) == alone
    assert parallel.run(validate_files, files, 2) == parallel.run(validate_files, files, 1)


def test_processes_are_used_only_when_there_are_enough_files(monkeypatch):
    monkeypatch.setattr(parallel, "available_cores", lambda: 4)
    assert parallel.jobs_for(None, 10) == 1
    assert parallel.jobs_for(None, 1000) == 4
    assert parallel.jobs_for(2, 1000) == 2
    assert parallel.jobs_for(1, 1000) == 1
    assert parallel.jobs_for(8, 40) == 1  # asked for, but 40 files are one process's work


def test_results_stream_one_file_at_a_time_in_one_process(tree):
    root = tree({"lib.yaml": LIBRARY, **{f"m{i}.journey.yaml": _map(i, True) for i in range(3)}})
    files = sorted(root.glob("*.journey.yaml"))
    checked: list[str] = []

    def task(paths):
        for result in validate_files(paths):
            checked.append(result.file)
            yield result

    results = parallel.stream(task, files, 1)
    assert next(results).file == "m0.journey.yaml" and checked == ["m0.journey.yaml"]  # nothing read ahead
    assert [result.file for result in results] == ["lib.yaml", "m1.journey.yaml", "m2.journey.yaml"]


@pytest.mark.parametrize("options", [[], ["--statistics"], ["--quiet"], ["--jobs", "2"]])
def test_the_streamed_text_report_is_the_text_report(journeymap, tree, options):
    tree({"lib.yaml": LIBRARY, **{f"m{i}.journey.yaml": _map(i, i % 3 != 0) for i in range(6)}})
    streamed = journeymap("lint", *options)
    whole = journeymap("lint", *options, "--report", "json:report.json")  # a report file needs every result
    assert (streamed.exit_code, streamed.stdout) == (whole.exit_code, whole.stdout)
    assert streamed.lines[-1].startswith("Found ") and streamed.lines[-1].endswith("(checked 6 maps and 1 library).")


@pytest.mark.parametrize("library", ["lib.yaml", "broken.yaml"])
def test_a_library_named_and_included_is_reported_once(tree, library):
    root = tree({"lib.yaml": LIBRARY, "broken.yaml": "journeymap: 1\nlibrary: true\ntouchpoints: [\n",
                 "m.journey.yaml": _map(0, True).replace("[lib.yaml]", f"[{library}]")})  # fmt: skip
    for order in ([library, "m.journey.yaml"], ["m.journey.yaml", library]):
        files = [root / name for name in order]
        assert sorted(result.file for result in validate_files(files)) == sorted(order)


def test_a_worker_told_to_stop_finishes_the_file_in_hand_and_returns(monkeypatch):
    from journeymap import parallel

    checked = []

    def task(files):
        for file in files:
            checked.append(file)
            parallel._stop_after_this_file()  # Ctrl-C arrives while this file is checked
            yield file

    monkeypatch.setattr(parallel, "_stopping", False)
    assert parallel._listed(task, ["a", "b", "c"]) == ["a"] and checked == ["a"]
    assert parallel._listed(task, ["d"]) == []  # a chunk handed over after that is not started


def test_ctrl_c_ends_a_run_with_one_line_and_exit_130(journeymap, tree, monkeypatch):
    from journeymap import run
    from journeymap.styled import styled

    tree({"m.journey.yaml": "journeymap: 1\ntitle: T\nstages: [{id: a, name: A}]\n"})

    def interrupted(options):
        yield run.Show(styled("m.journey.yaml: checked"))
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "validate", interrupted)
    result = journeymap("validate")
    assert (result.exit_code, result.stdout) == (130, "m.journey.yaml: checked\n")
    assert result.stderr == "journeymap: interrupted; what was written is complete, the rest was not drawn or checked\n"
