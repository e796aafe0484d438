"""The export's own layout read back: the tables of `exchange.layout` (a CSV folder's files, a workbook's
sheets) rebuilt into the document they were written from, so that export then import gives the same map.

Each table's headings are matched to the layout's columns (a heading the layout does not have is
reported once and its cells are not used); each row becomes one element, placed by its locating columns
(Stage, Step number, Lane) in the order of the rows. A cell its column cannot use is reported where it
is and left out; a row without what its element needs (a stage without an id or a name, a step in a
stage that no row of Stages defines) is reported and left out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from journeymap import model
from journeymap.checks import DUPLICATE_ID, IMPORT_CELL, IMPORT_UNUSABLE
from journeymap.exchange import layout
from journeymap.exchange.cells import Cell, Table
from journeymap.exchange.formats import Imported, ImportOptions
from journeymap.problems import START, JsonPath, Position, Problem, quote
from journeymap.record import field_names
from journeymap.suggest import did_you_mean

_REQUIRED = {
    "personas": ("id", "name"), "phases": ("id", "name"), "sources": ("id", "name"), "touchpoints": ("id", "name"),
    "stages": ("id", "name"), "steps": ("name",), "readings": (), "exits": ("description",), "actions": ("name",),
    "pain_points": ("description",), "opportunities": ("description",), "metrics": ("name",),
}  # fmt: skip
_WHAT = {
    "personas": "a persona", "phases": "a phase", "sources": "a research source", "touchpoints": "a touchpoint",
    "stages": "a stage", "steps": "a step", "exits": "an exit", "actions": "an action", "pain_points": "a pain point",
    "opportunities": "an opportunity", "metrics": "a metric",
}  # fmt: skip


class Row:
    """One row of a table: its values by document key, and where each came from."""

    def __init__(self, values: dict[str, Any], cells: dict[str, Cell], position: Position, table: layout.Table,
                 file: str, headings: Mapping[str, str]) -> None:  # fmt: skip
        self.values, self.cells, self.position, self.table, self.file = values, cells, position, table, file
        self.headings = headings  # the sheet's own heading of each column, by key: the words its messages use
        self.places = {key: cell.position for key, cell in cells.items()}
        self.element: dict[str, Any] | None = None  # what the row became in the document


def read_export(tables: Mapping[str, Table], shown: str, options: ImportOptions) -> Imported:
    """The document the export's `tables` (by layout table name) hold; `shown` names the source as a whole."""
    problems: list[Problem] = []
    notes: dict[JsonPath, str] = {}
    rows = {name: _rows(layout.table(name), table, problems)  # type: ignore[arg-type]  # the names are the layout's
            for name, table in tables.items()}  # fmt: skip
    data = _map_fields(rows.get("map", []), tables.get("map"), problems)
    if "title" not in data:
        data["title"] = options.title or _title_from(shown)
        given = "given with --title" if options.title else f"from the name {_title_from(shown)!r}"
        notes[("title",)] = f"the export has no title: {given}"
    data.setdefault("journeymap", 1.1)
    if options.locale and "locale" not in data:
        data["locale"] = options.locale
        notes[("locale",)] = "given with --locale"
    for key, element_table in layout.SHARED.items():
        elements = _elements(key, rows.get(element_table.name, []), tables, problems)
        if elements:
            data[key] = elements
    stages = _stages(rows, tables, problems)
    if not stages:
        where = tables["stages"].file if "stages" in tables else shown
        problem = IMPORT_UNUSABLE.problem(where, START, "the export has no stages (no rows in its stages table); "
                                                         "a map needs at least one stage")  # fmt: skip
        return Imported(None, {}, (*problems, problem))
    data["stages"] = stages
    _leave_out_invalid(data, [row for table_rows in rows.values() for row in table_rows], shown, problems)
    return Imported(in_format_order(data), notes, tuple(problems))


def _leave_out_invalid(data: dict[str, Any], rows: list[Row], shown: str, problems: list[Problem]) -> None:
    """Take out of `data` what the map's validation refuses (a state that is no state, an id nothing defines),
    each reported at the cell it came from: a spreadsheet lets people type anything in any cell. A row whose
    element cannot be valid at all is left out whole."""
    from journeymap.exchange.importing import problems_of_text

    for _ in range(_MOST_ROUNDS):
        wrong = problems_of_text(json.dumps(data, ensure_ascii=False), shown)  # JSON is YAML, and its text is text
        origins = _origins(data, rows)
        removals = [removal for problem in wrong if (removal := _removal(problem, data, origins, problems))]
        if not removals:
            return
        for container, key, item in sorted(removals, key=lambda r: -r[2] if isinstance(r[2], int) else 0):
            if key is None and isinstance(container, list) and item is not None and item < len(container):
                del container[item]
            elif key is not None and isinstance(container, dict) and key in container:
                value = container[key]
                if item is not None and isinstance(value, list) and item < len(value):
                    del value[item]
                if item is None or not value:
                    del container[key]


_MOST_ROUNDS = 10  # each round takes out what one validation finds; what is left out can reveal more


def _origins(data: Any, rows: list[Row]) -> dict[JsonPath, Row]:
    by_element = {id(row.element): row for row in rows if row.element is not None}
    found: dict[JsonPath, Row] = {}

    def walk(node: Any, path: JsonPath) -> None:
        if isinstance(node, dict):
            if id(node) in by_element:
                found[path] = by_element[id(node)]
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, (*path, index))

    walk(data, ())
    for row in rows:  # the map table's rows give the top-level fields
        if row.table is layout.MAP and "field" in row.values and "value" in row.cells:
            found.setdefault((str(row.values["field"]).strip(),), row)
    return found


def _removal(problem: Problem, data: dict[str, Any], origins: Mapping[JsonPath, Row],
             problems: list[Problem]) -> tuple[Any, str | None, int | None] | None:  # fmt: skip
    """What to take out for one validation problem, reported where it came from; None: it came from nowhere
    a row says (the importer's own doing, which the run reports as a bug)."""
    path = problem.json_path
    prefixes = [path[:length] for length in range(len(path), 0, -1) if path[:length] in origins]
    if not prefixes or origins[prefixes[0]].table is layout.MAP:
        return _map_field_removal(problem, data, origins, problems)
    element_path = prefixes[0]
    row = origins[element_path]
    element = _at(data, element_path)
    key = path[len(element_path)] if len(path) > len(element_path) else None
    column = next((c for c in row.table.columns if c.key == key), None) if isinstance(key, str) else None
    if column is not None and key in row.cells and key in element and problem.code != DUPLICATE_ID.code:
        heading = row.headings.get(key, column.heading)
        problems.append(IMPORT_CELL.problem(row.file, row.cells[key].position, f"column {quote(heading)}: "
                                            f"{problem.message}; the cell is not used"))  # fmt: skip
        item = path[len(element_path) + 1] if len(path) > len(element_path) + 1 else None
        return element, key, item if isinstance(item, int) else None
    problems.append(IMPORT_CELL.problem(row.file, row.position, f"{problem.message}; the row is not used"))
    parent = _at(data, element_path[:-1])
    return parent, None, element_path[-1] if isinstance(element_path[-1], int) else None


def _map_field_removal(problem: Problem, data: dict[str, Any], origins: Mapping[JsonPath, Row],
                       problems: list[Problem]) -> tuple[Any, str | None, int | None] | None:  # fmt: skip
    """A top-level field the map table gave: left out, or for the format version, the version this writes."""
    path = problem.json_path
    row = origins.get(path[:1]) if path and path[0] in data else None
    if row is None or row.table is not layout.MAP:
        return None
    value = quote(row.headings.get("value", "Value"))
    problems.append(IMPORT_CELL.problem(row.file, row.cells["value"].position, f"column {value} ({path[0]}): "
                                        f"{problem.message}; the cell is not used"))  # fmt: skip
    if path[0] == "journeymap":
        data["journeymap"] = 1.1
        return None
    return data, str(path[0]), None


def _named(row: Row, key: str) -> str:
    """A column's heading as the row's sheet names it (its English one where the sheet lacks the column)."""
    english = next((c.heading for c in row.table.columns if c.key == key), key)
    return quote(row.headings.get(key, english))


def _at(data: Any, path: JsonPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _title_from(shown: str) -> str:
    name = shown.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in (".xlsx", ".csv"):
        name = name.removesuffix(suffix)
    return name.replace("_", " ").replace("-", " ").strip() or "Imported map"


def _rows(table_layout: layout.Table, table: Table, problems: list[Problem]) -> list[Row]:
    if not table.rows:
        return []
    headings = table.rows[0]
    columns: dict[int, layout.Column] = {}
    for cell in headings:
        heading = _heading(cell)
        if heading is None:
            continue
        column = table_layout.column(heading)
        if column is None:
            hint, suggestion = did_you_mean(heading, table_layout.headings)
            message = f"column {quote(heading)} is not a column of the {table_layout.title} table{hint}"
            problems.append(IMPORT_CELL.problem(table.file, cell.position, f"{message}; its cells are not used",
                                                suggestion=suggestion))  # fmt: skip
        else:
            columns[cell.position.column] = replace(column, heading=heading)  # named as the sheet names it
    sheet_headings = {column.key: column.heading for column in columns.values()}
    result = []
    for row in table.rows[1:]:
        values: dict[str, Any] = {}
        used: dict[str, Cell] = {}
        for cell in row:
            column = columns.get(cell.position.column)
            if column is None or cell.value is None:
                continue
            value = _value(column, cell, table.file, problems)
            if value is not None or (column.kind is layout.Kind.JSON and not problems_at(problems, cell)):
                values[column.key], used[column.key] = value, cell
        if values:
            result.append(Row(values, used, row[0].position if row else START, table_layout, table.file,
                              sheet_headings))  # fmt: skip
    return result


def problems_at(problems: list[Problem], cell: Cell) -> bool:
    """Whether the last problem is this cell's (an extension's null is a value; a cell reported is not)."""
    return bool(problems) and problems[-1].position == cell.position


def _heading(cell: Cell) -> str | None:
    if cell.value is None or not str(cell.value).strip():
        return None
    return layout.unsafe_cell(str(cell.value)).strip()


def _value(column: layout.Column, cell: Cell, file: str, problems: list[Problem]) -> Any:
    problem = cell_problem(column.heading, cell, file)
    if problem:
        problems.append(problem)
        return None
    try:
        return layout.read_cell(column.kind, cell.value)
    except layout.CellError as error:
        problems.append(IMPORT_CELL.problem(file, cell.position, f"column {quote(column.heading)}: {error}"))
        return None


def cell_problem(heading: str, cell: Cell, file: str) -> Problem | None:
    """What keeps a workbook cell from being used at all: a formula no spreadsheet computed, an error value."""
    if cell.formula is not None and cell.value is None:
        held = f"column {quote(heading)}: the cell holds the formula {quote(cell.formula)}"
        return IMPORT_CELL.problem(file, cell.position, f"{held} and no value computed by a spreadsheet, and "
                                   "journeymap never computes formulas; type the value, or open and save the workbook "
                                   "in a spreadsheet")  # fmt: skip
    if cell.error:
        return IMPORT_CELL.problem(file, cell.position, f"column {quote(heading)}: the cell holds the error "
                                   f"{quote(str(cell.value))}; correct it in the spreadsheet")  # fmt: skip
    return None


def _map_fields(rows: list[Row], table: Table | None, problems: list[Problem]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for row in rows:
        key = row.values.get("field")
        raw = row.values.get("value")
        if key is None or raw is None:
            continue
        kind = layout.map_field_kind(key)
        if kind is None:
            hint, suggestion = did_you_mean(key, [name for name, _ in layout.MAP_FIELDS])
            field = quote(row.headings.get("field", "Field"))
            message = f"column {field}: {quote(key)} is not a field of a map{hint}; the row is not used"
            problems.append(IMPORT_CELL.problem(table.file if table else "", row.places["field"], message,
                                                suggestion=suggestion))  # fmt: skip
            continue
        try:  # the cell as read, not the Value column's text: a map field may be a number or a date
            data[key.strip()] = layout.read_cell(kind, row.cells["value"].value)
        except layout.CellError as error:
            problems.append(IMPORT_CELL.problem(table.file if table else "", row.places["value"],
                                                f"column {quote(row.headings.get('value', 'Value'))} ({key}): "
                                                f"{error}"))  # fmt: skip
    return {key: value for key, value in data.items() if value is not None or key.startswith("x-")}


def _element(name: str, row: Row, tables: Mapping[str, Table], problems: list[Problem]) -> dict[str, Any] | None:
    """The row's element without its locating columns; None (reported) when it lacks a required key."""
    missing = [key for key in _REQUIRED[name] if key not in row.values]
    if missing:
        heading = _named(row, missing[0])
        problems.append(IMPORT_CELL.problem(tables[name].file, row.position, f"column {heading} is empty; "
                        f"{_WHAT[name]} needs one, so the row is not used"))  # fmt: skip
        return None
    locating = {c.key for c in layout.table(name).columns if c.locates}  # type: ignore[union-attr]
    row.element = {key: value for key, value in row.values.items() if key not in locating}
    return row.element


def _elements(key: str, rows: list[Row], tables: Mapping[str, Table], problems: list[Problem]) -> list[dict[str, Any]]:
    return [element for row in rows if (element := _element(key, row, tables, problems)) is not None]


def _stages(rows: Mapping[str, list[Row]], tables: Mapping[str, Table],
            problems: list[Problem]) -> list[dict[str, Any]]:  # fmt: skip
    stages: dict[str, dict[str, Any]] = {}
    for row in rows.get("stages", []):
        stage = _element("stages", row, tables, problems)
        if stage is not None:
            stages.setdefault(stage["id"], stage)
    steps: dict[tuple[str, int], dict[str, Any]] = {}
    for row in rows.get("steps", []):
        stage = _parent(row, "steps", stages, tables, problems)
        step = _element("steps", row, tables, problems) if stage is not None else None
        if stage is not None and step is not None:
            stage.setdefault("steps", []).append(step)
            steps[(stage["id"], row.values.get("step_number", len(stage["steps"])))] = step
    for name, key in (("readings", "emotions"), ("exits", "exits")):
        for row in rows.get(name, []):
            stage = _parent(row, name, stages, tables, problems)
            element = _element(name, row, tables, problems) if stage is not None else None
            if stage is None or element is None:
                continue
            owner = _step_of(row, stage, steps, tables[name].file, problems) if "step_number" in row.values or \
                "step" in row.values else stage  # fmt: skip
            if owner is not None:
                owner.setdefault(key, []).append(element)
    for row in rows.get("actions", []):
        stage = _parent(row, "actions", stages, tables, problems)
        action = _element("actions", row, tables, problems) if stage is not None else None
        if stage is not None and action is not None:
            lane = row.values.get("lane")
            if lane not in layout.LANES:
                _bad_lane(row, lane, tables["actions"].file, problems)
                continue
            stage.setdefault(lane, []).append(action)
    for key, list_table in layout.STAGE_LISTS.items():
        for row in rows.get(list_table.name, []):
            stage = _parent(row, list_table.name, stages, tables, problems)
            element = _element(list_table.name, row, tables, problems) if stage is not None else None
            if stage is not None and element is not None:
                stage.setdefault(key, []).append(element)
    return list(stages.values())


def _parent(row: Row, name: str, stages: dict[str, dict[str, Any]], tables: Mapping[str, Table],
            problems: list[Problem]) -> dict[str, Any] | None:  # fmt: skip
    stage_id = row.values.get("stage")
    if stage_id in stages:
        return stages[stage_id]
    file = tables[name].file
    if stage_id is None:
        problems.append(IMPORT_CELL.problem(file, row.position, f"column {_named(row, 'stage')} is empty; name the id "
                                            "of the stage "
                                            "the row belongs to, so the row is not used"))  # fmt: skip
    else:
        hint, suggestion = did_you_mean(stage_id, stages)
        message = f"column {_named(row, 'stage')}: {quote(stage_id)} is not the id of a stage in the stages table{hint}"
        problems.append(IMPORT_CELL.problem(file, row.places["stage"], f"{message}; the row is not used",
                                            suggestion=suggestion))  # fmt: skip
    return None


def _step_of(row: Row, stage: dict[str, Any], steps: Mapping[tuple[str, int], dict[str, Any]], file: str,
             problems: list[Problem]) -> dict[str, Any] | None:  # fmt: skip
    number = row.values.get("step_number")
    step_id = row.values.get("step")
    if number is None:
        step = next((s for s in stage.get("steps", ()) if s.get("id") == step_id), None)
    else:
        step = steps.get((stage["id"], number))
    if step is None or (step_id is not None and step.get("id") != step_id):
        where = row.places.get("step_number") or row.places["step"]
        said = f"step number {number}" if number is not None else f"step {quote(step_id)}"
        problems.append(IMPORT_CELL.problem(file, where, f"column {_named(row, 'step_number')}: stage "
                                            f"{quote(stage['id'])} has no "
                        f"{said}" + (f" with the id {quote(step_id)}" if number is not None and step_id else "") +
                        "; the row is not used"))  # fmt: skip
        return None
    return step


def _bad_lane(row: Row, lane: Any, file: str, problems: list[Problem]) -> None:
    heading = _named(row, "lane")
    if lane is None:
        message = f"column {heading} is empty; write frontstage, backstage or support, so the row is not used"
        problems.append(IMPORT_CELL.problem(file, row.position, message))
        return
    hint, suggestion = did_you_mean(str(lane), layout.LANES)
    message = f"column {heading}: {quote(str(lane))} is not frontstage, backstage or support{hint}; the row is not used"
    problems.append(IMPORT_CELL.problem(file, row.places["lane"], message, suggestion=suggestion))


# The format's key order, from the model's fields: a document reads as people write maps.

_ORDER: dict[str, type] = {
    "personas": model.Persona, "phases": model.Phase, "touchpoints": model.Touchpoint, "sources": model.ResearchSource,
    "stages": model.Stage, "steps": model.Step, "emotions": model.Reading, "exits": model.Exit,
    "frontstage": model.Action, "backstage": model.Action, "support": model.Action, "pain_points": model.PainPoint,
    "opportunities": model.Opportunity, "metrics": model.Metric,
}  # fmt: skip
_TOP = ("journeymap", *(name for name in field_names(model.Journey) if name not in ("format",)))


def in_format_order(data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` with every mapping's keys in the format's order (as `model.as_data` writes them), x- keys last."""
    return _ordered(data, _TOP)


def _ordered(node: Mapping[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    rank = {key: index for index, key in enumerate(order)}
    keys = sorted(node, key=lambda key: (key.startswith("x-"), rank.get(key, len(rank))))
    result = {}
    for key in keys:
        value = node[key]
        kind = _ORDER.get(key)
        if kind is not None and isinstance(value, list) and not key.startswith("x-"):
            names = field_names(kind)
            value = [_ordered(item, names) if isinstance(item, Mapping) else item for item in value]
        result[key] = value
    return result
