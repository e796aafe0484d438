"""The words on diagrams: every language shipped is complete, and a map's locale picks its language."""

from __future__ import annotations

import json
import re

import pytest

from journeymap import catalog, words
from journeymap.model import LIFECYCLE
from journeymap.schema import schema_text

_FIELD = re.compile(r"\{(\w+)\}")


def _choices(definition: str, key: str) -> list[str]:
    return json.loads(schema_text())["$defs"][definition]["properties"][key]["enum"]


@pytest.mark.parametrize("language", words.languages())
def test_every_language_shipped_has_every_key_of_the_reference_with_the_same_fields(language):
    reference, table = words.translations("en"), words.translations(language)
    assert sorted(set(reference) - set(table)) == []
    assert sorted(key for key in set(table) - set(reference) if not key.startswith("rule.")) == []
    for key, text in reference.items():
        assert sorted(_FIELD.findall(table[key])) == sorted(_FIELD.findall(text)), key
        assert table[key].strip() or key == "number.unit_space", key


@pytest.mark.parametrize("language", [code for code in words.languages() if code != "en"])
def test_a_translation_says_every_lint_rules_summary(language):
    table = words.translations(language)
    codes = {rule.code for rule in catalog.rules()}
    assert sorted(codes - {key.removeprefix("rule.") for key in table if key.startswith("rule.")}) == []
    assert sorted(key for key in table if key.startswith("rule.") and key[5:] not in codes) == []


def test_the_reference_names_every_choice_the_format_has():
    reference = words.translations("en")
    groups = {
        "kind": LIFECYCLE, "channel": _choices("touchpoint", "channel"), "severity": _choices("painPointDetail", "severity"),
        "status": _choices("opportunityDetail", "status"), "state": _choices("map", "state"),
        "map_status": _choices("map", "status"),
    }  # fmt: skip
    for group, values in groups.items():
        assert [value for value in values if f"{group}.{value}" not in reference] == [], group


@pytest.mark.parametrize(
    ("locale", "language"),
    [("es", "es"), ("es-MX", "es"), ("ES_es", "es"), ("en-GB", "en"), ("fr", "en"), (None, "en"), ("", "en")],
)
def test_a_maps_locale_picks_the_language_by_its_first_subtag_else_english(locale, language):
    assert words.words_for(locale).language == language


def test_words_fill_their_fields_and_name_unknown_choices_by_themselves():
    spanish = words.words_for("es")
    assert spanish("label.line", line=229) == "línea 229"
    assert spanish.choice("channel", "video_call") == "videollamada"
    assert spanish.choice("channel", "not_a_channel") == "not a channel"
    assert spanish.choice("kind", None) == ""
    assert spanish.rule("JM301").startswith("Una etapa sin ningún punto de contacto")
    assert words.words_for("en").rule("JM301") is None  # English draws the finding's own message
