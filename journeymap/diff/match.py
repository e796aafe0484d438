"""Which element of the base is which element of the head.

The rule, in order:

1. **By id.** Two elements with the same id are the same element, wherever they are listed (ids are
   unique in a map). Two elements with different ids are never the same.
2. **By text, exactly** (after folding case and runs of spaces): an element without an id on one side is
   the one with the same name (a step, metric or action) or description (a pain point or opportunity) on
   the other side, in the same stage first, then in any stage (a step moved to another stage). Repeated
   texts pair in the order they are written.
3. **By text, nearly**, among what is left in one stage only: the pairs whose texts are at least
   `SIMILAR` alike (difflib's ratio), the most alike first. So an edited name of a step without an id
   reads as a change, not as a step removed and another added. A stage with more than `MAX_FUZZY`
   elements left on either side is not searched: too many lookalikes for a guess to be trusted (and the
   search would grow with the square of them).

Everything else is removed (base) or added (head). Each step is a dictionary lookup per element, so
matching is linear in the elements of the two maps, plus the capped search per stage.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from journeymap.record import Tuple

SIMILAR = 0.8
MAX_FUZZY = 40

T = TypeVar("T")


class Placed(Tuple):
    """An element and where it is listed: the id of its stage ("" for top-level lists) and its index there."""

    stage: str
    index: int
    element: T


class Matching(Tuple):
    head: tuple[Placed[T], ...]  # every element of the head, in order
    base_of: tuple[Placed[T] | None, ...]  # the base element each of them is, None for one added
    removed: tuple[Placed[T], ...]  # the base elements that are none of them, in order

    @property
    def pairs(self) -> tuple[tuple[Placed[T], Placed[T]], ...]:
        """(base, head) of every element on both sides, in the head's order."""
        return tuple((old, new) for old, new in zip(self.base_of, self.head) if old is not None)

    @property
    def added(self) -> tuple[Placed[T], ...]:
        return tuple(new for old, new in zip(self.base_of, self.head) if old is None)


def normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def match(base: Sequence[Placed[T]], head: Sequence[Placed[T]], text: Callable[[T], str]) -> Matching[T]:
    """Pair the elements of two sides by the rule above; `text` gives an element's name or description."""
    found: dict[int, int] = {}  # head index -> base index
    _by_id(base, head, found)
    texts = ([normalised(text(p.element)) for p in base], [normalised(text(p.element)) for p in head])
    for same_stage in (True, False):
        _by_text(base, head, texts, found, same_stage)
    _by_likeness(base, head, texts, found)
    taken = set(found.values())
    return Matching(
        head=tuple(head),
        base_of=tuple(base[found[j]] if j in found else None for j in range(len(head))),
        removed=tuple(p for i, p in enumerate(base) if i not in taken),
    )


def _id(placed: Placed[Any]) -> str | None:
    return getattr(placed.element, "id", None)


def _by_id(base: Sequence[Placed[T]], head: Sequence[Placed[T]], found: dict[int, int]) -> None:
    ids: dict[str, int] = {}
    for i, placed in enumerate(base):
        if _id(placed) is not None:
            ids.setdefault(_id(placed), i)  # type: ignore[arg-type]
    taken: set[int] = set()
    for j, placed in enumerate(head):
        i = ids.get(_id(placed)) if _id(placed) is not None else None  # type: ignore[arg-type]
        if i is not None and i not in taken:
            found[j] = i
            taken.add(i)


def _may_pair(one: Placed[Any], other: Placed[Any]) -> bool:
    """Text may pair elements only where one of them has no id: different ids are different elements."""
    return _id(one) is None or _id(other) is None


def _by_text(
    base: Sequence[Placed[T]], head: Sequence[Placed[T]], texts: tuple[list[str], list[str]], found: dict[int, int],
    same_stage: bool,
) -> None:  # fmt: skip
    taken = set(found.values())
    waiting: dict[tuple[str, str], list[int]] = {}
    for i, placed in enumerate(base):
        if i not in taken:
            waiting.setdefault((placed.stage if same_stage else "", texts[0][i]), []).append(i)
    for j, placed in enumerate(head):
        if j in found:
            continue
        candidates = waiting.get((placed.stage if same_stage else "", texts[1][j]), [])
        chosen = next((i for i in candidates if _may_pair(base[i], placed)), None)
        if chosen is not None:
            candidates.remove(chosen)
            found[j] = chosen


def _by_likeness(
    base: Sequence[Placed[T]], head: Sequence[Placed[T]], texts: tuple[list[str], list[str]], found: dict[int, int]
) -> None:
    taken = set(found.values())
    left: dict[str, tuple[list[int], list[int]]] = {}
    for i, placed in enumerate(base):
        if i not in taken:
            left.setdefault(placed.stage, ([], []))[0].append(i)
    for j, placed in enumerate(head):
        if j not in found and placed.stage in left:
            left[placed.stage][1].append(j)
    for olds, news in left.values():
        if not news or len(olds) > MAX_FUZZY or len(news) > MAX_FUZZY:
            continue
        scored = sorted(
            (-ratio, j, i) for j in news for i in olds
            if _may_pair(base[i], head[j]) and (ratio := _likeness(texts[0][i], texts[1][j])) >= SIMILAR
        )  # fmt: skip
        paired: set[int] = set()
        for _, j, i in scored:
            if j not in found and i not in paired:
                found[j] = i
                paired.add(i)


def _likeness(old: str, new: str) -> float:
    import difflib  # only for names that differ: most diffs match every element by id or by its text

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def unmoved(order: Sequence[int]) -> set[int]:
    """The positions in `order` (the base's places of elements, in the head's order) that kept their
    relative order: the longest increasing run, which an insertion elsewhere does not break. The others
    moved. O(n log n)."""
    tails: list[int] = []  # tails[k]: the position ending the best run of length k + 1 found so far
    values: list[int] = []  # order[tails[k]], to search
    before: list[int | None] = [None] * len(order)
    for position, value in enumerate(order):
        k = bisect.bisect_left(values, value)
        if k:
            before[position] = tails[k - 1]
        if k == len(tails):
            tails.append(position)
            values.append(value)
        else:
            tails[k], values[k] = position, value
    kept: set[int] = set()
    at = tails[-1] if tails else None
    while at is not None:
        kept.add(at)
        at = before[at]
    return kept
