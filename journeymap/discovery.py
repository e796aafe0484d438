"""Finding journey maps: explicit files always, directories searched for *.journey.yaml / *.journey.yml."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from typing import NamedTuple
from pathlib import Path

from journeymap.problems import quote

MAP_SUFFIXES = (".journey.yaml", ".journey.yml")
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


class Discovery(NamedTuple):
    files: tuple[str, ...]  # as text: a Path holds each of its parts apart, five times the memory over many maps
    unusable: tuple[str, ...]  # why an argument names nothing that can be read, one message each
    empty: tuple[str, ...]  # directories with no map in them


def real_path(path: Path | str) -> Path:
    """The path with links resolved; its absolute form when links loop or it cannot be resolved."""
    return Path(_real_text(path))


def _real_text(path: Path | str) -> str:
    """`real_path` as text: a tenth of the memory, for the thousands of paths discovery remembers."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):  # ValueError: a NUL
        return os.path.abspath(path)


def is_map_name(name: str) -> bool:
    return name.endswith(MAP_SUFFIXES)


def _default_wanted(path: Path) -> bool:
    return is_map_name(path.name)


def discover(arguments: list[str], wanted: Callable[[Path], bool] = _default_wanted) -> Discovery:
    """Every map the arguments name, each once: named files always, `wanted` files found in directories."""
    files: list[str] = []
    seen: set[str] = set()  # real paths as text: a tenth of the memory of Path objects, over thousands of maps
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
            key = _real_text(file)
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
    inside = _real_text(top)
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
    target, holder = _real_text(path), _real_text(directory)
    return _within(target, inside) and not _within(holder, target)


def _within(path: str, folder: str) -> bool:
    """Whether the real path `path` is `folder` or lies below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
