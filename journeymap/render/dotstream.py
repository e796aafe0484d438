"""One `dot` process that draws a run's SVG diagrams one after another, rather than a process for each.

Starting `dot` costs more than laying out most maps (its plugins and fonts are loaded anew each time): a
process kept open and fed one graph at a time draws 48 maps in a third to a half of the time separate
processes take, and the same bytes, since `dot` reads the next graph from its input only once it has
written the last one's SVG. Two things differ from a process per graph, and both are dealt with here:

- `dot` names the group of every graph after the first `page0,1_graph0` rather than `graph0`; that name is
  put back.
- A graph that `dot` cannot lay out is written nowhere, and `dot` then fails every graph after it, each with
  a message and no SVG. So each diagram is followed by a small closing graph, whose SVG marks its end, and
  standard error is watched while `dot` works: at its first message, or if `dot` is gone, the process is
  let go and the diagram drawn again in a process of its own, which gives the message, the exit status and
  the output that a process per graph gives; the next graph goes to a new process.

Each view keeps its own process (its DOT's first line names it): the flow view's graphs, placed already
(layout "nop2"), lose their edges when drawn after a graph laid out by `dot`. A process belongs to the
process and thread that started it; one forked from them starts its own.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import subprocess
import sys
import threading
from collections.abc import Callable

from journeymap.render.background import Drawing

_CLOSING = b"digraph journeymap_end_of_diagram {}\n"
_CLOSING_TITLE = b"<title>journeymap_end_of_diagram</title>"
_END = b"</svg>\n"
# dot keeps a few KB of each graph it drew (0.9 MB over 240 maps): a new process every so many keeps it flat
_GRAPHS_PER_PROCESS = 200
_LOOK_AGAIN = 0.02  # seconds between looks at dot's messages while it lays a graph out
_RENAMED = (b'<g id="page0,1_graph0" class="graph"', b'<g id="graph0" class="graph"')


class _Server:
    """A `dot -Tsvg` process reading graphs from a pipe; its messages go to a file, read after each graph."""

    def __init__(self, program: str, scratch: Callable[[], object], flags: int) -> None:
        self.errors = scratch()
        self.process = subprocess.Popen([program, "-Kdot", "-Tsvg"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.errors, creationflags=flags)  # fmt: skip
        self.pending: Streamed | None = None
        self.drawn = 0  # graphs given to it

    def send(self, source: bytes) -> bool:
        try:
            self.process.stdin.write(source + b"\n" + _CLOSING)
            self.process.stdin.flush()
        except OSError:  # dot is gone
            return False
        return True

    def receive(self) -> tuple[bytes, bytes]:
        """What dot wrote up to the closing graph's end, and its messages; (b"", messages) as soon as it has
        written a message (it may then write nothing more, waiting for input) or stopped."""
        output, out = bytearray(), self.process.stdout.fileno()
        while not (output.endswith(_END) and _CLOSING_TITLE in output[output.rfind(b"<svg") :]):
            if os.fstat(self.errors.fileno()).st_size:
                return b"", self._messages()
            if not select.select([out], [], [], _LOOK_AGAIN)[0]:
                continue
            piece = os.read(out, 1 << 16)
            if not piece:
                return b"", self._messages() or b"dot stopped"
            output += piece
        return bytes(output[: output.rfind(b"<?xml")]), self._messages()

    def _messages(self) -> bytes:
        self.errors.seek(0)
        messages = self.errors.read()
        self.errors.seek(0)
        self.errors.truncate()
        return messages

    def close(self, at_once: bool) -> None:
        """dot told its input ended, and waited for; stopped `at_once` when what it does is of no more use."""
        if at_once:
            self.process.kill()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):  # a pipe to a dot that is gone
                stream.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.errors.close()


class Streamed:
    """One diagram given to the view's `dot`: `wait()` takes its SVG once drawn; `result()` gives it, drawn
    by `alone()` (a process of its own) instead when anything went wrong."""

    def __init__(self, server: _Server, source: bytes, key: tuple, alone: Callable[[], Drawing[bytes]]) -> None:
        self._server, self._key, self._alone = server, key, alone
        self._drawn: bytes | None = None
        self._sent = server.send(source)  # the server's last diagram taken already (streamed)
        server.pending = self

    def wait(self) -> None:
        if self._drawn is not None or self._server.pending is not self:
            return
        self._server.pending = None
        drawn, messages = self._server.receive() if self._sent else (b"", b"dot stopped")
        self._drawn = b"" if messages or not drawn.endswith(_END) else drawn
        if not self._drawn:
            _forget(self._key, at_once=True)

    def result(self) -> bytes:
        self.wait()
        if not self._drawn:
            return self._alone().result()
        return self._drawn.replace(*_RENAMED, 1)


_servers: dict[tuple, _Server] = {}
_lock = threading.Lock()


def streamed(source: str, program: str, scratch: Callable[[], object], flags: int,
             alone: Callable[[], Drawing[bytes]]) -> Streamed:  # fmt: skip
    """`source` drawn to SVG by the `dot` at `program` kept for its view in this process and thread."""
    view = source[: source.find("\n")]
    key = (os.getpid(), threading.get_ident(), program, view)
    with _lock:
        server = _servers.get(key)
    if server is not None and server.pending is not None:
        server.pending.wait()  # dot free for the next graph; if that one failed, its dot is let go
        with _lock:
            server = _servers.get(key)
    if server is not None and server.drawn >= _GRAPHS_PER_PROCESS:
        _forget(key, at_once=False)
        server = None
    if server is None:
        server = _Server(program, scratch, flags)
        with _lock:
            _servers[key] = server
        _close_at_a_workers_end()
    server.drawn += 1
    return Streamed(server, source.encode("utf-8"), key, alone)


def _forget(key: tuple, at_once: bool) -> None:
    with _lock:
        server = _servers.pop(key, None)
    if server is not None:
        server.close(at_once)


@atexit.register
def close_all() -> None:
    """Every `dot` this process started told that its input ended, and waited for."""
    for key in [key for key in _servers if key[0] == os.getpid()]:
        _forget(key, at_once=False)


def _close_at_a_workers_end() -> None:
    """In a worker of a process pool (parallel.py), which ends by os._exit past atexit, close_all is run by
    multiprocessing's own exit functions, so that its dot processes end with it rather than after it."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is None or multiprocessing.parent_process() is None or os.getpid() in _finalized:
        return
    from multiprocessing import util

    _finalized.add(os.getpid())
    util.Finalize(None, close_all, exitpriority=1)


_finalized: set[int] = set()  # the processes in which close_all is registered with multiprocessing


def _forget_inherited() -> None:
    """In a forked child: the parent's processes are the parent's; only its copies of their pipes are closed."""
    for server in _servers.values():
        for stream in (server.process.stdin, server.process.stdout):
            stream.close()
    _servers.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_inherited)
