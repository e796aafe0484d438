"""`validate` as a library call: check files and the libraries they include, each reported once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from journeymap.paths import real_path
from typing import TYPE_CHECKING

from journeymap.problems import FileResult, Problem
from journeymap.workspace import Checked, Workspace

if TYPE_CHECKING:
    from journeymap.model import Journey


def iter_checked(
    files: Iterable[Path | str], workspace: Workspace, reported: set[Path] | None = None
) -> Iterator[Checked]:
    """Each file, then each library it includes that was not reported yet, in that order, one at a time.

    Only what an include could reach again is remembered, libraries and files too broken to tell: the
    files are distinct already (discovery saw to it) and no map can be included, so a run over thousands
    of maps keeps no path of theirs. `reported` carries that memory over calls that take the files apart.
    """
    reported = set() if reported is None else reported
    for file in files:
        path = Path(file)  # discovery keeps paths as text, the lighter to hold by the thousand
        checked = workspace.check(path)
        if checked.is_library or checked.document is None:
            key = real_path(path)
            if key in reported:
                continue
            reported.add(key)
        yield checked
        for library in checked.libraries:
            if library not in reported:
                reported.add(library)
                yield workspace.check(library)


def check_files(files: Iterable[Path], workspace: Workspace) -> list[Checked]:
    return list(iter_checked(files, workspace))


def to_result(checked: Checked, problems: tuple[Problem, ...] | None = None, journey: Journey | None = None) -> FileResult:
    """A file's result: its validation problems (or those given), and the journey of a map, as data."""
    data = None
    if journey is not None and not checked.is_library:
        from journeymap.model import as_data  # only a run that reports journeys needs the model: validate starts faster

        data = as_data(journey)
    kind = "library" if checked.is_library else "map"
    return FileResult(checked.file, kind, checked.problems if problems is None else problems, journey=data)


def validate_files(files: Sequence[Path | str], with_journey: bool = False) -> Iterator[FileResult]:
    """The validation results of the files and their libraries, one at a time: documents are not kept.
    `with_journey` adds each valid map's journey, as data."""
    workspace = Workspace()
    for checked in iter_checked(files, workspace):
        yield to_result(checked, journey=workspace.journey(checked) if with_journey else None)
