"""A template made into a map: the answers (title, objective, owner, first persona) and today's review date
written in, the editor's schema comment first, and, when the repository gets a persona library, the persona
moved into it. Edits are made to the text, so the template's comments stay for the person filling it in."""

from __future__ import annotations

import datetime
import re
from typing import Any

import yaml

from journeymap.exchange.ids import slug
from journeymap.record import Tuple


class Answers(Tuple):
    """What the person starting the map said; None leaves the template's TODO."""

    title: str | None = None
    objective: str | None = None
    owner: str | None = None
    persona: str | None = None  # a name; its id is made from it


def scalar(value: str) -> str:
    """`value` as a YAML scalar on one line, quoted only when it must be."""
    written = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9)
    return written.removesuffix("\n").removesuffix("\n...").strip()


def filled(template: str, answers: Answers, today: datetime.date, locale: str) -> str:
    """The template with the answers, today's date and the locale (such as es-MX) in place."""
    text = re.sub(r"^locale: .*$", lambda _: f"locale: {locale}", template, count=1, flags=re.M)
    for key in ("title", "objective", "owner"):
        value = getattr(answers, key)
        if value is not None:
            text = re.sub(rf"^{key}: .*$", lambda _, key=key, value=value: f"{key}: {scalar(value)}", text,
                          count=1, flags=re.M)  # fmt: skip
    text = re.sub(r"^(reviewed: )\d{4}-\d{2}-\d{2}", lambda match: match.group(1) + today.isoformat(), text,
                  count=1, flags=re.M)  # fmt: skip
    if answers.persona is not None:
        text = _with_persona(text, answers.persona)
    return text


def persona_id(text: str) -> str:
    """The id of the map's first persona, as the template writes it."""
    match = re.search(r"^personas:\n  - id: (\S+)$", text, flags=re.M)
    assert match, "a template defines its persona first in its personas"
    return match.group(1)


def _with_persona(text: str, name: str) -> str:
    old, new = persona_id(text), slug(name, "persona")
    text = re.sub(rf"^(personas:\n  - id: ){old}\n    name: .*$", lambda match: f"{match.group(1)}{new}\n    name: "
                  f"{scalar(name)}", text, count=1, flags=re.M)  # fmt: skip
    return re.sub(rf"^(\s+persona: ){old}$", lambda match: match.group(1) + new, text, flags=re.M)


def with_schema_comment(text: str, schema: str) -> str:
    """The map with the first line that lets editors check it as it is typed."""
    return f"# yaml-language-server: $schema={schema}\n{text}"


def split_personas(text: str, include: str) -> tuple[str, str]:
    """The map without its personas, including the library that now holds them, and that library's
    `personas:` block."""
    match = re.search(r"^personas:\n(?:(?:  .*|)\n)*?(?=\S)", text, flags=re.M)
    assert match, "a template has a personas block"
    block = match.group(0).rstrip("\n") + "\n"
    rest = text[: match.start()] + f"include: [{include}]  # shared personas, by id\n\n" + text[match.end() :]
    return rest, block


def library(block: str, language: str, today: datetime.date, schema: str) -> str:
    """A persona library holding `block`, for maps to include, reviewed today."""
    header = with_schema_comment(LIBRARY_HEADERS[language], schema)
    return f"{header}journeymap: 1.1\nlibrary: true\nreviewed: {today.isoformat()}\n\n{block}"


LIBRARY_HEADERS = {
    "en": "# Personas that several journey maps share: a map includes this file (`include: [library/personas.yaml]`,\n"
    "# relative to the map) and names its personas by id. A library has no stages of its own.\n",
    "es": "# Personas que comparten varios mapas: un mapa incluye este archivo (`include: [library/personas.yaml]`,\n"
    "# relativo al mapa) y nombra sus personas por su id. Una biblioteca no tiene etapas propias.\n",
}


def placeholders(text: str) -> int:
    """How many values of the map hold a placeholder: the findings journeymap lint's placeholder-text makes."""
    from journeymap.rules.placeholder_text import placeholder_in

    return sum(1 for value in _texts(yaml.safe_load(text)) if placeholder_in(value))


def _texts(node: Any) -> Any:
    """Every text value, leaving out `x-` keys, as the rule does."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if not (isinstance(key, str) and key.startswith("x-")):
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)
