"""The rules every export and import follows, whatever the format: where outputs go, what is never replaced,
what a failing map or source does to the run."""

from __future__ import annotations

import pytest

from conftest import MINIMAL
from journeymap.exchange import formats

OTHER = MINIMAL.replace("Minimal", "Other")


@pytest.fixture
def fake(monkeypatch):
    def use(kind: str, name: str, function: str, suffix: str = ".json", text: bool = True) -> None:
        if kind == "export":
            monkeypatch.setitem(formats.EXPORTS, name, formats.Exporter(suffix, "exchange_fakes", text, ""))
            monkeypatch.setattr("exchange_fakes.export", getattr(__import__("exchange_fakes"), function))
        else:
            monkeypatch.setitem(formats.IMPORTS, name, formats.Importer("exchange_fakes", ""))
            monkeypatch.setattr("exchange_fakes.read", getattr(__import__("exchange_fakes"), function))

    return use


def test_one_map_in_a_text_format_goes_to_standard_output(journeymap, tree, fake):
    fake("export", "json", "export")
    tree({"a.journey.yaml": MINIMAL})
    run = journeymap("export", "a.journey.yaml", "-f", "json")
    assert (run.exit_code, run.stdout) == (0, "Minimal -> None\n")
    assert run.stderr == "journeymap: exported 1 map as json\n"


def test_several_maps_go_next_to_each_map_or_under_out_dir_mirrored(journeymap, tree, fake):
    fake("export", "json", "export")
    root = tree({"maps/a.journey.yaml": MINIMAL, "maps/eu/b.journey.yml": OTHER})
    assert journeymap("export", "maps", "-f", "json").exit_code == 0
    assert (root / "maps/a.json").read_text() == "Minimal -> maps/a.json\n"
    assert (root / "maps/eu/b.json").read_text() == "Other -> maps/eu/b.json\n"
    run = journeymap("export", "maps", "-f", "json", "--out-dir", "out")
    assert run.exit_code == 0
    assert sorted(p.relative_to(root / "out").as_posix() for p in (root / "out").rglob("*.json")) == ["a.json", "eu/b.json"]
    assert run.stderr == "journeymap: exported 2 maps as json to out\n"


def test_a_folder_export_writes_its_files_under_the_target(journeymap, tree, fake):
    fake("export", "csv", "export_folder", suffix="", text=False)
    root = tree({"a.journey.yaml": MINIMAL})
    assert journeymap("export", "a.journey.yaml", "-f", "csv").exit_code == 0
    assert (root / "a/steps.csv").read_bytes() == b"a,b\r\n"
    assert (root / "a/stages.csv").read_bytes() == b"c\r\n"


def test_nothing_existing_is_replaced_without_force(journeymap, tree, fake):
    fake("export", "json", "export")
    root = tree({"a.journey.yaml": MINIMAL, "b.journey.yaml": OTHER, "out/a.json": "mine"})
    run = journeymap("export", "a.journey.yaml", "b.journey.yaml", "-f", "json", "--out-dir", "out")
    assert run.exit_code == 2
    assert run.stderr == ("journeymap: error: 'out/a.json' exists already; add --force to replace it, or choose "
                          "another -o or --out-dir\n")  # fmt: skip
    assert (root / "out/a.json").read_text() == "mine" and not (root / "out/b.json").exists()
    (root / "out/b.json").write_text("mine too")
    run = journeymap("export", "a.journey.yaml", "b.journey.yaml", "-f", "json", "--out-dir", "out")
    assert run.stderr == ("journeymap: error: 'out/a.json' and 1 more exist already; add --force to replace them, or "
                          "choose another -o or --out-dir\n")  # fmt: skip
    assert journeymap("export", "a.journey.yaml", "-f", "json", "--out-dir", "out", "--force").exit_code == 0
    assert (root / "out/a.json").read_text() == "Minimal -> out/a.json\n"


def test_destination_options_that_cannot_be_followed_are_usage_errors(journeymap, tree, fake):
    fake("export", "json", "export")
    tree({"a/x.journey.yaml": MINIMAL, "b/x.journey.yaml": OTHER, "file": "x"})
    cases = {
        ("a", "b", "-o", "one.json"): "-o names one file, but 2 maps were found; use --out-dir DIR for several maps",
        ("a", "-o", "one.json", "--out-dir", "out"): "-o names one map's file and --out-dir a folder for many; give one of them",
        ("a/x.journey.yaml", "b/x.journey.yaml", "--out-dir", "out"):
            "'a/x.journey.yaml' and 'b/x.journey.yaml' would both be exported to 'out/x.json'; export them to "
            "different --out-dir",
        ("a", "--out-dir", "file"): "--out-dir 'file': it is a file, not a directory; name a directory",
    }  # fmt: skip
    for arguments, message in cases.items():
        run = journeymap("export", *arguments, "-f", "json")
        assert (run.exit_code, run.stderr) == (2, f"journeymap: error: {message}\n"), arguments


def test_an_invalid_or_failing_map_is_reported_and_the_others_are_written(journeymap, tree, fake):
    fake("export", "json", "broken_export")
    root = tree({"maps/good.journey.yaml": MINIMAL, "maps/bad.journey.yaml": "journeymap: 1\nstages: [{id: a, name: A}]\n",
                 "maps/broken.journey.yaml": MINIMAL.replace("Minimal", "Broken")})  # fmt: skip
    run = journeymap("export", "maps", "-f", "json", "--out-dir", "out")
    assert run.exit_code == 1
    assert run.lines == [
        "maps/bad.journey.yaml:1:1: error[JM102 missing-key]: the map is missing the required key 'title'",
        "maps/broken.journey.yaml:1:1: error[JM000 internal-error]: journeymap failed on this file (RuntimeError: "
        "boom); please report it",
    ]
    assert run.stderr == "journeymap: exported 1 map as json to out; 2 maps were not exported (above)\n"
    assert (root / "out/good.json").read_text() == "fine\n"


def test_import_writes_the_map_with_its_notes_and_fails_on_cells_left_out(journeymap, tree, fake):
    fake("import", "csv", "read")
    root = tree({"sheet.csv": "x"})
    run = journeymap("import", "csv", "sheet.csv", "-o", "maps/new.journey.yaml", "--title", "Onboarding")
    assert run.exit_code == 1
    assert run.lines == ["sheet.csv:3:2: warning[JM032 import-cell]: column 'Emotion': 'meh' is not an emotion"]
    assert run.stderr == ("journeymap: wrote maps/new.journey.yaml: 1 stage, 1 step; check it with: journeymap lint "
                          "maps/new.journey.yaml\n")  # fmt: skip
    assert (root / "maps/new.journey.yaml").read_text() == (
        "# yaml-language-server: $schema=https://journeymap.dev/schemas/v1/journeymap.schema.json\njourneymap: 1\n"
        "# from the file name\n"
        "title: Onboarding\nstages:\n  - id: ask\n    name: Asks\n    steps:\n      - Calls\n"
    )
    assert journeymap("lint", "maps/new.journey.yaml").exit_code in (0, 1)  # a valid map: lint may have advice


def test_import_to_standard_output_keeps_problems_on_standard_error(journeymap, tree, fake):
    fake("import", "csv", "read")
    tree({"sheet.csv": "x"})
    run = journeymap("import", "csv", "sheet.csv")
    assert run.stdout.startswith("# yaml-language-server: $schema=https://journeymap.dev/schemas/v1/journeymap.schema.json\n")
    assert "warning[JM032 import-cell]" in run.stderr and "warning" not in run.stdout


def test_import_never_replaces_without_force_and_never_the_source(journeymap, tree, fake):
    fake("import", "csv", "read")
    root = tree({"sheet.csv": "x", "maps/old.journey.yaml": MINIMAL, "maps/a.journey.yaml/keep": ""})
    cases = {
        ("sheet.csv", "-o", "maps/old.journey.yaml"):
            "'maps/old.journey.yaml' exists already; add --force to replace it, or choose another -o",
        ("sheet.csv", "-o", "maps/a.journey.yaml"):  # a folder: not what --force replaces, so not offered
            "-o 'maps/a.journey.yaml': it is a directory; name a file",
        ("sheet.csv", "-o", "maps/new.yaml"):
            "-o 'maps/new.yaml' does not end in .journey.yaml, so lint and render would not find it; name it like "
            "maps/returns.journey.yaml",
        ("missing.csv",): "'missing.csv' does not exist; name the file to import",
        ("sheet.csv", "--columns", "Actividad"): "--columns 'Actividad' is not HEADING=field; write it like "
                                                 "--columns 'Actividad=step'",
    }  # fmt: skip
    for arguments, message in cases.items():
        run = journeymap("import", "csv", *arguments)
        assert (run.exit_code, run.stderr) == (2, f"journeymap: error: {message}\n"), arguments
    assert (root / "maps/old.journey.yaml").read_text() == MINIMAL
    assert journeymap("import", "csv", "sheet.csv", "-o", "maps/old.journey.yaml", "--force").exit_code == 1
    assert "title: Imported" in (root / "maps/old.journey.yaml").read_text()


def test_an_unusable_source_or_an_invalid_result_writes_nothing(journeymap, tree, fake):
    root = tree({"sheet.csv": "x"})
    fake("import", "csv", "read_nothing")
    run = journeymap("import", "csv", "sheet.csv", "-o", "a.journey.yaml")
    assert run.exit_code == 1 and run.lines == ["sheet.csv:1:1: error[JM031 import-unusable]: no step column"]
    assert run.stderr == "journeymap: nothing was written: the source holds no map journeymap can build (above)\n"
    fake("import", "csv", "read_invalid")
    run = journeymap("import", "csv", "sheet.csv", "-o", "a.journey.yaml")
    assert run.exit_code == 1 and "error[JM104 invalid-value]" in run.stderr
    assert run.stderr.endswith("journeymap built an invalid map from this source; please report it\n")
    assert not (root / "a.journey.yaml").exists()


def test_exports_are_not_synced_to_disk_one_by_one_but_maps_written_are(journeymap, tree, fake, monkeypatch):
    # an export of hundreds of maps is thousands of small files the maps make again; a map init writes is not
    from journeymap import files

    synced = []
    monkeypatch.setattr(files.os, "fsync", lambda descriptor: synced.append(descriptor))
    fake("export", "csv", "export_folder", suffix="", text=False)
    root = tree({"a.journey.yaml": MINIMAL, "b.journey.yaml": OTHER})
    assert journeymap("export", "a.journey.yaml", "b.journey.yaml", "-f", "csv", "--out-dir", "out").exit_code == 0
    assert (root / "out/b/steps.csv").read_bytes() == b"a,b\r\n"
    assert synced == []
    assert journeymap("init", "new.journey.yaml").exit_code == 0
    assert len(synced) == 1


@pytest.mark.parametrize(("kind", "message"), [
    ("csv", "is not a file; name a file (or, for CSV, a folder of an export)"),
    ("xlsx", "is not a file; name a file (or, for CSV, a folder of an export)"),
    ("mermaid", "not a file; name a .mmd or Markdown file"),
])  # fmt: skip
def test_an_import_of_a_pipe_is_refused_without_reading_it(journeymap, tree, kind, message):
    import os

    root = tree({})
    os.mkfifo(root / "sheet")  # reading it would wait for a writer for ever
    run = journeymap("import", kind, "sheet")
    assert run.exit_code == 1
    assert run.stderr.splitlines()[0] == f"sheet:1:1: error[JM030 import-unreadable]: {message}"


def test_one_reading_refuses_what_is_not_a_regular_file_or_too_large_before_reading_it(tmp_path, monkeypatch):
    import os
    from pathlib import Path

    from journeymap.loader import Refused, read_regular

    (tmp_path / "big").write_bytes(b"x" * 11)
    (tmp_path / "small").write_bytes(b"x" * 10)
    os.mkfifo(tmp_path / "pipe")
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self.name) or real_open(self, *a, **k))
    assert read_regular(tmp_path / "big", 10) == Refused("it is too large", 11)
    assert read_regular(tmp_path / "pipe", 10) == Refused("this is not a regular file (a pipe or a device?)")
    assert read_regular(tmp_path, 10) == Refused("this is a directory, not a file")
    assert read_regular(tmp_path / "small", 10) == b"x" * 10
    assert opened == ["small"]


def test_an_export_that_cannot_be_written_stops_the_run_before_any_is_written(journeymap, tree, fake):
    # a file where a mirrored folder should be: found before the first map is written, not half-way
    fake("export", "json", "export")
    root = tree({"maps/a.journey.yaml": MINIMAL, "maps/eu/b.journey.yaml": OTHER, "out/eu": "mine"})
    run = journeymap("export", "maps", "-f", "json", "--out-dir", "out")
    assert run.exit_code == 2
    assert run.stderr == (f"journeymap: error: 'out/eu/b.json', the export of 'maps/eu/b.journey.yaml', cannot be "
                          f"written: {root / 'out' / 'eu'} is a file, not a folder; name a path whose folders are "
                          "folders\n")  # fmt: skip
    assert sorted(path.name for path in (root / "out").iterdir()) == ["eu"]
    assert (root / "out/eu").read_text() == "mine"


def test_the_commands_offer_the_formats_the_table_has():
    # the CLI spells them out rather than load the exchange package for every command
    from journeymap import cli

    assert [choice.value for choice in cli.ExportFormat] == list(formats.EXPORTS)
    assert [choice.value for choice in cli.ImportFormat] == list(formats.IMPORTS)
