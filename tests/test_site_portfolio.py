"""journeymap site: the pages across maps (pain points, opportunities, metrics, reviews, personas) and the
persona pages: what portfolio.views makes of the maps' entries, what the pages show of it in the browser,
and that they load from file:// alone, escape every map string and can be used from the keyboard."""

from __future__ import annotations

import datetime
import json
import pickle
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, needs
from journeymap.site import pages, places, portfolio
from journeymap.site.build import Settings
from journeymap.spill import Rows, Store
from site_browser import open_page

TODAY = datetime.date.today()
RECENT = (TODAY - datetime.timedelta(days=10)).isoformat()  # a review that is never overdue on the day the tests run
HOSTILE = "<script>alert(1)</script>"

ALPHA = f"""
    journeymap: 1.1
    title: "{HOSTILE}"
    owner: Team A
    reviewed: 2020-01-01
    personas:
      - {{id: maya, name: Maya Brennan, occupation: Designer, quote: "I want it to fit.", goals: [Boots that fit]}}
    stages:
      - id: look
        name: Looking around
        kind: awareness
        emotion: 1
        pain_points:
          - {{id: no-size, description: "Sizes are <b>hidden</b>", severity: medium}}
      - id: checkout
        name: Checkout & pay
        kind: purchase
        emotion: -2
        pain_points:
          - {{id: shipping, description: Shipping cost shows up late, severity: high}}
          - {{id: slow, description: The page is slow, severity: low}}
        opportunities:
          - {{id: show-cost, description: Show the delivery cost early, addresses: [shipping], owner: Team A,
             status: planned, effort: low, impact: Fewer drop-offs}}
          - {{id: sizes, description: A size guide, addresses: [no-size], owner: Team B, status: in_progress,
             effort: high}}
          - {{id: meetup, description: A customer meet-up, owner: Team B, status: idea, effort: low}}
          - {{id: faster, description: A faster page, addresses: [slow], owner: Team A, status: done, effort: medium}}
        metrics:
          - {{id: conv, name: Checkout conversion, unit: "%", target: 50, actual: 40, baseline: 30, direction: increase,
             measured: 2026-10-01}}
          - {{id: calls, name: Calls per order, target: 1, actual: 3, direction: decrease}}
          - {{id: returns, name: Return rate, unit: "%", target: 10, actual: 5, direction: decrease}}
          - {{id: nps, name: NPS, actual: 20}}
"""
BETA = """
    journeymap: 1.1
    title: Beta journey
    owner: Team B
    personas:
      - {id: maya, name: Maya B., occupation: Architect}
      - {id: owen, name: Owen Hartley}
    stages:
      - id: need
        name: Needing boots
        kind: need
        emotions:
          - {persona: maya, emotion: -1}
          - {persona: owen, emotion: 2}
        pain_points:
          - {description: Nobody knows the brand, severity: high, personas: [owen]}
      - id: wait
        name: Waiting
        pain_points:
          - {description: No news while waiting, severity: medium}
          - {description: The box is too big}
      - id: wear
        name: Wearing them
        kind: usage
        emotions:
          - {persona: owen, emotion: 1}
"""
GAMMA = f"""
    journeymap: 1
    title: Gamma
    reviewed: {RECENT}
    stages:
      - id: only
        name: Only stage
"""
EMPTY = f"""
    journeymap: 1
    title: Nothing yet
    reviewed: {RECENT}
    stages:
      - id: only
        name: Only stage
"""


@pytest.fixture
def small(tree, journeymap, monkeypatch):
    """The site of three small maps written here (alpha, beta, gamma), built in tmp_path/pub."""
    needs("dot")
    for name in ("GITHUB_REPOSITORY", "GITHUB_SHA", "CI_PROJECT_URL", "CI_COMMIT_SHA"):
        monkeypatch.delenv(name, raising=False)
    root = tree({"maps/alpha.journey.yaml": ALPHA, "maps/beta.journey.yaml": BETA, "maps/gamma.journey.yaml": GAMMA})
    result = journeymap("site", "maps", "-d", "pub", "--views", "map")
    assert result.exit_code == 0, result.stderr
    return root / "pub"


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """The site of the examples, built once for the module's browser tests."""
    needs("dot")
    from typer.testing import CliRunner

    from journeymap.cli import app

    folder = tmp_path_factory.mktemp("examples")
    shutil.copytree(ROOT / "examples", folder / "maps")
    result = CliRunner().invoke(app, ["site", str(folder / "maps"), "-d", str(folder / "pub"), "--views", "map"])
    assert result.exit_code == 0, result.stderr
    return folder / "pub"


def entries_of(site: Path) -> list[dict]:
    """The maps' entries as the last build kept them, in the order of their files."""
    return list(json.loads((site / places.MANIFEST).read_text(encoding="utf-8"))["maps"].values())


def texts(page, selector: str) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(selector).all_inner_texts()]


def hrefs(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "links => links.map(link => link.getAttribute('href'))")


# What portfolio.views makes of the entries


def test_open_pain_points_are_counted_by_severity_and_lifecycle_kind(small):
    views = portfolio.views(entries_of(small))
    assert views["pain_matrix"] == {
        "kinds": ["need", "awareness", "purchase", None],
        "rows": [{"severity": "high", "cells": [1, 0, 1, 0], "total": 2},
                 {"severity": "medium", "cells": [0, 1, 0, 1], "total": 2},
                 {"severity": "low", "cells": [0, 0, 1, 0], "total": 1},
                 {"severity": None, "cells": [0, 0, 0, 1], "total": 1}],
        "totals": [1, 1, 2, 2], "total": 6,
    }  # fmt: skip
    # severity first, then the kind in lifecycle order (none last), then the map
    assert [(pain["severity"], pain["kind"], pain["description"]) for pain in views["pain_points"]] == [
        ("high", "need", "Nobody knows the brand"), ("high", "purchase", "Shipping cost shows up late"),
        ("medium", "awareness", "Sizes are <b>hidden</b>"), ("medium", None, "No news while waiting"),
        ("low", "purchase", "The page is slow"), (None, None, "The box is too big"),
    ]  # fmt: skip
    assert [(group["kind"], len(group["pains"])) for group in views["pain_kinds"]] == [
        ("need", 1), ("awareness", 1), ("purchase", 2), (None, 2)]
    assert views["pain_points"][0]["persona_names"] == ["Owen Hartley"]


def test_opportunities_make_a_board_a_list_by_owner_and_a_value_effort_matrix(small):
    views = portfolio.views(entries_of(small))
    board = [(column["status"], [idea["id"] for idea in column["ideas"]]) for column in views["opportunity_board"]]
    assert board == [("idea", ["meetup"]), ("planned", ["show-cost"]), ("in_progress", ["sizes"]), ("done", ["faster"])]
    owners = [(group["owner"], [idea["id"] for idea in group["ideas"]], group["open"]) for group in
              views["opportunity_owners"]]  # fmt: skip
    assert owners == [("Team A", ["show-cost", "faster"], 1), ("Team B", ["meetup", "sizes"], 2)]
    # value: the highest severity addressed; done ones are left out, unaddressed ones are not placed
    matrix = views["value_effort"]
    cells = {(row["value"], cell["effort"]): [idea["id"] for idea in cell["ideas"]] for row in matrix["rows"]
             for cell in row["cells"]}  # fmt: skip
    assert {place: ids for place, ids in cells.items() if ids} == {("high", "low"): ["show-cost"],
                                                                   ("medium", "high"): ["sizes"]}  # fmt: skip
    assert [cell["quadrant"] for cell in matrix["rows"][0]["cells"]] == ["quick_win", None, "major_project"]
    assert [idea["id"] for idea in matrix["unplaced"]] == ["meetup"]


def test_metrics_off_target_come_furthest_off_first_with_their_gap_and_progress(small):
    views = portfolio.views(entries_of(small))
    found = [(metric["id"], metric["gap"], metric["share"], metric["progress"]) for metric in views["metrics"]]
    assert found == [("calls", 2, 2.0, None), ("conv", -10, 0.2, 0.5)]
    assert views["metric_counts"] == {"off": 2, "on": 1, "unjudged": 1}


def test_reviews_list_the_overdue_then_the_never_reviewed_and_keep_the_others_apart(small):
    views = portfolio.views(entries_of(small))
    assert [(found["title"], found["due"]) for found in views["reviews"]] == [(HOSTILE, "2020-06-29"),
                                                                             ("Beta journey", None)]  # fmt: skip
    assert [found["title"] for found in views["reviews_up_to_date"]] == ["Gamma"]


def test_a_persona_in_two_maps_keeps_the_first_maps_words_and_notes_the_others(small):
    views = portfolio.views(entries_of(small))
    maya, owen = views["personas"]
    assert (maya["name"], maya["occupation"], maya["described_in"]["title"]) == ("Maya Brennan", "Designer", HOSTILE)
    assert [(variant["map"]["title"], variant["name"], variant["fields"]) for variant in maya["variants"]] == [
        ("Beta journey", "Maya B.", ["name", "occupation", "quote", "goals"])]
    assert [(journey["map"]["title"], journey["points"]) for journey in maya["journeys"]] == [
        (HOSTILE, [1, -2]), ("Beta journey", [-1, None, None])]
    assert maya["journeys"][0]["low"] == {"stage": "Checkout & pay", "score": -2}
    assert (owen["name"], owen["variants"], len(owen["journeys"])) == ("Owen Hartley", [], 1)


def test_the_rows_read_back_from_disk_are_the_rows_and_a_worker_reads_the_same_file(small):
    """The views keep their rows in a file (spill.Rows); the worker that writes half the pages is sent the
    file's name and where its rows are, never the rows themselves."""
    views = portfolio.views(entries_of(small))
    ideas = views["opportunities"]
    assert isinstance(ideas, Rows) and len(ideas) == 4 and list(ideas)[2] == ideas[2] == ideas[-2]
    assert ideas[0]["map"]["title"] and ideas[:2] == list(ideas)[:2]
    sent = pickle.dumps(views)
    assert ideas[0]["description"].encode() not in sent
    assert pickle.loads(sent) == views
    with pytest.raises(TypeError):
        pickle.dumps(Rows(Store(), []))


def test_the_rows_of_each_map_reviews_and_persona_journeys_are_read_back_from_disk_too(small):
    """A thousand maps give a thousand reviews and journeys of each persona: they are kept like the other rows."""
    views = portfolio.views(entries_of(small))
    maya = views["personas"][0]
    for rows in (views["reviews"], views["reviews_up_to_date"], maya["journeys"], maya["variants"]):
        assert isinstance(rows, Rows) and len(rows) and rows[0] == list(rows)[0]


def test_resolved_pain_points_are_kept_apart_the_latest_first(small):
    found = entries_of(small)
    alpha = found[0]
    alpha["pain_points"][2]["resolved"] = "2026-01-15"  # The page is slow
    alpha["pain_points"][1]["resolved"] = "2026-03-01"  # Shipping cost shows up late
    views = portfolio.views(found)
    assert [pain["description"] for pain in views["pain_points_resolved"]] == ["Shipping cost shows up late",
                                                                               "The page is slow"]  # fmt: skip
    assert views["pain_matrix"]["total"] == 4
    pages.site_pages(found, Settings(out_dir=small, today=TODAY))
    page = (small / places.PORTFOLIO["pain_points"]).read_text(encoding="utf-8")
    assert "4 open pain points across 3 maps; 2 resolved." in page
    resolved = page[page.index('<h2 id="resolved">'):]
    assert re.findall(r'<td class="pf-nowrap">([^<]+)</td>', resolved) == ["2026-03-01", "2026-01-15"]


def test_views_are_sorted_by_a_full_key_whatever_the_order_of_the_maps(small):
    found = entries_of(small)
    forward, backward = portfolio.views(found), portfolio.views(found[::-1])
    assert {key: value for key, value in backward.items() if key != "personas"} == {
        key: value for key, value in forward.items() if key != "personas"}
    # the personas alone depend on the order: the first map that has one gives its words
    assert (forward["personas"][0]["name"], backward["personas"][0]["name"]) == ("Maya Brennan", "Maya B.")


# What the pages show


def test_the_pain_points_page_shows_the_matrix_and_links_every_row_to_its_stage(small, browser):
    page = open_page(browser, (small / "pain-points.html").as_uri())
    assert texts(page, ".page-head p") == ["6 open pain points across 3 maps; 0 resolved."]
    assert texts(page, ".pf-matrix thead th") == ["Severity", "Need", "Awareness", "Purchase", "Not classified",
                                                  "Total"]  # fmt: skip
    assert texts(page, ".pf-matrix tbody tr") == ["High 1 · 1 · 2", "Medium · 1 · 1 2", "Low · · 1 · 1",
                                                  "Not rated · · · 1 1"]  # fmt: skip
    assert texts(page, ".pf-matrix tfoot tr") == ["Total 1 1 2 2 6"]
    assert texts(page, "section[aria-labelledby=by-severity] tbody td:first-child") == [
        "Nobody knows the brand", "Shipping cost shows up late", "Sizes are <b>hidden</b>", "No news while waiting",
        "The page is slow", "The box is too big"]  # fmt: skip
    assert hrefs(page, "section[aria-labelledby=by-severity] tbody td:nth-child(3) a") == [
        "maps/beta.html#stage-need", "maps/alpha.html#stage-checkout", "maps/alpha.html#stage-look",
        "maps/beta.html#stage-wait", "maps/alpha.html#stage-checkout", "maps/beta.html#stage-wait"]  # fmt: skip
    # a hostile title and description are text, never markup
    assert texts(page, "section[aria-labelledby=by-severity] tbody .pf-map") == [
        "Beta journey", HOSTILE, HOSTILE, "Beta journey", HOSTILE, "Beta journey"]
    assert page.locator("b").count() == 0 and page.locator("main script").count() == 0
    html = (small / "pain-points.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and HOSTILE not in html
    assert page.journeymap_errors == []


def test_the_opportunities_page_has_a_board_owners_and_the_matrix(small, browser):
    page = open_page(browser, (small / "opportunities.html").as_uri())
    assert texts(page, ".page-head > p") == ["4 opportunities across 3 maps, carried out by 2 owners."]
    assert texts(page, ".pf-column h3") == ["Idea 1", "Planned 1", "In progress 1", "Done 1"]
    assert texts(page, ".pf-card-title") == ["A customer meet-up", "Show the delivery cost early", "A size guide",
                                             "A faster page"]  # fmt: skip
    assert texts(page, ".pf-column-planned .pf-card-tags") == ["High value Low effort"]
    assert texts(page, ".pf-column-planned .pf-facts") == ["Owner Team A Impact Fewer drop-offs Addresses High "
                                                           "Shipping cost shows up late"]  # fmt: skip
    assert texts(page, ".pf-quadrant-quick_win") == ["Quick wins 1 opportunity Show the delivery cost early "
                                                     f"{HOSTILE}"]  # fmt: skip
    assert texts(page, ".pf-cell-v-medium.pf-cell-e-high li") == [f"A size guide {HOSTILE}"]
    assert texts(page, ".pf-grid tbody th") == ["High value", "Medium value", "Low value"]
    assert texts(page, ".pf-owners tbody th") == ["Team A", "Team B"]
    assert texts(page, ".pf-owners tbody td.number") == ["1", "1", "2", "0"]
    assert page.journeymap_errors == []


def test_the_metrics_page_says_how_far_off_each_metric_is(small, browser):
    page = open_page(browser, (small / "metrics.html").as_uri())
    assert texts(page, ".page-head p") == ["2 of 3 metrics with a target are off target, across 3 maps.",
                                           "Not judged: 1 metric without a target, an actual value or a direction."]
    assert texts(page, ".pf-metric-name") == ["Calls per order", "Checkout conversion"]
    assert texts(page, ".pf-metrics tbody td:nth-child(5)") == ["+2 200% above the target",
                                                                "−10 points 20% below the target"]  # fmt: skip
    assert texts(page, ".pf-metrics tbody td:nth-child(6)") == ["No baseline", "From 30% 50% of the way"]
    assert page.locator(".pf-bar-50").count() == 1


def test_the_reviews_page_puts_the_most_overdue_first_and_counts_the_days(small, browser):
    page = open_page(browser, (small / "reviews.html").as_uri())
    days = (TODAY - datetime.date(2020, 6, 29)).days
    assert texts(page, "#overdue ~ div tbody tr") == [f"{HOSTILE} maps/alpha.journey.yaml Team A 2020-01-01 "
                                                      f"2020-06-29 {days} days"]  # fmt: skip
    assert texts(page, "#never ~ div tbody tr") == ["Beta journey maps/beta.journey.yaml Team B"]
    assert texts(page, "#never ~ p") == ["Add reviewed: with the date the map was last checked against real results."]
    assert texts(page, "#up-to-date ~ div tbody td:first-child a") == ["Gamma"]


def test_the_persona_pages_show_every_journey_with_its_curve_and_scores(small, browser):
    page = open_page(browser, (small / "personas.html").as_uri())
    assert texts(page, ".pf-persona-name") == ["Maya Brennan", "Owen Hartley"]
    assert hrefs(page, ".pf-persona-name a") == ["personas/maya.html", "personas/owen.html"]
    assert texts(page, ".pf-persona .pf-meta") == ["2 journeys", "1 journey"]
    page = open_page(browser, (small / places.persona_page("maya")).as_uri())
    assert texts(page, "h1") == ["Maya Brennan"]
    assert texts(page, ".pf-note li") == ["Beta journey: as Maya B. differs in name, occupation, quote, goals"]
    assert texts(page, ".pf-journey h3") == [HOSTILE, "Beta journey"]
    assert hrefs(page, ".pf-journey h3 a") == ["../maps/alpha.html", "../maps/beta.html"]
    assert texts(page, ".pf-curve-table thead") == ["Stage Looking around Checkout & pay",
                                                    "Stage Needing boots Waiting Wearing them"]  # fmt: skip
    assert texts(page, ".pf-curve-table tbody") == ["Emotion 1 -2", "Emotion -1 – –"]
    labels = page.eval_on_selector_all(".pf-journey svg", "svgs => svgs.map(svg => svg.getAttribute('aria-label'))")
    assert labels[0] == (f"Emotion curve of Maya Brennan in {HOSTILE}, from -2 to 2 by stage: lowest at Checkout & "
                         "pay, highest at Looking around. The table below gives every score.")  # fmt: skip
    # a gap for the stages without a score: one line of one point draws no polyline, only its dot
    assert page.locator(".pf-journey:nth-of-type(2) svg polyline").count() == 0
    assert page.locator(".pf-journey:nth-of-type(2) svg circle").count() == 1
    assert page.journeymap_errors == []


def test_empty_pages_say_what_to_add(tree, journeymap, browser):
    needs("dot")
    root = tree({"maps/empty.journey.yaml": EMPTY})
    assert journeymap("site", "maps", "-d", "pub", "--views", "map").exit_code == 0
    expected = {
        "pain-points.html": "No map has open pain points yet: add pain_points: to a stage, each with its severity, "
                            "to see here what goes wrong for customers.",
        "opportunities.html": "No map has opportunities yet: add opportunities: to a stage, with an owner and a "
                              "status, to plan what the business will do.",
        "metrics.html": "No map has metrics with a target yet: add metrics: to a stage, with a target, an actual "
                        "value and a direction, to see here which are off target.",
        "reviews.html": "Every map has been reviewed on time: none is overdue.",
        "personas.html": "No map has personas yet: add personas: to a map and name them in its steps, to follow "
                         "each one across journeys.",
    }  # fmt: skip
    for name, text in expected.items():
        page = open_page(browser, (root / "pub" / name).as_uri())
        assert texts(page, ".pf-empty") == [text], name
        page.context.close()


def test_the_pages_across_maps_speak_the_sites_locale(tree, journeymap, small):
    assert journeymap("site", "maps", "-d", "es", "--views", "map", "--locale", "es").exit_code == 0
    html = (small.parent / "es" / "opportunities.html").read_text(encoding="utf-8")
    assert "4 oportunidades en 3 mapas, a cargo de 2 responsables." in html
    assert ">Victorias rápidas<" in html and ">Esfuerzo bajo<" in html
    metrics = (small.parent / "es" / "metrics.html").read_text(encoding="utf-8")
    assert "−10 puntos" in metrics and "20 % por debajo del objetivo" in metrics


# The examples in the browser


@pytest.mark.parametrize("path", [*places.PORTFOLIO.values(), places.persona_page("lucia")])
def test_every_page_across_maps_loads_from_file_with_no_error_and_nothing_from_outside(examples, browser, path):
    page = open_page(browser, (examples / path).as_uri())
    assert page.journeymap_errors == []
    site = examples.as_uri() + "/"
    assert [url for url in page.journeymap_requests if not url.startswith(site)] == []
    assert page.locator("h1").count() == 1
    assert page.locator("img:not([alt]), svg:not([aria-label]):not([aria-hidden=true])").count() == 0


def test_the_examples_pages_add_up(examples, browser):
    views = portfolio.views(entries_of(examples))
    assert views["pain_matrix"]["total"] == len(views["pain_points"]) == sum(views["pain_matrix"]["totals"])
    page = open_page(browser, (examples / "pain-points.html").as_uri())
    assert page.locator("section[aria-labelledby=by-severity] tbody tr").count() == views["pain_matrix"]["total"]
    assert page.locator(".pf-kind li").count() == views["pain_matrix"]["total"]
    # the examples give one persona id to two people: the page notes it and says what to do
    page = open_page(browser, (examples / places.persona_page("lucia")).as_uri())
    assert "Lucía Ortega" in " ".join(texts(page, ".pf-note li"))
    assert texts(page, ".pf-note p.pf-meta") == ["Where the name differs, these may be different people: give each "
                                                 "one an id of its own in the maps."]  # fmt: skip


def test_the_keyboard_reaches_every_link_of_the_board(examples, browser):
    page = open_page(browser, (examples / "opportunities.html").as_uri())
    links = page.locator(".pf-board a").count()
    assert links == len(portfolio.views(entries_of(examples))["opportunities"])
    reached = set()
    for _ in range(links + 40):  # the skip link, the header and the jump links come first
        page.keyboard.press("Tab")
        found = page.evaluate("document.activeElement.closest('.pf-board') ? "
                              "[...document.querySelectorAll('.pf-board a')].indexOf(document.activeElement) : -1")
        if found >= 0:
            reached.add(found)
        elif reached:
            break
    assert reached == set(range(links))


def test_the_print_layout_fits_the_board_on_a3(examples, browser):
    page = open_page(browser, (examples / "opportunities.html").as_uri())
    page.emulate_media(media="print")
    board = "getComputedStyle(document.querySelector('.pf-board'))"
    columns = page.evaluate(f"{board}.gridTemplateColumns.split(' ').length")
    assert columns == 4
    assert page.evaluate("getComputedStyle(document.querySelector('.pf-jump')).display") == "none"
    assert page.pdf(format="A3", landscape=True)[:5] == b"%PDF-"


def test_the_views_read_only_the_keys_they_say_they_read(examples, small):
    """pages.py keeps the pages across maps when portfolio.READS are as the last build found them: every other
    key of an entry must leave the views as they are."""
    entries = entries_of(examples) + entries_of(small)
    changed = [{key: (value if key in portfolio.READS else _other(value)) for key, value in item.items()} for item in entries]
    assert portfolio.views(changed) == portfolio.views(entries)
    assert portfolio.persona_ids(entries) == [persona["id"] for persona in portfolio.views(entries)["personas"]]


def _other(value):
    if isinstance(value, bool) or value is None:
        return "changed"
    if isinstance(value, (int, float)):
        return value + 1
    return [] if isinstance(value, (list, tuple)) else f"{value} changed" if isinstance(value, str) else {}


def test_a_packed_row_sorts_as_its_facts_do_and_gives_each_fact_back():
    rows = [portfolio._METRIC.pack(share=portfolio._furthest_first(share), where=where, order=0, number=number)
            for number, (share, where) in enumerate([(None, 0), (0.5, 2), (2.0, 1), (0.5, 1), (1e308 * 10, 3)])]
    assert [row & portfolio._NUMBER for row in sorted(rows)] == [4, 2, 3, 1, 0]  # furthest off, then map; None last
    row = portfolio._IDEA.pack(status=4, value=3, effort=2, where=70_000, order=5, owner=9, number=2**32 - 1)
    moved = portfolio._IDEA.put(row, "where", 3)
    assert [portfolio._IDEA.get(moved, fact) for fact in ("status", "value", "effort", "where", "order", "owner")] == [
        4, 3, 2, 3, 5, 9]
    assert moved & portfolio._NUMBER == 2**32 - 1
