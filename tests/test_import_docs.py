"""docs/export.md's import section shows real output: its workshop CSV gives the YAML it shows, and its problem lines
are what journeymap prints for the files they name."""

from __future__ import annotations

import re
from pathlib import Path

from journeymap.exchange import tables_import
from journeymap.exchange.formats import ImportOptions
from journeymap.exchange.maptext import map_text

DOC = Path(__file__).resolve().parent.parent / "docs" / "export.md"


def _block(language: str, after: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(after)
    return re.search(rf"```{language}\n(.*?)```", text[start:], re.S).group(1)  # type: ignore[union-attr]


def test_the_workshop_example_gives_the_map_shown(tmp_path):
    sheet = tmp_path / "taller.csv"
    sheet.write_text(_block("csv", "saved by Excel in Spanish"), encoding="utf-8")
    imported = tables_import.read(sheet, "taller.csv", ImportOptions(title="Un café de barrio"))
    assert imported.problems == ()
    shown = _block("yaml", "gives this map")
    assert map_text(imported.data, imported.notes) == shown


def test_the_no_step_column_line(tmp_path):
    (tmp_path / "act.csv").write_text("Fecha,Quién,Qué\n1,Ana,Paga\n", encoding="utf-8")
    imported = tables_import.read(tmp_path / "act.csv", "act.csv", ImportOptions())
    problem = imported.problems[-1]
    kind = f"{problem.severity.label}[{problem.code} {problem.name}]"
    line = f"{problem.file}:{problem.position}: {kind}: {problem.message}"
    assert line in DOC.read_text(encoding="utf-8")
