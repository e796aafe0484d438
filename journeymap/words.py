"""The words journeymap writes on what people read (diagrams), in the language of the map's `locale`.

Every language is one file in journeymap/locales, named by its ISO 639-1 code: `en.json` is the
reference and has every key; a translator copies it, translates the values and keeps the `{fields}`.
A map's locale picks its language by the first subtag (`es-MX` is `es`); a language journeymap does
not ship, and any key a language lacks, is English. A `rule.CODE` key gives a lint rule's summary for
a finding drawn on the map (`render --annotate`); English draws the finding's own message instead.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

LOCALES = Path(__file__).with_name("locales")
REFERENCE = "en"


@dataclass(frozen=True)
class Words:
    language: str  # the code of the file the words come from: "en", "es"
    table: Mapping[str, str]  # every key of the reference, in this language where it has one

    def __call__(self, key: str, **fields: object) -> str:
        text = self.table[key]
        return text.format(**fields) if fields else text

    def lane(self, key: str) -> tuple[str, str]:
        """A lane's title and the note under it."""
        return self.table[f"lane.{key}"], self.table[f"lane.{key}.note"]

    def choice(self, group: str, value: str | None) -> str:
        """The word for one of the format's choices (`kind`, `channel`, `severity`, `status`, `state`...);
        a value it does not know is itself, with spaces for underscores."""
        if value is None:
            return ""
        return self.table.get(f"{group}.{value}", value.replace("_", " "))

    def rule(self, code: str) -> str | None:
        """A lint rule's summary in this language, if it has one."""
        return self.table.get(f"rule.{code}") if self.language != REFERENCE else None

    @property
    def decimal(self) -> str:
        return self.table["number.decimal"]

    @property
    def thousands(self) -> str:
        return self.table["number.thousands"]

    @property
    def unit_space(self) -> str:
        return self.table["number.unit_space"]


def languages() -> tuple[str, ...]:
    """The codes of the languages journeymap ships, the reference first."""
    others = sorted(path.stem for path in LOCALES.glob("*.json") if path.stem != REFERENCE)
    return (REFERENCE, *others)


def language_of(locale: str | None) -> str:
    """The shipped language that draws a map of `locale`."""
    code = (locale or "").split("-")[0].split("_")[0].lower()
    return code if code in languages() else REFERENCE


@functools.lru_cache(maxsize=256)  # maps name few locales; a run over hostile ones stays bounded
def words_for(locale: str | None) -> Words:
    return _words(language_of(locale))


@functools.cache
def _words(language: str) -> Words:
    table = dict(translations(REFERENCE))
    if language != REFERENCE:
        table.update(translations(language))
    return Words(language, table)


@functools.cache
def translations(language: str) -> Mapping[str, str]:
    """One language's file as written."""
    return json.loads((LOCALES / f"{language}.json").read_text(encoding="utf-8"))
