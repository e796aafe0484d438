"""PNG and PDF made from a diagram's SVG, with the font shipped in journeymap/render/fonts.

resvg draws the PNG; svglib reads the SVG into reportlab, which writes the PDF (text as text, the
font embedded). Both are given the shipped font files and never look at the system's fonts, so a
diagram comes out the same on every machine, and its text is drawn with the very font journeymap
measured it with. The libraries are imported only when a PNG or PDF is made.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import logging
import re
import struct
import zlib
from pathlib import Path

from journeymap.render import visual
from journeymap.render.paper import Paper, fit, on_page

PNG_DPI = 150  # what posters are printed at; a large map is then some 7,000 pixels wide
# A very wide map at 150 dpi would be hundreds of thousands of pixels and gigabytes of memory, and open
# in no viewer: past these, the resolution drops until the picture fits (the PNG still prints at size).
MAX_PNG_SIDE = 32_767  # what image viewers and libraries reliably open
MAX_PNG_PIXELS = 100_000_000  # 400 MB of RGBA while it is drawn
_SVG_SIZE = re.compile(rb'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"')
_FONTS = Path(__file__).with_name("fonts")
FONT_FILES = tuple(str(_FONTS / name) for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"))
# Each face reportlab knows the shipped font by; svglib is told to draw every family the SVG names with them
_PLAIN, _BOLD, _OBLIQUE = "JourneymapDejaVuSans", "JourneymapDejaVuSans-Bold", "JourneymapDejaVuSans-Oblique"
_PDF_FACES = {_PLAIN: "DejaVuSans.ttf", _BOLD: "DejaVuSans-Bold.ttf", _OBLIQUE: "DejaVuSans-Oblique.ttf"}
PACKAGES = {"png": ("resvg-py",), "pdf": ("svglib", "reportlab")}
_MODULES = {"png": ("resvg_py",), "pdf": ("svglib", "reportlab")}


class ConversionError(Exception):
    """The library could not turn this SVG into PNG or PDF."""


def available(output_format: str) -> bool:
    """Whether the libraries that make `output_format` are installed (without importing them)."""
    return all(importlib.util.find_spec(module) is not None for module in _MODULES[output_format])


def convert(svg: bytes, output_format: str, page: Paper | None = None) -> bytes:
    """The SVG as a complete PNG or PDF file: of the drawing's own size, or fitted to `page`."""
    return png(svg, page) if output_format == "png" else pdf(svg, page)


def png(svg: bytes, page: Paper | None = None) -> bytes:
    """The SVG drawn at PNG_DPI (or less, for a huge one); on `page`, the page at its own resolution."""
    import resvg_py

    if page is not None:
        svg, dpi = _sheet(svg, page), page.png_dpi
    else:
        dpi = png_dpi(svg)
    try:
        drawn = resvg_py.svg_to_bytes(
            svg_string=svg.decode("utf-8"), skip_system_fonts=True, font_files=list(FONT_FILES), dpi=dpi
        )
    except ValueError as error:
        raise ConversionError(str(error) or "resvg could not draw the SVG") from error
    return _with_resolution(bytes(drawn), dpi)


def _sheet(svg: bytes, page: Paper) -> bytes:
    paged = on_page(svg, page)
    if paged is svg:
        raise ConversionError("the SVG does not give its size in points, so it cannot be fitted to the page")
    return paged


def png_dpi(svg: bytes) -> int:
    """PNG_DPI, or less for a picture that would otherwise pass MAX_PNG_SIDE or MAX_PNG_PIXELS."""
    size = _SVG_SIZE.search(svg, 0, 2000)
    if size is None:
        return PNG_DPI
    width, height = (max(float(value), 1.0) / 72 for value in size.groups())  # inches
    fitting = min(MAX_PNG_SIDE / max(width, height), (MAX_PNG_PIXELS / (width * height)) ** 0.5)
    return max(1, min(PNG_DPI, int(fitting)))


def pdf(svg: bytes, page: Paper | None = None) -> bytes:
    """The SVG as one page of its own size in points (Graphviz's "pt" are PDF points), or as `page` with
    the drawing scaled to fit and centred (text stays text); byte-identical on every run."""
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas
    from svglib.svglib import SvgRenderer, load_svg_file

    font_map = _font_map()
    root = load_svg_file(io.BytesIO(svg))  # entities unresolved, nothing fetched
    if root is None:
        raise ConversionError("svglib could not read the SVG")
    _set_in_visual_order(root)
    try:
        drawing = SvgRenderer("", font_map=font_map).render(root)
        drawing.initialFontName = _PLAIN  # the canvas's and drawing's first font: else an unused Helvetica is declared
        written = io.BytesIO()
        size = page.size_in_points if page is not None else (drawing.width, drawing.height)
        # invariant: no creation date, a fixed document id and font subset names, so --check compares bytes
        canvas = Canvas(written, pagesize=size, invariant=1, pageCompression=1, initialFontName=_PLAIN)
        if page is not None:
            scale, x, y = fit(page, drawing.width, drawing.height)
            canvas.translate(x, y)
            canvas.scale(scale, scale)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.showPage()
        canvas.save()
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise ConversionError(str(error) or "svglib could not convert the SVG") from error
    return written.getvalue()


def _set_in_visual_order(root) -> None:  # noqa: ANN001 -- an lxml element, imported only with svglib
    """Right-to-left text in the order and joined forms it is seen in: reportlab sets characters as they come.

    A line in bold or oblique with a letter that face lacks and the plain face has (the oblique has no Arabic)
    is drawn in the plain face, as resvg draws it, rather than with empty boxes.
    """
    plain = _characters(_PLAIN)
    for element in root.iter("{http://www.w3.org/2000/svg}text"):
        text = "".join(element.itertext())
        face = _face(element.get("font-weight", "normal"), element.get("font-style", "normal"))
        if face != _PLAIN and any(ord(char) in plain and ord(char) not in _characters(face) for char in text):
            element.attrib.pop("font-weight", None)
            element.attrib.pop("font-style", None)
            face = _PLAIN
        characters = _characters(face)
        drawable = lambda char: ord(char) in characters  # noqa: E731, B023 -- used at once, in this iteration
        element.text = element.text and visual.visual(element.text, drawable)
        for part in element.iter("{http://www.w3.org/2000/svg}tspan"):
            part.text = part.text and visual.visual(part.text, drawable)
            part.tail = part.tail and visual.visual(part.tail, drawable)


@functools.cache
def _characters(face: str) -> dict[int, int]:
    """The code points the face has a glyph for."""
    from reportlab.pdfbase import pdfmetrics

    _font_map()
    return pdfmetrics.getFont(face).face.charToGlyph


@functools.cache
def _font_map():  # noqa: ANN202 -- an svglib FontMap, imported only here
    """The shipped faces, registered with reportlab, for svglib to draw every font family with."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from svglib.fonts import FontMap

    class ShippedFaces(FontMap):
        """Any family in the shipped font: what text was measured with, and never a system font or Helvetica."""

        def find_font(self, font_name: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
            return _face(weight, style), True

    logging.getLogger("svglib").addHandler(logging.NullHandler())  # the library never prints
    for name, file_name in _PDF_FACES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(_FONTS / file_name)))
    return ShippedFaces()


def _face(weight: str, style: str) -> str:
    """The shipped face for an SVG font-weight and font-style; there is no bold oblique, and journeymap draws none."""
    if weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600):
        return _BOLD
    return _OBLIQUE if style in ("italic", "oblique") else _PLAIN


def _with_resolution(png_data: bytes, dpi: int) -> bytes:
    """The PNG with a pHYs chunk after its header, so that it prints at `dpi` and not at the viewer's guess."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    header_end = 8 + 4 + 4 + 13 + 4  # signature, then IHDR: length, type, 13 bytes of data, CRC
    return png_data[:header_end] + chunk + png_data[header_end:]
