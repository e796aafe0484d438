"""The maps that changed between two sides, renames followed, with the unchanged maps that include a changed library.

Between two revisions, and between a revision and the working tree, git says which files differ
(`git diff --name-status -M`, and `git ls-files --others` for the untracked ones), so only the maps that
changed are read, and the unchanged maps that include a changed library: those are found by searching the
base revision for the library's file name (git grep), then reading the include key of each file that
names it (so a map that reaches a changed library only through a link of another name is missed). Two
folders are compared file by file.
"""

from __future__ import annotations

import filecmp
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from journeymap.discovery import discover, is_map_name
from journeymap.loader import LoadError, decode, load_text, read_bytes
from journeymap.record import Tuple
from journeymap.revisions.git import TREE, GitFailed, LinkLoop, RevisionError
from journeymap.revisions.sides import WORKING_TREE, Side, Sides

ADDED, REMOVED, MODIFIED, RENAMED, LIBRARY_CHANGED = "added", "removed", "modified", "renamed", "library-changed"
_YAML = ("*.yaml", "*.yml")  # git pathspecs: maps and the libraries they include
_SIMILAR = 0.5  # git's rename threshold: half the file unchanged


class MapPair(Tuple):
    """One map to compare: where it is on each side (None where it is not), and what became of it."""

    base: Path | None
    head: Path | None
    status: str  # added, removed, modified, renamed, or library-changed (the map is the same, a library is not)


class _Change(Tuple):
    """A YAML file that changed: its path on each side, from the side's root, '/'-separated (None where absent)."""

    status: str
    base: str | None
    head: str | None


def changed_maps(compared: Sides, wanted: Callable[[Path], bool] | None = None) -> Sequence[MapPair]:
    """The maps to compare, by path: those added, removed, modified or renamed, and those unchanged that
    include a changed library, directly or through other libraries. `wanted` says which files are maps,
    given where each lies in the working tree (the configuration's globs; by default, `*.journey.yaml`
    and `*.journey.yml`); a pair is kept when either side is wanted and below one of the PATHS. Two files
    are always compared."""
    wanted = wanted or (lambda path: is_map_name(path.name))
    if compared.kind == "files":
        return [MapPair(compared.base.root, compared.head.root, MODIFIED)]
    base, head = _Tree(compared.base, compared), _Tree(compared.head, compared)
    changes = _git_changes(compared, head) if compared.repository is not None else _folder_changes(base, head)
    libraries = {path for change in changes for path in (change.base, change.head) if path and not is_map_name(path)}
    maps = _map_changes(changes, base, head)
    del changes  # ten thousand maps' changes: each list is let go as soon as the next is made
    if libraries:
        listed = {path for change in maps for path in (change.base, change.head) if path}
        maps += [_Change(LIBRARY_CHANGED, path, path) for path in _including(base, libraries) if path not in listed]
    maps = [change for change in maps if _kept(change, compared, wanted)]
    maps.sort(key=lambda change: change.head or change.base)
    return _Pairs(maps, compared)


class _Pairs(Sequence[MapPair]):
    """The maps to compare, each a MapPair when read: held as the paths git gave, one string a map (its status's
    letter, then its path, or its two paths apart by a NUL, which no path holds), since ten thousand pairs of
    `Path`s (each with its parts) would take more memory than checking one map, and `_Change`s a third more."""

    def __init__(self, changes: list[_Change], compared: Sides) -> None:
        """`changes` is packed in place: each _Change goes as its string comes."""
        for position, change in enumerate(changes):
            changes[position] = _packed(change)  # type: ignore[call-overload]
        self._changes: list[str] = changes  # type: ignore[assignment]
        self._roots = (compared.base.root, compared.head.root)

    def __len__(self) -> int:
        return len(self._changes)

    def __getitem__(self, index):  # noqa: ANN001, ANN204 -- an int or a slice, as a list takes them
        if isinstance(index, slice):  # the pairs in it, still held as paths
            part = _Pairs.__new__(_Pairs)
            part._changes, part._roots = self._changes[index], self._roots
            return part
        change = _unpacked(self._changes[index])
        base, head = (None if path is None else root / path for root, path in zip(self._roots, (change.base, change.head)))
        return MapPair(base, head, change.status)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # equal to a list, and as unhashable

    def __repr__(self) -> str:
        return repr(list(self))


_LETTERS = {ADDED: "A", REMOVED: "D", MODIFIED: "M", RENAMED: "R", LIBRARY_CHANGED: "L"}
_STATUSES = {letter: status for status, letter in _LETTERS.items()}


def _packed(change: _Change) -> str:
    letter = _LETTERS[change.status]
    if change.base == change.head:
        return letter + change.base  # type: ignore[operator]  # one of the two is always there
    return f"{letter}{change.base or ''}\0{change.head or ''}"


def _unpacked(packed: str) -> _Change:
    status, paths = _STATUSES[packed[0]], packed[1:]
    if "\0" not in paths:
        return _Change(status, paths, paths)
    base, _, head = paths.partition("\0")
    return _Change(status, base or None, head or None)


def _kept(change: _Change, compared: Sides, wanted: Callable[[Path], bool]) -> bool:
    for path, side in ((change.base, compared.base), (change.head, compared.head)):
        if path is not None and _below(path, compared.paths) and wanted(side.root / path):
            return True
    return False


def _below(path: str, folders: Sequence[str]) -> bool:
    return not folders or any(not folder or path == folder or path.startswith(folder + "/") for folder in folders)


def _map_changes(changes: Sequence[_Change], base: _Tree, head: _Tree) -> list[_Change]:
    """The changes of maps: a rename that makes a map of another file (or another file of a map) is a removal
    and an addition; a map that became a folder, or a folder that became a map, is modified (its folder
    side a problem when checked); a removed map and one added where git did not look for renames, renamed
    when they are alike."""
    maps: list[_Change] = []
    for change in changes:
        old = change.base if change.base and is_map_name(change.base) else None
        new = change.head if change.head and is_map_name(change.head) else None
        if change.status == RENAMED and (old is None or new is None):
            maps += [_Change(REMOVED, old, None)] if old else []
            maps += [_Change(ADDED, None, new)] if new else []
        elif old or new:
            maps.append(_Change(change.status, old, new))
    maps[:] = (_became_folder(change, base, head) for change in maps)  # in place: one list of them at a time
    return _renamed(maps, base, head)


def _became_folder(change: _Change, base: _Tree, head: _Tree) -> _Change:
    if change.status == REMOVED and head.is_folder(change.base or ""):
        return _Change(MODIFIED, change.base, change.base)
    if change.status == ADDED and base.is_folder(change.head or ""):
        return _Change(MODIFIED, change.head, change.head)
    return change


def _renamed(maps: list[_Change], base: _Tree, head: _Tree) -> list[_Change]:
    """Removed maps and maps added where git did not look for renames (untracked files, or a folder's),
    paired as renames when at least half of one is the other, as git pairs files; the most alike first."""
    removed = [change.base for change in maps if change.status == REMOVED and change.base]
    added = [change.head for change in maps if change.status == ADDED and change.head in head.unmatched]
    if not removed or not added:
        return maps
    texts = {("base", path): base.text(path) for path in removed} | {("head", path): head.text(path) for path in added}
    exact_only = len(removed) * len(added) > 2500  # thousands of maps moved at once: comparing every pair would take minutes
    scored = []
    for old in removed:
        for new in added:
            score = _similarity(texts["base", old], texts["head", new], exact_only)
            if score >= _SIMILAR:
                scored.append((-score, old, new))
    paired: dict[str, str] = {}
    for _, old, new in sorted(scored):
        if old not in paired and new not in paired.values():
            paired[old] = new
    if not paired:
        return maps
    news = set(paired.values())
    kept = [change for change in maps if not (change.base in paired and change.status == REMOVED)
            and not (change.head in news and change.status == ADDED)]  # fmt: skip
    return kept + [_Change(RENAMED, old, new) for old, new in paired.items()]


def _similarity(old: str | None, new: str | None, exact_only: bool) -> float:
    if old is None or new is None:
        return 0.0
    if old == new or exact_only:
        return 1.0 if old == new else 0.0
    import difflib  # only for a map removed and another added where git did not look for renames

    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= _SIMILAR and matcher.quick_ratio() >= _SIMILAR else 0.0


def _git_changes(compared: Sides, head: _Tree) -> list[_Change]:
    """The YAML files that differ between the base commit and the head commit or the working tree, renames
    followed; on the working tree, its untracked files too (as added: _renamed pairs them)."""
    repository = compared.repository
    assert repository is not None and compared.base.commit is not None
    commits = [compared.base.commit] + ([compared.head.commit] if compared.head.commit else [])
    try:
        listed = repository.run("diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-textconv",
                                *commits, "--", *_YAML)  # fmt: skip
        changes = _parse_name_status(listed)
        if compared.head.commit is None:
            listed = repository.run("ls-files", "-z", "--others", "--exclude-standard", "--", *_YAML)
            untracked = [path for path in _fields(listed) if path]
            changes += [_Change(ADDED, None, path) for path in untracked]
            head.unmatched.update(untracked)
    except GitFailed as error:
        other = compared.head.label if compared.head.commit else f"the {WORKING_TREE}"
        raise RevisionError(f"git cannot compare {compared.base.label} with {other}: {error}") from None
    return changes


def _parse_name_status(listed: bytes) -> list[_Change]:
    """`git diff --name-status -z`: a status, then one path (two for a rename or a copy), each ended by NUL."""
    fields = _fields(listed)
    changes = []
    for field in fields:
        letter, path = field[:1], next(fields, "")
        if letter in ("R", "C"):
            target = next(fields, "")
            changes.append(_Change(RENAMED, path, target) if letter == "R" else _Change(ADDED, None, target))
            continue
        status = {"A": ADDED, "D": REMOVED}.get(letter, MODIFIED)  # M, T (a type changed), U (unmerged)
        changes.append(_Change(status, None if status == ADDED else path, None if status == REMOVED else path))
    return changes


def _fields(listed: bytes) -> Iterator[str]:
    """The NUL-ended fields of git's output, decoded one at a time: as one list, ten thousand changed maps'
    names stay in memory twice over while they are read."""
    start = 0
    while (end := listed.find(b"\0", start)) >= 0:
        yield os.fsdecode(listed[start:end])
        start = end + 1
    if start < len(listed):
        yield os.fsdecode(listed[start:])


def _folder_changes(base: _Tree, head: _Tree) -> list[_Change]:
    """The YAML files that differ between two folders, by their paths within them."""
    old, new = base.yaml_files(), head.yaml_files()
    changes = [_Change(REMOVED, path, None) for path in sorted(old.keys() - new.keys())]
    changes += [_Change(ADDED, None, path) for path in sorted(new.keys() - old.keys())]
    changes += [_Change(MODIFIED, path, path) for path in sorted(old.keys() & new.keys())
                if not filecmp.cmp(old[path], new[path], shallow=False)]  # fmt: skip
    head.unmatched.update(change.head for change in changes if change.status == ADDED and change.head)
    return changes


def _including(tree: _Tree, libraries: set[str]) -> list[str]:
    """The maps of `tree` that include one of `libraries`, directly or through other libraries. Only the
    files that name a library (its file name, found by git grep in a revision) have their includes read."""
    maps: set[str] = set()
    reached, frontier = set(libraries), set(libraries)
    while frontier:
        names = {path.rsplit("/", 1)[-1] for path in frontier}
        found = set()
        for path in tree.mentioning(names):
            if path in reached or path in maps or not frontier.intersection(tree.includes(path)):
                continue
            (maps if is_map_name(path) else found).add(path)
        reached |= found
        frontier = found
    return sorted(maps)


_INCLUDE_KEY = re.compile(r"""^(?:include|"include"|'include')[ \t]*:""", re.MULTILINE)
_BELOW_KEY = re.compile(r"(?:[ \t#-][^\n]*|)\n")  # a line of a top-level key's value: indented, an item, a comment


def _include_entries(text: str, file: str) -> list:
    """A file's `include` list, parsed alone when written as a top-level block key (a map of thousands of
    lines need not be parsed for its few includes), else from the whole file; [] when there is none."""
    match = _INCLUDE_KEY.search(text)
    if match is None and not text.lstrip().startswith("{"):  # no top-level key, nor a map written in flow style
        return []
    if match is not None:
        end = text.index("\n", match.start()) + 1 if "\n" in text[match.start() :] else len(text)
        while (line := _BELOW_KEY.match(text, end)) is not None and line.end() > end:
            end = line.end()
        document, problems = load_text(text[match.start() : end], file)
        if document is not None and not problems and isinstance(document.data.get("include"), list):
            return document.data["include"]
    document = load_text(text, file)[0]  # an alias, a flow-style map, anything the line above did not read
    entries = document.data.get("include") if document is not None else None
    return entries if isinstance(entries, list) else []


class _Tree:
    """One side's files by their path from its root, for finding what changed: a revision's, or a folder's."""

    def __init__(self, side: Side, compared: Sides) -> None:
        self.side = side
        self.repository = compared.repository
        self.unmatched: set[str] = set()  # files added where git did not look for renames
        self._includes: dict[str, list[str]] = {}

    def is_folder(self, relative: str) -> bool:
        snapshot = self.side.snapshot
        if snapshot is None:
            return (self.side.root / relative).is_dir()
        try:
            entry = snapshot.entry(self.side.root / relative)
        except (LinkLoop, GitFailed):
            return False
        return entry is not None and entry.mode == TREE

    def raw(self, relative: str) -> bytes | None:
        """The file's bytes, within the size limit; None when it cannot be read (checking it says why)."""
        limit = self.side.workspace.limits.max_bytes
        snapshot = self.side.snapshot
        try:
            if snapshot is None:
                return read_bytes(self.side.root / relative, self.side.workspace.limits)
            entry = snapshot.entry(self.side.root / relative)
            return snapshot.read(entry, limit)[1] if entry is not None and entry.mode != TREE else None
        except (OSError, ValueError, LoadError, LinkLoop, GitFailed):
            return None

    def text(self, relative: str) -> str | None:
        raw = self.raw(relative)
        try:
            return decode(raw) if raw is not None else None
        except LoadError:
            return None

    def yaml_files(self) -> dict[str, str]:
        """Every YAML file below the folder (as discovery searches one), by its path within it."""
        found = discover([str(self.side.root)], lambda path: path.name.endswith((".yaml", ".yml"))).files
        return {Path(file).relative_to(self.side.root).as_posix(): file for file in found}

    def mentioning(self, names: set[str]) -> list[str]:
        """The YAML files holding one of `names` somewhere in their text."""
        if self.side.commit is None:
            return [path for path in self.yaml_files() if any(name in (self.text(path) or "") for name in names)]
        assert self.repository is not None
        patterns = [argument for name in sorted(names) for argument in ("-e", name)]
        try:
            listed = self.repository.run("grep", "-l", "-z", "-I", "-F", "--no-color", *patterns, self.side.commit,
                                         "--", *_YAML, ok=(0, 1))  # fmt: skip
        except GitFailed as error:
            raise RevisionError(f"git cannot search {self.side.label} for the maps that include a changed library: {error}") from None
        prefix = self.side.commit + ":"
        return [path.removeprefix(prefix) for path in _fields(listed) if path]

    def includes(self, relative: str) -> list[str]:
        """The files the file's `include` names, from the root, links followed; those outside are left out."""
        if relative not in self._includes:
            self._includes[relative] = self._read_includes(relative)
        return self._includes[relative]

    def _read_includes(self, relative: str) -> list[str]:
        entries = _include_entries(self.text(relative) or "", relative)
        folder = (self.side.root / relative).parent
        resolved = (self._resolve(folder / entry) for entry in entries if isinstance(entry, str) and entry and "\0" not in entry)
        return [path for path in resolved if path is not None]

    def _resolve(self, path: Path) -> str | None:
        snapshot = self.side.snapshot
        try:
            real = snapshot.real(path) if snapshot is not None else Path(os.path.realpath(path))
            root = self.side.root if snapshot is not None else Path(os.path.realpath(self.side.root))
        except (LinkLoop, GitFailed, OSError, ValueError):
            return None
        return real.relative_to(root).as_posix() if real.is_relative_to(root) else None

