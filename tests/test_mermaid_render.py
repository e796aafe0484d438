"""The Mermaid export drawn by Mermaid itself (mermaid-cli's mmdc in a headless Chromium): every example and a
map of hostile names render, and the SVG shows each section and task as the diagram writes it.

mmdc is found on PATH or where .ci/run installs it (.ci/node); Chromium on PATH. Without them the test is
skipped, unless JOURNEYMAP_TEST_REQUIRE names mmdc (as .ci/run sets it): then it fails.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

from conftest import ROOT, needs
from journeymap.exchange.mermaid import journey_diagram, section_text, stage_tasks, task_text
from journeymap.model import in_state
from test_mermaid import EXAMPLES, journey_of

LOCAL_MMDC = ROOT / ".ci" / "node" / "node_modules" / ".bin" / "mmdc"
BROWSERS = ("chromium", "chromium-browser")
CHROMIUM_FLAGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

HOSTILE = """
    journeymap: 1.1
    title: "Hostile: #1; 50%% of names"
    personas:
      - {id: ana, name: "Smith, Ana"}
      - {id: bob, name: "Bob: the <b>builder</b>"}
    stages:
      - id: signup
        name: "Step 1: sign up; #now"
        steps:
          - {name: "Title deeds arrive", emotion: 2}
          - {name: "%% not a comment", persona: ana, emotion: -2}
          - {name: "a%%b <script>alert(1)</script>", personas: [ana, bob], emotion: 1}
          - "line one\\nline two"
          - "\\u202eevil\\u202c bidi"
          - "section two"
      - {id: pay, name: "Configuración y pago: señal", emotion: -1}
      - id: long
        name: Long
        steps:
          - "A very long name that goes on and on about the many things a customer does before she finally pays"
"""


def mmdc() -> str:
    found = shutil.which("mmdc") or (str(LOCAL_MMDC) if LOCAL_MMDC.exists() else None)
    if found is None:
        needs("mmdc")  # skips, or fails where JOURNEYMAP_TEST_REQUIRE names it
    return found  # type: ignore[return-value]


def chromium() -> str:
    found = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if found is None:
        needs("chromium")
    return found  # type: ignore[return-value]


def shown_texts(svg: str) -> set[str]:
    """Every piece of text the SVG shows, as a reader sees it."""
    return {html.unescape(text).strip() for text in re.findall(r">([^<>]+)<", svg)}


def test_every_export_renders_with_its_sections_and_tasks(tmp_path):
    program, browser = mmdc(), chromium()
    hostile = tmp_path / "hostile.journey.yaml"
    hostile.write_text(textwrap.dedent(HOSTILE).lstrip(), encoding="utf-8")
    journeys = [journey_of(path) for path in (*EXAMPLES, hostile)]
    blocks = [f"```mermaid\n{journey_diagram(journey)}```\n" for journey in journeys]
    (tmp_path / "all.md").write_text("\n".join(blocks), encoding="utf-8")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": browser, "args": CHROMIUM_FLAGS}), encoding="utf-8")

    command = [program, "--quiet", "--puppeteerConfigFile", str(config), "--input", "all.md", "--output", "out.md"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)

    assert done.returncode == 0, done.stderr
    for number, journey in enumerate(journeys, start=1):
        svg = (tmp_path / f"out-{number}.svg").read_text(encoding="utf-8")
        texts = shown_texts(svg)
        assert "Syntax error" not in svg
        stages = [stage for stage in journey.stages if in_state(stage, journey.state)]
        expected = {section_text(stage.name) for stage in stages}
        expected |= {task_text(name) for stage in stages for name, _, _ in stage_tasks(journey, stage)}
        assert expected - texts == set(), journey.title
    hostile_texts = shown_texts((tmp_path / f"out-{len(journeys)}.svg").read_text(encoding="utf-8"))
    assert {"Hostile: \u266f1, 50% of names", "a%b <script>alert(1)</script>", "Smith\u201a Ana",
            "Bob\ua789 the <b>builder</b>", "Configuración y pago\ua789 señal", "evil bidi"} <= hostile_texts  # fmt: skip
