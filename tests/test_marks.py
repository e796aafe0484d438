"""What every view says alike about steps and stages: loops, drop-offs, moments of truth and states."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from test_render import journey_of, label, nodes, write_map
from journeymap.render.bands import band_scene
from journeymap.render.canvas import Font
from journeymap.render.blueprintview import blueprint_dot
from journeymap.render.flowview import flow_dot
from journeymap.render.mapview import map_dot
from journeymap.render.marks import kinds_shown, onward_lines, state_badge
from journeymap.render.scene import scene_for
from journeymap.render.scope import for_persona, for_state
from journeymap.words import words_for

VIEW_FONT = Font(8.5, "#1f2d3d")
PATINETE = ROOT / "examples" / "patinete-electrico.journey.yaml"
ID_CARD = ROOT / "examples" / "renewing-an-id-card.journey.yaml"
VIEWS = {
    "map": lambda journey, state=None: map_dot(journey, "m", state=state),
    "flow": lambda journey, state=None: flow_dot(journey, "m", state=state),
    "blueprint": lambda journey, state=None: blueprint_dot(journey, "m", None, state),
}


def _texts(dot: str) -> list[str]:
    return [label(attributes) for attributes in nodes(dot).values() if attributes.get("label")]


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_shows_where_the_journey_loops_back(view):
    texts = _texts(VIEWS[view](journey_of(PATINETE)[0]))
    assert [text for text in texts if "↺" in text] == (
        ["Compra leal · ↺ vuelve a Uso"] if view == "flow" else ["↺ vuelve a Uso"]
    )


@pytest.mark.parametrize("view", ["map", "blueprint"])
def test_the_map_and_blueprint_views_say_each_drop_off_and_where_customers_come_back(view):
    texts = _texts(VIEWS[view](journey_of(PATINETE)[0]))
    assert [text for text in texts if text.startswith("↘")] == [
        "↘ abandona el 12 %", "↘ abandona el 22 % · vuelve a Decisión", "↘ abandona el 17 % · vuelve a Comparación",
        "↘ abandona el 9 % · vuelve a Uso",
    ]


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_names_states_with_the_same_words(view):
    journey = journey_of(ID_CARD)[0]
    compared = _texts(VIEWS[view](journey))
    assert "FUTURE" in compared and "REMOVED" in compared and "NEW" not in compared
    future = _texts(VIEWS[view](for_state(journey, "future"), "future"))
    assert "NEW" in future and "FUTURE" not in future and "REMOVED" not in future
    today = _texts(VIEWS[view](for_state(journey, "current"), "current"))
    assert not {"NEW", "FUTURE", "REMOVED"} & set(today)
    assert "★ MOMENT OF TRUTH" in compared


def test_state_badges_say_what_the_picture_compares():
    words = words_for("en")
    assert [state_badge(words, own, None).text for own in ("future", "current")] == ["FUTURE", "REMOVED"]
    assert state_badge(words, "future", "future").text == "NEW"
    assert state_badge(words, "current", "future") is None and state_badge(words, "future", "current") is None
    assert state_badge(words, None, None) is None


def test_a_kind_is_left_out_where_it_repeats_a_name_or_names_another_stage():
    journey = journey_of(PATINETE)[0]
    kinds = dict(zip((stage.name for stage in journey.stages), kinds_shown(words_for("es"), journey.stages)))
    assert kinds["Búsqueda"] == "CONOCIMIENTO" and kinds["Decisión"] == "" and kinds["Compra"] == ""
    assert kinds["Ayuda"] == ""  # the kind support is Ayuda in Spanish: the stage's own name


def test_a_band_of_a_long_map_names_stages_of_other_bands_and_knows_where_they_stand():
    journey = journey_of(PATINETE)[0]
    scene = scene_for(journey, "m", (), None, False)
    band = band_scene(scene, 6, 15).journey
    last = band.stages[-1]
    assert band.column("uso") == 6 and band.column("decision") == 4 and band.stage("decision").name == "Decisión"
    assert list(onward_lines(words_for("es"), band, last)) == ["↺ vuelve a Uso"]


def test_the_future_alone_names_the_steps_it_replaces_though_they_are_not_drawn():
    journey = for_state(journey_of(ID_CARD)[0], "future")
    texts = [text for text in _texts(map_dot(journey, "m", state="future")) if text.startswith("replaces")]
    assert texts == [  # the steps' names, not their ids
        "replaces Finds out the card expires when the bank or an airline asks for it",
        "replaces Travels to the consulate in The Hague for the same appointment",
        "replaces Goes back to the office or the consulate to collect the card",
    ]


def test_the_flow_never_leads_from_todays_step_into_the_future_one_that_replaces_it():
    dot = flow_dot(journey_of(ID_CARD)[0], "m")
    links = re.findall(r"^  (step_\d+) -> (step_\d+)", dot, re.MULTILINE)
    assert links == [("step_1", "step_2"), ("step_2", "step_3"), ("step_3", "step_4"), ("step_4", "step_5"),
                     ("step_5", "step_6"), ("step_6", "step_7"), ("step_10", "step_11"), ("step_12", "step_13"),
                     ("step_13", "step_14")]  # fmt: skip
    # 0 today / 1 future, 8 today / 9 future / 10 today, 11 today / 12 future: side by side, not in sequence


LOOPS = """\
journeymap: 1.1
title: Loops
personas: [{id: a, name: Ann}]
stages:
  - id: start
    name: Start
    exits: [{description: Leaves, rate: 10, returns_to: later}]
    steps: [{name: Begins, emotion: 1}]
  - id: later
    name: Later
    next: [start]
    steps: [{name: Ends, emotion: 0}]
"""


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_says_where_customers_drop_off_a_stage_and_where_it_loops(tmp_path, view):
    texts = " ".join(_texts(VIEWS[view](journey_of(write_map(tmp_path, LOOPS))[0])))
    assert "↘ 10% drop off · returns to Later" in texts and "↺ back to Start" in texts


def test_badges_that_do_not_fit_a_row_go_on_the_next_inside_the_card():
    from journeymap.render.cards import BADGE_HEIGHT, Badge, Style, Text, card

    badges = [Badge("★ MOMENTO DE LA VERDAD", "#8f5200"), Badge("SUPRIMIDO", "#526273")]
    narrow = card("step", 140, Style("white"), [Text("Vuelve a la oficina", VIEW_FONT)], badges=badges)
    wide = card("step", 400, Style("white"), [Text("Vuelve a la oficina", VIEW_FONT)], badges=badges)
    assert [len(row) for row in narrow.badge_rows] == [1, 1] and [len(row) for row in wide.badge_rows] == [2]
    assert narrow.height - wide.height == pytest.approx(BADGE_HEIGHT + 4)
    assert all(sum(badge.width + 4 for badge in row) - 4 <= 140 - 14 for row in narrow.badge_rows)


@pytest.mark.parametrize(("view", "name"), [("map", "journey map"), ("flow", "flow view"), ("blueprint", "service blueprint")])
def test_every_footer_names_the_file_view_persona_and_state_alike(view, name):
    journey = for_state(for_persona(journey_of(ID_CARD)[0], "walter"), "future")
    dot = {"map": lambda: map_dot(journey, "m.yaml", focus="walter", state="future"),
           "flow": lambda: flow_dot(journey, "m.yaml", "walter", "future"),
           "blueprint": lambda: blueprint_dot(journey, "m.yaml", "walter", "future")}[view]()  # fmt: skip
    assert label(nodes(dot)["footer"]) == f"m.yaml · {name} · persona: Walter Brandt · Future state · drawn by journeymap"


def test_the_flow_legend_names_only_the_marks_drawn(tmp_path):
    bare = "journeymap: 1.1\ntitle: Bare\nstages:\n  - {id: a, name: A, steps: [Walks in]}\n"
    legend = [name for name in nodes(flow_dot(journey_of(write_map(tmp_path, bare))[0], "m"))
              if name.startswith("legend_") and name.endswith("_text")]  # fmt: skip
    assert legend == ["legend_step_text"]
    full = [name for name in nodes(flow_dot(journey_of(ID_CARD)[0], "m")) if name.startswith("legend_")
            and name.endswith("_text")]  # fmt: skip
    assert {"legend_step_text", "legend_next_text", "legend_hand_off_text", "legend_touchpoint_text"} <= set(full)


def test_a_future_step_beside_todays_is_tinted_by_how_it_will_feel():
    journey = journey_of(ID_CARD)[0]
    steps = nodes(flow_dot(journey, "m"))
    video = next(name for name, attributes in steps.items() if re.fullmatch(r"step_\d+_text", name)
                 and "Proves her identity on a video call" in label(attributes)).removesuffix("_text")  # fmt: skip
    assert steps[video]["fillcolor"] != "white" and steps[video]["color"] == "#1f5f8b"  # tinted, framed as future
