"""`journeymap init` as a new user runs it: every template in both languages validates and lints with only its
TODO placeholders listed; paths, refusals, the repository set-up and the questions asked at a terminal."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT
from journeymap import cli
from journeymap.starter import catalog

FINDING = re.compile(r"^(?P<file>\S+):(?P<line>\d+):(?P<col>\d+): (?P<severity>\w+)\[(?P<code>JM\d+) (?P<name>[a-z-]+)\]: "
                     r"(?P<message>.*)$")  # fmt: skip
PLACEHOLDER = re.compile(r"^placeholder text 'TODO' in .+; replace it with real content$")
WROTE = re.compile(r"^journeymap: wrote (?P<path>\S+) from the '(?P<template>[a-z-]+)' template; fill in the "
                   r"(?P<count>\d+) placeholders lint lists: journeymap lint (?P=path)$")  # fmt: skip
PUBLISHED = "# yaml-language-server: $schema=https://journeymap.dev/schemas/v1/journeymap.schema.json"
TEMPLATES = [(name, language) for name in catalog.names() for language in catalog.LANGUAGES]


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A fresh folder, outside any git work tree, to run init in."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(run) -> list[dict[str, str]]:
    """The finding lines of a lint run, as their parts; every other line is its closing summary."""
    matches = [FINDING.match(line) for line in run.lines]
    assert all(matches[:-1]) and not matches[-1], run.stdout
    return [match.groupdict() for match in matches[:-1]]


@pytest.mark.parametrize(("template", "language"), TEMPLATES, ids=[f"{n}-{lang}" for n, lang in TEMPLATES])
def test_every_template_validates_and_lints_with_only_its_placeholders(template, language, journeymap, here):
    run = journeymap("init", "--template", template, "--locale", language)
    assert run.exit_code == 0, run.stderr
    (wrote,) = run.stderr.splitlines()
    said = WROTE.match(wrote)
    assert said and said["path"] == f"{template}.journey.yaml" and said["template"] == template, wrote
    text = (here / said["path"]).read_text(encoding="utf-8")
    assert text.startswith(PUBLISHED + "\n")  # no schema copy here: the published one
    document = yaml.safe_load(text)
    assert document["locale"] == language and document["reviewed"] == datetime.date.today()
    assert journeymap("validate", said["path"]).exit_code == 0
    lint = journeymap("lint", said["path"])
    found = findings(lint)
    assert {(item["code"], item["name"], item["severity"]) for item in found} == {("JM503", "placeholder-text", "warning")}
    assert all(PLACEHOLDER.match(item["message"]) for item in found), lint.stdout
    assert len(found) == int(said["count"]) >= 10
    where = {(item["message"].split("' in ", 1)[1].split(";")[0]) for item in found}
    assert {"'title'", "'objective'", "'owner'"} <= where  # each names the value to fill in
    assert lint.lines[-1] == f"Found {len(found)} problems ({len(found)} warnings) in 1 file (checked 1 map)."


@pytest.mark.parametrize("template", catalog.names())
def test_each_template_is_the_same_map_in_both_languages(template):
    """The Spanish template is the English one translated: the same shape, kinds, channels and numbers."""
    english, spanish = (yaml.safe_load(catalog.text(template, language)) for language in catalog.LANGUAGES)

    def shape(node, key=None):
        if isinstance(node, dict):
            return {name: shape(value, name) for name, value in node.items() if name != "locale"}
        if isinstance(node, list):
            return [shape(item, key) for item in node]
        return node if not isinstance(node, str) or key in CHOICES else "text"

    assert shape(english) == shape(spanish)
    assert english["locale"] == "en" and spanish["locale"] == "es"
    assert "TODO" in catalog.text(template, "es") and not re.search(r"\b(the|and|what)\b", catalog.text(template, "es"))


CHOICES = {"kind", "channel", "lane", "severity", "status", "direction", "unit", "wait"}  # the same in any language


def test_the_flags_fill_in_the_title_objective_owner_and_persona(journeymap, here):
    run = journeymap("init", "maps/", "--title", "Renovación del DNI", "--objective", "Halve the visits: one, not two",
                     "--owner", "Citizen services", "--persona", "Lucía Ferrer", "--template", "public-service")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    path = here / "maps" / "renovacion-del-dni.journey.yaml"  # named after the title, accents dropped
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert (document["title"], document["objective"], document["owner"]) == (
        "Renovación del DNI", "Halve the visits: one, not two", "Citizen services")
    assert [(persona["id"], persona["name"]) for persona in document["personas"]] == [("lucia-ferrer", "Lucía Ferrer")]
    assert document["stages"][0]["steps"][0]["persona"] == "lucia-ferrer"
    assert run.stderr == ("journeymap: wrote maps/renovacion-del-dni.journey.yaml from the 'public-service' template; "
                          "fill in the 9 placeholders lint lists: journeymap lint maps/renovacion-del-dni.journey.yaml\n")
    assert len(findings(journeymap("lint", "maps/"))) == 9


def test_a_filled_in_template_lints_clean(journeymap, here):
    journeymap("init", "boots.journey.yaml", "--title", "Boots", "--objective", "Sell boots", "--owner", "CX",
               "--persona", "Maya")  # fmt: skip
    path = here / "boots.journey.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"(.*?) \(TODO: actual and target\)"', r"\1", text)
    text = text.replace('"TODO: what this persona wants to achieve"', "Boots that fit")
    text = text.replace('"TODO: what goes wrong for the customer here"', "No size guide")
    text = text.replace('"TODO: what the business will do about it"', "A fit predictor")
    text = text.replace('"TODO: who will do it"', "E-commerce team")
    path.write_text(text, encoding="utf-8")
    run = journeymap("lint", "boots.journey.yaml")
    assert (run.exit_code, run.stdout) == (0, "No problems: checked 1 map.\n")


def test_list_shows_each_template_with_a_line(journeymap):
    run = journeymap("init", "--list")
    assert run.exit_code == 0
    assert run.lines[:6] == [
        "six-steps                 from a need to a rating in six steps: need, noticing it, search, first contact, "
        "deal, rating",
        "five-phases               awareness > consideration > decision > purchase > loyalty",
        "captivate-delight-retain  three phases and fifteen steps, from discovery to the loyal purchase, looping "
        "back to use (format 1.1 next)",
        "five-stages               an online shop: awareness > consideration > purchase > retention > advocacy "
        "(default)",
        "saas-onboarding           a B2B SaaS onboarding service blueprint: frontstage, backstage and support actions",
        "public-service            a public service, such as renewing an ID card: need > awareness > application > "
        "resolution > usage",
    ]  # fmt: skip
    assert run.lines[-1] == "Each in en or es: journeymap init --template NAME --locale es"


def test_the_cyclic_template_loops_back_to_use():
    document = yaml.safe_load(catalog.text("captivate-delight-retain", "en"))
    assert [len([s for s in document["stages"] if s["phase"] == phase]) for phase in ("captivate", "delight", "retain")] == [6, 5, 4]
    assert document["stages"][-1]["next"] == ["use"] and document["journeymap"] == 1.1


def test_the_onboarding_template_is_a_blueprint():
    stages = yaml.safe_load(catalog.text("saas-onboarding", "en"))["stages"]
    assert all(stage.get("frontstage") and stage.get("backstage") for stage in stages)
    assert sum(1 for stage in stages if stage.get("support")) >= 3


def test_an_existing_map_is_refused_and_left_untouched(journeymap, here):
    (here / "five-stages.journey.yaml").write_text("mine\n", encoding="utf-8")
    run = journeymap("init")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == ("journeymap: error: 'five-stages.journey.yaml' exists; journeymap init never overwrites a "
                          "file: name another path, or move that file away first\n")
    assert (here / "five-stages.journey.yaml").read_text(encoding="utf-8") == "mine\n"


def test_a_path_that_discovery_would_not_find_is_refused_with_the_name_it_would(journeymap, here):
    run = journeymap("init", "maps/boots.yaml")
    assert run.exit_code == 2 and not (here / "maps").exists()
    assert run.stderr == ("journeymap: error: 'maps/boots.yaml' is not named as a map: journeymap finds maps by the "
                          "names *.journey.yaml and *.journey.yml; name it 'maps/boots.journey.yaml'\n")


def test_a_folder_takes_the_map_named_after_the_template(journeymap, here):
    (here / "maps").mkdir()
    run = journeymap("init", "maps", "--template", "six-steps", "--locale", "es")
    assert run.exit_code == 0 and (here / "maps" / "six-steps.journey.yaml").is_file()


def test_a_mistyped_template_gets_a_did_you_mean(journeymap, here):
    run = journeymap("init", "--template", "five-stage")
    assert (run.exit_code, run.stderr) == (2, "journeymap: error: no template 'five-stage'; did you mean 'five-stages'?\n")
    run = journeymap("init", "--template", "kanban")
    assert run.stderr == "journeymap: error: no template 'kanban'; journeymap init --list shows them\n"
    assert list(here.iterdir()) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [(("--locale", "fr"), "--locale 'fr': the templates are written in en and es; choose one of them, or a region of "
      "one, such as es-MX"),
     (("--locale", "esp"), "--locale 'esp': the templates are written in en and es; did you mean 'es'?"),
     (("--locale", "es_MX"), "--locale 'es_MX': the templates are written in en and es; choose one of them, or a "
      "region of one, such as es-MX"),
     (("--with-ci", "githb"), "--with-ci 'githb': init writes the CI set-up for github or gitlab; did you mean 'github'?"),
     (("--title", " "), "--title is empty; give it a value, or leave it out to keep the template's TODO")],
)  # fmt: skip
def test_bad_options_are_usage_errors(options, message, journeymap, here):
    run = journeymap("init", *options)
    assert (run.exit_code, run.stderr) == (2, f"journeymap: error: {message}\n")


SETUP = [".journeymap.yaml", "journeymap.schema.json", "library/personas.yaml", ".pre-commit-config.yaml"]


@pytest.mark.parametrize(("service", "workflow"), [("github", ".github/workflows/journey-maps.yml"),
                                                   ("gitlab", ".gitlab-ci.yml")])  # fmt: skip
def test_with_ci_sets_up_the_repository_and_keeps_what_is_there(service, workflow, journeymap, here):
    run = journeymap("init", "maps/", "--with-ci", service, "--title", "Boots", "--persona", "Maya")
    assert run.exit_code == 0, run.stderr
    assert run.stderr.splitlines()[1:] == [f"journeymap: wrote {name}" for name in (SETUP[2], *SETUP[:2], SETUP[3], workflow)]
    for name in (*SETUP, workflow):
        assert (here / name).is_file(), name
    text = (here / "maps/boots.journey.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../journeymap.schema.json\n")
    assert "include: [../library/personas.yaml]" in text and "personas:" not in text
    assert (here / "library/personas.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../journeymap.schema.json\n")
    lint = journeymap("lint")  # from the root: the configuration written, the map and its library
    found = findings(lint)
    assert {item["code"] for item in found} == {"JM503"} and {item["file"] for item in found} == {
        "maps/boots.journey.yaml", "library/personas.yaml"}
    assert lint.lines[-1].endswith("in 2 files (checked 1 map and 1 library).")
    assert "maps/" in (here / workflow).read_text(encoding="utf-8")

    (here / "library/personas.yaml").write_text("# ours\n", encoding="utf-8")
    again = journeymap("init", "maps/", "--with-ci", service, "--title", "Shoes")
    assert again.exit_code == 0
    assert again.stderr.splitlines()[1:] == [
        "journeymap: kept library/personas.yaml: it exists, and init never overwrites a file; the map defines its "
        "persona itself; move it there to share it",
        *(f"journeymap: kept {name}: it exists, and init never overwrites a file" for name in (*SETUP[:2], SETUP[3], workflow)),
    ]  # fmt: skip
    assert (here / "library/personas.yaml").read_text(encoding="utf-8") == "# ours\n"
    shoes = yaml.safe_load((here / "maps/shoes.journey.yaml").read_text(encoding="utf-8"))
    assert "include" not in shoes and shoes["personas"][0]["id"] == "customer"


def test_the_set_up_goes_to_the_git_root_and_the_workflow_checks_the_maps_folder(journeymap, here, monkeypatch):
    (here / ".git").mkdir()
    (here / "cx" / "journeys").mkdir(parents=True)
    monkeypatch.chdir(here / "cx")
    run = journeymap("init", "journeys/", "--with-ci", "gitlab")
    assert run.exit_code == 0, run.stderr
    assert (here / ".gitlab-ci.yml").is_file() and (here / "library/personas.yaml").is_file()
    jobs = yaml.safe_load((here / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert jobs["journey-map-diagrams"]["script"][1] == "journeymap render cx/journeys/ --out-dir diagrams/ --format svg"
    text = (here / "cx/journeys/five-stages.journey.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../journeymap.schema.json\n")
    assert "include: [../../library/personas.yaml]" in text


def test_an_existing_schema_copy_is_what_the_map_names(journeymap, here):
    (here / "journeymap.schema.json").write_text("{}", encoding="utf-8")
    journeymap("init", "maps/")
    text = (here / "maps/five-stages.journey.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../journeymap.schema.json\n")


CI_PAGE = (ROOT / "docs/ci.md").read_text(encoding="utf-8")
CI_BLOCKS = [yaml.safe_load(block) for block in re.findall(r"^```yaml\n(.*?)^```$", CI_PAGE, flags=re.M | re.S)]


def test_the_github_workflow_is_the_documented_one_installed_with_pip(journeymap, here):
    journeymap("init", "maps/", "--with-ci", "github")
    written = yaml.safe_load((here / ".github/workflows/journey-maps.yml").read_text(encoding="utf-8"))
    documented = next(block for block in CI_BLOCKS if isinstance(block, dict) and block.get("name") == "journey maps")
    pip_only = next(block for block in CI_BLOCKS if isinstance(block, list) and block[-1].get("run", "").startswith(
        "journeymap lint maps/ --report sarif:"))  # fmt: skip
    steps = documented["jobs"]["maps"]["steps"]
    action = steps[1]
    assert action["uses"].startswith("OWNER/journeymap@")  # the documented action step, run with pip instead:
    lint = {"name": action["name"], "run": pip_only[-1]["run"]}
    expected = {**documented, "jobs": {"maps": {**documented["jobs"]["maps"],
                                                "steps": [steps[0], *pip_only[:-1], lint, *steps[2:]]}}}  # fmt: skip
    assert written == expected


def test_the_gitlab_jobs_are_the_documented_ones(journeymap, here):
    journeymap("init", "maps/", "--with-ci", "gitlab")
    written = yaml.safe_load((here / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert written == next(block for block in CI_BLOCKS if isinstance(block, dict) and "journey-maps" in block)


def test_the_pre_commit_config_runs_the_repositorys_hooks_from_this_release(journeymap, here):
    from journeymap import __version__

    journeymap("init", "--setup")
    (repository,) = yaml.safe_load((here / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert repository["repo"] == "local"
    for hook in repository["hooks"]:
        published = hooks[hook["id"]]
        assert {key: hook[key] for key in ("name", "entry", "language", "files")} == {
            key: published[key] for key in ("name", "entry", "language", "files")}
        assert hook["additional_dependencies"] == [f"journeymap=={__version__}"]
    assert [hook["id"] for hook in repository["hooks"]] == ["journeymap-validate", "journeymap-lint"]
    if shutil.which("git") and __import__("importlib").util.find_spec("pre_commit"):
        run = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
                             capture_output=True, text=True, check=False)  # fmt: skip
        assert (run.returncode, run.stdout + run.stderr) == (0, "")


def test_the_configuration_written_is_valid(journeymap, here):
    from journeymap.config import load_config

    journeymap("init", "--setup")
    config, problems = load_config(here / ".journeymap.yaml", ".journeymap.yaml")
    assert problems == [] and config is not None and config.diff_fail_on == ("new-high-pain-point-without-opportunity",)


def test_at_a_terminal_it_asks_for_the_answers(journeymap, here, monkeypatch):
    monkeypatch.setattr(cli, "_on_terminal", lambda: True)
    from typer.testing import CliRunner

    run = CliRunner().invoke(cli.app, ["init", "--locale", "es"], input="Renovar el DNI\n\nAtención ciudadana\nLucía\n")
    assert run.exit_code == 0, run.stderr
    asked = [question for question, example in cli.INIT_QUESTIONS]
    assert re.findall(r"([^:]+(?:: [^(]+)?) \(such as [^)]*\):", run.stderr.split("\n", 1)[1]) == asked
    assert asked == ["Title of the journey", "Objective: what the map is for", "Owner: the team that answers for it",
                     "First persona's name"]  # fmt: skip
    document = yaml.safe_load((here / "renovar-el-dni.journey.yaml").read_text(encoding="utf-8"))
    assert document["title"] == "Renovar el DNI" and document["owner"] == "Atención ciudadana"
    assert document["objective"].startswith("TODO: para qué sirve este mapa")  # Enter kept the TODO
    assert document["personas"][0]["id"] == "lucia"


def test_with_a_flag_or_without_a_terminal_it_asks_nothing(journeymap, here, monkeypatch):
    asked = []
    monkeypatch.setattr(cli, "_ask_for_answers", lambda: asked.append(True) or (None,) * 4)
    assert journeymap("init").exit_code == 0  # the runner's input is no terminal
    monkeypatch.setattr(cli, "_on_terminal", lambda: True)
    assert journeymap("init", "--title", "Boots").exit_code == 0
    assert journeymap("init", "--list").exit_code == 0
    assert asked == []


def test_answers_are_written_on_one_line_and_quoted_as_yaml_needs(journeymap, here):
    run = journeymap("init", "--title", "Returns:\n  the\tsecond try", "--persona", "Ann\n# not a comment",
                     "--owner", "yes", "--objective", "'quoted' \"twice\" [and] {braces} & *stars")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    document = yaml.safe_load((here / "returns-the-second-try.journey.yaml").read_text(encoding="utf-8"))
    assert (document["title"], document["owner"]) == ("Returns: the second try", "yes")
    assert document["objective"] == "'quoted' \"twice\" [and] {braces} & *stars"
    assert [(persona["id"], persona["name"]) for persona in document["personas"]] == [("ann-not-a-comment", "Ann # not a comment")]
    assert journeymap("validate", "returns-the-second-try.journey.yaml").exit_code == 0


def test_input_that_ends_before_the_answers_stops_without_writing(here, monkeypatch):
    from typer.testing import CliRunner

    monkeypatch.setattr(cli, "_on_terminal", lambda: True)
    run = CliRunner().invoke(cli.app, ["init"], input="Boots\n")
    assert run.exit_code == 130 and run.stderr.endswith("journeymap: interrupted; nothing was written\n")
    assert list(here.iterdir()) == []


def test_the_wheel_carries_the_templates_and_set_up_files():
    """A non-editable install has them: the wheel holds every file init reads."""
    builders = pytest.importorskip("hatchling.builders.wheel", reason="hatchling is in the test extra")
    packaged = {item.distribution_path for item in builders.WheelBuilder(str(ROOT)).recurse_included_files()}
    starter = ROOT / "journeymap" / "starter"
    data = [path.relative_to(ROOT).as_posix() for folder in ("templates", "setup") for path in (starter / folder).iterdir()]
    assert len(data) == 2 * len(catalog.names()) + 4 and set(data) <= packaged


def test_the_docs_show_the_list_as_init_prints_it():
    page = ROOT / "docs/init.md"
    shown = re.search(r"^\$ journeymap init --list\n(.*?)^```$", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    assert shown and shown.group(1) == catalog.listing()


def test_a_region_of_a_language_is_written_as_the_locale(journeymap, here):
    assert journeymap("init", "--locale", "es-MX", "--setup").exit_code == 0
    document = yaml.safe_load((here / "five-stages.journey.yaml").read_text(encoding="utf-8"))
    assert document["locale"] == "es-MX" and document["stages"][0]["name"] == "Conocimiento"
    assert (here / "library/personas.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../journeymap.schema.json\n# Personas que comparten")


def test_names_become_ids_and_file_names_as_an_import_makes_them(journeymap, here):
    # one rule for every id journeymap makes from a name (exchange.ids): ß is ss, not dropped
    run = journeymap("init", "maps/", "--title", "Große Straße", "--persona", "Jürgen Weiß")
    assert run.exit_code == 0, run.stderr
    document = yaml.safe_load((here / "maps" / "grosse-strasse.journey.yaml").read_text(encoding="utf-8"))
    assert [persona["id"] for persona in document["personas"]] == ["jurgen-weiss"]
