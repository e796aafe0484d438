"""Reading spreadsheets into cells that know where they are, for the CSV and XLSX importers.

A CSV cell's position is its file's line (where its record starts) and its column number; an XLSX
cell's is its row and column number in its sheet, which problems name as `"book.xlsx:Sheet"`. Nothing
here decides what a cell means; it only reads what is there, safely:

- CSV: UTF-8 with or without a byte-order mark, else UTF-16 with one, else Windows-1252 (what Excel
  writes as "CSV" on Windows), else Latin-1; the columns separated by `,` `;` TAB or `|`, whichever the
  heading line uses most (Excel in Spanish and other locales writes `;`). A NUL byte or control
  characters mean the file is not text.
- XLSX: formulas are never computed. A formula cell carries the value the spreadsheet that saved the
  file computed, if it kept one (openpyxl's `data_only`); the importer reports a formula without one.
  Every cell of a merged range reads as its top-left cell, as a person sees it, and knows the merge.
- Limits: a file over `Limits.bytes`, a sheet or CSV file over `Limits.rows` rows, a sheet over
  `Limits.cells` cells, or a workbook that unpacks to over `Limits.unpacked` bytes is not read at all; a
  workbook's rows and cells are counted in its XML before openpyxl loads it.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

from journeymap.checks import IMPORT_UNREADABLE
from journeymap.problems import START, Position, Problem
from journeymap.record import Tuple

CellValue = str | int | float | bool | datetime.datetime | datetime.date | datetime.time | None


class Cell(Tuple):
    value: CellValue  # as typed: text from CSV; text, numbers, booleans and dates from a workbook
    position: Position
    formula: str | None = None  # XLSX: the formula the cell holds (value: what a spreadsheet computed, or None)
    error: bool = False  # XLSX: the cell holds an error value such as #DIV/0! (value: its text)
    merged: Position | None = None  # XLSX: the top-left cell of the merged range whose value this one shows


class Table(Tuple):
    name: str  # the sheet's name, or the CSV file's name
    file: str  # how problems name it: "steps.csv", "plan.xlsx:Steps"
    rows: tuple[tuple[Cell, ...], ...]  # trailing empty rows left out
    hidden: bool = False


class Limits(Tuple):
    bytes: int = 50 * 1024 * 1024
    rows: int = 100_000
    # a workbook is a zip: a 400 KB file that unpacked to 400 MB took openpyxl 74 s to load; a sheet of
    # 1,000,000 cells unpacks to about 55 MB
    unpacked: int = 100 * 1024 * 1024
    cells: int = 1_000_000  # a sheet's cells: openpyxl took 14 s to load a sheet of 600,000


LIMITS = Limits()


class Readout(Tuple):
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()  # what was guessed about the file, for a comment at the top of the map
    problem: Problem | None = None  # IMPORT_UNREADABLE: nothing could be read


DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")  # what no text file holds: tab, line ends and form feed aside
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted OOXML workbook, or an old .xls


def unreadable(file: str, message: str) -> Readout:
    return Readout((), (), IMPORT_UNREADABLE.problem(file, START, message))


def _read(path: Path, shown: str, limits: Limits) -> bytes | Readout:
    """The file's bytes (`loader.read_regular`), or the Readout of the one problem that keeps it unread."""
    from journeymap.loader import Refused, read_regular

    try:
        raw = read_regular(path, limits.bytes)
    except OSError as error:
        return unreadable(shown, f"cannot be read: {error.strerror or error}; check the path")
    if isinstance(raw, Refused) and raw.size is not None:
        most = _megabytes(limits.bytes)
        return unreadable(shown, f"is {_megabytes(raw.size)}; journeymap imports files of up to {most}")
    if isinstance(raw, Refused):
        return unreadable(shown, "is not a file; name a file (or, for CSV, a folder of an export)")
    return raw


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")


# CSV


def read_csv(path: Path, shown: str, limits: Limits = LIMITS) -> Readout:
    """The CSV file's rows, decoded and split as described above; one Table named after the file."""
    raw = _read(path, shown, limits)
    if isinstance(raw, Readout):
        return raw
    text, encoding_note = decode(raw)
    if text is None or CONTROL.search(text):
        return unreadable(shown, "is not a text file (it holds NUL bytes or other binary data); export the sheet "
                                 "as CSV")  # fmt: skip
    delimiter = sniff_delimiter(text)
    notes = [note for note in (encoding_note,) if note]
    if delimiter != ",":
        notes.append(f"columns separated by {_DELIMITER_NAMES[delimiter]}")
    rows: list[tuple[Cell, ...]] = []
    csv.field_size_limit(max(csv.field_size_limit(), limits.bytes))  # a cell as long as the file: the export writes it
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            if len(rows) >= limits.rows:
                most = f"{limits.rows:,}"
                return unreadable(shown, f"has over {most} rows; journeymap imports up to {most} rows")
            rows.append(tuple(Cell(value or None, Position(start, number)) for number, value in enumerate(record, 1)))
            start = reader.line_num + 1
    except csv.Error as error:
        return unreadable(shown, f"line {reader.line_num}: {error}; save the sheet as CSV again")
    return Readout((Table(path.name, shown, _trimmed(rows)),), tuple(notes))


def decode(raw: bytes) -> tuple[str | None, str | None]:
    """The text of `raw` and a note on the encoding when it had to be guessed; None: not text at all."""
    if raw.startswith(codecs.BOM_UTF8):
        body = raw[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8"), None
        except UnicodeDecodeError as error:  # marked UTF-8, yet not: keep what is, and say what was replaced
            line = body[: error.start].count(b"\n") + 1
            return body.decode("utf-8", "replace"), (f"it starts with a UTF-8 byte-order mark, but byte "
                                                     f"0x{body[error.start]:02x} on line {line} and any like it are "
                                                     "not UTF-8: they read as \ufffd; save the sheet as UTF-8")  # fmt: skip
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "read as UTF-16 (it starts with a byte-order mark)"
        except UnicodeDecodeError:
            return None, None
    if b"\x00" in raw:
        return None, None
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "read as Windows-1252 (cp1252), as Excel writes CSV on Windows: it is not UTF-8"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "read as Latin-1 (ISO-8859-1): it is not UTF-8"


def sniff_delimiter(text: str) -> str:
    """The separator the heading line (the first that is not blank) uses most, outside quotes; `,` on a tie."""
    line = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])  # max keeps the first of equals: ","
    return best if counts[best] else ","


def _trimmed(rows: list[tuple[Cell, ...]]) -> tuple[tuple[Cell, ...], ...]:
    while rows and all(cell.value is None for cell in rows[-1]):
        rows.pop()
    return tuple(rows)


# XLSX


def read_workbook(path: Path, shown: str, limits: Limits = LIMITS) -> Readout:
    """Every worksheet of the workbook as a Table (charts sheets have no cells), in the workbook's order."""
    raw = _read(path, shown, limits)
    if isinstance(raw, Readout):
        return raw
    problem = _not_a_workbook(raw, shown, limits)
    if problem:
        return problem
    formulas_book = _load(raw, shown, data_only=False)
    if isinstance(formulas_book, Readout):
        return formulas_book
    for sheet in formulas_book.worksheets:
        if sheet.max_row > limits.rows:
            return unreadable(shown, f"sheet {sheet.title!r} has over {limits.rows:,} rows; "
                                     f"journeymap imports up to {limits.rows:,} rows a sheet")  # fmt: skip
    values_book = formulas_book
    if any(cell.data_type == "f" for sheet in formulas_book.worksheets for row in sheet.iter_rows() for cell in row):
        values_book = _load(raw, shown, data_only=True)  # what the spreadsheet that saved it computed, if anything
        if isinstance(values_book, Readout):
            return values_book
    tables = tuple(_table(sheet, values_book[sheet.title], shown) for sheet in formulas_book.worksheets)
    return Readout(tables)


def _not_a_workbook(raw: bytes, shown: str, limits: Limits) -> Readout | None:
    magic = raw[:8]
    if magic.startswith(_OLE):
        return unreadable(shown, "is a password-protected workbook or an Excel 97-2003 (.xls) file; "
                                 "save it as an .xlsx workbook without a password")  # fmt: skip
    if not magic.startswith(b"PK"):
        return unreadable(shown, "is not an .xlsx workbook (not a zip file); save the sheet as an Excel workbook "
                                 "(.xlsx)")  # fmt: skip
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return unreadable(shown, f"is a damaged .xlsx workbook ({error}); save it again from the spreadsheet")
    if unpacked > limits.unpacked:
        return unreadable(shown, f"unpacks to {_megabytes(unpacked)}; journeymap imports workbooks of up to "
                                 f"{_megabytes(limits.unpacked)} unpacked")  # fmt: skip
    return _too_large_sheet(raw, shown, limits)


_TAG = re.compile(rb"<(?:\w+:)?(row|c)[\s/>]")  # a row or a cell of a worksheet's XML, with or without a prefix


def _too_large_sheet(raw: bytes, shown: str, limits: Limits) -> Readout | None:
    """The sheet with more rows or cells than the limits, counted in its XML before anything loads it."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            titles = _sheet_titles(archive)
            for member in archive.namelist():
                if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                    rows, cells = _count_rows_and_cells(archive, member)
                    title = titles.get(member, member)
                    if rows > limits.rows:
                        return unreadable(shown, f"sheet {title!r} has over {limits.rows:,} rows; journeymap imports "
                                                 f"up to {limits.rows:,} rows a sheet")  # fmt: skip
                    if cells > limits.cells:
                        return unreadable(shown, f"sheet {title!r} has over {limits.cells:,} cells; journeymap "
                                                 f"imports up to {limits.cells:,} cells a sheet")  # fmt: skip
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError, zlib.error) as error:
        return unreadable(shown, f"is a damaged .xlsx workbook ({error}); save it again from the spreadsheet")
    return None


def _count_rows_and_cells(archive: zipfile.ZipFile, member: str) -> tuple[int, int]:
    rows = cells = 0
    with archive.open(member) as stream:
        rest = b""
        while chunk := stream.read(1 << 20):
            text = rest + chunk
            cut = text.rfind(b"<")  # a tag cut by the chunk's end is counted with the next chunk
            text, rest = (text[:cut], text[cut:]) if cut >= 0 else (text, b"")
            for found in _TAG.finditer(text):
                rows, cells = (rows + 1, cells) if found.group(1) == b"row" else (rows, cells + 1)
        for found in _TAG.finditer(rest + b" "):
            rows, cells = (rows + 1, cells) if found.group(1) == b"row" else (rows, cells + 1)
    return rows, cells


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """The worksheets' XML members by the titles the workbook gives them (read with patterns, not an XML
    parser: these small files are read before anything checks them)."""
    import html

    def attributes(tag: bytes) -> dict[str, str]:
        found = re.findall(rb'([\w:]+)="([^"]*)"', tag)
        return {name.decode().rpartition(":")[2]: html.unescape(value.decode("utf-8", "replace"))
                for name, value in found}  # fmt: skip

    try:
        book, rels = archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        relation = attributes(tag)
        target = relation.get("Target", "").lstrip("/")
        targets[relation.get("Id")] = target if target.startswith("xl/") else f"xl/{target}"
    titles = {}
    for tag in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        sheet = attributes(tag)
        if sheet.get("id") in targets:
            titles[targets[sheet["id"]]] = sheet.get("name", "")
    return titles


def _load(raw: bytes, shown: str, data_only: bool) -> Any:
    import openpyxl  # only for workbooks: it costs a start-up nobody else should pay

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; they hold no cells we read
            return openpyxl.load_workbook(io.BytesIO(raw), read_only=False, data_only=data_only, keep_links=False)
    except Exception as error:  # noqa: BLE001 -- a damaged workbook fails in many ways inside openpyxl, all one answer
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return unreadable(shown, f"is a damaged or unsupported .xlsx workbook ({reason}); save it again from the "
                                 "spreadsheet")  # fmt: skip


def _table(formulas: Any, values: Any, shown: str) -> Table:
    merges = {}
    for merged in formulas.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                merges[(row, column)] = (merged.min_row, merged.min_col)
    rows: list[tuple[Cell, ...]] = []
    value_rows = values.iter_rows(values_only=True)
    for formula_row, value_row in zip(formulas.iter_rows(), value_rows, strict=False):
        cells = []
        for formula_cell, value in zip(formula_row, value_row, strict=False):
            row, column = formula_cell.row, formula_cell.column
            top = merges.get((row, column))
            source = formulas.cell(*top) if top and top != (row, column) else formula_cell
            if source is not formula_cell:
                value = values.cell(*top).value
            cells.append(_cell(source, value, Position(row, column), Position(*top) if top else None))
        rows.append(tuple(cells))
    hidden = formulas.sheet_state != "visible"
    return Table(formulas.title, f"{shown}:{formulas.title}", _trimmed(rows), hidden)


def _cell(source: Any, value: Any, position: Position, merged: Position | None) -> Cell:
    if source.data_type == "f":
        formula = source.value if isinstance(source.value, str) else getattr(source.value, "text", None) or "="
        return Cell(value, position, formula=formula, merged=merged)
    if source.data_type == "e":
        return Cell(str(source.value), position, error=True, merged=merged)
    if isinstance(value, str) and not value.strip():
        value = None
    return Cell(value, position, merged=merged)
