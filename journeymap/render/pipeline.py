"""`render` as a library call: check each map, draw the valid ones, then write or compare each diagram.

Nothing here prints or exits: every map ends as an Outcome for the command to report.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.checks import RENDER_ERROR
from journeymap.problems import START, Problem, printable, quote
from journeymap.render import output
from journeymap.render.engines import DrawError, Engine, EngineUnavailable, select
from journeymap.render.flowview import flow_dot
from journeymap.render.mapview import map_dot
from journeymap.render.scope import UnknownPersona, for_persona
from journeymap.suggest import did_you_mean
from journeymap.validator import check_files
from journeymap.workspace import Checked, Workspace

if TYPE_CHECKING:  # the linter and its rules are imported only to --annotate
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
    note: str = ""  # why it was skipped

    @property
    def ok(self) -> bool:
        return self.status in ("written", "unchanged", "fresh", "skipped")


def render_files(
    files: Sequence[Path],
    workspace: Workspace,
    request: Request,
    engine: Engine,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """One outcome per map (and per invalid library it includes), in the order of `files`."""
    named = set(files)
    results = check_files(files, workspace)
    sources = {output.file_key(checked.path) for checked in results}
    taken: dict[str, str] = {}
    outcomes = []
    for checked in results:
        outcome = _outcome(checked, checked.path in named, workspace, request, engine, sources, taken)
        if outcome is not None:
            outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
    return outcomes


def render_task(files: Sequence[Path], request: Request, engine_name: str) -> list[Outcome]:
    """`render_files` in a fresh workspace with its own engine: the unit of work one process does."""
    return render_files(files, Workspace(), request, select(engine_name, request.output_format))


def independent(files: Sequence[Path], request: Request) -> bool:
    """Whether each map draws to its own file, none of them a map: then maps can be rendered apart."""
    targets = [
        output.file_key(output.diagram_path(path, _name(path, request), request.out_dir, request.mirrored_from))
        for path in files
    ]
    sources = {output.file_key(path) for path in files}
    return len(set(targets)) == len(targets) and not sources.intersection(targets)


def _name(path: Path, request: Request) -> str:
    return output.diagram_name(path, request.view, request.persona, request.output_format)


def missing_persona(files: Sequence[Path], workspace: Workspace, persona: str) -> str | None:
    """When none of the valid maps has `persona`, why (with a did-you-mean): a usage error, not a map's."""
    journeys = [workspace.journey(checked) for checked in check_files(files, workspace) if not checked.is_library]
    known = sorted({item.id for journey in journeys if journey is not None for item in journey.personas})
    if not any(journey is not None for journey in journeys) or persona in known:
        return None
    tail, _ = did_you_mean(persona, known)
    return f"no map has a persona {quote(persona)}{tail or '; the personas are: ' + (', '.join(known) or 'none')}"


def _outcome(
    checked: Checked, named: bool, workspace: Workspace, request: Request, engine: Engine,
    sources: set[str], taken: dict[str, str],
) -> Outcome | None:  # fmt: skip
    if not checked.valid:
        return Outcome(checked.file, "failed", problems=checked.problems)
    if checked.is_library:
        return Outcome(checked.file, "skipped") if named else None
    journey = workspace.journey(checked)
    assert journey is not None and checked.document is not None  # valid maps always have both
    try:
        data = _draw(checked, journey, request, engine)
    except UnknownPersona as error:  # other maps of the run have the persona (else it is a usage error)
        return Outcome(checked.file, "skipped", note=str(error))
    except DrawError as error:
        return Outcome(checked.file, "failed", problems=(_problem(checked, f"Graphviz could not draw this map: {error}"),))
    except EngineUnavailable:
        raise
    except Exception as error:  # noqa: BLE001 -- a bug in a view must cost one diagram, not the run
        message = f"journeymap failed to draw this map ({type(error).__name__}: {error}); please report it"
        return Outcome(checked.file, "failed", problems=(_problem(checked, message),))
    name = _name(checked.path, request)
    target = output.diagram_path(checked.path, name, request.out_dir, request.mirrored_from)
    key = output.file_key(target)
    clash = _clash(target, key, sources, taken, workspace)
    if clash:
        return Outcome(checked.file, "failed", target, (_problem(checked, clash),))
    taken[key] = checked.file
    return _deliver(checked, target, data, request.check, workspace)


def _draw(checked: Checked, journey: Journey, request: Request, engine: Engine) -> bytes:
    # the whole map is linted, as `journeymap lint` would: a persona's view hides steps, not gaps
    annotate = request.annotate and request.view != "flow"
    findings: Sequence[Problem] = ()
    if annotate:
        from journeymap.linter import lint

        findings = lint(checked.document, journey, request.rules, request.today)
    focus = request.persona
    if focus is not None:
        journey = for_persona(journey, focus)
    source_name = printable(checked.path.name)  # a name that is not UTF-8 shows its odd bytes as escapes
    if request.view == "flow":
        return engine.draw(flow_dot(journey, source_name, focus), request.output_format)
    return engine.draw(map_dot(journey, source_name, findings, focus, request.annotate), request.output_format)


def _clash(target: Path, key: str, sources: set[str], taken: dict[str, str], workspace: Workspace) -> str | None:
    """Why the diagram must not be written there: it is a map or library, or another map's diagram."""
    if key in sources:
        return f"the diagram would overwrite the source file {workspace.display(target)}; choose another --out-dir"
    other = taken.get(key)
    if other is not None:
        return f"{other} already draws {workspace.display(target)}; rename one of the two maps or render them apart"
    return None


def _deliver(checked: Checked, target: Path, data: bytes, check: bool, workspace: Workspace) -> Outcome:
    if check:
        return Outcome(checked.file, output.compare(target, data), target)
    try:
        return Outcome(checked.file, output.write(target, data), target)
    except OSError as error:
        reason = error.strerror or str(error)
        message = f"cannot write {workspace.display(target)}: {reason.lower()}"
        return Outcome(checked.file, "failed", target, (_problem(checked, message),))


def _problem(checked: Checked, message: str) -> Problem:
    return RENDER_ERROR.problem(checked.file, START, message)
