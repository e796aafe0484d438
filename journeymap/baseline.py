"""Baselines: adopt journeymap in a repository that already has findings, and fail only on new ones.

`--write-baseline FILE` records every finding of a run; `--baseline FILE` hides them in later runs.
An entry matches a finding by file and check, then by JSON path and message, never by line: edits
that move the value keep it matched, and so does a stage inserted above it (its message still names
it). An entry that matches nothing any more is reported as fixed (info), at its line in the baseline,
so the baseline shrinks as findings are fixed and never hides a new one.

The file is JSON, one finding a line, with paths relative to the baseline's own folder:

    {
      "journeymap-baseline": 1,
      "findings": [
        {"path": "maps/shop.journey.yaml", "code": "JM303", "name": "stage-without-goal", "json_path": "$.stages[2]",
         "message": "stage 'Wear' has no goal; write what the customer wants to achieve in this stage"}
      ]
    }
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeymap import checks
from journeymap.loader import Document, Limits, load_file
from journeymap.problems import START, FileResult, Position, Problem, format_json_path, quote

# A baseline of a large repository holds tens of thousands of findings, far more values than a map.
_LIMITS = Limits(max_bytes=256 * 1024 * 1024, max_depth=8, max_nodes=20_000_000, max_alias_values=0)

VERSION_KEY = "journeymap-baseline"
VERSION = 1


@dataclass(frozen=True, slots=True)
class Entry:
    path: str  # relative to the baseline's folder, '/'-separated
    code: str
    name: str
    json_path: str
    message: str
    index: int = 0  # in the baseline's list of findings
    position: Position = START  # of the entry in the baseline file

    @property
    def key(self) -> tuple[str, str]:
        return (self.path, self.code)


@dataclass(frozen=True, slots=True)
class Baseline:
    file: str  # as shown to the user
    folder: Path  # entry paths are relative to it
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Applied:
    """Results without the known findings, plus a 'baseline' file result listing the entries now fixed."""

    results: list[FileResult]
    hidden: int
    fixed: int


def dump(results: Sequence[FileResult], folder: Path) -> str:
    """The baseline text recording every finding in `results`, sorted, one a line, for reviewable diffs."""
    entries = sorted(
        (
            _relative(result.file, folder),
            problem.code,
            problem.name,
            format_json_path(problem.json_path),
            problem.message,
        )
        for result in results
        for problem in result.problems
    )
    fields = ("path", "code", "name", "json_path", "message")
    lines = [json.dumps(dict(zip(fields, entry, strict=True)), ensure_ascii=False) for entry in entries]
    findings = "[\n" + ",\n".join(f"    {line}" for line in lines) + "\n  ]" if lines else "[]"
    return f'{{\n  "{VERSION_KEY}": {VERSION},\n  "findings": {findings}\n}}\n'


def load(path: Path, shown: str) -> tuple[Baseline | None, list[Problem]]:
    """The baseline in `path`, or the problems (with positions) that make it unusable."""
    document, problems = load_file(path, shown, _LIMITS)
    if document is None or problems:
        return None, [_in_baseline_words(problem) for problem in problems]
    entries, problems = _read(document)
    if problems:
        return None, problems
    return Baseline(shown, Path(os.path.abspath(path)).parent, tuple(entries)), []


def apply(
    baseline: Baseline, results: Sequence[FileResult], judged: Callable[[FileResult], Container[str]]
) -> Applied:
    """Hide the findings the baseline records; report its entries that match nothing as fixed.

    Only entries for files in `results`, and for the codes `judged` says the run checked in that file,
    can be fixed: a run over some files, with some rules off, or on a map too broken to lint, says
    nothing about the others. An entry whose file is gone (deleted or renamed) is fixed on any run.
    """
    paths = [_relative(result.file, baseline.folder) for result in results]
    codes = {path: judged(result) for path, result in zip(paths, results, strict=True)}
    gone = {path: not os.path.lexists(baseline.folder / path) for path in {entry.path for entry in baseline.entries}
            if path not in codes}  # fmt: skip
    pending: _Pending = {}
    for entry in baseline.entries:
        if (entry.path in codes and entry.code in codes[entry.path]) or gone.get(entry.path):
            pending.setdefault(entry.key, []).append(entry)
    kept_results, hidden = [], 0
    for path, result in zip(paths, results, strict=True):
        new = _unknown(result.problems, path, pending)
        hidden += len(result.problems) - len(new)
        kept_results.append(result._replace(problems=tuple(new), known=len(result.problems) - len(new)))
    fixed = sorted((entry for entries in pending.values() for entry in entries), key=lambda entry: entry.index)
    if fixed:
        kept_results.append(
            FileResult(baseline.file, "baseline", tuple(_fixed(entry, baseline.file, gone) for entry in fixed))
        )
    return Applied(kept_results, hidden, len(fixed))


_Pending = dict[tuple[str, str], list[Entry]]  # entries not matched yet, by (path, code)

# How a finding is matched to an entry, most certain first. The JSON path alone breaks when a stage
# is inserted above (indices shift); the message alone breaks when a stage is renamed; together
# they rarely both change in one edit.
_MATCHES: tuple[Callable[[Entry, str, str], bool], ...] = (
    lambda entry, json_path, message: entry.json_path == json_path and entry.message == message,
    lambda entry, json_path, message: bool(message) and entry.message == message,
    lambda entry, json_path, message: entry.json_path == json_path,
)


def _unknown(problems: Sequence[Problem], path: str, pending: _Pending) -> list[Problem]:
    """The problems no pending entry accounts for; each match uses its entry up.

    Entries with the same path and message are matched first, so when a map gains a second finding
    like a recorded one, the new one is the one reported.
    """
    known = [False] * len(problems)
    for matches in _MATCHES:
        for number, problem in enumerate(problems):
            if known[number]:
                continue
            candidates = pending.get((path, problem.code), [])
            json_path = format_json_path(problem.json_path)
            match = next((entry for entry in candidates if matches(entry, json_path, problem.message)), None)
            if match is not None:
                candidates.remove(match)
                known[number] = True
    return [problem for problem, seen in zip(problems, known, strict=True) if not seen]


def _fixed(entry: Entry, file: str, gone: Mapping[str, bool]) -> Problem:
    finding = f"{entry.code} {entry.name}".rstrip()
    reason = " (the file is gone)" if gone.get(entry.path) else ""
    message = (
        f"{finding} at {entry.json_path} in {quote(entry.path, keep_end=True)} no longer occurs{reason}; "
        "remove this entry, or write the baseline again with --write-baseline"
    )
    return checks.FIXED_IN_BASELINE.problem(file, entry.position, message, ("findings", entry.index))


def _in_baseline_words(problem: Problem) -> Problem:
    """The loader speaks of maps; an empty baseline, or one that is not a mapping, gets its own message."""
    if problem.code != checks.NOT_A_MAP.code:
        return problem
    message = f'not a journeymap baseline: it needs "{VERSION_KEY}": {VERSION} and "findings"; '
    message += "write one with --write-baseline"
    return checks.BASELINE.problem(problem.file, problem.position, message)


def _relative(file: str, folder: Path) -> str:
    """A reported file as the baseline names it: relative to the baseline's folder, '/'-separated."""
    try:
        return Path(os.path.relpath(os.path.abspath(file), folder)).as_posix()
    except ValueError:  # another drive, on Windows
        return Path(os.path.abspath(file)).as_posix()


def _read(document: Document) -> tuple[list[Entry], list[Problem]]:
    data, problems = document.data, []

    def error(path: tuple, message: str) -> None:
        problems.append(checks.BASELINE.problem(document.file, document.position(path), message, path))

    version = data.get(VERSION_KEY)
    if type(version) is not int or version != VERSION:  # true and 1.0 equal 1 in Python, but are no version
        error((VERSION_KEY,) if VERSION_KEY in data else (),
              f'not a journeymap baseline (version 1): it needs "{VERSION_KEY}": {VERSION}; '
              "write one with --write-baseline")  # fmt: skip
        return [], problems
    findings = data.get("findings")
    if not isinstance(findings, list):
        error(("findings",), "'findings' must be a list of recorded findings")
        return [], problems
    entries = [_entry(document, index, item, error) for index, item in enumerate(findings)]
    return [entry for entry in entries if entry is not None], problems


def _entry(document: Document, index: int, item: Any, error: Callable[[tuple, str], None]) -> Entry | None:
    path = ("findings", index)
    if not isinstance(item, dict):
        error(path, "each recorded finding must be a mapping with path, code and json_path")
        return None
    for key in ("path", "code", "json_path"):
        if not isinstance(item.get(key), str) or not item[key]:
            error((*path, key) if key in item else path, f"recorded finding {index + 1} needs {quote(key)} as text")
            return None
    name, message = item.get("name", ""), item.get("message", "")
    name, message = (value if isinstance(value, str) else "" for value in (name, message))
    return Entry(item["path"], item["code"], name, item["json_path"], message, index, document.position(path))
