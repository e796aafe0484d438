"""Defects found by trying init, export and import as a new user and as a hostile one, each pinned here."""

from __future__ import annotations

import pytest
import yaml

BELL = 'journeymap: 1\ntitle: "Ring \\a here"\nstages:\n  - id: only\n    name: "Nul \\0 byte"\n'


def test_a_csv_export_of_a_map_with_control_characters_imports_again(journeymap, tree):
    root = tree({"bell.journey.yaml": BELL})
    assert journeymap("export", "bell.journey.yaml", "-f", "csv").exit_code == 0
    assert b"title,Ring \xef\xbf\xbd here\r\n" in (root / "bell/map.csv").read_bytes()
    run = journeymap("import", "csv", "bell", "-o", "back.journey.yaml")
    assert (run.exit_code, run.stderr) == (0, "journeymap: wrote back.journey.yaml: 1 stage; check it with: "
                                              "journeymap lint back.journey.yaml\n")  # fmt: skip
    assert "title: Ring \ufffd here\n" in (root / "back.journey.yaml").read_text(encoding="utf-8")


def test_a_mermaid_line_that_starts_with_a_semicolon_is_reported_as_the_semicolon(journeymap, tree):
    tree({"semi.mmd": "journey\n  section A\n    ; bad\n"})
    run = journeymap("import", "mermaid", "semi.mmd", "-o", "semi.journey.yaml")
    assert run.exit_code == 1
    assert run.stdout == ("semi.mmd:3:5: error[JM033 mermaid-syntax]: ';' is not allowed in a journey diagram "
                          "(Mermaid stops reading here); write one statement per line, and no ';' in names\n")
    assert not (tree({}) / "semi.journey.yaml").exists()


def test_init_refuses_two_different_ci_services_and_writes_nothing(journeymap, tree):
    root = tree({})
    run = journeymap("init", "maps/", "--with-ci", "github", "--with-ci", "gitlab", "--title", "Boots")
    assert run.exit_code == 2
    assert run.stderr == ("journeymap: error: --with-ci is given 'github' and 'gitlab'; init writes one CI workflow: "
                          "give --with-ci once\n")  # fmt: skip
    assert list(root.iterdir()) == []
    assert journeymap("init", "maps/", "--with-ci", "github", "--with-ci", "github", "--title", "Boots").exit_code == 0
    assert (root / ".github/workflows/journey-maps.yml").is_file()


def test_an_export_of_a_library_alone_names_no_file_it_did_not_write(journeymap, tree):
    root = tree({"personas.yaml": "journeymap: 1\nlibrary: true\npersonas:\n  - {id: p, name: P}\n"})
    run = journeymap("export", "personas.yaml", "-f", "markdown", "-o", "p.md")
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == ("journeymap: personas.yaml is a library, not a map: nothing to export from it alone\n"
                          "journeymap: exported 0 maps as markdown\n")  # fmt: skip
    assert not (root / "p.md").exists()


def _workbook(path, rows):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Big & wide"
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_workbook_with_too_many_cells_is_refused_before_it_is_loaded(tmp_path, monkeypatch):
    from journeymap.exchange import cells

    path = _workbook(tmp_path / "wide.xlsx", [["Stage", "Step", "Emotion"], ["Buy", "Pays", 1], ["Buy", "Signs", 2]])
    monkeypatch.setattr(cells, "_load", lambda *args, **kwargs: pytest.fail("the workbook was loaded"))
    readout = cells.read_workbook(path, "wide.xlsx", cells.Limits(cells=8))
    assert readout.problem.message == ("sheet 'Big & wide' has over 8 cells; journeymap imports up to 8 cells a "
                                       "sheet")  # fmt: skip
    readout = cells.read_workbook(path, "wide.xlsx", cells.Limits(rows=2))
    assert readout.problem.message == "sheet 'Big & wide' has over 2 rows; journeymap imports up to 2 rows a sheet"


def test_a_workbook_within_the_limits_is_read(tmp_path):
    from journeymap.exchange import cells

    path = _workbook(tmp_path / "wide.xlsx", [["Stage", "Step", "Emotion"], ["Buy", "Pays", 1], ["Buy", "Signs", 2]])
    readout = cells.read_workbook(path, "wide.xlsx", cells.Limits(rows=3, cells=9))
    assert readout.problem is None and len(readout.tables[0].rows) == 3


def test_an_export_is_never_written_under_a_yaml_name(journeymap, tree):
    from conftest import MINIMAL

    root = tree({"maps/a.journey.yaml": MINIMAL})
    run = journeymap("export", "maps/a.journey.yaml", "-f", "markdown", "-o", "maps/b.journey.yaml")
    assert run.exit_code == 2
    assert run.stderr == ("journeymap: error: -o 'maps/b.journey.yaml': an export is not YAML, and a .yaml or .yml "
                          "name is a map's, a library's or a configuration's; name it 'b.md'\n")  # fmt: skip
    assert journeymap("export", "maps/a.journey.yaml", "-f", "json", "-o", "a.YML").exit_code == 2
    assert sorted(p.name for p in root.rglob("*") if p.is_file()) == ["a.journey.yaml"]


def test_a_workshop_cell_keeps_a_leading_quote_that_guards_no_formula(journeymap, tree):
    root = tree({"q.csv": "Stage,Step,Thought\nBuy,Pays,'Too dear' she says\nBuy,Signs,'=2+2\n"})
    assert journeymap("import", "csv", "q.csv", "-o", "q.journey.yaml").exit_code == 0
    text = (root / "q.journey.yaml").read_text(encoding="utf-8")
    assert "thought: '''Too dear'' she says'\n" in text
    assert "thought: =2+2\n" in text


def test_a_csv_export_with_a_text_longer_than_the_csv_modules_field_limit_imports_again(journeymap, tree):
    description = "word " * 40_000  # 200,000 characters; Python's csv module stops at 131,072 by default
    root = tree({"long.journey.yaml": f"journeymap: 1\ntitle: Long\ndescription: {description}\nstages:\n"
                                      "  - id: a\n    name: A\n"})  # fmt: skip
    assert journeymap("export", "long.journey.yaml", "-f", "csv").exit_code == 0
    run = journeymap("import", "csv", "long", "-o", "back.journey.yaml")
    assert (run.exit_code, run.stdout) == (0, "")
    back = yaml.safe_load((root / "back.journey.yaml").read_text(encoding="utf-8"))
    assert back["description"] == description.strip()


def test_an_unknown_field_in_columns_is_a_usage_error(journeymap, tree):
    root = tree({"w.csv": "Stage,Cosa\nBuy,Pays\n"})
    run = journeymap("import", "csv", "w.csv", "--columns", "Cosa=stpe", "-o", "w.journey.yaml")
    assert run.exit_code == 2
    assert run.stderr == ("journeymap: error: --columns 'Cosa=stpe': 'stpe' is not a field (the fields are stage, "
                          "phase, persona, step, touchpoint, channel, emotion, feeling, thought, pain_point, severity, "
                          "opportunity, moment_of_truth, owner, description, duration, wait, goal); did you mean "
                          "'step'?\n")  # fmt: skip
    assert not (root / "w.journey.yaml").exists()


def test_a_link_loop_as_the_source_is_named_as_a_link(journeymap, tree):
    root = tree({})
    (root / "one.csv").symlink_to("two.csv")
    (root / "two.csv").symlink_to("one.csv")
    run = journeymap("import", "csv", "one.csv", "-o", "x.journey.yaml")
    assert (run.exit_code, run.stderr) == (2, "journeymap: error: 'one.csv' is a link to nothing (or to itself); "
                                              "name the file to import\n")  # fmt: skip
    run = journeymap("import", "csv", "missing.csv")
    assert (run.exit_code, run.stderr) == (2, "journeymap: error: 'missing.csv' does not exist; name the file to "
                                              "import\n")  # fmt: skip


def test_a_workbook_that_unpacks_to_over_100_mb_is_refused(journeymap, tree):
    import zipfile

    root = tree({})
    with zipfile.ZipFile(root / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (120 * 1024 * 1024))
    run = journeymap("import", "xlsx", "bomb.xlsx", "-o", "bomb.journey.yaml")
    assert (run.exit_code, run.stdout) == (1, "bomb.xlsx:1:1: error[JM030 import-unreadable]: unpacks to 120 MB; "
                                              "journeymap imports workbooks of up to 100 MB unpacked\n")  # fmt: skip
    assert not (root / "bomb.journey.yaml").exists()
