"""What `export` writes where: the file (or CSV folder) of each map, and the files the exporter gives for it.

A map's export is named after the map without `.journey.yaml`: `shoe-shop.md`, `shoe-shop.xlsx`, the folder
`shoe-shop/` of CSV files. It goes to `-o`, else under `--out-dir` at the map's place relative to the
directory argument it was found in, else next to the map.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from journeymap.discovery import MAP_SUFFIXES
from journeymap.exchange.formats import ExportContext, Exported, Exporter
from journeymap.paths import file_key
from journeymap.record import Tuple

_MAP_SUFFIXES = (*MAP_SUFFIXES, ".yaml", ".yml")  # a map named otherwise (lint names it) loses its YAML suffix


class Target(Tuple):
    map_path: Path
    output: Path | None  # the file, or the folder of a CSV export; None: standard output


def export_name(map_path: Path) -> str:
    name = map_path.name
    for suffix in _MAP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def targets(files: Sequence[str], exporter: Exporter, out_dir: Path | None, output: Path | None,
            arguments: Sequence[str]) -> Iterator[Target]:  # fmt: skip
    """Where each map's export goes, in the files' order; standard output only for one map in a text format and
    no destination. Made as they are asked for: a run over many maps goes over them twice rather than keep them."""
    from journeymap.render.output import relative_folder

    if output is not None:
        yield Target(Path(files[0]), output)
        return
    if out_dir is None and len(files) == 1 and exporter.text:
        yield Target(Path(files[0]), None)
        return
    for file in files:
        path = Path(file)
        folder = path.parent if out_dir is None else out_dir / (relative_folder(path, arguments) or Path())
        yield Target(path, folder / f"{export_name(path)}{exporter.suffix}")


def files_of(target: Target, exported: Exported) -> Iterator[tuple[Path, str | bytes]]:
    """The files an export makes: one at the target, or (a dict) each under the target folder."""
    if target.output is None:
        raise ValueError("standard output takes one text")
    if isinstance(exported, dict):
        for name, data in sorted(exported.items()):
            yield target.output / name, data
    else:
        yield target.output, exported


class Clashes:
    """Two maps whose exports would land on one path, found as the targets go by: each output is remembered by
    its file key and its map as text, a tenth of the memory of two paths."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def clash(self, target: Target) -> tuple[Path, Path, Path] | None:
        """(path, first map, this map) when an earlier target's export lands where this one's does."""
        if target.output is None:
            return None
        key = file_key(target.output)
        if key in self._seen:
            return target.output, Path(self._seen[key]), target.map_path
        self._seen[key] = str(target.map_path)
        return None


def context(target: Target, shown: str, locale: str | None) -> ExportContext:
    from journeymap.words import language_of

    return ExportContext(target.map_path, shown, target.output, language_of(locale))
