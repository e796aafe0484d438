"""Promises the repository makes to its users: schema quality, README commands, entry points."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import jsonschema
import pytest
import yaml

from conftest import MINIMAL, ROOT
from journeymap.loader import load_file


def walk_properties(node, path="#"):
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            yield f"{path}/properties/{name}", child
        for key, child in node.items():
            yield from walk_properties(child, f"{path}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from walk_properties(child, f"{path}/{index}")


def test_schema_has_an_id_and_a_description_on_every_property():
    schema = json.loads((ROOT / "schemas" / "journeymap.schema.json").read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("journeymap.schema.json")
    undocumented = [path for path, prop in walk_properties(schema) if "description" not in prop]
    assert undocumented == []


def test_every_choice_in_the_schema_is_described_for_editor_completion():
    """YAML and JSON editors show `enumDescriptions` beside each value they offer."""
    schema = json.loads((ROOT / "schemas" / "journeymap.schema.json").read_text())
    choices = [(path, prop) for path, prop in walk_properties(schema) if "enum" in prop]
    assert len(choices) >= 12
    bare = [path for path, prop in choices if len(prop.get("enumDescriptions", ())) != len(prop["enum"])]
    assert bare == []
    assert all(text.endswith(".") for _, prop in choices for text in prop["enumDescriptions"])


def readme_commands():
    text = (ROOT / "README.md").read_text()
    section = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_has_two_setup_commands_and_ci_runs_exactly_them():
    commands = readme_commands()
    assert len(commands) == 2
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert all(command in ci_lines for command in commands)
    assert "pytest" in commands[1]


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "journeymap", "--version"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert (result.returncode, result.stdout.startswith("journeymap ")) == (0, True)


def test_a_fifo_named_like_a_map_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.journey.yaml"
    os.mkfifo(fifo)
    _, problems = load_file(fifo, "pipe.journey.yaml")
    assert [(p.code, p.message) for p in problems] == [
        ("JM001", "this is not a regular file (a pipe or a device?)")
    ]


def test_the_repository_lints_clean_at_its_root_checking_the_examples_not_the_fixtures():
    run = subprocess.run([sys.executable, "-m", "journeymap", "lint", "--no-color"], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "GITHUB_ACTIONS": "false"}, check=False)  # fmt: skip
    examples = len(list((ROOT / "examples").glob("*.journey.yaml")))
    assert (run.returncode, run.stdout) == (0, f"No problems: checked {examples} maps and 1 library.\n")


def test_diagrams_rendered_beside_the_examples_are_ignored_and_docs_images_are_not():
    names = ["examples/shoe-shop.journey.svg", "examples/shoe-shop.journey.flow.png", "examples/library/x.pdf",
             "examples/shoe-shop.journey.dot", "docs/images/shoe-shop.journey.svg", "examples/shoe-shop.journey.yaml"]
    run = subprocess.run(["git", "check-ignore", "--no-index", *names], capture_output=True, text=True, cwd=ROOT,
                         check=False)  # fmt: skip
    assert run.stdout.splitlines() == names[:4]


@pytest.mark.parametrize("page", ["README.md", "docs/format.md"])
def test_the_documented_editor_comment_finds_the_schema_in_a_users_repository(page, journeymap, tree):
    """In a repository of maps (not journeymap's own), the documented command writes the schema where the
    documented comment, read relative to a map in maps/, points."""
    text = (ROOT / page).read_text(encoding="utf-8")
    (command,) = set(re.findall(r"^\s*journeymap (schema -o \S+)$", text, re.MULTILINE))
    (comment,) = set(re.findall(r"^\s*# yaml-language-server: \$schema=(\S+)$", text, re.MULTILINE))
    root = tree({"maps/returns.journey.yaml": f"# yaml-language-server: $schema={comment}\n{MINIMAL}"})
    assert journeymap(*command.split()).exit_code == 0
    named = root / "maps" / comment
    assert named.is_file(), f"{comment} from maps/ names no file"
    editor_schema = json.loads(named.read_text(encoding="utf-8"))
    assert editor_schema == json.loads((ROOT / "schemas" / "journeymap.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(editor_schema).validate(yaml.safe_load(MINIMAL))


def format_page_examples() -> list[tuple[int, str | None, str]]:
    """Each YAML block of docs/format.md: its line, the file it names in a first-line comment
    (`# library/bakery.yaml`), if any, and its text."""
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    blocks = []
    for match in re.finditer(r"^( *)```yaml\n(.*?)^\1```$", text, re.MULTILINE | re.DOTALL):
        body = textwrap.dedent(match.group(2))
        named = re.match(r"# (\S+\.ya?ml)\n", body)
        blocks.append((text.count("\n", 0, match.start()) + 1, named and named.group(1), body))
    return blocks


def test_every_yaml_block_on_the_format_page_is_read_as_an_example():
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    assert len(format_page_examples()) == text.count("```yaml") > 10


@pytest.mark.parametrize(
    ("line", "name", "body"), [pytest.param(*block, id=f"line {block[0]}") for block in format_page_examples()]
)
def test_every_yaml_example_on_the_format_page_is_valid(line, name, body, journeymap, tree):
    """A block that names its file is written there beside the other named blocks, so a map's include
    finds the library the page shows; every other block is a map of its own."""
    named = {n: b for _, n, b in format_page_examples() if n} if name else {}
    tree({**named, name or "example.journey.yaml": body})
    run = journeymap("validate", name or "example.journey.yaml")
    assert run.exit_code == 0, f"docs/format.md:{line}: {run.stdout}"


@pytest.mark.parametrize("module", ["cli.py", "launch.py"])
def test_the_command_line_only_parses_carries_out_a_run_and_exits(module):
    """cli.py and launch.py hold no policy: they reach the library through the run layer, and otherwise only
    for printing (styled lines, problem lines, rule pages) and writing files atomically."""
    import ast

    tree = ast.parse((ROOT / "journeymap" / module).read_text(encoding="utf-8"))
    imported = {f"{node.module}.{alias.name}" if node.module in ("journeymap", "journeymap.reporters") else node.module
                for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}  # fmt: skip
    ours = {name for name in imported if name.startswith("journeymap.")}
    allowed = {"journeymap.run", "journeymap.styled", "journeymap.reporters.text", "journeymap.files",
               "journeymap.ruledocs", "journeymap.problems", "journeymap.__version__", "journeymap.launch",
               "journeymap.cli", "journeymap.record", "journeymap.reporters.FORMATS"}  # fmt: skip
    assert ours <= allowed, f"{module} reaches past the run layer: {sorted(ours - allowed)}"
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    longest = max(functions, key=lambda node: node.end_lineno - node.lineno)
    body = longest.end_lineno - (longest.body[0].end_lineno if ast.get_docstring(longest) else longest.lineno)
    assert body <= 30, f"{longest.name} in {module} runs {body} lines past its docstring: move its work to run.py"


def test_the_console_script_imports_typer_only_for_typer_s_command_lines():
    import ast

    tree = ast.parse((ROOT / "journeymap" / "launch.py").read_text(encoding="utf-8"))
    top = {alias.name.split(".")[0] for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)
           for alias in node.names} | {node.module.split(".")[0] for node in tree.body  # fmt: skip
                                       if isinstance(node, ast.ImportFrom) and node.module}
    assert not top & {"typer", "click", "rich", "yaml", "jsonschema_rs"}


@pytest.mark.parametrize(
    "options",
    [("--view", "map"), ("--view", "flow"), ("--view", "blueprint"),
     ("examples/renewing-an-id-card.journey.yaml", "examples/moving-home-broadband.journey.yaml", "--state", "future"),
     ("examples/renewing-an-id-card.journey.yaml", "--view", "blueprint", "--state", "future")],
    ids=["map", "flow", "blueprint", "future", "blueprint-future"],
)  # fmt: skip
def test_the_diagrams_in_the_docs_are_what_the_examples_draw(journeymap, monkeypatch, options):
    """docs/render.md shows every example in every view, and the README the shoe shop's map; they are
    redrawn (`journeymap render examples/ -o docs/images --view VIEW`) when the renderer or an example changes."""
    monkeypatch.chdir(ROOT)
    named = [option for option in options if option.startswith("examples/")]
    run = journeymap("render", *(named or ["examples/"]), *options[len(named):], "-o", "docs/images", "--check")
    verdict = {0: "8 diagrams are", 1: "1 diagram is", 2: "2 diagrams are"}[len(named)]
    assert (run.exit_code, run.lines) == (0, [f"{verdict} up to date."]), run.stdout
