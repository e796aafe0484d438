"""The blueprint's cards and the two shapes only the blueprint draws: persona marks and routed connectors.

A blueprint card is a frame (its fill, border, dash for what the future adds, gold for a moment of
truth) around a map-view card that carries the texts, badges and step number, with a row of persona
marks under them when several personas share the map.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from journeymap.problems import JsonPath
from journeymap.render import theme
from journeymap.render.canvas import Canvas
from journeymap.render.cards import MARKER, PAD_X, Card

MARK = 8.0  # a persona mark's size
MARK_GAP = 4.0
MARKS_ROW = 11.0  # the room the marks take under a card's texts
MOMENT_PEN = 2.0
MOMENT_FRAME = MOMENT_PEN + 0.5  # how far the gold frame stands out of the card


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


class Surface(Canvas):
    """The canvas with the blueprint's own shapes."""

    def mark(self, name: str, kind: str, cx: float, cy: float, shape: str, color: str, size: float = MARK) -> None:
        """A persona's mark: its shape in its colour, so personas are told apart without colour too."""
        attributes = f'shape="{shape}", style="filled", fillcolor="{color}", color="{color}"'
        self._node(name, kind, cx - size / 2, cy - size / 2, size, size, attributes)

    def line(self, name: str, kind: str, x: float, y: float, w: float, color: str, style: str) -> None:
        """A horizontal line at height y, `solid`, `dashed` or `dotted`."""
        self._node(name, kind, x, y - 2, w, 2, f'shape="underline", style="{style}", color="{color}", penwidth="1.4"')

    def route(
        self, tail: str, head: str, points: Sequence[tuple[float, float]], color: str, *,
        dashed: bool = False, pen: float = 1.2,
    ) -> None:  # fmt: skip
        """A line from `tail` to `head` along straight segments through `points` (the last one the tip of an
        arrowhead): Graphviz draws the route as given (layout=nop2), so it runs where journeymap placed it."""
        *path, (tip_x, tip_y) = points
        spline = [path[0]]
        for start, end in itertools.pairwise(path):  # a straight cubic: control points at its ends
            spline += [start, end, end]
        coordinates = " ".join(f"{_points(x)},{_points(-y)}" for x, y in spline)
        style = ', style="dashed"' if dashed else ""
        self._statements.append(
            f'  {tail} -> {head} [pos="e,{_points(tip_x)},{_points(-tip_y)} {coordinates}", color="{color}", '
            f'penwidth="{_points(pen)}", arrowhead="normal", arrowsize="0.5"{style}];'
        )


@dataclass(frozen=True)
class Piece:
    """One card of the blueprint, measured; `serves`: the steps in its column it links up to."""

    kind: str  # evidence, step, action, system
    inner: Card
    fill: str
    border: str
    dashed: bool = False
    moment: bool = False  # a moment of truth: the gold frame
    marks: tuple[int, ...] = ()  # indexes of the shown personas who take the step
    key: JsonPath | None = None  # a step card's step, which connectors reach
    serves: tuple[JsonPath, ...] = ()
    link_color: str = theme.MUTED

    @property
    def height(self) -> float:
        return self.inner.height + (MARKS_ROW if self.marks else 0.0)

    def draw(self, canvas: Surface, name: str, x: float, y: float, w: float, shapes: Sequence[tuple[str, str]]) -> None:
        """The card at (x, y), `w` wide; `shapes`: each shown persona's (shape, colour)."""
        if self.moment:
            pad = MOMENT_FRAME
            canvas.box(f"{name}_mot", "moment-of-truth", x - pad, y - pad, w + 2 * pad, self.height + 2 * pad,
                       border=theme.MOMENT_OF_TRUTH, pen=MOMENT_PEN, rounded=True)  # fmt: skip
        canvas.box(name, self.kind, x, y, w, self.height, fill=self.fill, border=self.border, dashed=self.dashed,
                   pen=1.3 if self.dashed else 1.0)  # fmt: skip
        self.inner.draw(canvas, f"{name}_in", x, y, w)
        left = x + PAD_X + (MARKER if self.inner.marker else 0.0) + MARK / 2  # under the texts
        middle = y + self.inner.height - 1 + MARK / 2
        for position, index in enumerate(self.marks):
            shape, color = shapes[index]
            canvas.mark(f"{name}_p{position}", "persona-mark", left + position * (MARK + MARK_GAP), middle, shape,
                        color)  # fmt: skip
