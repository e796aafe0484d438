"""The CSV export: a folder of CSV files, one per table of the layout (`exchange.layout`), `map.csv` first,
headed in the map's language (the file names are the same in every language).

Each file is UTF-8 with a byte-order mark, because Excel reads a CSV file without one in the computer's
legacy code page and garbles every accent; LibreOffice, pandas and Python's `utf-8-sig` read the mark as
what it is. Rows end in CRLF and cells are quoted where they need it, as RFC 4180 says (Python's csv
module). A table the map has nothing for is still written, headings only, so the folder always shows the
whole layout and an importer can tell an empty table from a missing file.

Cells: text made formula-safe (`layout.safe_cell`), with the control characters the CSV import takes for
binary data (`cells.CONTROL`: NUL, a bell...) written as U+FFFD, as the workbook writes them; numbers as
digits, a negative one with its minus sign (-2 is a number, which no spreadsheet runs, and quoting it would
make it text); dates YYYY-MM-DD; true for a boolean that holds, nothing for one that does not.
"""

from __future__ import annotations

import csv
import datetime
import io

from journeymap.exchange import layout
from journeymap.exchange.cells import CONTROL
from journeymap.exchange.document import document
from journeymap.exchange.formats import ExportContext
from journeymap.model import Journey

BOM = "\ufeff"


def export(journey: Journey, context: ExportContext) -> dict[str, str | bytes]:
    """The files of the folder by name (`steps.csv`), as the bytes to write."""
    return {f"{name}.csv": csv_bytes(rows) for name, rows in layout.rows(document(journey), context.locale).items()}


def csv_bytes(rows: list[list[layout.Cell]]) -> bytes:
    """One table as a CSV file: UTF-8 with a byte-order mark, CRLF line ends."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([[_text(cell) for cell in row] for row in rows])
    return (BOM + out.getvalue()).encode("utf-8")


def _text(cell: layout.Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, str):
        return CONTROL.sub("\ufffd", cell)  # else the importer would refuse the file as binary
    return str(cell)  # numbers as Python spells them: -2, 0.35, 1200
