"""Checking files in context: load, schema, includes and references, each file once per run.

A Workspace caches every file it checks by its real path, so a library included
by a hundred maps is read, validated and reported once. It reads files from disk; the five methods
under "Where files come from" are all it asks of the disk, so a subclass can read them from
elsewhere (journeymap.revisions reads them from a git revision).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap import checks, references, schema
from journeymap.discovery import is_map_name
from journeymap.loader import DEFAULT_LIMITS, Document, Limits, load_file
from journeymap.paths import Paths, RealPaths
from journeymap.problems import Problem, quote
from journeymap.record import Tuple
from journeymap.references import Definition, Definitions
from journeymap.suggest import did_you_mean

if TYPE_CHECKING:
    from journeymap.model import Journey


class Checked(Tuple):
    """One file after loading, schema validation, includes and references."""

    path: Path  # as discovered or included, for reading
    file: str  # as shown to the user
    document: Document | None
    problems: tuple[Problem, ...]
    is_library: bool
    definitions: Definitions  # its own ids and, for shared kinds, those of everything it includes
    libraries: tuple[Path, ...]  # real paths of included libraries, transitively, in order

    @property
    def valid(self) -> bool:
        return not self.problems


class Workspace:
    def __init__(self, cwd: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.paths = Paths(cwd)
        self.cwd = self.paths.cwd
        self.limits = limits
        self._checked: dict[Path, Checked] = {}
        self._real = RealPaths()

    def journey(self, checked: Checked) -> Journey | None:
        """The model of a valid map or library, with the definitions of what it includes; None if invalid."""
        if not checked.valid or checked.document is None:
            return None
        libraries = [self._checked[key].document for key in checked.libraries]
        from journeymap.model import build  # only lint and render need the model: validate starts faster

        return build(checked.document, [library for library in libraries if library is not None])

    def library_problems(self, checked: Checked) -> list[Problem]:
        """The problems of the libraries `checked` includes, directly or not: what its include errors point to."""
        return [problem for key in checked.libraries for problem in self._checked[key].problems]

    def check(self, path: Path) -> Checked:
        """Check one file; a bug in journeymap becomes a problem on that file, never a crash of the run."""
        try:
            return self._check(path, ())
        except Exception as error:  # noqa: BLE001 -- the other files must still be checked
            shown = self.display(path)
            return Checked(path, shown, None, (checks.internal_error(shown, error),), False, {}, ())

    # Where files come from: the disk.

    def key(self, path: Path) -> Path:
        """What every name of one file shares: its real path."""
        return Path(self._real(path))

    def display(self, path: Path) -> str:
        """The file as problems name it."""
        return self.paths.display(path)

    def load(self, path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
        """The file loaded, or the problems that say why it cannot be."""
        return load_file(path, shown, self.limits)

    def include_root(self, folder: Path) -> Path:
        """The folder (as a key) that a file in `folder` may include files from: its repository's."""
        return self.paths.root_for(folder)

    def unusable(self, entry: str, target: Path) -> tuple[checks.Check, str, str | None] | None:
        """Why the include target cannot be read as a library file, or None when it is a regular file."""
        return _not_a_file(entry, target)

    def _check(self, path: Path, chain: tuple[Path, ...], included: bool = False) -> Checked:
        """`included`: named by an include, so it is meant as a library even when it cannot be loaded."""
        key = self.key(path)
        if key in self._checked:
            return self._checked[key]
        shown = self.display(path)
        document, problems = self.load(path, shown)
        if document is None:
            checked = Checked(path, shown, None, tuple(problems), included, {}, ())
        else:
            checked = self._check_document(path, document, problems, (*chain, key))
        if included:  # libraries are shared by many maps; a map's document is let go once it is reported
            self._checked[key] = checked
        return checked

    def _check_document(
        self, path: Path, document: Document, problems: list[Problem], chain: tuple[Path, ...]
    ) -> Checked:
        problems = problems + schema.validate(document)
        own, duplicates = references.own_definitions(document)
        included, libraries, include_problems = self._includes(path, document, chain)
        problems += duplicates + include_problems + references.clashes(own, included, document.file)
        is_library = document.data.get("library") is True
        available = {kind: {**included.get(kind, {}), **ids} for kind, ids in own.items()}
        # An include that cannot be used hides its ids: references to them would only echo its error.
        broken = any(problem.code in _INCLUDE_CODES for problem in include_problems)
        problems += references.unresolved(document, available, shared=not broken)
        return Checked(path, document.file, document, tuple(checks.capped(problems)), is_library, available, tuple(libraries))

    def _includes(
        self, path: Path, document: Document, chain: tuple[Path, ...]
    ) -> tuple[dict[str, dict[str, Definition]], list[Path], list[Problem]]:
        entries = document.data.get("include")
        included: dict[str, dict[str, Definition]] = {}
        libraries: list[Path] = []
        problems: list[Problem] = []
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, str) or not entry:
                continue  # the schema reports it
            json_path = ("include", index)
            position = document.position(json_path)
            refusal, library = self._include(path, entry, chain)
            if library is not None:  # reported with the run even when it cannot be used
                libraries.extend(key for key in (self.key(library.path), *library.libraries) if key not in libraries)
                # its ids still resolve references, so its own problems are not echoed as unknown ids here
                problems += references.merge(included, library.definitions, document.file, position, json_path)
            if refusal:
                check, message, suggestion = refusal
                problems.append(check.problem(document.file, position, message, json_path, suggestion))
        return included, libraries, problems

    def _include(
        self, path: Path, entry: str, chain: tuple[Path, ...]
    ) -> tuple[tuple[checks.Check, str, str | None] | None, Checked | None]:
        """The library an include entry names, or (check, message, suggestion) saying why it cannot be used."""
        if Path(entry).is_absolute():
            return (checks.INCLUDE_ERROR, f"include {quote(entry, keep_end=True)} is an absolute path; write it relative to this file", None), None
        if "\0" in entry:
            return (checks.INCLUDE_ERROR, f"include {quote(entry, keep_end=True)} contains a NUL character; remove it", None), None
        target = path.parent / entry  # not normalised: 'link/../x' must follow the link as the system does
        real = self.key(target)
        root = self.include_root(path.parent)
        if not real.is_relative_to(root):
            where = "repository" if (root / ".git").exists() else "working directory"
            if where == "working directory" and root != self.cwd.resolve():
                where = "map's folder"  # a map outside both git and the working directory
            message = f"include {quote(entry, keep_end=True)} leads outside the {where} ({root}); keep libraries inside it"
            return (checks.INCLUDE_OUTSIDE, message, None), None
        if real in chain:
            cycle = " -> ".join(self.display(step) for step in (*chain[chain.index(real) :], real))
            return (checks.INCLUDE_ERROR, f"include cycle: {cycle}; remove one of these includes", None), None
        unusable = self.unusable(entry, target)
        if unusable:
            return unusable, None
        library = self._check(target, chain, included=True)
        if library.document is not None and not library.is_library:
            message = f"{quote(entry, keep_end=True)} is a map, not a library; only files with 'library: true' can be included"
            return (checks.INCLUDE_ERROR, message, None), None
        if not library.valid:
            count = len(library.problems)
            message = f"included file {quote(entry, keep_end=True)} has {count} problem{'s' if count != 1 else ''}, reported under {library.file}"
            return (checks.INCLUDE_ERROR, message, None), library
        return None, library


_INCLUDE_CODES = frozenset({checks.INCLUDE_ERROR.code, checks.INCLUDE_OUTSIDE.code})


def _not_a_file(entry: str, target: Path) -> tuple[checks.Check, str, str | None] | None:
    """Why the include target cannot be read as a library file, or None when it is a regular file."""
    try:
        mode = target.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return _missing_include(entry, target)
    except (OSError, RuntimeError) as error:  # too long a name, a link loop, no permission
        reason = getattr(error, "strerror", None) or str(error)
        return checks.INCLUDE_ERROR, f"included file {quote(entry, keep_end=True)} cannot be read: {reason}", None
    if stat.S_ISDIR(mode):
        return checks.INCLUDE_ERROR, f"include {quote(entry, keep_end=True)} is a directory; name a library file in it", None
    if not stat.S_ISREG(mode):
        return checks.INCLUDE_ERROR, f"include {quote(entry, keep_end=True)} is not a regular file (a pipe or a device?)", None
    return None


def _missing_include(entry: str, target: Path) -> tuple[checks.Check, str, str | None]:
    return missing_include(entry, target, os.listdir(target.parent) if target.parent.is_dir() else [])


def missing_include(entry: str, target: Path, names: list[str]) -> tuple[checks.Check, str, str | None]:
    """The problem of an include naming nothing, with a did-you-mean among `names`, those in the target's folder."""
    # libraries only: a map cannot be included, so suggesting one misleads
    siblings = [name for name in names if name.endswith((".yaml", ".yml")) and not is_map_name(name)]
    tail, suggestion = did_you_mean(target.name, siblings)
    if suggestion:
        suggestion = str(Path(entry).parent / suggestion) if Path(entry).parent != Path(".") else suggestion
        tail = f"; did you mean {quote(suggestion)}?"
    return checks.INCLUDE_ERROR, f"included file {quote(entry, keep_end=True)} does not exist{tail}", suggestion
