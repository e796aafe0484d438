"""What the last build saw, kept in the site's folder (places.MANIFEST), so that a rebuild skips what is unchanged.

The manifest holds the build's key (journeymap's version, the settings, the templates), each map's
digest (of its bytes and of the libraries it includes) and entry, the digests of what the index and the
pages across maps were made from, and the files the build wrote. A map
is reused when the key is the same, its digest is, and its page and diagrams are still there. A file
the last build wrote and this one does not is removed; nothing else in the folder is ever touched.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from journeymap import __version__
from journeymap.site import places
from journeymap.site.entry import outputs
from journeymap.spill import Entries

VERSION = 2  # of the manifest's shape: 2 keeps each entry's inputs


def digest_of(file: str, libraries: Sequence[Path | str]) -> str | None:
    """sha256 of the map's bytes and its libraries' (in order); None when one cannot be read."""
    digest = hashlib.sha256()
    try:
        for path in (file, *libraries):
            with open(path, "rb") as stream:
                digest.update(hashlib.sha256(stream.read()).digest())
    except OSError:
        return None
    return digest.hexdigest()


def load(out_dir: Path) -> dict[str, Any]:
    """The last build's manifest; empty when there is none or it cannot be read (then everything is built)."""
    try:
        found = json.loads((out_dir / places.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) and found.get("manifest") == VERSION else {}


def is_site(out_dir: Path) -> bool:
    """Whether the folder holds a site journeymap built (and so may be built over)."""
    return (out_dir / places.MANIFEST).is_file()


class Session:
    """The manifest of the build in progress, and what it may reuse from the last one."""

    def __init__(self, previous: Mapping[str, Any], settings_key: str, templates: str, out_dir: Path) -> None:
        self.key = hashlib.sha256(f"{__version__}\n{templates}\n{settings_key}".encode()).hexdigest()
        same = previous.get("key") == self.key
        self.previous = previous.get("maps", {}) if same else {}
        self.last_inputs = previous.get("inputs", {}) if same and isinstance(previous.get("inputs"), dict) else {}
        self.maps = Entries()  # this build's entries, by file: on disk until the manifest is written
        self.inputs: dict[str, str] = {}  # the digests of what the pages across maps were made from
        self.out_dir = out_dir

    def reusable(self, file: str, name: str) -> dict[str, Any] | None:
        """The last build's entry for `file`, if nothing it was made from changed and its files are there."""
        found = self.previous.get(file)
        if not isinstance(found, dict) or found.get("name") != name:
            return None
        if found.get("digest") is None or digest_of(file, found.get("libraries", ())) != found["digest"]:
            return None
        return found if all((self.out_dir / path).is_file() for path in outputs(found)) else None

    def record(self, file: str, item: dict[str, Any]) -> None:
        self.maps.append(file, item)


def remove_stale(out_dir: Path, previous: Mapping[str, Any], keep: set[str]) -> int:
    """Remove the files the last build wrote that this one did not; how many were removed."""
    removed = 0
    for path in previous.get("files", ()):
        if isinstance(path, str) and path not in keep and _inside(out_dir, path):
            try:
                (out_dir / path).unlink()
                removed += 1
            except FileNotFoundError:
                pass
    return removed


def _inside(out_dir: Path, path: str) -> bool:
    """A manifest is a file anyone could edit: only a plain relative path inside the folder is removed."""
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts and not os.path.islink(out_dir / path)


def save(out_dir: Path, session: Session, files: Sequence[str]) -> None:
    from journeymap.site.build import write_if_changed

    write_if_changed(out_dir / places.MANIFEST, _manifest(session, files))


def _manifest(session: Session, files: Sequence[str]) -> Iterator[str]:
    """The manifest as sorted, compact JSON, written a map at a time: the bytes json.dumps would give of it
    whole, without every map's entry in memory at once."""
    def dumped(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    yield f'{{"files":{dumped(list(files))},"inputs":{dumped(session.inputs)},"key":{dumped(session.key)},'
    yield f'"manifest":{dumped(VERSION)},"maps":{{'
    for position, (file, item) in enumerate(session.maps.kept_by_file()):
        yield f'{"," if position else ""}{dumped(file)}:{dumped(item)}'
    yield "}}"
