"""`journeymap import xlsx SOURCE`: a map from an Excel workbook.

A workbook of the export's layout (a "Stages" sheet with the export's headings, and the other sheets of
`exchange.layout`) is read back into the map it was written from. Any other workbook is a workshop sheet
(`exchange.workshop`): the sheet named with --sheet, else the first visible sheet whose headings name
steps. Formulas are never computed (`exchange.cells`).
"""

from __future__ import annotations

from pathlib import Path

from journeymap.checks import IMPORT_UNREADABLE, IMPORT_UNUSABLE
from journeymap.exchange import layout
from journeymap.exchange.cells import LIMITS, Limits, Table, read_workbook
from journeymap.exchange.formats import Imported, ImportOptions
from journeymap.exchange.layout_read import read_export
from journeymap.exchange.workshop import looks_like_workshop, read_workshop, with_notes
from journeymap.problems import START, quote
from journeymap.suggest import did_you_mean


def read(source: Path, shown: str, options: ImportOptions, limits: Limits = LIMITS) -> Imported:
    if not source.exists():
        return Imported(None, {}, (IMPORT_UNREADABLE.problem(shown, START, "does not exist; check the path"),))
    readout = read_workbook(source, shown, limits)
    if readout.problem:
        return Imported(None, {}, (readout.problem,))
    sheets = readout.tables
    if options.sheet is not None:
        return _named_sheet(sheets, shown, options)
    export_tables = _export_tables(sheets)
    if export_tables:
        return read_export(export_tables, shown, options)
    visible = [sheet for sheet in sheets if not sheet.hidden]
    chosen = next((sheet for sheet in visible if looks_like_workshop(sheet)), None)
    if chosen is None:
        chosen = next((sheet for sheet in visible if sheet.rows), visible[0] if visible else sheets[0])
        return read_workshop(chosen, shown, options)  # it says what the sheet lacks
    notes = (f"read from the sheet {quote(chosen.name)}",) if len(sheets) > 1 else ()
    return with_notes(read_workshop(chosen, shown, options), notes)


def _named_sheet(sheets: tuple[Table, ...], shown: str, options: ImportOptions) -> Imported:
    wanted = (options.sheet or "").strip().casefold()
    sheet = next((sheet for sheet in sheets if sheet.name.strip().casefold() == wanted), None)
    if sheet is None:
        names = [s.name for s in sheets]
        hint, suggestion = did_you_mean(options.sheet or "", names)
        listed = ", ".join(quote(name) for name in names)
        message = f"has no sheet {quote(options.sheet or '')}; its sheets are {listed}{hint}"
        return Imported(None, {}, (IMPORT_UNUSABLE.problem(shown, START, message, suggestion=suggestion),))
    return read_workshop(sheet, shown, options)


def _export_tables(sheets: tuple[Table, ...]) -> dict[str, Table]:
    """The sheets of the export's layout, by table name, when the workbook is one: its Stages sheet (by its
    name in any language journeymap ships) has the export's headings."""
    tables = {}
    for sheet in sheets:
        table_layout = layout.table(sheet.name)
        if table_layout is not None and table_layout.name not in tables:
            tables[table_layout.name] = sheet
    stages = tables.get("stages")
    if stages is None or not stages.rows:
        return {}
    headings = [str(cell.value) for cell in stages.rows[0] if cell.value is not None]
    return tables if layout.STAGES.recognises(headings) else {}
