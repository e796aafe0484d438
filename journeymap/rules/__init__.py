"""The lint rule catalog.

Each rule is a module in this package. It declares CODE, NAME, SEVERITY,
SUMMARY and OPTIONS, defines `check(context, options)` yielding Findings (a rule
of the suppression stage, STAGE = "suppressions", is given the unused suppressions instead),
and its docstring (Markdown: rationale, then a bad and a good example) is its
documentation, printed by `journeymap rules NAME` and in docs/rules.md.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from types import ModuleType
from typing import Any

from journeymap.problems import Severity
from journeymap.record import Tuple
from journeymap.rules.base import Finding, Option

# Listed rather than discovered, so the catalog's order and contents are explicit.
_MODULES = (
    "stage_without_touchpoints", "stage_without_steps", "stage_without_goal", "stage_without_emotion",
    "stage_without_metrics", "pain_point_without_opportunity", "opportunity_without_owner",
    "metric_without_target", "touchpoint_without_channel", "touchpoint_without_owner",
    "unused_touchpoint", "unused_persona", "map_without_objective", "map_without_personas",
    "stage_without_kind",
    "map_without_pain_points", "opportunity_without_pain_point", "metric_without_actual", "pain_point_without_evidence", "persona_without_goals", "opportunity_done_pain_point_open",
    "journey_ends_at_purchase", "lifecycle_order", "too_many_touchpoints",
    "emotional_low_without_pain_point", "too_few_stages",
    "action_without_actor", "persona_missing_from_stage", "moment_of_truth_at_risk", "future_not_better", "format_version",
    "review_overdue", "missing_review_date", "placeholder_text", "duplicate_name",
    "unused_suppression",
)  # fmt: skip


class Rule(Tuple):
    code: str
    name: str
    severity: Severity
    summary: str
    options: Mapping[str, Option]
    check: Callable[[Any, Mapping[str, Any]], Iterator[Finding]]  # of a Context, or for its stage what that gives
    doc: str
    libraries: bool = False  # also run on library files (only rules about shared definitions)
    stage: str = "rules"  # or "suppressions": judges the suppression comments, after the rules ran

    kind = "rule"  # beside "check": what the catalog holds
    file_level = False

    @property
    def category(self) -> str:
        return _CATEGORIES[self.code[:3]]

    def defaults(self) -> dict[str, Any]:
        return {name: option.default for name, option in self.options.items()}


_CATEGORIES = {"JM3": "coverage", "JM4": "journey shape", "JM5": "maintenance", "JM6": "suppressions"}


def _rule_of(module: ModuleType) -> Rule:
    return Rule(
        code=module.CODE,
        name=module.NAME,
        severity=module.SEVERITY,
        summary=module.SUMMARY,
        options=getattr(module, "OPTIONS", {}),
        check=module.check,
        doc=(module.__doc__ or "").strip(),
        libraries=getattr(module, "LIBRARIES", False),
        stage=getattr(module, "STAGE", "rules"),
    )


def _load() -> tuple[Rule, ...]:
    rules = (_rule_of(importlib.import_module(f"{__name__}.{name}")) for name in _MODULES)
    return tuple(sorted(rules, key=lambda rule: rule.code))


ALL: tuple[Rule, ...] = _load()
BY_KEY: dict[str, Rule] = {key: rule for rule in ALL for key in (rule.code, rule.name)}


def find(key: str) -> Rule | None:
    """A rule by code or name, case-insensitively for codes."""
    return BY_KEY.get(key) or BY_KEY.get(key.upper())
