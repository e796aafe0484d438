"""`--fail-on` policies: which changes make a diff fail.

A policy is a name and a test of one change. `POLICIES` lists them with a line each (for did-you-mean
hints and the docs); `failing` applies some of them to the diffs of a run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from journeymap.diff.changes import Change, MapDiff
from journeymap.diff.emotions import DROP
from journeymap.problems import quote
from journeymap.record import Tuple
from journeymap.suggest import did_you_mean


class Policy(Tuple):
    name: str
    description: str
    breaks: Callable[[Change], bool]  # whether a change fails the policy


def _new_high_pain_point_without_opportunity(change: Change) -> bool:
    """Added or reopened with high severity, or raised to high, while open, and no opportunity addresses it."""
    if change.element != "pain-point" or change.addressed_by:
        return False
    if change.data.get("severity") != "high" or change.data.get("resolved") is not None:
        return False
    if change.kind in ("pain-point-added", "pain-point-reopened"):
        return True
    severity = change.changed_field("severity")
    return change.kind == "pain-point-changed" and severity is not None and severity.new == "high"


def _emotion_drop_at_moment_of_truth(change: Change) -> bool:
    return change.kind == "emotion-dropped" and change.moment_of_truth and (change.delta or 0) <= -DROP


def _new_lint_error(change: Change) -> bool:
    return change.kind == "finding-introduced" and change.data.get("severity") == "error"


POLICIES: tuple[Policy, ...] = (
    Policy("new-high-pain-point-without-opportunity",
           "a high-severity pain point is added, reopened or raised to high, and no opportunity addresses it",
           _new_high_pain_point_without_opportunity),
    Policy("emotion-drop-at-moment-of-truth",
           f"an emotion score falls by {DROP} or more at a moment of truth, for any persona, in either state",
           _emotion_drop_at_moment_of_truth),
    Policy("metric-away-from-target", "a metric's actual value moves away from its target",
           lambda change: change.kind == "metric-away-from-target"),
    Policy("removed-stage", "a stage is removed from a map", lambda change: change.kind == "stage-removed"),
    Policy("new-lint-errors", "a lint finding of severity error appears that the base did not have", _new_lint_error),
    Policy("any-change", "anything at all changed in a map, even a rename or a new map", lambda change: True),
)  # fmt: skip
POLICY_NAMES = tuple(policy.name for policy in POLICIES)
_BY_NAME = {policy.name: policy for policy in POLICIES}


def failing(diffs: Iterable[MapDiff], policies: Sequence[str]) -> list[tuple[str, Change]]:
    """Every (policy, change) where a change fails one of the named policies: policy by policy in the order
    named, then map by map and change by change in the diffs' order.

    Raises ValueError for a name that is no policy (the caller checks names first, to say so as a usage
    error: `unknown` gives the message).
    """
    chosen = []
    for name in policies:
        if name not in _BY_NAME:
            raise ValueError(unknown(name))
        chosen.append(_BY_NAME[name])
    if not chosen:  # the diffs may be read back from a file: not read at all when nothing is asked
        return []
    broken: list[list[tuple[str, Change]]] = [[] for _ in chosen]  # one pass over the diffs, a list per policy
    for diff in diffs:
        for change in diff.changes:
            for found, policy in zip(broken, chosen):
                if policy.breaks(change):
                    found.append((policy.name, change))
    return [item for found in broken for item in found]


def unknown(name: str) -> str:
    """The message for a name that is no policy, with a did-you-mean hint or the list of them."""
    tail, _ = did_you_mean(name, POLICY_NAMES)
    return f"{quote(name)} is not a diff policy{tail or '; the policies are ' + ', '.join(POLICY_NAMES)}"
