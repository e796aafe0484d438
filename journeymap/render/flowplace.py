"""Where the flow view puts the touchpoints of one band of steps, so that no link crosses a box it
does not join.

Below the band's steps is one row per channel, each with as many sub-rows as it needs. A touchpoint
the band uses is one chip in its channel's row, in the column that keeps its links shortest (its
first use, or the median of its uses), and every step that uses it is linked to it by a straight
line from the step's bottom to the chip's top. Chips are placed row by row from the top, and a
place is taken only when no link of the new chip passes through a chip placed before and no link
placed before passes through the new chip; else the next column, or a sub-row further down.

A chip is narrower than a step by `CHIP_MARGIN` on each side, so the vertical line down from a
step's corner touches no chip at all: a step can always reach a chip in its own column or the next
one from that corner (tail port `sw` or `se` to head port `nw` or `ne`). That makes a place that
always works, in a new sub-row under the step, should a touchpoint's uses be too far apart for any
one place: the touchpoint then gets a second chip for the uses the first cannot reach.

Coordinates are the band's own, in points: x from the left edge of its first step, y downwards
from the bottom of its steps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from journeymap.record import Tuple

STEP_WIDTH, STEP_GAP = 150.0, 30.0
PITCH = STEP_WIDTH + STEP_GAP
CHIP_MARGIN = 10.0
CHIP_WIDTH = STEP_WIDTH - 2 * CHIP_MARGIN
CHIP_HEIGHT = 42.0
LEVEL_GAP = 8.0  # between the sub-rows of a row
FAN = 34.0  # between the steps and the first row, where the links spread out
ROW_GAP = 20.0  # between two rows (their rule in the middle)
_EPSILON = 0.5  # a line that only grazes a box's border does not cross it
# Room a link keeps from boxes it does not join, so that it cannot be read as joining them: from a chip,
# and under the band's other steps (a shallow line just under a step looks like that step's).
CHIP_CLEARANCE, STEP_CLEARANCE = 4.0, 14.0

_STEP_PORTS = {"s": 0.5, "sw": 0.0, "se": 1.0}  # where on the step's bottom edge, as a share of its width
_CHIP_PORTS = {"n": 0.5, "nw": 0.0, "ne": 1.0}
# The ends a link may take, best first, by where the chip stands against the step: centre to centre,
# else from the corner on the chip's side, whose vertical line no chip can stand on.
_ROUTES = {
    "same": (("s", "n"), ("sw", "nw"), ("se", "ne"), ("s", "nw"), ("s", "ne")),
    "left": (("s", "n"), ("sw", "ne"), ("sw", "n"), ("s", "ne")),
    "right": (("s", "n"), ("se", "nw"), ("se", "n"), ("s", "nw")),
}


class Box(Tuple):
    left: float
    top: float
    right: float
    bottom: float


class Wanted(Tuple):
    """A touchpoint the band's steps use: its row, and the columns of the steps that use it, in order."""

    touchpoint: str
    row: str
    columns: tuple[int, ...]


class Chip(Tuple):
    touchpoint: str
    row: str
    level: int
    column: int
    box: Box


class Link(Tuple):
    column: int  # the step's, in the band
    chip: int  # its index in the layout's chips
    tail: str  # compass port on the step
    head: str  # compass port on the chip


class Row(Tuple):
    key: str
    top: float
    levels: int

    @property
    def height(self) -> float:
        return self.levels * (CHIP_HEIGHT + LEVEL_GAP) - LEVEL_GAP


class Layout(Tuple):
    rows: tuple[Row, ...]
    chips: tuple[Chip, ...]
    links: tuple[Link, ...]
    height: float  # from the steps' bottom to the last row's bottom (0 without rows)


def crosses(start: tuple[float, float], end: tuple[float, float], box: Box) -> bool:
    """Whether the segment passes through the inside of the box (Liang-Barsky clipping)."""
    return _crossing(((start, end),), (box,))


# A box this far beyond a segment's extent cannot be crossed by it, whatever the rounding: placing a band's
# chips tests thousands of links against every box, nearly all of them far apart.
_FAR = 1.0

Segment = tuple[tuple[float, float], tuple[float, float]]


def _crossing(segments: Iterable[Segment], boxes: Sequence[Box]) -> bool:
    """Whether any of the segments passes through the inside of any of the boxes (Liang-Barsky clipping, asked
    only of the boxes near each segment). The hottest loop of the flow view: one function, with no call or
    attribute lookup per segment or box."""
    for (x0, y0), (x1, y1) in segments:
        dx, dy = x1 - x0, y1 - y0
        # the bounds a box must reach to be near the segment, taken once for the segment
        left, right = max(x0, x1) - _EPSILON + _FAR, min(x0, x1) + _EPSILON - _FAR
        top, bottom = max(y0, y1) - _EPSILON + _FAR, min(y0, y1) + _EPSILON - _FAR
        for box_left, box_top, box_right, box_bottom in boxes:
            if box_left > left or box_right < right or box_top > top or box_bottom < bottom:
                continue
            low, high = 0.0, 1.0
            edges = ((-dx, x0 - box_left - _EPSILON), (dx, box_right - _EPSILON - x0),
                     (-dy, y0 - box_top - _EPSILON), (dy, box_bottom - _EPSILON - y0))  # fmt: skip
            for p, q in edges:
                if p == 0:
                    if q < 0:
                        break
                    continue
                t = q / p
                if p < 0:  # low = max(low, t) and high = min(high, t), without the calls
                    if t > low:  # noqa: PLR1730 -- as said above
                        low = t
                elif t < high:
                    high = t
                if low >= high:
                    break
            else:
                return True
    return False


def step_port(column: int, port: str) -> tuple[float, float]:
    return column * PITCH + _STEP_PORTS[port] * STEP_WIDTH, 0.0


def chip_port(box: Box, port: str) -> tuple[float, float]:
    return box.left + _CHIP_PORTS[port] * (box.right - box.left), box.top


def _grown(box: Box, by: float, below: float | None = None) -> Box:
    return Box(box.left - by, box.top - by, box.right + by, box.bottom + (by if below is None else below))


class _Board:
    """What is placed so far: the chips' boxes and the links' segments, and which places are taken; and the
    room each step of the band keeps under it."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.chips: list[Chip] = []
        self.kept: list[Box] = []  # each chip's box with the room links keep from it
        self.links: list[Link] = []
        self.segments: list[Segment] = []
        self.taken: set[tuple[str, int, int]] = set()
        steps = (Box(c * PITCH, -1.0, c * PITCH + STEP_WIDTH, 0.0) for c in range(width))
        self.under_steps = [_grown(box, CHIP_CLEARANCE, STEP_CLEARANCE) for box in steps]  # with the room under each
        self._passed: dict[tuple[int, int], tuple[Box, ...]] = {}  # _other_steps, by the link's two columns

    def clear_of_links(self, box: Box) -> bool:
        return not _crossing(self.segments, (_grown(box, CHIP_CLEARANCE),))

    def route(self, column: int, box: Box, chip_column: int) -> tuple[str, str] | None:
        """The ports of a link from the step in `column` to the chip that keeps clear of every other chip and
        step, if any."""
        side = "same" if chip_column == column else "left" if chip_column < column else "right"
        others = self._other_steps(column, chip_column)
        for tail, head in _ROUTES[side]:
            link = ((step_port(column, tail), chip_port(box, head)),)
            if not _crossing(link, self.kept) and not _crossing(link, others):
                return tail, head
        return None

    def _other_steps(self, column: int, chip_column: int) -> tuple[Box, ...]:
        """The room under the steps a link between the two columns passes, but the one it starts from."""
        found = self._passed.get((column, chip_column))
        if found is None:
            low, high = sorted((column, chip_column))
            steps = self.under_steps[max(0, low - 1) : high + 2]  # a straight line stays between its ends
            found = tuple(room for index, room in enumerate(steps, start=max(0, low - 1)) if index != column)
            self._passed[(column, chip_column)] = found
        return found

    def add(self, chip: Chip, routes: Iterable[tuple[int, tuple[str, str]]]) -> None:
        index = len(self.chips)
        self.chips.append(chip)
        self.kept.append(_grown(chip.box, CHIP_CLEARANCE))
        self.taken.add((chip.row, chip.level, chip.column))
        for column, (tail, head) in routes:
            self.links.append(Link(column, index, tail, head))
            self.segments.append((step_port(column, tail), chip_port(chip.box, head)))


def chip_box(column: int, top: float) -> Box:
    left = column * PITCH + CHIP_MARGIN
    return Box(left, top, left + CHIP_WIDTH, top + CHIP_HEIGHT)


def place_band(wanted: Sequence[Wanted], rows: Sequence[str], width: int, gap_before: Callable[[str], float]) -> Layout:
    """The band's rows in the order given (those no chip wants left out), with each wanted chip placed.

    `width`: the band's number of columns; `gap_before(row)`: the room above a row, after the one before.
    """
    board = _Board(width)
    placed_rows = []
    top = FAN
    for index, row in enumerate(key for key in rows if any(item.row == key for item in wanted)):
        top += gap_before(row) if index else 0.0
        levels = _place_row(board, [item for item in wanted if item.row == row], row, top, width)
        # A row whose chips all needed a longer drop than its first sub-row starts where they do.
        first = _drop_empty_levels(board, row)
        top += first * (CHIP_HEIGHT + LEVEL_GAP)
        placed_rows.append(Row(row, top, levels - first))
        top += (levels - first) * (CHIP_HEIGHT + LEVEL_GAP) - LEVEL_GAP
    height = top if placed_rows else 0.0
    return Layout(tuple(placed_rows), tuple(board.chips), tuple(board.links), height)


def _drop_empty_levels(board: _Board, row: str) -> int:
    """How many sub-rows at the top of the row no chip took; the row's chips are renumbered from the first taken."""
    first = min(chip.level for chip in board.chips if chip.row == row)
    if first:
        board.chips[:] = [chip._replace(level=chip.level - first) if chip.row == row else chip for chip in board.chips]
    return first


def _place_row(board: _Board, wanted: Sequence[Wanted], row: str, top: float, width: int) -> int:
    """Places the row's chips in order of first use; returns how many sub-rows the row took."""
    levels = 1
    for item in sorted(wanted, key=lambda item: item.columns[0]):
        columns = item.columns
        while columns:  # more than once only when no one place reaches every use
            columns, used = _place_chip(board, item, columns, row, top, width, levels)
            levels = max(levels, used + 1)
    return levels


def _place_chip(
    board: _Board, item: Wanted, columns: tuple[int, ...], row: str, top: float, width: int, levels: int
) -> tuple[tuple[int, ...], int]:
    """Places one chip for `columns` (the steps to link); returns the columns still to link, and its level."""
    best: tuple[int, Chip, list[tuple[int, tuple[str, str]]]] | None = None
    for level in range(levels + 1):  # the row's sub-rows, then a new one under them
        box_top = top + level * (CHIP_HEIGHT + LEVEL_GAP)
        for column in _candidates(columns, width):
            if (row, level, column) in board.taken:
                continue
            box = chip_box(column, box_top)
            if not board.clear_of_links(box):
                continue
            reached = _reached(board, columns, box, column, best[0] if best is not None else None)
            if len(reached) == len(columns):
                board.add(Chip(item.touchpoint, row, level, column, box), reached)
                return (), level
            if reached and (best is None or len(reached) > best[0]):
                best = (len(reached), Chip(item.touchpoint, row, level, column, box), reached)
    if best is not None:
        _, chip, reached = best
        board.add(chip, reached)
        linked = {use for use, _ in reached}
        return tuple(use for use in columns if use not in linked), chip.level
    # Under the first step, in a sub-row of its own: no link ends below it yet, and its corner's line is clear.
    first = columns[0]
    box = chip_box(first, top + levels * (CHIP_HEIGHT + LEVEL_GAP))
    board.add(Chip(item.touchpoint, row, levels, first, box), [(first, ("sw", "nw"))])
    return columns[1:], levels


def _reached(
    board: _Board, columns: tuple[int, ...], box: Box, column: int, to_beat: int | None
) -> list[tuple[int, tuple[str, str]]]:
    """The uses a chip in `box` (in `column`) can be linked to, with their ports; cut short once it can reach
    neither every use nor more than `to_beat` of them: such a place would not be taken."""
    uses = tuple(dict.fromkeys(columns))
    reached = []
    for position, use in enumerate(uses):
        ports = board.route(use, box, column)
        if ports is not None:
            reached.append((use, ports))
        elif to_beat is not None and len(reached) + len(uses) - position - 1 <= to_beat:
            break
    return reached


def _candidates(columns: tuple[int, ...], width: int) -> list[int]:
    """The columns a chip may stand in, from one short of its first use to one past its last: shortest links
    first (the median of its uses), then nearest its first use."""
    low, high = max(0, min(columns) - 1), min(width - 1, max(columns) + 1)
    return sorted(range(low, high + 1), key=lambda c: (sum(abs(c - use) for use in columns), abs(c - columns[0]), c))
