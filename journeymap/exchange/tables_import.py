"""`journeymap import csv SOURCE`: a map from CSV.

SOURCE is a folder of an export's CSV files (`stages.csv`, `steps.csv`, ... as `exchange.layout` lays
them out), read back into the map they were written from; or one CSV file laid out as workshops do, a row
per step (`exchange.workshop`). One file of an export (its headings are the export's) is read with the rest
of its folder.
"""

from __future__ import annotations

from pathlib import Path

from journeymap.checks import IMPORT_UNREADABLE, IMPORT_UNUSABLE
from journeymap.exchange import layout
from journeymap.exchange.cells import LIMITS, Limits, Table, read_csv
from journeymap.exchange.formats import Imported, ImportOptions
from journeymap.exchange.layout_read import read_export
from journeymap.exchange.workshop import read_workshop, with_notes
from journeymap.problems import START


def read(source: Path, shown: str, options: ImportOptions, limits: Limits = LIMITS) -> Imported:
    if source.is_dir():
        return _folder(source, shown, options, limits)
    if not source.exists():
        return Imported(None, {}, (IMPORT_UNREADABLE.problem(shown, START, "does not exist; check the path"),))
    readout = read_csv(source, shown, limits)
    if readout.problem:
        return Imported(None, {}, (readout.problem,))
    table = readout.tables[0]
    if _is_export_table(source, table):
        folder_shown = shown[: -len(source.name)].rstrip("/\\") or "."
        imported = _folder(source.parent, folder_shown, options, limits)
        return with_notes(imported, (f"read the whole export in {_folder_name(folder_shown)}: {source.name} is one "
                                     "of its tables",))  # fmt: skip
    return with_notes(read_workshop(table, shown, options), readout.notes)


def _is_export_table(source: Path, table: Table) -> bool:
    """Whether a CSV file is one table of an export: named as one, with that table's headings."""
    table_layout = layout.table(source.stem)
    if table_layout is None or not table.rows:
        return False
    return table_layout.recognises([str(cell.value) for cell in table.rows[0] if cell.value is not None])


def _folder(folder: Path, shown: str, options: ImportOptions, limits: Limits) -> Imported:
    files = {}
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        return Imported(None, {}, (IMPORT_UNREADABLE.problem(shown, START, f"cannot be read: {error.strerror}"),))
    for entry in entries:
        table_layout = layout.table(entry.stem) if entry.suffix.lower() == ".csv" else None
        if table_layout is not None and table_layout.name not in files:
            files[table_layout.name] = entry
    if not files:
        names = ", ".join(f"{t.name}.csv" for t in layout.TABLES[:6])
        message = (f"holds none of the CSV files of an export ({names}...); to import a workshop sheet, name the CSV "
                   "file itself")  # fmt: skip
        return Imported(None, {}, (IMPORT_UNUSABLE.problem(_folder_name(shown), START, message),))
    tables: dict[str, Table] = {}
    notes: list[str] = []
    for name, path in files.items():
        readout = read_csv(path, _in_folder(shown, path.name), limits)
        if readout.problem:
            return Imported(None, {}, (readout.problem,))
        tables[name] = readout.tables[0]
        notes.extend(f"{path.name}: {note}" for note in readout.notes)
    imported = read_export(tables, _folder_name(shown), options)
    return with_notes(imported, tuple(dict.fromkeys(notes)))


def _folder_name(shown: str) -> str:
    return shown.rstrip("/\\") + "/"


def _in_folder(shown: str, name: str) -> str:
    return f"{shown.rstrip('/')}/{name}" if shown not in ("", ".") else name


