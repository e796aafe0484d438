"""Writing output files safely: reports, baselines and anything else a run leaves behind."""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path`, creating its folder; readers see the old file or the new one, never half.

    The text goes to a temporary file beside the file, then replaces it in one rename. A link is
    followed, so the file it names is replaced and the link stays. Something that is not a regular
    file (/dev/stdout, a pipe) is written to directly: there is nothing to replace. Raises OSError.
    """
    if path.exists() and not path.is_file():
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        return
    target = Path(os.path.realpath(path))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as error:  # a file stands where the folder should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target.parent)) from error
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "x", encoding="utf-8", newline="") as stream:  # "x": a new file, the umask's mode
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
