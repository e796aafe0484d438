"""`render --view blueprint`: the service blueprint's DOT: lanes, lines, actors, connectors, states, personas, bands."""

from __future__ import annotations

import itertools
import re
import textwrap

import pytest

from conftest import ROOT, needs
from test_format11 import HOSTILE as HOSTILE_MAPS
from test_render import HOSTILE, journey_of, position, svg_text, write_map
from test_render import nodes as statements
from journeymap.model import Duration
from journeymap.render import engines, theme
from journeymap.render.blueprintbands import bands_for
from journeymap.render.blueprintlanes import ACTOR, BODY, FILLS, NOTE, SMALL, TIME
from journeymap.render.blueprintview import blueprint_dot
from journeymap.render.durations import duration_text
from journeymap.render.mapview import map_dot
from journeymap.render.scope import for_persona
from journeymap.words import translations, words_for

# Two personas; every lane; actions with and without steps; a system a step uses; both states.
BRANCH = """\
journeymap: 1.1
title: Opening an account
objective: Open an account in one visit
personas:
  - {id: dana, name: Dana Reyes}
  - {id: omar, name: Omar Haddad}
touchpoints:
  - {id: desk, name: Branch desk, channel: office}
  - {id: app, name: Banking app, channel: mobile_app, state: future}
  - {id: fraud, name: Fraud check service, channel: other, lane: backstage}
  - {id: core, name: Core banking, channel: other, lane: backstage, owner: IT}
stages:
  - id: visit
    name: Visiting the branch
    steps:
      - {id: books, name: Books a visit online, persona: dana, wait: 3-5 weeks}
      - {id: shows-id, name: Shows his passport at the desk, persona: omar, touchpoints: [desk],
         moment_of_truth: true, physical_evidence: [Signed agreement, Welcome pack]}
      - {id: signs, name: Signs the agreement, touchpoints: [desk, core], duration: 10 min}
    frontstage:
      - {name: Scans the passport, actor: Branch adviser, touchpoints: [desk], steps: [shows-id]}
      - {name: Greets every visitor, actor: Greeter}
    backstage:
      - {name: Checks the passport against fraud lists, actor: Fraud team, touchpoints: [fraud],
         steps: [shows-id, signs]}
    support:
      - {name: Card bureau prints the card, actor: Card bureau}
  - id: start
    name: Getting started
    steps:
      - {id: opens-app, name: Opens the app for the first time, state: future, touchpoints: [app]}
      - {id: waits-letter, name: Waits for the PIN letter, state: current, wait: 5 days}
    frontstage:
      - {name: Calls to welcome the customer, actor: Adviser, steps: [waits-letter], state: current}
      - {name: Sends a welcome message in the app, actor: App team, steps: [opens-app], state: future}
"""
CARDS = {"evidence", "touchpoint", "step", "action", "system"}
_EDGE = re.compile(r"^  (\w+) -> (\w+) \[(.*)\];$", re.MULTILINE)
_POS = re.compile(r'pos="e,([-\d.]+),([-\d.]+) ([^"]*)"')


# ---------------------------------------------------------------- helpers


def label(attributes: dict[str, str]) -> str:
    """The text a node shows, its lines joined by spaces, as Graphviz reads the escapes in it."""
    text = re.sub(r"\\(.)", lambda match: "\n" if match[1] in "lnr" else match[1], attributes.get("label", ""))
    return " ".join(text.replace("&#34;", '"').replace("&amp;", "&").split("\n")).strip()


def nodes(dot: str) -> dict[str, dict[str, str]]:
    return {name: node for name, node in statements(dot).items() if name not in ("graph", "node", "edge")}


def blueprint(tmp_path, text: str = BRANCH, focus: str | None = None, state: str | None = None) -> str:
    journey, _ = journey_of(write_map(tmp_path, text))
    return blueprint_dot(journey, "m.journey.yaml", focus, state)


def texts(dot: str) -> list[str]:
    return [label(attributes) for attributes in nodes(dot).values() if attributes.get("label")]


def card_showing(dot: str, text: str) -> str:
    """The card whose first text is `text`."""
    found = [name.removesuffix("_in_t0") for name, attributes in nodes(dot).items()
             if name.endswith("_in_t0") and label(attributes) == text]  # fmt: skip
    assert len(found) == 1, (text, found)
    return found[0]


def box(attributes: dict[str, str]) -> tuple[float, float, float, float]:
    """A node's left, top, right and bottom on the page."""
    x, y = position(attributes)
    w, h = float(attributes["width"]) * 72, float(attributes["height"]) * 72
    return x - w / 2, y - h / 2, x + w / 2, y + h / 2


def edges(dot: str) -> list[tuple[str, str, list[tuple[float, float]]]]:
    """Each connector: tail, head, and its route on the page, from the tail to the arrow's tip."""
    found = []
    for tail, head, attributes in _EDGE.findall(dot):
        tip_x, tip_y, spline = _POS.search(attributes).groups()
        points = [(float(x), -float(y)) for x, y in (point.split(",") for point in spline.split())]
        found.append((tail, head, [*points, (float(tip_x), -float(tip_y))]))
    return found


def links(dot: str) -> dict[str, set[str]]:
    """The first text of each card that has connectors -> the first texts of the cards they reach."""
    shown = nodes(dot)
    result: dict[str, set[str]] = {}
    for tail, head, _ in edges(dot):
        result.setdefault(label(shown[f"{tail}_in_t0"]), set()).add(label(shown[f"{head}_in_t0"]))
    return result


def lane_spans(dot: str, band: int = 0) -> dict[str, tuple[float, float]]:
    """Each lane drawn in the band: its top and bottom, from its label in the gutter."""
    spans = {}
    for name, attributes in nodes(dot).items():
        match = re.fullmatch(rf"lane_(\w+?)_{band}", name)
        if match:
            _, top, _, bottom = box(attributes)
            spans[match[1]] = (top, bottom)
    return spans


def line_heights(dot: str, band: int = 0) -> dict[str, float]:
    return {name.split("_")[1]: box(attributes)[3] for name, attributes in nodes(dot).items()
            if re.fullmatch(rf"line_[a-z]+_{band}", name)}  # fmt: skip


def size(dot: str) -> tuple[float, float]:
    boxes = [box(attributes) for attributes in nodes(dot).values()]
    return max(b[2] for b in boxes) - min(b[0] for b in boxes), max(b[3] for b in boxes) - min(b[1] for b in boxes)


def long_map(stages: int, phases: tuple[int, ...] = (), steps: int = 3) -> str:
    """A map of `stages` stages of `steps` steps, a frontstage action serving the first; `phases`: their lengths."""
    lines = ["journeymap: 1.1", "title: Long", "personas: [{id: maya, name: Maya}]"]
    if phases:
        lines += ["phases:"] + [f"  - {{id: p{index}, name: Phase {index}}}" for index in range(len(phases))]
    owner = [index for index, length in enumerate(phases) for _ in range(length)]
    lines.append("stages:")
    for index in range(stages):
        lines += [f"  - id: s{index}", f"    name: Stage {index}"]
        lines += [f"    phase: p{owner[index]}"] if phases else []
        lines += ["    steps:"] + [f"      - {{id: s{index}-{n}, name: Step {n} of {index}}}" for n in range(steps)]
        lines += ["    frontstage:", f"      - {{name: Helps {index}, actor: Staff, steps: [s{index}-0]}}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- lanes and lines


def test_the_lanes_run_from_evidence_to_support_with_the_three_lines_between_them(tmp_path):
    dot = blueprint(tmp_path)
    spans = lane_spans(dot)
    assert sorted(spans, key=lambda lane: spans[lane][0]) == ["evidence", "customer", "frontstage", "backstage",
                                                              "support"]  # fmt: skip
    lines = line_heights(dot)
    assert spans["customer"][1] < lines["interaction"] < spans["frontstage"][0]
    assert spans["frontstage"][1] < lines["visibility"] < spans["backstage"][0]
    assert spans["backstage"][1] < lines["internal"] < spans["support"][0]
    shown = nodes(dot)
    assert [label(shown[f"line_{key}_0_label"]) for key in ("interaction", "visibility", "internal")] == [
        "LINE OF INTERACTION", "LINE OF VISIBILITY", "LINE OF INTERNAL INTERACTION"]  # fmt: skip
    assert [shown[f"line_{key}_0"]["style"] for key in ("interaction", "visibility", "internal")] == [
        "solid", "dashed", "dotted"]  # told apart without their labels too  # fmt: skip
    assert [label(shown[f"lane_{key}_0_title"]) for key in spans] == [
        "Physical evidence", "Customer actions", "Frontstage", "Backstage", "Support processes"]  # fmt: skip


def test_every_action_says_who_performs_it_and_what_it_uses(tmp_path):
    dot = blueprint(tmp_path)
    shown = nodes(dot)
    scans = card_showing(dot, "Scans the passport")
    assert shown[scans]["class"] == "action"
    assert [label(shown[f"{scans}_in_t{n}"]) for n in (1, 2)] == ["by Branch adviser", "▸ Branch desk"]
    checks = card_showing(dot, "Checks the passport against fraud lists")
    assert label(shown[f"{checks}_in_t1"]) == "by Fraud team"
    assert checks.startswith("backstage_0_")
    assert card_showing(dot, "Card bureau prints the card").startswith("support_0_")


def test_connectors_join_each_action_to_the_steps_it_names_and_no_others(tmp_path):
    dot = blueprint(tmp_path)
    assert links(dot) == {
        "Scans the passport": {"Shows his passport at the desk"},
        "Checks the passport against fraud lists": {"Shows his passport at the desk", "Signs the agreement"},
        "Core banking": {"Signs the agreement"},  # a system a step uses, linked to that step
        "Calls to welcome the customer": {"Waits for the PIN letter"},
        "Sends a welcome message in the app": {"Opens the app for the first time"},
    }  # "Greets every visitor" and "Card bureau prints the card" name no steps


def test_connectors_are_straight_segments_that_cross_no_other_card(tmp_path):
    dot = blueprint(tmp_path)
    shown = nodes(dot)
    cards = {name: box(attributes) for name, attributes in shown.items() if attributes["class"] in CARDS}
    assert edges(dot)
    for tail, head, route in edges(dot):
        corners = list(dict.fromkeys(route))
        assert all(a[0] == b[0] or a[1] == b[1] for a, b in itertools.pairwise(corners))  # horizontal or vertical
        assert route[0][0] == pytest.approx(cards[tail][2], abs=0.01)  # from the card's edge
        edge = box(shown.get(f"{head}_mot", shown[head]))[2]
        assert route[-1][0] == pytest.approx(edge + 1, abs=0.01)  # to the step's, or its gold frame's
        assert box(shown[head])[1] < route[-1][1] < box(shown[head])[3] and route[-1][1] < route[0][1]  # upwards
        for name, (left, top, right, bottom) in cards.items():
            if name in (tail, head):
                continue
            for (x1, y1), (x2, y2) in itertools.pairwise(corners):
                apart = max(x1, x2) <= left or min(x1, x2) >= right or max(y1, y2) <= top or min(y1, y2) >= bottom
                assert apart, (tail, head, name)


def test_a_lane_nothing_fills_is_left_out_with_the_lines_that_then_separate_nothing(tmp_path):
    frontstage_only = BRANCH.split("    backstage:")[0].replace("[desk, core]", "[desk]") + "\n"
    spans = lane_spans(dot := blueprint(tmp_path, frontstage_only))
    assert list(spans) == ["evidence", "customer", "frontstage"]
    assert list(line_heights(dot)) == ["interaction"]
    support_only = """\
journeymap: 1.1
title: Support only
stages:
  - id: one
    name: One
    steps: [Waits]
    support:
      - {name: A partner ships the parts, actor: Partner}
"""
    dot = blueprint(tmp_path, support_only)
    assert list(lane_spans(dot)) == ["customer", "support"]  # no evidence: no touchpoint either
    lines = line_heights(dot)
    assert sorted(lines, key=lines.get) == ["interaction", "visibility", "internal"]  # all three lie between
    assert lane_spans(dot)["customer"][1] < min(lines.values()) and max(lines.values()) < lane_spans(dot)["support"][0]


def test_an_empty_cell_stays_a_light_cell_as_tall_as_the_fullest_cell_of_its_lane(tmp_path):
    dot = blueprint(tmp_path)
    shown = nodes(dot)
    cells = [box(shown[f"support_cell{index}"]) for index in (0, 1)]
    assert shown["support_cell1"]["fillcolor"] == theme.CELL
    assert not any(name.startswith("support_1_") for name in shown)
    assert cells[0][1] == cells[1][1] and cells[0][3] == cells[1][3]
    card = box(shown[card_showing(dot, "Card bureau prints the card")])
    assert cells[0][3] - card[3] == pytest.approx(6, abs=0.01)  # the lane ends a padding below its one card


def test_a_map_without_blueprint_actions_draws_its_customer_actions_and_evidence(tmp_path):
    for example in ("shoe-shop", "patinete-electrico"):
        journey, _ = journey_of(ROOT / "examples" / f"{example}.journey.yaml")
        dot = blueprint_dot(journey, "x")
        assert "customer" in lane_spans(dot) and "evidence" in lane_spans(dot)
        assert not any(node["class"] == "action" for node in nodes(dot).values())


@pytest.mark.parametrize("example", sorted(path.name for path in (ROOT / "examples").glob("*.journey.yaml")))
@pytest.mark.parametrize("state", [None, "current", "future"])
def test_every_example_draws_in_every_state(example, state):
    journey, _ = journey_of(ROOT / "examples" / example)
    assert blueprint_dot(journey, example, None, state).startswith("// journeymap blueprint view")


# ---------------------------------------------------------------- steps: numbers, moments, waits, evidence


def test_steps_are_numbered_as_in_the_map_view(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, BRANCH))

    def numbered(dot: str, disc: str) -> dict[str, str]:
        shown = nodes(dot)
        return {label(shown[name.removesuffix(disc) + disc.replace("_n", "_t0")]): label(attributes)
                for name, attributes in shown.items() if attributes["class"] == "step-number"
                and name.endswith(disc) and name.removesuffix(disc) + disc.replace("_n", "_t0") in shown}  # fmt: skip

    steps = numbered(blueprint_dot(journey, "m"), "_in_n")
    steps = {text: number for text, number in steps.items() if text in {s.name for _, s in journey.steps()}}
    assert steps == numbered(map_dot(journey, "m"), "_n")
    assert list(steps.values()) == ["1", "2", "3", "4", "5"]


def test_a_moment_of_truth_has_a_gold_frame_and_says_so(tmp_path):
    dot = blueprint(tmp_path)
    shown = nodes(dot)
    card = card_showing(dot, "Shows his passport at the desk")
    assert shown[f"{card}_mot"]["color"] == theme.MOMENT_OF_TRUTH
    assert label(shown[f"{card}_in_b0t"]) == "★ MOMENT OF TRUTH"
    assert not any(name.endswith("_mot") and name != f"{card}_mot" for name in shown)


def test_waits_and_durations_are_written_under_the_step(tmp_path):
    dot = blueprint(tmp_path)
    shown = nodes(dot)
    assert label(shown[f"{card_showing(dot, 'Books a visit online')}_in_t1"]) == "wait 3-5 weeks"
    assert label(shown[f"{card_showing(dot, 'Signs the agreement')}_in_t1"]) == "takes 10 min"


def test_physical_evidence_tops_its_step_and_a_stage_without_any_shows_its_touchpoints(tmp_path):
    dot = blueprint(tmp_path)
    shown = nodes(dot)
    evidence = [name for name, attributes in shown.items() if attributes["class"] == "evidence"]
    assert evidence == ["evidence_0_0"]
    assert [label(shown[f"evidence_0_0_in_t{n}"]) for n in (0, 1)] == ["Signed agreement", "Welcome pack"]
    assert label(shown["evidence_0_0_in_n"]) == "2"  # the number of the step it belongs to
    assert [label(shown[f"{name}_in_t0"]) for name, a in shown.items() if a["class"] == "touchpoint"] == ["Banking app"]


# ---------------------------------------------------------------- states


def test_with_both_states_future_elements_are_dashed_and_say_so_and_current_ones_too(tmp_path):
    dot = blueprint(tmp_path)
    shown = nodes(dot)
    future = card_showing(dot, "Sends a welcome message in the app")
    assert shown[future]["style"] == "filled,dashed" and shown[future]["color"] == theme.FUTURE
    assert label(shown[f"{future}_in_b0t"]) == "FUTURE"
    current = card_showing(dot, "Calls to welcome the customer")
    assert shown[current]["style"] == "filled" and label(shown[f"{current}_in_b0t"]) == "REMOVED"  # as in every view
    connector = next(attributes for tail, _, attributes in _EDGE.findall(dot) if tail == future)
    assert 'style="dashed"' in connector


@pytest.mark.parametrize(("state", "kept", "gone"), [
    ("current", "Waits for the PIN letter", "Opens the app for the first time"),
    ("future", "Opens the app for the first time", "Waits for the PIN letter"),
])  # fmt: skip
def test_one_state_alone_draws_only_its_elements(tmp_path, state, kept, gone):
    dot = blueprint(tmp_path, state=state)
    shown = [label(node) for name, node in nodes(dot).items() if node.get("label") and name != "state_badge_text"]
    assert kept in shown and gone not in shown
    assert ("Sends a welcome message in the app" in shown) == (state == "future")
    assert ("Banking app" in shown) == (state == "future")
    assert "FUTURE" not in shown and "CURRENT" not in shown
    assert ("NEW" in shown) == (state == "future")  # in the future alone, what the change adds
    assert label(nodes(dot)["state_badge_text"]) == f"{state.upper()} STATE"
    assert "service blueprint · " + state.capitalize() in label(nodes(dot)["footer"])


# ---------------------------------------------------------------- personas


def test_steps_carry_the_marks_of_the_personas_who_take_them(tmp_path):
    dot = blueprint(tmp_path)
    shown = nodes(dot)

    def marks(text: str) -> list[tuple[str, str]]:
        card = card_showing(dot, text)
        return [(shown[f"{card}_p{n}"]["shape"], shown[f"{card}_p{n}"]["fillcolor"])
                for n in range(3) if f"{card}_p{n}" in shown]  # fmt: skip

    dana, omar = (theme.PERSONA_SHAPES[0], theme.PERSONAS[0]), (theme.PERSONA_SHAPES[1], theme.PERSONAS[1])
    assert marks("Books a visit online") == [dana]
    assert marks("Shows his passport at the desk") == [omar]
    assert marks("Signs the agreement") == [dana, omar]  # no persona named: everyone's
    assert [(shown[f"legend_{n}"]["shape"], label(shown[f"legend_{n}_name"])) for n in (0, 1)] == [
        ("circle", "Dana Reyes"), ("box", "Omar Haddad")]  # fmt: skip


@pytest.mark.parametrize("narrowed", [False, True])  # called alone, and as the pipeline calls it
def test_a_persona_in_focus_keeps_its_steps_and_the_actions_that_serve_them(tmp_path, narrowed):
    journey, _ = journey_of(write_map(tmp_path, BRANCH))
    dot = blueprint_dot(for_persona(journey, "dana") if narrowed else journey, "m", "dana")
    shown = texts(dot)
    assert "Books a visit online" in shown and "Signs the agreement" in shown
    assert "Shows his passport at the desk" not in shown
    assert "Scans the passport" not in shown  # it serves only Omar's step
    assert "Greets every visitor" in shown  # it names no step: it serves everyone
    assert links(dot)["Checks the passport against fraud lists"] == {"Signs the agreement"}
    assert not any(name.startswith("legend_0") and node["class"] == "persona-mark" for name, node in nodes(dot).items())
    assert not any(node["class"] == "persona-mark" for node in nodes(dot).values())  # one persona: no marks
    assert label(nodes(dot)["title"]) == "Opening an account — Dana Reyes"


def test_a_step_of_a_stage_a_persona_skips_is_not_theirs(tmp_path):
    text = BRANCH.replace("    name: Getting started\n", "    name: Getting started\n    personas: [omar]\n")
    dot = blueprint(tmp_path, text, focus="dana")
    assert "Getting started" not in texts(dot) and "Waits for the PIN letter" not in texts(dot)


# ---------------------------------------------------------------- long maps


def test_a_long_map_wraps_into_bands_that_repeat_the_lane_labels_and_print(tmp_path):
    dot = blueprint(tmp_path, long_map(16))
    shown = nodes(dot)
    labels = [name for name in shown if re.fullmatch(r"lane_[a-z]+_\d+", name)]
    assert labels == [f"lane_{lane}_{start}" for start in (0, 6, 11) for lane in ("customer", "frontstage")]
    for start, previous in ((6, 0), (11, 6)):  # each band starts on the left, below the one before
        assert position(shown[f"stage_{start}"])[0] == position(shown["stage_0"])[0]
        assert box(shown[f"stage_{start}"])[1] > box(shown[f"lane_frontstage_{previous}"])[3]
        assert set(line_heights(dot, start)) == {"interaction"}
    width, height = size(dot)
    assert 1 <= width / height <= 3  # two bands of 8 would be 3.5 times as wide as tall
    assert len(links(dot)) == 16  # every column keeps its connector


def test_a_shorter_map_is_one_band_unless_it_would_be_too_wide_to_print(tmp_path):
    def band_starts(text: str) -> list[int]:
        return sorted(int(name.rsplit("_", 1)[1]) for name in nodes(blueprint(tmp_path, text))
                      if re.fullmatch(r"lane_customer_\d+", name))  # fmt: skip

    assert band_starts(long_map(14, steps=30)) == [0]  # 30 steps a stage: tall enough to print
    assert band_starts(long_map(14, steps=1)) == [0, 5, 10]  # one step a stage: 3 bands keep it within 3:1
    assert band_starts(long_map(8, steps=1)) == [0]  # a band is 8 stages
    assert bands_for([]) == []


@pytest.mark.parametrize(("phases", "bands"), [
    ((), [8, 8]),
    ((6, 5, 4), [6, 5, 4]),  # one band per phase rather than two that split one
    ((4, 4, 4, 4), [8, 8]),
    ((10, 10), [7, 7, 6]),  # phases too long for one band break inside, as few times as they must
    ((3, 3, 3, 3, 3, 3, 3, 3), [6, 6, 6, 6]),
])  # fmt: skip
def test_bands_break_at_phase_boundaries_where_they_can(tmp_path, phases, bands):
    journey, _ = journey_of(write_map(tmp_path, long_map(sum(phases) or 16, phases)))
    assert [len(band) for band in bands_for(journey.stages)] == bands


def test_phases_are_drawn_over_their_stages_in_each_band(tmp_path):
    dot = blueprint(tmp_path, long_map(15, (6, 5, 4)))
    shown = nodes(dot)
    assert [label(shown[f"phase_{start}_name"]) for start in (0, 6, 11)] == ["Phase 0", "Phase 1", "Phase 2"]


# ---------------------------------------------------------------- words and hostile text


SPANISH = """\
journeymap: 1.1
title: Abrir una cuenta
objective: Abrir la cuenta en una sola visita
locale: es
personas:
  - {id: ana, name: Ana Ruiz}
  - {id: luis, name: Luis Gil}
touchpoints:
  - {id: mostrador, name: Mostrador de la oficina, channel: office}
  - {id: correo, name: Correo de bienvenida, channel: email, state: future}
  - {id: nucleo, name: Sistema central, channel: other, lane: backstage, owner: Sistemas}
stages:
  - id: visita
    name: Visita a la oficina
    kind: application
    moment_of_truth: true
    steps:
      - {id: pide-cita, name: Pide cita por teléfono, persona: ana, wait: 3-5 weeks, duration: 10 min,
         moment_of_truth: true, state: current, touchpoints: [nucleo]}
      - {id: firma, name: Firma el contrato, touchpoints: [mostrador], physical_evidence: [Contrato firmado]}
      - {name: Recibe un correo, state: future, replaces: [pide-cita], touchpoints: [correo]}
    frontstage:
      - {name: Comprueba el DNI, actor: Gestora, touchpoints: [mostrador], steps: [firma], duration: 5 min}
    backstage:
      - {name: Revisa listas de fraude, actor: Equipo de fraude, state: future, steps: [firma]}
    support:
      - {name: Imprime la tarjeta, actor: Proveedor}
  - id: uso
    name: Primeros días
    kind: usage
    state: future
    steps: [Entra en la app]
"""


def _english_patterns() -> list[re.Pattern[str]]:
    """Every built-in English word or phrase that Spanish writes differently, as a pattern."""
    english, spanish = translations("en"), translations("es")
    patterns = []
    for key, text in english.items():
        if key.startswith(("number.", "rule.")) or key == "language" or spanish.get(key) == text:
            continue
        parts = [re.escape(part) for part in re.split(r"\{\w+\}", text)]
        patterns.append(re.compile(r"(?<!\w)" + ".+".join(parts) + r"(?!\w)", re.IGNORECASE))
    return patterns


@pytest.mark.parametrize("state", [None, "future"])
def test_a_spanish_map_has_no_english_word_left(tmp_path, state):
    dot = blueprint(tmp_path, SPANISH, state=state)
    shown = texts(dot)
    assert len(shown) > 40
    english = _english_patterns()
    left = [(text, pattern.pattern) for text in shown for pattern in english if pattern.search(text)]
    assert left == []
    for spanish in ("Evidencia física", "Acciones del cliente", "Escenario", "Trastienda", "Procesos de soporte",
                    "LÍNEA DE INTERACCIÓN", "LÍNEA DE VISIBILIDAD", "LÍNEA DE INTERACCIÓN INTERNA",
                    "★ MOMENTO DE LA VERDAD", "por Gestora", "dura 5 min", "OBJETIVO", "SOLICITUD"):  # fmt: skip
        assert spanish in shown, spanish
    if state is None:
        assert "espera 3-5 semanas · dura 10 min" in shown and "sustituye a #1" in shown
        assert "FUTURO" in shown and "SUPRIMIDO" in shown
    else:
        assert "NUEVO" in shown and "SITUACIÓN FUTURA" in shown  # the state badge in the header


HOSTILE_BLUEPRINT = r"""
journeymap: 1.1
title: 'Hostile "blueprint" <b> & &amp; \N'
touchpoints:
  - {id: pos, name: 'Till <pos> & "card" \l', channel: store}
stages:
  - id: one
    name: '{a|b} \ stage'
    steps:
      - {id: pays, name: 'Pays "cash" <script>', touchpoints: [pos], physical_evidence: ['Receipt <pdf> & "copy" \n'],
         wait: 2 min}
    frontstage:
      - {name: 'Rings up "it" & \\ more', actor: 'Ops {team} | \N', steps: [pays], touchpoints: [pos]}
"""
HOSTILE_TEXTS = ['Hostile "blueprint" <b> & &amp; \\N', '{a|b} \\ stage', 'Pays "cash" <script>',
                 'Receipt <pdf> & "copy" \\n', 'Rings up "it" & \\\\ more', 'by Ops {team} | \\N',
                 '▸ Till <pos> & "card" \\l']  # fmt: skip


def test_hostile_text_stays_literal_in_the_dot(tmp_path):
    shown = texts(blueprint(tmp_path, HOSTILE_BLUEPRINT))
    for text in HOSTILE_TEXTS:
        assert text in shown, text
    journey, _ = journey_of(HOSTILE)
    shown = texts(blueprint_dot(journey, HOSTILE.name))
    for text in ('Types "black boots" <script>alert(1)</script>', "line\\nbreak stays literal; so does \\\\ and \\l",
                 'Site <web> & "shop"', "ERP \\ backend } {", "ليلى 👩‍💼 Haddad",
                 "بحث 🔎 Search"):  # fmt: skip
        assert text in shown, text


@pytest.mark.parametrize("engine_name", ["system", "embedded"])
def test_hostile_text_is_drawn_literally_by_both_engines(tmp_path, engine_name):
    if engine_name == "system":
        needs("dot")
    svg = engines.Engine(engine_name).draw(blueprint(tmp_path, HOSTILE_BLUEPRINT), "svg")
    shown = svg_text(svg)
    for text in HOSTILE_TEXTS:
        assert text in shown, text


@pytest.mark.parametrize("text", HOSTILE_MAPS.values(), ids=HOSTILE_MAPS.keys())
def test_hostile_maps_draw_in_every_state_and_for_their_persona(tmp_path, text):
    journey, _ = journey_of(write_map(tmp_path, textwrap.dedent(text)))
    for focus in (None, *(["a"] if journey.persona("a") else [])):
        for state in (None, "current", "future"):
            assert blueprint_dot(journey, "m", focus, state).endswith("}\n")


def test_an_action_serving_a_step_of_another_stage_names_its_number(tmp_path):
    dot = blueprint(tmp_path, textwrap.dedent(HOSTILE_MAPS["stages that lead to themselves"]))
    action = card_showing(dot, "X")
    assert label(nodes(dot)[f"{action}_in_t1"]) == "for #1" and not edges(dot)  # no connector out of its column


def test_nothing_left_in_a_state_still_draws_the_header_and_footer(tmp_path):
    dot = blueprint(tmp_path, textwrap.dedent(HOSTILE_MAPS["a future map of current elements only"]), state="future")
    assert not lane_spans(dot) and not any(name.startswith("stage_") for name in nodes(dot))
    assert label(nodes(dot)["title"]) == "Nothing left" and "footer" in nodes(dot)


# ---------------------------------------------------------------- the command


def test_render_view_blueprint_writes_the_blueprint_of_each_state(journeymap, tree):
    tree({"m.journey.yaml": BRANCH})
    result = journeymap("render", "m.journey.yaml", "--view", "blueprint", "--state", "future", "-f", "dot")
    assert result.exit_code == 0, result.stdout
    dot = (tree({}) / "m.journey.blueprint.future.dot").read_text(encoding="utf-8")
    assert dot.startswith("// journeymap blueprint view") and "Waits for the PIN letter" not in dot
    result = journeymap("render", "m.journey.yaml", "--view", "blueprint", "--persona", "omar", "-f", "dot")
    assert result.exit_code == 0, result.stdout
    dot = (tree({}) / "m.journey.blueprint.omar.dot").read_text(encoding="utf-8")
    assert "Shows his passport at the desk" in dot and "Books a visit online" not in dot


def test_every_text_colour_meets_wcag_aa_on_what_it_is_drawn_on():
    fills = [fill for fill, _ in FILLS.values()] + list(set(theme.CHANNEL_FILL.values()))
    for font in (BODY, ACTOR, SMALL, TIME, NOTE):
        assert all(theme.contrast(font.color, fill) >= 4.5 for fill in fills), font
    tints = [theme.mix(color, "#ffffff", 0.87) for color in (*theme.PHASES, theme.NAVY)]
    assert all(theme.contrast(theme.LANE_LABEL, tint) >= 4.5 and theme.contrast(theme.INK, tint) >= 4.5
               for tint in tints)  # a stage's kind and name on its heading  # fmt: skip
    for badge in (theme.FUTURE, theme.MUTED, theme.MOMENT_OF_TRUTH, *theme.PHASES):
        assert theme.contrast("#ffffff", badge) >= 4.5


@pytest.mark.parametrize(("written", "english", "spanish"), [
    ("3-5 weeks", "3-5 weeks", "3-5 semanas"),
    ("1 week", "1 week", "1 semana"),
    ("1.5 h", "1.5 h", "1,5 h"),
    ("10 minutes", "10 min", "10 min"),
    ("2 s", "2 s", "2 s"),
    ("1d", "1 day", "1 día"),
    ("2 mo", "2 months", "2 meses"),
    ("1-2 years", "1-2 years", "1-2 años"),
    ("9" * 400 + " y", "9" * 400 + " years", "9" * 400 + " años"),  # too long to read as a number: as written
])  # fmt: skip
def test_durations_are_written_in_the_maps_language(written, english, spanish):
    duration = Duration.parse(written)
    assert (duration_text(duration, words_for("en")), duration_text(duration, words_for("es"))) == (english, spanish)
