"""The two sides of `journeymap diff`, the maps that changed between them, and each map checked on its side.

    with sides(["main"], Path.cwd()) as compared:        # RevisionError: a usage error in one line
        for pair in changed_maps(compared):               # MapPair(base, head, status), by path
            before = checked(compared.base, pair.base)    # a workspace.Checked; problems name 'main:maps/a.journey.yaml'
            after = checked(compared.head, pair.head)     # the working tree: named as lint names it
            journey(compared.head, after)                 # the model, or None when the map is invalid

The arguments are those of `journeymap diff [BASE [HEAD]] [PATHS...]`:
- none: the working tree against HEAD; BASE alone: the working tree against that revision (`main`,
  `origin/main`, a commit id, `HEAD~2`); BASE HEAD, or `BASE..HEAD` in one argument: two revisions;
  `BASE...HEAD`: HEAD against the commit where it left BASE (their merge base), as a pull request shows it;
- two files, or two folders, and nothing else: those two compared, with no git needed (to restrict the
  working tree's comparison to two folders instead, name the revision first: `HEAD maps/ more/`);
- every other argument is a PATH: only the maps below it are compared.
An argument that exists on disk is a path, one that git resolves to a commit is a revision; one that is
both is refused as ambiguous ('./main' names the folder, 'heads/main' the branch).

A revision's files are read from git's objects (journeymap.git), never checked out, and its includes
resolve in the same revision, by today's rules. Between two revisions only the maps that changed are read,
and the unchanged maps that include a changed library, found by searching the base revision for the
library's name (git grep), then reading the include lists of the maps that name it.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from journeymap import checks
from journeymap.discovery import discover, is_map_name
from journeymap.git import SUBMODULE, TREE, GitFailed, LinkLoop, Repository, RevisionError, Snapshot
from journeymap.loader import DEFAULT_LIMITS, Document, LoadError, Limits, load_bytes, load_text, decode, oversized, read_bytes
from journeymap.problems import START, Problem, quote
from journeymap.suggest import did_you_mean
from journeymap.workspace import Checked, Workspace, missing_include

if TYPE_CHECKING:
    from types import TracebackType

    from journeymap.model import Journey

__all__ = ["MapPair", "RevisionError", "Side", "Sides", "changed_maps", "checked", "journey", "sides"]

ADDED, REMOVED, MODIFIED, RENAMED, LIBRARY_CHANGED = "added", "removed", "modified", "renamed", "library-changed"
WORKING_TREE = "working tree"
_YAML = ("*.yaml", "*.yml")  # git pathspecs: maps and the libraries they include
_SIMILAR = 0.5  # git's rename threshold: half the file unchanged


class MapPair(NamedTuple):
    """One map to compare: where it is on each side (None where it is not), and what became of it."""

    base: Path | None
    head: Path | None
    status: str  # added, removed, modified, renamed, or library-changed (the map is the same, a library is not)


class RevisionWorkspace(Workspace):
    """A Workspace that reads files from a git revision: paths lie under the work tree's top folder, as the
    files would on disk, and problems name them `LABEL:path`, as git does (`main:maps/a.journey.yaml`)."""

    def __init__(self, snapshot: Snapshot, label: str, cwd: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(cwd, limits)
        self.snapshot = snapshot
        self.label = label

    def key(self, path: Path) -> Path:
        try:
            return self.snapshot.real(path)
        except (LinkLoop, GitFailed):  # reading the file says why
            return Path(os.path.normpath(path))

    def display(self, path: Path) -> str:
        relative = self.snapshot.relative(Path(os.path.normpath(path)))
        return f"{self.label}:{relative if relative is not None else path}"

    def load(self, path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
        def unreadable(message: str) -> tuple[None, list[Problem]]:
            return None, [checks.UNREADABLE.problem(shown, START, message)]

        try:
            entry = self.snapshot.entry(path)
            if entry is None:
                return unreadable(f"cannot read the file: there is no such file in {self.label}")
            if entry.mode == TREE:
                return unreadable("this is a directory, not a file")
            if entry.mode == SUBMODULE:
                return unreadable("this is a git submodule, not a file")
            size, raw = self.snapshot.read(entry, self.limits.max_bytes)
        except LinkLoop:
            return unreadable("cannot read the file: too many levels of symbolic links")
        except GitFailed as error:
            return unreadable(f"cannot read the file from git: {error}")
        if raw is None:
            return unreadable(oversized(size, self.limits))
        return load_bytes(raw, shown, self.limits)

    def include_root(self, folder: Path) -> Path:
        return self.snapshot.top

    def unusable(self, entry: str, target: Path) -> tuple[checks.Check, str, str | None] | None:
        shown = quote(entry, keep_end=True)
        try:
            found = self.snapshot.entry(target)
            if found is None:
                return missing_include(entry, target, self.snapshot.listing(target.parent))
        except (LinkLoop, GitFailed) as error:
            reason = "too many levels of symbolic links" if isinstance(error, LinkLoop) else str(error)
            return checks.INCLUDE_ERROR, f"included file {shown} cannot be read: {reason}", None
        if found.mode == TREE:
            return checks.INCLUDE_ERROR, f"include {shown} is a directory; name a library file in it", None
        if found.mode == SUBMODULE:
            return checks.INCLUDE_ERROR, f"include {shown} is a git submodule, whose files are not in {self.label}", None
        return None


class Side:
    """One side of a comparison: a git revision, the working tree, or a file or folder on disk."""

    def __init__(self, label: str, root: Path, workspace: Workspace, commit: str | None = None) -> None:
        self.label = label  # as the user named it: 'main', 'HEAD~2', 'working tree', 'old/'
        self.root = root  # the work tree's top folder; the file or folder compared, for two paths
        self.commit = commit  # the revision's commit id; None on disk
        self.workspace = workspace

    @property
    def snapshot(self) -> Snapshot | None:
        return self.workspace.snapshot if isinstance(self.workspace, RevisionWorkspace) else None

    def shown(self, path: Path) -> str:
        """A path of this side as its problems name it."""
        return self.workspace.display(path)

    def __repr__(self) -> str:
        return f"Side({self.label!r}, {str(self.root)!r}, commit={self.commit!r})"


class Sides:
    """What `journeymap diff`'s arguments compare; close it (or use it in `with`) to end git's readers."""

    def __init__(  # noqa: PLR0913
        self, kind: str, base: Side, head: Side, paths: tuple[str, ...] = (), repository: Repository | None = None
    ) -> None:  # fmt: skip
        self.kind = kind  # 'revisions', 'working tree' (a revision against it), 'files' or 'folders'
        self.base, self.head = base, head
        self.paths = paths  # only maps below these, '/'-separated from the top of the work tree ('' for all)
        self.repository = repository  # None for two files or two folders

    def close(self) -> None:
        if self.repository is not None:
            self.repository.close()

    def __enter__(self) -> Sides:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()


def checked(side: Side, path: Path) -> Checked:
    """The map (or library) at `path` on `side`, loaded, validated and with its includes resolved on that side."""
    return side.workspace.check(path)


def journey(side: Side, result: Checked) -> Journey | None:
    """The model of a valid map checked on `side`, with its libraries' definitions; None when it is invalid."""
    return side.workspace.journey(result)


# The arguments


def sides(arguments: Sequence[str], cwd: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> Sides:
    """The two sides and the PATHS the arguments of `journeymap diff` name; RevisionError when they cannot."""
    cwd = Path(cwd or Path.cwd())
    if any(not argument for argument in arguments):
        raise RevisionError("an empty argument was given; name a revision, a file or a folder")
    pair = _two_paths(arguments, cwd)
    if pair is not None:
        _refuse_ambiguous(arguments, cwd)
        base, head = (Path(os.path.abspath(cwd / argument)) for argument in arguments)
        return Sides(pair, Side(arguments[0], base, Workspace(cwd, limits)), Side(arguments[1], head, Workspace(cwd, limits)))
    repository = Repository.at(cwd)
    try:
        return _ArgumentsReader(repository, cwd, limits).sides(list(arguments))
    except BaseException:
        repository.close()
        raise


def _two_paths(arguments: Sequence[str], cwd: Path) -> str | None:
    """'files' or 'folders' when the arguments are two existing files or two existing folders."""
    if len(arguments) != 2:
        return None
    paths = [cwd / argument for argument in arguments]
    if all(path.is_file() for path in paths):
        return "files"
    if all(path.is_dir() for path in paths):
        return "folders"
    return None


def _refuse_ambiguous(arguments: Sequence[str], cwd: Path) -> None:
    """Two paths that a git repository also knows as revisions are ambiguous; outside git they are not."""
    try:
        repository = Repository.at(cwd)
    except RevisionError:
        return
    for argument in arguments:
        if repository.commit(argument) is not None:
            raise RevisionError(_ambiguous(repository, argument))


def _ambiguous(repository: Repository, argument: str) -> str:
    named = repository.run("rev-parse", "--symbolic-full-name", argument, "--", ok=(0, 128)) if argument[0] != "-" else b""
    refs = [os.fsdecode(line) for line in named.splitlines() if line.startswith(b"refs/")]
    revision = refs[0].removeprefix("refs/") if refs else f"{argument}^{{commit}}"  # heads/main: a branch, never a path
    path = argument if argument.startswith(("./", "/", "../")) else f"./{argument}"
    return (f"{quote(argument)} is both a revision and a file or folder here; write {quote(path)} for the path, "
            f"or {quote(revision)} for the revision")  # fmt: skip


def _exists(path: Path) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


class _ArgumentsReader:
    """Reads the arguments inside a git work tree: the revisions first, then the paths."""

    def __init__(self, repository: Repository, cwd: Path, limits: Limits) -> None:
        self.repository, self.cwd, self.limits = repository, cwd, limits
        self.top = repository.top

    def sides(self, arguments: list[str]) -> Sides:
        base, head, paths = self._revisions(arguments)
        base_side = self._revision_side(*base)
        head_side = self._revision_side(*head) if head is not None else self._working_tree()
        snapshots = [side.snapshot for side in (base_side, head_side) if side.snapshot is not None]
        kind = "revisions" if head is not None else WORKING_TREE
        return Sides(kind, base_side, head_side, tuple(self._path(path, snapshots) for path in paths), self.repository)

    def _revisions(self, arguments: list[str]) -> tuple[tuple[str, str], tuple[str, str] | None, list[str]]:
        """((label, commit) of BASE, that of HEAD or None for the working tree, the PATHS)."""
        if not arguments:
            return ("HEAD", self._commit("HEAD")), None, []
        first, rest = arguments[0], arguments[1:]
        if _is_range(first) and not _exists(self.cwd / first):
            base, head = self._range(first)
            return base, head, rest
        if not self._is_revision(first, "HEAD"):
            return ("HEAD", self._commit("HEAD")), None, arguments
        base = (first, self._commit(first))
        if rest and self._is_revision(rest[0], base[1]):
            return base, (rest[0], self._commit(rest[0])), rest[1:]
        return base, None, rest

    def _is_revision(self, argument: str, revision: str) -> bool:
        """Whether the argument is a revision rather than a path: on disk, or in `revision` (a folder removed
        since); RevisionError when it is both, or neither."""
        commit = self.repository.commit(argument)
        on_disk = _exists(self.cwd / argument)
        if commit is not None and on_disk:
            raise RevisionError(_ambiguous(self.repository, argument))
        if commit is not None:
            return True
        relative = self._relative(argument)
        if on_disk or (relative is not None and _holds(self._snapshot(revision), self.top / relative)):
            return False
        raise RevisionError(self._unknown(argument))

    def _snapshot(self, revision: str) -> Snapshot | None:
        commit = self.repository.commit(revision)
        return self.repository.snapshot(commit) if commit is not None else None

    def _range(self, argument: str) -> tuple[tuple[str, str], tuple[str, str]]:
        symmetric = "..." in argument
        left, _, right = argument.partition("..." if symmetric else "..")
        left, right = left or "HEAD", right or "HEAD"
        base, head = (left, self._commit(left, argument)), (right, self._commit(right, argument))
        if not symmetric:
            return base, head
        merge_base = self.repository.run("merge-base", base[1], head[1], ok=(0, 1, 128)).strip()
        if not merge_base:
            if self.repository.is_shallow():
                raise RevisionError(f"the commit where {quote(right)} left {quote(left)} is not in this shallow clone; "
                                    f"{_FETCH_ALL}")  # fmt: skip
            raise RevisionError(f"{quote(left)} and {quote(right)} share no commit; compare them with {quote(left + '..' + right)}")
        commit = os.fsdecode(merge_base)
        if commit == base[1]:  # HEAD has grown from BASE, as a branch from main: BASE is the name to show
            return base, head
        short = os.fsdecode(self.repository.run("rev-parse", "--short", commit).strip())
        return (short, commit), head

    def _commit(self, revision: str, within: str | None = None) -> str:
        commit = self.repository.commit(revision)
        if commit is None:
            raise RevisionError(self._unknown(revision, within))
        return commit

    def _unknown(self, revision: str, within: str | None = None) -> str:
        """Why `revision` names no commit, and what to do, in one line."""
        named = quote(revision) if within is None else f"{quote(revision)} in {quote(within)}"
        repository = self.repository
        kind = repository.kind_of(revision)
        if kind is not None:
            return f"{named} names a {kind}, not a commit; name a branch, a tag or a commit"
        if not repository.has_commits():
            return ("the repository has no commits yet, so there is no revision to compare with; commit the maps "
                    "first, or name two files or two folders to compare")  # fmt: skip
        if revision in ("HEAD", "@") and repository.commit("HEAD") is None:
            return "HEAD is a branch with no commits yet; commit first, or name the revision to compare with"
        tail, _ = did_you_mean(revision, repository.names())
        if repository.is_shallow():
            return f"{named} is not in this shallow clone (its history was fetched only to a depth); {_FETCH_ALL}{tail}"
        if within is None and (revision.endswith((".yaml", ".yml", "/")) or revision.startswith(".")):
            return f"no file or folder {quote(revision, keep_end=True)} here, nor a revision of that name{tail}"
        what = "a revision" if within is not None else "a revision, nor a file or folder here"
        advice = "; name a branch, a tag or a commit (git log --oneline lists the commits)"
        return f"{named} is not {what}{tail or advice}"

    def _revision_side(self, label: str, commit: str) -> Side:
        workspace = RevisionWorkspace(self.repository.snapshot(commit), label, self.cwd, self.limits)
        return Side(label, self.top, workspace, commit)

    def _working_tree(self) -> Side:
        real_cwd = Path(os.path.realpath(self.cwd))  # git names the top by its real path: so must the paths shown
        return Side(WORKING_TREE, self.top, Workspace(real_cwd, self.limits))

    def _relative(self, argument: str) -> str | None:
        """The argument as a path from the top of the work tree, '/'-separated ('' for the top); None outside."""
        absolute = Path(os.path.abspath(self.cwd / argument))
        real = Path(os.path.realpath(absolute)) if _exists(absolute) else absolute
        top = Path(os.path.realpath(self.top))
        for path in (real, Path(os.path.realpath(absolute.parent)) / absolute.name):
            if path.is_relative_to(top):
                relative = path.relative_to(top).as_posix()
                return "" if relative == "." else relative
        return None

    def _path(self, argument: str, snapshots: Iterable[Snapshot]) -> str:
        relative = self._relative(argument)
        if relative is None:
            raise RevisionError(f"{quote(argument, keep_end=True)} lies outside the repository ({self.top}); "
                                "name a file or folder inside it")  # fmt: skip
        if _exists(self.cwd / argument) or any(_holds(snapshot, self.top / relative) for snapshot in snapshots):
            return relative
        raise RevisionError(f"no file or folder {quote(argument, keep_end=True)} here or in the revisions compared")


def _is_range(argument: str) -> bool:
    """Whether the argument reads as BASE..HEAD or BASE...HEAD: no ref name holds '..', but a path may
    ('../maps', 'maps/..'), always beside a '/'."""
    parts = argument.replace("\\", "/").split("/")
    return ".." in argument and ".." not in parts


def _holds(snapshot: Snapshot | None, path: Path) -> bool:
    try:
        return snapshot is not None and snapshot.entry(path) is not None
    except (LinkLoop, GitFailed):
        return False


_FETCH_ALL = ("fetch the history with 'git fetch --unshallow' (in GitHub Actions, give actions/checkout "
              "'fetch-depth: 0')")  # fmt: skip


# The maps that changed


class _Change(NamedTuple):
    """A YAML file that changed: its path on each side, from the side's root, '/'-separated (None where absent)."""

    status: str
    base: str | None
    head: str | None


def changed_maps(compared: Sides, wanted: Callable[[Path], bool] | None = None) -> list[MapPair]:
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
    maps = _map_changes(changes, base, head)
    libraries = {path for change in changes for path in (change.base, change.head) if path and not is_map_name(path)}
    listed = {path for change in maps for path in (change.base, change.head) if path}
    maps += [_Change(LIBRARY_CHANGED, path, path) for path in _including(base, libraries) if path not in listed]
    kept = sorted((change for change in maps if _kept(change, compared, wanted)), key=lambda change: change.head or change.base)
    return [MapPair(base.path(change.base), head.path(change.head), change.status) for change in kept]


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
    maps = [_became_folder(change, base, head) for change in maps]
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
    scored = []
    for old in removed:
        for new in added:
            score = _similarity(texts["base", old], texts["head", new], exact_only=len(removed) * len(added) > 2500)
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
            untracked = repository.run("ls-files", "-z", "--others", "--exclude-standard", "--", *_YAML)
            changes += [_Change(ADDED, None, os.fsdecode(path)) for path in untracked.split(b"\0") if path]
            head.unmatched.update(os.fsdecode(path) for path in untracked.split(b"\0") if path)
    except GitFailed as error:
        other = compared.head.label if compared.head.commit else f"the {WORKING_TREE}"
        raise RevisionError(f"git cannot compare {compared.base.label} with {other}: {error}") from None
    return changes


def _parse_name_status(listed: bytes) -> list[_Change]:
    """`git diff --name-status -z`: a status, then one path (two for a rename or a copy), each ended by NUL."""
    fields = [os.fsdecode(field) for field in listed.split(b"\0")]
    changes, index = [], 0
    while index < len(fields) - 1:
        letter, path = fields[index][:1], fields[index + 1]
        if letter in ("R", "C"):
            target = fields[index + 2]
            changes.append(_Change(RENAMED, path, target) if letter == "R" else _Change(ADDED, None, target))
            index += 3
            continue
        status = {"A": ADDED, "D": REMOVED}.get(letter, MODIFIED)  # M, T (a type changed), U (unmerged)
        changes.append(_Change(status, None if status == ADDED else path, None if status == REMOVED else path))
        index += 2
    return changes


def _folder_changes(base: _Tree, head: _Tree) -> list[_Change]:
    """The YAML files that differ between two folders, by their paths within them."""
    old, new = base.yaml_files(), head.yaml_files()
    changes = [_Change(REMOVED, path, None) for path in sorted(old.keys() - new.keys())]
    changes += [_Change(ADDED, None, path) for path in sorted(new.keys() - old.keys())]
    changes += [_Change(MODIFIED, path, path) for path in sorted(old.keys() & new.keys()) if base.raw(path) != head.raw(path)]
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

    def path(self, relative: str | None) -> Path | None:
        """Where the file is, to check it on this side."""
        return None if relative is None else self.side.root / relative

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
        return [os.fsdecode(path).removeprefix(prefix) for path in listed.split(b"\0") if path]

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

