"""journeymap site: what a build writes, what a rebuild reuses, and what it refuses (the pages' content and
behaviour are tested in the browser: test_site_pages.py, test_site_portfolio.py)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, needs
from journeymap.site import cache, entry, places

EXAMPLES = ROOT / "examples"
MAPS = sorted(path.name for path in EXAMPLES.glob("*.journey.yaml"))


@pytest.fixture
def maps(tmp_path, monkeypatch):
    """A copy of the examples in tmp_path/maps, the working directory tmp_path."""
    needs("dot")
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_REPOSITORY", "GITHUB_SHA", "CI_PROJECT_URL", "CI_COMMIT_SHA"):
        monkeypatch.delenv(name, raising=False)
    shutil.copytree(EXAMPLES, tmp_path / "maps")
    return tmp_path / "maps"


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_site_has_the_index_a_page_and_the_diagrams_of_every_map(journeymap, maps):
    result = journeymap("site", "maps", "--out-dir", "pub")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("journeymap: built the site of 8 maps in pub: 32 diagrams drawn, 62 files written; "
                             "open pub/index.html\n")  # fmt: skip
    written = files_of(maps.parent / "pub")
    names = [name.removesuffix(".journey.yaml") for name in MAPS]
    assert {f"maps/{name}.html" for name in names} <= set(written)
    assert {f"maps/{name}.{view}.svg" for name in names for view in ("map", "flow", "blueprint")} <= set(written)
    # the maps that compare a future with today also have the map view of each state alone
    states = {name for name in written if name.endswith((".current.svg", ".future.svg"))}
    assert len(states) == 32 - 24 and all(name.startswith("maps/") for name in states)
    assert {"index.html", *places.PORTFOLIO.values(), "assets/site.css", "assets/site.js", places.MANIFEST} <= set(written)


def test_the_views_option_draws_only_those_views(journeymap, maps):
    result = journeymap("site", "maps/shoe-shop.journey.yaml", "-d", "pub", "--views", "flow")
    assert result.exit_code == 0, result.stderr
    assert sorted(name for name in files_of(maps.parent / "pub") if name.endswith(".svg")) == ["maps/shoe-shop.flow.svg"]


def test_building_twice_gives_the_same_bytes_and_a_rebuild_writes_nothing(journeymap, maps):
    assert journeymap("site", "maps", "-d", "one").exit_code == 0
    assert journeymap("site", "maps", "-d", "two").exit_code == 0
    one, two = files_of(maps.parent / "one"), files_of(maps.parent / "two")
    assert one == two
    times = {path: (maps.parent / "one" / path).stat().st_mtime_ns for path in one}
    again = journeymap("site", "maps", "-d", "one")
    assert again.stderr == ("journeymap: built the site of 8 maps in one: 0 diagrams drawn, 8 unchanged since the "
                            "last build, 0 files written; open one/index.html\n")  # fmt: skip
    assert {path: (maps.parent / "one" / path).stat().st_mtime_ns for path in one} == times


def test_a_rebuild_after_one_edit_builds_that_map_alone(journeymap, maps):
    assert journeymap("site", "maps", "-d", "pub").exit_code == 0
    site = maps.parent / "pub"
    before = files_of(site)
    shoe = maps / "shoe-shop.journey.yaml"
    shoe.write_text(shoe.read_text(encoding="utf-8").replace("buying black leather boots online", "buying boots"),
                    encoding="utf-8")  # fmt: skip
    result = journeymap("site", "maps", "-d", "pub")
    assert result.exit_code == 0
    assert "3 diagrams drawn, 7 unchanged since the last build" in result.stderr
    after = files_of(site)
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert "maps/shoe-shop.html" in changed and "index.html" in changed
    assert not [path for path in changed if path.startswith("maps/") and "shoe-shop" not in path]
    assert "buying boots" in after["maps/shoe-shop.html"].decode()


def test_a_library_edit_rebuilds_the_maps_that_include_it(journeymap, maps):
    assert journeymap("site", "maps", "-d", "pub").exit_code == 0
    manifest = json.loads((maps.parent / "pub" / places.MANIFEST).read_text(encoding="utf-8"))
    including = sorted(file for file, item in manifest["maps"].items() if item["libraries"])
    assert including, "an example includes a library"
    library = Path(manifest["maps"][including[0]]["libraries"][0])
    library.write_text(library.read_text(encoding="utf-8") + "\n# reviewed again\n", encoding="utf-8")
    result = journeymap("site", "maps", "-d", "pub")
    users = [file for file, item in manifest["maps"].items() if str(library) in item["libraries"]]
    assert f"{8 - len(users)} unchanged since the last build" in result.stderr


def test_a_map_removed_takes_its_files_with_it_and_leaves_the_users_own(journeymap, maps):
    assert journeymap("site", "maps", "-d", "pub").exit_code == 0
    site = maps.parent / "pub"
    (site / "CNAME").write_text("journeys.example.com\n")  # a file of the user's, for GitHub Pages
    (maps / "saas-trial.journey.yaml").unlink()
    assert journeymap("site", "maps", "-d", "pub").exit_code == 0
    assert not [path for path in files_of(site) if "saas-trial" in path]
    assert (site / "CNAME").read_text() == "journeys.example.com\n"


def test_a_manifest_never_removes_a_file_outside_the_site(journeymap, maps):
    assert journeymap("site", "maps", "-d", "pub").exit_code == 0
    site, secret = maps.parent / "pub", maps.parent / "secret.txt"
    secret.write_text("keep")
    manifest = json.loads((site / places.MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] += ["../secret.txt", str(secret)]
    (site / places.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert journeymap("site", "maps", "-d", "pub").exit_code == 0
    assert secret.read_text() == "keep"


def test_an_invalid_map_is_reported_gets_a_page_and_the_others_are_built(journeymap, maps):
    (maps / "broken.journey.yaml").write_text("title: [\n", encoding="utf-8")
    result = journeymap("site", "maps", "-d", "pub")
    assert result.exit_code == 1
    assert result.stdout == ("maps/broken.journey.yaml:2:1: error[JM003 yaml-syntax]: invalid YAML: did not find "
                             "expected node content (while parsing a flow node)\n")  # fmt: skip
    assert "built the site of 9 maps (1 invalid, with pages that say why)" in result.stderr
    page = (maps.parent / "pub" / "maps" / "broken.html").read_text(encoding="utf-8")
    assert "did not find expected node content" in page
    assert (maps.parent / "pub" / "maps" / "shoe-shop.map.svg").is_file()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((), "site needs --out-dir DIR, the folder to build the site in, such as --out-dir public"),
        (("-d", "pub", "--views", "map,grid"), "--views 'map,grid': name one or more of map, flow, blueprint, "
         "separated by commas"),
        (("-d", "pub", "--views", ","), "--views ',': name one or more of map, flow, blueprint, separated by commas"),
        (("-d", "pub", "--source-url", "javascript:alert({path})"), "--source-url 'javascript:alert({path})' must be "
         "an https:// or http:// URL"),
        (("-d", "pub", "--source-url", "https://x/{file}"), "--source-url 'https://x/{file}' has {file}, which is not "
         "a field; use {path}, {line}, {column}"),
        (("-d", "pub", "--source-url", "https://x/"), "--source-url 'https://x/' has no {path}; put {path} where "
         "the file goes"),
        (("-d", "pub", "--source-url", "https://x/{path"), "--source-url 'https://x/{path' is not a template "
         "(expected '}' before end of string); write fields as {path}"),
        (("-d", "maps"), "--out-dir 'maps' holds the map 'maps/electric-scooter.journey.yaml'; build the site in a "
         "folder of its own, such as --out-dir public"),
    ],
)
def test_options_that_cannot_build_a_site_are_usage_errors(journeymap, maps, arguments, message):
    result = journeymap("site", "maps", *arguments)
    assert (result.exit_code, result.stderr) == (2, f"journeymap: error: {message}\n")
    assert not (maps.parent / "pub").exists()


def test_a_folder_of_other_files_is_refused_unless_forced(journeymap, maps):
    other = maps.parent / "docs"
    other.mkdir()
    (other / "notes.md").write_text("mine")
    result = journeymap("site", "maps", "-d", "docs")
    assert (result.exit_code, result.stderr) == (2, "journeymap: error: --out-dir 'docs' holds files that are not a "
                                                    "journeymap site; name an empty or new folder, or add --force to "
                                                    "build among them\n")  # fmt: skip
    assert journeymap("site", "maps", "-d", "docs", "--force").exit_code == 0
    assert (other / "notes.md").read_text() == "mine" and (other / "index.html").is_file()


def test_findings_link_to_the_commit_in_github_actions(journeymap, maps, monkeypatch):
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/journeys")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    (maps / "loose.journey.yaml").write_text("journeymap: 1\ntitle: Loose\nstages:\n  - id: a\n    name: A\n", encoding="utf-8")
    assert journeymap("site", "maps/loose.journey.yaml", "-d", "pub").exit_code == 0
    page = (maps.parent / "pub" / "maps" / "loose.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/acme/journeys/blob/0123abc/maps/loose.journey.yaml#L1"' in page


def test_two_maps_of_one_name_get_two_pages(journeymap, maps):
    shutil.copytree(maps / "library", maps / "more" / "library")
    shutil.copy(maps / "shoe-shop.journey.yaml", maps / "more" / "shoe-shop.journey.yaml")
    assert journeymap("site", "maps/shoe-shop.journey.yaml", "maps/more", "-d", "pub").exit_code == 0
    assert places.map_names(["a/x.journey.yaml", "b/x.journey.yaml", "c/X.journey.yaml"], ["a", "b", "c"]) == \
        ["x", "x-2", "X-3"]  # fmt: skip
    assert {"maps/shoe-shop.html", "maps/shoe-shop-2.html"} <= set(files_of(maps.parent / "pub"))


def test_page_names_need_no_escaping_anywhere():
    assert places.map_names(["m/Café menü #1.journey.yaml", "m/a b/../x.yaml"], ["m"]) == ["Café-menü-1", "x"]
    assert places.href("maps/a b.svg", "maps/x.html") == "a%20b.svg"
    assert places.href("index.html", "maps/retail/x.html") == "../../index.html"


def test_an_entry_holds_what_the_pages_show(tmp_path):
    from journeymap.workspace import Workspace

    workspace = Workspace()
    checked = workspace.check(EXAMPLES / "shoe-shop.journey.yaml")
    journey = workspace.journey(checked)
    import datetime

    item = entry.map_entry({"name": "shoe-shop"}, journey, (), datetime.date(2027, 6, 1), 180)
    assert (item["valid"], item["title"], item["reviewed"], item["overdue"]) == (
        True, "Ashby & Lowe - buying black leather boots online", journey.reviewed.isoformat(), True)  # fmt: skip
    assert [curve["persona"] for curve in item["curves"]] == list(journey.cast())
    assert all(len(curve["points"]) == len(journey.stages) for curve in item["curves"])
    assert item["counts"] == {"error": 0, "warning": 0, "info": 0}
    assert len(item["pain_points"]) == sum(len(stage.pain_points) for stage in journey.stages)
    json.dumps(item)  # the manifest keeps it as JSON


def test_a_manifest_from_another_version_or_settings_reuses_nothing(tmp_path):
    session = cache.Session({"manifest": cache.VERSION, "key": "old", "maps": {"a": {}}}, "settings", "t", tmp_path)
    assert session.previous == {}
    assert cache.load(tmp_path) == {}
    (tmp_path / places.MANIFEST).write_text("{not json", encoding="utf-8")
    assert cache.load(tmp_path) == {}
    assert os.path.exists(tmp_path / places.MANIFEST)


def test_an_invalid_library_is_reported_once_and_fails_the_maps_that_include_it(journeymap, maps):
    library = maps / "library" / "personas.yaml"
    library.write_text(library.read_text(encoding="utf-8") + "  - {id: x\n", encoding="utf-8")
    result = journeymap("site", "maps", "-d", "pub", "--jobs", "2")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["maps/saas-trial.journey.yaml", "maps/library/personas.yaml",
                                                      "maps/shoe-shop.journey.yaml"]  # fmt: skip
    assert "error[JM003 yaml-syntax]" in lines[1]
    assert "built the site of 8 maps (2 invalid, with pages that say why)" in result.stderr


def test_a_valid_library_named_alone_has_no_page(journeymap, maps):
    result = journeymap("site", "maps/library/personas.yaml", "-d", "pub")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "built the site of 0 maps in pub" in result.stderr
    assert not (maps.parent / "pub" / "maps").exists()


def test_the_compiled_templates_are_kept_in_the_users_cache_and_a_cache_that_fails_is_skipped(tmp_path, monkeypatch):
    from journeymap.site import build, pages

    def index() -> str:
        pages.environment.cache_clear()
        return pages.render("index.html", "index.html", build.Settings(tmp_path / "pub"), "en", entries=[],
                            figures={"maps": 0, "personas": 0}, choices={})  # fmt: skip

    monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(tmp_path / "cache"))
    try:
        assert "<h1>Journey maps</h1>" in index()
        kept = sorted(path.name for path in (tmp_path / "cache").glob("templates-*/__jinja2_*.cache"))
        assert len(kept) == 4  # index.html and what it builds on: base.html, words.html, curve.html
        (tmp_path / "blocked").write_text("a file, not a folder", encoding="utf-8")
        monkeypatch.setenv("JOURNEYMAP_CACHE_DIR", str(tmp_path / "blocked"))
        assert "<h1>Journey maps</h1>" in index()
    finally:
        pages.environment.cache_clear()


def test_a_stage_outside_every_phase_gets_its_row_with_no_phase(journeymap, maps):
    (maps / "phased.journey.yaml").write_text(
        "journeymap: 1\ntitle: Phased\nphases:\n  - id: before\n    name: Before\nstages:\n"
        "  - id: a\n    name: Looking\n    phase: before\n  - id: b\n    name: Buying\n", encoding="utf-8")  # fmt: skip
    assert journeymap("site", "maps/phased.journey.yaml", "-d", "pub", "--views", "map").exit_code == 0
    page = (maps.parent / "pub" / "maps" / "phased.html").read_text(encoding="utf-8")
    assert '<tr id="stage-a"><td>Before</td><th scope="row">Looking</th>' in page
    assert '<tr id="stage-b"><td></td><th scope="row">Buying</th>' in page


def test_the_pages_across_many_maps_are_the_same_written_in_two_processes(journeymap, maps):
    from journeymap.site import build, pages

    assert journeymap("site", "maps/shoe-shop.journey.yaml", "-d", "pub", "--views", "map").exit_code == 0
    manifest = json.loads((maps.parent / "pub" / places.MANIFEST).read_text(encoding="utf-8"))
    shoe = next(iter(manifest["maps"].values()))
    many = [{**shoe, "page": f"maps/m{number}.html", "title": f"Map {number}"} for number in range(pages.PARALLEL_FROM)]
    one, two = maps.parent / "one", maps.parent / "two"
    assert pages.site_pages(many, build.Settings(one), jobs=1).files == pages.site_pages(many, build.Settings(two), jobs=2).files
    alone, shared = files_of(one), files_of(two)
    assert alone == shared
    assert shared["index.html"].decode().count('<li class="card"') == pages.PARALLEL_FROM


def test_an_edit_the_pages_across_maps_do_not_show_leaves_them_unwritten(journeymap, maps):
    assert journeymap("site", "maps", "-d", "pub", "--views", "map").exit_code == 0
    pub = maps.parent / "pub"
    before = {path: (pub / path).stat().st_mtime_ns for path in ("index.html", "opportunities.html", "personas/maya.html")}
    shoe = maps / "shoe-shop.journey.yaml"
    shoe.write_text(shoe.read_text(encoding="utf-8").replace("Checks the shop's Trustpilot score",
                                                             "Reads the shop's Trustpilot score", 1), encoding="utf-8")  # fmt: skip
    result = journeymap("site", "maps", "-d", "pub", "--views", "map")
    assert result.exit_code == 0
    assert "1 diagrams drawn, 7 unchanged since the last build, 1 files written" in result.stderr
    after = {path: (pub / path).stat().st_mtime_ns for path in before}
    assert after["opportunities.html"] == before["opportunities.html"] and after["personas/maya.html"] == before["personas/maya.html"]
    assert "Reads the shop" in (pub / "maps" / "shoe-shop.map.svg").read_text(encoding="utf-8")
    (pub / "opportunities.html").unlink()  # a page the last build wrote, gone: written again
    assert journeymap("site", "maps", "-d", "pub", "--views", "map").exit_code == 0
    assert (pub / "opportunities.html").is_file()
