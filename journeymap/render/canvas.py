"""A drawing surface that writes DOT: boxes, text and lines at positions journeymap computed.

The map view is a poster, not a graph, so journeymap places every shape itself
and asks Graphviz only to draw them (`layout=nop2`: positions given in points,
nothing moved). That works the same with the system `dot` and with the embedded
WebAssembly build, which has no HTML-like labels. Coordinates here run from the
top-left corner, x to the right and y downwards.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from journeymap.render.text import escape

# The faces of the font shipped in render/fonts, by the names fontconfig knows them by (so a system
# dot drawing PNG itself finds them where they are installed); SVG output names fallbacks too (engines.py).
FONT = "DejaVu Sans"
BOLD = "DejaVu Sans Bold"
ITALIC = "DejaVu Sans Oblique"
_ALIGN = {"left": "\\l", "center": "\\n", "right": "\\r"}
SLACK = 40.0
_SHIFT = {"left": 0.0, "center": SLACK / 2, "right": SLACK}  # a text node's left edge, before its text
INSET = 6.0  # text margin inside a labelled box


@dataclass(frozen=True, slots=True)
class Font:
    size: float = 10
    color: str = "#1f2d3d"
    face: str = FONT


def _points(value: float) -> str:
    """A length in points with at most 2 decimals, as Graphviz reads `pos` and `penwidth`."""
    return _cached_decimals(value, 2) if value else _decimals(value, 2)  # zero: see _cached_decimals


def _inches(value: float) -> str:
    """A length in points written in inches with at most 4 decimals, as Graphviz reads `width` and `height`."""
    inches = value / 72
    return _cached_decimals(inches, 4) if inches else _decimals(inches, 4)


def _decimals(value: float, digits: int) -> str:
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


# Shapes share a few sizes and many positions, so each number is formatted once. Not zero:
# 0.0 and -0.0 are one key of a cache, but are written "0" and "-0".
_cached_decimals = functools.lru_cache(maxsize=4096)(_decimals)


@dataclass
class Canvas:
    """Shapes in drawing order; later shapes are drawn on top of earlier ones."""

    _statements: list[str] = field(default_factory=list)
    _names: set[str] = field(default_factory=set)
    _prefix: str = ""  # put before every name drawn through this canvas

    def within(self, prefix: str) -> Canvas:
        """The same drawing, with every shape drawn through the result named `prefix` first: a part drawn
        again further down (a band of the map view) keeps the names it has when drawn once."""
        return Canvas(self._statements, self._names, self._prefix + prefix)

    def _node(self, name: str, kind: str, x: float, y: float, w: float, h: float, attributes: str) -> None:
        """A shape of w by h points at (x, y); `attributes` are the shape's own, written as DOT."""
        name = self._prefix + name
        if name in self._names:
            raise ValueError(f"duplicate shape name {name!r}")  # a bug in a view, never user input
        self._names.add(name)
        center = f"{_points(x + w / 2)},{_points(-(y + h / 2))}"
        self._statements.append(
            f'  {name} [id="{name}", class="{kind}", pos="{center}", width="{_inches(w)}", height="{_inches(h)}", '
            f"{attributes}];"
        )

    def box(
        self, name: str, kind: str, x: float, y: float, w: float, h: float, *,
        fill: str | None = None, border: str | None = None, rounded: bool = False, dashed: bool = False,
        pen: float = 1.0, lines: Sequence[str] = (), font: Font | None = None,
    ) -> None:  # fmt: skip
        """A rectangle; with `lines`, with that text inside it, left-aligned from the top."""
        styles = [style for style, wanted in (("filled", fill), ("rounded", rounded), ("dashed", dashed)) if wanted]
        attributes = f'shape="box", style="{",".join(styles) or "solid"}", color="{border or "none"}"'
        if fill:
            attributes += f', fillcolor="{fill}"'
        if pen != 1.0:
            attributes += f', penwidth="{_points(pen)}"'
        self._node(name, kind, x, y, w, h, attributes)
        if lines and font:
            self.text(f"{name}_text", "text", x + INSET, y + INSET, w - 2 * INSET, lines, font)

    def rule(
        self, name: str, kind: str, x: float, y: float, w: float, color: str, *, dashed: bool = False, pen: float = 1.0
    ) -> None:
        """A horizontal line at height y: the bottom edge of a flat `underline` shape."""
        attributes = f'shape="underline", style="{"dashed" if dashed else "solid"}", color="{color}"'
        if pen != 1.0:
            attributes += f', penwidth="{_points(pen)}"'
        self._node(name, kind, x, y - 2, w, 2, attributes)

    def text(
        self, name: str, kind: str, x: float, y: float, w: float, lines: Sequence[str], font: Font,
        *, align: str = "left", height: float | None = None,
    ) -> None:  # fmt: skip
        """Lines of text whose box starts at (x, y); `height` defaults to the lines' own height."""
        end = _ALIGN[align]
        label = "".join([escape(line) + end for line in lines])
        h = height if height is not None else len(lines) * font.size * 1.2
        attributes = f'shape="plaintext", labelloc="t", label="{label}"{_font(font)}'
        # Graphviz centres a label wider than its node, so the node gets room to spare on the side the
        # text runs to: text measured a little wider by some font engine then still starts where it should.
        self._node(name, kind, x - _SHIFT[align], y, w + SLACK, h, attributes)

    def disc(self, name: str, kind: str, cx: float, cy: float, radius: float, fill: str, label: str = "") -> None:
        attributes = f'shape="circle", style="filled", fillcolor="{fill}", color="white", penwidth="1.5"'
        if label:
            attributes += f', label="{escape(label)}", fontsize="7", fontname="{BOLD}", fontcolor="white"'
        self._node(name, kind, cx - radius, cy - radius, 2 * radius, 2 * radius, attributes)

    def marker(
        self, name: str, kind: str, cx: float, cy: float, radius: float, shape: str, *,
        fill: str | None, border: str, pen: float = 1.5, label: str = "", label_color: str = "white",
    ) -> None:  # fmt: skip
        """A small shape (a Graphviz `shape`: circle, box, diamond, triangle...) centred on (cx, cy); without
        `fill`, an outline; with `label`, a few characters inside it."""
        style = "filled" if fill else "solid"
        attributes = f'shape="{shape}", style="{style}", color="{border}", penwidth="{_points(pen)}"'
        if fill:
            attributes += f', fillcolor="{fill}"'
        if label:
            attributes += f', label="{escape(label)}", fontsize="7", fontname="{BOLD}", fontcolor="{label_color}"'
        self._node(name, kind, cx - radius, cy - radius, 2 * radius, 2 * radius, attributes)

    def segment(
        self, tail: str, head: str, color: str, pen: float, *, arrow: bool = False, dashed: bool = False
    ) -> None:
        """A straight line between two shapes, clipped at their borders."""
        head_style = ', arrowhead="normal", arrowsize="0.7"' if arrow else ""
        dash = ', style="dashed"' if dashed else ""
        tail, head = self._prefix + tail, self._prefix + head
        self._statements.append(f'  {tail} -> {head} [color="{color}", penwidth="{_points(pen)}"{dash}{head_style}];')

    def dot(self, comment: str, *, lines_under_shapes: bool = False) -> str:
        """The DOT source; lines are drawn over the shapes unless `lines_under_shapes`."""
        order = "edgesfirst" if lines_under_shapes else "nodesfirst"
        header = [
            f"// {comment}",
            "// Positions are in points and final: draw with `dot -Tsvg`, which reads layout=nop2 below.",
            "digraph journeymap {",
            f'  graph [layout="nop2", outputorder="{order}", splines="line", pad="0.3", bgcolor="white"];',
            f'  node [fixedsize="true", fontname="{FONT}", fontsize="10", margin="0,0", label=""];',
            '  edge [arrowhead="none"];',
        ]
        return "\n".join([*header, *self._statements, "}", ""])


@functools.lru_cache(maxsize=256)  # a view uses a dozen fonts for hundreds of texts
def _font(font: Font) -> str:
    """The font's attributes as DOT, each after a comma; the face only when it is not the default."""
    attributes = f', fontsize="{_points(font.size)}", fontcolor="{font.color}"'
    return attributes + f', fontname="{font.face}"' if font.face != FONT else attributes
