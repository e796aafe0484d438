"""The tabular layout of a map: the tables a CSV folder and a workbook hold, their columns, and how one
value is written in one cell and read back from it. The CSV and XLSX exporters write `rows(document)`;
the importers read cells back with `read_cell`, so that a map exported and imported again is the same
document (`exchange.document.document`).

The tables, in order (`TABLES`): `map` (one row per top-level field: Field, Value), then one row per
element: personas, phases, sources, touchpoints, stages, steps, readings, exits, actions, pain_points,
opportunities, metrics. A table's `name` is its CSV file's stem (`steps.csv`, the same in every language);
its sheet in a workbook is named in the map's language ("Steps", "Pasos"), and so are the headings
("Step number", "Número de paso"; journeymap/locales, keys export.tables.*). An importer finds a table by
its name or its title in any language (`table`), and a column by its heading in any language or its key
(`Table.column`), ignoring case. The map table's Field cells are the format's own keys (title, reviewed).

Where an element sits is said by its row's locating columns (`Column.locates`), never by its own fields:
- every element below a stage names the stage's id in "Stage";
- a step is also numbered in "Step number" (1 for a stage's first step), so that a step without an id can
  still be named: a reading or exit of a step names the step's id in "Step" when it has one, and always its
  "Step number"; a reading or exit of the stage itself leaves both empty;
- an action names its blueprint lane in "Lane" (frontstage, backstage, support).
Rows keep the order of the map: the importer rebuilds every list (a stage's steps, a lane's actions, an
element's `emotions` and `exits`) in the order of its rows.

Readings are only the `emotions` entries of steps and stages; a step's or stage's own `emotion`,
`feeling` and `thought(s)` are columns of the steps and stages tables.

Extension keys (`x-...`) take one column each, after a table's own columns, headed by the key itself, in
the order they are first used; on the map table they are rows. A table has no extension column nobody uses.
"""

from __future__ import annotations

import datetime
import functools
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from journeymap.schema import is_date
from journeymap.words import languages, translations, words_for

Cell = str | int | float | bool | datetime.date | None


class Kind(Enum):
    """What a column holds, and so how its cells are written and read."""

    TEXT = "text"  # any text, line breaks kept
    ID = "id"  # one id
    IDS = "id list"  # ids joined by ", "
    NUMBER = "number"  # a number, whole or not
    INTEGER = "integer"  # a whole number (an emotion from -2 to 2, an age)
    DATE = "date"  # YYYY-MM-DD
    DURATION = "duration"  # as the format writes it: "2-3 days"
    BOOLEAN = "boolean"  # true, or empty for false
    LINES = "text list"  # one item per line; a JSON array when an item has a line break of its own
    JSON = "json"  # an extension key's value: text as itself, anything else as JSON


@dataclass(frozen=True)
class Column:
    heading: str  # in English; `heading_in` gives it in the map's language
    key: str  # the document's key; for a locating column, what it locates: stage, step, step_number, lane
    kind: Kind
    locates: bool = False  # says where the row's element sits (parent stage, step, lane), not one of its fields

    def heading_in(self, locale: str | None) -> str:
        """The heading in the language of `locale` (English where journeymap has no translation)."""
        return words_for(locale).table.get(f"export.tables.column.{self.key}", self.heading)

    def names(self) -> frozenset[str]:
        """Every heading that names this column, lowercased: its key, and its heading in every language."""
        return frozenset({self.key, self.heading.lower(), *(h.lower() for h in _translated("column", self.key))})


@dataclass(frozen=True)
class Table:
    name: str  # the CSV file's stem: steps -> steps.csv
    title: str  # the workbook sheet's name, in English; `title_in` gives it in the map's language
    columns: tuple[Column, ...]
    extensible: bool = True  # whether x- keys add columns (the map table has them as rows)

    def title_in(self, locale: str | None) -> str:
        return words_for(locale).table.get(f"export.tables.sheet.{self.name}", self.title)

    def headings_in(self, locale: str | None) -> tuple[str, ...]:
        return tuple(column.heading_in(locale) for column in self.columns)

    def column(self, heading: str) -> Column | None:
        """The column a heading names: its heading in any language journeymap ships, or its document key,
        ignoring case and edge spaces; an x- heading is an extension column of its own."""
        wanted = heading.strip().lower()
        for column in self.columns:
            if wanted in column.names():
                return column
        if self.extensible and wanted.startswith("x-"):
            return Column(heading.strip(), heading.strip(), Kind.JSON)
        return None

    @property
    def headings(self) -> tuple[str, ...]:
        """The headings in English; an export's are in its map's language (`headings_in`, `recognises`)."""
        return tuple(column.heading for column in self.columns)

    def recognises(self, headings: Sequence[str], least: int = 2) -> bool:
        """Whether a sheet's first headings (at least `least` of them) are this table's first columns, in
        whatever language journeymap wrote them: how an importer tells an export's table from other sheets."""
        names = [str(heading).strip() for heading in headings]
        return len(names) >= least and all(
            self.column(name) == column for name, column in zip(names[: len(self.columns)], self.columns, strict=False)
        )


def _columns(*specs: tuple[str, str, Kind] | tuple[str, str, Kind, bool]) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


T, I, L, N, Z, D, DUR, B, LINES, J = (Kind.TEXT, Kind.ID, Kind.IDS, Kind.NUMBER, Kind.INTEGER, Kind.DATE,
                                      Kind.DURATION, Kind.BOOLEAN, Kind.LINES, Kind.JSON)  # fmt: skip
_STAGE = ("Stage", "stage", I, True)
_STEP = ("Step", "step", I, True)
_STEP_NUMBER = ("Step number", "step_number", Z, True)

# The map table's rows: the field (as the format names it) and its kind; its x- keys follow.
MAP_FIELDS: tuple[tuple[str, Kind], ...] = (
    ("journeymap", N), ("title", T), ("description", T), ("objective", T), ("owner", T), ("reviewed", D),
    ("status", T), ("state", T), ("tags", LINES), ("locale", T),
)  # fmt: skip

MAP = Table("map", "Map", _columns(("Field", "field", T, True), ("Value", "value", T)), extensible=False)
PERSONAS = Table("personas", "Personas", _columns(
    ("Id", "id", I), ("Name", "name", T), ("Description", "description", T), ("Age", "age", Z),
    ("Gender", "gender", T), ("Occupation", "occupation", T), ("Location", "location", T),
    ("Goals", "goals", LINES), ("Frustrations", "frustrations", LINES), ("Interests", "interests", LINES),
    ("Personality", "personality", T), ("Quote", "quote", T), ("Evidence", "evidence", T),
    ("Sources", "sources", L),
))  # fmt: skip
PHASES = Table("phases", "Phases", _columns(("Id", "id", I), ("Name", "name", T), ("Description", "description", T)))
SOURCES = Table("sources", "Sources", _columns(
    ("Id", "id", I), ("Name", "name", T), ("Kind", "kind", T), ("Date", "date", D), ("URL", "url", T),
    ("Description", "description", T),
))  # fmt: skip
TOUCHPOINTS = Table("touchpoints", "Touchpoints", _columns(
    ("Id", "id", I), ("Name", "name", T), ("Channel", "channel", T), ("Kind", "kind", T), ("Lane", "lane", T),
    ("Owner", "owner", T), ("Description", "description", T), ("URL", "url", T), ("State", "state", T),
))  # fmt: skip
STAGES = Table("stages", "Stages", _columns(
    ("Id", "id", I), ("Name", "name", T), ("Phase", "phase", I), ("Kind", "kind", T),
    ("Description", "description", T), ("Goal", "goal", T), ("Owner", "owner", T), ("Personas", "personas", L),
    ("State", "state", T), ("Replaces", "replaces", L), ("Moment of truth", "moment_of_truth", B),
    ("Touchpoints", "touchpoints", L), ("Emotion", "emotion", Z), ("Feeling", "feeling", T),
    ("Thoughts", "thoughts", LINES), ("Next", "next", L), ("Evidence", "evidence", T), ("Sources", "sources", L),
))  # fmt: skip
STEPS = Table("steps", "Steps", _columns(
    _STAGE, _STEP_NUMBER, ("Id", "id", I), ("Name", "name", T), ("Description", "description", T),
    ("Persona", "persona", I), ("Personas", "personas", L), ("Touchpoints", "touchpoints", L),
    ("Emotion", "emotion", Z), ("Feeling", "feeling", T), ("Thought", "thought", T), ("State", "state", T),
    ("Replaces", "replaces", L), ("Moment of truth", "moment_of_truth", B), ("Duration", "duration", DUR),
    ("Wait", "wait", DUR), ("Physical evidence", "physical_evidence", LINES), ("Evidence", "evidence", T),
    ("Sources", "sources", L),
))  # fmt: skip
READINGS = Table("readings", "Readings", _columns(
    _STAGE, _STEP, _STEP_NUMBER, ("Persona", "persona", I), ("State", "state", T), ("Emotion", "emotion", Z),
    ("Feeling", "feeling", T), ("Thought", "thought", T), ("Evidence", "evidence", T), ("Sources", "sources", L),
))  # fmt: skip
EXITS = Table("exits", "Exits", _columns(
    _STAGE, _STEP, _STEP_NUMBER, ("Id", "id", I), ("Description", "description", T), ("Rate", "rate", N),
    ("Returns to", "returns_to", I), ("Evidence", "evidence", T), ("Sources", "sources", L),
))  # fmt: skip
ACTIONS = Table("actions", "Actions", _columns(
    _STAGE, ("Lane", "lane", T, True), ("Id", "id", I), ("Name", "name", T), ("Description", "description", T),
    ("Actor", "actor", T), ("Touchpoints", "touchpoints", L), ("Steps", "steps", L), ("State", "state", T),
    ("Duration", "duration", DUR), ("Evidence", "evidence", T), ("Sources", "sources", L),
))  # fmt: skip
PAIN_POINTS = Table("pain_points", "Pain points", _columns(
    _STAGE, ("Id", "id", I), ("Description", "description", T), ("Severity", "severity", T),
    ("Evidence", "evidence", T), ("Personas", "personas", L), ("Sources", "sources", L),
    ("Resolved", "resolved", D),
))  # fmt: skip
OPPORTUNITIES = Table("opportunities", "Opportunities", _columns(
    _STAGE, ("Id", "id", I), ("Description", "description", T), ("Addresses", "addresses", L),
    ("Owner", "owner", T), ("Status", "status", T), ("Impact", "impact", T), ("Effort", "effort", T),
))  # fmt: skip
METRICS = Table("metrics", "Metrics", _columns(
    _STAGE, ("Id", "id", I), ("Name", "name", T), ("Unit", "unit", T), ("Target", "target", N),
    ("Actual", "actual", N), ("Direction", "direction", T), ("Baseline", "baseline", N), ("Source", "source", T),
    ("Measured", "measured", D), ("Sources", "sources", L),
))  # fmt: skip

TABLES: tuple[Table, ...] = (MAP, PERSONAS, PHASES, SOURCES, TOUCHPOINTS, STAGES, STEPS, READINGS, EXITS,
                             ACTIONS, PAIN_POINTS, OPPORTUNITIES, METRICS)  # fmt: skip
BY_NAME = {t.name: t for t in TABLES}
LANES = ("frontstage", "backstage", "support")
STAGE_LISTS = {"pain_points": PAIN_POINTS, "opportunities": OPPORTUNITIES, "metrics": METRICS}
SHARED = {"personas": PERSONAS, "phases": PHASES, "sources": SOURCES, "touchpoints": TOUCHPOINTS}


def table(name: str) -> Table | None:
    """The table a CSV file's stem or a sheet's name (in any language journeymap ships) is, ignoring case,
    and spaces or '-' for '_'."""
    wanted = _simple(name)
    return next((t for t in TABLES if wanted in {t.name, _simple(t.title), *map(_simple, _translated("sheet", t.name))}),
                None)  # fmt: skip


def _simple(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


@functools.cache
def _translated(group: str, key: str) -> tuple[str, ...]:
    """A sheet's or column's name in every language journeymap ships."""
    found = (translations(language).get(f"export.tables.{group}.{key}") for language in languages())
    return tuple(name for name in found if name)


# --- cells ---------------------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as text and never runs as a formula: one that starts with = + - @, a tab or
    a carriage return gets a single quote in front (OWASP's advice against CSV injection), and so does one
    that starts with a quote already, so that `unsafe_cell` can always take exactly one quote off again.
    Numbers are not text: a negative emotion is the number -2 in its cell, which no spreadsheet runs."""
    return QUOTE + text if text.startswith((*_FORMULA_STARTS, QUOTE)) else text


def unsafe_cell(text: str) -> str:
    """The text `safe_cell` made safe: a leading single quote taken off when a formula character or another
    quote follows it (one; a person's own leading quote was doubled on export), as only `safe_cell` writes
    them; `'Too dear' she says` keeps its quote. Importers apply it to every text cell, of CSV and workbook."""
    return text[1:] if text.startswith(QUOTE) and text[1:].startswith((*_FORMULA_STARTS, QUOTE)) else text


def write_cell(kind: Kind, value: Any) -> Cell:
    """A document value as the cell that holds it: text made safe, numbers and dates as themselves (the
    CSV writer spells them out), lists joined, absent values None (an empty cell)."""
    if kind is Kind.JSON:
        return _json_cell(value)  # an extension's null is a value: "null"; an absent key is no cell at all
    if value is None:
        return None
    if kind is Kind.IDS:
        return ", ".join(value)
    if kind is Kind.LINES:
        return safe_cell(_lines(value))
    if kind is Kind.DATE:
        return datetime.date.fromisoformat(value)
    if kind is Kind.BOOLEAN:
        return bool(value)
    if kind in (Kind.NUMBER, Kind.INTEGER):
        return value
    return safe_cell(str(value))


def _lines(items: Sequence[str]) -> str:
    text = "\n".join(items)
    if any(_not_a_line(item) for item in items) or _json_list(text) is not None:
        return json.dumps(list(items), ensure_ascii=False)  # what lines cannot say, JSON can
    return text


def _not_a_line(item: str) -> bool:
    return not item.strip() or item != item.strip() or "\n" in item or "\r" in item


def _json_list(text: str) -> list[str] | None:
    if not text.startswith("["):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, list) and all(isinstance(item, str) for item in value) else None


def _json_cell(value: Any) -> Cell:
    """An extension value: a number as a number; text as itself unless it reads as JSON (then as a JSON
    string, so that "12" stays text); anything else (true, lists, mappings, null) as JSON."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return value
    if isinstance(value, str) and value.strip():  # blank text would be an empty cell: no value at all
        try:
            json.loads(value)
        except ValueError:
            return safe_cell(value)
    return safe_cell(json.dumps(value, ensure_ascii=False))


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message says what is wrong and how to fix it."""


_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "x", "verdadero", "sí", "si"})  # lowercase, in either language
FALSE_WORDS = frozenset({"false", "no", "n", "0", "falso"})


def read_cell(kind: Kind, cell: Cell) -> Any:
    """The document value of a cell (`write_cell`'s inverse): None for an empty cell (the key is left out);
    raises CellError for a cell the column cannot use. A CSV cell is text; a workbook cell may be a number,
    a date or a boolean, as the workbook writes them. Text has its safety quote taken off (`unsafe_cell`).
    One None is a value: an extension cell reading `null` is the key with a null value; tell it from an empty
    cell with `is_empty`. A boolean cell that is false is None too, false being the format's default."""
    if is_empty(cell):
        return None
    if isinstance(cell, str) and kind not in (Kind.TEXT, Kind.LINES, Kind.JSON):
        cell = cell.strip()  # edge spaces mean nothing in an id, a number or a date
    return _READERS[kind](cell)


def is_empty(cell: Cell) -> bool:
    """Whether a cell holds nothing: no value, or only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text(cell: Cell) -> str:
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return unsafe_cell(str(cell))


def _id(cell: Cell) -> str:
    text = _text(cell)
    if not _ID.fullmatch(text):
        raise CellError(f"'{text}' is not an id; write lowercase letters, digits, '-' and '_'")
    return text


def _ids(cell: Cell) -> list[str]:
    parts = (part.strip() for part in re.split(r"[,;\n]", _text(cell)))
    return [_id(part) for part in parts if part]


def _number(cell: Cell) -> int | float:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return cell
    text = _text(cell)
    try:
        value = float(text)
    except ValueError:
        raise CellError(f"'{text}' is not a number; write digits, with '.' for decimals") from None
    if not math.isfinite(value):
        raise CellError(f"'{text}' is not a number; write digits, with '.' for decimals")
    return int(value) if re.fullmatch(r"[+-]?\d+", text) else value


def _integer(cell: Cell) -> int:
    try:
        value = _number(cell)
    except CellError:
        value = math.nan
    if isinstance(value, float) and not value.is_integer():
        raise CellError(f"'{_text(cell)}' is not a whole number; write digits, such as 3 or -2")
    return int(value)


def _date(cell: Cell) -> str:
    text = _text(cell)
    if is_date(text):  # as validation reads dates: YYYY-MM-DD, and a day there is
        return text
    raise CellError(f"'{text}' is not a date; write it as YYYY-MM-DD")


def _boolean(cell: Cell) -> bool | None:
    text = _text(cell).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return None  # false is the format's default: the key is left out
    raise CellError(f"'{text}' is not true or false; write true, or leave the cell empty")


def _line_items(cell: Cell) -> list[str]:
    text = _text(cell)
    listed = _json_list(text)
    if listed is not None:
        return listed
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _json_value(cell: Cell) -> Any:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return cell
    text = _text(cell)
    try:
        return json.loads(text)
    except ValueError:
        return text


_READERS = {
    Kind.TEXT: _text, Kind.ID: _id, Kind.IDS: _ids, Kind.NUMBER: _number, Kind.INTEGER: _integer,
    Kind.DATE: _date, Kind.DURATION: _text, Kind.BOOLEAN: _boolean, Kind.LINES: _line_items,
    Kind.JSON: _json_value,
}  # fmt: skip


# --- rows ------------------------------------------------------------------------------------------------


@dataclass
class _Rows:
    """One table's rows as they are collected: each row a mapping of column key -> document value."""

    table: Table
    records: list[dict[str, Any]] = field(default_factory=list)

    def add(self, element: Mapping[str, Any], **place: Any) -> None:
        self.records.append({**place, **element})

    def extension_keys(self) -> list[str]:
        keys = (key for record in self.records for key in record if key.startswith("x-"))
        return list(dict.fromkeys(keys))

    def cells(self, locale: str | None) -> list[list[Cell]]:
        extensions = [Column(key, key, Kind.JSON) for key in self.extension_keys()]
        columns = (*self.table.columns, *extensions)
        body = [[write_cell(c.kind, record[c.key]) if c.key in record else None for c in columns]
                for record in self.records]  # fmt: skip
        return [[c.heading_in(locale) if not c.key.startswith("x-") else c.key for c in columns], *body]


def rows(document: Mapping[str, Any], locale: str | None = None) -> dict[str, list[list[Cell]]]:
    """Every table of the layout, by name in `TABLES` order, as rows of cells: the headings (in the language
    of `locale`) first, then one row per element (for `map`, one per field). A table the map has nothing
    for is its headings alone."""
    collected = {t.name: _Rows(t) for t in TABLES[1:]}
    for key, element_table in SHARED.items():
        for element in document.get(key, ()):
            collected[element_table.name].add(element)
    for stage in document.get("stages", ()):
        _stage_rows(stage, collected)
    tables = {name: collected_rows.cells(locale) for name, collected_rows in collected.items()}
    return {MAP.name: _map_rows(document, locale), **tables}


def map_field_kind(key: str) -> Kind | None:
    """What the map table's Value holds for a field: its kind, JSON for an x- key, None for no field."""
    return dict(MAP_FIELDS).get(key.strip()) or (Kind.JSON if key.strip().startswith("x-") else None)


def _map_rows(document: Mapping[str, Any], locale: str | None) -> list[list[Cell]]:
    fields = [*MAP_FIELDS, *((key, Kind.JSON) for key in document if key.startswith("x-"))]
    cells = ([key, write_cell(kind, document[key]) if key in document else None] for key, kind in fields)
    return [list(MAP.headings_in(locale)), *cells]


def _stage_rows(stage: Mapping[str, Any], collected: dict[str, _Rows]) -> None:
    stage_id = stage["id"]
    collected["stages"].add(stage)
    for reading in stage.get("emotions", ()):
        collected["readings"].add(reading, stage=stage_id)
    for exit_ in stage.get("exits", ()):
        collected["exits"].add(exit_, stage=stage_id)
    for number, step in enumerate(stage.get("steps", ()), start=1):
        collected["steps"].add(step, stage=stage_id, step_number=number)
        place = {"stage": stage_id, "step": step.get("id"), "step_number": number}
        for reading in step.get("emotions", ()):
            collected["readings"].add(reading, **place)
        for exit_ in step.get("exits", ()):
            collected["exits"].add(exit_, **place)
    for lane in LANES:
        for action in stage.get(lane, ()):
            collected["actions"].add(action, stage=stage_id, lane=lane)
    for key, list_table in STAGE_LISTS.items():
        for element in stage.get(key, ()):
            collected[list_table.name].add(element, stage=stage_id)


def cells(table_rows: Sequence[Sequence[Cell]]) -> Iterator[dict[str, Cell]]:
    """A table's rows below its headings as heading -> cell, for tests and readers that want names."""
    headings = table_rows[0]
    for row in table_rows[1:]:
        yield dict(zip(headings, row, strict=True))
