"""The repository set-up init can add beside a map: `.journeymap.yaml`, the schema copy editors check maps
with, a persona library, pre-commit's hooks and a CI workflow. The files are data beside this module
(`setup/`), the setups docs/ci.md documents; here they are placed at the repository's root and pointed at
the folder the map is in."""

from __future__ import annotations

import re
from pathlib import Path

from journeymap import __version__
from journeymap.record import Tuple

DATA = Path(__file__).with_name("setup")
CI_SERVICES = ("github", "gitlab")
SCHEMA_FILE = "journeymap.schema.json"
LIBRARY_FILE = "library/personas.yaml"


class SetupFile(Tuple):
    """A file of the set-up: where it goes below the root, and what it holds."""

    name: str  # relative to the repository's root, with /
    text: str


def root_of(folder: Path) -> Path:
    """Where the set-up goes: the root of the git work tree holding `folder`, else `folder` itself."""
    from journeymap.paths import git_root

    return git_root(folder) or folder


def setup_files(maps: str, ci: str | None) -> list[SetupFile]:
    """The set-up for maps kept in `maps` (a folder relative to the root, such as `maps/`, or `.`), with the
    workflow of the CI service `ci` (github, gitlab, or None for none). The library comes from the map."""
    from journeymap.schema import schema_text

    files = [
        SetupFile(".journeymap.yaml", _data("journeymap.yaml")),
        SetupFile(SCHEMA_FILE, schema_text()),
        SetupFile(".pre-commit-config.yaml", _data("pre-commit-config.yaml").replace("VERSION", __version__)),
    ]
    if ci == "github":
        files.append(SetupFile(".github/workflows/journey-maps.yml", _for_maps(_data("github.yml"), maps)))
    elif ci == "gitlab":
        files.append(SetupFile(".gitlab-ci.yml", _for_maps(_data("gitlab-ci.yml"), maps)))
    return files


def _data(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _for_maps(text: str, maps: str) -> str:
    """The workflow checking the maps in `maps` rather than in `maps/`, the folder docs/ci.md names."""
    return re.sub(r"(?<= )maps/(?= )", maps, text)
