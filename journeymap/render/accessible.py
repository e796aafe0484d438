"""What a screen reader reads of a diagram: the SVG's own title and description, in the map's language.

The view's DOT carries both as its first comment lines (`describe`), which Graphviz ignores; once drawn,
the SVG gets them as `<title>` and `<desc>` first inside `<svg>` with `role="img"`, and loses the titles
Graphviz gives every shape (their internal names, which a reader would recite one by one).
"""

from __future__ import annotations

import re

from journeymap.model import Journey
from journeymap.render.marks import titled
from journeymap.render.scope import shown_personas
from journeymap.render.text import clean
from journeymap.words import words_for

_TITLE, _DESCRIPTION = "// title: ", "// description: "
_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")
# `\n?<title>` as two literal starts: the regex engine then skips to the next one, rather than trying the
# pattern at every byte of the SVG (a third of the time taken to label one)
_SHAPE_TITLE = re.compile(rb"(?:\n<title>|<title>)[^<]*</title>")
_MAX_NAMES = 40  # a description names the first stages; a reader does not need a hundred


def describe(dot: str, journey: Journey, view: str, focus: str | None = None, state: str | None = None) -> str:
    """The DOT with the diagram's title and description as comment lines after its first line: of `journey`
    as drawn, narrowed to the persona `focus` and the `state` when they are given."""
    title, description = texts(journey, view, focus, state)
    first, _, rest = dot.partition("\n")
    return f"{first}\n{_TITLE}{_one_line(title)}\n{_DESCRIPTION}{_one_line(description)}\n{rest}"


def texts(journey: Journey, view: str, focus: str | None, state: str | None) -> tuple[str, str]:
    words = words_for(journey.locale)
    persona = journey.persona(focus) if focus else None
    title = words("describe.view", view=words(f"view.{view}"), title=journey.title or "")
    title = titled(words, title[:1].upper() + title[1:], persona.name if persona else "",
                   words(f"label.state_{state}") if state else "")  # fmt: skip
    stages = [stage.name for stage in journey.stages]
    names = "; ".join(stages[:_MAX_NAMES]) + ("; …" if len(stages) > _MAX_NAMES else "")
    steps = sum(len(stage.steps) for stage in journey.stages)
    parts = [words("describe.stage" if len(stages) == 1 else "describe.stages", count=len(stages), names=names),
             words("describe.step") if steps == 1 else words("describe.steps", count=steps)]  # fmt: skip
    personas = [persona.name for persona in shown_personas(journey, focus)]
    if personas:
        parts.append(words("describe.personas", names="; ".join(personas)))
    if journey.objective:
        parts.append(words("describe.objective", objective=journey.objective))
    return title, " ".join(parts)


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


def labelled(svg: bytes, source: str) -> bytes:
    """The SVG with the title and description its DOT carries; as it is when the DOT carries none."""
    found = dict(_comment(line) for line in source.split("\n", 3)[1:3] if line.startswith(("// title: ", "// desc")))
    if "title" not in found or not _SVG_OPEN.search(svg):
        return svg
    svg = _SHAPE_TITLE.sub(b"", svg)
    opening = _SVG_OPEN.search(svg)
    assert opening is not None  # searched above; removing titles leaves the tag
    tag = opening.group()[:-1] + b' role="img" aria-labelledby="journeymap-title journeymap-desc">'
    texts = (f'\n<title id="journeymap-title">{_xml_text(found["title"])}</title>'
             f'\n<desc id="journeymap-desc">{_xml_text(found.get("description", ""))}</desc>').encode()  # fmt: skip
    return svg[: opening.start()] + tag + texts + svg[opening.end() :]


def _xml_text(text: str) -> str:
    """`text` as the content of an XML element: what xml.sax.saxutils.escape does, without importing it, which
    imports urllib.request (http.client, email, ssl) with it: 15 ms of every run's start."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _comment(line: str) -> tuple[str, str]:
    key, _, value = line[3:].partition(": ")
    return key, value
