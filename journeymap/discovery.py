"""Finding journey maps: explicit files always, directories searched for *.journey.yaml / *.journey.yml."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MAP_SUFFIXES = (".journey.yaml", ".journey.yml")
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


@dataclass(frozen=True, slots=True)
class Discovery:
    files: tuple[Path, ...]
    missing: tuple[str, ...]  # arguments that name nothing on disk
    empty: tuple[str, ...]  # directories with no map in them


def is_map_name(name: str) -> bool:
    return name.endswith(MAP_SUFFIXES)


def discover(arguments: list[str]) -> Discovery:
    """Every map the arguments name, each once, directories in sorted order."""
    files: list[Path] = []
    seen: set[Path] = set()
    missing, empty = [], []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = list(_walk(path))
            if not found:
                empty.append(argument)
        elif path.exists():
            found = [path]
        else:
            missing.append(argument)
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return Discovery(tuple(files), tuple(missing), tuple(empty))


def _walk(top: Path) -> list[Path]:
    """Maps below `top`, skipping hidden and vendored folders, following links but never in a loop."""
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()
    for directory, subdirectories, names in os.walk(top, followlinks=True):
        stat = os.stat(directory)
        if (stat.st_dev, stat.st_ino) in visited:
            subdirectories[:] = []
            continue
        visited.add((stat.st_dev, stat.st_ino))
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith(".") and d not in _SKIPPED_DIRS)
        found.extend(Path(directory, name) for name in sorted(names) if is_map_name(name))
    return found
