"""Finding journey maps: explicit files always, directories searched for *.journey.yaml / *.journey.yml."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from journeymap.paths import RealPaths, real_text
from journeymap.problems import quote
from journeymap.record import Tuple

MAP_SUFFIXES = (".journey.yaml", ".journey.yml")
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


class Discovery(Tuple):
    files: tuple[str, ...]  # as text: a Path holds each of its parts apart, five times the memory over many maps
    unusable: tuple[str, ...]  # why an argument names nothing that can be read, one message each
    empty: tuple[str, ...]  # directories with no map in them


def is_map_name(name: str) -> bool:
    return name.endswith(MAP_SUFFIXES)


def _default_wanted(path: Path) -> bool:
    return is_map_name(path.name)


def discover(arguments: list[str], wanted: Callable[[Path], bool] = _default_wanted) -> Discovery:
    """Every map the arguments name, each once: named files always, `wanted` files found in directories."""
    files: list[str] = []
    seen: set[str] = set()  # real paths as text: a tenth of the memory of Path objects, over thousands of maps
    real = RealPaths()
    unusable, empty = [], []
    for argument in arguments:
        if not argument:  # Path("") would quietly mean the current directory
            unusable.append("an empty path was given; name a file or directory, or '.'")
            continue
        path = Path(argument)
        try:
            is_directory = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as error:
            reason = "no such file or directory" if isinstance(error, FileNotFoundError) else str(error.strerror).lower()
            unusable.append(f"{reason}: {quote(argument, keep_end=True)}")
            continue
        found = _walk(path, wanted) if is_directory else [str(path)]
        if is_directory and not found:
            empty.append(argument)
        for file in found:
            key = real(file)
            if key not in seen:
                seen.add(key)
                files.append(file)
    return Discovery(tuple(files), tuple(unusable), tuple(empty))


def _walk(top: Path, wanted: Callable[[Path], bool]) -> list[str]:
    """Maps below `top`, skipping hidden and vendored folders, each folder searched once.

    `top` is searched even when it is a link (a linked --maps-root, say). Below it, a linked folder is
    followed only when it leads to a folder inside `top` that does not hold the link: a link out of the
    tree, such as `up -> ..` or one to another checkout, would have journeymap check maps and write
    diagrams beyond what it was asked to search, and one back into a folder that holds it is a cycle.
    Real folders are searched first, so a map is found under its own folder's name; a link then adds
    only what the search had not reached (such as a hidden folder it names), under the link's name.
    """
    found: list[str] = []
    visited: set[tuple[int, int]] = set()
    inside = real_text(top)
    pending = [str(top)]  # the tree, then each linked folder worth following, in the order met
    while pending:
        for directory, subdirectories, names in os.walk(pending.pop(0)):  # links are listed, not entered
            identity = (info := os.stat(directory)).st_dev, info.st_ino
            if identity in visited:
                subdirectories[:] = []
                continue
            visited.add(identity)
            kept = sorted(name for name in subdirectories if not name.startswith(".") and name not in _SKIPPED_DIRS)
            pending += [os.path.join(directory, name) for name in kept if _linked_within(directory, name, inside)]
            subdirectories[:] = kept
            found.extend(str(path) for name in sorted(names) if wanted(path := Path(directory, name)))
    return found


def _linked_within(directory: str, name: str, inside: str) -> bool:
    """Whether `name` in `directory` is a link worth following: to a folder inside the searched folder
    `inside` (a real path), and not to the folder that holds it or one above."""
    path = os.path.join(directory, name)
    if not os.path.islink(path):
        return False
    target, holder = real_text(path), real_text(directory)
    return _within(target, inside) and not _within(holder, target)


def _within(path: str, folder: str) -> bool:
    """Whether the real path `path` is `folder` or lies below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def changed_maps(arguments: list[str], wanted: Callable[[Path], bool], search: list[str]) -> Discovery:
    """The maps to check when `arguments` name changed files (pre-commit's): those that are maps (as `wanted`
    says, like a directory search), plus the maps found in `search` that include one of the others,
    directly or through libraries. A named file neither a map nor included (a CI workflow, a
    configuration) is left out."""
    named = discover(arguments, wanted)
    maps = [file for file in named.files if wanted(Path(file))]
    others = {real_text(file) for file in named.files if not wanted(Path(file))}
    if others:
        including = _Includes()
        maps += [file for file in discover(search, wanted).files if including.reaches(file, others)]
    unique: dict[str, str] = {}  # each map once, as first named
    for file in maps:
        unique.setdefault(real_text(file), file)
    return Discovery(tuple(unique.values()), named.unusable, ())


class _Includes:
    """What each file includes, read once per file however many maps share it, and followed through libraries."""

    def __init__(self) -> None:
        self._direct: dict[str, list[str]] = {}  # a file's real path -> the real paths its include names

    def reaches(self, file: str, targets: set[str]) -> bool:
        """Whether the file includes one of `targets`, directly or through libraries (walked, never recursed:
        a chain of libraries may be long, or loop)."""
        pending, seen = [real_text(file)], set()
        while pending:
            real = pending.pop()
            if real not in self._direct:
                self._direct[real] = _included_files(real)
            for target in self._direct[real]:
                if target in targets:
                    return True
                if target not in seen:
                    seen.add(target)
                    pending.append(target)
        return False


def _included_files(real: str) -> list[str]:
    """The real paths a file's `include` names; none when it cannot be read (checking it says why)."""
    from journeymap.loader import LoadError, decode, load_text, read_bytes  # only --changed reads maps here

    try:
        raw = read_bytes(Path(real))
        text = decode(raw) if b"include" in raw else ""  # most maps include nothing: no need to parse them
    except (OSError, ValueError, LoadError):  # ValueError: a NUL in the name
        return []
    document = load_text(text, real)[0] if text else None
    entries = document.data.get("include") if document is not None else None
    if not isinstance(entries, list):
        return []
    folder = os.path.dirname(real)
    return [real_text(os.path.join(folder, entry)) for entry in entries if isinstance(entry, str) and entry]
