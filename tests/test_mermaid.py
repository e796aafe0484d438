"""Mermaid journey diagrams: the export's exact text and escaping, the import's documents, notes and problems
(every syntax error at its line and column), and the round trip of every example and of generated maps."""

from __future__ import annotations

import json
import re
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journeymap.exchange.document import document
from journeymap.exchange.formats import ExportContext, ImportOptions
from journeymap.exchange.maptext import map_text
from journeymap.exchange.mermaid import actor_text, export, journey_diagram, section_text, stage_tasks, task_text
from journeymap.exchange.mermaid_import import read
from journeymap.model import Journey, in_state
from journeymap.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.journey.yaml"))
FRONT_MATTER = "---\nconfig:\n  journey:\n    width: 200\n    height: 70\n---\n"


def journey_of(path: Path) -> Journey:
    workspace = Workspace()
    checked = workspace.check(path)
    assert not checked.problems, [problem.line for problem in checked.problems]
    journey = workspace.journey(checked)
    assert journey is not None
    return journey


def journey_from_text(folder: Path, text: str) -> Journey:
    path = folder / "map.journey.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return journey_of(path)


def imported(folder: Path, text: str | bytes, name: str = "diagram.mmd", options: ImportOptions = ImportOptions()):
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return read(path, name, options)


def lines(result) -> list[str]:
    return [problem.line for problem in result.problems]


# --- export


SMALL = """
    journeymap: 1.1
    title: "Buying boots: online"
    description: "A first order; then a return."
    personas:
      - {id: maya, name: Maya Brennan}
      - {id: li, name: "Li, Wei"}
    stages:
      - id: search
        name: "Search: phone"
        emotion: 1
        steps:
          - name: Searches for boots
            emotion: -1
          - name: Reads reviews
            persona: maya
          - name: Compares prices
            emotions:
              - {persona: maya, emotion: 1}
              - {persona: li, emotion: 2}
          - name: Taps "buy" in the app
            state: future
            emotion: 2
      - id: pay
        name: Paying
        personas: [li]
        emotion: -2
      - id: wear
        name: "Wearing #1"
        steps:
          - Title deeds arrive; then boots
"""


def test_export_writes_a_section_per_stage_and_a_task_per_step_of_the_current_state(tmp_path):
    journey = journey_from_text(tmp_path, SMALL)
    text = export(journey, ExportContext(tmp_path / "map.journey.yaml", "map.journey.yaml", None))
    assert text == FRONT_MATTER + (
        "journey\n"
        "  title Buying boots: online\n"
        "  accDescr: A first order, then a return.\n"
        "  section Search\ua789 phone\n"
        "    Searches for boots: 2: Maya Brennan, Li\u201a Wei\n"  # everyone's emotion -1; every persona
        "    Reads reviews: 4: Maya Brennan\n"  # no emotion of its own: the stage's 1
        "    Compares prices: 5: Maya Brennan, Li\u201a Wei\n"  # the personas' 1 and 2: 1.5, rounded up
        "  section Paying\n"  # a stage without steps: one task of its name, its emotion, its personas
        "    Paying: 1: Li\u201a Wei\n"
        "  section Wearing \u266f1\n"
        "    \u2060Title deeds arrive, then boots: 3: Maya Brennan, Li\u201a Wei\n"  # no emotion anywhere: 3
    )
    assert journey_diagram(journey) == text


def test_a_map_without_personas_has_tasks_without_actors(tmp_path):
    journey = journey_from_text(tmp_path, """
        journeymap: 1
        title: Returning a parcel
        stages:
          - id: send
            name: Sending it back
            steps:
              - {name: Prints the label, emotion: 2}
    """)
    assert journey_diagram(journey) == FRONT_MATTER + (
        "journey\n  title Returning a parcel\n  section Sending it back\n    Prints the label: 5\n"
    )


def test_a_future_state_map_exports_its_own_state(tmp_path):
    journey = journey_from_text(tmp_path, """
        journeymap: 1.1
        title: Refunds, to be
        state: future
        stages:
          - id: claim
            name: Claiming
            steps:
              - {name: Posts the form, state: current, emotion: -2}
              - {name: Taps refund, emotion: 1}
          - {id: old, name: The old desk, state: current}
    """)
    assert journey_diagram(journey).endswith("  section Claiming\n    Taps refund: 4\n")


@pytest.mark.parametrize(("name", "written"), [
    ("Step 1: sign up", "Step 1\ua789 sign up"),  # ':' ends a task's name
    ("Order #123", "Order \u266f123"),  # '#' starts a comment
    ("Pays; waits", "Pays, waits"),  # ';' is no character of the grammar at all
    ("line one\nline two\r\n  three", "line one line two three"),  # a line break ends the statement
    ("50%% off", "50% off"),  # '%%' would start a comment or a directive
    ("%% sale", "\u2060% sale"),  # a line that starts with '%' is a comment
    ("Title deeds arrive", "\u2060Title deeds arrive"),  # would be the diagram's title
    ("section two", "\u2060section two"),  # would be a section
    ("Journey planning", "\u2060Journey planning"),  # the diagram's first word
    ("accDescr {x}", "\u2060accDescr {x}"),  # would start a description
    ("Journeys end", "Journeys end"),  # no keyword: 'journey' is a word of its own
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # Mermaid writes task text as text
    ("\u202eevil\u202c bidi \u2066x\u2069", "evil bidi x"),  # bidi controls would reorder what a reader sees
    ("Configuración y pago", "Configuración y pago"),
    ("\u202e", "\u2026"),  # nothing left to show
    ("word " * 30, ("word " * 15).strip() + "\u2026"),  # at most 80 characters, cut after a word
])  # fmt: skip
def test_task_text_cannot_break_the_grammar(name, written):
    assert task_text(name) == written


def test_hostile_names_stay_one_task_each(tmp_path):
    journey = journey_from_text(tmp_path, """
        journeymap: 1.1
        title: "Hostile; #1 %% title"
        personas:
          - {id: ana, name: "Smith, Ana"}
          - {id: bob, name: "Bob: the <b>builder</b>; #2"}
        stages:
          - id: s
            name: "a%%b: c"
            steps:
              - {name: "x: 1: y", personas: [ana, bob], emotion: 2}
    """)
    assert journey_diagram(journey) == FRONT_MATTER + (
        "journey\n  title Hostile, \u266f1 % title\n  section a%b\ua789 c\n"
        "    x\ua789 1\ua789 y: 5: Smith\u201a Ana, Bob\ua789 the <b>builder</b>\u201a \u266f2\n"
    )
    back = imported(tmp_path, journey_diagram(journey))
    assert back.problems == ()
    names = ["Smith\u201a Ana", "Bob\ua789 the <b>builder</b>\u201a \u266f2"]
    assert [persona["name"] for persona in back.data["personas"]] == names


# --- import


def test_import_builds_the_map_a_hand_written_diagram_describes(tmp_path):
    result = imported(tmp_path, """
        %% bought in October
        journey
          title Buying boots
          accDescr: A first order, online.
          section Finding the boots
            Searches on her phone: 3: Maya
            Reads reviews: 4: Maya, Li # the one-star ones first
          section Paying
            Pays by card: 1: Li
            Gets the email: 5
          section Wearing them
            Wearing them: 2: Maya
    """)
    assert result.problems == ()
    assert result.data == {
        "journeymap": 1.1,  # a stage's own personas
        "title": "Buying boots",
        "description": "A first order, online.",
        "personas": [{"id": "maya", "name": "Maya"}, {"id": "li", "name": "Li"}],
        "stages": [
            {"id": "finding-the-boots", "name": "Finding the boots", "steps": [
                {"name": "Searches on her phone", "persona": "maya", "emotion": 0},
                {"name": "Reads reviews", "emotion": 1},  # every actor: names none
            ]},
            {"id": "paying", "name": "Paying", "steps": [
                {"name": "Pays by card", "persona": "li", "emotion": -2},
                {"name": "Gets the email", "emotion": 2},
            ]},
            {"id": "wearing-them", "name": "Wearing them", "personas": ["maya"], "emotion": -1},
        ],
    }  # fmt: skip
    assert result.notes[("stages", 0, "steps", 1, "emotion")] == "emotion from Mermaid score 4 (1..5 -> -2..2)"
    assert result.notes[("stages", 1, "steps", 1)] == "no actors in Mermaid: every persona takes this step"
    assert result.notes[("stages", 2)] == "a section whose one task repeats its name: the stage, without steps"
    assert result.notes[("personas",)].startswith("personas from the Mermaid actors, ids made from their names")


def test_the_imported_document_is_a_valid_map_that_reads_back_as_itself(tmp_path):
    result = imported(tmp_path, """
        journey
          title Mudanza: fibra
          section Configuración y pago
            Elige la tarifa: 4: Inés Soto, Tom, Inés Soto
            Paga la señal: 2: Tom, Rosa
          section Configuración y pago
            Espera: 3: Rosa
    """)
    assert result.problems == ()
    assert result.data["journeymap"] == 1.1  # a step several personas take, not all
    assert [stage["id"] for stage in result.data["stages"]] == ["configuracion-y-pago", "configuracion-y-pago-2"]
    assert [p["id"] for p in result.data["personas"]] == ["ines-soto", "tom", "rosa"]
    path = tmp_path / "back.journey.yaml"
    path.write_text(map_text(result.data, result.notes), encoding="utf-8")
    assert document(journey_of(path)) == result.data


def test_a_diagram_without_title_takes_the_options_title_or_the_file_name(tmp_path):
    diagram = "journey\n  section A\n    B: 3\n"
    given_title = imported(tmp_path, diagram, options=ImportOptions(title="Given"))
    assert given_title.data["title"] == "Given"
    assert ("title",) not in given_title.notes
    named = imported(tmp_path, diagram, name="boot_purchase-flow.mmd")
    assert named.data["title"] == "Boot purchase flow"
    assert named.notes[("title",)] == ("the diagram has no title: this one is made from the file name "
                                       "'boot_purchase-flow.mmd'")  # fmt: skip
    spoken = imported(tmp_path, "journey\n  accTitle: Spoken title\n  section A\n    B: 3\n")
    assert spoken.data["title"] == "Spoken title"


def test_tasks_before_any_section_make_a_stage_and_the_locale_names_it(tmp_path):
    result = imported(tmp_path, "journey\n  Llega: 4\n", options=ImportOptions(locale="es"))
    assert result.data["locale"] == "es"
    assert result.data["stages"] == [{"id": "pasos", "name": "Pasos", "steps": [{"name": "Llega", "emotion": 1}]}]


def test_a_markdown_file_with_a_fenced_journey(tmp_path):
    result = imported(tmp_path, """
        # Boots

        ```mermaid
        flowchart LR
          a --> b
        ```

        ```mermaid
        ---
        title: From the front matter
        ---
        %%{init: {"theme": "forest"}}%%
        journey
          section A
            B: 5: X
            C: nine
        ```

        ~~~mermaid
        journey
        ~~~
    """, name="notes.md")
    assert lines(result) == [
        "notes.md:16:8: warning[JM032 import-cell]: the score 'nine' is not a number; write a whole number from 1 "
        "to 5 (the step is imported without an emotion)",
        "notes.md:19:1: warning[JM032 import-cell]: a second journey diagram in the file; only the first is imported "
        "(import this one from a file of its own)",
    ]
    assert result.data["title"] == "From the front matter"
    assert result.data["stages"] == [{"id": "a", "name": "A", "steps": [{"name": "B", "emotion": 2}, {"name": "C"}]}]


def test_windows_line_ends_and_a_byte_order_mark_read_as_any_other(tmp_path):
    result = imported(tmp_path, "\ufeffjourney\r\n  title T\r\n  section S\r\n    Go: 2: Ana\r\n".encode())
    assert result.problems == ()
    assert result.data["stages"] == [{"id": "s", "name": "S", "steps": [{"name": "Go", "emotion": -1}]}]


@pytest.mark.parametrize(("line", "problem"), [
    ("    Order the boots", "3:20: error[JM033 mermaid-syntax]: expected ':' and a score after the task name 'Order "
     "the boots'; write it as 'Order the boots: 3: Maya' (a score from 1 to 5, then the actors)"),
    ("    Order the boots:", "3:21: error[JM033 mermaid-syntax]: expected a score after 'Order the boots:'; write it "
     "as 'Order the boots: 3' (a score from 1 to 5, then the actors)"),
    ("  section Paying: now", "3:17: error[JM033 mermaid-syntax]: ':' ends the section name 'Paying'; a section has "
     "no score: write 'section Paying' on a line of its own, and its tasks below it"),
    ("    Pays; waits: 3", "3:9: error[JM033 mermaid-syntax]: ';' is not allowed in a journey diagram (Mermaid stops "
     "reading here); write one statement per line, and no ';' in names"),
    ("    Pays: 3: Li; Ana", "3:16: error[JM033 mermaid-syntax]: ';' is not allowed in a journey diagram (Mermaid "
     "stops reading here); write one statement per line, and no ';' in names"),
    ("    : 3: Li", "3:5: error[JM033 mermaid-syntax]: expected a task name before ':'; write it as 'Pays by card: "
     "4: Maya'"),
    ("  section", "3:3: error[JM033 mermaid-syntax]: expected text after 'section'; write it as 'section Checkout'"),
    ("  title", "3:3: error[JM033 mermaid-syntax]: expected text after 'title'; write it as 'title Checkout'"),
    ("  journey", "3:3: error[JM033 mermaid-syntax]: 'journey' starts the diagram only once; remove this one"),
    ("  accDescr {", "3:12: error[JM033 mermaid-syntax]: 'accDescr {' has no closing '}'"),
    ("  title Boots; online", "3:14: error[JM033 mermaid-syntax]: ';' is not allowed in a journey diagram (Mermaid "
     "stops reading here); write one statement per line, and no ';' in names"),
])  # fmt: skip
def test_every_syntax_error_is_at_its_line_and_column(tmp_path, line, problem):
    result = imported(tmp_path, f"journey\n  section A\n{line}\n")
    assert result.data is None
    assert lines(result) == [f"diagram.mmd:{problem}"]


@pytest.mark.parametrize(("task", "problem", "emotion"), [
    ("Go: 9: Li", "1:5: warning[JM032 import-cell]: the score 9 is outside Mermaid's 1 to 5; read as 5 (emotion 2)", 2),
    ("Go: 0", "1:5: warning[JM032 import-cell]: the score 0 is outside Mermaid's 1 to 5; read as 1 (emotion -2)", -2),
    ("Go: 2.5", "1:5: warning[JM032 import-cell]: the score 2.5 is not a whole number; read as 3 (emotion 0)", 0),
    ("Go:  great", "1:6: warning[JM032 import-cell]: the score 'great' is not a number; write a whole number from 1 "
     "to 5 (the step is imported without an emotion)", None),
    ("Pays 4: Li", "1:9: warning[JM032 import-cell]: the score 'Li' is not a number; the ':' before the score 4 "
     "is missing; write it as 'Pays: 4: Li' (the step is imported without an emotion)", None),
    ("Go: : Li", "1:4: warning[JM032 import-cell]: no score after ':'; write a whole number from 1 to 5 (the step "
     "is imported without an emotion)", None),
    ("Go: 3: Li,, Ana", "1:11: warning[JM032 import-cell]: an empty actor name between commas; left out", 0),
    ("Go: 3: Li: Ana", "1:10: warning[JM032 import-cell]: ': Ana' after the actors is not read by Mermaid; left "
     "out", 0),
])  # fmt: skip
def test_a_task_mermaid_reads_differently_is_a_warning_at_its_column(tmp_path, task, problem, emotion):
    result = imported(tmp_path, f"journey\n{task}\n")
    assert [line.replace("diagram.mmd:2:", "", 1) for line in lines(result)] == [problem.replace("1:", "", 1)]
    assert result.data["stages"][0]["steps"][0].get("emotion") == emotion


@pytest.mark.parametrize(("content", "name", "problem"), [
    ("flowchart LR\n  a --> b\n", "d.mmd", "d.mmd:1:1: error[JM031 import-unusable]: a Mermaid flowchart diagram, "
     "not a journey; import reads 'journey' diagrams only"),
    ("\n  %% nothing yet\n", "d.mmd", "d.mmd:1:1: error[JM031 import-unusable]: the diagram is empty; write "
     "'journey', then a title and sections"),
    ("", "d.mmd", "d.mmd:1:1: error[JM031 import-unusable]: the diagram is empty; write 'journey', then a title and "
     "sections"),
    ("journey\n  title Only a title\n", "d.mmd", "d.mmd:1:1: error[JM031 import-unusable]: the journey diagram has "
     "no sections or tasks; add a 'section' and its tasks, such as 'Pays: 4: Maya'"),
    ("# Notes\nNo diagram here.\n", "d.md", "d.md:1:1: error[JM031 import-unusable]: no ```mermaid block in the "
     "file; put the journey diagram in one"),
    ("Journee\n", "d.mmd", "d.mmd:1:1: error[JM033 mermaid-syntax]: expected 'journey' to start the diagram, found "
     "'Journee'"),
    ("---\ntitle: x\njourney\n", "d.mmd", "d.mmd:1:1: error[JM033 mermaid-syntax]: the front matter that starts "
     "here has no closing '---'"),
    (b"journey\n  title caf\xe9\n", "d.mmd", "d.mmd:2:12: error[JM030 import-unreadable]: not UTF-8 text (byte "
     "0xe9); save the file as UTF-8"),
    (b"journey\x00\n", "d.mmd", "d.mmd:1:8: error[JM030 import-unreadable]: the file holds NUL bytes: it is "
     "binary, not a diagram"),
])  # fmt: skip
def test_a_file_that_is_no_journey_diagram_is_one_problem_and_no_map(tmp_path, content, name, problem):
    result = imported(tmp_path, content, name=name)
    assert (result.data, lines(result)) == (None, [problem])


def test_a_missing_or_huge_file_is_unreadable(tmp_path):
    missing = read(tmp_path / "gone.mmd", "gone.mmd", ImportOptions())
    assert lines(missing) == ["gone.mmd:1:1: error[JM030 import-unreadable]: no such file"]
    huge = tmp_path / "huge.mmd"
    with huge.open("wb") as file:
        file.truncate(5 * 1024 * 1024)
    assert lines(read(huge, "huge.mmd", ImportOptions())) == [
        "huge.mmd:1:1: error[JM030 import-unreadable]: the file is 5.0 MB; import reads diagrams up to 4 MB"
    ]


# --- round trips


def expressed(journey: Journey) -> list[tuple[str, list[tuple[str, int, frozenset[str]]]]]:
    """What a Mermaid journey says of a map: its sections in order, and each one's tasks with their scores
    and actors, as the diagram writes them."""
    return [(section_text(stage.name), [(task_text(name), score, frozenset(map(actor_text, actors)))
                                         for name, score, actors in stage_tasks(journey, stage)])
            for stage in journey.stages if in_state(stage, journey.state)]  # fmt: skip


def round_trip(journey: Journey, folder: Path, write=map_text) -> Journey:
    result = imported(folder, journey_diagram(journey), name="trip.mmd")
    assert result.problems == ()
    path = folder / "trip.journey.yaml"
    path.write_text(write(result.data), encoding="utf-8")
    return journey_of(path)


def as_json(data: dict) -> str:
    """A map as JSON, which YAML reads as it is: any text, whatever YAML's plain scalars would make of it."""
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_every_example_comes_back_as_mermaid_shows_it(tmp_path, example):
    before = journey_of(example)
    after = round_trip(before, tmp_path)
    assert after.title == before.title
    assert expressed(after) == expressed(before)
    assert sorted(persona.name for persona in after.personas) == sorted(actor_text(before.persona(p).name)
                                                                        for p in before.cast())  # fmt: skip
    # the emotion of every step as Mermaid shows it: the score less 3
    shown = [(task_text(name).lstrip("\u2060"), score - 3) for stage in before.stages if in_state(stage, before.state)
             for name, score, _ in stage_tasks(before, stage) if stage.steps]  # fmt: skip
    assert [(step.name, step.emotion) for _, step in after.steps()] == shown


# Any text a map can hold: YAML has no place for control characters other than line breaks and tabs, and
# folds the line and paragraph separators of a quoted text into spaces.
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"), whitelist_characters="\n\t"),
                min_size=1, max_size=40)  # fmt: skip


@st.composite
def maps(draw) -> dict:
    persona_names = draw(st.lists(_TEXT, max_size=3))
    personas = [{"id": f"p{i}", "name": name} for i, name in enumerate(persona_names)]
    ids = [p["id"] for p in personas]
    stages = []
    for index in range(draw(st.integers(1, 4))):
        stage = {"id": f"s{index}", "name": draw(_TEXT)}
        if draw(st.booleans()):
            stage["emotion"] = draw(st.integers(-2, 2))
        if ids and draw(st.booleans()):
            stage["personas"] = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        steps = []
        for _ in range(draw(st.integers(0, 3))):
            step: dict = {"name": draw(_TEXT)}
            if draw(st.booleans()):
                step["emotion"] = draw(st.integers(-2, 2))
            if ids and draw(st.booleans()):
                step["personas"] = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
            if ids and draw(st.booleans()):
                feeling_apart = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
                step["emotions"] = [{"persona": who, "emotion": draw(st.integers(-2, 2))} for who in feeling_apart]
            if draw(st.integers(0, 4)) == 0:
                step["state"] = "future"
            steps.append(step)
        if steps:
            stage["steps"] = steps
        stages.append(stage)
    return {"journeymap": 1.1, "title": draw(_TEXT), **({"personas": personas} if personas else {}), "stages": stages}


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_generated_maps_come_back_as_mermaid_shows_them(data):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "generated.journey.yaml"
        source.write_text(as_json(data), encoding="utf-8")
        before = journey_of(source)
        after = round_trip(before, Path(folder), as_json)
        assert expressed(after) == expressed(before)


# --- the documentation's examples are real runs


def documented_blocks() -> list[tuple[str, str]]:
    """The fenced blocks (language, text) of the Mermaid section of docs/export.md."""
    text = (ROOT / "docs/export.md").read_text(encoding="utf-8")
    section = text.split("## Mermaid journey diagrams", 1)[1].split("\n## ", 1)[0]
    return [(match[0], match[1]) for match in re.findall(r"^```(\w*)\n(.*?)^```$", section, re.M | re.S)]


def test_the_documented_export_and_import_are_what_journeymap_writes(tmp_path):
    blocks = documented_blocks()
    documented_map = next(text for language, text in blocks if language == "yaml" and "Scans the shop" in text)
    exported = blocks[[text for _, text in blocks].index(documented_map) + 1][1]
    assert journey_diagram(journey_from_text(tmp_path, documented_map)) == exported
    diagram = next(text for language, text in blocks if language == "text" and "Gets the confirmation email: 5" in text)
    written = next(text for language, text in blocks if language == "yaml" and text.startswith("# yaml-language"))
    result = imported(tmp_path, diagram, name="boots.mmd")
    assert map_text(result.data, result.notes) == written
    typo = next(text for language, text in blocks if language == "text" and "Pays by card 4: Li" in text)
    shown = next(text for language, text in blocks if language == "text" and "$ journeymap import mermaid typo" in text)
    assert [f"{line}\n" for line in lines(imported(tmp_path, typo, name="typo.mmd"))] == shown.splitlines(True)[1:-1]


_DIAGRAM_PIECES = st.sampled_from(["journey", "title ", "section ", "accTitle: ", "accDescr {", "}", ":", "::", ",",
                                   ";", "#", "%%", "%%{init}%%", "\n", "  ", "---", "```mermaid", "```", "3", "x",
                                   "Pays", "é", "\u202e", "\t", "\r\n"])  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_DIAGRAM_PIECES, st.text(max_size=5)), max_size=40))
@example(["journey", " 0", "accTitle: ", "accTitle: ", "\x7f"])  # a control character in a name
def test_any_text_is_a_valid_map_or_problems_never_an_exception(pieces):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.mmd"
        path.write_bytes("".join(pieces).encode("utf-8", "surrogatepass"))
        result = read(path, "any.mmd", ImportOptions())
        assert result.data is not None or result.problems
        for problem in result.problems:
            assert problem.position.line >= 1 and problem.position.column >= 1
        if result.data is not None:  # a valid map, as the command writes it
            written = Path(folder) / "any.journey.yaml"
            written.write_text(map_text(result.data, result.notes), encoding="utf-8")
            journey_of(written)


# --- through the command line


def test_export_and_import_commands(journeymap, tree):
    tree({"maps/small.journey.yaml": SMALL, "bad.mmd": "journey\n  section A: b\n", "warn.mmd": "journey\n  A: 7\n"})
    exported = journeymap("export", "maps/small.journey.yaml", "--format", "mermaid")
    assert exported.exit_code == 0
    assert exported.stdout == journey_diagram(journey_of(Path("maps/small.journey.yaml")))
    assert journeymap("export", "maps", "--format", "mermaid", "--out-dir", "out").exit_code == 0
    assert Path("out/small.mmd").read_text(encoding="utf-8") == exported.stdout

    back = journeymap("import", "mermaid", "out/small.mmd", "-o", "maps/back.journey.yaml")
    assert (back.exit_code, back.stdout) == (0, "")
    before, after = (journey_of(Path(f"maps/{name}.journey.yaml")) for name in ("small", "back"))
    assert expressed(after) == expressed(before)

    bad = journeymap("import", "mermaid", "bad.mmd", "-o", "bad.journey.yaml")
    assert bad.exit_code == 1
    assert bad.lines == ["bad.mmd:2:12: error[JM033 mermaid-syntax]: ':' ends the section name 'A'; a section has no "
                         "score: write 'section A' on a line of its own, and its tasks below it"]  # fmt: skip
    assert not Path("bad.journey.yaml").exists()
    warned = journeymap("import", "mermaid", "warn.mmd", "-o", "warn.journey.yaml")
    assert warned.exit_code == 1
    assert warned.lines == ["warn.mmd:2:6: warning[JM032 import-cell]: the score 7 is outside Mermaid's 1 to 5; read "
                            "as 5 (emotion 2)"]  # fmt: skip
    assert "emotion: 2" in Path("warn.journey.yaml").read_text(encoding="utf-8")
