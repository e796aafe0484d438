"""`validate` as a library call: check files and the libraries they include, each reported once."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from journeymap.discovery import real_path
from journeymap.problems import FileResult
from journeymap.workspace import Checked, Workspace


def check_files(files: Iterable[Path], workspace: Workspace) -> list[Checked]:
    """Each file, then each library it includes that was not reported yet, in that order."""
    results: list[Checked] = []
    reported: set[Path] = set()
    for path in files:
        checked = workspace.check(path)
        for key, item in ((real_path(path), checked), *((lib, None) for lib in checked.libraries)):
            if key not in reported:
                reported.add(key)
                results.append(item or workspace.check(key))
    return results


def to_result(checked: Checked) -> FileResult:
    return FileResult(checked.file, "library" if checked.is_library else "map", checked.problems)
