"""Every rule against its case file in tests/rules/<rule-name>.yaml, and the catalog's own promises.

A case file holds passing and failing maps as data:

    rule: too-many-touchpoints
    cases:
      - name: what the case shows
        options: {max: 2}          # optional rule options
        today: 2026-11-23          # optional, for date rules (default 2026-11-23)
        library: |                 # optional library file, included by the map as lib.yaml
          ...
        map: |
          journeymap: 1
          ...
        expect:                    # "line:col message" for each finding of this rule, in order
          - "7:5 stage 'Research' uses 3 touchpoints, more than 2; ..."
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from journeymap import rules
from journeymap.config import Config
from journeymap.linter import ActiveRule, active_rules, lint
from journeymap.workspace import Workspace

CASES_DIR = Path(__file__).parent / "rules"
DEFAULT_TODAY = datetime.date(2026, 11, 23)


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, case in enumerate(spec["cases"]):
            yield pytest.param(spec["rule"], case, id=f"{spec['rule']}-{index}-{case['name'][:40]}")


def run_rule(tmp_path: Path, rule: rules.Rule, case: dict) -> list[str]:
    if "library" in case:
        (tmp_path / "lib.yaml").write_text(case["library"], encoding="utf-8")
    map_path = tmp_path / "case.journey.yaml"
    map_path.write_text(case["map"], encoding="utf-8")
    workspace = Workspace(cwd=tmp_path)
    checked = workspace.check(map_path)
    assert checked.problems == (), "a case map must be valid"
    options = {**rule.defaults(), **case.get("options", {})}
    today = case.get("today", DEFAULT_TODAY)
    problems = lint(checked.document, workspace.journey(checked), [ActiveRule(rule, rule.severity, options)], today)
    return [f"{problem.position} {problem.message}" for problem in problems if problem.code == rule.code]


@pytest.mark.parametrize(("rule_name", "case"), list(_cases()))
def test_rule_case(tmp_path, rule_name, case):
    rule = rules.find(rule_name)
    assert rule is not None, f"no rule {rule_name}"
    assert run_rule(tmp_path, rule, case) == case["expect"]


@pytest.mark.parametrize("rule", rules.ALL, ids=lambda rule: rule.name)
def test_every_rule_is_documented_and_has_passing_and_failing_cases(rule):
    assert re.fullmatch(r"JM[3-6]\d\d", rule.code)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule.name)
    assert rule.summary.endswith(".") and len(rule.summary) < 100
    assert "Bad" in rule.doc and "Good" in rule.doc and rule.doc.count("```yaml") >= 2
    case_file = CASES_DIR / f"{rule.name}.yaml"
    assert case_file.is_file(), f"missing {case_file.name}"
    cases = yaml.safe_load(case_file.read_text(encoding="utf-8"))["cases"]
    assert any(case["expect"] == [] for case in cases), "no passing case"
    assert any(case["expect"] for case in cases), "no failing case"


def test_codes_and_names_are_unique():
    assert len({rule.code for rule in rules.ALL}) == len({rule.name for rule in rules.ALL}) == len(rules.ALL)


def test_one_catalog_holds_every_check_and_rule_with_unique_codes_and_names():
    from journeymap import catalog, checks

    entries = catalog.entries()
    assert [entry.code for entry in entries] == sorted({*checks.CODES, *(rule.code for rule in rules.ALL)})
    assert len({entry.name for entry in entries}) == len(entries)
    assert {entry.kind for entry in entries} == {"check", "rule"}
    assert all(entry.summary and entry.doc and entry.category for entry in entries)
    assert catalog.find("JM004").kind == "check" and catalog.find("stage-without-goal").kind == "rule"
    assert catalog.rule("JM004") is None  # checks cannot be configured, selected or suppressed
    assert sorted(code for code in checks.CODES if catalog.is_file_level(code)) == [f"JM00{digit}" for digit in range(8)]


def test_docs_rules_md_is_up_to_date():
    from journeymap.ruledocs import catalog_markdown

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == catalog_markdown(), (
        "docs/rules.md is stale: run `journeymap rules --format markdown > docs/rules.md`"
    )


def test_examples_lint_clean_with_the_default_configuration():
    workspace = Workspace(cwd=ROOT)
    active = active_rules(Config())
    found = []
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        checked = workspace.check(path)
        assert checked.problems == ()
        found += lint(checked.document, workspace.journey(checked), active, DEFAULT_TODAY, checked.is_library)
    assert [f"{p.file}:{p.position} {p.code}" for p in found] == []


def test_the_lifecycle_is_one_list_for_the_schema_the_model_and_lifecycle_order():
    import json

    from journeymap.model import LIFECYCLE
    from journeymap.rules import lifecycle_order

    schema = json.loads((ROOT / "schemas" / "journeymap.schema.json").read_text())
    kinds = schema["$defs"]["stage"]["properties"]["kind"]["enum"]
    assert tuple(kinds) == LIFECYCLE
    assert set(lifecycle_order._RANK) == set(LIFECYCLE)
    assert [lifecycle_order._RANK[kind] for kind in LIFECYCLE] == sorted(lifecycle_order._RANK[k] for k in LIFECYCLE)


def test_format_version_knows_format_1_keys_of_the_schemas_mappings_and_format_1_1_only_added_keys():
    import json

    from journeymap.rules import format_version

    definitions = {
        (): "map", ("personas", "*"): "persona", ("phases", "*"): "phase", ("touchpoints", "*"): "touchpoint",
        ("stages", "*"): "stage", ("stages", "*", "steps", "*"): "stepDetail",
        ("stages", "*", "pain_points", "*"): "painPointDetail", ("stages", "*", "opportunities", "*"): "opportunityDetail",
        ("stages", "*", "metrics", "*"): "metric",
    }  # fmt: skip
    schema = json.loads((ROOT / "schemas" / "journeymap.schema.json").read_text())["$defs"]
    assert set(format_version._FORMAT_1_KEYS) == set(definitions)
    for pattern, name in definitions.items():
        assert format_version._FORMAT_1_KEYS[pattern] <= set(schema[name]["properties"]), name
    top = format_version._FORMAT_1_KEYS[()]
    assert set(schema["library"]["properties"]) - top <= set(schema["map"]["properties"]) - top


@pytest.mark.parametrize("text", ["TODO", "a TBD.", "(FIXME)", "XxX", "xxxx", "Lorem Ipsum", "LOREM IPSUM", "lorem ipsum"])
def test_the_placeholder_prefilter_lets_through_everything_the_pattern_finds(text):
    from journeymap.rules import placeholder_text

    assert placeholder_text._PLACEHOLDER.search(text)
    assert placeholder_text._may_hold_placeholders(f"title: Boots\ngoal: {text}\n")
