"""`journeymap serve`: the site on a local HTTP server, rebuilt when a map is saved, and pages that reload.

    listen(folder, host, port) -> Preview       the server, serving the site's folder from a thread of its own
    preview.announce()                          after a rebuild: every open page reloads (through live.js)
    preview.close()                             stop: open pages are told, and stop listening quietly
    Watcher(roots, ignore, wanted).next(stop)   the files saved below `roots` since, a burst of saves at a time
    stopping() -> Stop                          set on Ctrl-C or SIGTERM while the block runs

The server answers GET and HEAD with the site's files only: a path is decoded once, and anything that
could name a file elsewhere (`..`, an encoded `%2e%2e` or `%2f`, a backslash, NUL, a hidden name, a
symlink that leads outside) is not found. Pages listen on EVENTS for reloads (server-sent events, which
the pages' CSP allows as connect-src 'self'). Nothing here prints or exits.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import posixpath
import queue
import signal
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from journeymap.site.pages import CSP

EVENTS = "/_journeymap/events"
RETRY_MS = 1000  # how soon a page tries again when the server went away (a restart)
KEEP_ALIVE_S = 10  # a comment this often on an idle event stream, so a closed tab's thread ends
DEBOUNCE_MS, STEP_MS = 400, 50  # a save's burst of events (write, rename, chmod) is one rebuild, 50 ms after the last
TICK_MS = 100  # how often the watcher's thread looks at its stop event
TYPES = {
    ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".png": "image/png",
    ".woff2": "font/woff2", ".txt": "text/plain; charset=utf-8",
}  # fmt: skip
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": CSP,
           "Referrer-Policy": "no-referrer", "Cross-Origin-Resource-Policy": "same-origin"}  # fmt: skip


class ListenError(OSError):
    """The server cannot listen where it was asked; the message says what to do instead."""


class Channel:
    """How many rebuilds there have been; an event stream waits here for the next one."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self.generation = 0
        self.closed = False
        self.listeners = 0

    def announce(self) -> None:
        with self._condition:
            self.generation += 1
            self._condition.notify_all()

    def close(self) -> None:
        with self._condition:
            self.closed = True
            self._condition.notify_all()

    def wait(self, seen: int, timeout: float) -> int | None:
        """The generation once it is not `seen` (or still `seen` after `timeout`); None once closed."""
        with self._condition:
            self._condition.wait_for(lambda: self.closed or self.generation != seen, timeout)
            return None if self.closed else self.generation

    @contextlib.contextmanager
    def listening(self) -> Iterator[None]:
        with self._condition:
            self.listeners += 1
        try:
            yield
        finally:
            with self._condition:
                self.listeners -= 1
                self._condition.notify_all()

    def drained(self, timeout: float) -> bool:
        """Once closed: whether every stream said goodbye within `timeout` seconds."""
        with self._condition:
            return self._condition.wait_for(lambda: self.listeners == 0, timeout)


def site_file(root: str, raw_path: str) -> str | None:
    """The real path of the file a request's path names inside the real folder `root`, or None.

    The path is decoded once; after that, `%` (a second encoding), `\\`, NUL, control characters, `.`,
    `..` and hidden names are refused rather than interpreted, and the file found must lie inside `root`
    once symlinks are resolved. A folder stands for its index.html."""
    path = raw_path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or path.startswith("//"):
        return None
    decoded = _decoded(path)
    if decoded is None or any(char in decoded for char in "%\\") or any(ord(char) < 32 for char in decoded):
        return None
    parts = decoded[1:].split("/")
    if any(part.startswith(".") for part in parts) or any(part == "" for part in parts[:-1]):
        return None
    found = os.path.realpath(os.path.join(root, *parts))
    if os.path.isdir(found):
        found = os.path.realpath(os.path.join(found, "index.html"))
    if os.path.commonpath([root, found]) != root or not os.path.isfile(found):
        return None
    return found


def _decoded(path: str) -> str | None:
    """The path with its %-escapes decoded once; None when they are not UTF-8 (such as `%c0%ae`)."""
    try:
        return unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None


class Handler(BaseHTTPRequestHandler):
    """The site's files, the reload stream, and nothing else. Quiet: the terminal shows the run's lines only."""

    server: Server
    protocol_version = "HTTP/1.1"  # keep-alive, so a page's dozen requests share a connection

    def do_GET(self) -> None:  # noqa: N802 -- the name http.server dispatches to
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def __getattr__(self, name: str) -> Callable[[], None]:
        if name.startswith("do_"):  # any other method: not allowed, rather than http.server's 501
            return self._not_allowed
        raise AttributeError(name)

    def _not_allowed(self) -> None:
        self._plain(405, "method not allowed", body=True, extra={"Allow": "GET, HEAD"})

    def _answer(self, body: bool) -> None:
        if not self._host_allowed():
            self._plain(403, "forbidden", body)
            return
        if self.path.split("?", 1)[0] == EVENTS:
            if body:
                self._events()
            else:
                self._send(200, b"", "text/event-stream", 0)
            return
        found = site_file(self.server.root, self.path)
        if found is None and self.path == "/favicon.ico":  # asked by every browser: nothing, rather than an error
            self._send(204, b"", "image/x-icon", 0)
            return
        if found is None:
            self._plain(404, "not found", body)
            return
        try:
            with open(found, "rb") as stream:
                data = stream.read()
        except OSError:  # removed by a rebuild since it was found
            self._plain(404, "not found", body)
            return
        content_type = TYPES.get(posixpath.splitext(found)[1].lower(), "application/octet-stream")
        self._send(200, data if body else b"", content_type, len(data))

    def _host_allowed(self) -> bool:
        """On a loopback address, only requests addressed to this machine by name or number: a web page
        elsewhere cannot read the maps through a DNS name it points at 127.0.0.1 (DNS rebinding)."""
        allowed = self.server.allowed_hosts
        return allowed is None or host_name(self.headers.get("Host") or "") in allowed

    def _events(self) -> None:
        """The reload stream: an event after every rebuild, until the tab or the server closes."""
        self._head(200, {"Content-Type": "text/event-stream", "Connection": "close"})
        self.close_connection = True
        channel, seen = self.server.channel, self.server.channel.generation
        try:
            with channel.listening():
                self._write(f"retry: {RETRY_MS}\nevent: ready\ndata: {seen}\n\n")
                while (generation := channel.wait(seen, KEEP_ALIVE_S)) is not None:
                    self._write(f"event: reload\ndata: {generation}\n\n" if generation != seen else ": waiting\n\n")
                    seen = generation
                self._write("event: bye\ndata: stopped\n\n")  # the page stops listening, without errors
        except OSError:  # the tab was closed or reloaded
            pass

    def _write(self, text: str) -> None:
        self.wfile.write(text.encode())
        self.wfile.flush()

    def _plain(self, status: int, text: str, body: bool, content_type: str = "text/plain; charset=utf-8",
               extra: dict[str, str] | None = None) -> None:  # fmt: skip
        data = text.encode()
        self._send(status, data if body else b"", content_type, len(data), extra)

    def _send(self, status: int, data: bytes, content_type: str, length: int,
              extra: dict[str, str] | None = None) -> None:  # fmt: skip
        """An answer: `data` is b"" for HEAD, which still says the `length` of what GET gives."""
        self._head(status, {"Content-Type": content_type, "Content-Length": str(length), **(extra or {})})
        if data:
            self.wfile.write(data)

    def _head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {**HEADERS, **headers}.items():
            self.send_header(name, value)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 -- http.server's signature
        pass  # the library never prints


class Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps the process alive
    block_on_close = False

    def __init__(self, address: tuple[Any, ...], family: int, root: str, allowed_hosts: set[str] | None) -> None:
        self.address_family = family
        self.root = root
        self.allowed_hosts = allowed_hosts
        self.channel = Channel()
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        """As HTTPServer's, without its reverse DNS lookup of the host, which a closed network makes wait."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        """End the browsers' kept-alive connections too: stopped means no page is served any more."""
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that went away mid-answer: nothing to tell the terminal


class Preview:
    """The running server: its URL, and the channel its pages reload through."""

    def __init__(self, server: Server, url: str) -> None:
        self.server = server
        self.url = url
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()

    def announce(self) -> None:
        self.server.channel.announce()

    def close(self) -> None:
        """Stop: pages are told (they stop listening), then every connection ends; within half a second."""
        self.server.channel.close()
        self.server.shutdown()
        self.server.server_close()
        self.server.channel.drained(timeout=0.3)
        self.server.drop_connections()
        self._thread.join(timeout=0.2)


def listen(folder: Path, host: str, port: int) -> Preview:
    """Serve `folder` on host:port (0: a free port); ListenError when that cannot be done."""
    shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError):
        raise ListenError(f"cannot listen on {shown}: no such host here; give an address of this machine, such as "
                          "--host 127.0.0.1") from None  # fmt: skip
    allowed = _allowed_hosts(host, address[0])
    try:
        server = Server(address, family, os.path.realpath(folder), allowed)
    except OSError as error:
        raise ListenError(f"cannot listen on {shown}: {_listen_reason(error)}") from None
    bound = server.server_address[1]
    name = f"[{host}]" if ":" in host else host
    return Preview(server, f"http://{name}:{bound}/")


def _listen_reason(error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return "address already in use; pick another with --port"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; pick a port above 1023 with --port"
    if error.errno == errno.EADDRNOTAVAIL:
        return "not an address of this machine; give one of its own, such as --host 127.0.0.1"
    return (error.strerror or str(error)).lower()


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine alone (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _allowed_hosts(host: str, address: str) -> set[str] | None:
    """The names a loopback server answers to in the Host header (its port aside); None (any) when it
    listens on the network, where the names people use for the machine are their own."""
    if not is_loopback(host):
        return None
    return {"localhost", "127.0.0.1", "[::1]", host.lower(), f"[{address}]" if ":" in address else address}


def host_name(header: str) -> str:
    """The name in a Host header, without its port: `127.0.0.1:8000` is 127.0.0.1, `[::1]:8000` is [::1]."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1]
    return header.split(":", 1)[0]


class Watcher:
    """Watches folders from a thread of its own, from before the first build, so that no save is missed:
    `next()` gives the files saved since (a burst of saves at once). Nothing below `ignore` (the site's
    own folder), no editor's swap file or version control's, and only the paths `wanted` keeps."""

    def __init__(self, roots: Sequence[Path], ignore: Path, wanted: Callable[[Path], bool]) -> None:
        self.changes: queue.Queue[set[Path]] = queue.Queue()
        self.error: str | None = None  # why the folders cannot be watched (then the site is served as built)
        self.roots: tuple[Path, ...] = ()
        self._ignore = os.path.realpath(ignore)
        self._wanted = wanted
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.watch(roots)

    def watch(self, roots: Sequence[Path]) -> None:
        """Watch these folders from now on (a library in a folder of its own adds one); live once `live` is set."""
        self.close()
        self.roots, self._stop, self.live = tuple(roots), threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, args=(self.roots, self._stop, self.live), daemon=True)
        self._thread.start()

    def _run(self, roots: tuple[Path, ...], stop: threading.Event, live: threading.Event) -> None:
        import watchfiles

        default = watchfiles.DefaultFilter()

        def keep(change: Any, path: str) -> bool:
            real = os.path.realpath(path)
            inside_site = os.path.commonpath([self._ignore, real]) == self._ignore
            return default(change, path) and not inside_site and self._wanted(Path(path))

        try:  # an empty set every TICK_MS when nothing changed: the first says the watch is live
            for changes in watchfiles.watch(*roots, watch_filter=keep, debounce=DEBOUNCE_MS, step=STEP_MS,
                                            stop_event=stop, rust_timeout=TICK_MS, yield_on_timeout=True,
                                            raise_interrupt=False, ignore_permission_denied=True):  # fmt: skip
                live.set()
                if changes:
                    self.changes.put({Path(path) for _, path in changes})
        except Exception as error:  # noqa: BLE001 -- too many folders for inotify, a folder gone: said, not raised
            self.error = str(error) or type(error).__name__
        live.set()

    def next(self, stop: Stop) -> set[Path] | None:
        """The files saved since the last call, once there are some; None once `stop` is set."""
        while not stop.is_set():
            if self.error:  # the watch ended: the caller says so
                return set()
            try:
                found = self.changes.get(timeout=TICK_MS / 1000)
            except queue.Empty:
                continue
            while not self.changes.empty():  # saves that came during the last rebuild: one rebuild for all
                found |= self.changes.get_nowait()
            return found
        return None

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)


class Stop:
    """Ctrl-C or SIGTERM, as a flag the server's loop looks at between two steps; and, only where the
    caller says so (waiting for a build's workers), as a KeyboardInterrupt that cuts the wait short."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._interrupting = False

    def is_set(self) -> bool:
        return self._event.is_set()

    def set(self, *_: Any) -> None:
        self._event.set()
        if self._interrupting:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def interrupting(self) -> Iterator[None]:
        self._interrupting = True
        try:
            if self.is_set():
                raise KeyboardInterrupt
            yield
        finally:
            self._interrupting = False


@contextlib.contextmanager
def stopping() -> Iterator[Stop]:
    """A Stop that Ctrl-C and SIGTERM set while the block runs, in place of KeyboardInterrupt anywhere and
    of death; the signals' handlers are restored after."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():  # only the main thread can take signals
        yield stop
        return
    kinds = [signal.SIGINT, *([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])]
    previous = {kind: signal.signal(kind, stop.set) for kind in kinds}
    try:
        yield stop
    finally:
        for kind, handler in previous.items():
            signal.signal(kind, handler)
