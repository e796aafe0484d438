"""The diff report in its three formats: text, markdown for pull requests, and stable JSON."""

from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt

from test_render import journey_of, write_map
from journeymap.diff import MapSide, compare, failing
from journeymap.diff.report import DiffReport, formatted, headline, text_lines

BASE = """\
journeymap: 1.1
title: Checkout
personas: [{id: ann, name: Ann Lee, goals: [Pay fast]}]
stages:
  - id: cart
    name: Cart
    steps:
      - {id: add, name: Adds boots to the cart, emotion: 1}
    pain_points:
      - {id: slow, description: The cart page is slow, severity: medium}
    opportunities:
      - {description: Speed up the cart, addresses: [slow], status: idea, owner: Web}
  - id: pay
    name: Payment
    steps:
      - {id: card, name: Pays by card, emotion: 0, moment_of_truth: true}
    metrics:
      - {name: Conversion, unit: "%", target: 60, actual: 50, direction: increase}
"""
HEAD = (BASE.replace("status: idea", "status: in_progress").replace("emotion: 0", "emotion: -2")
        .replace("actual: 50", "actual: 45")
        .replace("    metrics:", "    pain_points:\n      - {id: declined, description: Card declined | <b>no</b> reason, "
                 "severity: high}\n    metrics:"))  # fmt: skip
POLICY = "new-high-pain-point-without-opportunity"


def _report(tmp_path) -> DiffReport:
    base = journey_of(write_map(tmp_path, BASE, "base.journey.yaml"))[0]
    head = journey_of(write_map(tmp_path, HEAD, "head.journey.yaml"))[0]
    diff = compare(MapSide("maps/checkout.journey.yaml", base), MapSide("maps/checkout.journey.yaml", head))
    same = compare(MapSide("maps/same.journey.yaml", base), MapSide("maps/same.journey.yaml", base))
    return DiffReport("main", "the working tree", (same, diff), failing=tuple(failing([diff], [POLICY])),
                      policies=(POLICY,))  # fmt: skip


def test_the_text_report_lists_each_change_most_important_first_then_what_fails_and_the_headline(tmp_path):
    lines = [line.plain for line in text_lines(_report(tmp_path))]
    assert lines[0] == "maps/checkout.journey.yaml (changed) — Checkout"
    assert [line.split()[0] for line in lines[1:6]] == ["high", "high", "medium", "medium", "low"]
    assert lines[1].startswith("  high   New high-severity pain point 'Card declined | <b>no</b> reason' in stage "
                               "'Payment', with no opportunity addressing it  (")  # fmt: skip
    assert lines[6] == "  emotion  Ann Lee (current): ▇▅ → ▇▁"  # the persona by its name
    assert lines[7].startswith(f"fails --fail-on {POLICY}: New high-severity pain point")
    assert lines[-1] == "1 map changed: main → the working tree (2 high, 2 medium, 1 low)."
    assert "same.journey.yaml" not in "\n".join(lines)  # an unchanged map is compared, not listed


def test_an_unchanged_run_says_so_in_one_line(tmp_path):
    report = _report(tmp_path)
    quiet = DiffReport("main", "HEAD", report.diffs[:1])
    assert [line.plain for line in text_lines(quiet)] == ["No change to any journey: main → HEAD (1 map compared)."]
    assert headline(quiet) == "No change to any journey: main → HEAD (1 map compared)."


def test_the_markdown_renders_as_tables_with_user_text_literal(tmp_path):
    text = formatted("markdown", _report(tmp_path))
    assert text.startswith("### journeymap diff: 1 map changed: main → the working tree (2 high, 2 medium, 1 low).\n")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert html.count("<table>") == 2  # the changes, and the emotion curves before and after
    assert "<b>no</b>" not in html and "Card declined | &lt;b&gt;no&lt;/b&gt; reason" in html
    assert "<td>Ann Lee (current)</td>\n<td><code>▇▅</code></td>\n<td><code>▇▁</code></td>" in html
    assert "<strong>Fails:</strong>" in html


def test_the_json_report_is_stable_plain_data_with_every_key(tmp_path):
    data = json.loads(formatted("json", _report(tmp_path)))
    assert list(data) == ["version", "base", "head", "counts", "maps", "problems", "policies", "failing"]
    assert (data["version"], data["counts"]) == (1, {"high": 2, "medium": 2, "low": 1, "info": 0})
    assert [entry["status"] for entry in data["maps"]] == ["changed", "unchanged"]  # most important first
    assert [change["kind"] for change in data["maps"][0]["changes"]] == [
        "pain-point-added", "emotion-dropped", "emotion-dropped", "metric-away-from-target", "opportunity-status-forward",
    ]  # fmt: skip
    assert data["failing"][0]["policy"] == POLICY and data["failing"][0]["change"]["kind"] == "pain-point-added"
    assert formatted("json", _report(tmp_path)) == formatted("json", _report(tmp_path))


def test_the_json_report_follows_its_published_schema(tmp_path):
    import jsonschema_rs

    from conftest import ROOT
    from journeymap.diff.changes import ELEMENTS, KINDS

    schema = json.loads((ROOT / "schemas" / "diff.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["change"]["properties"]["kind"]["enum"] == list(KINDS)  # every kind, and no other
    assert schema["$defs"]["change"]["properties"]["element"]["enum"] == list(ELEMENTS)
    validator = jsonschema_rs.validator_for(schema)
    data = json.loads(formatted("json", _report(tmp_path)))
    assert [error.message for error in validator.iter_errors(data)] == []
    data["maps"][0]["changes"][0]["kind"] = "pain-point-teleported"
    assert not validator.is_valid(data)


def test_sparklines_spread_the_scores_evenly_and_mentions_are_not_notified(tmp_path):
    from journeymap.diff.report import _md, _sparkline

    assert _sparkline([(str(s), s) for s in (-2, -1, 0, 1, 2)] + [("x", None)]) == "▁▃▅▇█·"
    assert _sparkline([]) == "(none)"
    assert _md("@web-team | **now**") == "@\u2060web-team \\| \\*\\*now\\*\\*"


def test_the_headline_counts_the_maps_that_could_not_be_compared(tmp_path):
    from journeymap.problems import START, Problem, Severity

    report = _report(tmp_path)
    broken = Problem("maps/x.journey.yaml", START, Severity.ERROR, "JM003", "yaml-syntax", "invalid YAML")
    assert headline(DiffReport("main", "HEAD", report.diffs[:1], (broken,))) == (
        "No change to any journey: main → HEAD (1 map compared; 1 map could not be compared).")
    assert headline(DiffReport("main", "HEAD", report.diffs, (broken,))).endswith(
        "(2 high, 2 medium, 1 low; 1 map could not be compared).")


def test_the_headline_counts_files_with_problems_not_problems(tmp_path):
    from journeymap.problems import START, Problem, Severity

    report = _report(tmp_path)
    two = [Problem("maps/x.journey.yaml", START, Severity.ERROR, "JM202", "unknown-reference", f"unknown {n}")
           for n in ("a", "b")]  # fmt: skip
    assert headline(DiffReport("main", "HEAD", report.diffs[:1], tuple(two))).endswith(
        "(1 map compared; 1 map could not be compared).")


def test_the_json_written_a_map_at_a_time_is_the_whole_report_dumped_at_once(tmp_path):
    from journeymap.diff.report import as_data, pieces

    report = _report(tmp_path)
    for shape in (report, DiffReport("main", "HEAD", ()), DiffReport("main", "HEAD", report.diffs[:1]),
                  DiffReport("a\n\"maps\": []", "HEAD", report.diffs[::-1])):  # fmt: skip
        whole = json.dumps(as_data(shape), ensure_ascii=False, indent=2) + "\n"
        assert "".join(pieces("json", shape)) == formatted("json", shape) == whole


def test_the_maps_are_kept_in_a_file_and_read_back_most_important_first(tmp_path):
    from journeymap.diff.store import MapDiffs

    same, changed = _report(tmp_path).diffs
    kept = MapDiffs([same, changed, same])
    assert (len(kept), kept[1], kept[-1], kept[:2]) == (3, changed, same, (same, changed))
    assert list(kept) == [same, changed, same] and kept[1] is not changed  # read back, equal
    assert list(kept.in_order()) == [changed, same, same]
    assert list(kept.in_order(changed_only=True)) == [changed] and kept.changed_count() == 1
    assert kept.counts() == {"high": 2, "medium": 2, "low": 1, "info": 0}


@pytest.mark.parametrize("order", ["by path", "out of order", "late out of order"])
def test_maps_of_one_rank_come_by_path_in_whatever_order_they_were_added(tmp_path, order):
    from journeymap.diff.store import MapDiffs
    from journeymap.record import replace

    same, changed = _report(tmp_path).diffs
    paths = {"by path": "abcde", "out of order": "dbeac", "late out of order": "abcea"}[order]
    diffs = [replace(same if i % 2 else changed, base_path=p, head_path=p) for i, p in enumerate(paths)]
    kept = MapDiffs(diffs)
    expected = sorted(diffs, key=lambda diff: (min(change.rank for change in diff.changes) if diff.changes else 4,
                                               diff.path))  # fmt: skip
    assert [diff.path for diff in kept.in_order()] == [diff.path for diff in expected]
    assert [diff.path for diff in kept] == list(paths) and len(kept) == 5


def test_a_closed_report_has_let_its_file_go(tmp_path):
    report = _report(tmp_path)
    assert report.changed_count == 1
    report.close()
    with pytest.raises(ValueError, match="closed file"):
        list(report.in_order())


def test_policies_are_applied_policy_by_policy_then_map_by_map(tmp_path):
    same, changed = _report(tmp_path).diffs
    found = failing([changed, same, changed], [POLICY, "any-change", POLICY])
    assert [policy for policy, _ in found] == [POLICY, POLICY, *["any-change"] * 10, POLICY, POLICY]
    assert failing([changed], []) == []
