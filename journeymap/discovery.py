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
    return Path(real_text(path))


def real_text(path: Path | str) -> str:
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
            key = real_text(file)
            if key not in seen:
                seen.add(key)
                files.append(file)
    return Discovery(tuple(files), tuple(unusable), tuple(empty))


def _walk(top: Path, wanted: Callable[[Path], bool]) -> list[str]:
    """Maps below `top`, skipping hidden and vendored folders, following links but never in a loop."""
    found: list[str] = []
    visited: set[tuple[int, int]] = set()
    for directory, subdirectories, names in os.walk(top, followlinks=True):
        identity = (info := os.stat(directory)).st_dev, info.st_ino
        if identity in visited:
            subdirectories[:] = []
            continue
        visited.add(identity)
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith(".") and d not in _SKIPPED_DIRS)
        found.extend(str(path) for name in sorted(names) if wanted(path := Path(directory, name)))
    return found
