"""What every view writes about a step or stage besides its name, so the map, flow and blueprint views say
it alike: a moment of truth, which state an element belongs to, where customers drop off, where the
journey goes on when it is not simply the next stage, and a stage's kind where it adds to the name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from journeymap.model import Exit, Journey, Stage
from journeymap.render import theme
from journeymap.render.cards import Badge
from journeymap.words import Words


def moment_badge(words: Words) -> Badge:
    return Badge(f"★ {words('label.moment_of_truth')}", theme.MOMENT_OF_TRUTH)


def state_badge(words: Words, element_state: str | None, drawn: str | None) -> Badge | None:
    """What an element's state says on a picture. Both states drawn (`drawn` None): FUTURE on what only the
    future has, REMOVED on what it does without; the future alone: NEW on what the change adds; today alone,
    or an element of both states: nothing."""
    if element_state is None or drawn == "current":
        return None
    if drawn == "future":
        return Badge(words("label.new"), theme.FUTURE) if element_state == "future" else None
    if element_state == "future":
        return Badge(words.choice("state", "future").upper(), theme.FUTURE)
    return Badge(words("label.removed"), theme.MUTED)


def exit_lines(words: Words, journey: Journey, exits: Sequence[Exit]) -> Iterator[tuple[str, str]]:
    """Each drop-off as a headline (the share that leaves, where some come back) and its description."""
    for exit_ in exits:
        parts = [words("label.exit_rate", rate=theme.quantity(exit_.rate, "%", words)) if exit_.rate is not None
                 else words("label.exit")]  # fmt: skip
        if exit_.returns_to:
            parts.append(words("label.returns_to", stage=stage_name(journey, exit_.returns_to)))
        yield f"↘ {' · '.join(parts)}", exit_.description


def exit_summary(words: Words, exits: Sequence[Exit]) -> str | None:
    """Every drop-off of a step in one short line, for a small tag: the shares that leave, added up as
    written ("↘ 38% + 4.5% drop off"); None without any."""
    if not exits:
        return None
    rates = [exit_.rate for exit_ in exits if exit_.rate is not None]
    if not rates:
        return f"↘ {words('label.exit')}"
    return f"↘ {words('label.exit_rate', rate=' + '.join(theme.quantity(rate, '%', words) for rate in rates))}"


def onward_lines(words: Words, journey: Journey, stage: Stage) -> Iterator[str]:
    """Where the stage leads when it is not simply the next one: back to an earlier stage (a loop), or on
    past the next (a jump)."""
    here = journey.column(stage.id)
    for target in stage.next:
        there = journey.column(target)
        if there is not None and here is not None and there <= here:
            yield f"↺ {words('label.loops_to', stage=stage_name(journey, target))}"
        elif there is None or here is None or there != here + 1:
            yield f"→ {words('label.next', stage=stage_name(journey, target))}"


def footer(
    words: Words, journey: Journey, source_name: str, view: str, focus: str | None, state: str | None,
    annotated: bool = False,
) -> str:  # fmt: skip
    """The line under every diagram: the file, the view, the persona and state drawn alone, and who drew it."""
    parts = [source_name, words(f"view.{view}")]
    persona = journey.persona(focus) if focus else None
    parts += [words("label.focus", name=persona.name)] if persona else []
    parts += [words(f"label.state_{state}")] if state else []
    parts += [words("label.annotated")] if annotated else []
    return " · ".join([*parts, words("label.drawn")])


def titled(words: Words, title: str, *details: str) -> str:
    """A title with what narrows it (a persona's name, a state), as the language joins them."""
    for detail in details:
        if detail:
            title = words("label.title_with", title=title, detail=detail) if title else detail
    return title


def stage_name(journey: Journey, stage_id: str) -> str:
    stage = journey.stage(stage_id)
    return stage.name if stage is not None else stage_id


def kinds_shown(words: Words, stages: Sequence[Stage]) -> list[str]:
    """Each stage's kind word, upper case, left out ("") where it would repeat its own name or contradict
    another stage's (the kind of one is the name of another), compared without case or accents."""
    names = {_plain(stage.name) for stage in stages}
    kinds = [words.choice("kind", stage.kind).upper() for stage in stages]
    return [kind if not _repeats(kind, stage.name, names) else "" for kind, stage in zip(kinds, stages, strict=True)]


def _repeats(kind: str, name: str, names: set[str]) -> bool:
    word = _plain(kind)
    if not word:
        return True
    return word in names or re.search(rf"(?<!\w){re.escape(word)}(?!\w)", _plain(name)) is not None


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())
