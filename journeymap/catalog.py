"""One catalog of every code journeymap reports: the validation checks and the lint rules.

Each entry has a code, a name, a default severity, a summary, its documentation, a kind ("check":
always runs; "rule": chosen by configuration, --select and --ignore, and suppressible) and a
category. `--select`, the configuration, suppression comments, SARIF, GitLab and `journeymap rules`
all look codes up here. The rules are imported only when a rule is asked for: a run that only
validates never pays for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap import checks

if TYPE_CHECKING:
    from journeymap.checks import Check
    from journeymap.rules import Rule

    Entry = Check | Rule

_CHECKS = {key: check for check in checks.ALL for key in (check.code, check.name)}


def rules() -> tuple[Rule, ...]:
    """The lint rules, in code order."""
    from journeymap import rules as catalog

    return catalog.ALL


def entries() -> tuple[Entry, ...]:
    """Every check and rule, in code order."""
    return tuple(sorted((*checks.ALL, *rules()), key=lambda entry: entry.code))


def find(key: str) -> Entry | None:
    """A check or rule by code (any case) or name."""
    return _CHECKS.get(key) or _CHECKS.get(key.upper()) or rule(key)


def rule(key: str) -> Rule | None:
    """A lint rule by code (any case) or name: what configuration, --select and suppressions name."""
    from journeymap import rules as catalog

    return catalog.BY_KEY.get(key) or catalog.BY_KEY.get(key.upper())


def matching_rules(key: str) -> list[Rule]:
    """The rules a --select or --ignore key names: a code, a name, or a code prefix such as JM3."""
    exact = rule(key)
    if exact:
        return [exact]
    return [item for item in rules() if item.code.startswith(key.upper()) and len(key) >= 3]


def rule_names() -> list[str]:
    """What a mistyped rule key is matched against for a did-you-mean."""
    return [item.name for item in rules()]


def is_file_level(code: str) -> bool:
    """Whether a code means the file could not be read as a map at all, so nothing else in it was checked."""
    check = _CHECKS.get(code)
    return check is not None and check.file_level
