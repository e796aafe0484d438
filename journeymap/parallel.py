"""Checking many files on every core: contiguous chunks in worker processes, results in file order.

Each worker has its own workspace, so a library included by maps in several chunks is checked in
each of them; it is reported once, where a single process would have reported it. Results are
FileResults (validate, lint) or render outcomes: anything with a `file`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

Task = Callable[[Sequence[Path | str]], Iterable[Any]]  # FileResults, or anything else with a `file`

MIN_FILES_PER_PROCESS = 32  # below this, starting a process costs more than it saves


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def jobs_for(requested: int | None, files: int, per_process: int = MIN_FILES_PER_PROCESS) -> int:
    """How many processes to use: as asked, or by default one per core once each has `per_process` files."""
    wanted = available_cores() if requested in (None, 0) else requested
    return max(1, min(wanted, files // per_process or 1))


def run(task: Task, files: Sequence[Path | str], jobs: int) -> list[Any]:
    """`task(files)`, split over `jobs` processes when there is more than one."""
    return list(stream(task, files, jobs))


def stream(task: Task, files: Sequence[Path | str], jobs: int) -> Iterator[Any]:
    """The results of `task(files)` as they come: one by one in a single process, a chunk at a time from
    `jobs` processes, always in file order."""
    if jobs <= 1:
        yield from task(files)
        return
    size = -(-len(files) // (jobs * 4))  # a few chunks per process, so a slow chunk does not hold the rest back
    chunks = [files[start : start + size] for start in range(0, len(files), size)]
    from concurrent.futures import ProcessPoolExecutor  # imported only when processes are used

    with ProcessPoolExecutor(jobs, mp_context=_context()) as pool:
        yield from _merged(pool.map(functools.partial(_listed, task), chunks))


def _listed(task: Task, chunk: Sequence[Path | str]) -> list[Any]:
    """A worker's results, whole: a generator cannot travel back from a process."""
    return list(task(chunk))


def _context() -> Any:
    import multiprocessing

    # fork starts a worker in milliseconds with everything already imported; elsewhere, the default
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _merged(parts: Iterable[list[Any]]) -> Iterator[Any]:
    """The parts in order; a file reached from several chunks (a shared library) only where it came first."""
    seen = set()
    for part in parts:
        for result in part:
            if result.file not in seen:
                seen.add(result.file)
                yield result
