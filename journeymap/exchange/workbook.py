"""The XLSX export: the tables of the layout (`exchange.layout`) as the sheets of one workbook, "Map" first.

Cells keep their types: numbers are numbers (an emotion of -2 too), dates are dates shown as YYYY-MM-DD,
a boolean that holds is TRUE; text is formula-safe (`layout.safe_cell`) and never a formula. Each sheet's
heading row is bold and frozen, with a filter; columns are as wide as their content (within limits), and
cells with several lines wrap.

The bytes are the same for the same map: the workbook's created and modified times are the map's
`reviewed` date (else 1980-01-01, the first date a ZIP file can hold), and so are the times of the
files inside the ZIP archive, where openpyxl would write the moment of saving.
"""

from __future__ import annotations

import datetime
import io
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
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_WRAP_AT = 60  # characters: longer text wraps in its column rather than widening it further
_DATE_FORMAT = "yyyy-mm-dd"
# what an XLSX file cannot hold in a cell at all (control characters but tab, line feed and carriage return)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def export(journey: Journey, context: ExportContext) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook  # here, not at the top: openpyxl costs every other command its start-up

    data = document(journey)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in layout.rows(data).items():
        table = layout.table(name)
        sheet = workbook.create_sheet(table.title if table else name)
        _fill(sheet, rows)
    moment = _moment(data.get("reviewed"))
    workbook.properties.created = workbook.properties.modified = moment
    workbook.properties.creator = "journeymap"
    workbook.properties.title = data.get("title")
    return _fixed_times(_save(workbook), moment)


def _fill(sheet: Worksheet, rows: list[list[layout.Cell]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold, wrap, top = Font(bold=True), Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    widths: dict[int, int] = {}
    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            cell = sheet.cell(row_number, column_number, _cell_value(value))
            text = _shown(value)
            longest = max((len(line) for line in text.split("\n")), default=0)
            widths[column_number] = max(widths.get(column_number, 0), min(longest, _WRAP_AT))
            if isinstance(value, datetime.date):
                cell.number_format = _DATE_FORMAT
            if row_number == 1:
                cell.font = bold
            cell.alignment = wrap if "\n" in text or len(text) > _WRAP_AT else top
    for column_number, width in widths.items():
        sheet.column_dimensions[get_column_letter(column_number)].width = max(_MIN_WIDTH, min(width + 2, _MAX_WIDTH))
    sheet.freeze_panes = "A2"
    if rows and rows[0]:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(rows[0]))}{max(len(rows), 1)}"


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


def _save(workbook: Any) -> bytes:
    """The workbook written as openpyxl does, but without its stamping the modified time with now."""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def _fixed_times(data: bytes, moment: datetime.datetime) -> bytes:
    """The same ZIP archive with every member dated `moment`, in the same order."""
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
