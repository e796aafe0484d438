"""Where a diagram goes, writing it without ever leaving half a file, and comparing it (`--check`).

A map's diagram is named after the map file with `.yaml`/`.yml` replaced by the view,
persona and format: `shoe-shop.journey.yaml` -> `shoe-shop.journey.svg`,
`shoe-shop.journey.flow.svg`, `shoe-shop.journey.maya.svg`, `shoe-shop.journey.flow.maya.png`.
It goes next to the map, or under `--out-dir` at the same place relative to `--maps-root`, else to
the directory argument the map was found in (a map named on the command line goes straight into it).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from journeymap.files import write_atomically
from journeymap.paths import file_key  # noqa: F401 -- where the views name a diagram's file

_MAP_SUFFIXES = (".yaml", ".yml")


def diagram_name(map_path: Path, view: str, persona: str | None, output_format: str) -> str:
    name = map_path.name
    for suffix in _MAP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    parts = [name, *(["flow"] if view == "flow" else []), *([persona] if persona else []), output_format]
    return ".".join(parts)


def diagram_path(map_path: Path, name: str, out_dir: Path | None, mirrored: Sequence[str]) -> Path:
    if out_dir is None:
        return map_path.parent / name
    return out_dir / (relative_folder(map_path, mirrored) or Path()) / name


def relative_folder(map_path: Path, mirrored: Sequence[str]) -> Path | None:
    """The map's folder relative to the first mirrored directory holding it, as written or with links
    resolved; None when none holds it (a map named directly)."""
    folder = Path(os.path.abspath(map_path.parent))
    for argument in mirrored:
        top = Path(os.path.abspath(argument))
        if not top.is_dir():
            continue
        for inner, outer in ((folder, top), (Path(os.path.realpath(folder)), Path(os.path.realpath(top)))):
            if inner.is_relative_to(outer):
                return inner.relative_to(outer)
    return None



def compare(path: Path, data: bytes) -> str:
    """"fresh" when the file holds exactly `data`, "stale" when it holds something else, else "missing"."""
    try:
        return "fresh" if path.read_bytes() == data else "stale"
    except FileNotFoundError:
        return "missing"
    except IsADirectoryError:
        return "stale"


def write(path: Path, data: bytes) -> str:
    """Writes `data` unless the file already holds it; "written" or "unchanged". Raises OSError."""
    if compare(path, data) == "fresh":
        return "unchanged"
    write_atomically(path, data)
    return "written"


