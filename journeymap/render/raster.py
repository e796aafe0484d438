"""PNG and PDF made from a diagram's SVG, with the font shipped in journeymap/render/fonts.

resvg draws the PNG and svg2pdf writes the PDF (text as text, the font embedded). Both are given
the shipped font files and never look at the system's fonts, so a diagram comes out the same on
every machine, and its text is drawn with the very font journeymap measured it with.
Both libraries are imported only when a PNG or PDF is made.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import struct
import zlib
from pathlib import Path

from journeymap.render import pdforder

PNG_DPI = 150  # what posters are printed at; a large map is then some 7,000 pixels wide
FONT_FILES = tuple(
    str(Path(__file__).with_name("fonts") / name)
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
)
PACKAGES = {"png": "resvg-py", "pdf": "svg2pdf-py"}
_MODULES = {"png": "resvg_py", "pdf": "svg2pdf_py"}
_SIZE_IN_POINTS = re.compile(rb'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"')


class ConversionError(Exception):
    """The library could not turn this SVG into PNG or PDF."""


def available(output_format: str) -> bool:
    """Whether the library that makes `output_format` is installed (without importing it)."""
    return importlib.util.find_spec(_MODULES[output_format]) is not None


def convert(svg: bytes, output_format: str) -> bytes:
    """The SVG as a complete PNG or PDF file."""
    return png(svg) if output_format == "png" else pdf(svg)


def png(svg: bytes) -> bytes:
    import resvg_py

    try:
        drawn = resvg_py.svg_to_bytes(
            svg_string=svg.decode("utf-8"), skip_system_fonts=True, font_files=list(FONT_FILES), dpi=PNG_DPI
        )
    except ValueError as error:
        raise ConversionError(str(error) or "resvg could not draw the SVG") from error
    return _with_resolution(bytes(drawn), PNG_DPI)


def pdf(svg: bytes) -> bytes:
    import svg2pdf_py

    # svg2pdf reads Graphviz's "pt" as CSS points (4/3 of a pixel) and writes one PDF point per
    # pixel, which would print the page a third too large; unitless sizes are taken as PDF points.
    sized = _SIZE_IN_POINTS.sub(rb'<svg width="\1" height="\2"', svg, count=1)
    try:
        return pdforder.canonical(bytes(svg2pdf_py.svg_to_pdf(sized.decode("utf-8"), _font_database())))
    except (ValueError, RuntimeError, pdforder.UnexpectedLayout) as error:
        raise ConversionError(str(error) or "svg2pdf could not convert the SVG") from error


@functools.cache
def _font_database():  # noqa: ANN202 -- svg2pdf_py.FontDatabase, imported only here
    import svg2pdf_py

    database = svg2pdf_py.FontDatabase()
    for path in FONT_FILES:
        database.load_font_file(path)
    return database


def _with_resolution(png_data: bytes, dpi: int) -> bytes:
    """The PNG with a pHYs chunk after its header, so that it prints at `dpi` and not at the viewer's guess."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    header_end = 8 + 4 + 4 + 13 + 4  # signature, then IHDR: length, type, 13 bytes of data, CRC
    return png_data[:header_end] + chunk + png_data[header_end:]
