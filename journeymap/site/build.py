"""Building the site: each map's entry, diagrams and page (in worker processes), then the pages over all maps.

    build(files, settings, jobs) -> Iterator[Built | Finished]

A map whose file and libraries are as the last build saw them (cache.py) is not read again: its entry
comes from the manifest and its page and diagrams stay. A diagram whose digest is the one its file
carries is not drawn again either, so a map edited in its text alone costs no Graphviz. Every file is
written atomically and only when its bytes change, so a rebuild of an unchanged repository writes
nothing and gives byte-identical files. Nothing here prints or exits.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap.checks import RENDER_ERROR
from journeymap.problems import START, Problem
from journeymap.record import Tuple
from journeymap.site import cache, entry, places

VIEWS = ("map", "flow", "blueprint")


@dataclass(frozen=True)
class Settings:
    """Everything that decides the site's bytes besides the maps: part of the cache's key."""

    out_dir: Path
    arguments: tuple[str, ...] = (".",)  # the paths given: a map's page mirrors its folder under them
    views: tuple[str, ...] = VIEWS
    engine: str = "auto"
    source_url: str | None = None  # "https://github.com/o/r/blob/main/{path}#L{line}": a finding's link
    editor_url: str | None = None  # "vscode://file{absolute}:{line}:{column}": serve's links into the editor
    locale: str = "en"  # the language of the pages across maps; a map's page is in the map's
    title: str = ""  # the site's name; "" for the translated default
    today: datetime.date = field(default_factory=datetime.date.today)
    review_days: int = 180  # review-overdue's max-age-days
    rules: Sequence[Any] = ()  # the active lint rules (linter.ActiveRule), whose findings each page shows
    live: bool = False  # serve: pages carry the script that reloads them

    def key(self) -> str:
        """What the settings decide, as text for the cache's digest (the rules by code, severity, options)."""
        rules = sorted((item.rule.code, item.severity.label, sorted(item.options.items())) for item in self.rules)
        return repr((self.arguments, self.views, self.source_url, self.editor_url, self.locale, self.title,
                     self.today.isoformat(), self.review_days, rules, self.live))  # fmt: skip


class Built(Tuple):
    """One map done: its entry; `reused` when it came from the last build unread; `drawn` diagrams drawn."""

    file: str
    entry: entry.MapEntry | None  # None for a library: it has no page
    reused: bool = False
    drawn: int = 0
    written: int = 0  # files written: its page and the diagrams drawn, when their bytes changed
    problems: tuple[Problem, ...] = ()  # what the terminal shows: the problems of an invalid map, or a drawing's


class Finished(Tuple):
    maps: int
    invalid: int
    drawn: int
    reused: int
    written: int  # files written (changed), pages and diagrams alike
    removed: int  # files of the last build that this one no longer has


def build(files: Sequence[str], settings: Settings, jobs: int = 1) -> Iterator[Built | Finished]:
    """Every map's Built, in the order of `files`, then the site's other pages and the Finished tally."""
    from journeymap import parallel
    from journeymap.site import pages

    names = dict(zip(files, places.map_names(files, settings.arguments)))
    previous = cache.load(settings.out_dir)
    session = cache.Session(previous, settings.key(), pages.templates_digest(), settings.out_dir)
    reused = {file: found for file in files if (found := session.reusable(file, names[file])) is not None}
    todo = [file for file in files if file not in reused]
    task = functools.partial(map_task, names=names, settings=settings)
    fresh = parallel.stream(task, todo, parallel.jobs_for(jobs, len(todo), per_process=2))
    entries, drawn, written, invalid = session.maps, 0, 0, 0
    for built in _in_order(files, reused, fresh):
        yield built
        if built.entry is None:  # a library
            continue
        drawn += built.drawn
        written += built.written
        invalid += not built.entry["valid"]
        session.record(built.file, built.entry)
    site = pages.site_pages(entries, settings, parallel.jobs_for(jobs, len(entries), pages.PARALLEL_FROM // 2),
                            session.last_inputs)  # fmt: skip
    written += site.written
    session.inputs = site.inputs
    keep = {*site.files, *site.kept} | {path for item in entries for path in entry.outputs(item)}
    removed = cache.remove_stale(settings.out_dir, previous, keep)
    cache.save(settings.out_dir, session, sorted(keep))
    entries.close()
    yield Finished(len(entries), invalid, drawn, len(reused), written, removed)


def _in_order(files: Sequence[str], reused: Mapping[str, entry.MapEntry], fresh: Iterator[Built]) -> Iterator[Built]:
    """Every file's Built in the order of `files`, each file's libraries just before it."""
    for file in files:
        found = reused.get(file)
        if found is not None:
            yield Built(file, found, reused=True)
            continue
        for built in fresh:
            yield built
            if built.file == file:
                break


def map_task(files: Sequence[str], names: Mapping[str, str], settings: Settings) -> Iterator[Built]:
    """Each map's entry, diagrams and page, in a workspace and engine of its own: one process's work. An
    invalid library a map includes is reported once, as the map's page cannot show its problems."""
    from journeymap.render.engines import select
    from journeymap.validator import iter_checked
    from journeymap.workspace import Workspace

    workspace, engine, reported = Workspace(), None, set()
    for file in files:
        for position, checked in enumerate(iter_checked((file,), workspace, reported)):
            if checked.is_library:  # named, or included: it has no page, but its problems are shown
                key = file if position == 0 else f"{LIBRARY}{checked.path}"
                yield Built(key, None, problems=checked.problems)
                continue
            journey = workspace.journey(checked)
            base = _base(file, names[file], workspace, checked.libraries)
            if journey is None:
                item = entry.invalid_entry(base, checked.problems)
                written = _write_page(item, settings)
                yield Built(file, entry.kept(item), written=written, problems=checked.problems)
                continue
            if engine is None:
                engine = select(settings.engine, "svg")  # EngineUnavailable goes up: the run says what to install
            yield _built(file, checked, journey, base, settings, engine)


LIBRARY = "library:"  # the key of a library's result: never a map's file, so a worker's order stays clear


def _base(file: str, name: str, workspace: Any, libraries: Sequence[Path]) -> entry.MapEntry:
    return {"file": workspace.paths.display(Path(file)), "name": name, "page": places.page(name),
            "source": workspace.paths.from_root(file), "absolute": os.path.abspath(file),
            "libraries": [str(path) for path in libraries], "digest": cache.digest_of(file, libraries)}  # fmt: skip


def _built(file: str, checked: Any, journey: Any, base: entry.MapEntry, settings: Settings, engine: Any) -> Built:
    from journeymap.linter import lint

    findings = lint(checked.document, journey, settings.rules, settings.today)
    item = entry.map_entry(base, journey, findings, settings.today, settings.review_days)
    diagrams, drawn, troubles = [], 0, []
    for view, state in _diagrams_of(item, settings.views):
        diagram, was_drawn, trouble = _diagram(checked, journey, item["name"], view, state, settings, engine)
        diagrams.append(diagram)
        drawn += was_drawn
        troubles.extend([trouble] if trouble else [])
    item["diagrams"] = diagrams
    written = drawn + _write_page(item, settings)
    return Built(file, entry.kept(item), drawn=drawn, written=written, problems=tuple(troubles))


def _write_page(item: entry.MapEntry, settings: Settings) -> int:
    from journeymap.site import pages

    return int(write_if_changed(settings.out_dir / item["page"], pages.map_page(item, settings)))


def _diagrams_of(item: entry.MapEntry, views: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """The map as written in every view; and, when it compares the two states, the map view of each alone."""
    for view in views:
        yield view, None
        if view == "map" and len(item["states"]) > 1:
            yield from ((view, state) for state in item["states"])


def _diagram(checked: Any, journey: Any, name: str, view: str, state: str | None, settings: Settings,
             engine: Any) -> tuple[dict[str, Any], bool, Problem | None]:  # fmt: skip
    """One diagram of a map, drawn unless the one there carries its digest: (its entry, drawn, problem)."""
    from journeymap.render import output, pipeline, stamp
    from journeymap.render.accessible import texts
    from journeymap.render.engines import DrawError
    from journeymap.render.scope import for_state

    path = places.diagram(name, view, state)
    title, description = texts(for_state(journey, state) if state else journey, view, None, state)
    found = {"view": view, "state": state, "path": path, "title": title, "description": description}
    source = pipeline.diagram_source(checked, journey, pipeline.Request(view=view, state=state))
    digest = stamp.digest(source, "svg", view, None, False)
    target = settings.out_dir / path
    if output.state(target, "svg", digest)[0] == "fresh":
        return found, False, None
    try:
        write_if_changed(target, stamp.stamp(engine.draw(source, "svg"), "svg", digest))
    except (DrawError, OSError) as error:  # one diagram lost, not the page: the page says why
        message = f"the {view} view could not be drawn: {error}"
        return {**found, "path": None, "error": message}, False, RENDER_ERROR.problem(checked.file, START, message)
    return found, True, None


def write_if_changed(path: Path, data: str | bytes | Iterable[str]) -> bool:
    """Write `data` atomically unless the file holds it already; whether it was written. Raises OSError.
    `data` in pieces (a page across maps, megabytes for thousands of maps) is never held whole."""
    from journeymap.files import write_atomically

    if not isinstance(data, (str, bytes)):
        return write_atomically(path, data, sync=False, unless_same=True)
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.is_file() and path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except OSError:
        pass
    write_atomically(path, content, sync=False)  # the site can be built again from the maps
    return True
