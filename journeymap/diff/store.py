"""The maps a diff compared, kept in a temporary file (a pickled `MapDiff` each, in a spill.Store) rather than as
values in memory.

A report lists the maps most important first, so it needs every map before it writes the first; ten thousand
maps' changes, held as values, take more memory than the run's largest map. `MapDiffs` is a sequence that reads
its diffs back one at a time, and keeps in memory only what ordering and counting them needs.

    diffs = MapDiffs(); diffs.append(diff); len(diffs); diffs[0]; for diff in diffs: ...
    diffs.in_order(changed_only=True) -> Iterator[MapDiff]   most important changes first, then by path
    diffs.counts() -> dict[str, int]                          changes of each severity over every map
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from journeymap.diff.changes import SEVERITIES, MapDiff
from journeymap.spill import Store


class MapDiffs(Sequence[MapDiff]):
    def __init__(self, diffs: Iterable[MapDiff] = ()) -> None:
        self._store = Store(codec=(_pickled, pickle.loads))  # bytes this object wrote: no one else's pickle
        # each diff's place in the report: the rank of its most important change, then its path (kept apart
        # rather than as one tuple a map, which would be a third of what a diff leaves in memory); the paths
        # only once one comes out of order: diff appends its maps by path, and ten thousand paths would be
        # most of what a diff holds
        self._ranks = bytearray()
        self._paths: list[str] | None = None
        self._last_path = ""
        self._changed = bytearray()  # 1 for a diff whose map changed
        self._counts = dict.fromkeys(SEVERITIES, 0)
        for diff in diffs:
            self.append(diff)

    def append(self, diff: MapDiff) -> None:
        if self._paths is None and diff.path < self._last_path:
            self._paths = [kept.path for kept in self._store.in_order()]
        if self._paths is not None:
            self._paths.append(diff.path)
        self._last_path = diff.path
        self._store.add(diff)
        self._ranks.append(min((change.rank for change in diff.changes), default=len(SEVERITIES)))
        self._changed.append(diff.status != "unchanged")
        for severity, count in diff.counts().items():
            self._counts[severity] += count

    def __len__(self) -> int:
        return len(self._ranks)

    @overload
    def __getitem__(self, index: int) -> MapDiff: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[MapDiff, ...]: ...

    def __getitem__(self, index: int | slice) -> MapDiff | tuple[MapDiff, ...]:
        if isinstance(index, slice):
            return tuple(self[position] for position in range(*index.indices(len(self))))
        return self._store.get(range(len(self))[index])  # IndexError as a list gives it

    def changed_count(self) -> int:
        return sum(self._changed)

    def in_order(self, changed_only: bool = False) -> Iterator[MapDiff]:
        """The diffs with the most important changes first, then by path; `changed_only`: not the unchanged."""
        wanted = (position for position in range(len(self)) if self._changed[position] or not changed_only)
        paths = self._paths
        if paths is None:  # appended in the paths' order, which a stable sort by rank keeps
            positions = sorted(wanted, key=self._ranks.__getitem__)
        else:
            positions = sorted(wanted, key=lambda position: (self._ranks[position], paths[position]))
        return (self[position] for position in positions)

    def counts(self) -> dict[str, int]:
        """Changes of each severity over every map, every severity present, most important first."""
        return dict(self._counts)

    def close(self) -> None:
        self._store.close()


def _pickled(diff: MapDiff) -> bytes:
    return pickle.dumps(diff, pickle.HIGHEST_PROTOCOL)
