"""Checking files in context: load, schema, includes and references, each file once per run.

A Workspace caches every file it checks by its real path, so a library included
by a hundred maps is read, validated and reported once.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from journeymap import checks, references, schema
from journeymap.discovery import Discovery, discover, is_map_name, real_path, real_text
from journeymap.loader import DEFAULT_LIMITS, Document, Limits, LoadError, decode, load_file, load_text, read_bytes
from journeymap.problems import START, Problem, printable, quote
from journeymap.references import Definition, Definitions
from journeymap.suggest import did_you_mean

if TYPE_CHECKING:
    from journeymap.model import Journey


class Checked(NamedTuple):
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
        self.cwd = cwd or Path.cwd()
        self.limits = limits
        self._checked: dict[Path, Checked] = {}
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
        directory when the map lies outside the working directory too."""
        directory = directory.resolve()
        if directory not in self._roots:
            cwd = self.cwd.resolve()
            self._roots[directory] = _git_root(directory) or (cwd if directory.is_relative_to(cwd) else directory)
        return self._roots[directory]

    def from_root(self, file: str) -> str:
        """A shown file as CI services name it: from the root of the git work tree holding it (each file
        its own; through linked folders as named, else as resolved), '/'-separated. Outside git: from
        the working directory, or its absolute path outside that too."""
        absolute = Path(os.path.abspath(self.cwd / file))
        for path in (absolute, real_path(absolute.parent) / absolute.name):
            if path.parent not in self._git_roots:
                self._git_roots[path.parent] = _git_root(path.parent)
            top = self._git_roots[path.parent]
            if top is not None:
                return path.relative_to(top).as_posix()
        cwd = Path(os.path.abspath(self.cwd))
        return absolute.relative_to(cwd).as_posix() if absolute.is_relative_to(cwd) else absolute.as_posix()

    def journey(self, checked: Checked) -> Journey | None:
        """The model of a valid map or library, with the definitions of what it includes; None if invalid."""
        if not checked.valid or checked.document is None:
            return None
        libraries = [self._checked[key].document for key in checked.libraries]
        from journeymap.model import build  # only lint and render need the model: validate starts faster

        return build(checked.document, [library for library in libraries if library is not None])

    def check(self, path: Path) -> Checked:
        """Check one file; a bug in journeymap becomes a problem on that file, never a crash of the run."""
        try:
            return self._check(path, ())
        except Exception as error:  # noqa: BLE001 -- the other files must still be checked
            message = f"journeymap failed on this file ({type(error).__name__}: {error}); please report it"
            shown = self.display(path)
            return Checked(path, shown, None, (checks.INTERNAL.problem(shown, START, message),), False, {}, ())

    def _check(self, path: Path, chain: tuple[Path, ...], included: bool = False) -> Checked:
        """`included`: named by an include, so it is meant as a library even when it cannot be loaded."""
        key = real_path(path)
        if key in self._checked:
            return self._checked[key]
        shown = self.display(path)
        document, problems = load_file(path, shown, self.limits)
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
        if not is_library:
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
                libraries.extend(key for key in (real_path(library.path), *library.libraries) if key not in libraries)
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
        real = real_path(target)
        root = self.root_for(path.parent)
        if not real.is_relative_to(root):
            where = "repository" if (root / ".git").exists() else "working directory"
            if where == "working directory" and root != self.cwd.resolve():
                where = "map's folder"  # a map outside both git and the working directory
            message = f"include {quote(entry, keep_end=True)} leads outside the {where} ({root}); keep libraries inside it"
            return (checks.INCLUDE_OUTSIDE, message, None), None
        if real in chain:
            cycle = " -> ".join(self.display(step) for step in (*chain[chain.index(real) :], real))
            return (checks.INCLUDE_ERROR, f"include cycle: {cycle}; remove one of these includes", None), None
        unusable = _not_a_file(entry, target)
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


def changed_maps(arguments: list[str], wanted: Callable[[Path], bool], search: list[str]) -> Discovery:
    """The maps to check when `arguments` name changed files (pre-commit's): those that are maps (as `wanted`
    says, like a directory search), plus the maps found in `search` that include one of the others,
    directly or through libraries. A named file neither a map nor included (a CI workflow, a
    configuration) is left out."""
    named = discover(arguments, wanted)
    maps = [file for file in named.files if wanted(Path(file))]
    others = {real_text(file) for file in named.files if not wanted(Path(file))}
    if others:
        including = _Includes()
        maps += [file for file in discover(search, wanted).files if including.reaches(file, others)]
    unique: dict[str, str] = {}  # each map once, as first named
    for file in maps:
        unique.setdefault(real_text(file), file)
    return Discovery(tuple(unique.values()), named.unusable, ())


class _Includes:
    """What each file includes, read once per file however many maps share it, and followed through libraries."""

    def __init__(self) -> None:
        self._direct: dict[str, list[str]] = {}  # a file's real path -> the real paths its include names

    def reaches(self, file: str, targets: set[str]) -> bool:
        """Whether the file includes one of `targets`, directly or through libraries (walked, never recursed:
        a chain of libraries may be long, or loop)."""
        pending, seen = [real_text(file)], set()
        while pending:
            real = pending.pop()
            if real not in self._direct:
                self._direct[real] = _included_files(real)
            for target in self._direct[real]:
                if target in targets:
                    return True
                if target not in seen:
                    seen.add(target)
                    pending.append(target)
        return False


def _included_files(real: str) -> list[str]:
    """The real paths a file's `include` names; none when it cannot be read (checking it says why)."""
    try:
        raw = read_bytes(Path(real))
        text = decode(raw) if b"include" in raw else ""  # most maps include nothing: no need to parse them
    except (OSError, ValueError, LoadError):  # ValueError: a NUL in the name
        return []
    document = load_text(text, real)[0] if text else None
    entries = document.data.get("include") if document is not None else None
    if not isinstance(entries, list):
        return []
    folder = os.path.dirname(real)
    return [real_text(os.path.join(folder, entry)) for entry in entries if isinstance(entry, str) and entry]


def _git_root(folder: Path) -> Path | None:
    """The nearest folder from `folder` upward, as written, that holds a `.git`; None outside git."""
    for candidate in (folder, *folder.parents):
        try:
            if (candidate / ".git").exists():
                return candidate
        except OSError:  # an unreadable folder: look further up
            continue
    return None



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
    siblings = []
    if target.parent.is_dir():
        siblings = [  # libraries only: a map cannot be included, so suggesting one misleads
            name for name in os.listdir(target.parent) if name.endswith((".yaml", ".yml")) and not is_map_name(name)
        ]
    tail, suggestion = did_you_mean(target.name, siblings)
    if suggestion:
        suggestion = str(Path(entry).parent / suggestion) if Path(entry).parent != Path(".") else suggestion
        tail = f"; did you mean {quote(suggestion)}?"
    return checks.INCLUDE_ERROR, f"included file {quote(entry, keep_end=True)} does not exist{tail}", suggestion
