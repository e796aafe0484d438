"""`render --paper`: PDF, PNG and SVG fitted to an A page; the map view of a long journey wrapped into bands."""

from __future__ import annotations

import base64
import io
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, needs
from test_render import CURVE, HOSTILE, HOSTILE_STRINGS, journey_of, label, nodes, position, svg_text, write_map
from journeymap.render import bands, engines, mapview, raster, stamp
from journeymap.render.bands import band_scene, choose, slices
from journeymap.render.canvas import SLACK
from journeymap.render.mapview import PAD, map_dot
from journeymap.render.paper import MARGIN, MM, PAPERS, fit, on_page, paper
from journeymap.render.scene import scene_for

PATINETE = ROOT / "examples" / "patinete-electrico.journey.yaml"
SIZES = ["a4", "a3", "a2", "a1", "a0"]
PAGES = [*SIZES, *(f"{size}-portrait" for size in SIZES)]
_MEDIA_BOX = re.compile(rb"/MediaBox \[ 0 0 ([0-9.]+) ([0-9.]+) \]")
_SVG_SIZE = re.compile(rb'<svg width="([0-9.]+)(pt|mm)" height="([0-9.]+)(pt|mm)"\s+viewBox="([-0-9. ]+)"')


def long_map(phase_sizes: list[int], pains_until: int | None = None, bare: tuple[int, ...] = ()) -> str:
    """A map of sum(phase_sizes) stages in phases of those sizes, two steps each with an emotion and the
    website; pain points up to stage `pains_until` (all: None); the stages in `bare` have no touchpoints."""
    lines = ["journeymap: 1", "title: Long journey", "personas:", "  - {id: ana, name: Ana}", "touchpoints:",
             "  - {id: web, name: Website, channel: web}", "phases:"]  # fmt: skip
    lines += [f"  - {{id: p{index}, name: Phase {index}}}" for index in range(len(phase_sizes))]
    lines.append("stages:")
    number = 0
    for phase, size in enumerate(phase_sizes):
        for _ in range(size):
            lines += [f"  - id: s{number}", f"    name: Stage {number}", f"    phase: p{phase}", "    steps:"]
            lines += [f"      - {{name: Step {number}.{k}, emotion: {(number + k) % 5 - 2}"
                      f"{'' if number in bare else ', touchpoints: [web]'}}}" for k in range(2)]  # fmt: skip
            if pains_until is None or number < pains_until:
                lines += ["    pain_points:", f"      - {{description: Pain of stage {number}, severity: high}}"]
            number += 1
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def embedded():
    return engines.Engine("embedded")


@pytest.fixture(scope="module")
def curve_svg(embedded, tmp_path_factory):
    journey, _ = journey_of(write_map(tmp_path_factory.mktemp("curve"), CURVE))
    return embedded.draw(map_dot(journey, "m.journey.yaml"), "svg")


def drawing_size(svg: bytes) -> tuple[float, float]:
    found = _SVG_SIZE.search(svg)
    return float(found[1]), float(found[3])


def page_transform(pdf: bytes) -> tuple[float, float, float]:
    """The scale and offset the page's content is drawn with: the first `s 0 0 s x y cm` of its stream."""
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:  # reportlab writes the page's content in ASCII85, fonts in binary
            content = zlib.decompressobj().decompress(base64.a85decode(stream.strip(), adobe=True))
        except (ValueError, zlib.error):
            continue
        found = re.search(rb"^([0-9.]+) 0 0 \1 ([0-9.]+) ([0-9.]+) cm$", content, re.MULTILINE)
        if found:
            return float(found[1]), float(found[2]), float(found[3])
    raise AssertionError("no scaled drawing on the page")


def png_resolution(png: bytes) -> int:
    per_metre = struct.unpack(">I", png[png.index(b"pHYs") + 4 :][:4])[0]
    return round(per_metre * 0.0254)


def band_stages(dot: str) -> list[list[int]]:
    """The stage-heading cells of each band, in order: `stages_cell0..` then `band2_stages_cell0..`."""
    found: dict[int, list[int]] = {}
    for band, cell in re.findall(r"^  (?:band(\d+)_)?stages_cell(\d+) \[", dot, re.MULTILINE):
        found.setdefault(int(band or 1), []).append(int(cell))
    return [found[band] for band in sorted(found)]


def band_sizes(dot: str) -> list[int]:
    return [len(cells) for cells in band_stages(dot)]


def long_dot(tmp_path: Path, phase_sizes: list[int], paper_name: str | None = None, **options) -> str:
    journey, _ = journey_of(write_map(tmp_path, long_map(phase_sizes, **options)))
    return map_dot(journey, "m.journey.yaml", paper=paper_name)


# ---------------------------------------------------------------- pages


def test_papers_are_iso_a_sizes_landscape_unless_portrait():
    assert paper("a3") == ("a3", 420, 297) and paper("A3-Landscape") == ("a3-landscape", 420, 297)
    assert paper("a1-portrait") == ("a1-portrait", 594, 841)
    assert [round(side, 2) for side in paper("a4").size_in_points] == [841.89, 595.28]
    assert {name.partition("-")[0] for name in PAPERS} == set(SIZES) and len(PAPERS) == 15


def test_png_resolutions_keep_every_page_to_a_few_tens_of_millions_of_pixels():
    sizes = {name: (paper(name).png_dpi, paper(name).png_size) for name in SIZES}
    assert sizes == {
        "a4": (300, (3508, 2480)), "a3": (200, (3307, 2339)), "a2": (200, (4677, 3307)),
        "a1": (150, (4967, 3508)), "a0": (150, (7022, 4967)),
    }  # fmt: skip
    assert paper("a0-portrait").png_size == (4967, 7022)


def test_a_drawing_is_fitted_inside_the_margin_centred_with_its_proportions():
    page = paper("a3")
    width, height = page.size_in_points  # 1190.55 by 841.89
    scale, x, y = fit(page, 2000, 500)  # wide: the width fills the room between the margins
    assert scale == pytest.approx((width - 2 * MARGIN * MM) / 2000)
    assert x == pytest.approx(MARGIN * MM) and y == pytest.approx((height - 500 * scale) / 2)
    scale, x, y = fit(page, 100, 400)  # tall, and smaller than the page: scaled up until the height fills it
    assert scale == pytest.approx((height - 2 * MARGIN * MM) / 400) and scale > 1
    assert y == pytest.approx(MARGIN * MM) and x == pytest.approx((width - 100 * scale) / 2)


@pytest.mark.parametrize("name", PAGES)
def test_the_pdf_page_is_the_paper_with_the_drawing_inside_the_margin_centred(curve_svg, name):
    pdf = raster.pdf(curve_svg, paper(name))
    page_width, page_height = paper(name).size_in_points
    assert [float(side) for side in _MEDIA_BOX.search(pdf).groups()] == pytest.approx([page_width, page_height],
                                                                                       abs=0.001)  # fmt: skip
    width, height = drawing_size(curve_svg)
    scale, x, y = page_transform(pdf)
    margin = MARGIN * MM
    right, top = page_width - x - width * scale, page_height - y - height * scale
    assert min(x, y, right, top) == pytest.approx(margin, abs=0.01)  # as large as fits: it touches a margin
    assert min(x, y, right, top) > margin - 0.01
    assert (x, y) == pytest.approx((right, top), abs=0.01)  # centred


def test_the_pdf_on_paper_keeps_its_text_as_text_in_the_shipped_font(embedded, tmp_path):
    journey, _ = journey_of(PATINETE)
    pdf = embedded.draw(map_dot(journey, PATINETE.name, paper="a3"), "pdf", "a3")
    fonts = sorted(re.findall(rb"/BaseFont /(\S+)", pdf))
    assert fonts == [b"AAAAAA+DejaVuSans", b"AAAAAA+DejaVuSans-Bold", b"AAAAAA+DejaVuSans-Oblique"]
    assert b"/Subtype /Image" not in pdf  # nothing drawn as a picture
    if shutil.which("pdftotext"):
        (tmp_path / "p.pdf").write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(tmp_path / "p.pdf"), "-"], capture_output=True, check=True).stdout
        assert all(stage.name in text.decode("utf-8") for stage in journey.stages)


@pytest.mark.parametrize("name", ["a4", "a3-portrait", "a1"])
def test_the_png_is_the_page_in_pixels_at_its_resolution_the_drawing_centred_on_white(curve_svg, name):
    from PIL import Image

    page = paper(name)
    png = raster.png(curve_svg, page)
    assert png_resolution(png) == page.png_dpi  # prints at the page's size
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == page.png_size
    ink = Image.eval(image.convert("L"), lambda value: 255 - value).getbbox()  # what is not white
    margin = MARGIN / 25.4 * page.png_dpi
    left, top, right, bottom = ink[0], ink[1], image.width - ink[2], image.height - ink[3]
    assert min(left, top, right, bottom) >= margin  # white margins all round
    width, height = drawing_size(curve_svg)
    scale, x, y = fit(page, width, height)
    pixels = page.png_dpi / 72
    assert left == pytest.approx((x + (PAD + SLACK) * scale) * pixels, abs=2)  # the drawing's left edge, past its pad
    assert abs(top - bottom) < 0.1 * image.height  # centred


def test_the_svg_on_paper_measures_the_page_in_millimetres_around_the_unchanged_drawing(curve_svg):
    page = paper("a2-portrait")
    paged = on_page(curve_svg, page)
    found = _SVG_SIZE.search(paged)
    assert (found[1], found[2], found[3], found[4]) == (b"420", b"mm", b"594", b"mm")
    left, top, box_width, box_height = (float(value) for value in found[5].split())
    assert box_width / box_height == pytest.approx(420 / 594, abs=1e-4)  # a viewer keeps the proportions
    width, height = drawing_size(curve_svg)
    scale = page.size_in_points[0] / box_width  # what a viewer scales the drawing by
    assert scale == pytest.approx(fit(page, *(float(v) for v in _SVG_SIZE.search(curve_svg)[5].split()[2:]))[0])
    margins = (-left * scale, -top * scale, (left + box_width - width) * scale, (top + box_height - height) * scale)
    assert min(margins) > MARGIN * MM - 1  # the drawing's own 0.3 inch of white comes on top
    assert margins[0] == pytest.approx(margins[2], abs=1) and margins[1] == pytest.approx(margins[3], abs=1)
    sheet = f'<rect x="{found[5].split()[0].decode()}" y="{found[5].split()[1].decode()}"'.encode()
    assert sheet in paged and b'fill="white"/>\n<g id="graph0"' in paged  # paper under the drawing
    assert paged.split(b'<g id="graph0"', 1)[1] == curve_svg.split(b'<g id="graph0"', 1)[1]
    assert on_page(b"<svg/>", page) == b"<svg/>"  # not Graphviz's: left as it is


def test_engines_pass_the_paper_to_every_format_but_dot(embedded, curve_svg):
    source = "digraph journeymap {\n}\n"
    assert embedded.draw(source, "dot", "a1") == source.encode()
    svg = embedded.draw(source, "svg", "a1")
    assert b'width="841mm" height="594mm"' in svg
    assert _MEDIA_BOX.search(embedded.draw(source, "pdf", "a4-portrait")).groups() == (b"595.2756", b"841.8898")


def test_where_dot_would_draw_png_and_pdf_itself_paper_is_refused_in_one_line(journeymap, tree, monkeypatch):
    needs("dot")
    root = tree({"a.journey.yaml": CURVE})
    monkeypatch.setattr(engines.raster, "available", lambda output_format: False)
    with pytest.raises(engines.EngineUnavailable):
        engines.select("auto", "pdf", "a3")
    with pytest.raises(engines.EngineUnavailable):
        engines.Engine("system", raster_with_dot=True).draw("digraph journeymap {\n}\n", "png", "a3")
    run = journeymap("render", "--format", "png", "--paper", "a3")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "journeymap: error: --paper fits PNG output to the page with the resvg-py package, not installed here "
        "(pip install resvg-py); Graphviz's dot, which would draw it instead, makes a page of the drawing's own "
        "size: install them, or leave out --paper"
    ]
    assert journeymap("render", "--format", "pdf", "--paper", "a3").exit_code == 2
    assert journeymap("render", "--format", "svg", "--paper", "a3").exit_code == 0  # dot draws the SVG
    assert journeymap("render", "--format", "png", "--paper", "a3", "--check").exit_code == 1  # missing: no engine
    assert journeymap("render", "--format", "png").exit_code == 0  # without a page, dot draws it
    assert sorted(path.name for path in root.iterdir()) == ["a.journey.png", "a.journey.svg", "a.journey.yaml"]


def test_each_paper_has_its_own_digest_and_check_tells_a_diagram_drawn_for_another(journeymap, tree):
    source = "digraph journeymap {\n}\n"
    digests = {stamp.digest(source, "png", "map", None, False, name) for name in (*PAGES, None)}
    assert len(digests) == len(PAGES) + 1
    tree({"a.journey.yaml": CURVE})
    assert journeymap("render", "--format", "pdf", "--paper", "a3", "--engine", "embedded").exit_code == 0
    for options, status in ((("--paper", "a3"), 0), (("--paper", "A3-landscape"), 0), (("--paper", "a1"), 1), ((), 1)):
        run = journeymap("render", "--format", "pdf", "--check", *options)
        assert run.exit_code == status, options
    stale = journeymap("render", "--format", "pdf", "--check", "--paper", "a3-portrait")
    assert stale.lines[-1] == "1 of 1 diagram is stale or missing; update it with: journeymap render . --format pdf --paper a3-portrait"


@pytest.mark.parametrize("output_format", ["svg", "png", "pdf"])
def test_the_hostile_map_draws_on_paper_with_its_text_literal(journeymap, tree, output_format):
    root = tree({"h.journey.yaml": HOSTILE.read_text(encoding="utf-8")})
    run = journeymap("render", "--format", output_format, "--paper", "a4-portrait", "--engine", "embedded")
    assert (run.exit_code, run.lines[-1]) == (0, "Rendered 1 map: 1 written, 0 unchanged.")
    drawn = (root / f"h.journey.{output_format}").read_bytes()
    if output_format == "svg":
        shown = svg_text(drawn)
        assert all(text in shown for text in HOSTILE_STRINGS)
        assert b'<svg width="210mm" height="297mm"' in drawn
    elif output_format == "pdf":
        assert _MEDIA_BOX.search(drawn).groups() == (b"595.2756", b"841.8898")
    else:
        assert struct.unpack(">II", drawn[16:24]) == paper("a4-portrait").png_size


def test_a_long_hostile_map_draws_in_bands_with_its_text_literal(embedded, tmp_path):
    document = yaml.safe_load(HOSTILE.read_text(encoding="utf-8"))
    stages = document["stages"]
    document["stages"] = [{**stage, "id": f"{stage['id']}{copy}"} for copy in range(8) for stage in stages]
    path = tmp_path / "h.journey.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    journey, _ = journey_of(path)
    dot = map_dot(journey, path.name, paper="a3-portrait")
    assert len(band_sizes(dot)) > 1
    shown = svg_text(embedded.draw(dot, "svg", "a3-portrait"))
    assert all(text in shown for text in HOSTILE_STRINGS)


# ---------------------------------------------------------------- bands: where the breaks go


def test_slices_are_even_runs_with_breaks_moved_to_near_phase_boundaries():
    patinete = ["captar"] * 6 + ["deleitar"] * 5 + ["retener"] * 4
    assert slices(3, patinete) == ((0, 6), (6, 11), (11, 15))
    assert slices(2, patinete) == ((0, 6), (6, 15))  # 8 is 2 from the boundary at 6: within a third of 7.5
    assert slices(2, patinete, snap=False) == ((0, 8), (8, 15))
    assert slices(3, [None] * 20) == ((0, 7), (7, 14), (14, 20))
    thirds = ["a"] * 10 + ["b"] * 10 + ["c"] * 10
    assert slices(3, thirds) == ((0, 10), (10, 20), (20, 30))
    assert slices(4, thirds) == ((0, 10), (10, 16), (16, 23), (23, 30))  # 16 and 23 are too far from 20
    assert slices(1, thirds) == ((0, 30),)


def _picture(stage_width: float, band_height: float):
    def picture(cut):
        return 100 + stage_width * max(stop - start for start, stop in cut), 200 + band_height * len(cut)

    return picture


@pytest.mark.parametrize("count", [15, 20, 30, 80])
@pytest.mark.parametrize("aspect", [2**0.5, 2**-0.5])
def test_the_number_of_bands_is_the_one_whose_picture_fills_the_page_best(count, aspect):
    picture = _picture(212, 900)
    chosen = choose([None] * count, picture, aspect)

    def scale(cut):
        width, height = picture(cut)
        return min(aspect / width, 1 / height)

    candidates = [slices(number, [None] * count) for number in range(1, count // bands.MIN_BAND + 1)]
    assert scale(chosen) == max(scale(cut) for cut in candidates)
    assert chosen == max(candidates, key=scale)


def test_fewer_than_15_stages_keep_one_band_whatever_the_page():
    assert choose([None] * 14, _picture(212, 10), 2**-0.5) == ((0, 14),)
    assert choose([None] * 15, _picture(212, 10), 2**-0.5) != ((0, 15),)


def test_bands_that_split_no_phase_win_unless_their_text_is_over_15_percent_smaller():
    phases = ["a"] * 6 + ["b"] * 9  # two bands: 6 + 9 keeps both phases, 8 + 7 splits b
    tall = _picture(212, 1000)  # on a portrait page two bands fill it best; 9 stages are a little wider than 8
    assert choose(phases, tall, 2**-0.5) == ((0, 6), (6, 15))
    assert choose([None] * 15, tall, 2**-0.5) == ((0, 8), (8, 15))
    lopsided = ["a"] * 3 + ["b"] * 12  # keeping b whole would cost more: 3 + 12 is far too wide
    assert choose(lopsided, tall, 2**-0.5) == ((0, 8), (8, 15))


# ---------------------------------------------------------------- bands: the drawing


def test_long_maps_are_wrapped_into_bands_at_phase_boundaries(tmp_path):
    assert band_stages(long_dot(tmp_path, [6, 5, 4])) == [list(range(6)), list(range(9))]  # phases a | b and c
    assert band_sizes(long_dot(tmp_path, [15])) == [8, 7]  # one phase: cut evenly
    assert band_sizes(long_dot(tmp_path, [5, 5, 5, 5])) == [10, 10]
    assert band_sizes(long_dot(tmp_path, [10, 10, 10])) == [10, 10, 10]
    assert band_sizes(long_dot(tmp_path, [10, 10, 10], "a1-portrait")) == [6, 6, 6, 6, 6]
    assert band_sizes(long_dot(tmp_path, [14], "a1-portrait")) == [14]  # under 15 stages: one band


def test_the_patinete_map_keeps_one_band_on_a_landscape_page_and_two_by_phase_on_a_portrait_one():
    journey, _ = journey_of(PATINETE)
    assert band_sizes(map_dot(journey, PATINETE.name)) == [15]
    assert band_sizes(map_dot(journey, PATINETE.name, paper="a1")) == [15]
    portrait = map_dot(journey, PATINETE.name, paper="a1-portrait")
    assert band_sizes(portrait) == [6, 9]  # Captar; Deleitar and Retener
    phase_names = [label(attributes) for name, attributes in nodes(portrait).items()
                   if attributes.get("class") == "phase-name"]  # fmt: skip
    assert phase_names == ["Captar", "Deleitar", "Retener"]


def test_every_band_is_a_whole_body_one_under_the_other_with_the_lanes_it_has_something_for(tmp_path):
    dot = long_dot(tmp_path, [10, 10, 10], pains_until=8)  # pain points in the first band only
    shapes = nodes(dot)
    prefixes = ["", "band2_", "band3_"]
    lanes = [[name.removeprefix(prefix) for name, attributes in shapes.items()
              if attributes.get("class") == "lane-label" and name.startswith(f"{prefix}lane_") and
              (prefix or not name.startswith("band"))] for prefix in prefixes]  # fmt: skip
    assert lanes == [["lane_steps", "lane_touchpoints", "lane_emotions", "lane_pain_points"],
                     ["lane_steps", "lane_touchpoints", "lane_emotions"],
                     ["lane_steps", "lane_touchpoints", "lane_emotions"]]  # fmt: skip
    tops = [position(shapes[f"{prefix}phase_0"])[1] for prefix in prefixes]
    bottoms = [position(shapes[f"{prefix}lane_emotions"])[1] for prefix in prefixes]
    assert tops[0] < bottoms[0] < tops[1] < bottoms[1] < tops[2] < bottoms[2]  # stacked
    assert [label(shapes[f"{prefix}phase_0_name"]) for prefix in prefixes] == ["Phase 0", "Phase 1", "Phase 2"]
    xs = [position(shapes[f"{prefix}stages_cell0"])[0] for prefix in prefixes]
    assert xs[0] == xs[1] == xs[2]  # every band starts at the left, under the same gutter
    assert label(shapes["band3_stages_0_0_t0"]) == "Stage 20"


def test_step_numbers_go_on_from_band_to_band(tmp_path):
    dot = long_dot(tmp_path, [6, 5, 4])
    numbers = [int(label(attributes)) for attributes in nodes(dot).values() if attributes.get("class") == "step-number"]
    assert numbers == list(range(1, 31))  # two steps a stage, in band order
    assert label(nodes(dot)["band2_steps_0_0_n"]) == "13"


def test_the_emotion_curve_goes_on_from_a_band_to_the_next(tmp_path):
    dot = long_dot(tmp_path, [10, 10, 10])  # three bands, one phase each
    shapes = nodes(dot)
    for number in (1, 2):
        band = "" if number == 1 else f"band{number}_"
        following = f"band{number + 1}_"
        ending = max((name for name in shapes if name.startswith(f"{band}curve_") and name[len(band) + 6 :].isdigit()),
                     key=lambda name: int(name.rsplit("_", 1)[1]))  # fmt: skip
        last, first = position(shapes[ending]), position(shapes[f"{following}curve_0"])
        edge, start = position(shapes[f"curve_continues_{number}_edge"]), position(shapes[f"curve_continues_{number}_start"])
        cells = [position(shapes[name])[0] for name in shapes if re.fullmatch(rf"{band}emotion_pos\d+", name)]
        assert last[0] < edge[0] and edge[0] > max(cells)  # past the last point, at the band's right edge
        assert start[0] < first[0]  # before the next band's first point, at its left edge
        neutral_before = position(shapes[f"{band}emotion_level2"])[1] + 1
        neutral_after = position(shapes[f"{following}emotion_level2"])[1] + 1
        # halfway between the two points' scores, in each band's own lane
        assert (neutral_before - edge[1]) == pytest.approx(((neutral_before - last[1]) + (neutral_after - first[1])) / 2,
                                                           abs=0.6)  # fmt: skip
        assert (neutral_after - start[1]) == pytest.approx(neutral_before - edge[1], abs=0.6)
        lines = re.findall(rf"^  curve_continues_{number}_(\w+) -> curve_continues_{number}_(\w+) \[.*dashed", dot,
                           re.MULTILINE)  # fmt: skip
        assert lines == [("from", "edge"), ("start", "to")]
    assert "curve_continues_3" not in dot
    assert "curve_continues" not in long_dot(tmp_path, [14])


def test_a_finding_about_a_stage_is_drawn_in_its_band_in_its_column(journeymap, tree):
    root = tree({"m.journey.yaml": long_map([10, 10, 10], bare=(13,))})
    assert journeymap("render", "--annotate", "--format", "dot", "--paper", "a1-portrait").exit_code == 0
    shapes = nodes((root / "m.journey.dot").read_text(encoding="utf-8"))
    marked = [name for name in shapes if re.fullmatch(r"(band\d+_)?touchpoints_mark\d+", name)]
    assert marked == ["band2_touchpoints_mark3"]  # three bands of one phase: stage 13 is the fourth of the second
    finding = next(name for name, attributes in shapes.items() if "stage-without-touchpoints" in label(attributes))
    assert finding.startswith("band2_touchpoints_3_")


def test_a_band_answers_for_the_whole_journey_who_its_cast_is_and_where_its_stages_lead(tmp_path):
    text = long_map([6, 5, 4]).replace("      - {name: Step 12.0,", "      - {persona: leo, name: Step 12.0,")
    text = text.replace("personas:\n", "personas:\n  - {id: leo, name: Leo}\n", 1)
    journey, _ = journey_of(write_map(tmp_path, text))
    scene = scene_for(journey, "m", (), None, False)
    first = band_scene(scene, 0, 6)
    assert first.journey.cast() == journey.cast() == ("leo", "ana")
    assert first.journey.next_stages(first.journey.stages[-1]) == ("s6",)  # the first stage of the next band
    assert [stage.id for stage in band_scene(first, 2, 4).journey.stages] == ["s2", "s3"]
    assert band_scene(scene, 0, 15) is scene


def test_the_dot_of_a_long_map_depends_on_the_paper_and_of_a_short_one_does_not(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, long_map([10, 10, 10])))
    assert map_dot(journey, "m") == map_dot(journey, "m", paper="a3") != map_dot(journey, "m", paper="a3-portrait")
    short, _ = journey_of(write_map(tmp_path, CURVE, "c.journey.yaml"))
    assert map_dot(short, "m") == map_dot(short, "m", paper="a0-portrait")


def test_banded_pictures_are_near_the_page_shape_and_print_larger_than_one_band(embedded, tmp_path, monkeypatch):
    journey, _ = journey_of(write_map(tmp_path, long_map([10, 10, 10])))
    pictures = {name: drawing_size(embedded.draw(map_dot(journey, "m", paper=name), "svg"))
                for name in ("a1", "a1-portrait")}  # fmt: skip
    monkeypatch.setattr(mapview, "BANDS_FROM", 10_000)
    one_band = drawing_size(embedded.draw(map_dot(journey, "m"), "svg"))
    for name, (width, height) in pictures.items():
        page = paper(name)
        assert fit(page, width, height).scale > 1.5 * fit(page, *one_band).scale
        assert 0.75 < (width / height) / page.aspect < 1.25  # near the page's own shape
    assert pictures["a1"][0] / pictures["a1"][1] == pytest.approx(1.41, abs=0.02)  # three bands of one phase each
    assert one_band[0] / one_band[1] > 9


def test_an_unknown_paper_is_a_usage_error_with_a_suggestion_or_the_choices(journeymap, tree):
    tree({"m.journey.yaml": long_map([3])})
    close = journeymap("render", "--paper", "a1-portrait-landscape")
    assert (close.exit_code, close.stderr.strip()) == (
        2, "journeymap: error: --paper 'a1-portrait-landscape' is not a paper size; did you mean 'a1-landscape'?")
    far = journeymap("render", "--paper", "b5")
    assert (far.exit_code, far.stderr.strip()) == (2, "journeymap: error: --paper 'b5' is not a paper size; choose one "
                                                      "of a4, a3, a2, a1, a0, each as it is (landscape) or with -portrait, "
                                                      "such as a1-portrait")  # fmt: skip
