"""journeymap serve: the live preview, run as a user runs it (a subprocess), over raw HTTP and in headless Chromium.

Every server is started with --port 0 and stopped in the fixture's teardown, whatever the test did; every
wait has a timeout, so no test can hang.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT
from site_browser import open_page

from journeymap.site.serve import site_file

SERVING = re.compile(r"^journeymap: serving (\d+ maps?)( \(\d+ invalid\))? at (http://\S+/) \(Ctrl-C stops\)$")
START_S = 30  # the first build draws every diagram: generous on a loaded machine
SECRET = "the-secret-outside-the-site"


class Served:
    """A `journeymap serve` process, its output lines as they come, and the URL it printed."""

    def __init__(self, arguments: list[str], cwd: Path) -> None:
        env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1", "TMPDIR": str(cwd / "tmp")}
        env.pop("GITHUB_ACTIONS", None)
        (cwd / "tmp").mkdir(exist_ok=True)
        self.temporary = cwd / "tmp"
        self.process = subprocess.Popen([sys.executable, "-m", "journeymap", "serve", *arguments], cwd=cwd, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        self.out: list[str] = []
        self.err: list[str] = []
        self._arrived = threading.Condition()
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, lines), daemon=True).start()
        self.url = ""

    def _read(self, stream, lines: list[str]) -> None:  # noqa: ANN001 -- a text pipe
        for line in stream:
            with self._arrived:
                lines.append(line.rstrip("\n"))
                self._arrived.notify_all()

    def wait_for(self, pattern: str, timeout: float = 10, stream: str = "err") -> re.Match:
        """The first line (of stderr, or "out") that matches `pattern`; fails after `timeout` seconds."""
        lines = self.err if stream == "err" else self.out
        found: list[re.Match] = []

        def matched() -> bool:
            found[:] = [match for line in lines if (match := re.search(pattern, line))][:1]
            return bool(found) or self.process.poll() is not None

        with self._arrived:
            self._arrived.wait_for(matched, timeout)
        assert found, f"no line matching {pattern!r} within {timeout} s; stderr: {self.err}, stdout: {self.out}"
        return found[0]

    def started(self) -> Served:
        self.url = self.wait_for(SERVING.pattern, START_S).group(3)
        return self

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1].strip("/"))

    def stop(self, kind: int = signal.SIGINT, timeout: float = 5) -> int:
        self.process.send_signal(kind)
        return self.process.wait(timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)


@pytest.fixture
def serve(tmp_path):
    """Start `journeymap serve ARGS --port 0` in tmp_path; started ones are killed after the test."""
    started: list[Served] = []

    def start(*arguments: str, wait: bool = True) -> Served:
        served = Served([*arguments, "--port", "0"], tmp_path)
        started.append(served)
        return served.started() if wait else served

    yield start
    for served in started:
        served.kill()


@pytest.fixture
def maps(tmp_path) -> Path:
    """A folder of two maps: the shoe shop (which includes a library of personas) and a minimal one."""
    folder = tmp_path / "maps"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "shoe-shop.journey.yaml", folder)
    shutil.copytree(ROOT / "examples" / "library", folder / "library")
    (folder / "minimal.journey.yaml").write_text(MINIMAL, encoding="utf-8")
    return folder


def raw_get(port: int, path: str, method: str = "GET", host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """A request with `path` exactly as given (no client normalizes it): status, headers, body."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        request = f"{method} {path} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\nConnection: close\r\n\r\n"
        connection.sendall(request.encode("latin-1"))
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in header_lines)}
    return int(status_line.split()[1]), headers, body


def wait_connected(page) -> None:  # noqa: ANN001 -- a Playwright page
    """Until the page listens for reloads (live.js marks <html data-live>), so that no rebuild is missed."""
    page.wait_for_selector("html[data-live=connected]", state="attached", timeout=5000)


def site_links(page, base: str) -> set[str]:  # noqa: ANN001
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    return {href.split("#", 1)[0] for href in hrefs if href.startswith(base)}


# ---------------------------------------------------------------- in the browser


def test_every_page_loads_with_no_console_error_and_nothing_from_elsewhere(serve, maps, browser):
    served = serve("maps")
    assert served.wait_for(SERVING.pattern).group(1) == "2 maps"
    seen, todo = set(), {served.url}
    while todo:
        url = todo.pop()
        seen.add(url)
        if url.endswith(".svg"):  # a diagram opened full size: no page around it
            status, headers, _ = raw_get(served.port, url.removeprefix(served.url[:-1]))
            assert (status, headers["content-type"]) == (200, "image/svg+xml"), url
            continue
        page = open_page(browser, url)
        try:
            wait_connected(page)
            assert page.journeymap_errors == [], url
            outside = [asked for asked in page.journeymap_requests if not asked.startswith(served.url)]
            assert outside == [], url
            todo |= site_links(page, served.url) - seen
        finally:
            page.context.close()
    assert {f"{served.url}maps/shoe-shop.html", f"{served.url}maps/minimal.html", f"{served.url}personas.html"} <= seen


def test_a_saved_edit_reloads_the_served_page(serve, maps, browser):
    served = serve("maps", "--views", "map")
    page = open_page(browser, f"{served.url}maps/minimal.html")
    try:
        wait_connected(page)
        assert page.inner_text("h1") == "Minimal"
        (maps / "minimal.journey.yaml").write_text(MINIMAL.replace("title: Minimal", "title: Edited"), encoding="utf-8")
        # a selector (the CSP allows no eval); its timeout guards against a page that never reloads, the
        # benchmark measures how soon it does
        page.wait_for_selector("h1:text-is('Edited')", timeout=10000)
        wait_connected(page)
        assert page.journeymap_errors == []
    finally:
        page.context.close()
    assert served.wait_for(r"rebuilt after").group(0)
    assert served.err[-1] == "journeymap: rebuilt after a change to maps/minimal.journey.yaml: 1 map, 1 diagram drawn"


def test_invalid_yaml_shows_its_positioned_problem_in_the_page(serve, maps, browser):
    served = serve("maps", "--views", "map")
    page = open_page(browser, f"{served.url}maps/minimal.html")
    try:
        wait_connected(page)
        (maps / "minimal.journey.yaml").write_text("journeymap: 1\ntitle: [broken\n", encoding="utf-8")
        page.wait_for_selector("text=invalid YAML", timeout=5000)
        assert "maps/minimal.journey.yaml:3:1" in page.inner_text("main")
        assert page.query_selector("main img") is None  # no diagram in place of the problems
        assert page.journeymap_errors == []
    finally:
        page.context.close()
    problem = served.wait_for(r"^maps/minimal\.journey\.yaml:3:1: error\[JM003 yaml-syntax\]", stream="out")
    assert problem.string.startswith("maps/minimal.journey.yaml:3:1: error[JM003 yaml-syntax]: invalid YAML")
    assert served.wait_for(r"rebuilt after").string.startswith(
        "journeymap: rebuilt after a change to maps/minimal.journey.yaml: 1 map (1 invalid), 0 diagrams drawn")
    assert served.process.poll() is None  # an invalid map never stops the server


def test_editor_links_open_the_map_at_its_line(serve, maps, browser):
    served = serve("maps", "--views", "map", "--editor-url", "vscode")
    page = open_page(browser, f"{served.url}maps/shoe-shop.html")
    try:
        hrefs = page.eval_on_selector_all("a[href^='vscode:']", "links => links.map(link => link.getAttribute('href'))")
    finally:
        page.context.close()
    absolute = os.path.realpath(maps / "shoe-shop.journey.yaml")
    assert hrefs, "no editor link on the map's page"
    assert all(re.fullmatch(re.escape(f"vscode://file{absolute}:") + r"\d+:\d+", href) for href in hrefs), hrefs[:3]


def test_a_stopped_server_leaves_its_pages_quiet(serve, maps, browser):
    served = serve("maps", "--views", "map")
    page = open_page(browser, f"{served.url}maps/minimal.html")
    try:
        wait_connected(page)
        assert served.stop() == 0
        page.wait_for_selector("html[data-live=stopped]", state="attached", timeout=5000)
        page.wait_for_timeout(1500)  # time enough for a page that kept asking to log a refused connection
        assert page.journeymap_errors == []
        assert page.inner_text("h1") == "Minimal"  # not reloaded onto an error page
    finally:
        page.context.close()


# ---------------------------------------------------------------- rebuilds


def test_a_new_map_in_a_watched_folder_appears(serve, maps):
    served = serve("maps", "--views", "map")
    (maps / "retail").mkdir()
    (maps / "retail" / "boots.journey.yaml").write_text(MINIMAL.replace("Minimal", "Boots"), encoding="utf-8")
    served.wait_for(r"rebuilt after a change to maps/retail/boots\.journey\.yaml: 1 map, 1 diagram drawn$")
    status, _, body = raw_get(served.port, "/maps/retail/boots.html")
    assert status == 200 and b"Boots" in body
    assert b"retail/boots.html" in raw_get(served.port, "/")[2]


def test_a_changed_library_rebuilds_the_maps_that_include_it(serve, maps):
    served = serve("maps", "--views", "map")
    library = maps / "library" / "personas.yaml"
    library.write_text(library.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    served.wait_for(r"^journeymap: rebuilt after a change to maps/library/personas\.yaml: 1 map, 0 diagrams drawn$")


def test_a_deleted_map_goes(serve, maps):
    served = serve("maps", "--views", "map")
    assert raw_get(served.port, "/maps/minimal.html")[0] == 200
    (maps / "minimal.journey.yaml").unlink()
    served.wait_for(r"^journeymap: rebuilt after a change to maps/minimal\.journey\.yaml: 0 maps, 0 diagrams drawn, "
                    r"2 files removed$")  # fmt: skip
    assert raw_get(served.port, "/maps/minimal.html")[0] == 404


def test_the_configuration_rebuilds_every_map_and_a_broken_one_keeps_the_last_site(serve, maps, tmp_path):
    config = tmp_path / ".journeymap.yaml"
    config.write_text("rules:\n  stage-without-metrics: off\n", encoding="utf-8")
    served = serve("maps", "--views", "map")
    config.write_text("rules:\n  stage-without-metrics: error\n", encoding="utf-8")
    served.wait_for(r"^journeymap: rebuilt after a change to \.journeymap\.yaml: 2 maps, 0 diagrams drawn$")
    assert b"stage-without-metrics" in raw_get(served.port, "/maps/minimal.html")[2]
    config.write_text("rules: [\n", encoding="utf-8")
    served.wait_for(r"^journeymap: not rebuilt: ")
    assert served.process.poll() is None and raw_get(served.port, "/maps/minimal.html")[0] == 200


# ---------------------------------------------------------------- HTTP


@pytest.fixture
def site_with_secrets(tmp_path, maps) -> Path:
    """A site folder (--out-dir site) beside a secret, with symlinks inside it to the secret and its folder."""
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (site / "leak").symlink_to(tmp_path)
    return site


TRAVERSALS = [
    "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/%2E%2E%2Fsecret.txt",
    "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt",
    "/maps/../../secret.txt", "/maps/%2e%2e/%2e%2e/secret.txt", "/index.html%00", "/%00../secret.txt",
    "//etc/passwd", "//" + "tmp", "/leak.txt", "/leak/secret.txt", "/leak/", "/.journeymap-site.json",
    "/maps/.", "/%c0%ae%c0%ae/secret.txt", "/..", "/.", "secret.txt", "http://127.0.0.1/../secret.txt",
]  # fmt: skip


def test_paths_outside_the_site_are_refused(serve, site_with_secrets):
    served = serve("maps", "--views", "map", "--out-dir", "site", "--force")  # the symlinks are not the site's
    assert raw_get(served.port, "/index.html")[0] == 200  # the server answers at all
    for path in TRAVERSALS:
        status, _, body = raw_get(served.port, path)
        assert status in (400, 403, 404), path
        assert SECRET.encode() not in body and b"root:" not in body, path


def test_answers_carry_the_sites_headers_and_types(serve, maps):
    served = serve("maps", "--views", "map")
    expected = {"/": "text/html; charset=utf-8", "/maps/minimal.html": "text/html; charset=utf-8",
                "/maps/minimal.map.svg": "image/svg+xml", "/assets/site.css": "text/css; charset=utf-8",
                "/assets/live.js": "text/javascript; charset=utf-8"}  # fmt: skip
    for path, content_type in expected.items():
        status, headers, body = raw_get(served.port, path)
        assert (status, headers["content-type"]) == (200, content_type), path
        assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"
        assert headers["content-security-policy"].startswith("default-src 'none'")
        assert int(headers["content-length"]) == len(body) > 0
    status, headers, body = raw_get(served.port, "/maps/minimal.html", method="HEAD")
    assert (status, body) == (200, b"") and int(headers["content-length"]) > 0
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW"):
        status, headers, _ = raw_get(served.port, "/index.html", method=method)
        assert (status, headers.get("allow")) == (405, "GET, HEAD"), method
    assert raw_get(served.port, "/maps/")[0] == 404  # a folder without an index: no listing
    assert raw_get(served.port, "/index.html", host="attacker.example:80")[0] == 403  # DNS rebinding
    assert raw_get(served.port, "/index.html", host=f"localhost:{served.port}")[0] == 200


@pytest.mark.parametrize(
    ("path", "found"),
    [("/", "index.html"), ("/index.html?q=1#x", "index.html"), ("/maps/a.html", "maps/a.html"), ("/maps", None),
     ("/maps/", None), ("/../x", None), ("/a%2fb", None), ("/%zz", None), ("/\u00e9", None), ("", None)],
)  # fmt: skip
def test_site_file_names_only_files_inside_the_folder(tmp_path, path, found):
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "a.html").write_text("a", encoding="utf-8")
    (tmp_path / "index.html").write_text("i", encoding="utf-8")
    root = os.path.realpath(tmp_path)
    assert site_file(root, path) == (os.path.join(root, found) if found else None)


# ---------------------------------------------------------------- starting and stopping


def test_listens_on_127_0_0_1_alone_by_default(serve, maps):
    served = serve("maps", "--views", "map")
    assert served.url.startswith("http://127.0.0.1:")
    with pytest.raises(OSError):  # the same machine, another loopback address: not listened on
        socket.create_connection(("127.0.0.2", served.port), timeout=2).close()


@pytest.mark.parametrize("kind", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_it_cleanly(serve, maps, kind):
    served = serve("maps", "--views", "map")
    assert [path.name for path in served.temporary.iterdir()] != []  # the site's temporary folder
    assert served.stop(kind, timeout=10) == 0  # the timeout guards against a hang, not a measure of speed
    served.wait_for("stopped")
    assert served.err[-1] == "journeymap: stopped"
    assert not any("Traceback" in line for line in served.err + served.out)
    assert list(served.temporary.iterdir()) == []


def test_stopping_keeps_a_given_out_dir(serve, maps, tmp_path):
    served = serve("maps", "--views", "map", "--out-dir", "preview")
    assert served.stop() == 0
    assert (tmp_path / "preview" / "index.html").is_file()


def run_serve(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "journeymap", "serve", *arguments], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=30)  # fmt: skip


def test_a_port_in_use_is_a_usage_error(tmp_path, maps):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_serve(tmp_path, "maps", "--views", "map", "--port", str(port))
    assert done.returncode == 2
    assert done.stderr == (f"journeymap: error: cannot listen on 127.0.0.1:{port}: address already in use; pick "
                           "another with --port\n")  # fmt: skip


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(["--host", "no-such-host.invalid"], "cannot listen on no-such-host.invalid:0: no such host here; give an "
      "address of this machine, such as --host 127.0.0.1"),
     (["--host", "192.0.2.1"], "cannot listen on 192.0.2.1:0: not an address of this machine; give one of its own, "
      "such as --host 127.0.0.1"),
     (["--editor-url", "javascript:alert(1)"], "--editor-url 'javascript:alert(1)' must be a URL of the editor's "
      "scheme, such as vscode://file/...")],
)  # fmt: skip
def test_options_that_cannot_work_are_one_line_and_exit_2(tmp_path, maps, arguments, message):
    done = run_serve(tmp_path, "maps", "--views", "map", "--port", "0", *arguments)
    assert (done.returncode, done.stderr, done.stdout) == (2, f"journeymap: error: {message}\n", "")


def test_a_network_host_is_warned_about(serve, maps):
    served = serve("maps", "--views", "map", "--host", "0.0.0.0")
    assert served.url.startswith("http://0.0.0.0:")
    served.wait_for(r"^journeymap: --host 0\.0\.0\.0 listens beyond this machine: anyone on the network can read "
                    r"these maps$")  # fmt: skip
