"""docs/site.md's publishing setups: the YAML parses, each service gets the folder it publishes, and the
commands they run build the site of a repository as written (the examples as its maps/)."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest
import yaml

from conftest import ROOT, needs

PAGE = (ROOT / "docs/site.md").read_text(encoding="utf-8")
BLOCKS = [yaml.safe_load(block) for block in re.findall(r"^```yaml\n(.*?)^```$", PAGE, flags=re.M | re.S)]
GITHUB = next(block for block in BLOCKS if isinstance(block, dict) and block.get("name") == "journey site")
GITLAB = next(block for block in BLOCKS if isinstance(block, dict) and "pages" in block)["pages"]


def test_every_yaml_block_parses():
    assert len(BLOCKS) == len(re.findall(r"^```yaml$", PAGE, flags=re.M)) == 2


def test_github_builds_the_folder_it_uploads_and_deploys_it():
    build, deploy = GITHUB["jobs"]["build"], GITHUB["jobs"]["deploy"]
    assert GITHUB["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    runs = [step["run"] for step in build["steps"] if "run" in step]
    site = shlex.split(next(run for run in runs if run.startswith("journeymap site")))
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    cached = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/cache"))
    assert site[site.index("--out-dir") + 1] == upload["with"]["path"] == cached["with"]["path"] == "_site"
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_gitlab_builds_public_in_the_pages_job():
    site = shlex.split(next(line for line in GITLAB["script"] if line.startswith("journeymap site")))
    assert site[site.index("--out-dir") + 1] == "public" and GITLAB["artifacts"]["paths"] == ["public"]


@pytest.mark.parametrize("service", ["github", "gitlab"])
def test_the_commands_build_the_site(journeymap, tmp_path, monkeypatch, service):
    needs("dot")
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "examples", tmp_path / "maps")
    lines = ([step["run"] for step in GITHUB["jobs"]["build"]["steps"] if "run" in step] if service == "github"
             else GITLAB["script"])  # fmt: skip
    commands = [shlex.split(line) for line in lines if line.startswith("journeymap ")]
    assert len(commands) == 1
    result = journeymap(*commands[0][1:])
    out = commands[0][commands[0].index("--out-dir") + 1]
    assert result.exit_code == 0, result.stderr
    index = (tmp_path / out / "index.html").read_text(encoding="utf-8")
    assert "<title>Our customer journeys</title>" in index
