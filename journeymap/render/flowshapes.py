"""The few shapes the flow view draws beyond the canvas's own: links that leave and reach a box at a
chosen point of its border, persona marks, and invisible ends for the legend's sample arrows."""

from __future__ import annotations

from journeymap.render.canvas import Canvas


class FlowCanvas(Canvas):
    def link(
        self, tail: str, head: str, color: str, pen: float, *, arrow: bool = False, dashed: bool = False,
        tail_port: str | None = None, head_port: str | None = None,
    ) -> None:  # fmt: skip
        """A straight line from the tail's border (at `tail_port`, a compass point, if given) to the head's."""
        attributes = f'color="{color}", penwidth="{pen:g}"'
        if arrow:
            attributes += ', arrowhead="normal", arrowsize="0.7"'
        if dashed:
            attributes += ', style="dashed"'
        if tail_port:
            attributes += f', tailport="{tail_port}"'
        if head_port:
            attributes += f', headport="{head_port}"'
        self._statements.append(f"  {tail} -> {head} [{attributes}];")

    def mark(self, name: str, kind: str, cx: float, cy: float, size: float, shape: str, fill: str) -> None:
        """A small filled shape centred on (cx, cy): a persona told by its shape as well as its colour."""
        attributes = f'shape="{shape}", style="filled", fillcolor="{fill}", color="{fill}"'
        self._node(name, kind, cx - size / 2, cy - size / 2, size, size, attributes)

    def anchor(self, name: str, x: float, y: float) -> None:
        """An invisible point for a line to start or end at."""
        self._node(name, "anchor", x, y, 0.5, 0.5, 'shape="point", style="invis"')
