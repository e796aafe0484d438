"""Diagrams people can read: text contrast of WCAG AA on whatever it is drawn on, and a title and
description a screen reader reads instead of the shapes' names."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT
from test_render import journey_of, nodes, position, write_map
from journeymap.render import engines, theme
from journeymap.render.accessible import describe
from journeymap.render.mapview import map_dot

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLES = sorted((ROOT / "examples").glob("*.journey.yaml"))
HOSTILE = ROOT / "tests" / "render" / "hostile.journey.yaml"
VIEWS = ("map", "flow", "blueprint")


def _box(attributes: dict[str, str]) -> tuple[float, float, float, float]:
    x, y = position(attributes)
    w, h = float(attributes["width"]) * 72, float(attributes["height"]) * 72
    return x - w / 2, y - h / 2, x + w / 2, y + h / 2


def _inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _hex(color: str) -> str:
    return {"white": "#ffffff", "black": "#000000"}.get(color, color)


def _low_contrast(dot: str) -> list[str]:
    """Every text whose colour is below AA against the topmost filled shape under it (white when none):
    4.5:1, or 3:1 for large text (18 pt, or 14 pt bold)."""
    filled: list[tuple[tuple[float, float, float, float], str]] = []
    failures = []
    for name, attributes in nodes(dot).items():
        if "filled" in attributes.get("style", "") and "fillcolor" in attributes:
            filled.append((_box(attributes), _hex(attributes["fillcolor"])))
        if not attributes.get("label") or "fontcolor" not in attributes:
            continue
        if attributes.get("shape") == "circle":  # a numbered disc: its own fill is its background
            background = _hex(attributes["fillcolor"])
        else:
            point = position(attributes)
            background = next((fill for box, fill in reversed(filled) if _inside(point, box)), "#ffffff")
        size = float(attributes.get("fontsize", "10"))
        large = size >= 18 or size >= 14 and "Bold" in attributes.get("fontname", "")
        ratio = theme.contrast(_hex(attributes["fontcolor"]), background)
        if ratio < (3.0 if large else 4.5):
            failures.append(f"{name}: {attributes['fontcolor']} on {background} is {ratio:.2f}:1")
    return failures


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_every_text_of_every_view_meets_wcag_aa_contrast(journeymap, tmp_path, example, view):
    result = journeymap("render", str(example), "--view", view, "-f", "dot", "-o", str(tmp_path))
    assert result.exit_code == 0, result.stdout
    (drawn,) = tmp_path.glob("*.dot")
    assert _low_contrast(drawn.read_text(encoding="utf-8")) == []


def test_the_contrast_check_finds_text_too_light_for_its_background():
    dot = ('  a [id="a", class="card", pos="50,-50", width="1.3889", height="1.3889", shape="box", style="filled", '
           'color="none", fillcolor="#ffffff"];\n'
           '  b [id="b", class="text", pos="50,-50", width="0.5", height="0.2", shape="plaintext", label="x\\l", '
           'fontsize="8", fontcolor="#aaaaaa"];\n')  # fmt: skip
    assert _low_contrast(dot) == ["b: #aaaaaa on #ffffff is 2.32:1"]


def test_the_palettes_keep_white_numbers_and_badge_words_legible():
    for color in (*theme.EMOTION_STOPS, *theme.STATUS.values(), *(pair[0] for pair in theme.SEVERITY.values()),
                  *theme.PERSONAS, *theme.PHASES, theme.MOMENT_OF_TRUTH, theme.FUTURE):  # fmt: skip
        assert theme.contrast("#ffffff", color) >= 4.5, color
    assert len(set(theme.PERSONAS)) == len(theme.PERSONAS) == len(theme.PERSONA_SHAPES)
    others = {*theme.EMOTION_STOPS, *theme.PHASES, *theme.STATUS.values(), theme.MOMENT_OF_TRUTH, theme.FUTURE}
    assert set(theme.PERSONAS).isdisjoint(others)  # a persona's colour means that persona only


def _svg(path: Path, view: str = "map") -> ET.Element:
    journey, _ = journey_of(path)
    dot = describe(map_dot(journey, path.name), journey, view)
    return ET.fromstring(engines.Engine("embedded").draw(dot, "svg"))


def test_the_svg_has_the_maps_title_and_a_description_first_and_no_shape_names():
    root = _svg(ROOT / "examples" / "patinete-electrico.journey.yaml")
    assert root.get("role") == "img" and root.get("aria-labelledby") == "journeymap-title journeymap-desc"
    assert [child.tag for child in root[:2]] == [f"{SVG}title", f"{SVG}desc"]
    assert root[0].text == "Mapa del viaje de «Ruedalia · De la necesidad al cliente fiel con un patinete eléctrico»"
    assert root[1].text.startswith("15 etapas: Descubrimiento; Búsqueda; Investigación;")
    assert "Personas: Lucía Ferrer Ibáñez; Andrés Molina." in root[1].text
    assert len(list(root.iter(f"{SVG}title"))) == 1


def test_hostile_text_in_the_title_and_description_stays_literal():
    journey, _ = journey_of(HOSTILE)
    root = _svg(HOSTILE)
    assert root[0].text == f"Journey map of “{' '.join(journey.title.split())}”"
    assert journey.stages[0].name.split()[0] in root[1].text


def test_an_svg_fitted_to_paper_keeps_its_title_and_description_first(journeymap, tmp_path):
    example = ROOT / "examples" / "renewing-an-id-card.journey.yaml"
    assert journeymap("render", str(example), "--paper", "a3", "-o", str(tmp_path)).exit_code == 0
    root = ET.parse(tmp_path / "renewing-an-id-card.journey.svg").getroot()
    assert [child.tag for child in root[:3]] == [f"{SVG}title", f"{SVG}desc", f"{SVG}rect"]
    assert (root.get("width"), root.get("height")) == ("420mm", "297mm")


def test_the_title_and_description_say_which_persona_and_state_are_drawn(journeymap, tmp_path):
    example = ROOT / "examples" / "renovar-el-dni.journey.yaml"
    run = journeymap("render", str(example), "--persona", "walter", "--state", "future", "-o", str(tmp_path))
    assert run.exit_code == 0, run.stdout
    root = ET.parse(tmp_path / "renovar-el-dni.journey.future.walter.svg").getroot()
    assert root[0].text == ("Mapa del viaje de «Oficina Nacional de Identidad - renovar el DNI» — Walter Brandt"
                            " — Situación futura")  # fmt: skip
    assert "Personas: Walter Brandt." in root[1].text and "Aisha" not in root[1].text


def test_the_description_counts_one_stage_and_one_step_in_the_singular(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, "journeymap: 1\ntitle: T\nstages:\n  - {id: s, name: S, steps: [Go]}\n"))
    assert describe("// x\ngraph", journey, "map").split("\n")[2] == "// description: 1 stage: S. 1 step."
