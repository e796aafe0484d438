"""`journeymap render`: the DOT of both views, both engines, output files, --check, --persona, --annotate."""

from __future__ import annotations

import math
import os
import re
import shutil
import struct
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, needs
from test_lint import GAPPY as LINT_GAPPY
from journeymap.render import engines, output
from journeymap.render.flowview import flow_dot
from journeymap.render.mapview import map_dot
from journeymap.render.text import escape, width, wrap
from journeymap.render.theme import emotion_color
from journeymap.workspace import Workspace

HOSTILE = ROOT / "tests" / "render" / "hostile.journey.yaml"
SHOE_SHOP = ROOT / "examples" / "shoe-shop.journey.yaml"
SVG = "{http://www.w3.org/2000/svg}"

# Steps with every score, one step of another persona, one without persona, and a stage-level reading.
CURVE = """\
journeymap: 1
title: Curve
personas:
  - {id: maya, name: Maya}
  - {id: priya, name: Priya}
touchpoints:
  - {id: web, name: Website, channel: web}
  - {id: mail, name: Newsletter, channel: email}
  - {id: crm, name: CRM, channel: other, lane: backstage}
stages:
  - id: first
    name: First stage
    steps:
      - {name: Step minus two, persona: maya, emotion: -2, touchpoints: [web]}
      - {name: Step minus one, persona: maya, emotion: -1, touchpoints: [mail]}
      - {name: Step zero, persona: priya, emotion: 0, touchpoints: [web]}
  - id: second
    name: Second stage
    steps:
      - {name: Step plus one, persona: maya, emotion: 1, touchpoints: [web, crm]}
      - {name: Step plus two, emotion: 2}
  - id: third
    name: Third stage
    emotion: 1
"""
# The same steps for one persona: one curve, coloured by the emotion ramp.
ONE_CURVE = CURVE.replace("  - {id: priya, name: Priya}\n", "").replace("persona: priya, ", "")


# ---------------------------------------------------------------- helpers


def journey_of(path: Path):
    workspace = Workspace()
    checked = workspace.check(path)
    assert checked.valid, checked.problems
    return workspace.journey(checked), checked


def write_map(tmp_path: Path, text: str, name: str = "m.journey.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


_NODE = re.compile(r"^  (\w+) \[(.*)\];$", re.MULTILINE)
_ATTRIBUTE = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def nodes(dot: str) -> dict[str, dict[str, str]]:
    return {name: dict(_ATTRIBUTE.findall(attributes)) for name, attributes in _NODE.findall(dot)}


def label(attributes: dict[str, str]) -> str:
    """The text a node shows, lines joined by spaces, as Graphviz decodes it."""
    text = re.sub(r"\\[lnr]", "\n", attributes.get("label", "")).replace("\\\\", "\\")
    return " ".join(text.replace("&#34;", '"').replace("&amp;", "&").split("\n")).strip()


def position(attributes: dict[str, str]) -> tuple[float, float]:
    """The centre of a node, y growing downwards as on the page."""
    x, y = attributes["pos"].split(",")
    return float(x), -float(y)


def node_showing(dot: str, text: str) -> str:
    matches = [name for name, attributes in nodes(dot).items() if text in label(attributes)]
    assert matches, f"no node shows {text!r}"
    return matches[0]


def svg_text(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return " ".join(element.text or "" for element in root.iter(f"{SVG}text"))


@pytest.fixture(scope="module")
def embedded():
    return engines.Engine("embedded")


@pytest.fixture(scope="module")
def system():
    needs("dot")
    return engines.Engine("system")


# ---------------------------------------------------------------- map view: DOT structure


def test_stages_are_columns_in_order(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, CURVE))
    dot = map_dot(journey, "m.journey.yaml")
    all_nodes = nodes(dot)
    xs = [position(all_nodes[node_showing(dot, name)])[0] for name in ("First stage", "Second stage", "Third stage")]
    assert xs == sorted(xs) and len(set(xs)) == 3


def test_lanes_are_drawn_only_when_the_map_has_something_for_them(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, CURVE))
    lanes = [name for name, attributes in nodes(map_dot(journey, "m")).items() if attributes.get("class") == "lane-label"]
    assert lanes == ["lane_steps", "lane_touchpoints", "lane_backstage", "lane_emotions"]
    minimal, _ = journey_of(write_map(tmp_path, "journeymap: 1\ntitle: T\nstages:\n  - {id: s, name: S}\n", "min.yaml"))
    assert not [name for name in nodes(map_dot(minimal, "m")) if name.startswith("lane_")]


def test_the_lanes_are_stacked_in_journey_map_order(tmp_path):
    journey, _ = journey_of(SHOE_SHOP)
    all_nodes = nodes(map_dot(journey, SHOE_SHOP.name))
    keys = ["steps", "touchpoints", "backstage", "thoughts", "emotions", "pain_points", "opportunities", "metrics"]
    tops = [position(all_nodes[f"lane_{key}"])[1] for key in keys]
    assert tops == sorted(tops)
    visibility = position(all_nodes["visibility_line"])[1]
    assert tops[1] < visibility < tops[2]  # the line of visibility between front- and backstage


def test_the_emotion_curve_has_one_point_per_step_in_order_at_heights_proportional_to_the_score(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, ONE_CURVE))
    dot = map_dot(journey, "m")
    all_nodes = nodes(dot)
    points = [all_nodes[f"curve_{index}"] for index in range(6)]
    assert f"curve_{6}" not in all_nodes
    assert [label(point) for point in points] == ["1", "2", "3", "4", "5", ""]  # step numbers; the stage's own
    xs = [position(point)[0] for point in points]
    assert xs == sorted(xs)
    ys = [position(point)[1] for point in points]
    neutral = position(all_nodes["emotion_level2"])[1] + 1  # the bottom edge of the dashed neutral line
    unit = ys[2] - ys[3]
    assert unit > 0
    assert [round((neutral - y) / unit, 6) for y in ys] == [-2, -1, 0, 1, 2, 1]
    segments = re.findall(r"^  (curve_\d+) -> (curve_\d+) \[color=\"(#[0-9a-f]{6})\"", dot, re.MULTILINE)
    assert [(tail, head) for tail, head, _ in segments] == [(f"curve_{i}", f"curve_{i + 1}") for i in range(5)]
    assert [color for _, _, color in segments] == [emotion_color(mean) for mean in (-1.5, -0.5, 0.5, 1.5, 1.5)]
    assert (emotion_color(-2), emotion_color(0), emotion_color(2)) == ("#b2182b", "#5d6b78", "#1a4f8c")  # vermilion, grey, blue


def test_the_third_stage_point_sits_in_the_middle_of_its_column(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, ONE_CURVE))
    all_nodes = nodes(map_dot(journey, "m"))
    column = all_nodes["steps_cell2"]
    assert position(all_nodes["curve_5"])[0] == pytest.approx(position(column)[0])


def test_user_text_stays_inside_quoted_strings_and_shape_names_are_journeymaps_own():
    journey, _ = journey_of(HOSTILE)
    dot = map_dot(journey, HOSTILE.name)
    quoted = re.compile(r'"(?:[^"\\]|\\.)*"')
    attribute_list = r'\[(\w+="", )*\w+=""\];'
    statement = re.compile(rf"  (graph|node|edge) {attribute_list}|  \w+ {attribute_list}|  \w+ -> \w+ {attribute_list}")
    body = dot.split("digraph journeymap {\n", 1)[1].rsplit("\n}", 1)[0]
    assert all(statement.fullmatch(quoted.sub('""', line)) for line in body.splitlines())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('say "hi"', "say &#34;hi&#34;"),
        ("a & b &amp; c", "a &amp; b &amp;amp; c"),
        ("back\\slash \\N \\l", "back\\\\slash \\\\N \\\\l"),
        ("<b>{a|b}</b>", "<b>{a|b}</b>"),
        ("ليلى 👩‍💼 é", "ليلى 👩‍💼 é"),
    ],
)
def test_escape_keeps_user_text_literal(text, expected):
    assert escape(text) == expected


def test_wrap_fits_the_width_breaks_long_words_and_caps_the_lines():
    lines = wrap("word " * 40, 100, 10)
    assert len(lines) > 3 and all(len(line) <= 20 for line in lines)
    assert wrap("x" * 60, 100, 10, max_lines=12)[0] != "x" * 60  # a word wider than the line is cut
    capped = wrap("word " * 200, 100, 10, max_lines=3)
    assert len(capped) == 3 and capped[-1].endswith("…")
    assert wrap("one\ntwo", 500, 10) == ("one", "two")
    assert wrap("bell\x07tab\there", 500, 10) == ("bell tab here",)


@pytest.mark.parametrize(("size", "bold"), [(7.5, True), (8.5, False), (9.5, False), (12, True)])
def test_wrap_decides_a_line_as_wide_as_the_room_as_width_does(size, bold):
    # wrap keeps a running width, summed in another order than `width`: ties must still go the same way
    text = "Customer compares prices, reads reviews & asks “support” about the delivery of a new plan"
    words = text.split(" ")
    for count in range(1, len(words)):
        line = " ".join(words[:count])
        room = width(line, size, bold)
        assert wrap(text, room, size, bold=bold)[0] == line
        assert wrap(text, math.nextafter(room, 0), size, bold=bold)[0] != line


# ---------------------------------------------------------------- both engines


HOSTILE_STRINGS = [
    'Quotes "double" \'single\' <b>bold</b> & &amp; {a|b} \\N \\l',
    "Goal: A goal ending in a backslash \\",
    'Types "black boots" <script>alert(1)</script>',
    "line\\nbreak stays literal; so does \\\\ and \\l",
    "Site <web> & \"shop\"",
    "ERP \\ backend } {",
    "شراء حذاء جلدي أسود قبل الشتاء",
    "ليلى 👩‍💼 Haddad",
    "لا أريد مفاجآت في السعر 😀",
    "بحث 🔎 Search",
    "Fix it <now> & \"forever\"",
]


@pytest.mark.parametrize("engine_name", ["system", "embedded"])
def test_hostile_text_is_drawn_literally_by_both_engines(engine_name, request):
    engine = request.getfixturevalue(engine_name)
    journey, _ = journey_of(HOSTILE)
    shown = svg_text(engine.draw(map_dot(journey, HOSTILE.name), "svg"))
    for text in HOSTILE_STRINGS:
        assert text in shown
    assert "\x07" not in shown and "\t" not in shown


@pytest.mark.parametrize("engine_name", ["system", "embedded"])
@pytest.mark.parametrize("view", ["map", "flow"])
def test_both_engines_draw_well_formed_svg_with_every_stage_name(engine_name, view, request):
    engine = request.getfixturevalue(engine_name)
    journey, _ = journey_of(ROOT / "examples" / "patinete-electrico.journey.yaml")
    dot = map_dot(journey, "p") if view == "map" else flow_dot(journey, "p")
    svg = engine.draw(dot, "svg")
    assert ET.fromstring(svg).tag == f"{SVG}svg"
    shown = svg_text(svg)
    for stage in journey.stages:
        assert stage.name in shown


def test_output_is_deterministic(system, embedded):
    journey, _ = journey_of(SHOE_SHOP)
    dot = map_dot(journey, SHOE_SHOP.name)
    assert dot == map_dot(journey_of(SHOE_SHOP)[0], SHOE_SHOP.name)
    assert flow_dot(journey, "s") == flow_dot(journey, "s")
    for engine in (system, embedded):
        assert engine.draw(dot, "svg") == engine.draw(dot, "svg")
    assert system.draw(dot, "pdf") == system.draw(dot, "pdf")  # the PDF's creation date is fixed


# ---------------------------------------------------------------- the command


def test_render_writes_one_svg_per_map_next_to_it_then_leaves_them_alone(journeymap, tree):
    root = tree({"maps/a.journey.yaml": CURVE, "maps/sub/b.journey.yml": CURVE})
    run = journeymap("render", "maps")
    assert run.exit_code == 0
    assert run.lines == ["wrote maps/a.journey.svg", "wrote maps/sub/b.journey.svg",
                         "Rendered 2 maps: 2 written, 0 unchanged."]  # fmt: skip
    assert ET.fromstring((root / "maps/a.journey.svg").read_bytes()).tag == f"{SVG}svg"
    assert not [path for path in root.rglob("*") if path.name.endswith(".tmp")]
    again = journeymap("render", "maps")
    assert (again.exit_code, again.lines) == (0, ["Rendered 2 maps: 0 written, 2 unchanged."])


def test_out_dir_mirrors_the_folders_below_each_directory_argument(journeymap, tree):
    root = tree({"maps/a.journey.yaml": CURVE, "maps/sub/b.journey.yaml": CURVE, "c.journey.yaml": CURVE})
    run = journeymap("render", "maps", "c.journey.yaml", "--out-dir", "out", "--format", "dot", "--view", "flow")
    assert run.exit_code == 0
    written = sorted(path.relative_to(root / "out").as_posix() for path in (root / "out").rglob("*.dot"))
    assert written == ["a.journey.flow.dot", "c.journey.flow.dot", "sub/b.journey.flow.dot"]
    assert (root / "out/c.journey.flow.dot").read_text().startswith("// journeymap flow view")


def test_maps_root_mirrors_maps_named_one_by_one_as_their_directory_would(journeymap, tree):
    root = tree({"maps/a.journey.yaml": CURVE, "maps/sub/b.journey.yaml": CURVE})
    assert journeymap("render", "maps", "--out-dir", "out", "--format", "dot").exit_code == 0
    changed = journeymap("render", "maps/sub/b.journey.yaml", "--out-dir", "out", "--maps-root", "maps",
                         "--format", "dot", "--check")  # fmt: skip
    assert (changed.exit_code, changed.lines) == (0, ["1 diagram is up to date."])
    (root / "maps/sub/b.journey.yaml").write_text(CURVE.replace("Second stage", "Renamed stage"))
    stale = journeymap("render", "maps/sub/b.journey.yaml", "-o", "out", "--maps-root", "maps", "-f", "dot", "--check")
    assert stale.exit_code == 1
    assert stale.lines[-1] == (
        "1 of 1 diagram is stale or missing; update it with: "
        "journeymap render maps/sub/b.journey.yaml --out-dir out --maps-root maps --format dot"
    )
    assert not (root / "out/b.journey.dot").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--maps-root", "maps"], "--maps-root 'maps' only places diagrams under --out-dir; add --out-dir or leave it out"),
        (["-o", "out", "--maps-root", "nowhere"], "--maps-root 'nowhere' is not a directory; name the folder that holds the maps"),
        (["-o", "out", "--maps-root", "maps/sub"],
         "'maps/a.journey.yaml' lies outside --maps-root 'maps/sub'; name a --maps-root that holds every map"),
        (["c.journey.yaml", "-o", "out", "--maps-root", "maps/sub"],
         "'maps/a.journey.yaml' and 1 more lies outside --maps-root 'maps/sub'; name a --maps-root that holds every map"),
    ],
)  # fmt: skip
def test_a_maps_root_that_cannot_place_every_map_is_a_usage_error(journeymap, tree, arguments, message):
    root = tree({"maps/a.journey.yaml": CURVE, "maps/sub/b.journey.yaml": CURVE, "c.journey.yaml": CURVE})
    run = journeymap("render", "maps", *arguments)
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"journeymap: error: {message}\n")
    assert not (root / "out").exists()


@pytest.mark.parametrize(
    ("name", "view", "persona", "fmt", "state", "expected"),
    [
        ("shoe-shop.journey.yaml", "map", None, "svg", None, "shoe-shop.journey.svg"),
        ("shoe-shop.journey.yml", "flow", None, "png", None, "shoe-shop.journey.flow.png"),
        ("shoe-shop.journey.yaml", "flow", "maya", "pdf", None, "shoe-shop.journey.flow.maya.pdf"),
        ("checkout.yaml", "map", "maya", "svg", None, "checkout.maya.svg"),
        ("notes.txt", "map", None, "dot", None, "notes.txt.dot"),
        ("renewing.journey.yaml", "blueprint", None, "svg", None, "renewing.journey.blueprint.svg"),
        ("renewing.journey.yaml", "blueprint", "walter", "pdf", "future", "renewing.journey.blueprint.future.walter.pdf"),
        ("renewing.journey.yaml", "map", None, "png", "current", "renewing.journey.current.png"),
    ],
)
def test_diagram_names(name, view, persona, fmt, state, expected):
    assert output.diagram_name(Path(name), view, persona, fmt, state) == expected


def test_check_reports_missing_then_fresh_then_stale(journeymap, tree):
    root = tree({"a.journey.yaml": CURVE, "b.journey.yaml": CURVE})
    missing = journeymap("render", "--check")
    assert missing.exit_code == 1
    assert missing.lines == [
        "a.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram a.journey.svg is missing; "
        "update it with: journeymap render .",
        "b.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram b.journey.svg is missing; "
        "update it with: journeymap render .",
        "2 of 2 diagrams are stale or missing; update them with: journeymap render .",
    ]
    assert not list(root.glob("*.svg"))  # --check writes nothing
    assert journeymap("render").exit_code == 0
    fresh = journeymap("render", "--check")
    assert (fresh.exit_code, fresh.lines) == (0, ["2 diagrams are up to date."])
    (root / "b.journey.yaml").write_text(CURVE.replace("Second stage", "Renamed stage"))
    stale = journeymap("render", "--check", "--engine", "system")
    assert stale.exit_code == 1
    assert stale.lines == [
        "b.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram b.journey.svg is stale: it differs from what "
        "this map draws now; update it with: journeymap render . --engine system",
        "1 of 2 diagrams is stale or missing; update it with: journeymap render . --engine system",
    ]


def test_an_invalid_map_is_reported_like_validate_and_the_others_still_render(journeymap, tree):
    root = tree({"bad.journey.yaml": CURVE.replace("emotion: -2", "emotion: -3"), "good.journey.yaml": CURVE})
    run = journeymap("render")
    assert run.exit_code == 1
    assert run.lines[0].startswith("bad.journey.yaml:14:")
    assert "error[JM104 invalid-value]" in run.lines[0]
    assert run.lines[1:] == ["wrote good.journey.svg", "Rendered 1 map: 1 written, 0 unchanged; 1 file failed."]
    assert not (root / "bad.journey.svg").exists()


def test_a_failed_write_leaves_the_old_diagram_and_no_temporary_file(journeymap, tree, monkeypatch):
    root = tree({"a.journey.yaml": CURVE, "a.journey.svg": "old diagram"})

    def full_disk(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", full_disk)
    run = journeymap("render")
    assert run.exit_code == 1
    assert run.lines[0] == (
        "a.journey.yaml:1:1: error[JM019 render-error]: cannot write a.journey.svg: no space left on device"
    )
    assert (root / "a.journey.svg").read_text() == "old diagram"
    assert sorted(path.name for path in root.iterdir()) == ["a.journey.svg", "a.journey.yaml"]


def test_diagrams_are_not_synced_to_disk_one_by_one_but_a_report_is(journeymap, tree, monkeypatch):
    # the maps make a diagram again, and one a crash cut short is stale to the next run, which draws it again
    from journeymap import files

    synced = []
    monkeypatch.setattr(files.os, "fsync", lambda descriptor: synced.append(descriptor))
    root = tree({"a.journey.yaml": CURVE, "b.journey.yaml": CURVE})
    assert journeymap("render", "--format", "dot", "--jobs", "1").exit_code == 0
    whole = (root / "b.journey.dot").read_text(encoding="utf-8")
    assert "digraph journeymap {" in whole and whole.endswith("\n")
    assert synced == []
    (root / "b.journey.dot").write_text(whole[: len(whole) // 2], encoding="utf-8")  # cut short
    run = journeymap("render", "--format", "dot", "--jobs", "1", "--report", "json:report.json")
    assert run.lines[:1] == ["wrote b.journey.dot"]
    assert len(synced) == 1


def test_a_new_diagram_gets_the_usual_file_mode(journeymap, tree):
    root = tree({"a.journey.yaml": CURVE})
    umask = os.umask(0o022)
    try:
        journeymap("render", "--format", "dot")
    finally:
        os.umask(umask)
    assert (root / "a.journey.dot").stat().st_mode & 0o777 == 0o644


def test_a_diagram_never_overwrites_a_map(journeymap, tree):
    root = tree({"a.yaml": CURVE, "a.svg": CURVE})  # a.svg is a map named on the command line
    run = journeymap("render", "a.yaml", "a.svg")
    assert run.exit_code == 1
    assert run.lines[0] == (
        "a.yaml:1:1: error[JM019 render-error]: the diagram would overwrite the source file a.svg; "
        "choose another --out-dir"
    )
    assert (root / "a.svg").read_text() == CURVE


def test_a_map_including_a_diagram_drawn_before_it_in_the_run_reads_that_diagram(journeymap, tree):
    # Graphviz draws one map's diagram while the next map is read: the diagram is written before the include
    including = CURVE.replace("journeymap: 1\n", "journeymap: 1\ninclude: [a.journey.svg]\n", 1)
    tree({"a.journey.yaml": CURVE, "b.journey.yaml": including})
    run = journeymap("render", "--jobs", "1", "a.journey.yaml", "b.journey.yaml")
    assert run.exit_code == 1
    assert run.lines[0] == "wrote a.journey.svg"
    assert "included file 'a.journey.svg' has 1 problem, reported under a.journey.svg" in run.lines[1]
    assert run.lines[2].startswith("a.journey.svg:")
    assert "error[JM003 yaml-syntax]" in run.lines[2]


@pytest.mark.parametrize("engine_name", ["system", "embedded"])
def test_lines_follow_the_files_whichever_is_being_drawn(journeymap, tree, engine_name, request):
    request.getfixturevalue(engine_name)  # skips where the engine is missing
    bad = CURVE.replace("emotion: -2", "emotion: -3")
    tree({"a.journey.yaml": CURVE, "b.journey.yaml": bad, "c.journey.yaml": CURVE, "d.journey.yaml": bad,
          "e.journey.yaml": CURVE})
    run = journeymap("render", "--jobs", "1", "--engine", engine_name)
    assert run.exit_code == 1
    shown = [line.split(":")[0] if "error" in line else line for line in run.lines]
    assert shown == ["wrote a.journey.svg", "b.journey.yaml", "wrote c.journey.svg", "d.journey.yaml",
                     "wrote e.journey.svg", "Rendered 3 maps: 3 written, 0 unchanged; 2 files failed."]  # fmt: skip


def test_dot_gone_in_the_middle_of_a_run_stops_it_after_the_diagrams_drawn(journeymap, tree, monkeypatch, system):
    root = tree({"a.journey.yaml": CURVE, "b.journey.yaml": CURVE, "c.journey.yaml": CURVE})
    start = engines._streamed

    def gone_after_the_first(source):  # as dot's process fails to start
        if "b.journey.yaml" in source:
            raise engines.EngineUnavailable("Graphviz's dot program could not be run")
        return start(source)

    monkeypatch.setattr(engines, "_streamed", gone_after_the_first)
    run = journeymap("render", "--jobs", "1", "--engine", "system")
    assert run.exit_code == 2
    assert run.lines == ["wrote a.journey.svg"]
    assert run.stderr.splitlines() == ["journeymap: error: Graphviz's dot program could not be run"]
    assert sorted(path.name for path in root.iterdir()) == ["a.journey.svg", "a.journey.yaml", "b.journey.yaml",
                                                            "c.journey.yaml"]  # fmt: skip


def test_dots_own_error_is_the_reason_a_diagram_fails_and_a_dot_that_cannot_run_is_unavailable(system, tmp_path,
                                                                                                monkeypatch):
    with pytest.raises(engines.DrawError, match=r"^Error: <stdin>: syntax error in line \d"):
        system.draw("digraph journeymap {\n  a -> \n", "svg")
    unrunnable = tmp_path / "dot"
    unrunnable.write_text("not a program", encoding="utf-8")  # found on PATH, but not executable
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(engines.EngineUnavailable, match=r"^Graphviz's dot program could not be run; install Graphviz"):
        system.draw("digraph journeymap {\n}\n", "svg")


def test_a_drawing_started_gives_what_draw_gives_and_keeps_what_went_wrong_until_it_is_taken(system, tmp_path,
                                                                                           monkeypatch):
    source = "digraph journeymap {\n  a -> b\n}\n"
    assert system.start(source, "svg").result() == system.draw(source, "svg")
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot there
    drawing = system.start(source, "svg")  # the run goes on with the next map meanwhile
    with pytest.raises(engines.EngineUnavailable, match=r"^Graphviz's dot program could not be run; install Graphviz"):
        drawing.result()


def test_one_dot_draws_a_views_diagrams_as_a_dot_for_each_would(system, journeymap, tmp_path):
    examples = sorted(str(path) for path in (ROOT / "examples").glob("*.journey.yaml"))[:3]
    sources = {}
    for view in ("map", "flow", "blueprint"):
        assert journeymap("render", "--view", view, "-f", "dot", "--out-dir", str(tmp_path / view), *examples).exit_code == 0
        sources[view] = [path.read_text(encoding="utf-8") for path in sorted((tmp_path / view).rglob("*.dot"))]
        assert len(sources[view]) == 3
    mixed = [source for trio in zip(*sources.values()) for source in trio]  # views taking turns
    alone = [engines._finished(engines._DotRun(source, "svg").result(), source, "svg", None) for source in mixed]
    drawings = [system.start(source, "svg") for source in mixed]  # each started before the last is taken
    assert [drawing.result() for drawing in drawings] == alone
    assert all(b'<g id="graph0" class="graph"' in svg for svg in alone)


def test_a_graph_dot_cannot_lay_out_fails_alone_with_dots_message_and_the_next_draws_as_ever(system):
    good = "digraph journeymap {\n  a -> b\n}\n"
    first = system.draw(good, "svg")
    with pytest.raises(engines.DrawError, match=r'^Error: Layout type: "nosuch" not recognized'):
        system.draw('digraph journeymap {\n  layout="nosuch"; a\n}\n', "svg")  # dot then fails what follows
    with pytest.raises(engines.DrawError, match=r"^Error: <stdin>: syntax error in line 3"):  # the line in its own
        system.draw("digraph journeymap {\n  a -> \n", "svg")
    assert system.draw(good, "svg") == first
    started = [system.start(source, "svg") for source in (good, 'digraph journeymap {\n  layout="x"; a\n}\n', good)]
    with pytest.raises(engines.DrawError, match=r'^Error: Layout type: "x" not recognized'):
        started[1].result()
    assert [started[0].result(), started[2].result()] == [first, first]


def test_a_dot_kept_open_is_replaced_after_so_many_graphs_so_that_its_memory_stays_flat(system, monkeypatch):
    from journeymap.render import dotstream

    monkeypatch.setattr(dotstream, "_GRAPHS_PER_PROCESS", 2)
    dotstream.close_all()  # none left from the tests before
    good = "digraph journeymap {\n  a -> b\n}\n"
    first, processes = system.draw(good, "svg"), set()
    for _ in range(5):
        drawing = system.start(good, "svg")
        processes |= {server.process.pid for key, server in dotstream._servers.items() if key[0] == os.getpid()}
        assert drawing.result() == first
    assert len(processes) == 3


def test_two_maps_that_would_share_a_diagram_are_refused(journeymap, tree):
    root = tree({"a.journey.yaml": CURVE, "a.journey.yml": CURVE.replace("Curve", "Other")})
    run = journeymap("render")
    assert run.exit_code == 1
    assert run.lines[1] == (
        "a.journey.yml:1:1: error[JM019 render-error]: a.journey.yaml already draws a.journey.svg; "
        "rename one of the two maps or render them apart"
    )
    assert "Curve" in svg_text((root / "a.journey.svg").read_bytes())


def test_png_and_pdf_are_drawn_without_dot_byte_identical_on_every_run(journeymap, tree, monkeypatch):
    root = tree({"a.journey.yaml": CURVE})
    monkeypatch.setattr(engines.shutil, "which", lambda name: None)
    for engine in ("auto", "embedded"):
        for output_format in ("png", "pdf"):
            run = journeymap("render", "--format", output_format, "--engine", engine, "--out-dir", engine)
            assert run.exit_code == 0, run.stderr
            check = journeymap("render", "--format", output_format, "--engine", engine, "--out-dir", engine, "--check")
            assert check.exit_code == 0, check.stdout  # drawn again, to the byte
    png = (root / "embedded" / "a.journey.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"pHYs" + struct.pack(">IIB", 5906, 5906, 1) in png[:200]  # 150 dpi, in pixels per metre, after IHDR
    pdf = (root / "auto" / "a.journey.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-1.4")
    fonts = sorted(re.findall(rb"/BaseFont /(\S+)", pdf))  # the shipped faces, embedded as subsets, and no other
    assert fonts == [b"AAAAAA+DejaVuSans", b"AAAAAA+DejaVuSans-Bold", b"AAAAAA+DejaVuSans-Oblique"]
    assert journeymap("render", "--engine", "embedded", "--out-dir", "auto").exit_code == 0
    svg_size = re.search(rb'<svg width="(\d+)pt" height="(\d+)pt"', (root / "auto" / "a.journey.svg").read_bytes())
    assert re.search(rb"/MediaBox \[ 0 0 (\S+) (\S+) \]", pdf).groups() == svg_size.groups()  # points for points
    assert journeymap("render", "--engine", "system").exit_code == 2


def test_without_the_libraries_png_falls_back_to_dot_else_is_a_one_line_usage_error(journeymap, tree, monkeypatch):
    tree({"a.journey.yaml": CURVE})
    monkeypatch.setattr(engines.raster, "available", lambda output_format: False)
    if shutil.which("dot"):
        assert engines.select("embedded", "png") == engines.Engine("system", raster_with_dot=True)
    monkeypatch.setattr(engines.shutil, "which", lambda name: None)
    run = journeymap("render", "--format", "pdf", "--engine", "embedded")
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        "journeymap: error: PDF output needs the svglib and reportlab packages (pip install svglib reportlab), not "
        "installed here, or Graphviz's dot program; install Graphviz (apt-get install graphviz, dnf install graphviz, "
        "brew install graphviz, choco install graphviz; see https://graphviz.org/download/)"
    ]
    assert journeymap("render").exit_code == 0  # SVG needs neither


def test_pdf_has_every_stage_name_and_accent_as_text(embedded, tmp_path):
    needs("pdftotext")
    journey, _ = journey_of(ROOT / "examples" / "patinete-electrico.journey.yaml")
    for view, dot in (("map", map_dot(journey, "p")), ("flow", flow_dot(journey, "p"))):
        pdf = tmp_path / f"{view}.pdf"
        pdf.write_bytes(embedded.draw(dot, "pdf"))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
        for stage in journey.stages:
            assert stage.name in text, (view, stage.name)
    assert "línea de visibilidad" in text or view == "flow"
    assert "Ruedalia · De la necesidad al cliente fiel con un patinete eléctrico" in text


RIGHT_TO_LEFT = """\
journeymap: 1
title: "Scripts: עברית · العربية"
stages:
  - {id: he, name: "חיפוש נעליים"}
  - {id: ar, name: "بحث عن حذاء"}
"""


def test_pdf_sets_hebrew_and_arabic_right_to_left_and_reads_back_in_order(embedded, tmp_path):
    needs("pdftotext")
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(embedded.draw(map_dot(journey_of(write_map(tmp_path, RIGHT_TO_LEFT))[0], "m"), "pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "חיפוש נעליים" in text  # drawn in visual order, as Hebrew reads; drawn as stored it read backwards
    assert "بحث عن حذاء" in unicodedata.normalize("NFKC", text)  # joined forms, which NFKC makes letters again
    pdf.write_bytes(embedded.draw(map_dot(journey_of(HOSTILE)[0], "h"), "pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "لا أريد مفاجآت في السعر" in unicodedata.normalize("NFKC", text)  # an oblique quote: the plain face has Arabic


def test_svg_names_the_shipped_font_first_with_its_weight_and_style(embedded):
    journey, _ = journey_of(SHOE_SHOP)
    svg = embedded.draw(map_dot(journey, "s"), "svg").decode()
    families = set(re.findall(r' font-family="([^"]*)"( font-(?:weight|style)="\w+")?', svg))
    assert families == {
        (engines.SVG_FAMILIES, ""), (engines.SVG_FAMILIES, ' font-weight="bold"'),
        (engines.SVG_FAMILIES, ' font-style="oblique"'),
    }
    assert engines.SVG_FAMILIES.startswith("DejaVu Sans,")


def test_text_is_measured_with_the_shipped_fonts_advances():
    # DejaVu Sans: m 1995, ñ 1298, « 1253 units of 2048; bold m 2134; oblique « 1253 too, oblique W 2025
    assert width("m", 10) == pytest.approx(1995 / 2048 * 10 * 1.02)
    assert width("mñ«", 10) == pytest.approx((1995 + 1298 + 1253) / 2048 * 10 * 1.02)
    assert width("m", 10, bold=True) == pytest.approx(2134 / 2048 * 10 * 1.02)
    assert width("日本", 10) == pytest.approx(20 * 1.02)  # not in the font: a full em each


TRIGGER = """\
journeymap: 1
title: Trigger
stages:
  - id: only
    name: Only stage
    metrics:
      - {name: "\\0 \\0", unit: "\\0 \\0", actual: 1, target: 2}
"""


def test_the_embedded_engine_draws_a_map_after_another_as_it_draws_it_alone(journeymap, tree):
    # the saas-trial map left the WebAssembly Graphviz's memory so that the next map's empty label line trapped
    root = tree({"maps/saas-trial.journey.yaml": (ROOT / "examples" / "saas-trial.journey.yaml").read_text(),
                 "maps/trigger.journey.yaml": TRIGGER})  # fmt: skip
    shutil.copytree(ROOT / "examples" / "library", root / "maps" / "library")
    run = journeymap("render", "maps", "--engine", "embedded", "--jobs", "1", "--out-dir", "together")
    assert run.exit_code == 0, run.stdout
    alone = journeymap("render", "maps/trigger.journey.yaml", "--engine", "embedded", "--out-dir", "alone")
    assert alone.exit_code == 0, alone.stdout
    assert (root / "together" / "trigger.journey.svg").read_bytes() == (root / "alone" / "trigger.journey.svg").read_bytes()


def test_png_and_pdf_with_the_system_engine(journeymap, tree):
    needs("dot")
    root = tree({"a.journey.yaml": CURVE})
    assert journeymap("render", "--format", "png").exit_code == 0
    assert (root / "a.journey.png").read_bytes().startswith(b"\x89PNG")
    assert journeymap("render", "--format", "pdf", "--view", "flow").exit_code == 0
    assert (root / "a.journey.flow.pdf").read_bytes().startswith(b"%PDF")
    assert journeymap("render", "--format", "pdf", "--view", "flow", "--check").exit_code == 0


# ---------------------------------------------------------------- --persona and --annotate


def test_persona_draws_only_that_personas_steps_and_those_of_no_one(journeymap, tree):
    root = tree({"a.journey.yaml": CURVE})
    run = journeymap("render", "--persona", "maya", "--format", "dot")
    assert (run.exit_code, run.lines[0]) == (0, "wrote a.journey.maya.dot")
    dot = (root / "a.journey.maya.dot").read_text()
    shown = " ".join(label(attributes) for attributes in nodes(dot).values())
    assert "Step minus two" in shown and "Step plus two" in shown  # Maya's, and nobody's
    assert "Step zero" not in shown  # Priya's
    assert "Priya" not in shown  # only the persona in focus is introduced


def test_an_unknown_persona_is_a_usage_error_with_a_suggestion(journeymap, tree):
    tree({"a.journey.yaml": CURVE})
    run = journeymap("render", "--persona", "mya")
    assert (run.exit_code, run.stderr.strip()) == (2, "journeymap: error: no map has a persona 'mya'; did you mean 'maya'?")
    listed = journeymap("render", "--persona", "zed")
    assert listed.stderr.strip() == "journeymap: error: no map has a persona 'zed'; the personas are: maya, priya"


def test_maps_without_the_persona_are_skipped_with_a_note(journeymap, tree):
    tree({"a.journey.yaml": CURVE, "b.journey.yaml": CURVE.replace("maya", "lucia")})
    run = journeymap("render", "--persona", "lucia")
    assert run.exit_code == 0
    assert run.lines == [
        "a.journey.yaml: skipped: no persona 'lucia' in this map; its personas: maya, priya",
        "wrote b.journey.lucia.svg",
        "Rendered 1 map: 1 written, 0 unchanged.",
    ]
    assert not (run_dir := Path.cwd()).joinpath("a.journey.lucia.svg").exists() and run_dir.joinpath("b.journey.lucia.svg").exists()


# A map whose lint findings land in a stage cell (no touchpoints), on a card (no target) and in the header.
GAPPY = (
    LINT_GAPPY.replace("objective: Find where buyers drop out\n", "")
    .replace("{name: Pays, touchpoints: [web], emotion: 0}", "{name: Pays, emotion: 0}")
    .replace("{name: Visits, target: 100, actual: 80}", "{name: Visits, actual: 80}")
)


def test_annotate_draws_each_finding_where_it_belongs(journeymap, tree):
    root = tree({"a.journey.yaml": GAPPY})
    run = journeymap("render", "--annotate", "--format", "dot")
    assert run.exit_code == 0
    dot = (root / "a.journey.dot").read_text()
    all_nodes = nodes(dot)
    marked = all_nodes["touchpoints_mark1"]  # stage 'Buy' has no touchpoints: its empty cell is framed
    assert "dashed" in marked["style"]
    finding = node_showing(dot, "JM301 stage-without-touchpoints")
    assert finding.startswith("touchpoints_1_")
    assert position(marked)[0] == pytest.approx(position(all_nodes["steps_cell1"])[0])
    assert node_showing(dot, "JM308 metric-without-target").startswith("metrics_0_")  # next to its metric card
    assert node_showing(dot, "JM313 map-without-objective").startswith("summary_")  # the whole map: in the header
    plain = journeymap("render", "--format", "dot", "--out-dir", "plain")
    assert plain.exit_code == 0
    assert "JM301" not in (root / "plain/a.journey.dot").read_text()


def test_annotate_respects_the_configuration(journeymap, tree):
    root = tree({"a.journey.yaml": GAPPY, ".journeymap.yaml": "rules:\n  stage-without-touchpoints: off\n"})
    assert journeymap("render", "--annotate", "--format", "dot").exit_code == 0
    dot = (root / "a.journey.dot").read_text()
    assert "JM301" not in dot and "JM308" in dot


def test_annotate_applies_to_the_map_view_only(journeymap, tree):
    tree({"a.journey.yaml": GAPPY})
    run = journeymap("render", "--annotate", "--view", "flow")
    assert run.exit_code == 2
    assert "--annotate draws lint findings on the map view" in run.stderr


def test_a_library_named_on_the_command_line_is_skipped(journeymap, monkeypatch):
    monkeypatch.chdir(ROOT)
    run = journeymap("render", "examples/library/personas.yaml", "--check")
    assert run.exit_code == 0
    assert run.lines[0] == "examples/library/personas.yaml: skipped: a library has no stages to draw"


def test_several_processes_draw_the_same_files_and_report_the_same_lines(journeymap, tree):
    files = {f"maps/m{i}.journey.yaml": CURVE for i in range(4)}
    root = tree({**files, "maps/bad.journey.yaml": "journeymap: 1\ntitle: Bad\nstages: []\n"})
    alone = journeymap("render", "maps", "--engine", "embedded", "--out-dir", "one", "--jobs", "1")
    shared = journeymap("render", "maps", "--engine", "embedded", "--out-dir", "two", "--jobs", "2")
    assert (shared.exit_code, [line.replace("two/", "one/") for line in shared.lines]) == (alone.exit_code, alone.lines)
    assert alone.exit_code == 1 and alone.lines[-1].startswith("Rendered")
    for svg in (root / "one").glob("*.svg"):
        assert (root / "two" / svg.name).read_bytes() == svg.read_bytes()
    assert len(list((root / "two").glob("*.svg"))) == 4


def test_a_diagram_path_that_links_to_a_map_is_never_written_through(journeymap, tree):
    root = tree({"a.journey.yaml": CURVE, "b.journey.yaml": CURVE})
    (root / "b.journey.svg").symlink_to("a.journey.yaml")
    run = journeymap("render", "b.journey.yaml", "--engine", "embedded")
    assert run.exit_code == 1
    assert run.lines[0] == (
        f"b.journey.yaml:1:1: error[JM019 render-error]: cannot write b.journey.svg: it is an existing .yaml file "
        f"(through a link: {root / 'a.journey.yaml'}), a map or library perhaps, which journeymap never overwrites;"
        " choose another path"
    )
    assert (root / "a.journey.yaml").read_text() == CURVE


def test_reports_and_baselines_never_replace_a_map(journeymap, tree):
    root = tree({"a.journey.yaml": CURVE})
    for option in (["--report", "json:a.journey.yaml"], ["--write-baseline", "a.journey.yaml"]):
        run = journeymap("lint", "a.journey.yaml", *option)
        assert run.exit_code == 2
        assert run.stderr.endswith("which journeymap never overwrites; choose another path\n")
    assert (root / "a.journey.yaml").read_text() == CURVE


def test_an_out_dir_that_is_a_file_is_a_usage_error(journeymap, tree):
    tree({"a.journey.yaml": CURVE, "out": "not a folder\n"})
    run = journeymap("render", "a.journey.yaml", "--out-dir", "out")
    assert (run.exit_code, run.stderr) == (2, "journeymap: error: --out-dir 'out' is a file, not a directory; name a directory\n")


def test_check_writes_ci_reports_and_github_annotations_for_out_of_date_diagrams(journeymap, tree, monkeypatch):
    import json

    tree({"a.journey.yaml": CURVE, "b.journey.yaml": CURVE})
    journeymap("render", "a.journey.yaml", "--engine", "embedded")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = journeymap("render", ".", "--check", "--engine", "embedded", "--report", "sarif:out.sarif")
    assert run.exit_code == 1
    assert run.lines[-1] == (
        "::error file=b.journey.yaml,line=1,col=1,title=JM020 stale-diagram::its diagram b.journey.svg is missing;"
        " update it with: journeymap render . --engine embedded"
    )
    results = json.loads(Path("out.sarif").read_text())["runs"][0]["results"]
    assert [(result["ruleId"], result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            for result in results] == [("JM020", "b.journey.yaml")]  # fmt: skip


def test_annotating_one_persona_draws_the_whole_maps_findings(journeymap, tree):
    only_priya = CURVE.replace("{name: Step plus one, persona: maya", "{name: Step plus one, persona: priya")
    tree({"m.journey.yaml": only_priya.replace("      - {name: Step plus two, emotion: 2}\n", "")})
    run = journeymap("render", "m.journey.yaml", "--annotate", "--persona", "maya", "--format", "dot")
    assert run.exit_code == 0
    dot = Path("m.journey.maya.dot").read_text()
    # Maya has no steps in the second stage, but the map has: only the third stage lacks steps
    assert dot.count("JM302 stage-without-steps") == 1
    assert "stage 'Third stage' has no steps" in dot and "stage 'Second stage' has no steps" not in dot


def test_a_linked_maps_root_holds_the_maps_it_links_to(journeymap, tree):
    root = tree({"maps/a.journey.yaml": CURVE, "maps/sub/b.journey.yaml": CURVE})
    (root / "mlink").symlink_to(root / "maps")
    assert journeymap("render", "maps", "--out-dir", "out", "--format", "dot").exit_code == 0
    run = journeymap("render", "maps/sub/b.journey.yaml", "-o", "out", "--maps-root", "mlink", "-f", "dot", "--check")
    assert (run.exit_code, run.lines) == (0, ["1 diagram is up to date."])


def test_a_very_wide_png_is_drawn_at_a_lower_resolution_that_viewers_open_and_still_prints_at_size():
    from journeymap.render import raster

    wide = (b'<svg width="100000pt" height="300pt" viewBox="0 0 100000 300" xmlns="http://www.w3.org/2000/svg">'
            b'<rect width="100000" height="300" fill="#ff0000"/></svg>')  # fmt: skip
    drawn = raster.png(wide)
    width, height = struct.unpack(">II", drawn[16:24])  # IHDR
    dpi = raster.png_dpi(wide)
    assert dpi == 23 and (width, height) == (round(100000 * 23 / 72), round(300 * 23 / 72))
    assert width <= raster.MAX_PNG_SIDE
    per_metre = struct.unpack(">I", drawn[drawn.index(b"pHYs") + 4 :][:4])[0]
    assert round(per_metre * 0.0254) == dpi  # printed, it is still 100,000 points wide
    assert raster.png_dpi(b'<svg width="1729pt" height="1981pt"') == raster.PNG_DPI  # a real map keeps 150 dpi
    assert raster.png_dpi(b'<svg width="20000pt" height="20000pt"') == 36  # square: the pixel count decides
