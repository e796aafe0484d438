"""Export then import gives the same map: `document(imported) == document(original)`, exactly, for every
example and for generated maps (seeded, so a failure repeats), through CSV folders and XLSX workbooks."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from journeymap.exchange import tables, tables_import, workbook, workbook_import
from journeymap.exchange.document import document
from journeymap.exchange.formats import ExportContext, ImportOptions
from journeymap.exchange.maptext import map_text
from journeymap.model import LIFECYCLE
from journeymap.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.journey.yaml"))


def _journey(path: Path):
    workspace = Workspace(cwd=path.parent)
    checked = workspace.check(path)
    journey = workspace.journey(checked)
    assert journey is not None, [problem.message for problem in checked.problems]
    return journey


def _through_csv(journey, tmp_path: Path, locale: str = "en") -> Any:
    folder = tmp_path / f"export-{locale}"
    folder.mkdir()
    for name, content in tables.export(journey, ExportContext(Path("m.journey.yaml"), "m", folder, locale)).items():
        (folder / name).write_bytes(content)  # type: ignore[arg-type]
    return tables_import.read(folder, "export", ImportOptions())


def _through_xlsx(journey, tmp_path: Path, locale: str = "en") -> Any:
    book = tmp_path / f"export-{locale}.xlsx"
    book.write_bytes(workbook.export(journey, ExportContext(Path("m.journey.yaml"), "m", book, locale)))
    return workbook_import.read(book, "export.xlsx", ImportOptions())


def _again(imported, tmp_path: Path, name: str) -> dict[str, Any]:
    """The imported document written as a map and read back: it must be a valid map, and the same."""
    assert imported.problems == ()
    path = tmp_path / f"{name}.journey.yaml"
    path.write_text(map_text(imported.data, imported.notes), encoding="utf-8")
    return document(_journey(path))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
@pytest.mark.parametrize("through", [_through_csv, _through_xlsx], ids=["csv", "xlsx"])
def test_every_example_comes_back_the_same(example, through, tmp_path):
    journey = _journey(example)
    imported = through(journey, tmp_path)
    assert imported.data == document(journey)
    assert list(imported.data) == list(document(journey))  # keys in the format's order, as the map writes them
    assert _again(imported, tmp_path, "again") == document(journey)


# Generated maps: every kind of element and field, with text that spreadsheets and CSV find hard.

AWKWARD_TEXT = ["=1+1", "+34 600 000 000", "-2", "@home", "'quoted'", "''", "010", "1e3", "true", "2026-01-02",
                "Línea uno\nlínea dos", "a, b; c | d", '"Dice "hola""', "  spaced  ", "emoji 😀", "tab\there",
                "[\"json\", \"looking\"]", "{\"a\": 1}", "null", "x" * 300, "Ñandú", "100%", "#hash"]  # fmt: skip


class _Maps:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.count = 0

    def text(self) -> str:
        if self.random.random() < 0.4:
            return self.random.choice(AWKWARD_TEXT)
        self.count += 1
        return f"{self.random.choice(['Pays', 'Looks', 'Waits', 'Calls', 'Reads'])} {self.count}"

    def maybe(self, chance: float = 0.5) -> bool:
        return self.random.random() < chance

    def some(self, ids: list[str], most: int = 3) -> list[str]:
        return self.random.sample(ids, self.random.randint(1, min(most, len(ids)))) if ids else []

    def extensions(self) -> dict[str, Any]:
        values = [7, 2.5, "text", "12", True, None, [1, "a"], {"k": [1, 2]}, "=SUM(A1)", "", -3]
        return {"x-note": self.random.choice(values)} if self.maybe(0.2) else {}

    def lines(self) -> list[str]:
        return [self.text() for _ in range(self.random.randint(1, 3))]

    def document(self) -> dict[str, Any]:
        r = self.random
        sources = [{"id": f"src-{i}", "name": self.text(), **({"kind": "survey"} if self.maybe() else {}),
                    **({"date": "2026-03-0" + str(i + 1)} if self.maybe() else {}), **self.extensions()}
                   for i in range(r.randint(0, 2))]  # fmt: skip
        source_ids = [s["id"] for s in sources]
        personas = [{"id": f"p{i}", "name": self.text(), **({"age": r.randint(18, 90)} if self.maybe() else {}),
                     **({"goals": self.lines()} if self.maybe() else {}),
                     **({"sources": self.some(source_ids)} if source_ids and self.maybe() else {}), **self.extensions()}
                    for i in range(r.randint(0, 3))]  # fmt: skip
        persona_ids = [p["id"] for p in personas]
        phases = [{"id": f"ph{i}", "name": self.text()} for i in range(r.randint(0, 2))]
        touchpoints = [{"id": f"t{i}", "name": self.text(), **({"channel": r.choice(["web", "email", "store"])}
                        if self.maybe() else {}), **({"lane": "backstage"} if self.maybe(0.2) else {}),
                        **({"state": "future"} if self.maybe(0.2) else {}), **self.extensions()}
                       for i in range(r.randint(0, 3))]  # fmt: skip
        touchpoint_ids = [t["id"] for t in touchpoints]
        stages = []
        step_number = 0
        for index in range(r.randint(1, 4)):
            stage: dict[str, Any] = {"id": f"s{index}", "name": self.text()}
            if phases and self.maybe():
                stage["phase"] = r.choice(phases)["id"]
            if self.maybe(0.3):
                stage["kind"] = r.choice(LIFECYCLE)
            if self.maybe(0.3):
                stage["owner"] = self.text()
            if persona_ids and self.maybe(0.3):
                stage["personas"] = self.some(persona_ids)
            if self.maybe(0.2):
                stage["moment_of_truth"] = True
            steps = []
            for _ in range(r.randint(0, 3)):
                step_number += 1
                step: dict[str, Any] = {"name": self.text()}
                if self.maybe(0.4):
                    step["id"] = f"step-{step_number}"
                if persona_ids and self.maybe(0.3):
                    step["persona"] = r.choice(persona_ids)
                elif len(persona_ids) > 1 and self.maybe(0.2):
                    step["personas"] = self.some(persona_ids)
                if touchpoint_ids and self.maybe():
                    step["touchpoints"] = self.some(touchpoint_ids)
                if self.maybe():
                    step["emotion"] = r.randint(-2, 2)
                if self.maybe(0.3):
                    step["thought"] = self.text()
                if self.maybe(0.3):
                    step["emotions"] = [{"persona": r.choice(persona_ids)} if persona_ids else {},
                                        {"state": "future", "emotion": r.randint(-2, 2), "feeling": self.text()}]
                if self.maybe(0.2):
                    step["duration"] = r.choice(["10 min", "1.5 h", "2-3 days"])
                if self.maybe(0.2):
                    step["physical_evidence"] = self.lines()
                if self.maybe(0.2):
                    rate = {"rate": r.choice([5, 12.5])} if self.maybe() else {}
                    step["exits"] = [{"description": self.text(), **rate}]
                if source_ids and self.maybe(0.2):
                    step["sources"] = self.some(source_ids)
                step.update(self.extensions())
                steps.append(step)
            if steps:
                stage["steps"] = steps
            if touchpoint_ids and self.maybe(0.3):
                stage["touchpoints"] = self.some(touchpoint_ids)
            if self.maybe(0.3):
                stage["emotion"] = r.randint(-2, 2)
            if self.maybe(0.3):
                stage["thoughts"] = self.lines()
            if self.maybe(0.2):
                stage["emotions"] = [{"emotion": r.randint(-2, 2), "thought": self.text()}]
            if self.maybe(0.2):
                stage["exits"] = [{"description": self.text()}]
            for lane in ("frontstage", "backstage", "support"):
                if self.maybe(0.25):
                    stage[lane] = [{"name": self.text(), **({"actor": self.text()} if self.maybe() else {}),
                                    **({"steps": [s["id"] for s in steps if "id" in s][:1]}
                                       if any("id" in s for s in steps) else {})}]  # fmt: skip
            if self.maybe():
                stage["pain_points"] = [{"id": f"pp-{index}", "description": self.text(),
                                         **({"severity": "high"} if self.maybe() else {}),
                                         **({"resolved": "2026-05-01"} if self.maybe(0.2) else {}),
                                         **({"personas": self.some(persona_ids)}
                                            if persona_ids and self.maybe() else {})}]  # fmt: skip
                if self.maybe():
                    stage["opportunities"] = [{"description": self.text(), "addresses": [f"pp-{index}"],
                                               **({"status": "planned"} if self.maybe() else {})}]  # fmt: skip
            if self.maybe(0.3):
                stage["metrics"] = [{"name": self.text(), "unit": "%", "target": r.choice([60, 0.5, 1200]),
                                     **({"actual": 42} if self.maybe() else {}), **({"measured": "2026-09-30"}
                                     if self.maybe() else {})}]  # fmt: skip
            stage.update(self.extensions())
            stages.append(stage)
        data: dict[str, Any] = {"journeymap": 1.1, "title": self.text()}
        if self.maybe(0.3):
            data["tags"] = ["a", "b c"]
        if self.maybe(0.3):
            data["reviewed"] = "2026-10-01"
        shared = (("sources", sources), ("personas", personas), ("phases", phases), ("touchpoints", touchpoints))
        for key, items in shared:
            if items:
                data[key] = items
        data["stages"] = stages
        data.update(self.extensions())
        return data


@pytest.mark.parametrize("seed", range(25))
def test_generated_maps_come_back_the_same(seed, tmp_path):
    path = tmp_path / "generated.journey.yaml"
    path.write_text(json.dumps(_Maps(seed).document(), ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    journey = _journey(path)
    expected = document(journey)
    for through in (_through_csv, _through_xlsx):
        for locale in ("en", "es"):  # headings and sheet names in English, and in Spanish
            imported = through(journey, tmp_path / through.__name__, locale)
            assert imported.problems == ()
            assert imported.data == expected, json.dumps(expected, ensure_ascii=False)[:2000]


@pytest.fixture(autouse=True)
def _folders(tmp_path):
    for name in ("_through_csv", "_through_xlsx"):
        (tmp_path / name).mkdir()
