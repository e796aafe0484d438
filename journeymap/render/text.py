"""User text made safe for DOT labels, measured, and wrapped to a width in points.

Diagrams are laid out by journeymap itself (Graphviz only draws them), so text
must be measured here. Widths are the advance widths of DejaVu Sans, the font
journeymap ships and draws PNG and PDF with (render/fonts, render/fontwidths.py),
so text is measured with the font it is drawn in.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from itertools import islice

from journeymap.render import fontwidths

LINE_SPACING = 1.2  # Graphviz's line height, as a multiple of the font size
# Kerning is left out: it mostly narrows text, and this covers the few pairs that widen it (a hyphen before a round letter)
_SAFETY = 1.02
_FACES = ("REGULAR", "BOLD", "OBLIQUE")


# Unicode's control characters (category Cc: C0, DEL and C1), surrogates (Cs) and the two noncharacters XML forbids
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """The text with line breaks normalised and characters that XML or Graphviz cannot carry made spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _UNSAFE.sub(" ", text)


def escape(line: str) -> str:
    """One line of user text as it must be written inside a quoted DOT label to appear literally.

    Graphviz decodes HTML entities in plain labels and then reads backslash escapes
    (`\\n`, `\\l`, `\\N`, ...), so `&` and `"` become entities and `\\` is doubled.
    `<`, `>`, braces and pipes have no meaning in a quoted label of a non-record shape.
    """
    return line.replace("&", "&amp;").replace('"', "&#34;").replace("\\", "\\\\").replace("\n", " ")


def face(bold: bool, italic: bool) -> str:
    """The shipped face that draws this text: bold wins (there is no bold oblique)."""
    return "BOLD" if bold else "OBLIQUE" if italic else "REGULAR"


@functools.cache
def _advances(face: str) -> dict[str, float]:
    """Each character's advance width in ems in `face`, built from the generated runs on first use."""
    per_em = fontwidths.UNITS_PER_EM
    runs = getattr(fontwidths, face)
    return {chr(first + offset): advance / per_em for first, advances in runs for offset, advance in enumerate(advances)}


def char_width(char: str, size: float, face: str = "REGULAR") -> float:
    advance = _advances(face).get(char)
    if advance is not None:
        return advance * size
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F") or ord(char) >= 0x1F000:
        return size  # CJK and emoji, which the font lacks: a full em, as fonts that have them draw them
    return 0.6 * size  # the font's missing-glyph box


@functools.lru_cache(maxsize=8192, typed=True)
def width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """The width of one line of text in points."""
    drawn_in = face(bold, italic)
    return sum(char_width(char, size, drawn_in) for char in text) * _SAFETY


@functools.lru_cache(maxsize=8192, typed=True)
def wrap(
    text: str, max_width: float, size: float, *, bold: bool = False, italic: bool = False, max_lines: int = 12
) -> tuple[str, ...]:
    """Lines of at most `max_width` points: words kept whole where they fit, line breaks kept, then capped.

    Text past `max_lines` is cut with an ellipsis so one long entry cannot stretch a whole lane.
    Cached: the same labels, names and channels recur across the cards and maps of a run.
    """
    measure = _Measure(max_width, size, bold, italic)
    lines = list(islice(_all_lines(text, measure), max_lines + 1))  # one more tells it was cut
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _with_ellipsis(lines[-1], max_width, size, bold, italic)
    return tuple(lines)


def _all_lines(text: str, measure: _Measure) -> Iterator[str]:
    for paragraph in clean(text).split("\n"):
        yield from _paragraph_lines(" ".join(paragraph.split()), measure)


class _Measure:
    """Whether a line fits, from a running width: summing each line's characters anew made wrapping quadratic.

    A float sum depends on the order of its terms, so a running width can differ from `width` in the last
    bits. Lines that are clearly shorter or longer than the limit are decided by the running width; the rare
    line within a hair of it is measured again by `width`, which decides ties exactly as it always has.
    """

    def __init__(self, max_width: float, size: float, bold: bool, italic: bool) -> None:
        self.max_width, self.size, self.bold, self.italic = max_width, size, bold, italic
        self.face = face(bold, italic)
        self.margin = 1e-6 * (1.0 + abs(max_width))  # far above any rounding error of a running sum
        self.space = char_width(" ", size, self.face)

    def fits(self, line: str, raw: float) -> bool:
        """Whether `line`, whose characters' widths sum to about `raw` (unscaled), fits in `max_width`."""
        approximate = raw * _SAFETY
        if abs(approximate - self.max_width) > self.margin:
            return approximate <= self.max_width
        return width(line, self.size, self.bold, self.italic) <= self.max_width


@functools.lru_cache(maxsize=8192, typed=True)
def _word_width(word: str, size: float, face: str) -> float:
    """The unscaled width of a word, the same words recurring across a map's cards."""
    return sum(char_width(char, size, face) for char in word)


def _paragraph_lines(paragraph: str, measure: _Measure) -> Iterator[str]:
    current, current_raw = "", 0.0  # the line being filled and its unscaled width
    for word in paragraph.split(" "):
        word_raw = _word_width(word, measure.size, measure.face)
        candidate = f"{current} {word}" if current else word
        candidate_raw = current_raw + measure.space + word_raw if current else word_raw
        if measure.fits(candidate, candidate_raw):
            current, current_raw = candidate, candidate_raw
            continue
        if current:
            yield current
        pieces = _split_long_word(word, measure)
        yield from pieces[:-1]
        current = pieces[-1]
        current_raw = _word_width(current, measure.size, measure.face)
    yield current


def _split_long_word(word: str, measure: _Measure) -> list[str]:
    """A word wider than the line (a URL, a long id) broken at the last character that fits."""
    pieces, current, current_raw = [], "", 0.0
    for char in word:
        char_raw = char_width(char, measure.size, measure.face)
        if current and not measure.fits(current + char, current_raw + char_raw):
            pieces.append(current)
            current, current_raw = "", 0.0
        current += char
        current_raw += char_raw
    pieces.append(current)
    return pieces


def _with_ellipsis(line: str, max_width: float, size: float, bold: bool, italic: bool) -> str:
    while line and width(line + " …", size, bold, italic) > max_width:
        line = line[:-1]
    return line.rstrip() + " …"


def block_height(lines: int, size: float) -> float:
    """The height in points of `lines` lines of text at `size`."""
    return lines * size * LINE_SPACING
