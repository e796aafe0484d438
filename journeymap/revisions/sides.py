"""The two sides of a comparison, read from `journeymap diff`'s arguments (see the package's docstring for
what they may be), and each file checked on its side.

A revision's files are read from git's objects (git.py), never checked out: a RevisionWorkspace checks
them as a Workspace checks files on disk, includes resolved in the same revision by the same rules, and
names them `REV:path`. The working tree, and two files or folders, are checked from disk as lint does.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap import checks
from journeymap.loader import DEFAULT_LIMITS, Document, Limits, load_bytes, oversized
from journeymap.problems import START, Problem, quote
from journeymap.revisions.git import SUBMODULE, TREE, GitFailed, LinkLoop, Repository, RevisionError, Snapshot
from journeymap.suggest import did_you_mean
from journeymap.workspace import Checked, Workspace, missing_include

if TYPE_CHECKING:
    from types import TracebackType

    from journeymap.model import Journey

WORKING_TREE = "working tree"


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
    except GitFailed as error:
        repository.close()
        raise RevisionError(f"git failed reading the revisions: {error}") from None
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
    try:
        for argument in arguments:
            if repository.commit(argument) is not None:
                raise RevisionError(_ambiguous(repository, argument))
    finally:
        repository.close()


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
        if "--" in arguments:  # as git takes it: revisions before, paths after, nothing left to guess
            return self._separated(arguments[: arguments.index("--")], arguments[arguments.index("--") + 1 :])
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

    def _separated(
        self, revisions: list[str], paths: list[str]
    ) -> tuple[tuple[str, str], tuple[str, str] | None, list[str]]:  # fmt: skip
        if len(revisions) > 2 or (len(revisions) == 2 and any(_is_range(revision) for revision in revisions)):
            raise RevisionError(f"{len(revisions)} revisions before '--'; name one or two, or BASE..HEAD")
        if len(revisions) == 1 and _is_range(revisions[0]):
            return (*self._range(revisions[0]), paths)
        named = [(revision, self._commit(revision)) for revision in revisions or ["HEAD"]]
        return named[0], named[1] if len(named) > 1 else None, paths

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
            raise RevisionError(self._unknown(revision, within, could_be_path=False))
        return commit

    def _unknown(self, revision: str, within: str | None = None, could_be_path: bool = True) -> str:
        """Why `revision` names no commit (nor, `could_be_path`, a path), and what to do, in one line."""
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
        tail = _typo_of(revision, repository.names())
        if repository.is_shallow():
            return f"{named} is not in this shallow clone (its history was fetched only to a depth); {_FETCH_ALL}{tail}"
        if could_be_path and (revision.endswith((".yaml", ".yml", "/")) or revision.startswith(".")):
            return f"no file or folder {quote(revision, keep_end=True)} here, nor a revision of that name{tail}"
        what = "a revision, nor a file or folder here" if could_be_path else "a revision"
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


def _typo_of(revision: str, names: Sequence[str]) -> str:
    """A did-you-mean tail for a mistyped branch or tag: the names are compared by their last part, so that
    'origin/main' suggests no other branch of origin for sharing 'origin/', and a remote's HEAD, which only
    points at one of its branches, is never suggested."""
    prefix, _, part = revision.rpartition("/")
    usable = [name for name in names if not name.endswith("HEAD")]
    alike = [name for name in usable if name.rpartition("/")[0] == prefix] or usable  # origin/x: origin's first
    last = {}
    for name in alike:
        last.setdefault(name.rpartition("/")[2], name)
    _, found = did_you_mean(part, list(last))
    return f"; did you mean {quote(last[found])}?" if found else ""


_FETCH_ALL = ("fetch the history with 'git fetch --unshallow' (in GitHub Actions, give actions/checkout "
              "'fetch-depth: 0')")  # fmt: skip
