"""Paper sizes for `render --paper`: ISO 216 A sizes, landscape unless `-portrait` is asked for.

A diagram on paper keeps its proportions: it is scaled to fit inside a white margin and centred on the
page. The PDF's page is the paper, the PNG has the paper's size in pixels at a resolution for its size
(and says so, so it prints at size), and the SVG measures the paper in millimetres (`on_page`).
"""

from __future__ import annotations

import re

from journeymap.record import Tuple

_ISO_A = {"a4": (297.0, 210.0), "a3": (420.0, 297.0), "a2": (594.0, 420.0), "a1": (841.0, 594.0), "a0": (1189.0, 841.0)}
PAPERS = (*_ISO_A, *(f"{name}-portrait" for name in _ISO_A), *(f"{name}-landscape" for name in _ISO_A))
MM = 72 / 25.4  # points per millimetre
MARGIN = 10.0  # millimetres of white paper on every side, where printers cannot print and hands hold a poster
# Pixels per inch of a PNG on paper: fine print for the small sheets read at arm's length, 150 for
# posters read from a step away; every size is then 9 to 35 million pixels, a few megabytes.
PNG_DPI = {"a4": 300, "a3": 200, "a2": 200, "a1": 150, "a0": 150}
# Graphviz's root element: the drawing's size in points, then the box it is drawn in
_SVG_ROOT = re.compile(
    rb'<svg width="[0-9.]+pt" height="[0-9.]+pt"\s+viewBox="([-0-9.]+) ([-0-9.]+) ([0-9.]+) ([0-9.]+)"'
)


class Paper(Tuple):
    name: str  # as asked for: "a1", "a3-portrait"
    width: float  # in millimetres, as the page is held
    height: float

    @property
    def size_in_points(self) -> tuple[float, float]:
        return self.width * MM, self.height * MM

    @property
    def png_dpi(self) -> int:
        return PNG_DPI[self.name.partition("-")[0]]

    @property
    def png_size(self) -> tuple[int, int]:
        """The page in pixels at png_dpi, as resvg rounds it."""
        return round(self.width / 25.4 * self.png_dpi), round(self.height / 25.4 * self.png_dpi)

    @property
    def aspect(self) -> float:
        return self.width / self.height


class Fit(Tuple):
    """Where a drawing lands on a page, in points from the page's bottom-left corner (as PDF counts)."""

    scale: float
    x: float
    y: float


def paper(name: str) -> Paper:
    """The page a --paper value names; the value must be one of PAPERS."""
    size, _, orientation = name.lower().partition("-")
    long_side, short_side = _ISO_A[size]
    if orientation == "portrait":
        return Paper(name.lower(), short_side, long_side)
    return Paper(name.lower(), long_side, short_side)


def fit(page: Paper, width: float, height: float) -> Fit:
    """A drawing of `width` by `height` points, as large as fits inside the margin, centred."""
    page_width, page_height = page.size_in_points
    room = 2 * MARGIN * MM
    scale = min((page_width - room) / max(width, 1.0), (page_height - room) / max(height, 1.0))
    return Fit(scale, (page_width - width * scale) / 2, (page_height - height * scale) / 2)


def on_page(svg: bytes, page: Paper) -> bytes:
    """Graphviz's SVG as the page: its size in millimetres, its box widened to the page around the
    drawing (so a viewer scales the drawing as `fit` does), and white paper under it all.

    An SVG that does not start as Graphviz's does is returned as it is: nothing is guessed about it.
    """
    root = _SVG_ROOT.search(svg, 0, 2000)
    if root is None:
        return svg
    left, top, width, height = (float(value) for value in root.groups())
    scale, x, y = fit(page, width, height)
    page_width, page_height = (side / scale for side in page.size_in_points)  # in the drawing's units
    box = (left - x / scale, top - y / scale, page_width, page_height)
    view_box = " ".join(_number(value) for value in box)
    start = f'<svg width="{_number(page.width)}mm" height="{_number(page.height)}mm" viewBox="{view_box}"'
    end = svg.index(b">", root.end()) + 1  # the root's other attributes (namespaces) hold no ">"
    described = svg.find(b"</desc>", end, end + 4000)  # a screen reader's title and description stay first
    end = described + len(b"</desc>") if described >= 0 else end
    sheet = '\n<rect x="{}" y="{}" width="{}" height="{}" fill="white"/>'.format(*view_box.split())
    return svg[: root.start()] + start.encode() + svg[root.end() : end] + sheet.encode() + svg[end:]


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")
