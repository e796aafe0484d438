"""The XLSX export: the tables of the layout (`exchange.layout`) as the sheets of one workbook, "Map" first,
named and headed in the map's language.

Cells keep their types: numbers are numbers (an emotion of -2 too), dates are dates shown as YYYY-MM-DD,
a boolean that holds is TRUE; text is formula-safe (`layout.safe_cell`) and never a formula. Each sheet's
heading row is bold and frozen, with a filter; columns are as wide as their content (within limits), and
cells with several lines wrap.

The bytes are the same for the same map: the workbook's created and modified times are the map's
`reviewed` date (else 1980-01-01, the first date a ZIP file can hold), and so are the times of the
files inside the ZIP archive, where openpyxl would write the moment of saving (`_DatedZipFile`).
"""

from __future__ import annotations

import copy
import datetime
import io
import math
import os
import re
import zipfile
from typing import TYPE_CHECKING, Any

from journeymap.exchange import layout
from journeymap.exchange.document import document
from journeymap.exchange.formats import ExportContext
from journeymap.model import Journey

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FIXED_TIME = datetime.datetime(1980, 1, 1)
_MIN_WIDTH, _MAX_WIDTH = 6, 60  # characters; longer text wraps in its column rather than widening it
_PADDING = 2
_CHARACTERS_PER_WIDTH = 1.15
_LINE_HEIGHT = 15  # points, for the default 11-point font
_DATE_FORMAT = "yyyy-mm-dd"
_BOOLEAN_FORMAT = '"TRUE";"TRUE";"FALSE"'  # Excel shows a boolean cell so anyway; LibreOffice would show 1
# what an XLSX file cannot hold in a cell at all (control characters but tab, line feed and carriage return)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def export(journey: Journey, context: ExportContext) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook  # here, not at the top: openpyxl costs every other command its start-up

    data = document(journey)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in layout.rows(data, context.locale).items():
        sheet = workbook.create_sheet(layout.BY_NAME[name].title_in(context.locale))
        _fill(sheet, rows)
    moment = _moment(data.get("reviewed"))
    workbook.properties.created = workbook.properties.modified = moment
    workbook.properties.creator = "journeymap"
    workbook.properties.title = _cell_value(data.get("title"))
    return _save(workbook, moment)


def _fill(sheet: Worksheet, rows: list[list[layout.Cell]]) -> None:
    """The rows as typed cells, styled once per kind of cell; rows as tall and columns as wide as they need."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    # left, numbers too: a number set right against the next column's text reads as one with it
    wrap, top = Alignment("left", "top", wrap_text=True), Alignment("left", "top")
    styles: dict[tuple[bool, bool, str | None], Any] = {}  # a cell's style made once, then copied (openpyxl is slow)
    widths = _widths(rows)
    for row_number, row in enumerate(rows, start=1):
        lines = 1
        for column_number, value in enumerate(row, start=1):
            if value is None and row_number > 1:
                continue  # an empty cell needs no cell at all
            cell = sheet.cell(row_number, column_number, _cell_value(value))
            text = _shown(value)
            wrapped = "\n" in text or len(text) > widths[column_number] - _PADDING
            number_format = (_DATE_FORMAT if isinstance(value, datetime.date)
                             else _BOOLEAN_FORMAT if isinstance(value, bool) else None)  # fmt: skip
            key = (row_number == 1, wrapped, number_format)
            if key in styles:
                cell._style = copy.copy(styles[key])
            else:
                if row_number == 1:
                    cell.font = bold
                cell.alignment = wrap if wrapped else top
                if number_format:
                    cell.number_format = number_format
                styles[key] = copy.copy(cell._style)
            lines = max(lines, _line_count(text, widths[column_number] - _PADDING))
        if lines > 1:  # spreadsheets do not all grow a row to its wrapped text on opening; say its height
            sheet.row_dimensions[row_number].height = lines * _LINE_HEIGHT
    for column_number, width in widths.items():
        sheet.column_dimensions[get_column_letter(column_number)].width = width
    _set_up_sheet(sheet, rows)


def _set_up_sheet(sheet: Worksheet, rows: list[list[layout.Cell]]) -> None:
    """The headings frozen and filtered; printed, every page shows them, and the columns fit its width."""
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    if rows and rows[0]:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(rows[0]))}{max(len(rows), 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _widths(rows: list[list[layout.Cell]]) -> dict[int, int]:
    """Each column's width in characters: its longest line, up to where text wraps instead."""
    widths: dict[int, int] = {}
    for row in rows:
        for column_number, value in enumerate(row, start=1):
            longest = max((len(line) for line in _shown(value).split("\n")), default=0)
            widths[column_number] = max(widths.get(column_number, _MIN_WIDTH), min(longest + _PADDING, _MAX_WIDTH))
    return widths


def _line_count(text: str, width: int) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide: an estimate, as a proportional
    font fits some more characters than the width counts."""
    fits = max(width, 1) * _CHARACTERS_PER_WIDTH
    return sum(max(1, math.ceil(len(line) / fits)) for line in text.split("\n")) if text else 1


def _cell_value(value: layout.Cell) -> Any:
    if isinstance(value, str):
        return _ILLEGAL.sub("\ufffd", value)  # openpyxl refuses them; the replacement character marks the spot
    return value


def _shown(value: layout.Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return "yyyy-mm-dd"
    return str(value)


def _moment(reviewed: Any) -> datetime.datetime:
    try:
        day = datetime.date.fromisoformat(reviewed) if isinstance(reviewed, str) else None
    except ValueError:
        day = None
    return datetime.datetime(day.year, day.month, day.day) if day and day.year >= FIXED_TIME.year else FIXED_TIME


def _save(workbook: Any, moment: datetime.datetime) -> bytes:
    """The workbook written as openpyxl does, but with every file in the archive dated `moment`, in place of
    the moment of saving that zipfile would stamp them with."""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with _DatedZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.moment = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


class _DatedZipFile(zipfile.ZipFile):
    """A ZIP archive whose files are all dated `moment`: openpyxl writes them by name, or (a sheet) from a
    temporary file, and zipfile would date them with the clock or the file's time."""

    moment = (FIXED_TIME.year, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.moment)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16  # as zipfile gives a file written by name
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as stream:
            self.writestr(arcname or os.path.basename(filename), stream.read())
