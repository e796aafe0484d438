"""`.journeymap.yaml`: found from the working directory upward (not past the git root), else from the first
path given; validated with positions.

```yaml
fail-on: warning                 # error | warning | info
include: ["maps/**/*.journey.yaml"]
exclude: ["maps/archive/**"]
rules:
  stage-without-metrics: off     # off | error | warning | info
  too-many-touchpoints: {severity: error, max: 5}
  JM501: {max-age-days: 90}
diff:
  fail-on: [new-high-pain-point-without-opportunity, removed-stage]   # journeymap diff's policies
```
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from journeymap import checks, globs
from journeymap.loader import Document, load_file
from journeymap.problems import JsonPath, Problem, Severity, quote
from journeymap.record import Tuple
from journeymap.suggest import did_you_mean, kind_of

if TYPE_CHECKING:
    from journeymap import rules

CONFIG_NAMES = (".journeymap.yaml", ".journeymap.yml")
SEVERITY_WORDS = {severity.label: severity for severity in sorted(Severity, reverse=True)}
_TOP_KEYS = ("fail-on", "include", "exclude", "rules", "diff")


class RuleSetting(Tuple):
    enabled: bool
    severity: Severity
    options: Mapping[str, Any]


class Config(Tuple):
    path: Path | None = None  # None: the defaults, no file
    fail_on: Severity = Severity.WARNING
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    rules: Mapping[str, RuleSetting] = MappingProxyType({})  # by rule code; only what the file sets
    diff_fail_on: tuple[str, ...] = ()  # the policies `journeymap diff` fails on when --fail-on names none

    @property
    def base(self) -> Path:
        """The directory that include and exclude patterns are relative to."""
        return self.path.parent if self.path else Path.cwd()

    def setting(self, rule: rules.Rule) -> RuleSetting:
        return self.rules.get(rule.code) or RuleSetting(True, rule.severity, rule.defaults())

    def excludes(self, path: Path) -> bool:
        return _matches_any(self.exclude, path, self.base)

    def includes(self, path: Path) -> bool:
        return _matches_any(self.include, path, self.base) if self.include else True


def find_config(start: Path) -> Path | None:
    """The nearest config file from `start` upward, stopping at the git work tree's root."""
    from journeymap.paths import upward

    for directory in upward(start):
        for name in CONFIG_NAMES:
            try:
                if (directory / name).is_file():
                    return directory / name
            except OSError:  # an unreadable folder holds no configuration we can use
                break
    return None


def load_config(path: Path, shown: str) -> tuple[Config | None, list[Problem]]:
    """The configuration in `path`, or the problems that make it unusable."""
    document, problems = load_file(path, shown, keys="'fail-on', 'include', 'exclude', 'rules' and 'diff'", empty_ok=True)
    if document is None or problems:
        return None, problems
    reader = _Reader(document)
    config = reader.config(path)
    return (None, reader.problems) if reader.problems else (config, [])


class _Reader:
    """Reads a config document, collecting a positioned problem for everything wrong in it."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def error(self, path: JsonPath, message: str, suggestion: str | None = None, key: bool = False) -> None:
        position = self.document.key_position(path) if key else self.document.position(path)
        self.problems.append(checks.CONFIG.problem(self.document.file, position, message, path, suggestion))

    def unknown_keys(self, mapping: dict, allowed: tuple[str, ...], path: JsonPath, where: str) -> None:
        for key in mapping:
            if key not in allowed:
                tail, suggestion = did_you_mean(str(key), allowed)
                tail = tail or f"; allowed: {', '.join(allowed)}"
                self.error((*path, key), f"unknown key {quote(key)} {where}{tail}", suggestion, key=True)

    def config(self, path: Path) -> Config:
        data = self.document.data
        self.unknown_keys(data, _TOP_KEYS, (), "in the configuration")
        fail_on = self.severity(data["fail-on"], ("fail-on",), allow_off=False) if "fail-on" in data else None
        rule_settings = self.rules(data.get("rules", {}))
        return Config(
            path=path,
            fail_on=fail_on or Severity.WARNING,
            include=self.patterns(data, "include"),
            exclude=self.patterns(data, "exclude"),
            rules=rule_settings,
            diff_fail_on=self.diff(data["diff"]) if "diff" in data else (),
        )

    def diff(self, value: Any) -> tuple[str, ...]:
        """`diff: {fail-on: [POLICY, ...]}`: the policies that fail `journeymap diff`."""
        if not isinstance(value, dict):
            self.error(("diff",), f"'diff' must be a mapping such as {{fail-on: [removed-stage]}}, not {kind_of(value)}")
            return ()
        self.unknown_keys(value, ("fail-on",), ("diff",), "under 'diff'")
        written = value.get("fail-on", [])
        if not isinstance(written, (str, list)):
            self.error(("diff", "fail-on"), f"'fail-on' must be a list of diff policies, not {kind_of(written)}")
            return ()
        from journeymap.diff.policies import POLICY_NAMES, unknown  # only a configuration that names policies

        places = [(("diff", "fail-on"), written)] if isinstance(written, str) else [
            (("diff", "fail-on", index), name) for index, name in enumerate(written)]  # fmt: skip
        for place, name in places:
            if name not in POLICY_NAMES:
                self.error(place, unknown(str(name)))
        return tuple(name for _, name in places if name in POLICY_NAMES)

    def severity(self, value: Any, path: JsonPath, allow_off: bool) -> Severity | None:
        words = (*SEVERITY_WORDS, "off") if allow_off else tuple(SEVERITY_WORDS)
        if isinstance(value, str) and value in SEVERITY_WORDS:  # a list or mapping is no word, nor hashable
            return SEVERITY_WORDS[value]
        if allow_off and (value == "off" or value is False):
            return None
        tail, suggestion = did_you_mean(str(value), words)
        self.error(path, f"{quote(path[-1])} cannot be {value!r}{tail or '; choose one of: ' + ', '.join(words)}", suggestion)
        return None

    def patterns(self, data: dict, key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            self.error((key,), f"{quote(key)} must be a list of glob patterns such as 'maps/**/*.journey.yaml'")
            return ()
        return tuple(value)

    def rules(self, value: Any) -> dict[str, RuleSetting]:
        if not isinstance(value, dict):
            self.error(("rules",), f"'rules' must be a mapping of rule names to settings, not {kind_of(value)}")
            return {}
        from journeymap import catalog  # the rules are imported only when a config names rules

        settings = {}
        for key, setting in value.items():
            rule = catalog.rule(str(key))
            check = catalog.find(str(key)) if rule is None else None
            if check is not None:
                self.error(("rules", key), f"{check.code} {check.name} is a validation check: it always runs and "
                           "cannot be configured; remove it from 'rules'", key=True)  # fmt: skip
                continue
            if rule is None:
                tail, suggestion = did_you_mean(str(key), catalog.rule_names())
                self.error(("rules", key), f"unknown rule {quote(key)}{tail or '; run journeymap rules to list them'}",
                           suggestion, key=True)  # fmt: skip
                continue
            settings[rule.code] = self.rule_setting(rule, setting, ("rules", key))
        return settings

    def rule_setting(self, rule: rules.Rule, value: Any, path: JsonPath) -> RuleSetting:
        """`off`, a severity, or a mapping of `severity` and the rule's options."""
        options = rule.defaults()
        level, level_path = value, path
        if isinstance(value, dict):
            self.unknown_keys(value, ("severity", *rule.options), path, f"for rule {rule.name}")
            for name, option in rule.options.items():
                if name in value:
                    options[name] = self.option(option, value[name], (*path, name))
            level, level_path = value.get("severity", rule.severity.label), (*path, "severity")
        if level == "off" or level is False:
            return RuleSetting(False, rule.severity, options)
        return RuleSetting(True, self.severity(level, level_path, allow_off=True) or rule.severity, options)

    def option(self, option: rules.Option, value: Any, path: JsonPath) -> Any:
        if type(value) is not option.type or (option.minimum is not None and value < option.minimum):
            wanted = "a whole number" if option.type is int else option.type.__name__
            if option.minimum is not None:
                wanted += f" of {option.minimum} or more"
            self.error(path, f"{quote(path[-1])} must be {wanted}, not {kind_of(value)}")
            return option.default
        return value


def _matches_any(patterns: tuple[str, ...], path: Path, base: Path) -> bool:
    if not patterns:  # most repositories set none: resolve no path for them
        return False
    try:
        relative = path.resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        relative = path.as_posix()
    return any(globs.matches(pattern, relative) for pattern in patterns)
