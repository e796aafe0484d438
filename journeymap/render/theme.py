"""The colours of the diagrams, and numbers written as the map's language writes them."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journeymap.words import Words

# Every colour that carries text is at least WCAG AA (4.5:1) against what it is drawn on, and no meaning is
# carried by colour alone: emotions have a height and a number, personas a shape and a name, severities and
# statuses a word (tests/test_words.py and tests/test_accessibility.py check the pairs).
INK, MUTED, FAINT = "#1f2d3d", "#526273", "#637282"
LANE_LABEL = "#2f3e4e"
LANE_NOTE = "#c5d0db"  # the note under a lane's title, on LANE_LABEL
CELL = "#f4f6f9"
CARD_BORDER = "#cfd8e3"
NAVY = "#263a4d"

# Phases are told apart by their names, so their bands stay in quiet slate tones: colour is left to the
# personas (each its own hue, which nothing else uses) and to the emotions.
PHASES = ("#263a4d", "#4a5663", "#3a5059", "#55504a", "#4b4a5e", "#3e4d43", "#5a5a5a")
PERSONAS = ("#6a3d9a", "#12766e", "#8a4f12", "#b30059", "#5c6100", "#262626")
PERSONA_SHAPES = ("circle", "box", "diamond", "triangle", "invtriangle", "hexagon")  # told apart without colour


def persona_style(place: int) -> tuple[str, str]:
    """The colour and shape of the persona at `place` in the map's cast, the same in every view (both repeat
    after six, together)."""
    return PERSONAS[place % len(PERSONAS)], PERSONA_SHAPES[place % len(PERSONA_SHAPES)]

# -2 .. 2: vermilion through grey to blue, a ramp colour-blind readers tell apart (red against green is not);
# white numbers stay legible on every stop
EMOTION_STOPS = ("#b2182b", "#c0462c", "#5d6b78", "#2b6ea6", "#1a4f8c")
EMOTION_POSITIVE, EMOTION_NEGATIVE = "#eef3fa", "#fcf0ee"  # the lane's halves above and below neutral

SEVERITY = {"high": ("#a3341f", "#fbe3e1"), "medium": ("#9a4a00", "#fdebdc"), "low": ("#7a5f00", "#fcf5dc")}
PAIN_FILL, PAIN_BORDER = "#fbeaea", "#e3a6a0"
STATUS = {"idea": "#5f6b73", "planned": "#1f5f8b", "in_progress": "#8f5200", "done": "#1e7a43"}
OPPORTUNITY_FILL, OPPORTUNITY_BORDER = "#e8f5ec", "#93c9a4"
OFF_TARGET, ON_TARGET = ("#a3341f", "#fdecea", "#e6a19a"), ("#1e7a43", "#eaf6ee", "#8ccf9f")
THOUGHT_FILL, THOUGHT_BORDER = "#fff9db", "#e8d98c"
BACKSTAGE_FILL, BACKSTAGE_BORDER = "#eceff2", "#9aa7b4"
FINDING = {"error": ("#a3341f", "#fdecea"), "warning": ("#8f5200", "#fff4d6"), "info": ("#1f5f8b", "#e8f1fa")}
MOMENT_OF_TRUTH = "#8f5200"  # a gold frame and a labelled star: the steps that decide whether customers stay
FUTURE = "#1f5f8b"  # what the future state adds or changes: dashed, and labelled
FUTURE_FILL, REMOVED_FILL = "#eef4fa", "#eef0f2"  # cards of what the future adds, and of what goes away
HAND_OFF = "#b45309"  # the flow view's hand-off arrow (also dashed and thicker): amber, 5:1 on white, no persona's hue

_CHANNEL_FAMILIES = {
    "#e3eefa": ("web", "mobile_app", "kiosk", "product"),
    "#efe7f7": ("email", "sms", "messaging", "chat", "phone", "mail", "ivr", "video_call"),
    "#def2ef": ("social", "search", "ads", "review_site", "referral", "tv", "radio", "print", "community"),
    "#f7eedf": ("store", "event", "office", "home_visit"),
    "#eceff2": ("marketplace", "partner", "other"),
}
CHANNEL_FILL = {channel: fill for fill, channels in _CHANNEL_FAMILIES.items() for channel in channels}


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@functools.lru_cache(maxsize=1024)  # a map blends a few colours, each for many cards
def mix(color: str, other: str, share: float) -> str:
    """`color` with `share` (0..1) of `other` blended in, as #rrggbb."""
    a = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def emotion_color(score: float) -> str:
    """A colour on the red-to-green ramp for a score from -2 to 2 (fractions blend)."""
    position = min(max(score, -2.0), 2.0) + 2.0
    low = min(int(position), 3)
    return mix(EMOTION_STOPS[low], EMOTION_STOPS[low + 1], position - low)


def number(value: float, words: Words) -> str:
    """A metric value as people write it: no trailing .0, thousands grouped, the locale's decimal mark."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = f"{value:,.6f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if words.thousands != "," and abs(value) < 10000:
        text = text.replace(",", "")
    return text.replace(",", "\0").replace(".", words.decimal).replace("\0", words.thousands)


def quantity(value: float, unit: str | None, words: Words) -> str:
    if not unit:
        return number(value, words)
    space = words.unit_space if unit == "%" else "\u00a0"  # no break between a number and its unit
    return f"{number(value, words)}{space}{unit}"
