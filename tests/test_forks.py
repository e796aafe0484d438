"""parallel.in_forks: a task split over forked children, its results in order, and a child that fails redone here."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from journeymap import parallel

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks only where the system has fork")


def _squares(chunk):
    return ({"n": n, "square": n * n, "pid": os.getpid()} for n in chunk)


@pytest.mark.parametrize(("count", "jobs"), [(9, 2), (10, 3), (2, 2), (3, 8), (1, 2), (0, 2), (7, 1)])
def test_results_come_in_the_items_order_whatever_the_split(count: int, jobs: int) -> None:
    results = list(parallel.in_forks(_squares, list(range(count)), jobs))
    assert [result["square"] for result in results] == [n * n for n in range(count)]
    used = {result["pid"] for result in results}
    assert len(used) == (min(jobs, count) if count > 1 else count)  # each chunk in a process of its own
    assert results[0]["pid"] == os.getpid() if results else True  # the first chunk is done here


def test_the_first_chunk_is_never_the_larger() -> None:
    results = list(parallel.in_forks(_squares, list(range(9)), 2))
    here = [result for result in results if result["pid"] == os.getpid()]
    assert len(here) == 4


def test_a_child_that_fails_has_its_chunk_done_here(tmp_path: Path) -> None:
    parent = os.getpid()

    def fails_in_a_child(chunk):
        for n in chunk:
            if os.getpid() != parent and n == 7:
                raise RuntimeError("the child's chunk breaks")
            yield n, os.getpid()

    results = list(parallel.in_forks(fails_in_a_child, list(range(10)), 2))
    assert [n for n, _ in results] == list(range(10))
    assert {pid for _, pid in results} == {parent}  # the child's results were dropped, and redone here


def test_ending_runs_in_each_child_once_its_chunk_is_done(tmp_path: Path) -> None:
    def ending() -> None:
        (tmp_path / f"ended-{os.getpid()}").write_text("done", encoding="utf-8")

    results = list(parallel.in_forks(_squares, list(range(6)), 3, ending=ending))
    children = {result["pid"] for result in results} - {os.getpid()}
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"ended-{pid}" for pid in children)


def test_a_reader_that_stops_early_leaves_no_child_behind(tmp_path: Path) -> None:
    here = os.getpid()

    def slow(chunk):
        for n in chunk:
            if os.getpid() != here:
                (tmp_path / "child").write_text(str(os.getpid()), encoding="utf-8")
                time.sleep(30)  # at work when the parent stops
            yield n

    results = parallel.in_forks(slow, list(range(8)), 2)
    assert next(results) == 0
    while not (tmp_path / "child").exists():
        time.sleep(0.01)
    results.close()  # the caller stopped reading: the child is ended and reaped at once
    with pytest.raises(ProcessLookupError):
        os.kill(int((tmp_path / "child").read_text(encoding="utf-8")), 0)
