"""`render` as a library call: check each map, then write its diagram or check that the one there is current.

A diagram is current when it carries the digest of what the map draws now (see stamp.py): a check
draws nothing, and a diagram that carries the digest already is not drawn again.

Nothing here prints or exits: every map ends as an Outcome for the command to report.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.checks import RENDER_ERROR
from journeymap.discovery import is_map_name
from journeymap.paths import file_key
from journeymap.problems import START, Problem, printable, quote
from journeymap.record import Tuple
from journeymap.render import output, stamp
from journeymap.render.accessible import describe
from journeymap.render.background import Drawing, Then
from journeymap.render.engines import DrawError, Engine, EngineUnavailable, select
from journeymap.render.scope import UnknownPersona, for_persona, for_state
from journeymap.suggest import did_you_mean
from journeymap.validator import iter_checked
from journeymap.workspace import Checked, Workspace

if TYPE_CHECKING:  # the linter and its rules are imported only to --annotate
    from journeymap.checks import Check
    from journeymap.linter import ActiveRule
    from journeymap.model import Journey


@dataclass(frozen=True)
class Request:
    output_format: str = "svg"
    view: str = "map"
    persona: str | None = None
    annotate: bool = False
    out_dir: Path | None = None
    arguments: tuple[str, ...] = (".",)  # the paths given, to mirror maps found in directories under out_dir
    check: bool = False
    rules: Sequence[ActiveRule] = ()  # for annotate
    today: datetime.date = field(default_factory=datetime.date.today)
    maps_root: Path | None = None  # mirror every map's folder from here under out_dir, however it was named
    config: Path | None = None  # --config as given: the command that redraws stale diagrams repeats it
    state: str | None = None  # "current" or "future": that state alone; None: the map as written, both compared
    paper: str | None = None  # "a1", "a3-portrait": the page PNG and PDF fit; None: the drawing's own size

    @property
    def mirrored_from(self) -> tuple[str, ...]:
        """The folders whose subfolders out_dir mirrors: --maps-root, else the paths given."""
        return (str(self.maps_root),) if self.maps_root else self.arguments


@dataclass(frozen=True)
class Outcome:
    """What happened to one file: written, unchanged, fresh, stale, missing, failed, or skipped (a library)."""

    file: str
    status: str
    diagram: Path | None = None
    problems: tuple[Problem, ...] = ()
    note: str = ""  # why it was skipped, or why its diagram is stale when the digest alone does not say

    @property
    def ok(self) -> bool:
        return self.status in ("written", "unchanged", "fresh", "skipped")


def render_files(
    files: Sequence[Path | str], workspace: Workspace, request: Request, engine: Engine
) -> Iterator[Outcome]:
    """One outcome per map (and per invalid library it includes), in the order of `files`, each as soon as
    its map is done: no map is kept once its outcome is out, so memory does not grow with the maps.

    With a RenderWorkspace, Graphviz lays each diagram out while the next map is checked and drawn to DOT."""
    claims = _Claims(files, request)
    reported: set[Path] = set()
    drawer = _Drawer(workspace, request, engine)
    try:
        for index, file in enumerate(files):
            # the file comes first, unless it is a library reported already; then what it includes
            for position, checked in enumerate(iter_checked((file,), workspace, reported)):
                named = position == 0 or claims.named(checked.path)
                step = _outcome(checked, index if position == 0 else None, named, workspace, request, claims)
                if step is not None:
                    yield from drawer.add(step)
        yield from drawer.finish()
    finally:  # stopped early, or failed: the diagram in hand is not written
        drawer.abandon()


def render_task(files: Sequence[Path | str], request: Request, engine_name: str) -> Iterator[Outcome]:
    """`render_files` in a fresh workspace with its own engine: the unit of work one process does."""
    engine = engine_for(engine_name, request.output_format, request.check, request.paper)
    return render_files(files, RenderWorkspace(), request, engine)


def stream(
    files: Sequence[Path | str], workspace: Workspace, request: Request, engine: Engine, engine_name: str, jobs: int
) -> Iterator[Outcome]:
    """The outcomes in the order of `files`, as they come: from `jobs` processes when there are several
    and the maps draw to files of their own, else one by one here."""
    if jobs > 1 and independent(files, request):
        from journeymap import parallel

        return parallel.stream(functools.partial(render_task, request=request, engine_name=engine_name), files, jobs)
    return render_files(files, workspace, request, engine)


def engine_for(name: str, output_format: str, check: bool, paper: str | None = None) -> Engine:
    """The engine that draws `output_format` on `paper` (EngineUnavailable says why none can); none for a
    check, which compares digests and draws nothing, so it runs on any machine."""
    return Engine("none") if check else select(name, output_format, paper)


def independent(files: Sequence[Path | str], request: Request) -> bool:
    """Whether each map draws to its own file, none of them a map: then maps can be rendered apart."""
    paths = [Path(file) for file in files]
    targets = [file_key(_target(path, request)) for path in paths]
    sources = {file_key(path) for path in paths}
    return len(set(targets)) == len(targets) and not sources.intersection(targets)


def _name(path: Path, request: Request) -> str:
    return output.diagram_name(path, request.view, request.persona, request.output_format, request.state)


def missing_persona(files: Sequence[Path | str], workspace: Workspace, persona: str) -> str | None:
    """When none of the valid maps has `persona`, why (with a did-you-mean): a usage error, not a map's."""
    known: set[str] = set()
    drawable = False  # whether any map is valid
    for checked in iter_checked(files, workspace):  # one map at a time: none is kept
        journey = None if checked.is_library else workspace.journey(checked)
        if journey is not None:
            drawable = True
            known.update(item.id for item in journey.personas)
    if not drawable or persona in known:
        return None
    tail, _ = did_you_mean(persona, sorted(known))
    return f"no map has a persona {quote(persona)}{tail or '; the personas are: ' + (', '.join(sorted(known)) or 'none')}"


class _Claims:
    """What a diagram of this run must not replace: a source file of the run, or another map's diagram.

    Kept small over thousands of maps: a diagram's name ends in its format, so the sources it could
    replace are the few maps and libraries whose real name does not end in .yaml or .yml (journeymap
    never replaces those at all); a diagram already drawn is remembered by its key's hash and the
    position of its map among the files, both numbers.
    """

    def __init__(self, files: Sequence[Path | str], request: Request) -> None:
        self.files, self.request = files, request
        self.sources = {file_key(Path(file)) for file in files if _may_be_a_diagram(Path(file))}
        # named files that an include can reach, for a library named too: a map is never included
        self._named = {str(file) for file in files if not is_map_name(os.path.basename(file))}
        self._taken: dict[int, int | tuple[int, ...]] = {}  # hash of a diagram's key -> position(s) of its map

    def named(self, path: Path) -> bool:
        return str(path) in self._named

    def add_libraries(self, libraries: Sequence[Path]) -> None:
        self.sources.update(file_key(library) for library in libraries if _may_be_a_diagram(library))

    def claim(self, key: str, index: int) -> str | None:
        """The map that draws the diagram `key` already; else None, and the diagram is the map at `index`'s."""
        found = self._taken.get(hash(key), ())
        claimants = found if isinstance(found, tuple) else (found,)
        for other in claimants:
            if self.target_key(other) == key:
                return str(self.files[other])
        self._taken[hash(key)] = (*claimants, index) if claimants else index  # a tuple only if two keys share a hash
        return None

    def target_key(self, index: int) -> str:
        return file_key(_target(Path(self.files[index]), self.request))


def _target(path: Path, request: Request) -> Path:
    return output.diagram_path(path, _name(path, request), request.out_dir, request.mirrored_from)


def _may_be_a_diagram(path: Path) -> bool:
    """Whether the file's real name may be a diagram's: one that does not end in .yaml or .yml, or a link."""
    return not path.name.lower().endswith((".yaml", ".yml")) or path.is_symlink()


def _outcome(
    checked: Checked, index: int | None, named: bool, workspace: Workspace, request: Request, claims: _Claims
) -> Outcome | _Diagram | None:
    """The file's outcome, or the diagram to draw for it; `index`: the file's position in the run's files,
    None for a library it includes."""
    if not checked.valid:
        return Outcome(checked.file, "failed", problems=checked.problems)
    if checked.is_library:
        return Outcome(checked.file, "skipped") if named else None
    journey = workspace.journey(checked)
    assert journey is not None and checked.document is not None  # valid maps always have both
    try:
        source = diagram_source(checked, journey, request)
    except UnknownPersona as error:  # other maps of the run have the persona (else it is a usage error)
        return Outcome(checked.file, "skipped", note=str(error))
    except Exception as error:  # noqa: BLE001 -- a bug in a view must cost one diagram, not the run
        return _bug(checked, error)
    assert index is not None  # an included file is a library
    target = _target(checked.path, request)
    claims.add_libraries(checked.libraries)
    clash = _clash(target, file_key(target), index, claims, workspace)
    if clash:
        return Outcome(checked.file, "failed", target, (_problem(checked, clash),))
    digest = stamp.digest(source, request.output_format, request.view, request.persona, request.annotate, request.paper)
    status, why = output.state(target, request.output_format, digest)
    if request.check:
        return Outcome(checked.file, status, target, note=why)
    if status == "fresh":  # whatever engine drew it: this one would draw the same picture
        return Outcome(checked.file, "unchanged", target)
    return _Diagram(checked, target, source, digest)


def diagram_source(checked: Checked, journey: Journey, request: Request) -> str:
    """The diagram's DOT (the site draws its pages' diagrams from it too): journeymap lays it all out, so it is the same whichever engine draws it."""
    # the whole map is linted, as `journeymap lint` would: a persona's view hides steps, not gaps
    annotate = request.annotate and request.view == "map"
    findings: Sequence[Problem] = ()
    if annotate:
        from journeymap.linter import lint

        findings = lint(checked.document, journey, request.rules, request.today)
    focus = request.persona
    if focus is not None:
        journey = for_persona(journey, focus)
    if request.state is not None:
        journey = for_state(journey, request.state)
    source_name = printable(checked.path.name)  # a name that is not UTF-8 shows its odd bytes as escapes
    return describe(_view_dot(journey, source_name, findings, request), journey, request.view, focus, request.state)


def _view_dot(journey: Journey, source_name: str, findings: Sequence[Problem], request: Request) -> str:
    """The chosen view's DOT; only that view is imported (a run draws one view, a --check none)."""
    focus, state = request.persona, request.state
    if request.view == "flow":
        from journeymap.render.flowview import flow_dot

        return flow_dot(journey, source_name, focus, state)
    if request.view == "blueprint":
        from journeymap.render.blueprintview import blueprint_dot

        return blueprint_dot(journey, source_name, focus, state)
    from journeymap.render.mapview import map_dot

    return map_dot(journey, source_name, findings, focus, request.annotate, request.paper, state)


class _Diagram(Tuple):
    """A map's diagram to draw and write."""

    checked: Checked
    target: Path
    source: str
    digest: str


def _started(diagram: _Diagram, request: Request, engine: Engine) -> Drawing[bytes]:
    """The diagram's drawing begun beside other work (Engine.start), its file stamped when taken."""
    output_format = request.output_format
    drawing = engine.start(diagram.source, output_format, request.paper)
    return Then(drawing, functools.partial(stamp.stamp, output_format=output_format, value=diagram.digest))


def _written(diagram: _Diagram, drawing: Drawing[bytes], workspace: Workspace) -> Outcome:
    """The outcome of the diagram's drawing, written to its file when it could be drawn."""
    checked, target = diagram.checked, diagram.target
    try:
        data = drawing.result()
    except DrawError as error:
        return Outcome(checked.file, "failed", problems=(_problem(checked, f"Graphviz could not draw this map: {error}"),))
    except EngineUnavailable:
        raise
    except Exception as error:  # noqa: BLE001 -- a bug in drawing must cost one diagram, not the run
        return _bug(checked, error)
    try:
        output.write(target, data)
    except OSError as error:
        reason = error.strerror or str(error)
        message = f"cannot write {workspace.paths.display(target)}: {reason.lower()}"
        return Outcome(checked.file, "failed", target, (_problem(checked, message),))
    return Outcome(checked.file, "written", target)


def _read_anyway(target: Path) -> None:
    """No diagram is being drawn into the file: nothing to write first."""


class RenderWorkspace(Workspace):
    """The workspace of a run that reads the next map while Graphviz draws a diagram (see _Drawer): before it
    looks at a file a map includes, it has the diagram being drawn written first if that is the file."""

    before_include: Callable[[Path], None] = staticmethod(_read_anyway)

    def unusable(self, entry: str, target: Path) -> tuple[Check, str, str | None] | None:
        self.before_include(target)
        return super().unusable(entry, target)


class _Drawer:
    """Draws a run's diagrams one at a time, each while the run checks the next map and draws it to DOT
    (Engine.start: Graphviz's dot in a process of its own, or the embedded one in a thread, without the GIL),
    and gives the outcomes in the order of the maps.

    The files are read and written in the order of a run that takes one map at a time: a diagram is written
    (atomically, as ever) before the next one, and before the run looks at the file it replaces, which a later
    map might include. Without a RenderWorkspace, or without Graphviz (DOT output), each diagram is drawn and
    written at once.
    """

    def __init__(self, workspace: Workspace, request: Request, engine: Engine) -> None:
        self.workspace, self.request, self.engine = workspace, request, engine
        self.overlap = isinstance(workspace, RenderWorkspace) and engine.name != "none"
        if self.overlap:
            workspace.before_include = self._before_include
        self.drawing: tuple[_Diagram, str, Drawing[bytes]] | None = None  # and its file's key
        self.ready: list[Outcome] = []  # in order, up to the diagram being drawn
        self.waiting: list[Outcome] = []  # the outcomes of the files after it
        self.failure: EngineUnavailable | None = None  # met while a map was read; raised when that map is taken

    def add(self, step: Outcome | _Diagram) -> list[Outcome]:
        """The outcomes complete once `step` is taken, in order."""
        self._raise_failure()
        if isinstance(step, Outcome):
            (self.waiting if self.drawing else self.ready).append(step)
            return self._handed_over()
        previous = self.drawing
        if previous is not None:
            previous[2].wait()
        work = _started(step, self.request, self.engine)
        self.drawing = (step, file_key(step.target), work)
        if previous is not None:  # written while Graphviz draws the next, before anything more is read
            self._record(_written(previous[0], previous[2], self.workspace))
        if not self.overlap:
            self._land()
        return self._handed_over()

    def finish(self) -> list[Outcome]:
        self._raise_failure()
        self._land()
        return self._handed_over()

    def abandon(self) -> None:
        """Wait for Graphviz to end, so that none outlives the run; the diagram it was drawing is not written."""
        if self.drawing is not None:
            with contextlib.suppress(Exception):  # taken only to let go of what it holds
                self.drawing[2].result()
            self.drawing = None
        if self.overlap:
            del self.workspace.before_include

    def _before_include(self, target: Path) -> None:
        if self.drawing is not None and file_key(target) == self.drawing[1]:
            try:
                self._land()
            except EngineUnavailable as error:  # the include is read on; the run stops when its map is taken
                self.failure = error

    def _land(self) -> None:
        """The diagram being drawn, written once drawn."""
        if self.drawing is not None:
            diagram, _, work = self.drawing
            self.drawing = None
            self._record(_written(diagram, work, self.workspace))

    def _record(self, outcome: Outcome) -> None:
        """The outcome of the diagram that was being drawn: it and those of the files after it are complete."""
        self.ready += (outcome, *self.waiting)
        self.waiting.clear()

    def _handed_over(self) -> list[Outcome]:
        ready, self.ready = self.ready, []
        return ready

    def _raise_failure(self) -> None:
        if self.failure is not None:
            raise self.failure


def _bug(checked: Checked, error: Exception) -> Outcome:
    message = f"journeymap failed to draw this map ({type(error).__name__}: {error}); please report it"
    return Outcome(checked.file, "failed", problems=(_problem(checked, message),))


def _clash(target: Path, key: str, index: int, claims: _Claims, workspace: Workspace) -> str | None:
    """Why the diagram must not be written there: it is a map or library, or another map's diagram."""
    if key in claims.sources:
        return f"the diagram would overwrite the source file {workspace.paths.display(target)}; choose another --out-dir"
    other = claims.claim(key, index)
    if other is not None:
        other = workspace.paths.display(Path(other))
        return f"{other} already draws {workspace.paths.display(target)}; rename one of the two maps or render them apart"
    return None


def _problem(checked: Checked, message: str) -> Problem:
    return RENDER_ERROR.problem(checked.file, START, message)
