"""Talking to git: its commands, and the files of a revision read from its objects.

    repository = Repository.at(Path.cwd())      # RevisionError outside a work tree, or without git
    commit = repository.commit("main")          # the commit's id, or None
    snapshot = repository.snapshot(commit)      # its files: entry(path), real(path), listing(folder), read(entry)
    repository.close()                          # ends the object readers

Every file is read from git's objects by two long-lived `git cat-file` processes per run (one says what an
object is and how big, one gives its content), never by checking anything out: nothing is written to the
work tree, and git is asked not to refresh its index either (GIT_OPTIONAL_LOCKS=0). A snapshot follows
links as the file system would, within the revision's own tree.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import subprocess
import weakref
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import IO

from journeymap.record import Tuple


class RevisionError(ValueError):
    """The comparison cannot start: a revision that does not exist, no git, not a repository. One line
    that says what to do; the run layer reports it as a usage error (exit 2)."""


class GitFailed(Exception):
    """A git command failed unexpectedly (a damaged repository, a process that died); its first line says why."""


NO_GIT = ("git is not installed (or not on PATH), and journeymap diff reads revisions with it; install git, "
          "or name two files or two folders to compare")  # fmt: skip

TREE, BLOB, EXECUTABLE, LINK, SUBMODULE = "40000", "100644", "100755", "120000", "160000"
_MAX_LINKS = 40  # as many links as Linux follows in one path before it gives up


class Entry(Tuple):
    """One name in a tree: its mode (TREE, BLOB, EXECUTABLE, LINK, SUBMODULE) and its object's id."""

    mode: str
    id: str


def _environment() -> dict[str, str]:
    """The user's environment, less what would change how git reads journeymap's pathspecs ('*.yaml'), with
    git's messages in English and no index refreshed or password asked for."""
    environment = {name: value for name, value in os.environ.items() if not name.endswith("_PATHSPECS")}
    environment.update(GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C", LANGUAGE="C")
    return environment


class Repository:
    """A git work tree, from its top folder: the commands journeymap runs in it and its objects' readers."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self._environment = _environment()
        self._objects: _Objects | None = None
        self._commits: dict[str, str | None] = {}  # revisions named in this run: each asked of git once

    @classmethod
    def at(cls, folder: Path) -> Repository:
        """The work tree holding `folder`; RevisionError when git is missing or `folder` is in no work tree."""
        completed = _run(["git", "rev-parse", "--show-toplevel"], folder, _environment())
        reason = _first_line(completed.stderr).removeprefix("fatal: ")
        if completed.returncode == 0 and completed.stdout.strip():
            return cls(Path(os.fsdecode(completed.stdout.rstrip(b"\n"))))
        if "dubious ownership" in reason:  # a checkout owned by another user, as in some CI containers
            raise RevisionError(f"git refuses to read the repository here: {reason}; if you trust it, run "
                                f"git config --global --add safe.directory '{folder}'")  # fmt: skip
        if reason and "not a git repository" not in reason and "work tree" not in reason:
            raise RevisionError(f"git cannot read the repository here: {reason}")
        raise RevisionError(
            f"{folder} is not in a git repository (or in its .git folder, which has no work tree); run "
            "journeymap diff inside one, or name two files or two folders to compare"
        )

    def run(self, *arguments: str, ok: Sequence[int] = (0,)) -> bytes:
        """What `git ARGUMENTS` prints, run at the top of the work tree; GitFailed on another exit code."""
        completed = _run(["git", *arguments], self.top, self._environment)
        if completed.returncode not in ok:
            raise GitFailed(_first_line(completed.stderr) or f"git {arguments[0]} exited with {completed.returncode}")
        return completed.stdout

    def succeeds(self, *arguments: str) -> bool:
        return _run(["git", *arguments], self.top, self._environment).returncode == 0

    def commit(self, revision: str) -> str | None:
        """The id of the commit `revision` names, or None when it names none: asked of the object reader the
        files are read with, which takes revisions as rev-parse does, rather than of a process of its own."""
        if revision not in self._commits:
            if "\n" in revision:  # a line of its own to the reader
                named = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}", ok=(0, 1, 128))
                self._commits[revision] = os.fsdecode(named.strip()) or None
            else:
                self._commits[revision] = self._reader().id_of(f"{revision}^{{commit}}")
        return self._commits[revision]

    def kind_of(self, revision: str) -> str | None:
        """What `revision` names when it names an object (commit, tree, blob, tag), else None."""
        if not self.succeeds("rev-parse", "--verify", "--quiet", "--end-of-options", revision):
            return None
        return os.fsdecode(self.run("cat-file", "-t", revision, ok=(0, 128)).strip()) or None

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository", ok=(0, 128)).strip() == b"true"

    def has_commits(self) -> bool:
        return bool(self.run("rev-list", "-n", "1", "--all", ok=(0, 128)).strip())

    def names(self) -> list[str]:
        """Branch, tag and remote-branch names: what a mistyped revision is most likely one of."""
        listed = self.run("for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags", "refs/remotes", ok=(0, 128))
        return [os.fsdecode(line) for line in listed.splitlines() if line]

    def snapshot(self, commit: str) -> Snapshot:
        return Snapshot(self._reader(), commit, self.top)

    def _reader(self) -> _Objects:
        if self._objects is None:
            self._objects = _Objects(self.top, self._environment)
        return self._objects

    def close(self) -> None:
        if self._objects is not None:
            self._objects.close()
            self._objects = None


def _run(command: list[str], cwd: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, stdin=subprocess.DEVNULL, check=False)
    except FileNotFoundError:  # git vanished from PATH, or cwd did
        raise RevisionError(NO_GIT) from None
    except OSError as error:
        raise RevisionError(f"cannot run git: {error.strerror or error}") from None


def _first_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[0] if lines else ""


class _Objects:
    """Objects read by name through two long-lived `git cat-file` processes, each started when first needed."""

    def __init__(self, top: Path, environment: dict[str, str]) -> None:
        self._top, self._environment = top, environment
        self._processes: dict[str, subprocess.Popen[bytes]] = {}
        self._trees: dict[str, Tree] = {}
        self._inherited: list[subprocess.Popen[bytes]] = []  # a forked child's: the parent's processes, kept unused
        _readers.add(self)

    def forget_inherited(self) -> None:
        """In a forked child: the processes are the parent's, so only this process's copies of their pipes are
        closed; the child starts its own when it reads an object (the trees read so far stay known)."""
        for process in self._processes.values():
            for stream in (process.stdin, process.stdout):
                with contextlib.suppress(OSError):
                    stream.close()  # type: ignore[union-attr]
        self._inherited += self._processes.values()
        self._processes = {}

    def info(self, name: str) -> tuple[str, int] | None:
        """The object's type and size in bytes, or None when there is no such object."""
        return self._ask("--batch-check", name)

    def id_of(self, name: str) -> str | None:
        """The id of the object `name` names (a revision, `main^{commit}`), or None when it names none."""
        found = self._answer("--batch-check", name)
        return os.fsdecode(found[0]) if found is not None else None

    def content(self, name: str) -> bytes:
        """The object's bytes; GitFailed when it is missing (its name came from a tree, so git is broken)."""
        header = self._ask("--batch", name)
        if header is None:
            raise GitFailed(f"git has no object {name}; the repository may be damaged (git fsck checks it)")
        stream = self._processes["--batch"].stdout
        assert stream is not None
        data = _read_exactly(stream, header[1] + 1)  # the content, then a newline
        return data[:-1]

    def tree(self, name: str, id_size: int) -> Tree:
        """A tree's entries by name (each a decoded file name); `id_size`: the bytes of an object id."""
        if name not in self._trees:
            self._trees[name] = Tree(self.content(name), id_size)
        return self._trees[name]

    def _ask(self, mode: str, name: str) -> tuple[str, int] | None:
        fields = self._answer(mode, name)
        return (os.fsdecode(fields[1]), int(fields[2])) if fields is not None else None

    def _answer(self, mode: str, name: str) -> list[bytes] | None:
        """The fields of git's answer for one object: id, type and size; None when it names none."""
        process = self._process(mode)
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(os.fsencode(name) + b"\n")
            process.stdin.flush()
            line = process.stdout.readline()
        except OSError as error:
            raise GitFailed(f"git cat-file stopped: {error.strerror or error}") from None
        fields = line.split()
        if not line:
            raise GitFailed("git cat-file stopped answering; the repository may be damaged (git fsck checks it)")
        if len(fields) != 3 or not fields[2].isdigit():  # 'NAME missing', 'NAME ambiguous'
            return None
        return fields

    def _process(self, mode: str) -> subprocess.Popen[bytes]:
        if mode not in self._processes:
            try:
                self._processes[mode] = subprocess.Popen(
                    ["git", "cat-file", mode], cwd=self._top, env=self._environment, stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                )  # fmt: skip
            except OSError as error:  # git was there when the run started
                raise GitFailed(f"cannot start git cat-file: {error.strerror or error}") from None
        return self._processes[mode]

    def close(self) -> None:
        for process in self._processes.values():
            assert process.stdin is not None and process.stdout is not None
            with contextlib.suppress(OSError):  # a process that died has nothing left to say
                process.stdin.close()
            process.stdout.close()
            process.wait()
        self._processes.clear()


_readers: weakref.WeakSet[_Objects] = weakref.WeakSet()


def _forget_inherited() -> None:
    for readers in list(_readers):
        readers.forget_inherited()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_inherited)


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise GitFailed("git cat-file stopped in the middle of an object")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class Tree:
    """A tree's entries, looked up by name in its raw bytes: a folder of ten thousand maps, parsed into a
    dictionary of entries, would take megabytes on each side of a diff. Git's format is 'MODE NAME\\0' then the
    raw id (20 bytes for SHA-1, 32 for SHA-256), for each entry, sorted by name (a folder's as if it ended in
    '/'); only where each entry starts and its name ends are kept, to search the names in that order."""

    def __init__(self, data: bytes, id_size: int) -> None:
        self._data, self._id_size = data, id_size
        self._starts, self._ends = starts, ends = array("I"), array("I")  # each entry's start, its name's end (NUL)
        offset, previous, ordered, find = 0, b"", True, data.index
        while offset < len(data):
            space = find(b" ", offset)
            nul = find(b"\0", space)
            starts.append(offset)
            ends.append(nul)
            key = data[space + 1 : nul] + b"/" if data.startswith(b"40000 ", offset) else data[space + 1 : nul]
            ordered, previous = ordered and previous <= key, key  # each key made once, to tell whether git's order holds
            offset = nul + 1 + id_size
        if not ordered:
            order = sorted(range(len(self)), key=self._key)  # not as git writes a tree, but still readable
            self._starts, self._ends = array("I", (self._starts[i] for i in order)), array("I", (self._ends[i] for i in order))

    def get(self, name: str) -> Entry | None:
        wanted = os.fsencode(name)
        if b"/" in wanted:  # no name holds one: it would read as the folder's sort key
            return None
        for key in (wanted, wanted + b"/"):  # a file, or a folder
            index = bisect.bisect_left(range(len(self)), key, key=self._key)
            if index < len(self) and self._key(index) == key:
                return self._entry(index)
        return None

    def __iter__(self) -> Iterator[str]:
        return (os.fsdecode(self._name(index)) for index in range(len(self)))

    def __len__(self) -> int:
        return len(self._ends)

    def _name(self, index: int) -> bytes:
        return self._data[self._data.index(b" ", self._starts[index]) + 1 : self._ends[index]]

    def _key(self, index: int) -> bytes:
        name = self._name(index)
        return name + b"/" if self._data.startswith(b"40000 ", self._starts[index]) else name

    def _entry(self, index: int) -> Entry:
        start, end = self._starts[index], self._ends[index]
        mode = self._data[start : self._data.index(b" ", start)].decode()
        return Entry(mode, self._data[end + 1 : end + 1 + self._id_size].hex())


class LinkLoop(Exception):
    """A path whose links lead to each other (or through more than 40)."""


class Snapshot:
    """The files of one revision, as a read-only file system: paths are absolute and lie under the work
    tree's top folder, as the files would on disk."""

    def __init__(self, objects: _Objects, commit: str, top: Path) -> None:
        self._objects = objects
        self._tree = f"{commit}^{{tree}}"
        self._id_size = len(commit) // 2  # its hexadecimal id: SHA-1 or SHA-256, as every id of the repository
        self.top = top

    def relative(self, path: Path) -> str | None:
        """`path` from the top, '/'-separated, as git names it (not normalised); None outside the top."""
        parts = path.parts
        top = self.top.parts
        if parts[: len(top)] != top:
            return None
        return "/".join(parts[len(top) :])

    def real(self, path: Path) -> Path:
        """The path with `..` and links resolved within the revision, as realpath would on disk; a link to an
        absolute path is taken as written. LinkLoop when links lead to each other."""
        pending = list(reversed(path.parts[1:]))
        done: list[str] = []  # the resolved parts below the root, kept real at each step
        links = 0
        while pending:
            part = pending.pop()
            if part in ("", "."):
                continue
            if part == "..":
                if done:
                    done.pop()
                continue
            done.append(part)
            entry = self._entry_of(Path(path.anchor, *done))
            if entry is not None and entry.mode == LINK:
                links += 1
                if links > _MAX_LINKS:
                    raise LinkLoop(str(path))
                target = PurePosixPath(os.fsdecode(self._objects.content(entry.id)))
                done.pop()
                if target.is_absolute():
                    done = []
                pending.extend(reversed(target.parts[1:] if target.is_absolute() else target.parts))
        return Path(path.anchor, *done)

    def entry(self, path: Path) -> Entry | None:
        """What the path names once links are followed; None when it names nothing. LinkLoop, as `real`."""
        return self._entry_of(self.real(path))

    def listing(self, folder: Path) -> list[str]:
        """The names in a folder of the revision; none when it is not a folder."""
        entry = self.entry(folder)
        return sorted(self._objects.tree(entry.id, self._id_size)) if entry is not None and entry.mode == TREE else []

    def read(self, entry: Entry, limit: int) -> tuple[int, bytes | None]:
        """The size of a file's blob, and its bytes when that size is within `limit` (else None: never read)."""
        info = self._objects.info(entry.id)
        if info is None:
            raise GitFailed(f"git has no object {entry.id}; the repository may be damaged (git fsck checks it)")
        size = info[1]
        return size, (self._objects.content(entry.id) if size <= limit else None)

    def _entry_of(self, real: Path) -> Entry | None:
        """What a real path (no links in its folders) names, looked up tree by tree."""
        relative = self.relative(real)
        if relative is None:
            return None
        entry = Entry(TREE, self._tree)
        for name in relative.split("/") if relative else ():
            if entry.mode != TREE:
                return None
            entry = self._objects.tree(entry.id, self._id_size).get(name)
            if entry is None:
                return None
        return entry
