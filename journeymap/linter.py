"""Selecting and running lint rules on a validated file, then applying suppressions."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from pathlib import Path

from journeymap import catalog, rules
from journeymap.config import Config
from journeymap.loader import Document
from journeymap.model import Journey
from journeymap.problems import FileResult, JsonPath, Position, Problem, Severity, quote
from journeymap.record import Tuple
from journeymap.rules.base import Context, Finding, Source, UnusedSuppression
from journeymap.suggest import closest, did_you_mean
from journeymap.suppressions import Directive, apply, directives
from journeymap.validator import iter_checked, to_result
from journeymap.workspace import Workspace


class ActiveRule(Tuple):
    rule: rules.Rule
    severity: Severity
    options: dict


class SelectionError(ValueError):
    """A --select or --ignore key that names no rule."""


def _expand(keys: Sequence[str]) -> set[str]:
    codes = set()
    for key in keys:
        found = catalog.matching_rules(key)
        entry = catalog.find(key) if not found else None
        if entry is not None:  # a validation check: named right, but not something to choose
            raise SelectionError(f"{entry.code} {entry.name} is a validation check: it always runs and cannot be "
                                 "selected or ignored; name a rule (journeymap rules lists them)")  # fmt: skip
        if not found:
            tail, _ = did_you_mean(key, catalog.rule_names())
            hint = tail or "; run 'journeymap rules' to list them"
            raise SelectionError(f"{quote(key)} is not a rule code, name or code prefix{hint}")
        codes.update(rule.code for rule in found)
    return codes


def active_rules(config: Config, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[ActiveRule]:
    """The rules to run: enabled in the config (or named by --select), minus --ignore."""
    selected = _expand(select) if select else None
    ignored = _expand(ignore)
    active = []
    for rule in catalog.rules():
        setting = config.setting(rule)
        wanted = rule.code in selected if selected is not None else setting.enabled
        if wanted and rule.code not in ignored:
            active.append(ActiveRule(rule, setting.severity, dict(setting.options)))
    return active


def lint(
    document: Document, journey: Journey, active: Sequence[ActiveRule], today: datetime.date, is_library: bool = False
) -> list[Problem]:
    """The findings of the active rules on one valid file, then the suppression stage over them."""
    context = Context(journey, Source(document), today)
    found = [
        _problem(document, item, finding)
        for item in active
        if item.rule.stage == "rules" and (not is_library or item.rule.libraries)
        for finding in item.rule.check(context, item.options)
    ]
    return sorted(suppress(found, document, active), key=lambda problem: problem.sort_key)


def suppress(found: Sequence[Problem], document: Document, active: Sequence[ActiveRule]) -> list[Problem]:
    """The suppression stage: the findings no comment of the file covers, plus what the rules of this stage
    (unused-suppression) say of the comments that covered nothing."""
    kept, unused = apply(found, directives(document.text, document.in_text_value), _SUPPRESSIBLE)
    judges = [item for item in active if item.rule.stage == "suppressions"]
    judged = _judged(unused, {item.rule.code for item in active}) if judges else ()
    if not judged:
        return kept
    return kept + [_problem(document, item, finding) for item in judges for finding in item.rule.check(judged, item.options)]


_SUPPRESSIBLE = {key: rule.code for key, rule in rules.BY_KEY.items()}  # what suppression comments may name


def _judged(unused: Sequence[tuple[Directive, str]], running: set[str]) -> tuple[UnusedSuppression, ...]:
    """Unused keys worth reporting: unknown ones, and those of rules that ran (others could not have fired)."""
    judged = []
    for directive, key in unused:
        rule = catalog.rule(key)
        if rule is None or rule.code in running:
            suggestion = None if rule else closest(key, catalog.rule_names())
            judged.append(UnusedSuppression(directive.position, key, directive.whole_file, rule is not None, suggestion))
    return tuple(judged)


def lint_files(
    files: Sequence[Path | str], workspace: Workspace, active: Sequence[ActiveRule], today: datetime.date,
    with_journey: bool = False,
) -> Iterator[FileResult]:
    """Validate every file (and the libraries it includes); lint those that are valid.

    Files are read one at a time and each result is given as soon as it is known, so memory does not
    grow with the number of maps unless the caller keeps the results.
    """
    for checked in iter_checked(files, workspace):
        problems = list(checked.problems)
        journey = workspace.journey(checked)
        if journey is not None and checked.document is not None:
            problems = lint(checked.document, journey, active, today, checked.is_library)
        yield to_result(checked, tuple(problems), journey if with_journey else None)


def _problem(document: Document, item: ActiveRule, finding: Finding) -> Problem:
    position = finding.position or _most_useful_position(document, finding.path)
    rule = item.rule
    return Problem(document.file, position, item.severity, rule.code, rule.name, finding.message, finding.path)


def _most_useful_position(document: Document, path: JsonPath) -> Position:
    """A list or mapping under a key is best shown at its key (`stages:`); anything else where its value starts."""
    value: object = document.data
    for part in path:
        try:
            value = value[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):  # a finding about something absent: show its nearest parent
            return document.position(path)
    if path and isinstance(path[-1], str) and isinstance(value, (list, dict)):
        return document.key_position(path)
    return document.position(path)


def lint_task(
    files: Sequence[Path | str], active: Sequence[ActiveRule], today: datetime.date, with_journey: bool = False
) -> Iterator[FileResult]:
    """`lint_files` in a fresh workspace: the unit of work one process does."""
    return lint_files(files, Workspace(), active, today, with_journey)
