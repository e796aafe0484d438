"""Values kept in a temporary file rather than in memory, read back by number: what a command must see whole
before it writes (the site's entries and the rows of its pages across maps; diff's changes of each map).

A Store writes each value as a line of JSON, or with the codec it is given (diff's pickles).
The entries of a build, kept that way rather than as dictionaries in memory:

The pages across maps need every map's entry, and as dictionaries ten thousand maps' entries take hundreds of
megabytes; as lines of a file they take none. `Entries` is a sequence the pages read in order, one entry at a
time, as often as they need (each pass decodes the entries again), and the manifest reads by map.

    entries = Entries(); entries.append(file, entry); len(entries); for item in entries: ...
    entries.kept_by_file() -> Iterator[(file, entry)]   the last entry of each file, by file
    store = Store(); number = store.add(row); Rows(store, numbers)   rows read back in an order of their own
"""

from __future__ import annotations

import contextlib
import json
import os
import weakref
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

BLOCK = 1 << 20  # bytes read at a time
IN_MEMORY = 1 << 20  # bytes of values a store holds in memory before it moves them to a file
Codec = tuple[Callable[[Any], bytes], Callable[[bytes], Any]]  # a value to its bytes, and back


class Entries:
    def __init__(self) -> None:
        self._store = Store()
        self._files: list[str] = []

    def append(self, file: str, item: dict[str, Any]) -> None:
        self._store.add(item)
        self._files.append(file)

    def __len__(self) -> int:
        return len(self._files)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Every entry in the order appended. Each pass reads the file on its own, so passes may interleave."""
        return self._store.in_order()

    def entry(self, position: int) -> dict[str, Any]:
        return self._store.get(position)  # type: ignore[no-any-return]

    def kept_by_file(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each file's entry (the last appended for it), the files in sorted order: what the manifest keeps."""
        last = {file: position for position, file in enumerate(self._files)}
        for file in sorted(last):
            yield file, self.entry(last[file])

    def close(self) -> None:
        self._store.close()


class Store:
    """Values written once, a line of JSON each, and read back by their number: the rows of the pages across
    maps, which as dictionaries take megabytes for a thousand maps. The first megabyte of values is kept in
    memory, the rest in a temporary file, which goes with the last Rows reading it.
    A `shared` store's file has a name, so that a worker process it is pickled to reads the same file (a
    store pickled otherwise would be every value it holds)."""

    def __init__(self, shared: bool = False, codec: Codec | None = None) -> None:
        self._ends = array("q")  # where each value's bytes end
        self._dumps, self._loads = codec or _JSON_LINES
        self._path: str | None = None
        self._memory: bytearray | None = bytearray()  # the values' bytes until they take IN_MEMORY; None closed
        self._file: IO[bytes] | None = None
        if shared:
            import tempfile

            descriptor, self._path = tempfile.mkstemp(prefix="journeymap-", suffix=".jsonl")
            self._file = os.fdopen(descriptor, "w+b")
            weakref.finalize(self, _remove, self._file, self._path)  # when unused, or at the latest at exit

    def __reduce__(self) -> tuple[Any, ...]:
        if self._path is None or self._file is None:
            raise TypeError("only a shared Store can be sent to another process")
        self._file.flush()
        return _reading, (self._path, self._ends, (self._dumps, self._loads))

    def add(self, value: Any) -> int:
        """Write `value`; its number."""
        data = self._dumps(value)
        if self._file is None and len(self._memory) + len(data) > IN_MEMORY:
            self._spill()
        if self._file is None:
            self._memory += data
        else:
            self._file.write(data)
        self._ends.append((self._ends[-1] if self._ends else 0) + len(data))
        return len(self._ends) - 1

    def get(self, number: int) -> Any:
        start = self._ends[number - 1] if number else 0
        return self._loads(self._read(start, self._ends[number] - start))

    def in_order(self) -> Iterator[Any]:
        """Every value in the order added, read a block at a time."""
        block, block_start, start = b"", 0, 0
        for end in self._ends:
            if end > block_start + len(block):  # this value runs past the block: read from its start
                block, block_start = self._read(start, max(BLOCK, end - start)), start
            yield self._loads(block[start - block_start : end - block_start])
            start = end

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._memory = None

    def _read(self, start: int, size: int) -> bytes:
        if self._file is None:
            if self._memory is None:
                raise ValueError("read of closed file: the store was closed")  # as its file would say
            return bytes(self._memory[start : start + size])
        self._file.flush()
        return os.pread(self._file.fileno(), size, start)

    def _spill(self) -> None:
        """Move the values into a temporary file, which goes when it is closed or the process ends."""
        import tempfile  # most diffs and small sites never need one

        self._file = tempfile.TemporaryFile()
        self._file.write(self._memory)
        self._memory = bytearray()


def _reading(path: str, ends: array, codec: Codec) -> Store:
    """The shared store at `path`, in the worker process it was sent to: read, never removed, from here."""
    store = Store.__new__(Store)
    store._ends, store._path, store._file = ends, None, open(path, "rb")  # noqa: SIM115 -- closed with the store
    store._memory = bytearray()
    store._dumps, store._loads = codec
    return store


def _json_line(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"  # no newline inside


_JSON_LINES = (_json_line, json.loads)


def _remove(file: Any, path: str) -> None:
    file.close()
    with contextlib.suppress(OSError):
        os.unlink(path)


class Rows(Sequence[Any]):
    """Some of a Store's values in an order of their own, read from the file each time they are read: a list to
    the templates (len, iteration, indexing, equality), holding 8 bytes a row."""

    def __init__(self, store: Store, numbers: Iterable[int]) -> None:
        self._store = store
        self._numbers = array("q", numbers)

    def __len__(self) -> int:
        return len(self._numbers)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._store.get(number) for number in self._numbers[index]]
        return self._store.get(self._numbers[index])

    def __iter__(self) -> Iterator[Any]:
        return map(self._store.get, self._numbers)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # equal to a list, and as unhashable

    def __repr__(self) -> str:
        return f"Rows({list(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return Rows, (self._store, self._numbers)
