"""The model: what lint and render build on, read from the examples."""

from __future__ import annotations

import datetime

import pytest

from conftest import ROOT
from journeymap.model import Metric, Position
from journeymap.workspace import Workspace


@pytest.fixture(scope="module")
def journeys(request):
    workspace = Workspace(cwd=ROOT)
    found = {}
    for path in sorted((ROOT / "examples").glob("*.journey.yaml")):
        checked = workspace.check(path)
        found[path.name] = workspace.journey(checked)
    return found


def test_every_example_builds(journeys):
    assert {name: len(journey.stages) for name, journey in journeys.items()} == {
        "electric-scooter.journey.yaml": 15,
        "moving-home-broadband.journey.yaml": 8,
        "mudanza-fibra.journey.yaml": 8,
        "patinete-electrico.journey.yaml": 15,
        "renewing-an-id-card.journey.yaml": 5,
        "renovar-el-dni.journey.yaml": 5,
        "saas-trial.journey.yaml": 9,
        "shoe-shop.journey.yaml": 7,
    }


def test_library_definitions_come_after_the_maps_own_and_keep_their_source(journeys):
    saas = journeys["saas-trial.journey.yaml"]
    assert [(p.id, p.file) for p in saas.personas] == [
        ("owen", "examples/saas-trial.journey.yaml"),
        ("maya", "examples/library/personas.yaml"),
        ("priya", "examples/library/personas.yaml"),
    ]
    assert saas.persona("maya").occupation == "Senior UX designer at a design studio"
    assert saas.touchpoint("organic-search").file == "examples/library/personas.yaml"
    assert saas.persona("nobody") is None


def test_top_level_fields(journeys):
    shoes = journeys["shoe-shop.journey.yaml"]
    assert shoes.reviewed == datetime.date(2026, 11, 2)
    assert shoes.include == ("library/personas.yaml",)
    assert shoes.locale == "en-GB" and shoes.status == "active"
    assert journeys["patinete-electrico.journey.yaml"].phases[0].name == "Captar"


def test_plain_text_steps_and_stage_level_emotion(journeys):
    scooter = journeys["patinete-electrico.journey.yaml"]
    search = next(stage for stage in scooter.stages if stage.id == "busqueda")
    assert all(step.persona is None and step.touchpoints == () for step in search.steps)
    assert search.scores() == (search.emotion,) and search.emotion is not None


def test_stage_touchpoints_and_emotions_come_from_steps_in_order(journeys):
    stage = journeys["shoe-shop.journey.yaml"].stages[2]
    assert stage.touchpoint_ids()[:3] == ("product-page", "size-guide", "live-chat")
    assert stage.scores() == (1, -1, 0, 0)
    assert stage.steps[0].position == Position(245, 9)
    assert stage.steps[0].path == ("stages", 2, "steps", 0)


@pytest.mark.parametrize(
    ("direction", "target", "actual", "off"),
    [("decrease", 60, 69.57, True), ("decrease", 60, 55, False), ("increase", 35, 27, True),
     ("increase", 35, 40, False), (None, 35, 27, None), ("increase", None, 27, None)],
)  # fmt: skip
def test_metric_off_target_follows_direction(direction, target, actual, off):
    metric = Metric(name="m", target=target, actual=actual, direction=direction, file="f", path=(), position=Position(1, 1))
    assert metric.off_target is off


def test_only_valid_files_have_a_model(tree):
    root = tree({"bad.journey.yaml": "journeymap: 1\ntitle: T\nstages: []\n", "lib.yaml": "journeymap: 1\nlibrary: true\n"})
    workspace = Workspace(cwd=root)
    assert workspace.journey(workspace.check(root / "bad.journey.yaml")) is None
    library = workspace.journey(workspace.check(root / "lib.yaml"))
    assert (library.title, library.stages, library.personas) == (None, (), ())
