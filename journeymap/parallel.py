"""Checking many files on every core: contiguous chunks in worker processes, results in file order.

Each worker has its own workspace, so a library included by maps in several chunks is checked in
each of them; it is reported once, where a single process would have reported it. Results are
FileResults (validate, lint) or render outcomes: anything with a `file`. `in_forks` shares a few items
(diff's maps) between children forked from this process, with no pool to start.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

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


def in_forks(task: Callable[[Sequence[Any]], Iterable[Any]], items: Sequence[Any], jobs: int,
             ending: Callable[[], None] = lambda: None) -> Iterator[Any]:  # fmt: skip
    """The results of `task(items)` in order, `items` split into `jobs` contiguous chunks: the first done here, the
    others each in a child forked from this process, which needs no import or set-up of its own and so pays
    off for fewer items than a pool (diff: a few maps). A child writes its results to an unnamed file as it
    makes them, and runs `ending` when done; a child that fails has its chunk done here instead. Results are
    read back one at a time, so memory stays flat however many items there are."""
    if jobs <= 1 or len(items) < 2 or not hasattr(os, "fork"):
        yield from task(items)
        return
    jobs = min(jobs, len(items))
    size, more = divmod(len(items), jobs)  # the last `more` chunks take one item more: not this process's, which
    ends = [size * part + max(0, part - (jobs - more)) for part in range(jobs + 1)]  # also reads the others' results
    chunks = [items[start:end] for start, end in zip(ends, ends[1:])]
    import gc

    gc.freeze()  # what exists now is never collected here, so neither process copies pages its collector touches
    children = [_Child.forked(task, chunk, ending) for chunk in chunks[1:]]
    try:
        yield from task(chunks[0])
        for child, chunk in zip(children, chunks[1:]):
            yield from child.results() if child.succeeded() else task(chunk)
    finally:
        for child in children:
            child.end()


class _Child:
    """A forked process doing one chunk, and the file its results are written to, each as its length and pickle."""

    def __init__(self, pid: int, results: int) -> None:
        self.pid, self._results, self._status = pid, results, None

    @classmethod
    def forked(cls, task: Callable[[Sequence[Any]], Iterable[Any]], chunk: Sequence[Any], ending: Callable[[], None]) -> _Child:
        results = _unnamed_file()
        pid = os.fork()
        if pid == 0:  # pragma: no cover -- the child's work is seen in the results the parent reads
            _work_in_child(task, chunk, ending, results)
        return cls(pid, results)

    def succeeded(self) -> bool:
        if self._status is None:
            self._status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return self._status == 0

    def results(self) -> Iterator[Any]:
        import pickle

        offset = 0
        while header := os.pread(self._results, 8, offset):
            size = int.from_bytes(header, "little")
            yield pickle.loads(os.pread(self._results, size, offset + 8))
            offset += 8 + size

    def end(self) -> None:
        """Stop the child if it is still at work (the parent stopped early), and let its file go."""
        if self._status is None:
            import signal

            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            self._status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        with contextlib.suppress(OSError):
            os.close(self._results)


def _work_in_child(task: Callable[[Sequence[Any]], Iterable[Any]], chunk: Sequence[Any], ending: Callable[[], None],
                   results: int) -> NoReturn:  # fmt: skip
    """Do the chunk, write its results, and leave by os._exit: the parent's exit functions and buffered output
    are the parent's. Ctrl-C is the parent's to act on: it ends its children."""
    import pickle
    import signal

    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        pending = bytearray()
        for result in task(chunk):
            data = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
            pending += len(data).to_bytes(8, "little") + data
            if len(pending) >= 1 << 16:
                _write_all(results, pending)
                pending = bytearray()
        _write_all(results, pending)
        ending()
        code = 0
    finally:
        os._exit(code)


def _write_all(descriptor: int, data: bytes | bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _unnamed_file() -> int:
    """A file with no name on disk, gone when closed: on disk rather than in memory, since a child's results
    for thousands of maps take tens of megabytes; opened directly, since the tempfile module takes 5 ms."""
    with contextlib.suppress(AttributeError, OSError):  # O_TMPFILE: Linux, on most file systems
        return os.open(os.environ.get("TMPDIR") or "/tmp", os.O_TMPFILE | os.O_RDWR, 0o600)
    import tempfile

    descriptor, path = tempfile.mkstemp(prefix="journeymap-")
    os.unlink(path)
    return descriptor


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
