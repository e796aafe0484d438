"""The map view of format 1.1: a curve per persona, current against future, --persona and --state,
moments of truth, exits, loops, and the stage headings' polish."""

from __future__ import annotations

import re
import textwrap

import pytest

from test_render import journey_of, label, nodes, position, write_map
from journeymap.emotions import readings_for
from journeymap.model import Journey
from journeymap.render import emotion, theme
from journeymap.render.mapview import map_dot
from journeymap.render.scope import for_persona, for_state

SEGMENT = re.compile(r'^  (\w+) -> (\w+) \[color="(#[0-9a-f]{6})", penwidth="([\d.]+)"(, style="dashed")?', re.MULTILINE)


def draw(tmp_path, text: str, **options) -> tuple[str, dict[str, dict[str, str]]]:
    journey, _ = journey_of(write_map(tmp_path, textwrap.dedent(text).lstrip()))
    dot = map_dot(journey, "m.journey.yaml", **options)
    return dot, nodes(dot)


def segments(dot: str) -> list[tuple[str, str, str, bool]]:
    return [(tail, head, color, bool(dashed)) for tail, head, color, _, dashed in SEGMENT.findall(dot)]


def neutral(all_nodes, suffix: str = "") -> float:
    return position(all_nodes[f"emotion_level2{suffix}"])[1] + 1  # the bottom edge of the dashed neutral line


def heights(all_nodes, names, unit=emotion.UNIT, suffix=""):
    """Each point's score, read back from its height above the neutral line."""
    zero = neutral(all_nodes, suffix)
    return [round((zero - position(all_nodes[name])[1]) / unit, 6) for name in names]


def shown(all_nodes) -> str:
    return " | ".join(label(attributes) for attributes in all_nodes.values() if label(attributes))


# Ana goes through the office alone; both fill in the form, feeling the same; Ben phones; the last stage
# has no step readings: its own are everyone's (0) and Ben's (+2).
PAIR = """
journeymap: 1.1
title: Two applicants
personas:
  - {id: ana, name: Ana Ruiz}
  - {id: ben, name: Ben Cole}
stages:
  - id: office
    name: At the office
    personas: [ana]
    steps:
      - {name: Queues at the desk, emotion: -2}
  - id: home
    name: At home
    steps:
      - name: Both fill in the form
        emotions: [{persona: ana, emotion: 1}, {persona: ben, emotion: 1}]
      - {name: Ben phones the helpline, persona: ben, emotion: -1}
  - id: after
    name: Afterwards
    emotion: 0
    emotions: [{persona: ben, emotion: 2}]
"""


# ---------------------------------------------------------------- a curve per persona


def test_each_persona_has_a_curve_of_its_own_steps_in_order_at_the_height_of_its_score(tmp_path):
    dot, all_nodes = draw(tmp_path, PAIR)
    ana = [name for name in all_nodes if re.fullmatch(r"curve_p0_\d+", name)]
    ben = [name for name in all_nodes if re.fullmatch(r"curve_p1_\d+", name)]
    assert (ana, ben) == (["curve_p0_0", "curve_p0_1", "curve_p0_2"], ["curve_p1_0", "curve_p1_1", "curve_p1_2"])
    assert [label(all_nodes[name]) for name in ana + ben] == ["1", "2", "", "2", "3", ""]  # step numbers
    assert heights(all_nodes, ana) == [-2, 1, 0]  # the last stage: everyone's reading
    assert heights(all_nodes, ben) == [1, -1, 2]  # the last stage: Ben's own
    for name in ana + ben:
        assert all_nodes[name]["class"] == "curve-point"
    assert {all_nodes[name]["fillcolor"] for name in ana} == {theme.PERSONAS[0]}
    assert {all_nodes[name]["fillcolor"] for name in ben} == {theme.PERSONAS[1]}
    assert {all_nodes[name]["shape"] for name in ana} == {theme.PERSONA_SHAPES[0]}
    assert {all_nodes[name]["shape"] for name in ben} == {theme.PERSONA_SHAPES[1]}
    assert segments(dot) == [
        ("curve_p0_0", "curve_p0_1", theme.PERSONAS[0], False),
        ("curve_p0_1", "curve_p0_2", theme.PERSONAS[0], False),
        ("curve_p1_0", "curve_p1_1", theme.PERSONAS[1], False),
        ("curve_p1_1", "curve_p1_2", theme.PERSONAS[1], False),
    ]


def test_two_personas_with_the_same_score_at_a_step_are_both_visible_side_by_side(tmp_path):
    _, all_nodes = draw(tmp_path, PAIR)
    (ana_x, ana_y), (ben_x, ben_y) = position(all_nodes["curve_p0_1"]), position(all_nodes["curve_p1_0"])
    assert ana_y == ben_y  # both +1 at step 2
    assert ben_x - ana_x == pytest.approx(emotion.SPREAD)  # apart by more than a point's radius: numbers show
    assert emotion.SPREAD > emotion.RADIUS
    column = all_nodes["steps_cell1"]
    left, right = position(column)[0] - 103, position(column)[0] + 103
    assert left < ana_x < ben_x < right
    assert position(all_nodes["curve_p1_1"])[0] > ben_x  # step 3 after step 2 in the same column
    # a stage's own readings in the middle of its column, the personas either side
    middle = position(all_nodes["steps_cell2"])[0]
    assert (position(all_nodes["curve_p0_2"])[0], position(all_nodes["curve_p1_2"])[0]) == pytest.approx(
        (middle - emotion.SPREAD / 2, middle + emotion.SPREAD / 2))  # fmt: skip


def test_the_legend_names_each_persona_with_its_colour_and_shape(tmp_path):
    _, all_nodes = draw(tmp_path, PAIR)
    legend = sorted(name for name in all_nodes if name.startswith("legend_"))
    assert legend == ["legend_0_0", "legend_0_0_text", "legend_0_1", "legend_0_1_text"]
    assert [label(all_nodes[f"legend_0_{i}_text"]) for i in (0, 1)] == ["Ana Ruiz", "Ben Cole"]
    assert [(all_nodes[f"legend_0_{i}"]["shape"], all_nodes[f"legend_0_{i}"]["fillcolor"]) for i in (0, 1)] == [
        (theme.PERSONA_SHAPES[0], theme.PERSONAS[0]), (theme.PERSONA_SHAPES[1], theme.PERSONAS[1])]  # fmt: skip
    assert all(position(all_nodes[name])[1] < position(all_nodes["emotion_level4"])[1] for name in legend)  # above +2


def test_step_cards_carry_the_marks_of_the_personas_who_take_them(tmp_path):
    _, all_nodes = draw(tmp_path, PAIR)
    # step 1 is Ana's (its stage's), step 3 Ben's; step 2 is everyone's: no marks
    assert [all_nodes[f"steps_0_0_mark{i}"]["shape"] for i in (0,)] == [theme.PERSONA_SHAPES[0]]
    assert all_nodes["steps_0_0_stripe0"]["fillcolor"] == theme.PERSONAS[0]
    assert all_nodes["steps_1_1_mark0"]["fillcolor"] == theme.PERSONAS[1]
    assert not [name for name in all_nodes if name.startswith("steps_1_0_mark")]
    # the persona cards in the header: the same colour and shape
    assert (all_nodes["persona_0_mark0"]["shape"], all_nodes["persona_0_mark0"]["fillcolor"]) == (
        theme.PERSONA_SHAPES[0], theme.PERSONAS[0])  # fmt: skip
    assert (all_nodes["persona_1_mark0"]["shape"], all_nodes["persona_1_stripe0"]["fillcolor"]) == (
        theme.PERSONA_SHAPES[1], theme.PERSONAS[1])  # fmt: skip


def test_a_step_of_several_personas_shows_each_ones_mark(tmp_path):
    text = PAIR.replace("  - {id: ben, name: Ben Cole}", "  - {id: ben, name: Ben Cole}\n  - {id: cy, name: Cy}")
    text = text.replace("      - name: Both fill in the form", "      - name: Both fill in the form\n        personas: [ana, ben]")
    _, all_nodes = draw(tmp_path, text)
    marks = [all_nodes[f"steps_1_0_mark{i}"] for i in (0, 1)]
    assert [(m["shape"], m["fillcolor"]) for m in marks] == list(zip(theme.PERSONA_SHAPES[:2], theme.PERSONAS[:2]))
    assert "steps_1_0_mark2" not in all_nodes
    assert position(marks[0])[1] < position(marks[1])[1]  # one above the other down the card's edge


def test_one_feeling_for_all_or_a_format_1_map_keeps_one_curve_in_the_emotion_ramp(tmp_path):
    one = """
        journeymap: 1
        title: Same for all
        personas: [{id: ana, name: Ana}, {id: ben, name: Ben}]
        stages:
          - id: s
            name: S
            steps: [{name: A, emotion: -2}, {name: B, emotion: 2}]
    """
    format_1 = one.replace("{name: A, emotion: -2}", "{name: A, persona: ana, emotion: -2}")  # its steps' own
    for text in (one, format_1, one.replace("journeymap: 1", "journeymap: 1.1")):
        dot, all_nodes = draw(tmp_path, text)
        assert [name for name in all_nodes if name.startswith("curve_")] == ["curve_0", "curve_1"]
        assert [all_nodes[f"curve_{i}"]["fillcolor"] for i in (0, 1)] == [theme.emotion_color(v) for v in (-2, 2)]
        assert segments(dot) == [("curve_0", "curve_1", theme.emotion_color(0), False)]
        assert not [name for name in all_nodes if name.startswith("legend_")]
    assert all_nodes["steps_0_0_n"]["fillcolor"] == theme.emotion_color(-2)  # the step's number: its emotion


def test_more_than_three_curves_get_a_strip_per_persona_their_steps_aligned(tmp_path):
    four = PAIR.replace("  - {id: ben, name: Ben Cole}", "  - {id: ben, name: Ben Cole}\n  - {id: cy, name: Cy}\n  - {id: di, name: Di}")
    four = four.replace("{persona: ben, emotion: 1}]", "{persona: ben, emotion: 1}, {persona: cy, emotion: -1}, {persona: di, emotion: 2}]")
    dot, all_nodes = draw(tmp_path, four)
    assert [label(all_nodes[f"strip_name_b{i}"]) for i in range(4)] == ["Ana Ruiz", "Ben Cole", "Cy", "Di"]
    assert [all_nodes[f"strip_shape_b{i}"]["shape"] for i in range(4)] == list(theme.PERSONA_SHAPES[:4])
    zeros = [neutral(all_nodes, f"_b{i}") for i in range(4)]
    assert zeros == sorted(zeros) and len(set(zeros)) == 4  # strips one above the other
    step_two = ["curve_p0_1", "curve_p1_0", "curve_p2_0", "curve_p3_0"]
    assert [label(all_nodes[name]) for name in step_two] == ["2"] * 4
    assert len({position(all_nodes[name])[0] for name in step_two}) == 1  # one step, one x in every strip
    for strip, (name, value) in enumerate(zip(step_two, (1, 1, -1, 2))):
        assert heights(all_nodes, [name], emotion.STRIP_UNIT, f"_b{strip}") == [value]
    assert not [name for name in all_nodes if name.startswith("legend_")]  # the strips name the personas


# ---------------------------------------------------------------- --persona


# The reported bug: a persona-less office step in a stage only Ana goes through was in Ben's curve.
def test_persona_draws_exactly_that_personas_journey(tmp_path):
    text = PAIR + """
    pain_points:
      - {id: for-ana, description: Ana's pain, personas: [ana]}
      - {id: for-all, description: Everyone's pain}
    opportunities:
      - {description: Fix Ana's pain, addresses: [for-ana]}
      - {description: Fix everyone's pain, addresses: [for-all]}
"""
    journey, _ = journey_of(write_map(tmp_path, textwrap.dedent(text).lstrip()))
    ben = for_persona(journey, "ben")
    assert [stage.id for stage in ben.stages] == ["home", "after"]  # not Ana's office
    assert [step.name for step in ben.stages[0].steps] == ["Both fill in the form", "Ben phones the helpline"]
    assert [r.persona for r in ben.stages[0].steps[0].emotions] == ["ben"]
    after = ben.stages[1]
    assert [p.description for p in after.pain_points] == ["Everyone's pain"]
    assert [o.description for o in after.opportunities] == ["Fix everyone's pain"]
    ana = for_persona(journey, "ana")
    assert [[step.name for step in stage.steps] for stage in ana.stages] == [["Queues at the desk"], ["Both fill in the form"], []]
    dot = map_dot(ben, "m", focus="ben")
    all_nodes = nodes(dot)
    assert [label(all_nodes[f"curve_{i}"]) for i in range(3)] == ["1", "2", ""]
    assert heights(all_nodes, [f"curve_{i}" for i in range(3)]) == [1, -1, 2]
    assert "Queues at the desk" not in shown(all_nodes) and "Ana Ruiz" not in shown(all_nodes)


def test_persona_on_the_command_line_leaves_out_a_stage_of_other_personas(journeymap, tree):
    root = tree({"a.journey.yaml": PAIR})
    assert journeymap("render", "--persona", "ben", "--format", "dot").exit_code == 0
    dot = (root / "a.journey.ben.dot").read_text()
    assert "Queues at the desk" not in dot and "At the office" not in dot
    assert "Ben phones the helpline" in dot


# ---------------------------------------------------------------- current against future

FUTURE = """
journeymap: 1.1
title: Renewing
personas: [{id: ana, name: Ana}]
touchpoints:
  - {id: desk, name: Office desk, channel: office}
  - {id: app, name: Renewal app, channel: mobile_app, state: future}
  - {id: letter, name: Paper letter, channel: mail, state: current}
stages:
  - id: apply
    name: Applying
    steps:
      - {name: Fills in the form, touchpoints: [desk], emotion: -1}
      - id: waits
        name: Waits for the letter
        state: current
        touchpoints: [letter]
        emotion: -2
      - id: pushed
        name: Gets a message in the app
        state: future
        replaces: [waits]
        touchpoints: [app]
        emotions: [{state: future, emotion: 2}]
      - name: Collects the card
        emotion: -1
        emotions: [{state: future, emotion: 1}]
"""


def test_a_map_with_a_future_draws_both_curves_sharing_what_stays(tmp_path):
    dot, all_nodes = draw(tmp_path, FUTURE)
    current = [n for n in all_nodes if re.fullmatch(r"curve_\d+", n)]
    future = [n for n in all_nodes if re.fullmatch(r"curve_future_\d+", n)]
    assert current == ["curve_0", "curve_1", "curve_2"]  # steps 1, 2, 4
    assert future == ["curve_future_1", "curve_future_2"]  # steps 3 and 4; step 1 stays: today's point
    assert [label(all_nodes[n]) for n in current + future] == ["1", "2", "4", "3", "4"]
    assert heights(all_nodes, current) == [-1, -2, -1]
    assert heights(all_nodes, future) == [2, 1]
    assert all_nodes["curve_future_1"]["class"] == "curve-point future"
    assert (all_nodes["curve_future_1"]["fillcolor"], all_nodes["curve_future_1"]["color"]) == ("white", theme.FUTURE)
    assert segments(dot) == [
        ("curve_0", "curve_1", theme.emotion_color(-1.5), False),
        ("curve_1", "curve_2", theme.emotion_color(-1.5), False),
        ("curve_0", "curve_future_1", theme.FUTURE, True),  # from the step that stays, dashed
        ("curve_future_1", "curve_future_2", theme.FUTURE, True),
    ]
    texts = [label(all_nodes[n]) for n in sorted(all_nodes) if n.startswith("legend_") and n.endswith("_text")]
    assert texts == ["Current", "Future"]


def test_two_personas_compared_each_keep_their_colour_the_future_dashed(tmp_path):
    text = FUTURE.replace("personas: [{id: ana, name: Ana}]", "personas: [{id: ana, name: Ana}, {id: ben, name: Ben}]")
    text = text.replace("emotions: [{state: future, emotion: 1}]",
                        "emotions: [{state: future, emotion: 1}, {persona: ben, emotion: 0}]")
    text = text.replace("      - {name: Fills in the form", "      - {persona: ana, name: Fills in the form")
    dot, all_nodes = draw(tmp_path, text)  # Ana: two curves, Ben: two: four, one strip each
    lines = {(tail, head): (color, dashed) for tail, head, color, dashed in segments(dot)}
    assert lines[("curve_p0_0", "curve_p0_1")] == (theme.PERSONAS[0], False)
    assert lines[("curve_p0_0", "curve_p0_future_1")] == (theme.PERSONAS[0], True)
    assert lines[("curve_p1_0", "curve_p1_1")] == (theme.PERSONAS[1], False)  # Ben: step 2, then his own 0
    assert heights(all_nodes, ["curve_p1_1"], emotion.STRIP_UNIT, "_b1") == [0]
    assert all_nodes["curve_p1_future_1"]["color"] == theme.PERSONAS[1]
    assert all_nodes["curve_p1_future_1"]["fillcolor"] == "white"


def test_future_and_removed_steps_and_touchpoints_say_so(tmp_path):
    _, all_nodes = draw(tmp_path, FUTURE)
    removed, added = all_nodes["steps_0_1"], all_nodes["steps_0_2"]
    assert label(all_nodes["steps_0_1_b0t"]) == "REMOVED"
    assert label(all_nodes["steps_0_1_t1"]) == "replaced by (3) Gets a message in the app"
    assert "dashed" not in removed["style"] and removed["fillcolor"] == theme.REMOVED_FILL
    assert label(all_nodes["steps_0_2_b0t"]) == "FUTURE"
    assert label(all_nodes["steps_0_2_t1"]) == "replaces (2) Waits for the letter"
    assert "dashed" in added["style"] and added["color"] == theme.FUTURE
    assert "steps_0_0_b0" not in all_nodes  # a step in both states: no badge
    touchpoints = {label(all_nodes[f"touchpoints_0_{i}_t0"]): i for i in range(3)}
    assert label(all_nodes[f"touchpoints_0_{touchpoints['Renewal app']}_b0t"]) == "FUTURE"
    assert "dashed" in all_nodes[f"touchpoints_0_{touchpoints['Renewal app']}"]["style"]
    assert label(all_nodes[f"touchpoints_0_{touchpoints['Paper letter']}_b0t"]) == "REMOVED"
    assert f"touchpoints_0_{touchpoints['Office desk']}_b0" not in all_nodes


def test_a_map_that_marks_no_state_compares_nothing(tmp_path):
    dot, all_nodes = draw(tmp_path, PAIR.replace("journeymap: 1.1", "journeymap: 1.1\nstate: future"))
    assert not [name for name in all_nodes if "future" in name or "_b0t" in name]


@pytest.mark.parametrize(
    ("state", "steps", "scores", "touchpoints"),
    [
        ("current", ["Fills in the form", "Waits for the letter", "Collects the card"], [-1, -2, -1],
         ["Office desk", "Paper letter"]),
        ("future", ["Fills in the form", "Gets a message in the app", "Collects the card"], [-1, 2, 1],
         ["Office desk", "Renewal app"]),
    ],
)  # fmt: skip
def test_one_state_alone_draws_its_steps_touchpoints_and_readings(tmp_path, state, steps, scores, touchpoints):
    journey, _ = journey_of(write_map(tmp_path, textwrap.dedent(FUTURE).lstrip()))
    narrowed = for_state(journey, state)
    assert [step.name for step in narrowed.stages[0].steps] == steps
    assert [t.id for t in narrowed.touchpoints] == [t.id for t in journey.touchpoints if t.name in touchpoints]
    dot = map_dot(narrowed, "m", state=state)
    all_nodes = nodes(dot)
    assert [n for n in all_nodes if n.startswith("curve")] == ["curve_0", "curve_1", "curve_2"]
    assert heights(all_nodes, ["curve_0", "curve_1", "curve_2"]) == scores
    text = shown(all_nodes)
    assert all(name in text for name in touchpoints + steps)
    assert "REMOVED" not in text and "FUTURE" not in text and not [n for n in all_nodes if n.startswith("legend_")]
    assert label(all_nodes["footer"]).endswith(f"{state.capitalize()} state · drawn by journeymap")


def test_a_reading_of_the_other_state_stands_for_a_step_that_stays(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, textwrap.dedent(FUTURE).lstrip()))
    stage = journey.stages[0]
    fills, collects = stage.steps[0], stage.steps[3]
    assert [r.emotion for r in readings_for(journey, fills, "future", stage)] == [-1]  # no future entry: as today
    assert [r.emotion for r in readings_for(journey, collects, "future", stage)] == [1]  # its future entry
    assert [r.emotion for r in readings_for(journey, stage.steps[1], "future", stage)] == []  # only today's


def test_state_on_the_command_line_names_the_diagram_and_draws_that_state(journeymap, tree):
    root = tree({"a.journey.yaml": FUTURE})
    run = journeymap("render", "--state", "future", "--format", "dot")
    assert (run.exit_code, run.lines[0]) == (0, "wrote a.journey.future.dot")
    dot = (root / "a.journey.future.dot").read_text()
    assert "Gets a message in the app" in dot and "Paper letter" not in dot
    # the step the future does without is not drawn: it is named only as what replaces it replaces
    assert [line for line in dot.splitlines() if "Waits for the letter" in line] == [
        next(line for line in dot.splitlines() if '"replaces Waits for the letter\\l"' in line)
    ]


# ---------------------------------------------------------------- moments of truth, exits, loops

SHAPED = """
journeymap: 1.1
title: Shaped
stages:
  - id: buy
    name: Buying
    kind: purchase
    moment_of_truth: true
    steps:
      - name: Pays
        moment_of_truth: true
        emotion: -1
        exits: [{description: Leaves at the price, rate: 12.5, returns_to: renew}, Gives up]
      - {name: Gets the receipt, emotion: 1}
  - id: renew
    name: Renewing
    next: [buy]
    emotion: 0
"""


def test_a_moment_of_truth_has_a_gold_frame_a_badge_and_a_halo_on_the_curve(tmp_path):
    _, all_nodes = draw(tmp_path, SHAPED)
    pays = all_nodes["steps_0_0"]
    assert (pays["color"], pays["penwidth"]) == (theme.MOMENT_OF_TRUTH, "2")
    assert (label(all_nodes["steps_0_0_b0t"]), all_nodes["steps_0_0_b0"]["fillcolor"]) == (
        "★ MOMENT OF TRUTH", theme.MOMENT_OF_TRUTH)  # fmt: skip
    assert "steps_0_1_b0" not in all_nodes and all_nodes["steps_0_1"]["color"] == theme.CARD_BORDER
    ring = all_nodes["curve_0_ring"]
    assert (ring["class"], ring["fillcolor"]) == ("moment-ring", theme.MOMENT_OF_TRUTH)
    assert position(ring) == position(all_nodes["curve_0"]) and float(ring["width"]) > float(all_nodes["curve_0"]["width"])
    assert "curve_1_ring" not in all_nodes
    heading = all_nodes["stages_0_0"]
    assert (heading["color"], label(all_nodes["stages_0_0_b0t"])) == (theme.MOMENT_OF_TRUTH, "★ MOMENT OF TRUTH")
    assert label(all_nodes["legend_0_0_text"]) == "Moment of truth"


def test_exits_are_a_drop_off_note_on_the_step_card(tmp_path):
    _, all_nodes = draw(tmp_path, SHAPED)
    texts = [label(all_nodes[f"steps_0_0_t{i}"]) for i in range(5)]
    assert texts == ["Pays", "↘ 12.5% drop off · returns to Renewing", "Leaves at the price", "↘ drop-off", "Gives up"]


def test_a_stage_that_leads_back_says_where(tmp_path):
    _, all_nodes = draw(tmp_path, SHAPED)
    assert "↺ back to Buying" in [label(all_nodes[n]) for n in all_nodes if n.startswith("stages_1_0_t")]
    assert not [n for n in all_nodes if n.startswith("stages_0_0_t") and "back to" in label(all_nodes[n])]


def test_a_jump_ahead_and_a_loop_in_spanish(tmp_path):
    text = """
        journeymap: 1.1
        title: Saltos
        locale: es
        stages:
          - {id: a, name: Alta, next: [c]}
          - {id: b, name: Baja}
          - {id: c, name: Cambio, next: [a, c]}
    """
    _, all_nodes = draw(tmp_path, text)
    assert "→ después, Cambio" in shown(all_nodes)
    assert "↺ vuelve a Alta" in shown(all_nodes) and "↺ vuelve a Cambio" in shown(all_nodes)


# ---------------------------------------------------------------- the stage headings' polish


def test_a_kind_that_repeats_or_contradicts_a_stage_name_is_left_out(tmp_path):
    text = """
        journeymap: 1.1
        title: Patinete
        locale: es
        stages:
          - {id: a, name: Descubrimiento, kind: need}
          - {id: b, name: Búsqueda, kind: awareness}
          - {id: c, name: Decision, kind: decision}
          - {id: d, name: Segunda COMPRA, kind: purchase}
          - {id: e, name: Conocimiento del producto, kind: consideration}
          - {id: f, name: Compraventa, kind: purchase}
    """
    _, all_nodes = draw(tmp_path, text)
    kinds = [label(all_nodes[f"stages_{i}_0_t0"]) for i in range(6)]
    # "Conocimiento" (awareness) is the start of another stage's name, not a name: it stays
    assert kinds == ["NECESIDAD", "CONOCIMIENTO", "", "", "CONSIDERACIÓN", "COMPRA"]
    names = [position(all_nodes[f"stages_{i}_0_t1"])[1] - float(all_nodes[f"stages_{i}_0_t1"]["height"]) * 36
             for i in range(6)]  # fmt: skip
    assert len({round(top, 3) for top in names}) == 1  # a left-out kind keeps its line: the names stay in line
    other = text.replace("name: Búsqueda", "name: Conocimiento")
    _, all_nodes = draw(tmp_path, other)
    assert label(all_nodes["stages_1_0_t0"]) == ""  # the kind of one stage is another's name


def test_annotate_notes_about_a_stage_go_in_a_row_of_their_own(journeymap, tree):
    root = tree({"a.journey.yaml": "journeymap: 1\ntitle: T\nobjective: O\nstages:\n  - {id: a, name: A, goal: G, kind: need}\n"
                                   "  - {id: b, name: B, kind: purchase}\n"})  # fmt: skip
    assert journeymap("render", "--annotate", "--format", "dot").exit_code == 0
    assert journeymap("render", "--format", "dot", "-o", "plain").exit_code == 0
    all_nodes, plain = nodes((root / "a.journey.dot").read_text()), nodes((root / "plain/a.journey.dot").read_text())
    assert label(all_nodes["lane_stage_notes_title"]) == "Stage findings"
    notes = [name for name in all_nodes if re.fullmatch(r"stage_notes_\d+_\d+", name)]
    assert notes and all(name.startswith("stage_notes_1_") for name in notes)  # stage B has no goal
    assert "JM303 stage-without-goal" in label(all_nodes[notes[0] + "_t0"])
    assert "stage_notes_mark1" in all_nodes and "stage_notes_mark0" not in all_nodes
    assert not [name for name in plain if name.startswith("stage_notes")]
    assert all_nodes["stages_cell0"]["height"] == plain["stages_cell0"]["height"]  # the headings keep their height
    assert position(all_nodes["stage_notes_cell1"])[1] > position(all_nodes["stages_cell1"])[1]


# ---------------------------------------------------------------- hostile text, and linear drawing

HOSTILE = r"""
journeymap: 1.1
title: Hostile
personas:
  - {id: a, name: 'Ana "quoted" \N & <b>x</b> \\'}
  - {id: b, name: "ليلى 👩‍💼 {a|b}"}
stages:
  - id: s
    name: 'Stage \N "one" & co'
    moment_of_truth: true
    steps:
      - id: old
        name: 'Old \N step "x"'
        state: current
        persona: a
        emotion: -1
      - {name: 'New & <i>step</i>', state: future, replaces: [old], persona: b, emotions: [{state: future, emotion: 1}]}
  - {id: t, name: T, next: [s], exits: [{description: '\n "out"', returns_to: s, rate: 5}]}
"""


def test_hostile_text_stays_literal_in_legend_badges_and_notes(tmp_path):
    _, all_nodes = draw(tmp_path, HOSTILE)
    text = shown(all_nodes)
    for expected in ('Ana "quoted" \\N & <b>x</b> \\\\', "ليلى 👩‍💼 {a|b}", 'replaces (1) Old \\N step "x"',
                     'replaced by (2) New & <i>step</i>', '↺ back to Stage \\N "one" & co', '↘ 5% drop off'):  # fmt: skip
        assert expected in text, expected


@pytest.mark.parametrize("option", [{}, {"state": "current"}, {"state": "future"}])
def test_hostile_maps_draw_in_every_state(tmp_path, option):
    journey, _ = journey_of(write_map(tmp_path, textwrap.dedent(HOSTILE).lstrip()))
    if option:
        journey = for_state(journey, option["state"])
    assert map_dot(journey, "m", **option).endswith("}\n")
    empty = for_state(journey_of(write_map(tmp_path, "journeymap: 1.1\ntitle: E\nstages:\n  - {id: s, name: S, state: current}\n", "e.yaml"))[0], "future")
    assert empty.stages == () and map_dot(empty, "e", state="future").endswith("}\n")


def test_drawing_works_out_the_cast_once_however_many_steps(tmp_path, monkeypatch):
    lines = ["journeymap: 1.1", "title: Long", "personas: [{id: a, name: A}, {id: b, name: B}]", "stages:"]
    for stage in range(30):
        lines += [f"  - id: s{stage}", f"    name: S{stage}", "    steps:"]
        lines += [f"      - {{name: X{stage}{k}, persona: {'ab'[k % 2]}, emotion: {k % 5 - 2}}}" for k in range(6)]
    journey, _ = journey_of(write_map(tmp_path, "\n".join(lines) + "\n"))
    calls = []
    original = Journey.cast
    monkeypatch.setattr(Journey, "cast", lambda self: calls.append(1) or original(self))
    map_dot(for_persona(journey, "a"), "m", focus="a")
    map_dot(journey, "m")
    assert len(calls) <= 6  # not once per step
