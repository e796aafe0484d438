"""The Markdown export: read back as GitHub reads it (CommonMark and tables), its structure, its words in
the map's language, the diagram it links, and map text that shows literally however hostile."""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from journeymap.exchange.formats import EXPORTS, ExportContext
from journeymap.exchange.markdown import export
from journeymap.markdowntext import literal
from journeymap.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MARKDOWN = MarkdownIt("commonmark").enable("table")


def _journey(path: Path):
    workspace = Workspace()
    journey = workspace.journey(workspace.check(path))
    assert journey is not None, path
    return journey


def _export(path: Path, output: Path | None = None) -> str:
    journey = _journey(path)
    return export(journey, ExportContext(path, str(path), output, journey.locale or "en"))


def _headings(text: str) -> list[tuple[int, str]]:
    tokens = MARKDOWN.parse(text)
    return [(int(token.tag[1]), html.unescape(MARKDOWN.renderInline(tokens[index + 1].content)))
            for index, token in enumerate(tokens) if token.type == "heading_open"]  # fmt: skip


def _text(inline: str) -> str:
    """A cell's source as a reader sees it: entries on their own lines, tags and entities gone."""
    rendered = MARKDOWN.renderInline(inline).replace("<br>", "\n")
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def _tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Every table as its headings and its rows of cell texts."""
    tables, row, rows, head = [], [], [], []
    tokens = MARKDOWN.parse(text)
    for index, token in enumerate(tokens):
        if token.type in ("th_open", "td_open"):
            row.append(_text(tokens[index + 1].content))
        elif token.type == "tr_close":
            (head.extend if not head else rows.append)(row if head else row)
            row = []
        elif token.type == "table_close":
            tables.append((head, rows))
            head, rows = [], []
    return tables


def _table(text: str, first_heading: str, after: str) -> tuple[list[str], list[list[str]]]:
    """The first table with that first heading after the heading `after`."""
    return _tables(text[text.index(after):])[[h[0] for h, _ in _tables(text[text.index(after):])].index(first_heading)]


def _write_map(tmp_path: Path, body: str, name: str = "hostile.journey.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


def test_markdown_is_the_export_named_markdown():
    assert EXPORTS["markdown"].function() is export
    assert EXPORTS["markdown"].suffix == ".md" and EXPORTS["markdown"].text


def test_the_document_reads_header_diagram_personas_stages_in_order_then_touchpoints_and_sources():
    text = _export(EXAMPLES / "moving-home-broadband.journey.yaml")
    headings = _headings(text)
    assert headings[0] == (1, "Northwave Broadband - moving home with your broadband")
    assert [title for level, title in headings if level == 2] == [
        "Diagram", "Personas", "1. Knowing the broadband has to move", "2. Checking the new address",
        "3. Booking the move", "4. Moving in", "5. Getting connected", "6. Living with the new connection",
        "7. The first bill at the new address", "8. Staying on, until the next move", "Touchpoints", "Research sources",
    ]  # fmt: skip
    first_stage = headings.index((2, "1. Knowing the broadband has to move"))
    assert headings[first_stage + 1 : first_stage + 6] == [
        (3, "Steps"), (3, "Emotions"), (3, "Pain points"), (3, "Opportunities"), (3, "Metrics")]
    assert (3, "Service blueprint") in headings
    assert [title for level, title in headings if level == 3][:4] == ["Hannah Price", "Derek Hollis", "Tomasz Nowak", "Amara Osei"]
    rendered = MARKDOWN.render(text)
    assert "<li><strong>Owner:</strong> Home Moves (Rachel Owusu, Head of Customer Journeys)</li>" in rendered
    assert "<li><strong>State:</strong> Current</li>" in rendered
    assert "<li><strong>Reviewed:</strong> 2026-11-19</li>" in rendered
    assert "<li><strong>Tags:</strong> broadband, telecoms, home-move, service-blueprint, retention</li>" in rendered
    assert "<blockquote>\n<p>If I'm offline on the Monday, I spend my first week as a homeowner in a café.</p>" in rendered
    assert text.endswith("Written by journeymap from "
                         f"{EXAMPLES / 'moving-home-broadband.journey.yaml'}. Edit the map and export it again rather than this page.\n")


def test_a_stage_has_tables_of_its_steps_emotions_pain_points_opportunities_metrics_and_actions():
    text = _export(EXAMPLES / "moving-home-broadband.journey.yaml")
    stage = "## 2. Checking the new address"
    assert "- **Kind:** Consideration\n- **Goal:** Know whether the same service works" in text
    headings, rows = _table(text, "Step", stage)
    assert headings == ["Step", "Personas", "Touchpoints", "Emotion", "Thought", "Time", "Physical evidence", "Drop-offs"]
    assert rows[0][:4] == ["Enters the new postcode in the address checker\n★ Moment of truth",
                           "Hannah Price, Tomasz Nowak, Amara Osei",
                           "Address and speed checker (web)",
                           "Hannah Price: +1 positive (pleased)\nTomasz Nowak: 0 neutral (neutral)\n"
                           "Amara Osei: -2 very negative (alarmed)"]  # fmt: skip
    assert rows[0][5:7] == ["takes 3 min", "Speed and availability result page"]
    assert rows[1][0] == ("Sees the speed, price, first install date and contract terms for the new address on one signed-in"
                          " page\nOnly in the future\nreplaces Enters the new postcode in the address checker")  # fmt: skip
    assert rows[3][7] == "Takes a rival's new-customer deal for the new house and pays the exit fee (14% drop off)"
    assert rows[4][5] == "wait 28 min"
    headings, rows = _table(text, "Persona", stage)
    assert headings == ["Persona", "Current", "Future"]
    assert rows[3] == ["Amara Osei", "-1.5 very negative", "-1 negative"]
    headings, rows = _table(text, "Pain point", stage)
    assert headings == ["Pain point", "Severity", "Personas", "Evidence"]
    assert rows[2][1:3] == ["Medium", "Derek Hollis"]
    assert rows[2][3] == ("Advisers could answer at once in 38% of the calls about keeping a number\n"
                          "sources: Home-moves and billing call recordings and telephony data (Q3 2026)")  # fmt: skip
    headings, rows = _table(text, "Opportunity", stage)
    assert headings == ["Opportunity", "Status", "Owner", "Impact", "Effort", "Addresses"]
    assert rows[1][1:3] == ["In progress", "Pricing (Laura Finch)"]
    assert rows[1][4:] == ["Medium", "Movers pay up to £12 a month more than a new customer for the same speed at the same address"]
    headings, rows = _table(text, "Metric", stage)
    assert headings == ["Metric", "Unit", "Baseline", "Actual", "Target", "Direction", "Off target", "Measured"]
    assert rows[1] == ["Movers who leave before booking the move", "%", "12", "14", "6", "lower is better", "yes", "2026-10-31"]
    headings, rows = _table(text, "Lane", "## 3. Booking the move")
    assert headings == ["Lane", "Action", "Actor", "Touchpoints", "Serves", "Time", "State"]
    assert rows[0][:3] == ["Frontstage", "Checks the new address, books the slot and explains the contract", "Home-moves adviser"]
    assert rows[4][5:] == ["takes 6-10 days", "Removed in the future"]
    assert rows[5][0] == "Support processes"


def test_the_touchpoints_table_names_channel_kind_lane_owner_and_state():
    text = _export(EXAMPLES / "moving-home-broadband.journey.yaml")
    headings, rows = _table(text, "Touchpoint", "## Touchpoints")
    assert headings == ["Touchpoint", "Channel", "Kind", "Lane", "Owner", "State"]
    assert rows[0] == ["Moving-home help pages", "web", "owned", "", "Digital Care (Tess Moran)", ""]
    assert ["Number porting system", "other", "", "Backstage", "Voice Products (Anjali Rao)", "Removed in the future"] in rows
    assert len(rows) == 23
    headings, rows = _table(text, "Source", "## Research sources")
    assert headings == ["Source", "Kind", "Date", "Description"]
    assert rows[2] == ["Home-moves and billing call recordings and telephony data (Q3 2026)", "support logs", "2026-09-30", ""]


def test_a_table_leaves_out_the_columns_nobody_filled():
    path = EXAMPLES / "shoe-shop.journey.yaml"
    headings, _ = _table(_export(path), "Step", "## 1. A need appears")
    assert headings == ["Step", "Personas", "Touchpoints", "Emotion", "Thought"]


def test_a_spanish_map_is_written_in_spanish():
    text = _export(EXAMPLES / "renovar-el-dni.journey.yaml")
    headings = _headings(text)
    assert [title for level, title in headings if level == 2][:3] == ["Diagrama", "Personas", "1. Darse cuenta de que el DNI caduca"]
    assert [title for level, title in headings if level == 2][-2:] == ["Puntos de contacto", "Fuentes de la investigación"]
    assert {title for level, title in headings if level == 3} >= {
        "Pasos", "Emociones", "Puntos de dolor", "Oportunidades", "Métricas", "Blueprint de servicio"}
    rendered = MARKDOWN.render(text)
    assert "<li><strong>Situación:</strong> Actual</li>" in rendered
    assert "<li><strong>Tipo:</strong> Necesidad</li>" in rendered
    headings, rows = _table(text, "Paso", "## 1. Darse cuenta")
    assert headings == ["Paso", "Personas", "Puntos de contacto", "Emoción", "Pensamiento"]
    assert rows[0][3].split("\n")[1] == "Lucía Ortega: -2 muy negativa (agobiada)"
    assert rows[1][0].split("\n")[1:] == [
        "Solo en el futuro", "sustituye a Se entera de que el DNI caduca cuando se lo piden en el banco o en el aeropuerto"]
    headings, rows = _table(text, "Métrica", "## 1. Darse cuenta")
    assert headings == ["Métrica", "Unidad", "Real", "Objetivo", "Dirección", "Fuera de objetivo", "Medido"]
    assert rows[0][4:6] == ["más alto es mejor", "sí"]
    headings, rows = _table(text, "Paso", "## 2. Informarse")
    assert rows[1][5] == "espera 25 min\ndura 6 min"
    assert rows[1][6].endswith("(abandona el 38 %, vuelve a Informarse de cómo renovarlo)")
    assert text.endswith("Edita el mapa y vuelve a exportarlo en lugar de editar esta página.\n")


_HOSTILE = """\
    journeymap: 1.1
    title: "# Not a heading <script>alert(1)</script> | pipe"
    description: "- not a list\\n\\n> not a quote [click](javascript:alert(1)) ![x](http://evil/x.png) **bold** @web-team"
    owner: "<img src=x onerror=alert(1)> $x^2$ `code` ~~gone~~ &amp;"
    tags: ["a|b", "<b>tag</b>"]
    personas:
      - id: eve
        name: "Eve | <i>Mallory</i>"
        goals: ["- nested", "1. ordered"]
        quote: "> deeper\\nline two"
      - id: bob
        name: Bob
    touchpoints:
      - {id: site, name: "Site\\nwith a | pipe", channel: web, owner: "[owner](http://evil)"}
    stages:
      - id: s
        name: "1. Stage <u>one</u>"
        goal: "=== underline"
        thoughts: ["---"]
        steps:
          - name: "Step | with\\nnewline"
            persona: eve
            touchpoints: [site]
            emotion: -2
            feeling: "<em>sad</em>"
            thought: "I think | therefore $I$ am"
            moment_of_truth: true
            emotions: [{persona: eve, state: future, emotion: 1, thought: "*later* <b>"}]
            exits: [{description: "Leaves | <a href=x>here</a>", rate: 12.5}]
        pain_points:
          - {description: "Pain <b>|</b> point", severity: high, evidence: "@octocat said so"}
"""


def test_map_text_shows_literally_however_hostile(tmp_path):
    text = _export(_write_map(tmp_path, _HOSTILE))
    rendered = MARKDOWN.render(text)
    outside_the_fence = re.sub(r"<pre><code class=\"language-mermaid\">.*?</code></pre>", "", rendered, flags=re.S)
    for tag in ("script", "img", "i", "b", "u", "a", "code", "del", "ol", "pre"):
        assert f"<{tag}>" not in outside_the_fence and f"<{tag} " not in outside_the_fence, tag
    assert outside_the_fence.count("<em>") == 1  # the moment of truth's mark; the map's *later* stays as written
    assert outside_the_fence.count("<hr />") == 1  # before the footer: a thought of '---' is no rule
    assert "href=\"" not in rendered and "<blockquote>\n<p>&gt;" in rendered
    assert _headings(text)[0] == (1, "# Not a heading <script>alert(1)</script> | pipe")
    assert (2, "1. 1. Stage <u>one</u>") in _headings(text)
    assert "- not a list &gt; not a quote [click](javascript:alert(1)) ![x](http://evil/x.png) **bold** @\u2060web-team" in rendered
    assert "&lt;img src=x onerror=alert(1)&gt; $x^2$ `code` ~~gone~~ &amp;amp;" in rendered
    assert "&#36;" in text and "$x^2$" not in text  # a dollar GitHub's math cannot read as a delimiter
    headings, rows = _table(text, "Step", "## 1.")
    assert headings == ["Step", "Personas", "Touchpoints", "Emotion", "Thought", "Drop-offs"]
    assert rows == [["Step | with newline\n★ Moment of truth", "Eve | <i>Mallory</i>", "Site with a | pipe (web)",
                     "Everyone: -2 very negative (<em>sad</em>)\nEve | <i>Mallory</i>: +1 positive, future",
                     "Everyone: I think | therefore $I$ am\nEve | <i>Mallory</i>: *later* <b>",
                     "Leaves | <a href=x>here</a> (12.5% drop off)"]]  # fmt: skip
    assert "<strong>Eve | &lt;i&gt;Mallory&lt;/i&gt;:</strong> *later* &lt;b&gt;" in rendered
    assert "<em>★ Moment of truth</em>" in rendered
    assert _table(text, "Pain point", "## 1.")[1] == [["Pain <b>|</b> point", "High", "Everyone", "@\u2060octocat said so"]]
    assert _table(text, "Touchpoint", "## Touchpoints")[1] == [["Site with a | pipe", "web", "[owner](http://evil)"]]
    assert "<li>- nested</li>\n<li>1. ordered</li>" in rendered
    assert "<li>=== underline</li>" not in rendered and "<strong>Goal:</strong> === underline" in rendered
    assert "<li>---</li>" in rendered
    assert "<li><strong>Tags:</strong> a|b, &lt;b&gt;tag&lt;/b&gt;</li>" in rendered


def test_the_mermaid_journey_is_embedded_in_a_fence_it_cannot_close(tmp_path):
    from journeymap.exchange.mermaid import journey_diagram

    path = _write_map(tmp_path, """\
        journeymap: 1
        title: "Fenced ``` in"
        stages:
          - {id: s, name: "```", steps: [{name: "````", emotion: 1}]}
    """)  # fmt: skip
    text = _export(path)
    fences = [token for token in MARKDOWN.parse(text) if token.type == "fence"]
    assert [(fence.info, fence.content) for fence in fences] == [("mermaid", journey_diagram(_journey(path)).rstrip("\n") + "\n")]
    assert _headings(text)[1] == (2, "Diagram")


_SMALL = """\
    journeymap: 1
    title: Small
    stages:
      - {id: s, name: Start, steps: [Begins]}
"""


def test_a_diagram_rendered_next_to_the_map_is_linked_from_where_the_document_goes(tmp_path):
    maps = tmp_path / "maps"
    maps.mkdir()
    path = _write_map(maps, _SMALL, "small.journey.yaml")
    assert "![" not in _export(path)
    (maps / "small.journey.svg").write_text("<svg/>", encoding="utf-8")
    (maps / "small.journey.png").write_bytes(b"")
    (maps / "small.journey.blueprint.png").write_bytes(b"")
    image = '[![journey map of “Small”](small.journey.svg)](small.journey.svg)'
    assert image in _export(path)  # standard output: relative to the map
    text = _export(path, tmp_path / "docs" / "small.md")
    assert '[![journey map of “Small”](../maps/small.journey.svg)](../maps/small.journey.svg)' in text
    assert '[![service blueprint of “Small”](../maps/small.journey.blueprint.png)](../maps/small.journey.blueprint.png)' in text
    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', MARKDOWN.render(text))
    assert images == [("../maps/small.journey.svg", "journey map of “Small”"),
                      ("../maps/small.journey.blueprint.png", "service blueprint of “Small”")]  # fmt: skip


def test_a_diagram_rendered_next_to_the_document_is_linked_and_odd_names_are_encoded(tmp_path):
    docs = tmp_path / "my docs"
    docs.mkdir()
    path = _write_map(tmp_path, _SMALL, "a (b) #1.journey.yaml")
    (docs / "a (b) #1.journey.svg").write_text("<svg/>", encoding="utf-8")
    text = _export(path, docs / "a.md")
    assert "(a%20%28b%29%20%231.journey.svg)" in text
    assert '<img src="a%20%28b%29%20%231.journey.svg"' in MARKDOWN.render(text)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.journey.yaml")), ids=lambda path: path.name)
def test_every_example_gives_the_same_document_every_time_and_every_row_keeps_its_columns(path):
    text = _export(path)
    assert text == _export(path)
    for headings, rows in _tables(text):
        assert all(len(row) == len(headings) for row in rows)
    table_lines = [line for line in text.splitlines() if line.startswith("|")]
    assert all(line.endswith(" |") for line in table_lines)
    assert not [line for line in text.splitlines() if line != line.rstrip()]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("@team | **now**", "@\u2060team \\| \\*\\*now\\*\\*"),
        ("<b>&</b>", "&lt;b&gt;&amp;&lt;/b&gt;"),
        ("costs $5", "costs &#36;5"),
        ("- item", "\\- item"),
        ("---", "\\---"),
        ("-1 and 1.5", "-1 and 1.5"),
        ("12. twelve", "12\\. twelve"),
        ("two\nlines\ttabbed", "two lines tabbed"),
        ("[a](b) ![c](d)", "\\[a\\](b) !\\[c\\](d)"),
        ("\x1b[31m\u202e", "\\\\x1b\\[31m\\\\u202e"),
    ],
)
def test_literal_text_cannot_become_markdown(text, shown):
    assert literal(text) == shown


def test_the_excerpt_in_the_docs_is_real_output():
    """Every line of the documented excerpt is a line of the export it names ('...' marks what it leaves out)."""
    pages = [ROOT / "docs" / "export.md", ROOT / "docs" / "parts" / "markdown.md"]  # assembled, or still a part
    page = next(path.read_text(encoding="utf-8") for path in pages if path.is_file() and "````markdown" in path.read_text(encoding="utf-8"))
    excerpt = page.split("````markdown\n", 1)[1].split("\n````\n", 1)[0]
    lines = set(_export(EXAMPLES / "renewing-an-id-card.journey.yaml").splitlines())
    assert [line for line in excerpt.splitlines() if line.strip() != "..." and line not in lines] == []


def test_a_map_whose_diagram_name_would_be_too_long_has_no_diagram_and_no_error(tmp_path):
    path = _write_map(tmp_path, _SMALL, "m" * 240 + ".journey.yaml")  # its blueprint would be named 262 characters
    assert "![" not in _export(path, tmp_path / "out.md")
