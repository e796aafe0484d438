"""The pre-commit hooks, run for real: `pre-commit try-repo` on a snapshot of this tree, offline.

pre-commit installs the hook by building journeymap from the repository with pip, into an environment
of its own. No package index is needed: pip builds with the hatchling of this test environment (no
build isolation), and journeymap's dependencies come from this environment's site-packages (PYTHONPATH).
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra: pip install -e '.[test]'")
pytest.importorskip("hatchling", reason="hatchling is in the test extra: pip install -e '.[test]'")
if shutil.which("git") is None:
    pytest.skip("pre-commit needs git", allow_module_level=True)

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "journeymap tests", "GIT_AUTHOR_EMAIL": "tests@journeymap.invalid",
    "GIT_COMMITTER_NAME": "journeymap tests", "GIT_COMMITTER_EMAIL": "tests@journeymap.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip

LIBRARY = """\
journeymap: 1
library: true
personas:
  - {id: maya, name: Maya}
"""
SHOP = """\
journeymap: 1
title: Boots
include: [../library/personas.yaml]
stages:
  - id: buy
    name: Buy
    steps:
      - {name: Pays, persona: maya}
"""


def test_the_manifest_is_valid_for_pre_commit():
    command = [sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout + run.stderr) == (0, "")


def test_the_hooks_cover_validate_lint_and_render_check_for_maps():
    assert {hook["id"]: hook["entry"] for hook in HOOKS} == {
        "journeymap-validate": "journeymap validate --changed",
        "journeymap-lint": "journeymap lint --changed",
        "journeymap-render-check": "journeymap render --check --changed",
    }
    for hook in HOOKS:
        assert hook["language"] == "python"
        pattern = re.compile(hook["files"])
        assert pattern.search("maps/shop.journey.yaml") and pattern.search("a.journey.yml")
        assert pattern.search("library/personas.yaml")  # journeymap then checks the maps that include it
        assert not pattern.search("shop.journey.yaml.bak")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_IDENTITY}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def committed(path: Path) -> Path:
    git(path, "init", "--quiet")
    git(path, "add", "--all")
    git(path, "commit", "--quiet", "--no-gpg-sign", "--message", "snapshot")
    return path


@pytest.fixture(scope="module")
def journeymap_repo(tmp_path_factory) -> Path:
    """This working tree as it is now, committed uncommitted changes and all: try-repo needs a git repository."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=False)  # fmt: skip
    if listed.returncode != 0:
        pytest.skip("the snapshot is taken with git ls-files; this tree is not a git checkout")
    snapshot = tmp_path_factory.mktemp("journeymap")
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    return committed(snapshot)


def unmet_dependencies(pyproject: Path) -> list[str]:
    """The tree's dependencies that this environment does not satisfy, so that pip offline cannot either."""
    from packaging.requirements import Requirement

    unmet = []
    for text in tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]:
        requirement = Requirement(text)
        try:
            installed = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed is None or not requirement.specifier.contains(installed, prereleases=True):
            unmet.append(f"{requirement} (installed: {installed or 'none'})")
    return unmet


def pre_commit(repo: Path, maps: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    """Run pre-commit in the map repository `maps`, installing journeymap's hooks from `repo` offline."""
    unmet = unmet_dependencies(repo / "pyproject.toml")
    if unmet:
        pytest.skip(f"reinstall with pip install -e '.[test]': this environment lacks {', '.join(unmet)}")
    site_packages = [entry for entry in sys.path if entry.endswith(("site-packages", "dist-packages"))]
    env = {
        **os.environ,
        **GIT_IDENTITY,
        "PRE_COMMIT_HOME": str(home),
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",  # offline: nothing may come from a package index
        "PIP_NO_BUILD_ISOLATION": "0",  # pip reads this inverted: 0 turns build isolation off
        "PYTHONPATH": os.pathsep.join(site_packages),
        "VIRTUALENV_NO_PERIODIC_UPDATE": "true",
        "NO_COLOR": "1",
    }
    env.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-m", "pre_commit", *args, "--color=never"]
    return subprocess.run(command, cwd=maps, env=env, capture_output=True, text=True, check=False)


def try_repo(repo: Path, maps: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    return pre_commit(repo, maps, home, "try-repo", str(repo), "journeymap-validate", *args)


def test_validate_hook_installs_from_the_repository_and_resolves_includes(journeymap_repo, tmp_path):
    """pre-commit names each map on the command line, as it names the changed ones on a commit, and the
    library they include; the include must resolve from the map's own folder, and each file is checked once."""
    maps = tmp_path / "maps-repo"
    (maps / "maps").mkdir(parents=True)
    (maps / "library").mkdir()
    (maps / "library" / "personas.yaml").write_text(LIBRARY, encoding="utf-8")
    (maps / "maps" / "shop.journey.yaml").write_text(SHOP, encoding="utf-8")
    (maps / "maps" / "broken.journey.yml").write_text(SHOP.replace("name: Buy", "nmae: Buy"), encoding="utf-8")
    committed(maps)

    run = try_repo(journeymap_repo, maps, tmp_path / "pre-commit-home", "--all-files")
    assert run.returncode == 1, run.stdout + run.stderr
    assert re.search(r"^journeymap validate\.+Failed$", run.stdout, re.MULTILINE)
    report = run.stdout.split("- exit code: 1\n\n", 1)[1].strip().splitlines()
    assert report == [
        "maps/broken.journey.yml:5:5: error[JM102 missing-key]: stage 'buy' is missing the required key 'name'",
        "maps/broken.journey.yml:6:5: error[JM101 unknown-key]: unknown key 'nmae' in stage 'buy'; "
        "did you mean 'name'?",
        "Found 2 problems in 1 file (checked 2 maps and 1 library).",  # shop's persona maya resolved
    ]


def documented_config(repo: Path) -> str:
    """The .pre-commit-config.yaml that docs/ci.md gives, pointed at `repo` as it is now."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    config = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", text, re.DOTALL)
    assert config, "docs/ci.md lost its .pre-commit-config.yaml example"
    revision = git(repo, "rev-parse", "HEAD").strip()
    return re.sub(r"repo: \S+\n(\s+)rev: \S+", rf"repo: {repo}\n\1rev: {revision}", config.group(1))


def documented_setup(journeymap_repo: Path, tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    """A map repository set up as docs/ci.md says, its diagrams and baseline up to date, committed."""
    maps = tmp_path / "maps-repo"
    shop_text = SHOP.replace("../library/", "../../library/")
    files = {"library/personas.yaml": LIBRARY, "maps/eu/shop.journey.yaml": shop_text, **(extra or {})}
    for name, text in files.items():
        (maps / name).parent.mkdir(parents=True, exist_ok=True)
        (maps / name).write_text(text, encoding="utf-8")
    (maps / ".pre-commit-config.yaml").write_text(documented_config(journeymap_repo), encoding="utf-8")
    journeymap = [sys.executable, "-m", "journeymap"]
    subprocess.run([*journeymap, "render", "maps/", "--out-dir", "diagrams/"], cwd=maps, check=True)  # any engine
    subprocess.run([*journeymap, "lint", "--write-baseline", "journeymap-baseline.json"], cwd=maps, check=True)
    return committed(maps)


def test_the_documented_config_checks_changed_maps_and_their_mirrored_diagrams(journeymap_repo, tmp_path):
    """All three hooks as docs/ci.md sets them up: a baseline for lint, and diagrams under diagrams/ that
    mirror maps/, checked for the maps pre-commit names one by one (--maps-root)."""
    maps = documented_setup(journeymap_repo, tmp_path)
    assert (maps / "diagrams" / "eu" / "shop.journey.svg").is_file()
    home = tmp_path / "pre-commit-home"

    fresh = pre_commit(journeymap_repo, maps, home, "run", "--files", "maps/eu/shop.journey.yaml")
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    for name in ("validate", "lint", "render --check"):
        assert re.search(rf"^journeymap {re.escape(name)}\.+Passed$", fresh.stdout, re.MULTILINE)

    shop = maps / "maps" / "eu" / "shop.journey.yaml"
    shop.write_text(shop.read_text(encoding="utf-8").replace("name: Buy", "name: Pay"), encoding="utf-8")
    stale = pre_commit(journeymap_repo, maps, home, "run", "--files", "maps/eu/shop.journey.yaml")
    assert stale.returncode == 1
    assert re.search(r"^journeymap render --check\.+Failed$", stale.stdout, re.MULTILINE)
    assert (
        "maps/eu/shop.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram diagrams/eu/shop.journey.svg is stale"
        in stale.stdout
    )
    assert re.search(r"^journeymap lint\.+Passed$", stale.stdout, re.MULTILINE)  # the baseline still holds


def test_a_library_changed_alone_checks_the_maps_that_include_it(journeymap_repo, tmp_path):
    """Renaming a persona in the library changes every diagram of the maps that include it, and no map file."""
    maps = documented_setup(journeymap_repo, tmp_path)
    (maps / "library" / "personas.yaml").write_text(LIBRARY.replace("name: Maya", "name: Maya Ruiz"), encoding="utf-8")
    run = pre_commit(journeymap_repo, maps, tmp_path / "pre-commit-home", "run", "--files", "library/personas.yaml")
    assert run.returncode == 1, run.stdout + run.stderr
    assert re.search(r"^journeymap validate\.+Passed$", run.stdout, re.MULTILINE)
    assert re.search(r"^journeymap lint\.+Passed$", run.stdout, re.MULTILINE)
    assert re.search(r"^journeymap render --check\.+Failed$", run.stdout, re.MULTILINE)
    assert (
        "maps/eu/shop.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram diagrams/eu/shop.journey.svg is stale"
        in run.stdout
    )

    (maps / "library" / "personas.yaml").write_text(LIBRARY.replace("id: maya", "id: maia"), encoding="utf-8")
    broken = pre_commit(journeymap_repo, maps, tmp_path / "pre-commit-home", "run", "--files", "library/personas.yaml")
    assert re.search(r"^journeymap validate\.+Failed$", broken.stdout, re.MULTILINE)
    unknown = "maps/eu/shop.journey.yaml:8:31: error[JM202 unknown-reference]: unknown persona 'maya'"
    assert f"{unknown}; did you mean 'maia'?" in broken.stdout


def test_a_changed_yaml_file_that_no_map_includes_checks_nothing_and_passes(journeymap_repo, tmp_path):
    workflow = "name: ci\non: [push]\njobs: {test: {runs-on: ubuntu-latest, steps: [{run: make}]}}\n"
    maps = documented_setup(journeymap_repo, tmp_path, {".github/workflows/ci.yml": workflow,
                                                        ".journeymap.yaml": "fail-on: warning\n"})  # fmt: skip
    (maps / ".github" / "workflows" / "ci.yml").write_text(workflow.replace("make", "make test"), encoding="utf-8")
    (maps / ".journeymap.yaml").write_text("fail-on: error\n", encoding="utf-8")
    home = tmp_path / "pre-commit-home"
    run = pre_commit(journeymap_repo, maps, home, "run", "--files", ".github/workflows/ci.yml", ".journeymap.yaml")
    assert run.returncode == 0, run.stdout + run.stderr
    for name in ("validate", "lint"):
        assert re.search(rf"^journeymap {name}\.+Passed$", run.stdout, re.MULTILINE)
    assert re.search(r"^journeymap render --check\.+\(no files to check\)Skipped$", run.stdout, re.MULTILINE)
