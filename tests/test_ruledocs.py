"""docs/rules.md's map from the seven-step method of building a journey map to the rules that check it."""

from __future__ import annotations

from journeymap import rules
from journeymap.ruledocs import ABOUT_THE_FILE, METHOD, catalog_markdown

# Rules listed under the method whose modules are being added alongside: remove each once it is registered.
NOT_YET_REGISTERED: set[str] = set()  # rules listed under the method before their modules exist


def test_the_method_has_seven_steps_and_every_rule_but_those_about_the_file_is_under_one():
    listed = [name for step in METHOD for name in step.rules]
    registered = {rule.name for rule in rules.ALL}
    assert len(METHOD) == 7
    assert not {name for name in listed if name not in registered} - NOT_YET_REGISTERED, "a name no rule has"
    assert not NOT_YET_REGISTERED & registered, "registered now: remove it from NOT_YET_REGISTERED"
    assert set(ABOUT_THE_FILE) <= registered and not set(ABOUT_THE_FILE) & set(listed)
    assert registered - set(ABOUT_THE_FILE) <= set(listed), "a rule under no step of the method"
    assert all(len(step.rules) == len(set(step.rules)) for step in METHOD)


def test_rules_md_links_each_registered_rule_of_the_method_to_its_section():
    markdown = catalog_markdown()
    section = markdown[markdown.index("## Rules and the seven-step method") : markdown.index("## Catalog")]
    assert "| 1. Objective | Choose what the map is for" in section
    for rule in rules.ALL:
        link = f"[`{rule.name}`](#{rule.code.lower()}-{rule.name})"
        assert link in section
        assert f"### {rule.code} {rule.name}\n" in markdown  # the heading the link's anchor is made from
