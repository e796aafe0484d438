"""One place for paths: how a file is shown to the user, which repository holds it and how CI services
name it there, its real path, the key under which two names of one file meet, and the user's cache.

Paths stay as the user wrote them wherever they are shown; links are resolved only to compare files.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from journeymap.problems import printable


def user_cache(name: str) -> Path:
    """A folder of the user's cache for journeymap's `name` (not created here): what can be made again,
    kept between runs. $JOURNEYMAP_CACHE_DIR, else the system's place for caches."""
    if os.environ.get("JOURNEYMAP_CACHE_DIR"):
        return Path(os.environ["JOURNEYMAP_CACHE_DIR"]) / name
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "journeymap" / name


def real_path(path: Path | str) -> Path:
    """The path with links resolved; its absolute form when links loop or it cannot be resolved."""
    return Path(real_text(path))


def real_text(path: Path | str) -> str:
    """`real_path` as text: a tenth of the memory, for the thousands of paths discovery remembers."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):  # ValueError: a NUL
        return os.path.abspath(path)


class RealPaths:
    """`real_text` of many files, each folder resolved once: a file that is no link is its folder's real
    path and its own name. Resolving looks at every folder of the path, which for a thousand maps in one
    folder was most of the time discovery took. Made for one run, as the folders may change between runs."""

    __slots__ = ("_folders",)

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, path: Path | str) -> str:
        folder, name = os.path.split(os.fspath(path))
        try:
            if name in ("", ".", "..") or os.path.islink(path):
                return real_text(path)
        except ValueError:  # a NUL
            return real_text(path)
        real_folder = self._folders.get(folder)
        if real_folder is None:
            real_folder = self._folders[folder] = real_text(folder or os.curdir)
        return os.path.join(real_folder, name)


def file_key(path: Path) -> str:
    """What two paths share when they name one file: links resolved, case folded where the system does."""
    return os.path.normcase(os.path.realpath(path))


def upward(start: Path) -> Iterator[Path]:
    """`start` and the folders above it, as written, up to the root of the git work tree holding it
    (outside git, up to the file system's root): where a repository's settings are looked for."""
    for folder in (start, *start.parents):
        yield folder
        if _holds_git(folder):
            return


def git_root(folder: Path) -> Path | None:
    """The nearest folder from `folder` upward, as written, that holds a `.git`; None outside git."""
    top = None
    for top in upward(folder):
        pass
    return top if top is not None and _holds_git(top) else None


def _holds_git(folder: Path) -> bool:
    try:
        return (folder / ".git").exists()
    except OSError:  # an unreadable folder: look further up
        return False


class Paths:
    """Paths as one run sees them, from its working directory; git roots are looked up once per folder."""

    def __init__(self, cwd: Path | None = None) -> None:
        self.cwd = cwd or Path.cwd()
        self._roots: dict[Path, Path] = {}
        self._git_roots: dict[Path, Path | None] = {}  # for from_root, by folder as written

    def display(self, path: Path) -> str:
        """The path relative to the working directory when inside it, as users typed it otherwise."""
        absolute = Path(os.path.abspath(path))
        try:
            shown = absolute.relative_to(self.cwd).as_posix()
        except ValueError:
            shown = str(path)
        return printable(shown)  # a name that is not UTF-8 shows its odd bytes as escapes

    def root_for(self, directory: Path) -> Path:
        """The git work tree holding `directory`; outside git, the working directory, or the map's own
        directory when the map lies outside the working directory too: what includes must stay inside."""
        directory = directory.resolve()
        if directory not in self._roots:
            cwd = self.cwd.resolve()
            self._roots[directory] = git_root(directory) or (cwd if directory.is_relative_to(cwd) else directory)
        return self._roots[directory]

    def from_root(self, file: str) -> str:
        """A shown file as CI services name it: from the root of the git work tree holding it (each file
        its own; through linked folders as named, else as resolved), '/'-separated. Outside git: from
        the working directory, or its absolute path outside that too."""
        absolute = Path(os.path.abspath(self.cwd / file))
        for path in (absolute, real_path(absolute.parent) / absolute.name):
            if path.parent not in self._git_roots:
                self._git_roots[path.parent] = git_root(path.parent)
            top = self._git_roots[path.parent]
            if top is not None:
                return path.relative_to(top).as_posix()
        cwd = Path(os.path.abspath(self.cwd))
        return absolute.relative_to(cwd).as_posix() if absolute.is_relative_to(cwd) else absolute.as_posix()
