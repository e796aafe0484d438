"""journeymap site: the index and a map's page, read in headless Chromium from file:// as a reader opens them,
and as text where the bytes matter (escaping, links, the words of each language)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from playwright.sync_api import expect

from conftest import ROOT, needs
from journeymap.cli import app
from site_browser import open_page

EXAMPLES = ROOT / "examples"
HOSTILE = ROOT / "tests" / "render" / "hostile.journey.yaml"
HOSTILE_TITLE = 'Quotes "double" \'single\' <b>bold</b> & &amp; {a|b} \\N \\l back\\slash'
SOURCE_URL = "https://git.example.com/cx/journeys/blob/main/{path}#L{line}"
BROKEN = "journeymap: 1\ntitle: Broken\nstages:\n  - id: a\n    name: [unclosed\n"
LOOSE = "journeymap: 1\ntitle: Loose ends\nstages:\n  - id: a\n    name: A\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The examples, the hostile map, a broken map and one with findings, built once for the module."""
    needs("dot")
    root = tmp_path_factory.mktemp("pages")
    shutil.copytree(EXAMPLES, root / "maps")
    shutil.copy(HOSTILE, root / "maps" / "hostile.journey.yaml")
    (root / "maps" / "broken.journey.yaml").write_text(BROKEN, encoding="utf-8")
    (root / "maps" / "loose.journey.yaml").write_text(LOOSE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setenv("NO_COLOR", "1")
        result = CliRunner().invoke(app, ["site", "maps", "-d", "pub", "--source-url", SOURCE_URL],
                                    catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 1, result.stderr  # the broken map fails the run; the others are built
    return root / "pub"


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def cards_shown(page) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all(".cards > .card:not([hidden]) h2 a", "links => links.map(a => a.textContent)")


def outside(site: Path, requests: list[str]) -> list[str]:
    return [url for url in requests if not url.startswith(site.as_uri() + "/")]


# ---------------------------------------------------------------- what every page is


def test_every_page_loads_with_no_error_and_asks_for_nothing_outside_the_site(site, browser):
    pages = ["index.html", *sorted(path.relative_to(site).as_posix() for path in (site / "maps").glob("*.html"))]
    assert len(pages) == 12
    for name in pages:
        page = open_page(browser, (site / name).as_uri())
        page.wait_for_load_state("load")
        assert page.journeymap_errors == [], name
        assert outside(site, page.journeymap_requests) == [], name
        assert page.locator("h1").count() == 1, name
        page.context.close()


def test_hostile_text_shows_literally_and_runs_nothing(site, browser):
    page = open_page(browser, (site / "maps" / "hostile.html").as_uri())
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    assert page.locator("h1").text_content() == HOSTILE_TITLE
    assert page.locator("main b, main script").count() == 0
    assert page.eval_on_selector_all("script", "found => found.map(s => s.getAttribute('src'))") == ["../assets/site.js"]
    assert "Types \"black boots\" <script>alert(1)</script>" not in page.content()  # escaped in the bytes
    ideas = page.locator("section[aria-labelledby=ideas-title] td")
    assert ideas.all_text_contents()[1:3] == ["Fix it <now> & \"forever\"", "Ops {team} | ops"]  # shown as written
    assert dialogs == []
    page.context.close()
    html = read(site, "maps/hostile.html")
    assert "<h1>Quotes &#34;double&#34; &#39;single&#39; &lt;b&gt;bold&lt;/b&gt; &amp; &amp;amp; {a|b}" in html


def test_every_page_carries_the_policy_that_allows_only_the_sites_own_files(site):
    policy = ('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39;; '
              "style-src &#39;self&#39;; img-src &#39;self&#39; data:; connect-src &#39;self&#39;; base-uri &#39;none&#39;; "
              'form-action &#39;none&#39;">')  # fmt: skip
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert policy in text, path
        assert not re.search(r"<script>|<style|\sstyle=|\son[a-z]+=", text), path


# ---------------------------------------------------------------- the index


def test_the_index_has_a_card_per_map_and_the_figures_at_a_glance(site, browser):
    page = open_page(browser, (site / "index.html").as_uri())
    assert page.locator(".cards > .card").count() == 11
    assert page.locator(".card-invalid h2 a").text_content() == "maps/broken.journey.yaml"
    assert page.locator(".kpis .kpi-value").all_text_contents() == ["101", "101", "100", "1"]
    assert page.locator(".kpis .kpi-note").first.text_content() == "50 of high severity"
    shoe = page.locator(".card", has_text="Ashby & Lowe - buying black leather boots online")
    assert shoe.locator(".card-facts dd").all_text_contents()[:2] == ["Maya Brennan, Priya Raman", "7"]
    assert shoe.locator("svg.sparkline").get_attribute("aria-label") == "Emotion over 7 stages, lowest at Basket and checkout"
    assert page.locator(".card", has_text="Loose ends").locator(".card-findings .badge").all_text_contents() == ["8 warnings", "3 notes"]
    page.context.close()


def test_search_and_filters_change_what_is_shown(site, browser):
    page = open_page(browser, (site / "index.html").as_uri())
    shown = page.locator(".filters .shown")
    assert shown.text_content() == "11 of 11 maps shown"
    page.fill("#search", "boots")
    assert cards_shown(page) == ["Ashby & Lowe - buying black leather boots online"]
    assert shown.text_content() == "1 of 11 maps shown"
    page.fill("#search", "")
    page.select_option("#filter-persona", label="Priya Raman")
    assert cards_shown(page) == ["Loomwork - from free trial to paying studio", "Ashby & Lowe - buying black leather boots online"]
    page.select_option("#filter-tag", "footwear")
    assert cards_shown(page) == ["Ashby & Lowe - buying black leather boots online"]
    page.fill("#search", "no map says this")
    assert cards_shown(page) == [] and page.locator("p.none").is_visible()
    page.click("button[type=reset]")
    expect(page.locator(".cards > .card:not([hidden])")).to_have_count(11)  # the reset applies after the event
    assert shown.text_content() == "11 of 11 maps shown" and not page.locator("p.none").is_visible()
    page.context.close()


def test_the_filters_offer_the_values_the_maps_have(site, browser):
    page = open_page(browser, (site / "index.html").as_uri())
    statuses = page.eval_on_selector_all("#filter-status option", "found => found.map(o => o.value + '=' + o.textContent)")
    assert statuses == ["=Any", "active=Active"]
    phases = page.eval_on_selector_all("#filter-phase option", "found => found.length")
    assert phases > 3
    page.select_option("#filter-owner", "Growth (Sam Oduya, VP Growth)")
    assert cards_shown(page) == ["Loomwork - from free trial to paying studio"]
    page.context.close()


def test_keyboard_navigation_reaches_every_card(site, browser):
    page = open_page(browser, (site / "index.html").as_uri())
    cards = page.eval_on_selector_all(".cards > .card h2 a", "links => links.map(a => a.href)")
    reached = set()
    for _ in range(120):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.href || ''"))
    assert set(cards) <= reached
    page.context.close()


def test_without_script_the_index_lists_every_map_and_hides_the_filters(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    assert page.locator(".cards > .card").count() == 11
    assert not page.locator("form.filters").is_visible()
    context.close()


# ---------------------------------------------------------------- a map's page


def test_a_map_page_shows_its_diagrams_in_tabs(site, browser):
    page = open_page(browser, (site / "maps" / "moving-home-broadband.html").as_uri())
    tabs = page.locator("[role=tab]")
    assert tabs.all_text_contents() == ["Journey map", "Journey map: today", "Journey map: the future", "Flow",
                                        "Service blueprint"]  # fmt: skip
    assert page.locator("figure.diagram:visible").count() == 1
    tabs.nth(3).click()
    visible = page.locator("figure.diagram:visible")
    assert visible.count() == 1 and visible.locator("img").get_attribute("src") == "moving-home-broadband.flow.svg"
    tabs.nth(3).press("ArrowRight")
    assert page.evaluate("document.activeElement.textContent") == "Service blueprint"
    assert tabs.nth(4).get_attribute("aria-selected") == "true"
    alts = [image.get_attribute("alt") for image in page.locator("figure.diagram img").all()]
    title = "“Northwave Broadband - moving home with your broadband”"
    assert [alt.split(". 8 stages: Knowing the broadband has to move; ")[0] for alt in alts] == [
        f"Journey map of {title}", f"Journey map of {title} — Current state", f"Journey map of {title} — Future state",
        f"Flow view of {title}", f"Service blueprint of {title}"]  # fmt: skip
    assert page.evaluate("[...document.images].every(image => image.complete && image.naturalWidth > 0)")
    page.context.close()


def test_zoom_and_pan_move_the_drawing(site, browser):
    page = open_page(browser, (site / "maps" / "shoe-shop.html").as_uri())
    viewport = page.locator("figure.diagram:visible .viewport")
    expect(page.locator(".viewport").first).to_have_attribute("data-scale", re.compile(r"^\d"))
    fitted = float(viewport.get_attribute("data-scale"))
    assert 0 < fitted < 1  # a wall-sized drawing fits the window first
    page.locator("figure.diagram:visible [data-zoom=in]").click()
    assert float(viewport.get_attribute("data-scale")) == pytest.approx(fitted * 1.25, abs=0.002)
    page.locator("figure.diagram:visible [data-zoom=actual]").click()
    assert viewport.get_attribute("data-scale") == "1.000"
    viewport.focus()
    page.keyboard.press("0")
    assert float(viewport.get_attribute("data-scale")) == pytest.approx(fitted, abs=0.002)
    page.keyboard.press("+")
    assert float(viewport.get_attribute("data-scale")) == pytest.approx(fitted * 1.25, abs=0.002)
    box = viewport.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -100)
    assert float(viewport.get_attribute("data-scale")) == pytest.approx(fitted * 1.25 * 1.1, abs=0.002)
    before = page.locator("figure.diagram:visible img").evaluate("image => image.style.transform")
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] / 2 + 30)
    page.mouse.up()
    after = page.locator("figure.diagram:visible img").evaluate("image => image.style.transform")
    assert before != after and page.journeymap_errors == []
    page.context.close()


def test_findings_link_to_their_line_in_the_repository(site):
    html = read(site, "maps/loose.html")
    assert ('<a href="https://git.example.com/cx/journeys/blob/main/maps/loose.journey.yaml#L1">'
            "maps/loose.journey.yaml:1:1</a>") in html  # fmt: skip
    assert html.count('class="finding finding-') == 11


def test_an_invalid_map_page_shows_the_positioned_problem_instead_of_a_diagram(site, browser):
    page = open_page(browser, (site / "maps" / "broken.html").as_uri())
    assert page.locator("h1").text_content() == "maps/broken.journey.yaml"
    assert page.locator(".invalid h2").text_content() == "This map could not be read"
    finding = page.locator(".invalid .finding").first
    assert finding.locator(".where").text_content() == "maps/broken.journey.yaml:6:1"
    assert finding.locator(".where a").get_attribute("href") == ("https://git.example.com/cx/journeys/blob/main/maps/"
                                                                 "broken.journey.yaml#L6")  # fmt: skip
    assert page.locator("figure.diagram").count() == 0
    page.context.close()


def test_a_map_page_speaks_the_maps_language(site):
    spanish = read(site, "maps/mudanza-fibra.html")
    assert '<html lang="es">' in spanish
    assert 'aria-label="Cifras clave"' in spanish
    headings = re.findall(r'<h2 id="[a-z]+-title">([^<]+?)\s*<', spanish)
    assert headings == ["Diagramas", "Hallazgos", "Etapas", "Personas", "Puntos de dolor", "Oportunidades", "Métricas"]
    assert ">Etapas<" in spanish and ">Mapa de experiencia<" in spanish
    assert '<html lang="en">' in read(site, "maps/moving-home-broadband.html")
    assert '<h2 id="findings-title">Findings ' in read(site, "maps/moving-home-broadband.html")


def test_a_map_page_lists_its_pain_points_opportunities_and_metrics(site, browser):
    page = open_page(browser, (site / "maps" / "shoe-shop.html").as_uri())
    assert page.locator("section[aria-labelledby=pains-title] tbody tr").count() == 11
    assert page.locator("section[aria-labelledby=ideas-title] tbody tr").count() == 14
    assert page.locator("section[aria-labelledby=metrics-title] tbody tr").count() == 16
    facts = page.eval_on_selector_all(".facts dl div", "found => found.map(d => d.innerText.replace(/\\s+/g, ' '))")
    assert facts == ["Stages 7", "Steps 31", "Personas 2", "Moments of truth 0", "Open pain points 11", "Opportunities 14",
                     "Metrics off target 16"]  # fmt: skip
    assert page.locator(".persona h3 a").first.get_attribute("href") == "../personas/maya.html"
    page.context.close()


def test_print_shows_every_diagram_and_no_controls(site, browser):
    page = open_page(browser, (site / "maps" / "moving-home-broadband.html").as_uri())
    page.emulate_media(media="print")
    assert page.locator("figure.diagram:visible").count() == 5
    assert page.locator(".tabs:visible, .zoom-tools:visible, .site-header nav:visible").count() == 0
    assert page.pdf(format="A3", landscape=True)[:5] == b"%PDF-"
    page.context.close()


# ---------------------------------------------------------------- contrast


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


TEXT_ON = [("ink", "bg"), ("ink", "card"), ("muted", "card"), ("muted", "bg"), ("accent", "card"), ("accent", "bg"),
           ("accent", "accent-soft"), ("error", "error-soft"), ("warning", "warning-soft"), ("info", "info-soft"),
           ("ok", "ok-soft"), ("critical", "error-soft"), ("high", "warning-soft"), ("medium", "card"), ("low", "card")]  # fmt: skip


def test_the_colours_of_text_meet_wcag_aa():
    css = (ROOT / "journeymap" / "site" / "assets" / "site.css").read_text(encoding="utf-8")
    tokens = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6});", css))
    for text, background in TEXT_ON:
        assert contrast(tokens[text], tokens[background]) >= 4.5, (text, background)
    assert contrast("#ffffff", tokens["ink"]) >= 4.5  # the header
