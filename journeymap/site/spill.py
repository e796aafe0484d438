"""The entries of a build, kept in a temporary file (a line of JSON each) rather than as dictionaries in memory.

The pages across maps need every map's entry, and as dictionaries ten thousand maps' entries take hundreds of
megabytes; as lines of a file they take none. `Entries` is a sequence the pages read in order, one entry at a
time, as often as they need (each pass decodes the entries again), and the manifest reads by map.

    entries = Entries(); entries.append(file, entry); len(entries); for item in entries: ...
    entries.kept_by_file() -> Iterator[(file, entry)]   the last entry of each file, by file
"""

from __future__ import annotations

import json
import os
import tempfile
from array import array
from collections.abc import Iterator
from typing import Any

BLOCK = 1 << 20  # bytes read at a time


class Entries:
    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # removed when closed, or when the process ends
        self._files: list[str] = []
        self._ends = array("q")  # where each entry's line ends in the file, newline included

    def append(self, file: str, item: dict[str, Any]) -> None:
        line = json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"  # no newline inside
        self._file.write(line)
        self._files.append(file)
        self._ends.append((self._ends[-1] if self._ends else 0) + len(line))

    def __len__(self) -> int:
        return len(self._files)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Every entry in the order appended. Each pass reads the file on its own, so passes may interleave."""
        self._file.flush()
        descriptor, offset, rest = self._file.fileno(), 0, b""
        end = self._ends[-1] if self._ends else 0
        while offset < end:
            block = os.pread(descriptor, min(BLOCK, end - offset), offset)
            offset += len(block)
            lines = (rest + block).split(b"\n")
            rest = lines.pop()
            yield from map(json.loads, lines)

    def entry(self, position: int) -> dict[str, Any]:
        self._file.flush()
        start = self._ends[position - 1] if position else 0
        return json.loads(os.pread(self._file.fileno(), self._ends[position] - start, start))

    def kept_by_file(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each file's entry (the last appended for it), the files in sorted order: what the manifest keeps."""
        last = {file: position for position, file in enumerate(self._files)}
        for file in sorted(last):
            yield file, self.entry(last[file])

    def close(self) -> None:
        self._file.close()
