"""Paper sizes for `render --paper`: ISO 216 A sizes, landscape unless `-portrait` is asked for."""

from __future__ import annotations

from typing import NamedTuple

_ISO_A = {"a4": (297.0, 210.0), "a3": (420.0, 297.0), "a2": (594.0, 420.0), "a1": (841.0, 594.0), "a0": (1189.0, 841.0)}
PAPERS = (*_ISO_A, *(f"{name}-portrait" for name in _ISO_A), *(f"{name}-landscape" for name in _ISO_A))
MM = 72 / 25.4  # points per millimetre


class Paper(NamedTuple):
    name: str  # as asked for: "a1", "a3-portrait"
    width: float  # in millimetres, as the page is held
    height: float

    @property
    def size_in_points(self) -> tuple[float, float]:
        return self.width * MM, self.height * MM


def paper(name: str) -> Paper:
    """The page a --paper value names; the value must be one of PAPERS."""
    size, _, orientation = name.lower().partition("-")
    long_side, short_side = _ISO_A[size]
    if orientation == "portrait":
        return Paper(name.lower(), short_side, long_side)
    return Paper(name.lower(), long_side, short_side)
