"""Input found by fuzzing: each case ends in a positioned problem or a one-line usage error, never a crash or a hang."""

from __future__ import annotations

import itertools
import re

import pytest

from conftest import MINIMAL
from journeymap import discovery, files, globs, schema

YEAR_ZERO_MAP = """
    journeymap: 1
    title: Year zero
    reviewed: 0000-01-01
    stages:
      - id: only
        name: Only stage
"""
INCLUDING_MAP = """
    journeymap: 1
    title: Including
    include: [library/people.yaml]
    stages:
      - id: only
        name: Only stage
"""
YEAR_ZERO_LIBRARY = """
    journeymap: 1
    library: true
    reviewed: 0000-02-29
"""
YEAR_ZERO_LINES = [
    "a.journey.yaml:3:11: error[JM104 invalid-value]: 'reviewed' is '0000-01-01', but there is no year 0000; "
    "write a real date as YYYY-MM-DD, from 0001-01-01 on",
    "b.journey.yaml:3:11: error[JM203 include-error]: included file 'library/people.yaml' has 1 problem, "
    "reported under library/people.yaml",
    "library/people.yaml:3:11: error[JM104 invalid-value]: 'reviewed' is '0000-02-29', but there is no year 0000; "
    "write a real date as YYYY-MM-DD, from 0001-01-01 on",
]


@pytest.fixture
def year_zero(tree):
    return tree({
        "a.journey.yaml": YEAR_ZERO_MAP,
        "b.journey.yaml": INCLUDING_MAP,
        "library/people.yaml": YEAR_ZERO_LIBRARY,
        "c.journey.yaml": MINIMAL,
    })  # fmt: skip


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_a_year_python_cannot_hold_is_a_validation_problem_and_the_other_maps_are_checked(
    journeymap, year_zero, command
):
    run = journeymap(command, ".")
    assert run.exit_code == 1
    assert [line for line in run.lines if "error[" in line] == YEAR_ZERO_LINES
    if command == "lint":  # the valid map is linted all the same
        assert any(line.startswith("c.journey.yaml:") and "warning[" in line for line in run.lines)


def test_render_reports_a_year_python_cannot_hold_and_draws_the_other_maps(journeymap, year_zero):
    run = journeymap("render", ".", "--format", "dot")
    assert run.exit_code == 1
    assert [line for line in run.lines if "error[" in line] == YEAR_ZERO_LINES
    assert (year_zero / "c.journey.dot").is_file()
    assert not (year_zero / "a.journey.dot").exists()


@pytest.mark.parametrize("value", ["0000-01-01", "0000-12-31", "2023-02-29", "٢٠٢٤-01-01", "2024-01-01\n"])
def test_both_schema_validators_refuse_a_date_the_model_cannot_read(value):
    data = {"journeymap": 1, "title": "T", "reviewed": value, "stages": [{"id": "s", "name": "S"}]}
    assert (schema._quickly_valid(data), schema.is_valid(data)) == (False, False)
    library = {"journeymap": 1, "library": True, "reviewed": value}
    assert (schema._quickly_valid(library), schema.is_valid(library)) == (False, False)


@pytest.mark.parametrize("value", ["0001-01-01", "2024-02-29", "9999-12-31"])
def test_both_schema_validators_accept_the_dates_python_can_hold(value):
    data = {"journeymap": 1, "title": "T", "reviewed": value, "stages": [{"id": "s", "name": "S"}]}
    assert (schema._quickly_valid(data), schema.is_valid(data)) == (True, True)


# ---------------------------------------------------------------- include and exclude globs

DEEP = "/".join(f"d{level}" for level in range(16))
HOSTILE_DIRS = "/".join(["**"] * 20) + "/zzz"


@pytest.mark.parametrize("command", ["validate", "lint", "render"])
def test_an_exclude_of_many_double_stars_against_a_deep_map_answers(journeymap, tree, command):
    root = tree({
        f"{DEEP}/kept.journey.yaml": MINIMAL,
        f"{DEEP}/zzz/gone.journey.yaml": "broken: [\n",
        ".journeymap.yaml": f'exclude: ["{HOSTILE_DIRS}"]\n',
    })  # fmt: skip
    run = journeymap(command, *(["--format", "dot"] if command == "render" else []))
    assert run.lines[-1] == {
        "validate": "All valid: checked 1 map.",
        "lint": "Found 11 problems (8 warnings, 3 infos) in 1 file (checked 1 map).",
        "render": "Rendered 1 map: 1 written, 0 unchanged.",
    }[command]
    assert "gone.journey" not in run.stdout
    if command == "render":
        assert (root / DEEP / "kept.journey.dot").is_file()


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*a*a*a*a*a*a*a*azzz", "a" * 5000 + ".journey.yaml", False),
        ("*a*a*a*a*a*a*a*azzz", "x/" + "a" * 5000 + "zzz", True),
        (HOSTILE_DIRS, DEEP + "/x.journey.yaml", False),
        (HOSTILE_DIRS, DEEP + "/zzz", True),
        (HOSTILE_DIRS, DEEP + "/zzz/x.journey.yaml", True),  # in a folder the pattern matches
        ("**" * 50 + "z", "a" * 5000, False),
        ("?" * 40 + "*" * 40 + "/x", "a" * 5000 + "/x", True),
    ],
)
def test_hostile_globs_get_the_right_answer_in_work_linear_in_the_path(pattern, path, expected):
    glob = globs.Glob(pattern)
    assert glob.matches(path) is expected
    states = 2 * len(glob.tokens) + 2
    assert glob.work <= len(path) * states  # each character advances each state at most once


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("archive", "maps/archive/old.journey.yaml", True),  # no '/': a name at any depth, and all inside it
        ("archive", "maps/archived/old.journey.yaml", False),
        ("maps/archive/**", "maps/archive/a/b.journey.yaml", True),
        ("maps/archive/**", "maps/archive", False),
        ("maps/**/*.journey.yaml", "maps/a.journey.yaml", True),  # `**/` may be no folder at all
        ("maps/**/*.journey.yaml", "maps/x/y/a.journey.yaml", True),
        ("maps/**/*.journey.yaml", "other/maps/a.journey.yaml", False),  # with a '/': from the config's folder
        ("maps/*.yaml", "maps/plain/b.yaml", False),  # `*` stays within one name
        ("maps/*", "maps/plain/b.yaml", True),  # ... but matching the folder takes what is in it
        ("m?ps/a.yaml", "maps/a.yaml", True),
        ("m?ps/a.yaml", "m/ps/a.yaml", False),  # `?` is no '/'
        ("maps**.yaml", "maps/x/a.yaml", True),  # `**` not before a '/' crosses folders
        ("*.journey.yaml", "a.journey.yml", False),
        ("[ab].yaml", "[ab].yaml", True),  # brackets are themselves
        ("[ab].yaml", "a.yaml", False),
        ("Maps/a.yaml", "maps/a.yaml", False),  # case-sensitive
        ("a\nb", "x/a\nb/c", True),  # a newline is a character like any other
        ("**", "a\nb", True),
    ],
)
def test_glob_semantics(pattern, path, expected):
    assert globs.matches(pattern, path) is expected


def _regex_glob(pattern: str) -> re.Pattern[str]:
    """The former translation into a regular expression: the same answers, but backtracking without bound."""
    if "/" not in pattern:
        pattern = "**/" + pattern
    translated = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    parts = re.split(r"(\*\*/?|\*|\?)", pattern)
    return re.compile("".join(translated.get(part, re.escape(part)) for part in parts) + "(?:/.*)?", re.DOTALL)


def test_globs_answer_as_the_regular_expressions_they_replace_on_every_short_pattern_and_path():
    paths = ["".join(letters) for length in range(6) for letters in itertools.product("a/b", repeat=length)]
    for length in range(1, 4):
        for tokens in itertools.product(["a", "/", "*", "?", "**/", "**"], repeat=length):
            pattern = "".join(tokens)
            regex, glob = _regex_glob(pattern), globs.Glob(pattern)
            expected = [path for path in paths if regex.fullmatch(path)]
            assert [path for path in paths if glob.matches(path)] == expected, pattern


# ---------------------------------------------------------------- paths in options

LONG_NAME = "x" * 300
SHOWN_LONG_NAME = f"'{'x' * 39}…{'x' * 39}'"


@pytest.mark.parametrize(
    ("arguments", "option"),
    [
        (["validate", "--config", LONG_NAME], "--config"),
        (["lint", "--baseline", LONG_NAME], "--baseline"),
        (["lint", "--write-baseline", LONG_NAME], "--write-baseline"),
        (["validate", "--report", f"json:{LONG_NAME}"], "--report"),
        (["render", "--out-dir", LONG_NAME], "--out-dir"),
        (["render", "--out-dir", "out", "--maps-root", LONG_NAME], "--maps-root"),
        (["render", "--report", f"sarif:{LONG_NAME}"], "--report"),
        (["render", "--config", LONG_NAME], "--config"),
    ],
)
def test_a_name_too_long_in_an_option_is_a_one_line_usage_error(journeymap, tree, arguments, option):
    root = tree({"m.journey.yaml": MINIMAL})
    run = journeymap(*arguments)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"journeymap: error: {option} {SHOWN_LONG_NAME}: file name too long; name a shorter path\n"
    assert sorted(path.name for path in root.iterdir()) == ["m.journey.yaml"]  # nothing checked, nothing written


def test_a_name_too_long_deeper_in_an_option_path_is_refused_too(journeymap, tree):
    tree({"m.journey.yaml": MINIMAL})
    run = journeymap("render", "--out-dir", f"{LONG_NAME}/diagrams")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"journeymap: error: --out-dir '{'x' * 39}…{'x' * 30}/diagrams': file name too long; name a shorter path\n"
    )


def test_which_paths_are_unusable(tmp_path):
    (tmp_path / "file").write_text("")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert files.unusable_reason(tmp_path / "file") is None
    assert files.unusable_reason(tmp_path / "missing" / "deeper") is None  # a path to create is usable
    assert files.unusable_reason(tmp_path / "file" / "below") is None  # ... and reported when written
    assert files.unusable_reason(tmp_path / LONG_NAME) == "file name too long"
    assert files.unusable_reason(tmp_path / "loop" / "x") == "too many levels of symbolic links"
    assert files.unusable_reason("a\0b") == "it contains a NUL character"


# ---------------------------------------------------------------- rendering wide maps

def _wide_map(stages: int) -> str:
    lines = ["journeymap: 1", "title: Wide", "stages:"]
    for number in range(stages):
        lines += [f"  - id: s{number}", f"    name: Stage {number}"]
        if number % 2:  # every other stage has an emotion; the others get a finding in the emotion lane
            lines.append(f"    emotion: {number % 5 - 2}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("stages", [40, 80])
def test_annotating_measures_each_cell_of_a_lane_once_however_many_stages(journeymap, tree, monkeypatch, stages):
    from journeymap.render import cards, emotion, lanes

    measured: list[int] = []

    def counted(cell, gap):
        measured.append(len(cell))
        return cards.stack_height(cell, gap)

    monkeypatch.setattr(emotion, "stack_height", counted)
    monkeypatch.setattr(lanes, "stack_height", counted)
    root = tree({"m.journey.yaml": _wide_map(stages)})
    run = journeymap("render", "--annotate", "--format", "dot")
    assert (run.exit_code, run.lines[-1]) == (0, "Rendered 1 map: 1 written, 0 unchanged.")
    dot = (root / "m.journey.dot").read_text()
    lane_count = len(re.findall(r"^  lane_\w+ \[.*class=\"lane-label\"", dot, re.MULTILINE))
    assert "  emotion_mark0 [" in dot and "  emotion_mark1 [" not in dot  # stage 0 has no emotion: a finding
    # each cell once to draw it, the stage headings' too, and at most once more to choose the bands that
    # a long map is wrapped into (every band has the same lanes here): linear
    drawn = (lane_count + 1) * stages
    assert drawn < len(measured) <= 2 * drawn


@pytest.mark.parametrize("persona", ["", "  "])
def test_a_blank_persona_is_a_usage_error(journeymap, tree, persona):
    root = tree({"m.journey.yaml": MINIMAL})
    run = journeymap("render", "--persona", persona)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "journeymap: error: --persona wants a persona id, such as --persona maya; leave it out to draw every persona\n"
    )
    assert sorted(path.name for path in root.iterdir()) == ["m.journey.yaml"]


# ---------------------------------------------------------------- linked folders in a searched directory


@pytest.fixture
def linked(tree, tmp_path_factory):
    """maps/ with a link up (`up -> ..`), one to a folder outside the repository, one into the folder that
    holds it, one to a sibling folder and one to a hidden folder."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "e.journey.yaml").write_text(MINIMAL, encoding="utf-8")
    root = tree({
        "top.journey.yaml": MINIMAL,
        "maps/a.journey.yaml": MINIMAL,
        "maps/sub/b.journey.yaml": MINIMAL,
        "maps/.drafts/d.journey.yaml": MINIMAL,
    })  # fmt: skip
    (root / "maps" / "up").symlink_to("..", target_is_directory=True)
    (root / "maps" / "other").symlink_to(elsewhere, target_is_directory=True)
    (root / "maps" / "sub" / "back").symlink_to("..", target_is_directory=True)
    (root / "maps" / "alias").symlink_to("sub", target_is_directory=True)  # sorts before the folder it names
    (root / "maps" / "drafts").symlink_to(".drafts", target_is_directory=True)
    return root, elsewhere


def test_discovery_follows_no_link_out_of_the_searched_folder_nor_into_one_that_holds_it(linked):
    root, _ = linked
    assert discovery.discover(["maps"]).files == (
        "maps/a.journey.yaml",
        "maps/sub/b.journey.yaml",  # under its own folder's name, not the link's that sorts first
        "maps/drafts/d.journey.yaml",  # a link inside the tree adds what the search skipped
    )
    assert discovery.discover(["."]).files == (
        "top.journey.yaml", "maps/a.journey.yaml", "maps/sub/b.journey.yaml", "maps/drafts/d.journey.yaml",
    )  # fmt: skip


def test_render_writes_no_diagram_beyond_the_searched_folder(journeymap, linked):
    root, elsewhere = linked
    run = journeymap("render", "maps", "--format", "dot")
    assert (run.exit_code, run.lines[-1]) == (0, "Rendered 3 maps: 3 written, 0 unchanged.")
    assert sorted(path.relative_to(root).as_posix() for path in root.rglob("*.dot")) == [
        "maps/.drafts/d.journey.dot", "maps/a.journey.dot", "maps/sub/b.journey.dot",
    ]  # fmt: skip
    assert list(elsewhere.glob("*.dot")) == []


def test_a_linked_directory_argument_is_searched_through_its_link(tree):
    root = tree({"maps/a.journey.yaml": MINIMAL, "maps/sub/b.journey.yaml": MINIMAL})
    (root / "mlink").symlink_to("maps", target_is_directory=True)
    (root / "maps" / "sub" / "same").symlink_to("../sub", target_is_directory=True)  # the folder holding it
    assert discovery.discover(["mlink"]).files == ("mlink/a.journey.yaml", "mlink/sub/b.journey.yaml")
