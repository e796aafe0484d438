"""The YAML an import writes: a valid map that reads back as exactly the document it was made from."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from journeymap.exchange.document import document
from journeymap.exchange.importing import problems_of_text
from journeymap.exchange.maptext import map_text, schema_reference
from journeymap.loader import load_text
from journeymap.model import build
from journeymap.workspace import Workspace

EXAMPLES = sorted((ROOT / "examples").glob("*.journey.yaml"))


def _journey(path: Path):
    workspace = Workspace()
    return workspace.journey(workspace.check(path))


def _read_back(text: str) -> dict:
    assert problems_of_text(text, "x.journey.yaml") == []
    loaded, problems = load_text(text, "x.journey.yaml")
    assert loaded is not None and problems == []
    return document(build(loaded))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_every_example_reads_back_as_the_same_self_contained_document(path):
    data = document(_journey(path))
    assert "include" not in data
    assert _read_back(map_text(data)) == data


HOSTILE = [
    " leading space", "trailing space ", "yes", "no", "null", "~", "1.0", "0x1F", "2026-01-02", "- dash",
    "# hash", "a # comment", "key: value", "'quoted'", '"double"', "multi\nline", "ends with newline\n",
    "two\n\nparagraphs", "tab\there", "émotion ✓ 日本語", "[not a list]", "{not: a map}", "&anchor", "*alias",
    "!tag", "%directive", "@at", "`tick", "a" * 300, " ".join(["word"] * 60), "line\n  indented", "\u202eevil",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_any_text_reads_back_exactly(text):
    data = {"journeymap": 1, "title": text, "description": text, "tags": [text, "b"],
            "stages": [{"id": "a", "name": text, "thoughts": [text, "x"], "steps": [{"name": text}]}]}  # fmt: skip
    assert _read_back(map_text(data))["stages"][0]["thoughts"][0] == text
    assert _read_back(map_text(data))["description"] == text


def test_notes_sit_above_the_value_they_explain_and_ids_come_first():
    data = {"journeymap": 1, "title": "T", "stages": [{"name": "Ask", "id": "ask", "steps": [{"name": "Calls"}]}]}
    text = map_text(data, {("title",): "from the file name", ("stages", 0, "steps", 0): "emotion left out\nline 2"})
    assert text == (
        "# yaml-language-server: $schema=journeymap.schema.json\njourneymap: 1\n# from the file name\ntitle: T\n"
        "stages:\n  - id: ask\n    name: Ask\n    steps:\n      # emotion left out\n      # line 2\n      - Calls\n"
    )


def test_long_text_is_folded_and_short_id_lists_stay_on_one_line():
    long = " ".join(["words"] * 40)
    text = map_text({"journeymap": 1, "title": "T", "description": long, "tags": ["a", "b"],
                     "stages": [{"id": "a", "name": "A"}]})  # fmt: skip
    assert "description: >-\n  words words" in text and "tags: [a, b]\n" in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_the_schema_is_named_relative_to_the_map(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "maps/eu").mkdir(parents=True)
    assert schema_reference(tmp_path / "maps/eu/x.journey.yaml") == "../../journeymap.schema.json"
    (tmp_path / "maps/journeymap.schema.json").write_text("{}")
    assert schema_reference(tmp_path / "maps/eu/x.journey.yaml") == "../journeymap.schema.json"
