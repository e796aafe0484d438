"""The table of export and import formats: what each is called, the file it writes, the module that does it.

An exporter is `export(journey, context) -> Exported`: the text or bytes of one file, or a dict of several
files by relative name (CSV writes a folder). An importer is `read(source, shown, options) -> Imported`.
Modules are imported only for the format asked for: openpyxl costs a start-up nobody else should pay.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap.record import Tuple

if TYPE_CHECKING:
    from journeymap.model import Journey
    from journeymap.problems import JsonPath, Problem

Exported = str | bytes | dict[str, str | bytes]


class ExportContext(Tuple):
    """Where a map comes from and goes: `output` is the file (or, for CSV, the folder) being written, None
    for standard output; `locale` is the map's language."""

    source: Path
    shown: str
    output: Path | None
    locale: str = "en"


class ImportOptions(Tuple):
    columns: Mapping[str, str] = {}  # a source heading -> the field it holds (--columns HEADING=field)
    sheet: str | None = None  # the workbook sheet to read steps from; None: found by its headings
    title: str | None = None  # the map's title when the source has none
    locale: str | None = None  # the map's language when the source does not tell


class Imported(Tuple):
    """A map built from a source: `data` in `model.as_data`'s shape (None: nothing usable, write nothing),
    `notes` the comments to write beside a key ("guessed from ..."), `problems` every cell that was not used."""

    data: dict[str, Any] | None
    notes: Mapping[JsonPath, str]
    problems: tuple[Problem, ...]


class Exporter(Tuple):
    suffix: str  # what the output's name ends with, after the map's name; "" for a folder
    module: str
    text: bool  # whether it can go to standard output
    summary: str

    def function(self) -> Callable[[Journey, ExportContext], Exported]:
        return importlib.import_module(self.module).export  # type: ignore[no-any-return]


class Importer(Tuple):
    module: str
    summary: str

    def function(self) -> Callable[[Path, str, ImportOptions], Imported]:
        return importlib.import_module(self.module).read  # type: ignore[no-any-return]


EXPORTS = {
    "markdown": Exporter(".md", "journeymap.exchange.markdown", True, "a document for wikis and pull requests"),
    "mermaid": Exporter(".mmd", "journeymap.exchange.mermaid", True, "a Mermaid journey diagram"),
    "csv": Exporter("", "journeymap.exchange.tables", False, "a folder of CSV files, one per kind of element"),
    "xlsx": Exporter(".xlsx", "journeymap.exchange.workbook", False, "a workbook, one sheet per kind of element"),
    "json": Exporter(".json", "journeymap.exchange.json_export", True, "the normalized model (schemas/export.schema.json)"),
}

IMPORTS = {
    "csv": Importer("journeymap.exchange.tables_import", "the CSV files of an export, or one workshop sheet"),
    "xlsx": Importer("journeymap.exchange.workbook_import", "a workbook of an export, or a workshop sheet"),
    "mermaid": Importer("journeymap.exchange.mermaid_import", "a Mermaid journey diagram"),
}
