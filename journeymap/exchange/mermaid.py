"""A map as a Mermaid `journey` diagram: the title, a section per stage, a task per step with its score and the
personas who take it, in the state the map describes.

Mermaid scores a task from 1 to 5; a map's emotions run from -2 to 2, so the score is the emotion plus 3. A
task has one score: the step's reading for everyone (the mean of the personas' own readings when it has none
for everyone, rounded half away from zero), else its stage's, else 3, the neutral face. A stage without
steps in the state is one task of its own name.

Mermaid's grammar gives `:`, `#`, `;` and line breaks a meaning in every line, and `,` in a list of actors,
and reads a line that starts with a keyword (`title`, `section`, `journey`) or `%` as that keyword or a
comment. Text is written so that it cannot: look-alike characters take the place of those, and an invisible
word joiner (U+2060) goes before a task name that would start like a keyword. `mermaid_import` reads back
what this writes.
"""

from __future__ import annotations

import math
import re
from statistics import mean

from journeymap import emotions
from journeymap.exchange.formats import ExportContext
from journeymap.model import Journey, Reading, Stage, Step, in_state

SCORE_OFFSET = 3  # Mermaid's 1..5 is the format's -2..2 plus this
NEUTRAL_SCORE = 3  # the face Mermaid draws for a task whose map says nothing of how it feels

COLON = "\ua789"  # MODIFIER LETTER COLON: a colon to read, not one that parts a task from its score
HASH = "\u266f"  # MUSIC SHARP SIGN: '#' starts a comment anywhere on a Mermaid line
ACTOR_COMMA = "\u201a"  # SINGLE LOW-9 QUOTATION MARK: a comma inside one actor's name
WORD_JOINER = "\u2060"  # invisible; keeps a task name that starts like a keyword a task name
NO_NAME = "\u2026"  # a name with nothing Mermaid can show
LONGEST = 80  # characters of a name a task box (at the size below) shows in full; more is cut after a word
# Mermaid's task boxes are 150 by 50 pixels, three short lines of a step's name: 200 by 70 shows four longer
# ones; a box any higher would reach the faces.
# A diagram's own configuration, which GitHub and mmdc read alike.
_FRONT_MATTER = ("---", "config:", "  journey:", "    width: 200", "    height: 70", "---")

# Characters that would reorder or hide the text a reader sees (bidi controls, the byte-order mark) or that
# have no place in an SVG (control characters other than the whitespace that becomes a space).
_HIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_PERCENTS = re.compile("%{2,}")
# What Mermaid's lexer reads at the start of a line before it reads a task name (its rules in order).
_KEYWORD_START = re.compile(r"(?:%|journey\b|title\s|section\s|acc(?:title|descr)\s*[:{])", re.IGNORECASE | re.ASCII)


def export(journey: Journey, context: ExportContext) -> str:
    """The .mmd file of the map: its journey diagram."""
    return journey_diagram(journey)


def journey_diagram(journey: Journey) -> str:
    """The Mermaid `journey` diagram of the map, as text that ends with a line break (what a ```mermaid
    block in Markdown holds)."""
    lines = [*_FRONT_MATTER, "journey", f"  title {title_text(journey.title or '')}"]
    if journey.description:
        lines.append(f"  accDescr: {title_text(journey.description)}")
    for stage in journey.stages:
        if not in_state(stage, journey.state):
            continue
        lines.append(f"  section {section_text(stage.name)}")
        lines.extend(f"    {_task_line(name, score, actors)}" for name, score, actors in stage_tasks(journey, stage))
    return "\n".join(lines) + "\n"


def stage_tasks(journey: Journey, stage: Stage) -> list[tuple[str, int, tuple[str, ...]]]:
    """The tasks of a stage as (name, score 1..5, persona names), unescaped: its steps in the map's state,
    or the stage itself when none is."""
    state = journey.state
    own = _overall(emotions.readings_for(journey, stage, state))
    steps = [step for step in stage.steps if in_state(step, state)]
    if not steps:
        return [(stage.name, _score(own), _names(journey, journey.stage_personas(stage)))]
    return [(step.name, _score(step_emotion(journey, stage, step, own)), _names(journey, journey.step_personas(step, stage)))
            for step in steps]  # fmt: skip


def step_emotion(journey: Journey, stage: Stage, step: Step, stage_emotion: int | None = None) -> int | None:
    """The one emotion Mermaid can show for a step: everyone's reading, else the mean of the personas' own,
    else the stage's (`stage_emotion`)."""
    found = _overall(emotions.readings_for(journey, step, journey.state, stage))
    return found if found is not None else stage_emotion


def _overall(readings: tuple[Reading, ...]) -> int | None:
    everyone = emotions.score(readings, None)
    if everyone is None:
        scores = [reading.emotion for reading in readings if reading.emotion is not None]
        everyone = mean(scores) if scores else None
    return None if everyone is None else _half_away(everyone)


def _half_away(value: float) -> int:
    """Rounded half away from zero: a mean of 0 and 1 is 1, of 0 and -1 is -1 (never the even one)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def _score(emotion: int | None) -> int:
    return NEUTRAL_SCORE if emotion is None else emotion + SCORE_OFFSET


def _names(journey: Journey, persona_ids: tuple[str, ...]) -> tuple[str, ...]:
    found = (journey.persona(persona_id) for persona_id in persona_ids)
    return tuple(persona.name if persona else persona_id for persona, persona_id in zip(found, persona_ids, strict=True))


def _task_line(name: str, score: int, actors: tuple[str, ...]) -> str:
    people = ", ".join(dict.fromkeys(actor_text(actor) for actor in actors))
    return f"{task_text(name)}: {score}" + (f": {people}" if people else "")


def title_text(text: str) -> str:
    """Text on one Mermaid line where a colon may stand (the title, the description): one line, single
    spaces, no `#` or `;` that Mermaid would read, no `%%` that starts a directive, no bidi controls."""
    plain = " ".join(_HIDDEN.sub("", text).split())
    plain = _PERCENTS.sub("%", plain).replace("#", HASH).replace(";", ",")
    return plain or NO_NAME


def line_text(text: str) -> str:
    """A section's name: `title_text` without the colon that would end it."""
    return title_text(text).replace(":", COLON)


def section_text(text: str) -> str:
    """A section's name, at most LONGEST characters."""
    return _shortened(line_text(text))


def task_text(text: str) -> str:
    """A task name: `line_text`, kept from reading as a keyword or a comment at the start of its line."""
    plain = _shortened(line_text(text))
    return WORD_JOINER + plain if _KEYWORD_START.match(plain) else plain


def actor_text(text: str) -> str:
    """A persona's name in a task's list of actors, where a comma parts two actors."""
    return _shortened(line_text(text)).replace(",", ACTOR_COMMA)


def _shortened(text: str) -> str:
    """At most LONGEST characters, cut after a word where there is one, with an ellipsis."""
    if len(text) <= LONGEST:
        return text
    cut = text[: LONGEST - 1]
    words = cut.rsplit(" ", 1)[0] if " " in cut[LONGEST // 2 :] else cut
    return words.rstrip(" ,.-") + "\u2026"
