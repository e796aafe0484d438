"""Writing output files safely: reports, baselines and anything else a run leaves behind."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8) to `path`, creating its folder; readers see the old file or the new one.

    It goes to a temporary file beside the file, synced to disk, then replaces it in one rename,
    keeping the old file's mode. A link is followed, so the file it names is replaced and the link
    stays. Something that is not a regular file (/dev/stdout, a pipe) is written to directly: there
    is nothing to replace. Raises OSError.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and not path.is_file():
        with open(path, "wb") as stream:
            stream.write(data)
        return
    target = Path(os.path.realpath(path))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:  # a file stands where the folder should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target.parent)) from error
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "xb") as stream:  # "x": a new file, with the mode the umask gives
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
