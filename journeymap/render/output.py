"""Where a diagram goes, writing it without ever leaving half a file, and whether it is up to date.

A map's diagram is named after the map file with `.yaml`/`.yml` replaced by the view,
persona and format: `shoe-shop.journey.yaml` -> `shoe-shop.journey.svg`,
`shoe-shop.journey.flow.svg`, `shoe-shop.journey.maya.svg`, `shoe-shop.journey.flow.maya.png`,
`shoe-shop.journey.blueprint.future.svg` (`--state future`).
It goes next to the map, or under `--out-dir` at the same place relative to `--maps-root`, else to
the directory argument the map was found in (a map named on the command line goes straight into it).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from journeymap.files import write_atomically
from journeymap.render import stamp

_MAP_SUFFIXES = (".yaml", ".yml")


def diagram_name(map_path: Path, view: str, persona: str | None, output_format: str, state: str | None = None) -> str:
    name = map_path.name
    for suffix in _MAP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    parts = [name, *([view] if view != "map" else []), *([state] if state else []), *([persona] if persona else []),
             output_format]  # fmt: skip
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


def state(path: Path, output_format: str, digest: str) -> tuple[str, str]:
    """("fresh", "") when the file carries `digest`; ("stale", why) when it carries another, none, or cannot
    be read (why is "" for another digest); ("missing", "") when there is no file."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe would block the read; a directory cannot be read
            return "stale", "it is not a regular file; remove it, or choose another --out-dir"
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return "missing", ""
    except OSError as error:  # a directory, no permission
        return "stale", f"it cannot be read ({(error.strerror or str(error)).lower()})"
    if not stamp.complete(data, output_format):
        return "stale", f"it is not a complete {output_format.upper()} file (cut short or damaged)"
    found = stamp.read(data, output_format)
    if found is None:
        return "stale", "it carries no journeymap digest (an older journeymap drew it, or another program)"
    return ("fresh" if found == digest else "stale"), ""


def write(path: Path, data: bytes) -> None:
    """Raises OSError. Not synced to disk, as exports are not: the maps make a diagram again, and one a crash
    left cut short is stale to the next run (`state`), which draws it again; a sync cost each diagram about
    10 ms, a tenth of what Graphviz takes to draw it."""
    write_atomically(path, data, sync=False)
