"""The JSON export: the normalized map (`exchange.document.document`) in an envelope that says what it is.

    {"journeymap-export": 1, "source": "examples/shoe-shop.journey.yaml", "map": {...}}

`journeymap-export` is the envelope's version (new keys may come in later versions, none will be removed or
change meaning); `source` is the map file as it was named on the command line; `map` is the document, a
valid journeymap map on its own: keys in the format's order, `x-` keys kept, included library definitions
the map uses written in. schemas/export.schema.json describes it. The text is indented by two spaces,
non-ASCII characters as themselves, and ends with a line break; the same map gives the same text.
"""

from __future__ import annotations

import json

from journeymap.exchange.document import document
from journeymap.exchange.formats import ExportContext
from journeymap.model import Journey

VERSION = 1


def export(journey: Journey, context: ExportContext) -> str:
    envelope = {"journeymap-export": VERSION, "source": context.shown, "map": document(journey)}
    return json.dumps(envelope, indent=2, ensure_ascii=False) + "\n"
