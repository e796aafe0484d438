"""import csv and import xlsx on what people really hand in: Excel's CSV in other locales and encodings,
formulas, merged cells, empty and binary files, unknown headings, emotions in words; each problem with
its exact message and position."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from journeymap.exchange import tables_import, workbook_import
from journeymap.exchange.cells import Limits
from journeymap.exchange.formats import ImportOptions
from journeymap.exchange.maptext import map_text
from journeymap.workspace import Workspace


def line(problem) -> str:
    kind = f"{problem.severity.label}[{problem.code} {problem.name}]"
    return f"{problem.file}:{problem.position}: {kind}: {problem.message}"


def csv_import(tmp_path: Path, name: str, content: str | bytes, **options):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return tables_import.read(path, name, ImportOptions(**options))


def steps(data) -> list[dict]:
    return [step for stage in data["stages"] for step in stage.get("steps", ())]


def valid(imported, tmp_path: Path) -> None:
    """The imported map, written as YAML, is a valid map."""
    path = tmp_path / "imported.journey.yaml"
    path.write_text(map_text(imported.data, imported.notes), encoding="utf-8")
    checked = Workspace(cwd=tmp_path).check(path)
    assert [p.message for p in checked.problems] == []


def test_semicolons_as_excel_writes_them_in_spanish(tmp_path):
    imported = csv_import(tmp_path, "taller.csv", "Etapa;Paso;Emoción\nCompra;Paga;1\n")
    assert imported.problems == ()
    assert imported.data["stages"] == [{"id": "compra", "name": "Compra", "kind": "purchase",
                                        "steps": [{"name": "Paga", "emotion": 1}]}]  # fmt: skip
    assert imported.data["locale"] == "es"
    assert imported.notes[("journeymap",)] == "columns separated by semicolons"
    assert imported.notes[("stages", 0, "kind")] == "kind: purchase, from the stage's name"
    valid(imported, tmp_path)


def test_tabs_and_a_byte_order_mark(tmp_path):
    imported = csv_import(tmp_path, "w.csv", "\ufeffStage\tStep\tEmotion\nBuy\tPays\t-1\n".encode())
    assert imported.problems == ()
    assert steps(imported.data) == [{"name": "Pays", "emotion": -1}]
    assert imported.notes[("journeymap",)] == "columns separated by tabs"


def test_latin1_from_excel_on_windows(tmp_path):
    imported = csv_import(tmp_path, "w.csv", "Etapa;Paso;Emoción\nCompra;Paga en caja;bien\n".encode("cp1252"))
    assert imported.problems == ()
    assert steps(imported.data) == [{"name": "Paga en caja", "emotion": 1}]
    assert imported.notes[("journeymap",)] == (
        "read as Windows-1252 (cp1252), as Excel writes CSV on Windows: it is not UTF-8\n"
        "columns separated by semicolons")
    assert imported.notes[("stages", 0, "steps", 0, "emotion")] == "emotion +1, from 'bien'"


def test_utf16_with_a_byte_order_mark(tmp_path):
    imported = csv_import(tmp_path, "w.csv", "Stage,Step\nBuy,Pays\n".encode("utf-16"))
    assert steps(imported.data) == [{"name": "Pays"}]
    assert imported.notes[("journeymap",)] == "read as UTF-16 (it starts with a byte-order mark)"


def test_a_formula_in_csv_is_text(tmp_path):
    imported = csv_import(tmp_path, "w.csv", "Stage,Step,Thought\nBuy,=1+1,\"'=2+2\"\n")
    assert steps(imported.data) == [{"name": "=1+1", "thought": "=2+2"}]  # the export's safety quote taken off
    valid(imported, tmp_path)


@pytest.mark.parametrize(("content", "message"), [
    ("", "w.csv:1:1: error[JM031 import-unusable]: the file is empty; a workshop sheet has a heading row (Stage, "
         "Step, ...) and a row per step"),
    ("Stage,Step,Emotion\n", "w.csv:1:1: error[JM031 import-unusable]: the file has headings but no row names a step; "
                             "write a row per step below the headings"),
    ("Fecha,Quién,Cosa\n1,2,3\n", "w.csv:1:1: error[JM031 import-unusable]: no column names steps: the headings are "
                                  "'Fecha', 'Quién', 'Cosa'; name one 'Step' or map it with --columns 'Fecha=step'"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "w.csv:1:1: error[JM030 import-unreadable]: is not a text file (it "
                                             "holds NUL bytes or other binary data); export the sheet as CSV"),
])  # fmt: skip
def test_unusable_and_unreadable_csv(tmp_path, content, message):
    imported = csv_import(tmp_path, "w.csv", content)
    assert imported.data is None
    assert line(imported.problems[-1]) == message


def test_columns_maps_a_heading_to_a_field(tmp_path):
    imported = csv_import(tmp_path, "w.csv", "Fase,Cosa\nCompra,Paga\n", columns={"Cosa": "step"})
    assert imported.problems == ()
    assert imported.data["stages"][0]["name"] == "Compra"  # "Fase" is the stage when no other column is
    assert steps(imported.data) == [{"name": "Paga"}]


def test_a_heading_that_holds_a_known_one(tmp_path):
    imported = csv_import(tmp_path, "w.csv", "Etapa,Actividad del cliente,Quién\nCompra,Paga,Ana\n")
    assert imported.problems == ()
    assert steps(imported.data) == [{"name": "Paga", "persona": "ana"}]
    note = "the column 'Actividad del cliente' read as step: its heading says 'actividad'"
    assert imported.notes[("journeymap",)] == note


def test_columns_with_an_unknown_field(tmp_path):
    imported = csv_import(tmp_path, "w.csv", "Stage,Cosa\nBuy,Pays\n", columns={"Cosa": "stpe"})
    assert [line(p) for p in imported.problems] == [
        "w.csv:1:1: error[JM031 import-unusable]: --columns 'Cosa=stpe': 'stpe' is not a field (the fields are "
        "stage, phase, persona, step, touchpoint, channel, emotion, feeling, thought, pain_point, severity, "
        "opportunity, moment_of_truth, owner, description, duration, wait, goal); did you mean 'step'?"]  # fmt: skip


def test_huge_csv_is_not_read(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("Stage,Step\n" + "Buy,Pays\n" * 5)
    imported = tables_import.read(path, "big.csv", ImportOptions(), Limits(rows=3))
    assert [line(p) for p in imported.problems] == [
        "big.csv:1:1: error[JM030 import-unreadable]: has over 3 rows; journeymap imports up to 3 rows"]
    imported = tables_import.read(path, "big.csv", ImportOptions(), Limits(bytes=10))
    assert [line(p) for p in imported.problems] == [
        "big.csv:1:1: error[JM030 import-unreadable]: is 0 MB; journeymap imports files of up to 0 MB"]


def test_unknown_headings_and_bad_emotions(tmp_path):
    content = "Stage,Step,Emotion (-2..2),Emocoin,Colour\nBuy,Pays,feliz,,\n,Waits,very happy!!,,\n,Leaves,7,,\n"
    imported = csv_import(tmp_path, "w.csv", content)
    assert [line(p) for p in imported.problems] == [
        "w.csv:1:4: warning[JM032 import-cell]: column 'Emocoin' is not a heading journeymap knows, so its cells are "
        "not used; did you mean 'Emotion'? map it with --columns 'Emocoin=emotion'",
        "w.csv:1:5: warning[JM032 import-cell]: column 'Colour' is not a heading journeymap knows, so its cells are "
        "not used; map it to a field with --columns 'Colour=FIELD' (fields: stage, phase, persona, step, touchpoint, "
        "channel, emotion, feeling, thought, pain_point, severity, opportunity, moment_of_truth, owner, description, "
        "duration, wait, goal)",
        "w.csv:4:3: warning[JM032 import-cell]: column 'Emotion (-2..2)': '7' is not an emotion journeymap can read, "
        "so the step has none; write a whole number from -2 to 2 (or 1 to 5 in every row), or a word such as happy, "
        "neutral or sad",
    ]  # fmt: skip
    assert steps(imported.data) == [{"name": "Pays", "emotion": 1}, {"name": "Waits", "emotion": 2}, {"name": "Leaves"}]
    assert imported.notes[("stages", 0)] == "rows 3-4 leave the Stage cell blank: read as this stage, the one above"


def test_a_scale_of_one_to_five_and_emoji(tmp_path):
    imported = csv_import(tmp_path, "w.csv", "Stage,Step,Emotion\nBuy,Pays,5\nBuy,Waits,1\nBuy,Calls,😞\n")
    assert [step.get("emotion") for step in steps(imported.data)] == [2, -2, -1]
    assert imported.notes[("stages", 0, "steps", 0, "emotion")] == "emotion +2: 5 on the sheet's scale of 1 to 5"
    assert imported.notes[("stages", 0, "steps", 2, "emotion")] == "emotion -1, from '😞'"


def test_personas_touchpoints_and_pain_points(tmp_path):
    content = ("Stage,Persona,Step,Touchpoint,Pain point,Opportunity\n"
               "Buy,Ana,Pays,Checkout page,Card refused,Accept PayPal\n"
               "Buy,Luis,Pays again,Call centre,Card refused,\n"
               "Buy,,Leaves,Store,Queue,\n")  # fmt: skip
    imported = csv_import(tmp_path, "w.csv", content)
    data = imported.data
    assert data["personas"] == [{"id": "ana", "name": "Ana"}, {"id": "luis", "name": "Luis"}]
    assert data["touchpoints"] == [{"id": "checkout-page", "name": "Checkout page", "channel": "web"},
                                   {"id": "call-centre", "name": "Call centre", "channel": "phone"},
                                   {"id": "store", "name": "Store", "channel": "store"}]  # fmt: skip
    assert imported.notes[("touchpoints", 0, "channel")] == "channel guessed from the word 'page'"
    assert ("touchpoints", 2, "channel") not in imported.notes  # the name is a channel's
    assert data["stages"][0]["pain_points"] == [
        {"id": "card-refused", "description": "Card refused", "personas": ["ana", "luis"]},
        {"description": "Queue"},
    ]
    assert data["stages"][0]["opportunities"] == [{"description": "Accept PayPal", "addresses": ["card-refused"]}]
    assert steps(data)[0] == {"name": "Pays", "persona": "ana", "touchpoints": ["checkout-page"]}
    valid(imported, tmp_path)


def _book(tmp_path: Path, build) -> Path:
    workbook = openpyxl.Workbook()
    build(workbook)
    path = tmp_path / "taller.xlsx"
    workbook.save(path)
    return path


def test_xlsx_formula_is_reported_never_computed(tmp_path):
    def build(workbook):
        sheet = workbook.active
        sheet.title = "Taller"
        sheet.append(["Etapa", "Paso", "Emoción"])
        sheet.append(["Compra", "Paga", "=1+1"])

    imported = workbook_import.read(_book(tmp_path, build), "taller.xlsx", ImportOptions())
    assert [line(p) for p in imported.problems] == [
        "taller.xlsx:Taller:2:3: warning[JM032 import-cell]: column 'Emoción': the cell holds the formula '=1+1' and "
        "no value computed by a spreadsheet, and journeymap never computes formulas; type the value, or open and save "
        "the workbook in a spreadsheet"]  # fmt: skip
    assert steps(imported.data) == [{"name": "Paga"}]


def test_xlsx_merged_cells_read_as_their_top_left_cell(tmp_path):
    def build(workbook):
        workbook.active.title = "Notes"  # no step heading: not the workshop sheet
        sheet = workbook.create_sheet("Journey")
        sheet.append(["Stage", "Step", "Emotion", "Pain point", "Checked on"])
        sheet.append(["Buy", "Pays", 2, "Slow", None])
        sheet.append([None, "Waits", None, None, None])
        sheet.merge_cells("A2:A3")
        sheet.merge_cells("C2:C3")
        sheet.merge_cells("D2:D3")
        hidden = workbook.create_sheet("Old")
        hidden.sheet_state = "hidden"
        hidden.append(["Stage", "Step"])

    imported = workbook_import.read(_book(tmp_path, build), "taller.xlsx", ImportOptions())
    assert [line(p) for p in imported.problems] == [
        "taller.xlsx:Journey:1:5: warning[JM032 import-cell]: column 'Checked on' is not a heading journeymap knows, "
        "so its cells are not used; map it to a field with --columns 'Checked on=FIELD' (fields: stage, phase, "
        "persona, step, touchpoint, channel, emotion, feeling, thought, pain_point, severity, opportunity, "
        "moment_of_truth, owner, description, duration, wait, goal)"]  # fmt: skip
    stage = imported.data["stages"][0]
    assert stage["steps"] == [{"name": "Pays", "emotion": 2}, {"name": "Waits", "emotion": 2}]
    assert stage["pain_points"] == [{"description": "Slow"}]  # one merged cell, one pain point
    assert imported.notes[("journeymap",)] == "read from the sheet 'Journey'"


@pytest.mark.parametrize(("content", "message"), [
    (b"Stage,Step\n", "error[JM030 import-unreadable]: is not an .xlsx workbook (not a zip file); save the sheet as "
                      "an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "error[JM030 import-unreadable]: is a password-protected "
     "workbook or an Excel 97-2003 (.xls) file; save it as an .xlsx workbook without a password"),
    (b"PK\x03\x04broken", "error[JM030 import-unreadable]: is a damaged .xlsx workbook (File is not a zip file); "
                          "save it again from the spreadsheet"),
])  # fmt: skip
def test_not_a_workbook(tmp_path, content, message):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(content)
    imported = workbook_import.read(path, "plan.xlsx", ImportOptions())
    assert imported.data is None
    assert [line(p) for p in imported.problems] == [f"plan.xlsx:1:1: {message}"]


def test_empty_sheet_and_a_sheet_that_is_not_there(tmp_path):
    path = _book(tmp_path, lambda workbook: setattr(workbook.active, "title", "Hoja1"))
    imported = workbook_import.read(path, "taller.xlsx", ImportOptions())
    assert [line(p) for p in imported.problems] == [
        "taller.xlsx:Hoja1:1:1: error[JM031 import-unusable]: sheet 'Hoja1' is empty; a workshop sheet has a heading "
        "row (Stage, Step, ...) and a row per step"]  # fmt: skip
    imported = workbook_import.read(path, "taller.xlsx", ImportOptions(sheet="Hoja 1"))
    assert [line(p) for p in imported.problems] == [
        "taller.xlsx:1:1: error[JM031 import-unusable]: has no sheet 'Hoja 1'; its sheets are 'Hoja1'; did you mean "
        "'Hoja1'?"]  # fmt: skip


def test_huge_workbook_is_not_read(tmp_path):
    def build(workbook):
        workbook.active.title = "Steps list"
        for number in range(6):
            workbook.active.append(["Buy", f"Step {number}"])

    imported = workbook_import.read(_book(tmp_path, build), "taller.xlsx", ImportOptions(), Limits(rows=5))
    assert [line(p) for p in imported.problems] == [
        "taller.xlsx:1:1: error[JM030 import-unreadable]: sheet 'Steps list' has over 5 rows; journeymap imports up to "
        "5 rows a sheet"]  # fmt: skip


def test_a_missing_source(tmp_path):
    imported = tables_import.read(tmp_path / "nope.csv", "nope.csv", ImportOptions())
    assert [line(p) for p in imported.problems] == [
        "nope.csv:1:1: error[JM030 import-unreadable]: does not exist; check the path"]


def test_a_folder_without_an_export(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    imported = tables_import.read(tmp_path, "plans", ImportOptions())
    assert [line(p) for p in imported.problems] == [
        "plans/:1:1: error[JM031 import-unusable]: holds none of the CSV files of an export (map.csv, personas.csv, "
        "phases.csv, sources.csv, touchpoints.csv, stages.csv...); to import a workshop sheet, name the CSV file "
        "itself"]  # fmt: skip


def test_an_edited_export_leaves_out_what_the_map_refuses(tmp_path):
    """A spreadsheet lets anyone type anything: a state that is none, a persona nobody defines. Each is reported
    at its cell and left out, and the rest of the map comes back valid."""
    from journeymap.exchange import tables
    from journeymap.exchange.formats import ExportContext

    example = Path(__file__).resolve().parent.parent / "examples" / "shoe-shop.journey.yaml"
    workspace = Workspace(cwd=example.parent)
    journey = workspace.journey(workspace.check(example))
    folder = tmp_path / "shoe-shop"
    folder.mkdir()
    for name, content in tables.export(journey, ExportContext(example, "shoe-shop", folder)).items():
        text = content.decode("utf-8-sig")  # type: ignore[union-attr]
        if name == "touchpoints.csv":
            url = "https://www.instagram.com/ashbyandlowe,"
            text = text.replace(url, url + "soon", 1)  # the State cell after it
        if name == "steps.csv":
            text = text.replace(",maya,,,-1,", ",nobody,,,-1,", 1)
        (folder / name).write_text(text, encoding="utf-8")
    imported = tables_import.read(folder, "shoe-shop", ImportOptions())
    assert sorted(line(p) for p in imported.problems) == [
        "shoe-shop/steps.csv:2:6: warning[JM032 import-cell]: column 'Persona': unknown persona 'nobody'; defined "
        "persona ids: maya, priya; the cell is not used",
        "shoe-shop/touchpoints.csv:2:9: warning[JM032 import-cell]: column 'State': 'state' in touchpoint "
        "'brand-instagram' cannot be 'soon'; choose one of: current, future; the cell is not used",
    ]  # fmt: skip
    assert "persona" not in imported.data["stages"][0]["steps"][0]
    valid(imported, tmp_path)


def test_phases_moments_times_severities_and_owners(tmp_path):
    content = ("Fase,Etapa,Paso,Momento de la verdad,Duración,Gravedad,Punto de dolor,Responsable\n"
               "Compra,Elegir,Mira,sí,10 min,alta,Caro,Ana\n"
               ",,Duda,quizás,un rato,,,Luis\n"
               "Uso,Usar,Usa,,2 - 3 días,,,\n")  # fmt: skip
    imported = csv_import(tmp_path, "f.csv", content)
    assert [line(p) for p in imported.problems] == [
        "f.csv:3:4: warning[JM032 import-cell]: column 'Momento de la verdad': 'quizás' is not yes or no; write yes "
        "(or x), or leave the cell empty",
        "f.csv:3:5: warning[JM032 import-cell]: column 'Duración': 'un rato' is not a time; write a number and a "
        "unit, such as 10 min, 2 h or 2-3 days",
        "f.csv:3:8: warning[JM032 import-cell]: column 'Responsable': stage 'Elegir' has the owner 'Ana' already, and "
        "a stage has one; the cell is not used",
    ]  # fmt: skip
    data = imported.data
    assert data["phases"] == [{"id": "compra", "name": "Compra"}, {"id": "uso", "name": "Uso"}]
    assert data["stages"][0] == {
        "id": "elegir", "name": "Elegir", "phase": "compra", "owner": "Ana",
        "steps": [{"name": "Mira", "moment_of_truth": True, "duration": "10 min"}, {"name": "Duda"}],
        "pain_points": [{"description": "Caro", "severity": "high"}],
    }  # fmt: skip
    assert data["stages"][1]["phase"] == "uso"
    assert data["stages"][1]["steps"] == [{"name": "Usa", "duration": "2-3 days"}]
    assert imported.notes[("stages", 1, "steps", 0, "duration")] == "from '2 - 3 días'"
    assert data["journeymap"] == 1.1  # moment_of_truth and a stage's owner are format 1.1
    valid(imported, tmp_path)


def test_a_spanish_export_names_its_own_headings(tmp_path):
    from journeymap.exchange import workbook
    from journeymap.exchange.formats import ExportContext

    example = Path(__file__).resolve().parent.parent / "examples" / "renovar-el-dni.journey.yaml"
    workspace = Workspace(cwd=example.parent)
    journey = workspace.journey(workspace.check(example))
    path = tmp_path / "dni.xlsx"
    path.write_bytes(workbook.export(journey, ExportContext(example, "dni", path, "es")))
    book = openpyxl.load_workbook(path)
    touchpoints = book["Puntos de contacto"]
    headings = [cell.value for cell in touchpoints[1]]
    touchpoints.cell(2, headings.index("Situación") + 1, "pronto")
    book.save(path)
    imported = workbook_import.read(path, "dni.xlsx", ImportOptions())
    assert [line(p) for p in imported.problems] == [
        f"dni.xlsx:Puntos de contacto:2:{headings.index('Situación') + 1}: warning[JM032 import-cell]: column "
        f"'Situación': 'state' in touchpoint '{imported.data['touchpoints'][0]['id']}' cannot be 'pronto'; choose one "
        "of: current, future; the cell is not used"]  # fmt: skip


def test_xlsx_numbers_and_dates_as_typed(tmp_path):
    import datetime

    def build(workbook):
        sheet = workbook.active
        sheet.title = "Hoja1"
        sheet.append(["Journey workshop, 3 March"])  # a title row above the headings
        sheet.append(["Stage", "Step", "Emotion", "Thought", "Moment of truth"])
        sheet.append(["Buy", 42, 1.0, datetime.datetime(2026, 3, 3), True])
        sheet.append(["Buy", "Pays", -2, 0.5, False])

    imported = workbook_import.read(_book(tmp_path, build), "taller.xlsx", ImportOptions(sheet="hoja1"))
    assert imported.problems == ()
    assert steps(imported.data) == [
        {"name": "42", "emotion": 1, "thought": "2026-03-03", "moment_of_truth": True},
        {"name": "Pays", "emotion": -2, "thought": "0.5"},
    ]


def test_a_byte_order_mark_on_bytes_that_are_not_utf8_is_said_not_hidden(tmp_path):
    raw = "\ufeffStage,Step\nBuy,".encode() + "Paga en caña\n".encode("cp1252")
    imported = csv_import(tmp_path, "w.csv", raw)
    assert steps(imported.data) == [{"name": "Paga en ca\ufffda"}]
    assert imported.notes[("journeymap",)] == (
        "it starts with a UTF-8 byte-order mark, but byte 0xf1 on line 2 and any like it are not UTF-8: they read "
        "as \ufffd; save the sheet as UTF-8")


def test_made_up_ids_take_the_first_free_number_of_their_name_however_many_there_are():
    from journeymap.exchange.ids import Ids

    ids = Ids({"pay-3"})
    ids.take("pay-5")
    assert [ids.new("Pay") for _ in range(5)] == ["pay", "pay-2", "pay-4", "pay-6", "pay-7"]
    ids.take("pay-8")
    assert (ids.new("PAY!"), ids.new("Ship"), ids.new("")) == ("pay-9", "ship", "item")
    many = Ids()
    assert [many.new("Slow page") for _ in range(3000)][-1] == "slow-page-3000"
