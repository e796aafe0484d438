"""docs/diff.md shows what `journeymap diff` does: its examples are run here, on the repository they describe
(diff_scenario.py), and must print what the page says they print."""

from __future__ import annotations

import json
import re
import shlex
import textwrap
from typing import Any

import pytest
from markdown_it import MarkdownIt

import diff_scenario
from conftest import ROOT, needs
from journeymap.diff import KINDS, POLICIES

PAGE = (ROOT / "docs/diff.md").read_text(encoding="utf-8")
SKIPPED = "..."  # in an example's output: any number of lines left out


def console_examples(page: str) -> list[tuple[str, str]]:
    """Each `$ command` of the page's console blocks (also those indented in a list), with the output shown."""
    examples = []
    for indent, body in re.findall(r"^( *)```console\n(.*?)^\1```$", page, flags=re.S | re.M):
        text = textwrap.dedent(body)
        for chunk in re.split(r"^\$ ", text, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


def anchored(page: str, kind: str) -> list[tuple[str, str]]:
    """The blocks after an `<!-- journeymap ... -->` comment: (what the comment says, the block's text).
    `quote`: a blockquote, its '> ' taken off; `json`: a fenced JSON block."""
    if kind == "quote":
        found = re.findall(r"^<!-- (journeymap .*?) -->\n((?:>.*\n)+)", page, flags=re.M)
        return [(command, re.sub(r"^> ?", "", block, flags=re.M)) for command, block in found]
    return re.findall(r"^<!-- (journeymap [^\n]*?) -->\n```json\n(.*?)^```$", page, flags=re.M | re.S)


def matches(output: str, shown: str) -> bool:
    """Whether `output` is what the page shows: the same lines, where a line '...' stands for any lines."""
    parts = [part.splitlines() for part in re.split(rf"^{re.escape(SKIPPED)}\n", shown, flags=re.M)]
    lines = output.splitlines()
    if len(parts) == 1:
        return lines == parts[0]
    if lines[: len(parts[0])] != parts[0] or (parts[-1] and lines[-len(parts[-1]) :] != parts[-1]):
        return False
    at = len(parts[0])
    for part in parts[1:-1]:
        found = next((i for i in range(at, len(lines)) if lines[i : i + len(part)] == part), None)
        if found is None:
            return False
        at = found + len(part)
    return True


def abridged(actual: Any, shown: Any) -> Any:
    """`actual` with each list cut to the length the page shows it (objects keep all their keys)."""
    if isinstance(actual, dict) and isinstance(shown, dict):
        return {key: abridged(value, shown.get(key)) for key, value in actual.items()}
    if isinstance(actual, list) and isinstance(shown, list):
        return [abridged(value, shown[i]) for i, value in enumerate(actual[: len(shown)])]
    return actual


@pytest.fixture
def shop(tmp_path, monkeypatch):
    needs("git")
    root = diff_scenario.build(tmp_path / "shop")
    monkeypatch.chdir(root)
    return root


def _run(journeymap, command: str):
    words = shlex.split(command)
    assert words[0] == "journeymap", command
    return journeymap(*words[1:])


def test_every_console_example_prints_what_the_page_shows(journeymap, shop):
    examples = console_examples(PAGE)
    assert len(examples) >= 4
    for command, shown in examples:
        run = _run(journeymap, command)
        assert matches(run.stdout + run.stderr, shown), f"$ {command}\n{run.stdout}{run.stderr}"


def test_the_policy_example_fails_the_run_and_the_others_pass(journeymap, shop):
    assert _run(journeymap, "journeymap diff main...HEAD").exit_code == 0
    policies = "--fail-on new-high-pain-point-without-opportunity --fail-on removed-stage"
    assert _run(journeymap, f"journeymap diff main...HEAD {policies}").exit_code == 1


def test_the_markdown_example_is_the_report_and_renders_as_tables(journeymap, shop):
    [(command, shown)] = anchored(PAGE, "quote")
    assert _run(journeymap, command).stdout.rstrip("\n") == shown.rstrip("\n")  # the report ends with a blank line
    html = MarkdownIt("commonmark").enable("table").render(shown)
    assert html.count("<table>") == 3  # the changes of two maps, and one map's emotion curves
    assert "<td>🔴 high</td>" in html and "<td><code>▅▇▅·</code></td>" in html
    assert "add one with 'addresses: [declined]'" in html  # escaped brackets read as brackets


def test_the_json_examples_are_the_report_cut_short(journeymap, shop):
    examples = anchored(PAGE, "json")
    assert len(examples) == 2
    for anchor, shown in examples:
        command, _, pointer = anchor.partition(": ")
        actual = json.loads(_run(journeymap, command).stdout)
        for key in filter(None, pointer.split("/")):
            actual = actual[int(key) if key.isdigit() else key]
        assert abridged(actual, json.loads(shown)) == json.loads(shown), anchor


def test_the_tables_name_every_kind_of_change_and_every_policy():
    listed = set(re.findall(r"`([a-z-]+)`", PAGE))
    for kind in KINDS:
        element, what = kind.rsplit("-", 1)
        assert kind in listed or (what in ("added", "removed", "changed") and element in listed), kind
    for policy in POLICIES:
        assert f"| `{policy.name}` | {policy.description} |" in PAGE


def test_the_page_reads_as_markdown_without_raw_html_from_the_examples():
    html = MarkdownIt("commonmark").enable("table").render(PAGE)
    assert "<script" not in html and html.count("<blockquote>") == 1


def test_the_readme_excerpt_is_lines_of_the_report_in_order(journeymap, shop):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Diff") :]
    excerpt = section[section.index("```text\n") + 8 : section.index("\n```", section.index("```text"))]
    lines = iter(_run(journeymap, "journeymap diff main...HEAD").lines)
    for line in excerpt.splitlines():
        assert line == SKIPPED or any(line == printed for printed in lines), line  # each found after the one before


def test_a_path_after_a_double_dash_is_a_path_even_when_it_names_a_branch(journeymap, shop):
    (shop / "card-errors").mkdir()  # a folder named like the branch
    run = journeymap("diff", "main", "--", "card-errors")
    assert run.exit_code == 0, run.stderr
    assert run.lines == ["No change to any journey: main → the working tree (0 maps compared)."]
