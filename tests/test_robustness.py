"""Input found by fuzzing: each case ends in a positioned problem or a one-line usage error, never a crash or a hang."""

from __future__ import annotations

import pytest

from conftest import MINIMAL
from journeymap import schema

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
