"""Ids for elements an importer builds from names: `slug("Punto de contacto")` is `punto-de-contacto`.

An id must match `^[a-z0-9][a-z0-9_-]*$`; names are in any language, so accents are taken off
(é -> e, ñ -> n) and everything else that is not a letter or digit becomes a dash. `Ids` hands out
ids that are unique within one kind, as the format requires (a second "Pay" step is `pay-2`).
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ID = re.compile(r"[^a-z0-9]+")
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "þ": "th"})
MAX_LENGTH = 48  # long step names make ids nobody wants to type; cut at a dash where there is one


def slug(name: str, fallback: str = "item") -> str:
    """`name` as an id: lowercase ASCII letters and digits joined by dashes; `fallback` when nothing is left."""
    text = _NOT_ID.sub("-", without_accents(name.lower().translate(_SPECIAL))).strip("-")
    if len(text) > MAX_LENGTH:
        cut = text[:MAX_LENGTH]
        text = cut[: cut.rfind("-")] if "-" in cut else cut
    return text or fallback


def without_accents(text: str) -> str:
    """`text` with its accents taken off (é -> e, ñ -> n), in compatibility form (ﬁ -> fi): how names and
    headings are compared and made into ids."""
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


class Ids:
    """Unique ids for one kind of element: the first `pay` is `pay`, the next `pay-2`, then `pay-3`."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set(taken or ())
        self._last: dict[str, int] = {}  # the number each base was last given: those below it are all taken

    def new(self, name: str, fallback: str = "item") -> str:
        base = slug(name, fallback)
        number = self._last.get(base, 1)  # ids are only ever taken, so the search goes on where it stopped:
        candidate = base if number == 1 else f"{base}-{number}"  # a thousand `pay`s, not a million tries
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        self._last[base] = number
        return candidate

    def take(self, identifier: str) -> None:
        """Mark an id given by the source as used, so that made-up ones do not repeat it."""
        self.taken.add(identifier)
