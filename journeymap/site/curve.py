"""The emotion curve of the index's cards and the persona pages: a small inline SVG, one point per stage.

    sparkline(points, label, width=120, height=32, inset=None) -> Markup

Scores run from -2 to 2 (emotions.py). A dashed line marks 0 (neutral); a stage without a score (None)
leaves a gap in the line; each score is a dot, `down` below 0, `up` above, `flat` at 0 (site.css colours
them: classes, never style="", for the Content-Security-Policy). `inset` is the space before the first
point and after the last, so that the points sit at the middle of equal columns below (a persona page's
table of scores); the zero line then runs edge to edge. Written in Python rather than as a template macro:
the index draws one per map, and a macro's loops cost a thousand maps a quarter of a second.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape


def sparkline(points: Sequence[float | None], label: str, width: float = 120, height: float = 32,
              inset: float | None = None) -> Markup:  # fmt: skip
    large = height >= 64
    pad = inset if inset is not None else (8 if large else 4)
    edge = 0 if inset is not None else pad
    step = (width - 2 * pad) / ((len(points) - 1) or 1)
    middle = height / 2
    scale = (height / 2 - (10 if large else 4)) / 2
    radius = 4 if large else 1.8
    placed = [None if score is None else (pad + index * step, middle - score * scale, score)
              for index, score in enumerate(points)]  # fmt: skip
    lines = [f'<svg class="sparkline{" large" if large else ""}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
             f'<line class="zero" x1="{edge}" y1="{middle}" x2="{width - edge}" y2="{middle}"/>']  # fmt: skip
    lines += [f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y, _ in run)}"/>' for run in _runs(placed)
              if len(run) > 1]  # fmt: skip
    lines += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" class="{_mood(score)}"/>' for x, y, score in
              (point for point in placed if point is not None)]  # fmt: skip
    return Markup("\n".join([*lines, "</svg>"]))


def _runs(placed: Sequence[tuple[float, float, float] | None]) -> list[list[tuple[float, float, float]]]:
    """The points between gaps."""
    runs: list[list[tuple[float, float, float]]] = [[]]
    for point in placed:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return runs


def _mood(score: float) -> str:
    return "down" if score < 0 else "up" if score > 0 else "flat"
