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

    pool = ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_leave_interrupts_to_the_parent)
    try:
        yield from _merged(pool.map(functools.partial(_listed, task), chunks))
    except BaseException:  # Ctrl-C, or the reader stopped: drop the chunks not started, end the workers soon
        _stop(pool)
        raise
    pool.shutdown()


def alongside(work: Callable[[], Any], other: Callable[[], Any]) -> tuple[Any, Any]:
    """(work(), other()): `other` in a worker process while this one does `work`; both results must pickle."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(1, mp_context=_context(), initializer=_leave_interrupts_to_the_parent)
    try:
        there = pool.submit(other)
        here = work()
        return here, there.result()
    except BaseException:
        _stop(pool)
        raise
    finally:
        pool.shutdown()


_stopping = False  # in a worker: the parent is stopping, so the chunk ends after the file being checked


def _leave_interrupts_to_the_parent() -> None:
    """In a worker: Ctrl-C reaches every process of the terminal, but only the parent decides to stop; a
    worker finishes the file in hand (a diagram is written whole or not at all) and returns."""
    import signal

    signal.signal(signal.SIGINT, _stop_after_this_file)


def _stop_after_this_file(*_: object) -> None:
    global _stopping
    _stopping = True


def _stop(pool: Any) -> None:
    """Drop the chunks not started; tell the workers to stop after the file in hand, and wait for them."""
    import signal

    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            os.kill(process.pid, signal.SIGINT)
        except OSError:  # ended already
            pass
    pool.shutdown(wait=True, cancel_futures=True)


def _listed(task: Task, chunk: Sequence[Path | str]) -> list[Any]:
    """A worker's results, whole (a generator cannot travel back from a process), or up to the file it was
    checking when the parent stopped."""
    results = []
    for result in task(chunk) if not _stopping else ():
        results.append(result)
        if _stopping:
            break
    return results


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
