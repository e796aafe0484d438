"""The loader: YAML 1.2 core scalars, positions, and a clear problem for every hostile input."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.loader import Limits, load_file, load_text
from journeymap.problems import Position


def load_value(text: str):
    document, problems = load_text(f"value: {text}\n", "t.yaml")
    assert problems == []
    return document.data["value"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("NO", "NO"),
        ("true", True),
        ("False", False),
        ("12:30", "12:30"),
        ("010", 10),  # YAML 1.2 core, as editors read it; not octal 8 as in YAML 1.1
        ("-07", -7),
        ("00", 0),
        ("2026-10-01", "2026-10-01"),
        ("0", 0),
        ("-12", -12),
        ("0x1f", 31),
        ("0o17", 15),
        ("69.57", 69.57),
        ("1e3", 1000.0),
        ("~", None),
        ("null", None),
        ("", None),
        ("'010'", "010"),
        ('"true"', "true"),
        ("!!str 5", "5"),
        ("!!int 5", 5),
        ("!!float 5", 5.0),
        ("é ñ ¿qué? 🙂 עברית", "é ñ ¿qué? 🙂 עברית"),
    ],
)
def test_scalars_follow_yaml_1_2_core(text, expected):
    value = load_value(text)
    assert value == expected and type(value) is type(expected)


def test_special_floats():
    assert load_value(".inf") == math.inf
    assert math.isnan(load_value(".nan"))


def test_every_key_and_value_has_a_position():
    text = "journeymap: 1\nstages:\n  - id: one\n    steps: [a, {name: b}]\n"
    document, problems = load_text(text, "t.yaml")
    assert problems == []
    assert document.position(("journeymap",)) == Position(1, 13)
    assert document.position(("stages", 0)) == Position(3, 5)
    assert document.key_position(("stages", 0, "steps")) == Position(4, 5)
    assert document.position(("stages", 0, "steps", 1)) == Position(4, 16)
    assert document.position(("stages", 0, "steps", 1, "name")) == Position(4, 23)
    # a path that does not exist points at its nearest existing ancestor
    assert document.position(("stages", 0, "goal")) == Position(3, 5)


def test_columns_count_characters_not_bytes():
    document, _ = load_text("título: «ñ»\nb: [ü, x]\n", "t.yaml")
    assert document.position(("b", 1)) == Position(2, 8)


def test_anchors_aliases_and_merge_keys():
    text = "base: &base {channel: web, owner: Web team}\ntp:\n  <<: *base\n  owner: Shop team\n"
    document, problems = load_text(text, "t.yaml")
    assert problems == []
    assert document.data["tp"] == {"owner": "Shop team", "channel": "web"}
    # merged values keep the position where they are written
    assert document.position(("tp", "channel")) == Position(1, 23)
    assert document.position(("tp", "owner")) == Position(4, 10)


def test_merge_of_a_list_of_mappings_prefers_earlier_sources():
    text = "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n"
    document, problems = load_text(text, "t.yaml")
    assert problems == [] and document.data["c"] == {"x": 1, "y": 2}


def messages(text: str, limits: Limits = Limits()) -> list[tuple[str, str, str]]:
    document, problems = load_text(text, "t.yaml", limits)
    return [(str(problem.position), problem.code, problem.message) for problem in problems]


def test_duplicate_key_is_reported_at_the_second_key_and_loading_goes_on():
    document, problems = load_text("title: a\nowner: b\ntitle: c\n", "t.yaml")
    assert [(str(p.position), p.code, p.message) for p in problems] == [
        ("3:1", "JM004", "duplicate key 'title' (first at line 1); remove or rename one")
    ]
    assert document.data == {"title": "a", "owner": "b"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:\n\tb: 1\n", ("2:1", "JM003", "a tab is used for indentation; YAML indents with spaces only")),
        ("a: b: c\n", ("1:5", "JM003", "unexpected ':'; a value that contains ': ' must be put in quotes")),
        ("a: 'open\n\nb: 1\n", ("1:4", "JM003", "this quote is never closed; add the closing quote")),
        ("a: *nowhere\n", ("1:4", "JM003", "alias *nowhere refers to no anchor &nowhere defined before it")),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            (
                "1:4",
                "JM006",
                "YAML tag !!python/object/apply:os.system is not allowed; journeymap reads plain data only, remove the tag",
            ),
        ),
        ("a: !custom x\n", ("1:4", "JM006", "YAML tag !custom is not allowed; journeymap reads plain data only, remove the tag")),
        ("a: !!int many\n", ("1:4", "JM006", "'many' is not a valid !!int value")),
        ("a: 1\n---\nb: 2\n", ("2:1", "JM006", "a second YAML document starts here; put each journey in its own file")),
        ("? [a, b]\n: 1\n", ("1:3", "JM006", "a mapping key must be plain text, not a list or mapping")),
        ("a: &a [1, *a]\n", ("1:11", "JM006", "alias *a refers to itself; recursive data is not allowed")),
        ("", ("1:1", "JM007", "the file is empty; it needs at least 'journeymap', 'title' and 'stages'")),
        (
            "# just a comment\n\n",
            ("1:1", "JM007", "the file is empty; it needs at least 'journeymap', 'title' and 'stages'"),
        ),
        (
            "- a\n- b\n",
            ("1:1", "JM007", "the top level must be a mapping of keys such as 'journeymap', 'title' and 'stages', not a list"),
        ),
        (
            "---\n",
            ("2:1", "JM007", "the top level must be a mapping of keys such as 'journeymap', 'title' and 'stages', not nothing"),
        ),
        ("a: x\x07\n", ("1:5", "JM002", "character U+0007 is not allowed in YAML; remove it")),
        ("ñ: é\x1b\n", ("1:5", "JM002", "character U+001B is not allowed in YAML; remove it")),
    ],
)
def test_bad_yaml_is_one_clear_problem(text, expected):
    assert messages(text) == [expected]


def test_deep_nesting_is_refused_at_the_level_that_crosses_the_limit():
    assert messages("[" * 100_000 + "]" * 100_000) == [
        ("1:65", "JM005", "nesting is deeper than 64 levels; flatten the structure")
    ]
    block = "".join("  " * level + "k:\n" for level in range(100))
    assert messages(block)[0][1:] == ("JM005", "nesting is deeper than 64 levels; flatten the structure")
    # past libyaml's own limit of 1,000 levels (PyYAML 6.0.4 and newer), the loader's limit still speaks
    deeper = "".join("  " * level + "k:\n" for level in range(2_000))
    assert messages(deeper)[0] == ("65:129", "JM005", "nesting is deeper than 64 levels; flatten the structure")
    assert messages("- " * 2_000 + "x")[0] == ("1:129", "JM005", "nesting is deeper than 64 levels; flatten the structure")


def test_alias_bomb_is_refused_before_it_expands():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    found = messages("\n".join(lines) + "\n")
    assert len(found) == 1
    position, code, message = found[0]
    assert code == "JM005" and position.startswith("4:")  # a3 repeats 10 copies of a2's 1,111 values
    assert message.startswith("aliases repeat more than 10,000 values in all; journeymap refuses it")
    lots = messages("\n".join(lines) + "\n", Limits(max_alias_values=10**9))
    assert lots[0][1] == "JM005" and lots[0][0].startswith("5:")  # 50,000 values are passed on the line of a4
    assert lots[0][2].startswith("the document expands to more than 50,000 values")


def test_limits_are_configurable():
    assert messages("a: [[[1]]]\n", Limits(max_depth=3))[0][1] == "JM005"
    assert messages("a: [1, 2, 3]\n", Limits(max_nodes=3))[0] == (
        "1:5", "JM005",
        "the document holds more than 3 values, more than journeymap accepts; split it into several maps and libraries",
    )  # fmt: skip
    assert messages("a: &a [1, 2]\nb: *a\nc: *a\n", Limits(max_alias_values=5))[0][:2] == ("3:4", "JM005")


def load_bytes(tmp_path: Path, raw: bytes, limits: Limits = Limits()):
    path = tmp_path / "m.journey.yaml"
    path.write_bytes(raw)
    _, problems = load_file(path, "m.journey.yaml", limits)
    return [(str(p.position), p.code, p.message) for p in problems]


def test_bytes_that_are_not_utf8_text(tmp_path):
    assert load_bytes(tmp_path, b"title: caf\xe9\n") == [
        ("1:11", "JM002", "byte 0xe9 is not valid UTF-8; save the file as UTF-8")
    ]
    assert load_bytes(tmp_path, b"a: 1\nb: \x00\x01\x02") == [
        ("2:4", "JM002", "binary data (a NUL byte); a journey map must be text")
    ]
    assert load_bytes(tmp_path, "a: 1\n".encode("utf-16")) == [
        ("1:1", "JM002", "the file is UTF-16 encoded; save it as UTF-8")
    ]
    assert load_bytes(tmp_path, b"\xef\xbb\xbftitle: ok\n") == []  # a UTF-8 byte-order mark is fine


def test_file_size_limit_is_checked_before_parsing(tmp_path):
    found = load_bytes(tmp_path, b"a: " + b"x" * 3 * 1_048_576, Limits(max_bytes=2 * 1_048_576))
    assert found == [("1:1", "JM001", "the file is 3.0 MB, over the 2 MB limit for a journey map")]


def test_unreadable_paths(tmp_path):
    _, problems = load_file(tmp_path / "missing.yaml", "missing.yaml")
    assert [(p.code, p.message) for p in problems] == [
        ("JM001", "cannot read the file: No such file or directory")
    ]
    _, problems = load_file(tmp_path, "dir")
    assert [(p.code, p.message) for p in problems] == [("JM001", "this is a directory, not a file")]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes_the_loader(text):
    document, problems = load_text(text, "fuzz.yaml")
    assert (document is None) == any(problem.code != "JM004" for problem in problems)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=" \t\n-:[]{}&*!|>'\"#%@`,?abc01", max_size=120))
def test_yaml_punctuation_soup_never_crashes_the_loader(text):
    load_text(text, "fuzz.yaml")


def test_an_anchor_name_reused_inside_its_own_collection_means_the_newer_node():
    document, problems = load_text("a: &a [&a x, *a]\n", "t")
    assert problems == [] and document.data == {"a": ["x", "x"]}


def test_an_alias_used_as_a_key_keeps_the_text_as_written():
    document, problems = load_text("a: &k ~\nb: &n 5\nc: {*k : 1, *n : 2}\n", "t")
    assert problems == [] and document.data["c"] == {"~": 1, "5": 2}


def test_text_written_twice_is_two_values_and_an_alias_one():
    """Rules tell a value written once (an alias repeats it) from one written twice by identity."""
    document, problems = load_text("a: (TBD) later\nb: (TBD) later\nc: &x 2024-01-01 TBD\nd: *x\ne: 12\nf: 12\n", "t.yaml")
    data = document.data
    assert problems == []
    assert data["a"] == data["b"] and data["a"] is not data["b"]
    assert data["c"] is data["d"]
    assert data["e"] == data["f"] == 12
