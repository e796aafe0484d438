"""The fast schema path (jsonschema-rs) gives the same problems as the reference path (jsonschema) alone."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT

from journeymap import schema
from journeymap.loader import load_file, load_text

EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))
RULE_CASES = sorted((ROOT / "tests" / "rules").glob("*.yaml"))


def _documents():
    for path in EXAMPLES:
        yield pytest.param(lambda path=path: load_file(path, path.name)[0], id=path.name)
    for path in RULE_CASES:
        for index, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]):
            for key in ("map", "library"):
                if key in case:
                    yield pytest.param(lambda text=case[key]: load_text(text, "case")[0], id=f"{path.stem}-{index}-{key}")


def _both_paths(document, monkeypatch) -> tuple[list, list]:
    fast = schema.validate(document)
    with monkeypatch.context() as patch:
        patch.setattr(schema, "_quickly_valid", lambda data: False)
        reference = schema.validate(document)
    return fast, reference


def _set(path, value):
    def mutate(data):
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return mutate


def _drop(path):
    def mutate(data):
        node = data
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return mutate


MUTATIONS = {
    "version 2": _set(("journeymap",), 2),
    "title a number": _set(("title",), 5),
    "empty title": _set(("title",), ""),
    "impossible date": _set(("reviewed",), "2026-02-30"),
    "date with newline": _set(("reviewed",), "2026-02-03\n"),
    "status typo": _set(("status",), "actve"),
    "locale with underscore": _set(("locale",), "en_GB"),
    "id with newline": _set(("stages", 0, "id"), "visit\n"),
    "id with capitals": _set(("stages", 0, "id"), "Visit"),
    "stage without name": _drop(("stages", 0, "name")),
    "unknown stage key": _set(("stages", 0, "touchpionts"), ["web"]),
    "emotion out of range": _set(("stages", 0, "emotion"), 3),
    "emotion a float": _set(("stages", 0, "emotion"), 1.5),
    "emotion a bool": _set(("stages", 0, "emotion"), True),
    "kind typo": _set(("stages", 0, "kind"), "usage "),
    "steps not a list": _set(("stages", 0, "steps"), "walks in"),
    "step a number": _set(("stages", 0, "steps"), [5]),
    "no stages": _set(("stages",), []),
    "library in a map": _set(("library",), False),
    "extension key": _set(("x-notes",), {"anything": [1, 2]}),
    "non-finite target": _set(("stages", 0, "metrics"), [{"name": "m", "target": float("inf")}]),
    "huge number": _set(("stages", 0, "metrics"), [{"name": "m", "target": 10**30}]),
    "age negative": _set(("personas",), [{"id": "a", "name": "A", "age": -1}]),
    "duplicate tags": _set(("tags",), ["a", "a"]),
}


@pytest.mark.parametrize("load", list(_documents()))
def test_both_paths_agree_on_real_maps(load, monkeypatch):
    fast, reference = _both_paths(load(), monkeypatch)
    assert fast == reference


@pytest.mark.parametrize("mutation", MUTATIONS.values(), ids=MUTATIONS.keys())
def test_both_paths_agree_on_broken_maps(mutation, monkeypatch):
    document = load_file(ROOT / "examples" / "shoe-shop.journey.yaml", "m")[0]
    mutation(document.data)
    fast, reference = _both_paths(document, monkeypatch)
    assert fast == reference
    assert (fast == []) == schema.is_valid(document.data) or mutation is MUTATIONS["non-finite target"]


def test_the_fast_path_is_installed():
    assert schema._fast_check() is not None  # a required dependency: without it, lint is 5x slower
