"""Where everything of the site goes, relative to its folder: the one place for the site's paths.

A map's page and diagrams mirror its folder under the paths given (as `render --out-dir` does):
`examples/shoe-shop.journey.yaml` is `maps/shoe-shop.html`, `maps/shoe-shop.map.svg`... Two maps that
would share a name keep it in the order of their files, the later ones with `-2`, `-3`.
Every path here is '/'-separated and relative, so the site works from a folder, `file://` and Pages alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from journeymap.render.output import relative_folder

INDEX = "index.html"
MAPS = "maps"
PERSONAS = "personas"
ASSETS = "assets"
MANIFEST = ".journeymap-site.json"  # what the last build wrote (cache.py); its presence marks the folder as a site
PORTFOLIO = {  # page key -> file: the views across maps
    "pain_points": "pain-points.html",
    "opportunities": "opportunities.html",
    "metrics": "metrics.html",
    "reviews": "reviews.html",
    "personas": "personas.html",
}
_MAP_SUFFIXES = (".journey.yaml", ".journey.yml", ".yaml", ".yml")
_UNSAFE = re.compile(r"[^\w.-]+")


def map_names(files: Sequence[str], arguments: Sequence[str]) -> list[str]:
    """Each map's page name (no suffix), '/'-separated, unique, in the order of `files`."""
    taken: set[str] = set()
    names = []
    folders: dict[Path, Path] = {}  # maps share folders: each is placed under the paths given once
    for file in files:
        path = Path(file)
        if path.parent not in folders:
            folders[path.parent] = relative_folder(path, arguments) or Path()
        folder = folders[path.parent]
        stem = _stem(path.name)
        base = "/".join([*(_safe(part) for part in folder.parts if part not in ("", ".")), _safe(stem)])
        name, count = base, 1
        while name.lower() in taken:  # case-insensitive file systems would put two names in one file
            count += 1
            name = f"{base}-{count}"
        taken.add(name.lower())
        names.append(name)
    return names


def _stem(name: str) -> str:
    for suffix in _MAP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _safe(part: str) -> str:
    """A part of a page path that needs no escaping in a URL on any host: letters, digits, `._-`."""
    return _UNSAFE.sub("-", part).strip("-.") or "map"


def page(name: str) -> str:
    return f"{MAPS}/{name}.html"


def diagram(name: str, view: str, state: str | None = None) -> str:
    return f"{MAPS}/{name}.{view}{'.' + state if state else ''}.svg"


def persona_page(persona_id: str) -> str:
    return f"{PERSONAS}/{_safe(persona_id)}.html"


def asset(name: str) -> str:
    return f"{ASSETS}/{name}"


def href(target: str, start: str) -> str:
    """The relative link from the page `start` to `target`, both site paths, escaped for an attribute."""
    return _href(target, start.rpartition("/")[0])


@functools.lru_cache(maxsize=8192)
def _href(target: str, folder: str) -> str:
    here, there = folder.split("/") if folder else [], target.split("/")
    shared = 0
    while shared < min(len(here), len(there) - 1) and here[shared] == there[shared]:
        shared += 1
    return quote("/".join([".."] * (len(here) - shared) + there[shared:]))
