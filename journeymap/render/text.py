"""User text made safe for DOT labels, measured, and wrapped to a width in points.

Diagrams are laid out by journeymap itself (Graphviz only draws them), so text
must be measured here. Widths use Helvetica's metrics, which Arial and
Liberation Sans share, with a small safety margin for other sans-serif fonts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from itertools import islice

LINE_SPACING = 1.2  # Graphviz's line height, as a multiple of the font size
_SAFETY = 1.14  # fonts substituted for Helvetica (DejaVu Sans in PNG and PDF on many Linux systems) run wider

# Advance widths of Helvetica for ASCII 32..126, in thousandths of an em.
_HELVETICA = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_BOLD = 1.1  # Helvetica-Bold is about this much wider on average


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


def char_width(char: str, size: float) -> float:
    code = ord(char)
    if 32 <= code <= 126:
        return _HELVETICA[code - 32] * size / 1000
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F") or code >= 0x1F000:
        return size  # CJK and emoji take a full em
    base = unicodedata.normalize("NFD", char)[0]
    if base != char and 32 <= ord(base) <= 126:
        return char_width(base, size)  # é is as wide as e
    return 0.6 * size


@functools.lru_cache(maxsize=8192, typed=True)
def width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of text in points."""
    total = sum(char_width(char, size) for char in text) * _SAFETY
    return total * _BOLD if bold else total


@functools.lru_cache(maxsize=8192, typed=True)
def wrap(text: str, max_width: float, size: float, *, bold: bool = False, max_lines: int = 12) -> tuple[str, ...]:
    """Lines of at most `max_width` points: words kept whole where they fit, line breaks kept, then capped.

    Text past `max_lines` is cut with an ellipsis so one long entry cannot stretch a whole lane.
    Cached: the same labels, names and channels recur across the cards and maps of a run.
    """
    measure = _Measure(max_width, size, bold)
    lines = list(islice(_all_lines(text, measure), max_lines + 1))  # one more tells it was cut
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _with_ellipsis(lines[-1], max_width, size, bold)
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

    def __init__(self, max_width: float, size: float, bold: bool) -> None:
        self.max_width, self.size, self.bold = max_width, size, bold
        self.scale = _SAFETY * _BOLD if bold else _SAFETY
        self.margin = 1e-6 * (1.0 + abs(max_width))  # far above any rounding error of a running sum
        self.space = char_width(" ", size)

    def fits(self, line: str, raw: float) -> bool:
        """Whether `line`, whose characters' widths sum to about `raw` (unscaled), fits in `max_width`."""
        approximate = raw * self.scale
        if abs(approximate - self.max_width) > self.margin:
            return approximate <= self.max_width
        return width(line, self.size, self.bold) <= self.max_width


@functools.lru_cache(maxsize=8192, typed=True)
def _word_width(word: str, size: float) -> float:
    """The unscaled width of a word, the same words recurring across a map's cards."""
    return sum(char_width(char, size) for char in word)


def _paragraph_lines(paragraph: str, measure: _Measure) -> Iterator[str]:
    current, current_raw = "", 0.0  # the line being filled and its unscaled width
    for word in paragraph.split(" "):
        word_raw = _word_width(word, measure.size)
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
        current_raw = _word_width(current, measure.size)
    yield current


def _split_long_word(word: str, measure: _Measure) -> list[str]:
    """A word wider than the line (a URL, a long id) broken at the last character that fits."""
    pieces, current, current_raw = [], "", 0.0
    for char in word:
        char_raw = char_width(char, measure.size)
        if current and not measure.fits(current + char, current_raw + char_raw):
            pieces.append(current)
            current, current_raw = "", 0.0
        current += char
        current_raw += char_raw
    pieces.append(current)
    return pieces


def _with_ellipsis(line: str, max_width: float, size: float, bold: bool) -> str:
    while line and width(line + " …", size, bold) > max_width:
        line = line[:-1]
    return line.rstrip() + " …"


def block_height(lines: int, size: float) -> float:
    """The height in points of `lines` lines of text at `size`."""
    return lines * size * LINE_SPACING
