"""Writing output files safely: reports, baselines and anything else a run leaves behind."""

from __future__ import annotations

import errno
import filecmp
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO


class ProtectedFile(OSError):
    """The path leads to a file journeymap must not replace."""


def unusable_reason(path: Path | str) -> str | None:
    """Why `path` cannot even be looked at (a name too long, a folder that may not be entered, a link
    loop, a NUL), in words for a message; None when it can, whether or not anything is there yet."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):  # nothing there (yet): a path to create, or to report missing
        return None
    except OSError as error:
        return (error.strerror or str(error)).lower()
    except ValueError:  # a NUL
        return "it contains a NUL character"
    return None


def unusable_advice(path: Path | str) -> str | None:
    """`unusable_reason` with what to do about it, for a message; None when the path can be looked at."""
    reason = unusable_reason(path)
    if reason is None:
        return None
    return f"{reason}; name a shorter path" if "too long" in reason else f"{reason}; name another path"


def unwritable_reason(path: Path | str, folder: bool = False, replace_map: bool = False) -> str | None:
    """Why nothing can be written at `path` (a file, or with `folder` a folder to write into), known before
    writing, with what to do instead; None when it looks writable. Checked before any map, so a run
    does not check thousands of maps, or write other reports, only to fail at its last step."""
    advice = unusable_advice(path)
    if advice:
        return advice
    if not folder and os.path.isdir(path):
        return "it is a directory; name a file"
    real = os.path.realpath(path)
    if not folder and not replace_map and os.path.splitext(real)[1] in _PROTECTED and os.path.exists(real):
        return "it is an existing YAML file, a map or library perhaps, which journeymap never overwrites; choose another path"
    if folder and os.path.exists(path) and not os.path.isdir(path):
        return "it is a file, not a directory; name a directory"
    above = os.path.dirname(os.path.abspath(path))
    while not os.path.exists(above) and os.path.dirname(above) != above:
        above = os.path.dirname(above)
    if not os.path.isdir(above):
        return f"{above} is a file, not a folder; name a path whose folders are folders"
    return None


_PROTECTED = frozenset({".yaml", ".yml"})  # maps, libraries and configuration: what users write by hand


def write_atomically(path: Path, content: str | bytes | Iterable[str], replace_map: bool = False, sync: bool = True,
                    unless_same: bool = False) -> bool:
    """Write `content` (text as UTF-8) to `path`, creating its folder; readers see the old file or the new one.

    It goes to a temporary file beside the file, synced to disk, then replaces it in one rename,
    keeping the old file's mode. A link is followed, so the file it names is replaced and the link
    stays. An existing YAML file is never replaced: journeymap's outputs are never YAML, so one
    there is a user's map, library or configuration (reached by a link, or a mistyped path).
    Something that is not a regular file (/dev/stdout, a pipe) is written to directly: there is
    nothing to replace. `replace_map` lifts the YAML guard, for a map the user asked to replace (import
    --force). `sync=False` leaves out the sync to disk, for files that can be made again from the maps
    (exports): the rename still shows readers a whole file, and a sync each costs an export of hundreds of
    maps, thousands of small files, more than making them. `content` may come in pieces (a page written as it is
    made, never whole in memory); with `unless_same`, a file that holds those bytes already is left as it is.
    Whether the file was written. Raises OSError (ProtectedFile for a YAML file).
    """
    pieces = [content] if isinstance(content, (str, bytes)) else content
    if path.exists() and not path.is_file():
        with open(path, "wb") as stream:
            _write_pieces(stream, pieces, batch=1)  # a reader of a pipe gets each piece as it is made
        return True
    target = Path(os.path.realpath(path))
    if target.suffix in _PROTECTED and target.exists() and not replace_map:
        via = f" (through a link: {target})" if target != Path(os.path.abspath(path)) else ""
        message = f"it is an existing {target.suffix} file{via}, a map or library perhaps, which journeymap "
        raise ProtectedFile(errno.EEXIST, message + "never overwrites; choose another path")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:  # a file stands where the folder should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target.parent)) from error
    temporary = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")  # secrets would import hashlib
    try:
        with open(temporary, "xb") as stream:  # "x": a new file, with the mode the umask gives
            _write_pieces(stream, pieces)
            stream.flush()
            same = unless_same and target.is_file() and filecmp.cmp(temporary, target, shallow=False)
            if sync and not same:  # a copy about to be thrown away needs no sync
                os.fsync(stream.fileno())
        if same:
            temporary.unlink()
            return False
        if target.exists():
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


_BATCH = 1 << 16  # characters of text gathered before a write: a page comes in thousands of small pieces


def _write_pieces(stream: BinaryIO, pieces: Iterable[str | bytes], batch: int = _BATCH) -> None:
    """The pieces in order; text gathered into batches of `batch` characters, as encoding and writing each
    small piece by itself cost more than making it."""
    gathered: list[str] = []
    size = 0
    for piece in pieces:
        if not isinstance(piece, str):  # bytes, or anything else a binary file takes
            stream.write("".join(gathered).encode("utf-8"))
            gathered, size = [], 0
            stream.write(piece)
            continue
        gathered.append(piece)
        size += len(piece)
        if size >= batch:
            stream.write("".join(gathered).encode("utf-8"))
            gathered, size = [], 0
    stream.write("".join(gathered).encode("utf-8"))
