"""A line of text in the order and letter forms it is seen in, for a PDF writer that sets one glyph per
character from left to right (reportlab, render/raster.py).

Right-to-left runs (Hebrew, Arabic) are put in visual order by the rules of the Unicode bidirectional
algorithm that a line of plain text needs (no explicit embeddings), in a left-to-right paragraph, as
SVG's default `direction: ltr` sets them; Arabic letters take their joined forms (the presentation
forms the shipped font has) before that. The tables come from Python's unicodedata alone.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

_STRONG_RIGHT = frozenset({"R", "AL"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "BN", "ES", "ET", "CS"})
_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))
_LAM, _TATWEEL, _ZWJ = "\u0644", "\u0640", "\u200d"
_ALEFS = frozenset("\u0622\u0623\u0625\u0627")  # with madda, hamza above, hamza below, and plain: lam joins each
_FORMS = ("isolated", "final", "initial", "medial")


def visual(text: str, drawable: Callable[[str], bool] = lambda char: True) -> str:
    """`text` as it is drawn from left to right, with the joined forms that are `drawable` (the font has them);
    text with no right-to-left letter comes back as it is."""
    if not any(unicodedata.bidirectional(char) in _STRONG_RIGHT for char in text):
        return text
    shaped = _shaped(text, drawable)
    return "".join(_MIRRORED.get(char, char) if level % 2 else char for char, level in _reordered(shaped))


def _reordered(text: str) -> list[tuple[str, int]]:
    """Each character with its embedding level, in visual order (rules W1 to W7, N1, N2, I1, L1, L2)."""
    types = _weak_types_resolved([unicodedata.bidirectional(char) or "L" for char in text])
    levels = [2 if kind in ("EN", "AN") else 1 if kind == "R" else 0 for kind in _neutrals_resolved(types)]
    for index in range(len(text) - 1, -1, -1):  # L1: whitespace at the end of the line is at the paragraph's level
        if unicodedata.bidirectional(text[index]) not in ("WS", "S", "B", "BN"):
            break
        levels[index] = 0
    order = list(range(len(text)))
    for level in range(max(levels), 0, -1):  # L2: reverse every run at this level or higher, highest first
        start = 0
        while start < len(order):
            if levels[order[start]] < level:
                start += 1
                continue
            end = start
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[start:end] = reversed(order[start:end])
            start = end
    return [(text[index], levels[index]) for index in order]


def _weak_types_resolved(types: list[str]) -> list[str]:
    resolved = [kind if kind in _NEUTRAL or kind in ("L", "R", "AL", "EN", "AN", "NSM") else "BN" for kind in types]
    previous, strong = "ON", "L"  # sos of a left-to-right paragraph
    for index, kind in enumerate(resolved):
        if kind == "NSM":  # W1: a mark takes the type of what it marks
            kind = previous if previous != "BN" else "ON"
        if kind == "EN" and strong == "AL":  # W2: digits after Arabic letters are Arabic numbers
            kind = "AN"
        if kind in ("L", "R", "AL"):
            strong = kind
        resolved[index] = previous = "R" if kind == "AL" else kind  # W3
    for index in range(1, len(resolved) - 1):  # W4: one separator between two numbers of a kind
        before, kind, after = resolved[index - 1], resolved[index], resolved[index + 1]
        if before == after == "EN" and kind in ("ES", "CS") or before == after == "AN" and kind == "CS":
            resolved[index] = before
    for index, kind in enumerate(resolved):  # W5: terminators next to European digits are digits
        if kind == "ET" and _next_to_digit(resolved, index):
            resolved[index] = "EN"
    resolved = ["ON" if kind in ("ES", "ET", "CS") else kind for kind in resolved]  # W6
    strong = "L"
    for index, kind in enumerate(resolved):  # W7: European digits in left-to-right text are left to right
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            resolved[index] = "L"
    return resolved


def _next_to_digit(types: list[str], index: int) -> bool:
    for step in (-1, 1):
        at = index + step
        while 0 <= at < len(types) and types[at] == "ET":
            at += step
        if 0 <= at < len(types) and types[at] == "EN":
            return True
    return False


def _neutrals_resolved(types: list[str]) -> list[str]:
    """N1, N2: neutrals between two runs of one direction take it (numbers count as right to left); others are L."""
    resolved = list(types)
    index = 0
    while index < len(types):
        if types[index] not in _NEUTRAL:
            index += 1
            continue
        end = index
        while end < len(types) and types[end] in _NEUTRAL:
            end += 1
        before = _direction(types[index - 1]) if index > 0 else "L"
        after = _direction(types[end]) if end < len(types) else "L"
        resolved[index:end] = [before if before == after else "L"] * (end - index)
        index = end
    return resolved


def _direction(kind: str) -> str:
    return "R" if kind in ("R", "EN", "AN") else "L"


def _shaped(text: str, drawable: Callable[[str], bool]) -> str:
    """Arabic letters in their isolated, final, initial or medial forms, lam with alef as one ligature."""
    forms, ligatures = _presentation_forms()
    shaped = []
    index = 0
    while index < len(text):
        char = text[index]
        if char not in forms:
            shaped.append(char)
            index += 1
            continue
        after = _next_letter(text, index)
        before = _previous_letter(text, index)
        joins_before = before >= 0 and _joins_forward(text[before], forms) and "final" in forms[char]
        ligature = ligatures.get((char, text[after])) if char == _LAM and after < len(text) else None
        ligature = ligature and ligature.get("final" if joins_before else "isolated")
        if ligature and drawable(ligature):
            shaped.append(ligature)
            shaped.extend(text[index + 1 : after])  # marks between the two stay
            index = after + 1
            continue
        joins_after = after < len(text) and _joins_forward(char, forms) and _joins_back(text[after], forms)
        form = _FORMS[joins_before + 2 * joins_after]
        joined = forms[char].get(form)
        shaped.append(joined if joined and drawable(joined) else char)
        index += 1
    return "".join(shaped)


def _previous_letter(text: str, index: int) -> int:
    """The index of the last character before `index` that is not a mark, -1 when there is none."""
    at = index - 1
    while at >= 0 and unicodedata.category(text[at]) == "Mn":
        at -= 1
    return at


def _next_letter(text: str, index: int) -> int:
    at = index + 1
    while at < len(text) and unicodedata.category(text[at]) == "Mn":
        at += 1
    return at


def _joins_forward(char: str, forms: dict[str, dict[str, str]]) -> bool:
    return char in (_TATWEEL, _ZWJ) or char in forms and ("initial" in forms[char] or "medial" in forms[char])


def _joins_back(char: str, forms: dict[str, dict[str, str]]) -> bool:
    return char in (_TATWEEL, _ZWJ) or char in forms and "final" in forms[char]


@functools.cache
def _presentation_forms() -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], dict[str, str]]]:
    """Each Arabic letter's forms, and lam-alef's, from the compatibility decompositions of the presentation forms."""
    forms: dict[str, dict[str, str]] = {}
    ligatures: dict[tuple[str, str], dict[str, str]] = {}
    for code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)):
        form, *parts = unicodedata.decomposition(chr(code)).split() or [""]
        if form.strip("<>") not in _FORMS:
            continue
        letters = tuple(chr(int(part, 16)) for part in parts)
        if len(letters) == 1 and unicodedata.category(letters[0]) == "Lo":
            forms.setdefault(letters[0], {}).setdefault(form.strip("<>"), chr(code))
        elif len(letters) == 2 and letters[0] == _LAM and letters[1] in _ALEFS:
            ligatures.setdefault(letters, {}).setdefault(form.strip("<>"), chr(code))
    return forms, ligatures
