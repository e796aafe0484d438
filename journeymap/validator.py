"""`validate` as a library call: check files and the libraries they include, each reported once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from journeymap.discovery import real_path
from journeymap.problems import FileResult
from journeymap.workspace import Checked, Workspace


def iter_checked(files: Iterable[Path], workspace: Workspace) -> Iterator[Checked]:
    """Each file, then each library it includes that was not reported yet, in that order, one at a time."""
    reported: set[Path] = set()
    for path in files:
        checked = workspace.check(path)
        for key, item in ((real_path(path), checked), *((lib, None) for lib in checked.libraries)):
            if key not in reported:
                reported.add(key)
                yield item or workspace.check(key)


def check_files(files: Iterable[Path], workspace: Workspace) -> list[Checked]:
    return list(iter_checked(files, workspace))


def to_result(checked: Checked) -> FileResult:
    return FileResult(checked.file, "library" if checked.is_library else "map", checked.problems)


def validate_files(files: Sequence[Path]) -> Iterator[FileResult]:
    """The validation results of the files and their libraries, one at a time: documents are not kept."""
    return (to_result(checked) for checked in iter_checked(files, Workspace()))
