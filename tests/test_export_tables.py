"""The CSV, XLSX and JSON exports: the layout's tables and cells, formula safety, the files' bytes, and that
every value of a map's document is in the tables in a form that reads back as it was."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from journeymap.exchange import json_export, layout, tables, workbook
from journeymap.exchange.document import document
from journeymap.exchange.formats import ExportContext
from journeymap.workspace import Workspace

EXAMPLES = sorted((ROOT / "examples").glob("*.journey.yaml"))

SMALL = textwrap.dedent("""
    journeymap: 1.1
    title: Café order
    reviewed: 2026-03-01
    tags: [coffee, "morning, rush"]
    x-programme: NW-1
    x-count: 3
    x-flags: [a, b]
    x-meta: {team: ops}
    x-code: "12"
    x-none: null
    personas:
      - id: ana
        name: Ana
        age: 34
        goals:
          - Coffee before nine
          - "Two lines\\nin one goal"
        x-segment: commuter
    touchpoints:
      - id: app
        name: Order app
        channel: mobile_app
    stages:
      - id: order
        name: Ordering
        emotion: -1
        thoughts: [Is it open?, Where is the queue?]
        moment_of_truth: true
        steps:
          - id: opens-app
            name: '=HYPERLINK("http://example.com","click")'
            touchpoints: [app]
            emotion: -2
            feeling: "+1"
            thought: "-x"
            duration: 2 min
            physical_evidence: [Receipt, Cup sleeve]
            emotions:
              - persona: ana
                state: future
                emotion: 1
                feeling: relieved
          - name: Waits at the counter
            persona: ana
            exits:
              - description: Leaves the queue
                rate: 0.15
        emotions:
          - persona: ana
            emotion: 0
        exits: [Gives up]
        backstage:
          - name: Barista pulls the shot
            steps: [opens-app]
            x-station: 2
        pain_points:
          - description: "@SUM(A1:A2) is shown instead of the price"
            severity: high
            personas: [ana]
        opportunities:
          - description: "'Quoted' queue length, shown"
            x-budget: 1200
        metrics:
          - name: Order time
            unit: min
            target: 3
            actual: 4.5
            direction: decrease
            measured: 2026-02-20
""").lstrip()


def _journey(path: Path):
    workspace = Workspace()
    journey = workspace.journey(workspace.check(path))
    assert journey is not None, path
    return journey


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "cafe.journey.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return _journey(path), ExportContext(path, "cafe.journey.yaml", None)


HEADINGS = {
    "map": ["Field", "Value"],
    "personas": ["Id", "Name", "Description", "Age", "Gender", "Occupation", "Location", "Goals", "Frustrations",
                 "Interests", "Personality", "Quote", "Evidence", "Sources"],
    "phases": ["Id", "Name", "Description"],
    "sources": ["Id", "Name", "Kind", "Date", "URL", "Description"],
    "touchpoints": ["Id", "Name", "Channel", "Kind", "Lane", "Owner", "Description", "URL", "State"],
    "stages": ["Id", "Name", "Phase", "Kind", "Description", "Goal", "Owner", "Personas", "State", "Replaces",
               "Moment of truth", "Touchpoints", "Emotion", "Feeling", "Thoughts", "Next", "Evidence", "Sources"],
    "steps": ["Stage", "Step number", "Id", "Name", "Description", "Persona", "Personas", "Touchpoints", "Emotion",
              "Feeling", "Thought", "State", "Replaces", "Moment of truth", "Duration", "Wait", "Physical evidence",
              "Evidence", "Sources"],
    "readings": ["Stage", "Step", "Step number", "Persona", "State", "Emotion", "Feeling", "Thought", "Evidence",
                 "Sources"],
    "exits": ["Stage", "Step", "Step number", "Id", "Description", "Rate", "Returns to", "Evidence", "Sources"],
    "actions": ["Stage", "Lane", "Id", "Name", "Description", "Actor", "Touchpoints", "Steps", "State", "Duration",
                "Evidence", "Sources"],
    "pain_points": ["Stage", "Id", "Description", "Severity", "Evidence", "Personas", "Sources", "Resolved"],
    "opportunities": ["Stage", "Id", "Description", "Addresses", "Owner", "Status", "Impact", "Effort"],
    "metrics": ["Stage", "Id", "Name", "Unit", "Target", "Actual", "Direction", "Baseline", "Source", "Measured",
                "Sources"],
}  # fmt: skip


def test_every_table_has_these_headings_in_this_order():
    assert {t.name: list(t.headings) for t in layout.TABLES} == HEADINGS
    assert list(layout.rows({"title": "T", "stages": []})) == list(HEADINGS)  # every table, even empty ones


def test_headings_and_sheets_are_in_the_maps_language_and_read_back_in_any():
    assert layout.STEPS.headings_in("es")[:4] == ("Etapa", "Número de paso", "Id", "Nombre")
    assert layout.PAIN_POINTS.title_in("es-MX") == "Puntos de dolor"
    assert layout.STEPS.column("número de paso") == layout.STEPS.column("Step number") == layout.STEPS.columns[1]
    assert layout.STEPS.column("step_number") == layout.STEPS.columns[1]
    assert layout.STEPS.column("x-team") == layout.Column("x-team", "x-team", layout.Kind.JSON)
    assert layout.STEPS.column("Colour") is None and layout.MAP.column("x-team") is None
    assert layout.table("Puntos de dolor") is layout.table("pain-points") is layout.table("PAIN_POINTS") is layout.PAIN_POINTS
    assert layout.table("Plan") is None
    for table in layout.TABLES:  # no heading, in any language, names two columns of one table
        names = [column.names() for column in table.columns]
        assert all(not (a & b) for i, a in enumerate(names) for b in names[i + 1 :]), table.name


def test_the_rows_of_a_small_map(small):
    found = layout.rows(document(small[0]))
    assert found["map"][1:] == [
        ["journeymap", 1.1], ["title", "Café order"], ["description", None], ["objective", None], ["owner", None],
        ["reviewed", datetime.date(2026, 3, 1)], ["status", None], ["state", None],
        ["tags", "coffee\nmorning, rush"], ["locale", None], ["x-programme", "NW-1"], ["x-count", 3],
        ["x-flags", '["a", "b"]'], ["x-meta", '{"team": "ops"}'], ["x-code", '"12"'], ["x-none", "null"],
    ]  # fmt: skip
    assert found["personas"][0][-1] == "x-segment"
    assert found["personas"][1] == ["ana", "Ana", None, 34, None, None, None,
                                    '["Coffee before nine", "Two lines\\nin one goal"]', None, None, None, None,
                                    None, None, "commuter"]  # fmt: skip
    assert found["stages"][1] == ["order", "Ordering", None, None, None, None, None, None, None, None, True, None, -1,
                                  None, "Is it open?\nWhere is the queue?", None, None, None]  # fmt: skip
    assert found["steps"][1:] == [
        ["order", 1, "opens-app", '\'=HYPERLINK("http://example.com","click")', None, None, None, "app", -2, "'+1",
         "'-x", None, None, None, "2 min", None, "Receipt\nCup sleeve", None, None],
        ["order", 2, None, "Waits at the counter", None, "ana", None, None, None, None, None, None, None, None, None,
         None, None, None, None],
    ]  # fmt: skip
    assert found["readings"][1:] == [
        ["order", None, None, "ana", None, 0, None, None, None, None],  # the stage's own
        ["order", "opens-app", 1, "ana", "future", 1, "relieved", None, None, None],
    ]
    assert found["exits"][1:] == [
        ["order", None, None, None, "Gives up", None, None, None, None],
        ["order", None, 2, None, "Leaves the queue", 0.15, None, None, None],  # a step without an id: its number
    ]
    assert found["actions"][1] == ["order", "backstage", None, "Barista pulls the shot", None, None, None,
                                   "opens-app", None, None, None, None, 2]  # fmt: skip
    assert found["pain_points"][1] == ["order", None, "'@SUM(A1:A2) is shown instead of the price", "high", None,
                                       "ana", None, None]  # fmt: skip
    assert found["opportunities"][1] == ["order", None, "''Quoted' queue length, shown", None, None, None, None, None,
                                         1200]  # fmt: skip
    assert found["metrics"][1] == ["order", None, "Order time", "min", 3, 4.5, "decrease", None, None,
                                   datetime.date(2026, 2, 20), None]  # fmt: skip
    assert [len(found[name]) for name in ("phases", "sources")] == [1, 1]  # headings only


@pytest.mark.parametrize(
    ("text", "cell"),
    [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tindented", "'\tindented"), ("\rreturn", "'\rreturn"), ("'quoted", "''quoted"), ("plain = text", "plain = text"),
     ("", "")],
)  # fmt: skip
def test_text_that_a_spreadsheet_would_run_is_quoted_and_reads_back(text, cell):
    assert layout.safe_cell(text) == cell
    assert layout.unsafe_cell(cell) == text


def test_numbers_stay_numbers_and_lists_join():
    assert layout.write_cell(layout.Kind.INTEGER, -2) == -2
    assert layout.write_cell(layout.Kind.NUMBER, -0.5) == -0.5
    assert layout.write_cell(layout.Kind.JSON, -3) == -3
    assert layout.write_cell(layout.Kind.JSON, "-3") == '"-3"'  # text that reads as a number stays text
    assert layout.write_cell(layout.Kind.JSON, "-dash") == "'-dash"
    assert layout.write_cell(layout.Kind.IDS, ["a", "b-2"]) == "a, b-2"
    assert layout.write_cell(layout.Kind.LINES, ["one", "-two"]) == "one\n-two"  # only a cell's start is run
    assert layout.write_cell(layout.Kind.LINES, ["-one", "two"]) == "'-one\ntwo"
    assert layout.write_cell(layout.Kind.LINES, ['["x"]']) == '["[\\"x\\"]"]'  # that would read as JSON
    assert layout.read_cell(layout.Kind.IDS, " a,b ;c\n") == ["a", "b", "c"]
    assert layout.read_cell(layout.Kind.LINES, "one\r\n\r\ntwo ") == ["one", "two"]
    assert layout.read_cell(layout.Kind.INTEGER, "-2") == -2 and layout.read_cell(layout.Kind.INTEGER, 2.0) == 2
    assert layout.read_cell(layout.Kind.DATE, datetime.datetime(2026, 3, 1)) == "2026-03-01"
    assert layout.read_cell(layout.Kind.BOOLEAN, "TRUE") is True and layout.read_cell(layout.Kind.BOOLEAN, "no") is None
    assert layout.read_cell(layout.Kind.TEXT, "  ") is None


@pytest.mark.parametrize(
    ("kind", "cell", "message"),
    [(layout.Kind.INTEGER, "very happy", "'very happy' is not a whole number; write digits, such as 3 or -2"),
     (layout.Kind.INTEGER, "1.5", "'1.5' is not a whole number; write digits, such as 3 or -2"),
     (layout.Kind.NUMBER, "1,5", "'1,5' is not a number; write digits, with '.' for decimals"),
     (layout.Kind.DATE, "1 March", "'1 March' is not a date; write it as YYYY-MM-DD"),
     (layout.Kind.DATE, "2026-02-30", "'2026-02-30' is not a date; write it as YYYY-MM-DD"),
     (layout.Kind.IDS, "app, Web Site", "'Web Site' is not an id; write lowercase letters, digits, '-' and '_'"),
     (layout.Kind.BOOLEAN, "maybe", "'maybe' is not true or false; write true, or leave the cell empty"),
     (layout.Kind.NUMBER, "nan", "'nan' is not a number; write digits, with '.' for decimals")],
)  # fmt: skip
def test_a_cell_its_column_cannot_use_says_why(kind, cell, message):
    with pytest.raises(layout.CellError) as caught:
        layout.read_cell(kind, cell)
    assert str(caught.value) == message


def test_csv_files_are_utf8_with_a_bom_and_crlf(small):
    files = tables.export(*small)
    assert list(files) == [f"{name}.csv" for name in HEADINGS]
    steps = files["steps.csv"]
    assert steps.startswith(b"\xef\xbb\xbfStage,Step number,Id,Name,")
    assert steps.count(b"\r\n") == 3 and steps.endswith(b"\r\n")  # a row's end; inside a cell, a line feed
    assert b'"Receipt\nCup sleeve"' in steps
    assert b'order,1,opens-app,"\'=HYPERLINK(""http://example.com"",""click"")",,,,app,-2,\'+1,\'-x,' in steps
    assert files["map.csv"].decode("utf-8-sig").splitlines()[2] == "title,Café order"
    assert files["phases.csv"] == "\ufeffId,Name,Description\r\n".encode()  # an empty table: its headings
    assert files["stages.csv"].decode("utf-8-sig").split("\r\n")[1].startswith("order,Ordering,,,,,,,,,true,,-1,")


def test_the_workbook_reads_back_with_its_types_and_frozen_bold_headings(small):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(workbook.export(*small)))
    assert book.sheetnames == [t.title for t in layout.TABLES]
    steps = book["Steps"]
    assert [c.value for c in steps[1]] == HEADINGS["steps"]
    assert steps.freeze_panes == "A2" and all(c.font.bold for c in steps[1])
    assert [c.value for c in steps[2]][:10] == ["order", 1, "opens-app", '\'=HYPERLINK("http://example.com","click")',
                                                None, None, None, "app", -2, "'+1"]  # fmt: skip
    assert all(c.data_type != "f" for row in steps.iter_rows() for c in row)  # no formula anywhere
    assert steps["I2"].data_type == "n" and steps["Q2"].alignment.wrap_text  # -2 a number; lines wrap
    assert book["Stages"]["K2"].value is True
    measured = book["Metrics"]["J2"]
    assert measured.value == datetime.datetime(2026, 2, 20) and measured.number_format == "yyyy-mm-dd"
    assert book["Map"]["B7"].value == datetime.datetime(2026, 3, 1) and book["Map"]["B2"].value == 1.1
    assert book.properties.created == book.properties.modified == datetime.datetime(2026, 3, 1)


def test_the_workbook_is_the_same_bytes_whenever_it_is_made(small, monkeypatch):
    first = workbook.export(*small)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # 2033: what zipfile would stamp its files with
    second = workbook.export(*small)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(second)).infolist()} == {(2026, 3, 1, 0, 0, 0)}


def test_a_spanish_map_is_headed_in_spanish():
    path = ROOT / "examples" / "renovar-el-dni.journey.yaml"
    context = ExportContext(path, path.name, None, "es")
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(workbook.export(_journey(path), context)))
    assert book.sheetnames[:3] == ["Mapa", "Personas", "Fases"]
    assert [c.value for c in book["Lecturas"][1]][:3] == ["Etapa", "Paso", "Número de paso"]
    steps = tables.export(_journey(path), context)["steps.csv"].decode("utf-8-sig")
    assert steps.startswith("Etapa,Número de paso,Id,Nombre,")


# --- the round trip the layout makes possible ------------------------------------------------------------


def _rebuilt(found: dict[str, list[list]]) -> dict:
    """The document the tables hold, read as their docstrings say an importer reads them."""
    def records(name):
        table = layout.table(name)
        head, *body = found[name]
        columns = [table.column(str(heading)) for heading in head]
        for row in body:
            values = {column.key: layout.read_cell(column.kind, cell) for column, cell in zip(columns, row)
                      if not layout.is_empty(cell)}  # fmt: skip
            yield {key: value for key, value in values.items() if value is not None or key.startswith("x-")}

    data: dict = {}
    for _, *row in found["map"][1:]:
        field, value = layout.read_cell(layout.Kind.TEXT, _), row[0]
        if not layout.is_empty(value):
            data[field] = layout.read_cell(layout.map_field_kind(field), value)
    for key, table in layout.SHARED.items():
        data[key] = list(records(table.name))
    stages = {}
    for stage in records("stages"):
        stages[stage["id"]] = stage
    for step in records("steps"):
        stages[step.pop("stage")].setdefault("steps", []).append(step)
    for name, key in (("readings", "emotions"), ("exits", "exits")):
        for record in records(name):
            stage = stages[record.pop("stage")]
            record.pop("step", None)
            number = record.pop("step_number", None)
            owner = stage if number is None else stage["steps"][number - 1]
            owner.setdefault(key, []).append(record)
    for action in records("actions"):
        stages[action.pop("stage")].setdefault(action.pop("lane"), []).append(action)
    for key, table in layout.STAGE_LISTS.items():
        for record in records(table.name):
            stages[record.pop("stage")].setdefault(key, []).append(record)
    for stage in stages.values():
        for step in stage.get("steps", ()):
            step.pop("step_number")
    data["stages"] = list(stages.values())
    return {key: value for key, value in data.items() if value != []}


def _csv_tables(files: dict[str, bytes]) -> dict[str, list[list]]:
    return {name.removesuffix(".csv"): list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
            for name, data in files.items()}  # fmt: skip


def _workbook_tables(data: bytes) -> dict[str, list[list]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return {layout.table(sheet.title).name: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets}  # fmt: skip


@pytest.mark.parametrize("path", [*EXAMPLES, None], ids=[*(p.name for p in EXAMPLES), "small"])
def test_the_tables_hold_the_whole_document_as_rows_csv_and_workbook(path, tmp_path):
    if path is None:
        path = tmp_path / "cafe.journey.yaml"
        path.write_text(SMALL, encoding="utf-8")
    journey = _journey(path)
    expected = document(journey)
    context = ExportContext(path, path.name, None, journey.locale or "en")
    assert _rebuilt(layout.rows(expected, context.locale)) == expected
    assert _rebuilt(_csv_tables(tables.export(journey, context))) == expected
    assert _rebuilt(_workbook_tables(workbook.export(journey, context))) == expected


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _leaves(item, (*path, index))
    else:
        yield path, node


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_value_of_the_document_is_in_some_cell(path):
    """Each value the map holds, found as it is or as one item of a list cell, or under its x- key."""
    data = document(_journey(path))
    found = layout.rows(data)
    cells = set()
    for table_rows in found.values():
        for row in table_rows:
            for cell in row:
                text = cell.isoformat() if isinstance(cell, datetime.date) else cell
                cells.add(text if not isinstance(text, str) else layout.unsafe_cell(text))
                if isinstance(text, str):
                    cells.update([*text.split("\n"), *text.split(", ")])  # text and id lists
                    cells.update(v for _, v in _leaves(layout.read_cell(layout.Kind.JSON, text)))  # JSON cells
    missing = [(p, v) for p, v in _leaves(data) if p[0] != "journeymap" and v not in cells]
    assert missing == []


# --- JSON ----------------------------------------------------------------------------------------------


def _export_validator():
    import jsonschema_rs

    main = json.loads((ROOT / "schemas" / "journeymap.schema.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas" / "export.schema.json").read_text(encoding="utf-8"))
    assert jsonschema_rs.meta.is_valid(schema) and jsonschema_rs.meta.is_valid(main)
    return jsonschema_rs.validator_for(schema, registry=jsonschema_rs.Registry([(main["$id"], main)]))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_json_export_follows_its_schema(path):
    validator = _export_validator()
    journey = _journey(path)
    text = json_export.export(journey, ExportContext(path, f"examples/{path.name}", None))
    data = json.loads(text)
    assert [error.message for error in validator.iter_errors(data)] == []
    assert list(data) == ["journeymap-export", "source", "map"]
    assert data["source"] == f"examples/{path.name}" and data["map"] == document(journey)
    data["map"]["stages"][0]["emotion"] = 3
    assert not validator.is_valid(data)


def test_the_json_export_keeps_x_keys_and_the_formats_order(small):
    text = json_export.export(*small)
    assert text == json_export.export(*small) and text.endswith("}\n")
    assert text.startswith('{\n  "journeymap-export": 1,\n  "source": "cafe.journey.yaml",\n  "map": {\n'
                           '    "journeymap": 1.1,\n    "title": "Café order",\n')  # fmt: skip
    data = json.loads(text)["map"]
    assert {key: data[key] for key in data if key.startswith("x-")} == {
        "x-programme": "NW-1", "x-count": 3, "x-flags": ["a", "b"], "x-meta": {"team": "ops"}, "x-code": "12",
        "x-none": None}
    assert data["stages"][0]["backstage"][0]["x-station"] == 2
    assert not _export_validator().is_valid({"journeymap-export": 2, "source": "x", "map": data})


def test_a_control_character_a_workbook_cannot_hold_is_marked_not_fatal(tmp_path):
    path = tmp_path / "bell.journey.yaml"
    path.write_text('journeymap: 1\ntitle: "Ring \\a here"\nstages:\n  - id: only\n    name: "Tab\\x0bbed"\n',
                    encoding="utf-8")  # fmt: skip
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(workbook.export(_journey(path), ExportContext(path, "bell", None))))
    assert (book["Map"]["B3"].value, book["Stages"]["B2"].value) == ("Ring \ufffd here", "Tab\ufffdbed")
    assert book.properties.title == "Ring \ufffd here"
    assert "title,Ring \ufffd here\r\n" in tables.export(_journey(path), ExportContext(path, "bell", None))["map.csv"].decode()


def test_an_export_is_recognised_by_its_headings_in_any_language():
    assert layout.STAGES.recognises(["Id", "Name", "Phase"]) and layout.STAGES.recognises(["Id", "Nombre"])
    assert layout.STEPS.recognises(layout.STEPS.headings_in("es") + ("x-team",))
    assert not layout.STAGES.recognises(["Stage", "Step"]) and not layout.STAGES.recognises(["Id"])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_in_its_maps_language_imports_as_the_same_document(path, kind, tmp_path):
    """Through the real importers (where they are): a Spanish map's tables are headed in Spanish."""
    journey = _journey(path)
    context = ExportContext(path, path.name, None, journey.locale or "en")
    options = pytest.importorskip("journeymap.exchange.formats").ImportOptions()
    if kind == "csv":
        importer = pytest.importorskip("journeymap.exchange.tables_import")
        source = tmp_path / "export"
        source.mkdir()
        for name, content in tables.export(journey, context).items():
            (source / name).write_bytes(content)
    else:
        importer = pytest.importorskip("journeymap.exchange.workbook_import")
        source = tmp_path / "export.xlsx"
        source.write_bytes(workbook.export(journey, context))
    imported = importer.read(source, source.name, options)
    assert (imported.problems, imported.data) == ((), document(journey))
