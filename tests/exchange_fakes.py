"""Stand-ins for an exporter and importers, so that the run layer's rules are tested on their own."""

from __future__ import annotations

from journeymap import checks
from journeymap.exchange.formats import Imported
from journeymap.problems import Position


def export(journey, context):
    return f"{journey.title} -> {context.output}\n"


def export_folder(journey, context):
    return {"steps.csv": "a,b\r\n", "stages.csv": b"c\r\n"}


def broken_export(journey, context):
    if journey.title == "Broken":
        raise RuntimeError("boom")
    return "fine\n"


def read(source, shown, options):
    cell = checks.IMPORT_CELL.problem(shown, Position(3, 2), "column 'Emotion': 'meh' is not an emotion")
    data = {"journeymap": 1, "title": options.title or "Imported",
            "stages": [{"id": "ask", "name": "Asks", "steps": [{"name": "Calls"}]}]}
    return Imported(data, {("title",): "from the file name"}, (cell,))


def read_nothing(source, shown, options):
    return Imported(None, {}, (checks.IMPORT_UNUSABLE.problem(shown, Position(1, 1), "no step column"),))


def read_invalid(source, shown, options):
    return Imported({"journeymap": 1, "title": "Bad", "stages": [{"id": "Not An Id", "name": "x"}]}, {}, ())
