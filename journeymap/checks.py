"""The validation checks: stable codes and names used in every report.

Checks always run (they decide whether a file is a valid map at all); the lint rules in rules/ are
chosen by configuration. journeymap/catalog.py holds both as one catalog.
"""

from __future__ import annotations

from journeymap.problems import START, JsonPath, Position, Problem, Severity
from journeymap.record import Tuple


class Check(Tuple):
    code: str
    name: str
    summary: str
    severity: Severity = Severity.ERROR

    kind = "check"  # beside "rule": what the catalog holds

    @property
    def category(self) -> str:
        """file (it could not be read as a map), run (configuration, baseline, rendering), format, references."""
        number = int(self.code[2:])
        return "file" if number < 8 else "run" if number < 100 else "format" if number < 200 else "references"

    @property
    def file_level(self) -> bool:
        """Whether it keeps a whole file from being read as a map (so nothing else in it was checked)."""
        return self.category == "file"

    @property
    def doc(self) -> str:
        return f"{self.summary} Validation checks always run and cannot be suppressed; see docs/format.md#validation-checks."

    def problem(
        self,
        file: str,
        position: Position,
        message: str,
        json_path: JsonPath = (),
        suggestion: str | None = None,
    ) -> Problem:
        return Problem(file, position, self.severity, self.code, self.name, message, json_path, suggestion)


INTERNAL = Check("JM000", "internal-error", "journeymap itself failed on this file; please report it.")
UNREADABLE = Check("JM001", "unreadable-file", "The file cannot be read: missing, too large, or not a regular file.")
ENCODING = Check("JM002", "encoding", "The file is not UTF-8 text (binary data, NUL bytes, another encoding).")
YAML_SYNTAX = Check("JM003", "yaml-syntax", "The file is not well-formed YAML.")
DUPLICATE_KEY = Check("JM004", "duplicate-key", "A mapping repeats a key; YAML would silently drop one value.")
YAML_LIMIT = Check("JM005", "yaml-limit", "The file exceeds a safety limit (nesting depth or alias expansion).")
UNSUPPORTED_YAML = Check(
    "JM006", "unsupported-yaml", "A YAML feature journeymap refuses: tags, several documents, complex keys."
)
NOT_A_MAP = Check("JM007", "not-a-map", "The document is empty or its top level is not a mapping.")
CONFIG = Check("JM008", "config", "The configuration file (.journeymap.yaml) is invalid.")
TOO_MANY = Check("JM009", "too-many-problems", "A file has so many problems that only the first ones are reported.")
BASELINE = Check("JM010", "baseline", "The baseline file (--baseline) is unreadable or malformed.")
FIXED_IN_BASELINE = Check(
    "JM011", "fixed-baseline-entry", "A baseline entry matches no finding any more: remove it.", Severity.INFO
)
RENDER_ERROR = Check("JM019", "render-error", "journeymap render could not draw a map or write its diagram.")
STALE_DIAGRAM = Check(
    "JM020", "stale-diagram", "render --check: a diagram is missing or differs from what its map draws now."
)
IMPORT_UNREADABLE = Check(
    "JM030", "import-unreadable", "journeymap import cannot read the source: missing, not text in a known encoding, "
    "not a workbook, or too large.",
)
IMPORT_UNUSABLE = Check(
    "JM031", "import-unusable", "journeymap import finds nothing to build a map from: an empty sheet, no step or "
    "task column, no rows.",
)
IMPORT_CELL = Check(
    "JM032", "import-cell", "journeymap import could not use one cell of the source; the map is written without it.",
    Severity.WARNING,
)
MERMAID_SYNTAX = Check("JM033", "mermaid-syntax", "journeymap import: the Mermaid journey diagram has a syntax error.")

UNKNOWN_KEY = Check("JM101", "unknown-key", "A key the format does not define (often a typo).")
MISSING_KEY = Check("JM102", "missing-key", "A required key is missing.")
WRONG_TYPE = Check("JM103", "wrong-type", "A value has the wrong type (text, number, list, mapping).")
INVALID_VALUE = Check("JM104", "invalid-value", "A value is outside what the format allows (choices, ranges, patterns).")

DUPLICATE_ID = Check("JM201", "duplicate-id", "Two definitions of one kind share an id.")
UNKNOWN_REFERENCE = Check("JM202", "unknown-reference", "A reference names an id that is defined nowhere.")
INCLUDE_ERROR = Check("JM203", "include-error", "An included library file is missing, invalid or cyclic.")
INCLUDE_OUTSIDE = Check("JM204", "include-outside-repository", "An include path leaves the repository.")

ALL = (
    INTERNAL, UNREADABLE, ENCODING, YAML_SYNTAX, DUPLICATE_KEY, YAML_LIMIT, UNSUPPORTED_YAML, NOT_A_MAP, CONFIG, TOO_MANY,
    BASELINE, FIXED_IN_BASELINE, RENDER_ERROR, STALE_DIAGRAM,
    IMPORT_UNREADABLE, IMPORT_UNUSABLE, IMPORT_CELL, MERMAID_SYNTAX,
    UNKNOWN_KEY, MISSING_KEY, WRONG_TYPE, INVALID_VALUE,
    DUPLICATE_ID, UNKNOWN_REFERENCE, INCLUDE_ERROR, INCLUDE_OUTSIDE,
)  # fmt: skip
CODES = frozenset(check.code for check in ALL)


def internal_error(file: str, error: Exception) -> Problem:
    """A bug in journeymap, as a problem on the file it happened on: the other files are still checked."""
    message = f"journeymap failed on this file ({type(error).__name__}: {error}); please report it"
    return INTERNAL.problem(file, START, message)


MAX_PER_FILE = 100  # past this, more lines help nobody and aliases could multiply them without end


def capped(problems: list[Problem]) -> list[Problem]:
    """Sorted, without repeats (an aliased value is one mistake), and at most MAX_PER_FILE plus a closing note."""
    distinct = sorted(_one_kind_per_value(problems), key=lambda p: p.sort_key)
    if len(distinct) <= MAX_PER_FILE:
        return distinct
    kept = distinct[:MAX_PER_FILE]
    last = kept[-1]
    message = (
        f"{len(distinct) - MAX_PER_FILE} more problems in this file are not shown; fix the ones above and run again"
    )
    return [*kept, TOO_MANY.problem(last.file, last.position, message)]


def _one_kind_per_value(problems: list[Problem]) -> list[Problem]:
    """One problem per written value: the most basic kind of it, once.

    A value is known by its position and the last step of its path: a value reached through
    several aliases is one mistake. A number of the wrong type is also out of range, an id of the
    wrong shape also resolves nowhere: the lowest code is the one to act on. Several missing keys
    of one mapping are different values (their paths end in the missing key), so all stay.
    """
    kept: dict[tuple, Problem] = {}
    for problem in problems:
        value = (problem.position, problem.json_path[-1:])
        if value not in kept or problem.code < kept[value].code:
            kept[value] = problem
    return list(kept.values())
