"""What `import` checks before it writes: that the map it built is a valid map, as `validate` would say.

An importer that produced an invalid map has a bug; the map is then not written, and the problems say
where the written text went wrong, so that the bug can be reported.
"""

from __future__ import annotations

from journeymap.problems import Problem


def problems_of_text(text: str, shown: str) -> list[Problem]:
    """The validation problems of a map's text: YAML, schema, ids and references (no includes: an imported
    map is self-contained)."""
    from journeymap import references, schema
    from journeymap.loader import load_text

    document, problems = load_text(text, shown)
    if document is None:
        return problems
    problems += schema.validate(document)
    own, duplicates = references.own_definitions(document)
    return problems + duplicates + references.unresolved(document, own)


def summary(data: dict) -> str:
    """'4 stages, 17 steps, 2 personas': what a written map holds, for the closing note."""
    stages = data.get("stages", ())
    steps = sum(len(stage.get("steps", ())) for stage in stages)
    counts = ((len(stages), "stage"), (steps, "step"), (len(data.get("personas", ())), "persona"),
              (len(data.get("touchpoints", ())), "touchpoint"))  # fmt: skip
    return ", ".join(f"{count} {word}{'' if count == 1 else 's'}" for count, word in counts if count)
