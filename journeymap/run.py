"""The run layer: what a command does, from its options to what it shows, writes, and how it ends.

cli.py parses options, calls one function here and carries out the Run it gets back: a stream of
events (report lines and text, notes, files to write) that ends with the verdict. Events come as the
files are checked, so a text report over ten thousand maps never holds them all. Policies live here:
which report streams, what a baseline hides, which codes a run judged, when GitHub annotations are
added. Nothing here prints or exits; a usage or environment error is a UsageError (exit 2).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap.problems import Problem, Severity, quote
from journeymap.record import Tuple

if TYPE_CHECKING:
    from journeymap.baseline import Baseline
    from journeymap.config import Config
    from journeymap.problems import FileResult
    from journeymap.reporters import Locate
    from journeymap.styled import Line

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The run cannot start or go on: a bad option, a broken configuration or baseline, no map found.
    `problems` are the positioned lines that explain it, shown before the message."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)


class Show(Tuple):
    """A line of the report on standard output (standard error when the output itself goes there)."""

    line: Line
    to_stderr: bool = False


class Emit(Tuple):
    """Report text for standard output, written as it is (JSON, SARIF, annotations)."""

    text: str


class Note(Tuple):
    """What the run did besides reporting, for standard error, so that reports stay parseable."""

    text: str


class Write(Tuple):
    """A file the run produces (a report, a baseline, an export), to replace atomically; `done` is said once
    written. `replace_map`: the file may be an existing map the user asked to replace (import --force).
    `durable`: synced to disk before it replaces the old one; an export, which the maps make again, is not."""

    path: Path
    text: str | bytes
    done: str = ""
    replace_map: bool = False
    durable: bool = True


class Progress(Tuple):
    """How far a long run is: `done` of `total` maps (0 first), for a progress bar."""

    done: int
    total: int


class Verdict(Tuple):
    """The last event: the most severe finding reported, and the exit code that follows from it."""

    worst: Severity | None
    exit_code: int


Event = Show | Emit | Note | Write | Progress | Verdict
Run = Iterator[Event]


class ReportOptions(Tuple):
    """What to do with a run's findings, as the options say; checked before any map is."""

    output_format: str | None = None  # None: text, plus annotations in GitHub Actions
    report_files: Sequence[tuple[str, Path]] = ()  # from --report FORMAT:PATH
    statistics: bool = False
    quiet: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    fail_on: Severity | None = None  # the least severity that fails the run; None: warning
    known: Baseline | None = None  # the --baseline, loaded when the options were checked


class CheckOptions(Tuple):
    """The options of `validate` and `lint`, as given (lint's rule options are ignored by validate)."""

    paths: Sequence[str] = ()
    output_format: str | None = None
    reports: Sequence[str] = ()  # FORMAT:PATH
    statistics: bool = False
    quiet: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    config_path: Path | None = None
    jobs: int = 0
    changed: bool = False  # the paths are changed files (pre-commit's): check the maps they concern
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    fail_on: str | None = None  # error | warning | info; None: from the config
    exit_zero: bool = False


Judged = Callable[["FileResult"], Container[str]]  # the checks and rules a run applied to a file


def validate(options: CheckOptions) -> Run:
    """Check maps against the format and their ids, references and includes; fail on errors."""
    import functools

    from journeymap import checks
    from journeymap.validator import validate_files

    report = report_options(options)
    config = load_config(options.config_path, options.paths)
    files = discover(options.paths, config, options.changed)
    task = functools.partial(validate_files, with_journey=carries_journeys(report))
    return _checked(task, "validate", files, options.jobs, report, lambda _: checks.CODES,
                    Severity.ERROR, exit_zero=False)  # fmt: skip # a fixed baseline entry (info) does not fail


def lint(options: CheckOptions) -> Run:
    """Validate maps, then run the rules the configuration and --select/--ignore leave on."""
    import datetime
    import functools

    from journeymap import checks
    from journeymap.linter import SelectionError, active_rules, lint_task

    report = report_options(options)
    config = load_config(options.config_path, options.paths)
    threshold = Severity[options.fail_on.upper()] if options.fail_on else config.fail_on
    try:
        active = active_rules(config, split(options.select), split(options.ignore))
    except SelectionError as error:
        raise UsageError(str(error)) from None
    files = discover(options.paths, config, options.changed)
    task = functools.partial(lint_task, active=active, today=datetime.date.today(), with_journey=carries_journeys(report))
    linted = checks.CODES | {item.rule.code for item in active}

    def judged(result: FileResult) -> Container[str]:  # the rules do not run on a map that is not valid
        return checks.CODES if any(problem.code in checks.CODES for problem in result.problems) else linted

    return _checked(task, "lint", files, options.jobs, report._replace(fail_on=threshold), judged, threshold,
                    options.exit_zero)  # fmt: skip


def _checked(
    task: Callable[[Sequence[str]], Iterable[FileResult]], command: str, files: Sequence[str], jobs: int,
    report: ReportOptions, judged: Judged, threshold: Severity, exit_zero: bool,
) -> Run:  # fmt: skip
    """The shared run of validate and lint: check the maps on as many processes as pay, then report."""
    from journeymap import parallel

    results = parallel.stream(task, files, parallel.jobs_for(jobs, len(files)))
    worst = yield from (_text(results, command, report) if streams(report) else
                        publish(list(results), command, report, judged))  # fmt: skip
    failed = worst is not None and worst >= threshold and not exit_zero
    yield Verdict(worst, EXIT_PROBLEMS if failed else EXIT_OK)


def carries_journeys(report: ReportOptions) -> bool:
    """Whether a report asked for holds each valid map's journey (the JSON report does)."""
    return report.output_format == "json" or any(name == "json" for name, _ in report.report_files)


def streams(report: ReportOptions) -> bool:
    """Whether the report is text alone, shown as each file is checked: nothing needs all the results at once."""
    in_github = os.environ.get("GITHUB_ACTIONS") == "true"
    text_only = report.output_format == "text" or (report.output_format is None and not in_github)
    return text_only and not (report.report_files or report.baseline or report.write_baseline)


def _text(results: Iterable[FileResult], command: str, report: ReportOptions) -> Iterator[Event]:
    """The text report: each file's problems as they come, then the counts, the only thing kept, so memory
    does not grow with the maps. Returns the most severe finding, or None."""
    from journeymap.reporters import Tally, text

    tally = Tally()
    for result in results:
        for line in text.problem_lines(result):
            yield Show(line)
        tally.add(result)
    for line in text.closing_lines(tally, command, report.statistics and not report.quiet):
        yield Show(line)
    return tally.worst


def publish(results: Sequence[FileResult], command: str, report: ReportOptions, judged: Judged) -> Iterator[Event]:
    """Apply the baseline, write the report files, show the report; returns the most severe finding shown.

    `judged` keeps a baseline from calling fixed what the run did not check (a rule that is off, say).
    """
    from journeymap.reporters import Tally

    results = yield from _with_baseline(results, report, judged)
    locate = locator()
    yield from report_files(results, command, report, locate)
    if report.output_format not in (None, "text"):
        yield Emit(_formatted(report.output_format, results, command, locate, report.fail_on))
        return Tally.of(results).worst
    worst = yield from _text(results, command, report)
    if report.output_format is None:
        yield from github_annotations(results, command, locate)
    return worst


def report_files(results: Sequence[FileResult], command: str, report: ReportOptions, locate: Locate) -> Iterator[Event]:
    """The --report files, each a Write, and a note once written unless quiet."""
    for format_name, path in report.report_files:
        done = "" if report.quiet else f"wrote the {format_name} report to {path}"
        yield Write(path, _formatted(format_name, results, command, locate, report.fail_on), done)


def report_files_of(results: Sequence[FileResult], command: str, files: Sequence[tuple[str, Path]],
                    locate: Locate) -> Iterator[Event]:  # fmt: skip
    """The --report files of a command that says what it did in its own lines (render), without notes."""
    return report_files(results, command, ReportOptions(None, files, quiet=True), locate)


def github_annotations(results: Sequence[FileResult], command: str, locate: Locate) -> Iterator[Event]:
    """In GitHub Actions, workflow commands that annotate the pull request, after the text report."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        yield Emit(_formatted("github", results, command, locate))


def _formatted(format_name: str, results: Sequence[FileResult], command: str, locate: Locate,
               fail_on: Severity | None = None) -> str:  # fmt: skip
    from journeymap.reporters import Report, formatted

    return formatted(format_name, Report(command, tuple(results), locate, fail_on or Severity.WARNING))


def _with_baseline(results: Sequence[FileResult], report: ReportOptions, judged: Judged) -> Iterator[Event]:
    """The results less what the baseline records, plus its fixed entries; --write-baseline records them
    all, so nothing of this run is left to show. Returns the results to report."""
    path = report.write_baseline or report.baseline
    if path is None:
        return list(results)
    from journeymap import baseline
    from journeymap.problems import FileResult

    if report.write_baseline:
        count = sum(len(result.problems) for result in results)
        done = "" if report.quiet else f"recorded {_findings(count)} in the baseline {shown(path)}"
        yield Write(path, baseline.dump(results, Path(os.path.abspath(path)).parent), done)
        return [FileResult(result.file, result.kind, (), len(result.problems)) for result in results]
    known = report.known or load_baseline(path)
    applied = baseline.apply(known, results, judged)
    if applied.hidden and report.output_format not in (None, "text") and not report.quiet:
        yield Note(f"{_findings(applied.hidden)} recorded in {known.file} not shown")  # text says it in its summary
    return applied.results


def _findings(count: int) -> str:
    return f"{count} finding" if count == 1 else f"{count} findings"


def report_options(options: CheckOptions) -> ReportOptions:
    """The report options, checked before any map is: a typo in --report or a missing baseline exits 2 at once."""
    baseline, write_baseline = options.baseline, options.write_baseline
    if baseline is not None:
        require_usable("--baseline", baseline)
    if write_baseline is not None:
        require_writable("--write-baseline", write_baseline)
    known = None
    if baseline is not None and write_baseline is None:
        known = load_baseline(baseline)
    return ReportOptions(options.output_format, parse_report_files(options.reports), options.statistics,
                         options.quiet, baseline, write_baseline, known=known)  # fmt: skip


def load_baseline(path: Path) -> Baseline:
    """The baseline in `path`; a missing or invalid one is a UsageError before any map is checked."""
    from journeymap import baseline

    if not _is_file(path):
        raise UsageError(f"baseline file not found: {path}; create it with --write-baseline")
    known, problems = baseline.load(path, shown(path))
    if known is None:
        raise UsageError(f"invalid baseline {shown(path)}; fix the problems above or write it again", problems)
    return known


def parse_report_files(values: Sequence[str], formats: Sequence[str] | None = None) -> list[tuple[str, Path]]:
    """`--report sarif:out.sarif` -> [("sarif", Path("out.sarif"))]; a malformed value is a UsageError.
    `formats`: the command's (default: the findings reporters')."""
    from journeymap.reporters import FORMATS as REPORTERS
    from journeymap.suggest import did_you_mean

    FORMATS = tuple(formats or REPORTERS)  # noqa: N806 -- read as the constant it is for the command
    files = []
    for value in values:
        format_name, _, path = value.partition(":")
        if format_name not in FORMATS or not path:
            tail = did_you_mean(format_name, FORMATS)[0] if path else ""
            raise UsageError(f"--report wants FORMAT:PATH, FORMAT one of {', '.join(FORMATS)}; not {quote(value)}{tail}")
        require_writable("--report", Path(path))
        files.append((format_name, Path(path)))
    return files


def load_config(path: Path | None, paths: Sequence[str] = ()) -> Config:
    """The configuration named by --config, or found from here upward, or else from the first path given
    upward (a run from outside the repository); a broken one is a UsageError."""
    from journeymap.config import Config, find_config
    from journeymap.config import load_config as load

    path = path or find_config(Path.cwd()) or (find_config(_folder_of(paths[0])) if paths else None)
    if path is None:
        return Config()
    require_usable("--config", path)
    if not _is_file(path):
        raise UsageError(f"configuration file not found: {path}")
    config, problems = load(path, shown(path))
    if config is None:
        raise UsageError(f"invalid configuration in {shown(path)}; fix the problems above", problems)
    return config


def require_usable(option: str, path: Path) -> None:
    """A UsageError when the path an option names cannot even be looked at, such as a name too long."""
    from journeymap.files import unusable_advice

    _refuse(option, path, unusable_advice(path))


def require_writable(option: str, path: Path, folder: bool = False, replace_map: bool = False) -> None:
    """A UsageError, before any map is checked, when the file (or folder) an option names cannot be written."""
    from journeymap.files import unwritable_reason

    _refuse(option, path, unwritable_reason(path, folder, replace_map))


def _refuse(option: str, path: Path, reason: str | None) -> None:
    if reason:
        raise UsageError(f"{option} {quote(str(path), keep_end=True)}: {reason}")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # too long a name, no permission: not a usable file
        return False


def _folder_of(argument: str) -> Path:
    """The folder a path argument names, or holds it: where its configuration is looked for."""
    path = Path(os.path.abspath(argument))
    try:
        return path if path.is_dir() else path.parent
    except OSError:  # too long a name, no permission: discovery reports it
        return path.parent


def discover(paths: Sequence[str], config: Config, changed: bool = False, search: str = ".") -> list[str]:
    """The maps to check below `paths` (default: here), as the configuration's globs select them; with
    `changed`, the maps among the changed files `paths` and those in `search` that include one of them."""
    from journeymap.discovery import MAP_SUFFIXES, changed_maps, discover, is_map_name

    def wanted(path: Path) -> bool:
        matched = config.includes(path) if config.include else is_map_name(path.name)
        return matched and not config.excludes(path)

    arguments = list(paths) if changed else list(paths or ["."])  # no changed file: nothing to check
    found = changed_maps(arguments, wanted, [search]) if changed else discover(arguments, wanted)
    if found.unusable:
        raise UsageError("; ".join(found.unusable))
    if not found.files and not changed:  # changed files that concern no map: nothing to check
        where = ", ".join(found.empty)
        raise UsageError(f"no journey maps ({' or '.join('*' + s for s in MAP_SUFFIXES)}) found in {where}")
    return list(found.files)


def split(values: Iterable[str]) -> list[str]:
    """`--select a,b --select c` -> [a, b, c]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def shown(path: Path) -> str:
    from journeymap.paths import Paths

    return Paths().display(path)


def locator() -> Locate:
    """Names each reported file from the root of its own repository, as CI services expect."""
    from journeymap.paths import Paths

    return Paths().from_root


def schema(output: Path | None) -> Run:
    """The schema of the format on standard output, or written to `output` (only over an older copy)."""
    from journeymap.schema import refusal_to_replace, schema_text

    if output is None:
        return iter((Emit(schema_text()), Verdict(None, EXIT_OK)))
    refusal = refusal_to_replace(output)
    if refusal:
        raise UsageError(refusal)
    require_writable("--output", output)
    return iter((Write(output, schema_text(), f"wrote the schema to {output}"), Verdict(None, EXIT_OK)))


class RenderOptions(Tuple):
    """The options of `render`, as given."""

    paths: Sequence[str] = ()
    out_dir: Path | None = None
    maps_root: Path | None = None
    output_format: str = "svg"
    view: str = "map"
    persona: str | None = None
    annotate: bool = False
    engine: str = "auto"
    state: str | None = None
    paper: str | None = None
    check: bool = False
    config_path: Path | None = None
    jobs: int = 0
    reports: Sequence[str] = ()  # FORMAT:PATH
    changed: bool = False


def render(options: RenderOptions) -> Run:
    """Draw each map's diagram (or, with check, compare the one there by its digest), map by map; a map that
    fails or a diagram out of date fails the run. Every option is checked before any map is drawn."""
    report_files = parse_report_files(options.reports)
    _check_render_options(options)
    config = load_config(options.config_path, options.paths)
    files = discover(options.paths, config, options.changed, str(options.maps_root or "."))
    if options.maps_root is not None:
        _check_maps_root(options.maps_root, options.out_dir, files)
    request, engine = _render_request(options, config, files)
    return _rendered(files, request, engine, options, report_files)


def _check_render_options(options: RenderOptions) -> None:
    persona, out_dir = options.persona, options.out_dir
    if persona is not None and not persona.strip():  # no persona id is blank: the option's value went missing
        raise UsageError("--persona wants a persona id, such as --persona maya; leave it out to draw every persona")
    for option, path in (("--out-dir", out_dir), ("--maps-root", options.maps_root)):
        if path is not None:
            require_usable(option, path)
    if options.annotate and options.view != "map":
        raise UsageError(f"--annotate draws lint findings on the map view; leave it out with --view {options.view}")
    if options.paper is not None:
        _check_paper(options.paper)
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out-dir {quote(str(out_dir), keep_end=True)} is a file, not a directory; name a directory")
    if out_dir is not None:
        require_writable("--out-dir", out_dir, folder=True)


def _check_paper(name: str) -> None:
    from journeymap.render.paper import PAPERS
    from journeymap.suggest import did_you_mean

    if name.lower() not in PAPERS:
        tail, _ = did_you_mean(name.lower(), list(PAPERS))
        choices = "; choose one of a4, a3, a2, a1, a0, each as it is (landscape) or with -portrait, such as a1-portrait"
        raise UsageError(f"--paper {quote(name)} is not a paper size{tail or choices}")


def _check_maps_root(maps_root: Path, out_dir: Path | None, files: Sequence[str]) -> None:
    """--maps-root needs --out-dir, must be a directory and must hold every map."""
    from journeymap.render.output import relative_folder

    shown = quote(str(maps_root), keep_end=True)
    if out_dir is None:
        raise UsageError(f"--maps-root {shown} only places diagrams under --out-dir; add --out-dir or leave it out")
    if not maps_root.is_dir():
        raise UsageError(f"--maps-root {shown} is not a directory; name the folder that holds the maps")
    outside = [path for path in files if relative_folder(Path(path), [str(maps_root)]) is None]
    if outside:
        more = f" and {len(outside) - 1} more" if len(outside) > 1 else ""
        raise UsageError(f"{quote(str(outside[0]), keep_end=True)}{more} lies outside --maps-root {shown}; "
                         "name a --maps-root that holds every map")  # fmt: skip


def _render_request(options: RenderOptions, config: Config, files: Sequence[str]) -> tuple:
    """What to draw and the engine to draw it with; an engine that cannot, or a persona no map has, is a
    UsageError."""
    from journeymap.render import pipeline
    from journeymap.render.engines import EngineUnavailable

    try:
        # a3-landscape is a3: one page, one digest, one redraw command
        paper = options.paper.lower().removesuffix("-landscape") if options.paper else None
        engine = pipeline.engine_for(options.engine, options.output_format, options.check, paper)
    except EngineUnavailable as error:
        raise UsageError(str(error)) from None
    rules = ()
    if options.annotate:  # the rule catalog costs a tenth of a second to import; only --annotate needs it
        from journeymap.linter import active_rules

        rules = active_rules(config)
    arguments = tuple(files) if options.changed else tuple(options.paths or ["."])  # what the redraw hint names
    request = pipeline.Request(
        options.output_format, options.view, options.persona, options.annotate, options.out_dir, arguments,
        options.check, rules, maps_root=options.maps_root, config=options.config_path, state=options.state,
        paper=paper,
    )  # fmt: skip
    if options.persona:
        from journeymap.workspace import Workspace

        missing = pipeline.missing_persona(files, Workspace(), options.persona)
        if missing:
            raise UsageError(missing)
    return request, engine


def _rendered(
    files: Sequence[str], request: Any, engine: Any, options: RenderOptions, report_files: Sequence[tuple[str, Path]]
) -> Run:  # fmt: skip
    """Each map's lines as it is drawn, then the summary, the --report files and annotations, the verdict."""
    from journeymap import parallel
    from journeymap.render import pipeline, report
    from journeymap.render.engines import EngineUnavailable

    workspace = pipeline.RenderWorkspace()
    rerun = report.rerun(request, options.engine)
    keep = bool(report_files) or os.environ.get("GITHUB_ACTIONS") == "true"  # reports need every map's findings
    tally = report.Tally(workspace.paths.display, rerun, keep)
    jobs = parallel.jobs_for(options.jobs, len(files), per_process=2)  # a diagram takes Graphviz a tenth of a second
    yield Progress(0, len(files))
    try:
        outcomes = pipeline.stream(files, workspace, request, engine, options.engine, jobs)
        for done, outcome in enumerate(outcomes, 1):
            for line in report.outcome_lines(outcome, workspace.paths.display, rerun):
                yield Show(line)
            tally.add(outcome)
            yield Progress(done, len(files))
    except EngineUnavailable as error:  # from this process or from a worker
        raise UsageError(str(error)) from None
    yield Show(report.summary(tally, options.check, rerun))
    locate = locator()
    yield from report_files_of(tally.results, "render", report_files, locate)
    yield from github_annotations(tally.results, "render", locate)
    yield Verdict(None, EXIT_PROBLEMS if tally.failed else EXIT_OK)


def catalog_entry(key: str) -> Any:
    """The check or rule a code or name names; a UsageError with a did-you-mean when none does."""
    from journeymap import catalog
    from journeymap.suggest import did_you_mean

    entry = catalog.find(key)
    if entry is None:
        tail, _ = did_you_mean(key, [item.name for item in catalog.entries()])
        raise UsageError(f"no rule or check {quote(key)}{tail or '; run journeymap rules to list them'}")
    return entry


def rules(key: str | None, output_format: str) -> Run:
    """The lint rules, or one check's or rule's documentation, as JSON or Markdown (docs/rules.md)."""
    from journeymap import catalog, ruledocs

    chosen = catalog_entry(key) if key is not None else None
    if output_format == "json":
        text = ruledocs.as_json([chosen] if chosen else catalog.rules()) + "\n"
    else:
        text = ruledocs.entry_markdown(chosen) if chosen else ruledocs.catalog_markdown()
    return iter((Emit(text), Verdict(None, EXIT_OK)))


# ---------------------------------------------------------------- diff


class DiffOptions(Tuple):
    """The options of `diff`, as given."""

    arguments: Sequence[str] = ()  # [BASE [HEAD]] [PATHS...]
    output_format: str = "text"
    reports: Sequence[str] = ()  # FORMAT:PATH
    fail_on: Sequence[str] = ()  # policy names
    config_path: Path | None = None
    jobs: int = 0  # processes; 0: one per core when there are many maps


def diff_formats() -> tuple[str, ...]:
    """diff's --format choices, for a command line parsed without typer (the report module, which diff imports anyway)."""
    from journeymap.diff.report import FORMATS

    return FORMATS


def diff(options: DiffOptions) -> Run:
    """Compare two versions of the maps as a CX change; fail (exit 1) when a --fail-on policy breaks or a map
    cannot be compared. Writes GitHub's job summary when $GITHUB_STEP_SUMMARY is set."""
    from journeymap.diff.report import FORMATS, formatted, pieces, text_lines

    if options.output_format not in FORMATS:
        raise UsageError(f"--format {quote(options.output_format)} is not a diff format; choose {', '.join(FORMATS)}")
    report_files = parse_report_files(options.reports, FORMATS)
    report = _diff_report(options)
    try:
        if options.output_format == "text":
            yield from (Show(line) for line in text_lines(report))
        else:
            yield from (Emit(text) for text in pieces(options.output_format, report))  # a map at a time
        for format_name, path in report_files:
            yield Write(path, formatted(format_name, report), f"wrote {path}")
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:  # GitHub collects a step's summary from this file: add to what the step wrote before
            yield Write(Path(summary), _read_or_empty(Path(summary)) + formatted("markdown", report))
    finally:
        report.close()
    failed = bool(report.failing or report.problems)
    yield Verdict(Severity.ERROR if failed else None, EXIT_PROBLEMS if failed else EXIT_OK)


def _diff_report(options: DiffOptions) -> Any:
    """The report of the comparison; arguments, policies or a configuration that cannot be used: UsageError."""
    import datetime

    from journeymap.diff.build import diff_report
    from journeymap.diff.policies import POLICY_NAMES, unknown
    from journeymap.linter import active_rules
    from journeymap.revisions import RevisionError

    wrong = [name for name in options.fail_on if name not in POLICY_NAMES]
    if wrong:
        raise UsageError(f"--fail-on: {unknown(wrong[0])}")
    config = load_config(options.config_path, ())
    policies = tuple(options.fail_on) or config.diff_fail_on

    def wanted(path: Path) -> bool:  # the configuration's include and exclude apply as for lint
        return config.includes(path) and not config.excludes(path)

    try:
        return diff_report(options.arguments, active_rules(config), policies, datetime.date.today(), wanted=wanted,
                           jobs=options.jobs)  # fmt: skip
    except RevisionError as error:
        raise UsageError(str(error)) from None


def _read_or_empty(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


# ---------------------------------------------------------------- export


class ExportOptions(Tuple):
    """The options of `export`, as given."""

    paths: Sequence[str] = ()
    output_format: str = "markdown"
    out_dir: Path | None = None
    output: Path | None = None  # -o: one map's file (a folder for CSV)
    force: bool = False
    config_path: Path | None = None
    changed: bool = False


def export(options: ExportOptions) -> Run:
    """Write each valid map in a format for wikis, pull requests and spreadsheets; an invalid map is reported
    and skipped (exit 1), the others are still written. Nothing existing is replaced without --force."""
    import functools

    from journeymap.exchange import exporting
    from journeymap.workspace import Workspace

    exporter = _exporter(options)
    config = load_config(options.config_path, options.paths)
    files = discover(options.paths, config, options.changed)
    if options.output is not None and len(files) > 1:
        raise UsageError(f"-o names one file, but {len(files)} maps were found; use --out-dir DIR for several maps")
    targets = functools.partial(exporting.targets, files, exporter, options.out_dir, options.output,
                                tuple(options.paths or ["."]))  # fmt: skip
    plan = _export_plan(targets(), options.force, folder=not exporter.suffix)
    workspace, failed, written = Workspace(), 0, 0
    for target in targets():
        checked = workspace.check(target.map_path)
        journey = workspace.journey(checked)
        if journey is None or checked.is_library:
            failed += journey is None
            yield from _invalid_lines(checked, plan.to_stdout)
            continue
        exported = _exported(exporter, journey, exporting.context(target, checked.file, journey.locale))
        if isinstance(exported, Problem):
            failed += 1
            yield Show(_problem_line(exported), plan.to_stdout)
            continue
        if target.output is None:
            yield Emit(exported if isinstance(exported, str) else "")
        else:
            yield from (Write(path, data, durable=False) for path, data in exporting.files_of(target, exported))
        written += 1
    yield Note(_exported_note(written, failed, options.output_format, plan))
    yield Verdict(Severity.ERROR if failed else None, EXIT_PROBLEMS if failed else EXIT_OK)


def _exported(exporter: Any, journey: Any, context: Any) -> Any:
    """The export of one map; a bug in an exporter is a problem on that map, and the others are still written."""
    try:
        return exporter.function()(journey, context)
    except Exception as error:  # noqa: BLE001 -- one map must not stop the others
        from journeymap.checks import internal_error

        return internal_error(context.shown, error)


def _exporter(options: ExportOptions) -> Any:
    from journeymap.exchange.formats import EXPORTS

    exporter = EXPORTS.get(options.output_format)
    if exporter is None:
        raise UsageError(f"--format {quote(options.output_format)} is not an export format; choose {', '.join(EXPORTS)}")
    if options.out_dir is not None and options.output is not None:
        raise UsageError("-o names one map's file and --out-dir a folder for many; give one of them")
    for option, path in (("--out-dir", options.out_dir), ("-o", options.output)):
        if path is not None:
            require_usable(option, path)
            require_writable(option, path, folder=option == "--out-dir" or not exporter.suffix)
    if options.output is not None and exporter.suffix and options.output.suffix.lower() in (".yaml", ".yml"):
        stem = options.output.name.removesuffix(options.output.suffix).removesuffix(".journey")
        raise UsageError(f"-o {quote(str(options.output), keep_end=True)}: an export is not YAML, and a .yaml or "
                         ".yml name is a map's, a library's or a configuration's; name it "
                         f"{quote(stem + exporter.suffix)}")  # fmt: skip
    return exporter


class _ExportPlan(Tuple):
    """What the export's targets come to, found as they were checked; the targets themselves are made again as
    each is written rather than kept (ten thousand maps' paths weigh more than a map)."""

    to_stdout: bool  # the one target is standard output
    folder: str  # where the exports go: the one target, or the folder common to every target's


def _export_plan(targets: Iterable[Any], force: bool, folder: bool) -> _ExportPlan:
    """Every target checked before any is written: no two maps on one file, each writable, and nothing there
    already unless --force; each check's first failure over all the targets is the one reported."""
    from journeymap.exchange.exporting import Clashes
    from journeymap.files import unwritable_reason

    clashes, unwritable, existing, count, existing_count = Clashes(), None, None, 0, 0
    first = common = None
    for target in targets:
        clash = clashes.clash(target)
        if clash:
            path, first_map, second = (quote(str(item), keep_end=True) for item in clash)
            raise UsageError(f"{first_map} and {second} would both be exported to {path}; export them to different "
                             "--out-dir")  # fmt: skip
        if target.output is None:
            return _ExportPlan(True, "")
        if unwritable is None and (reason := unwritable_reason(target.output, folder)):
            unwritable = target, reason
        if not force and target.output.exists():
            existing = existing or target.output  # only the first is named: the others are counted
            existing_count += 1
        first = first or target.output
        parent = str(target.output.parent)
        common = parent if common is None else os.path.commonpath([common, parent])
        count += 1
    if unwritable is not None:
        target, reason = unwritable
        raise UsageError(f"{quote(str(target.output), keep_end=True)}, the export of "
                         f"{quote(str(target.map_path), keep_end=True)}, cannot be written: {reason}")  # fmt: skip
    if existing is not None:
        _refuse_existing(existing, existing_count)
    return _ExportPlan(False, str(first) if count == 1 else str(Path(common or "")))


def _refuse_existing(first: Path, count: int) -> None:
    more = f" and {count - 1} more" if count > 1 else ""
    verb, them = ("exist", "them") if more else ("exists", "it")
    raise UsageError(f"{quote(str(first), keep_end=True)}{more} {verb} already; add --force to replace {them}, "
                     "or choose another -o or --out-dir")  # fmt: skip


def _invalid_lines(checked: Any, to_stderr: bool) -> Iterator[Event]:
    from journeymap.reporters.text import problem_line

    if checked.is_library and checked.valid:
        yield Note(f"{checked.file} is a library, not a map: nothing to export from it alone")
        return
    for problem in checked.problems:
        yield Show(problem_line(problem), to_stderr)


def _exported_note(written: int, failed: int, output_format: str, plan: _ExportPlan) -> str:
    maps = "1 map" if written == 1 else f"{written} maps"
    where = "" if not written or plan.to_stdout else f" to {plan.folder}"
    skipped = f"; {failed} {'map was' if failed == 1 else 'maps were'} not exported (above)" if failed else ""
    return f"exported {maps} as {output_format}{where}{skipped}"


# ---------------------------------------------------------------- import


class ImportMapOptions(Tuple):
    """The options of `import`, as given."""

    source_format: str
    source: Path
    output: Path | None = None  # None: the map goes to standard output
    force: bool = False
    columns: Sequence[str] = ()  # HEADING=field
    sheet: str | None = None
    title: str | None = None
    locale: str | None = None


def import_map(options: ImportMapOptions) -> Run:
    """Build a map from a spreadsheet or a Mermaid journey: every cell that could not be used is reported,
    the map is written when anything usable was found (exit 1 if something was left out), and an existing
    file is never replaced without --force."""
    from journeymap.exchange import importing
    from journeymap.exchange.formats import IMPORTS, ImportOptions
    from journeymap.exchange.maptext import map_text, schema_reference

    importer = IMPORTS.get(options.source_format)
    if importer is None:
        raise UsageError(f"{quote(options.source_format)} is not an import format; choose {', '.join(IMPORTS)}")
    _check_import_paths(options)
    settings = ImportOptions(_columns(options.columns), options.sheet, options.title, options.locale)
    try:
        imported = importer.function()(options.source, shown(options.source), settings)
    except Exception as error:  # noqa: BLE001 -- a bug: one clear line, never a traceback
        from journeymap.checks import internal_error
        from journeymap.exchange.formats import Imported

        imported = Imported(None, {}, (internal_error(shown(options.source), error),))
    to_stderr = options.output is None
    yield from (Show(_problem_line(problem), to_stderr) for problem in sorted(imported.problems, key=_order))
    if imported.data is None:
        yield Note("nothing was written: the source holds no map journeymap can build (above)")
        yield Verdict(Severity.ERROR, EXIT_PROBLEMS)
        return
    target = options.output or Path.cwd() / "imported.journey.yaml"
    text = map_text(imported.data, imported.notes, schema_reference(target))
    wrong = importing.problems_of_text(text, str(options.output or "<standard output>"))
    if wrong:
        yield from (Show(_problem_line(problem), True) for problem in wrong)
        yield Note("nothing was written: journeymap built an invalid map from this source; please report it")
        yield Verdict(Severity.ERROR, EXIT_PROBLEMS)
        return
    worst = max((problem.severity for problem in imported.problems), default=None)
    if options.output is None:
        yield Emit(text)
    else:
        lint = f"; check it with: journeymap lint {options.output}"
        yield Write(options.output, text, f"wrote {options.output}: {importing.summary(imported.data)}{lint}",
                    replace_map=options.force)  # fmt: skip
    yield Verdict(worst, EXIT_PROBLEMS if worst is not None and worst >= Severity.WARNING else EXIT_OK)


def _check_import_paths(options: ImportMapOptions) -> None:
    from journeymap.discovery import is_map_name

    source, output = options.source, options.output
    if not source.exists():
        what = "is a link to nothing (or to itself)" if os.path.lexists(source) else "does not exist"
        raise UsageError(f"{quote(str(source), keep_end=True)} {what}; name the file to import")
    if output is None:
        return
    if not is_map_name(output.name):
        raise UsageError(f"-o {quote(str(output), keep_end=True)} does not end in .journey.yaml, so lint and render "
                         "would not find it; name it like maps/returns.journey.yaml")  # fmt: skip
    if output.exists() and output.resolve() == source.resolve():
        raise UsageError("-o names the source itself; choose another file for the map")
    # what no --force mends (a folder there, a file where a folder should be) first; an existing map is the
    # one thing --force replaces
    require_writable("-o", output, replace_map=True)
    if output.exists() and not options.force:
        raise UsageError(f"{quote(str(output), keep_end=True)} exists already; add --force to replace it, or "
                         "choose another -o")  # fmt: skip


def _columns(values: Sequence[str]) -> dict[str, str]:
    """--columns 'Actividad=step' as {heading: field}."""
    from journeymap.exchange.workshop import FIELDS
    from journeymap.suggest import did_you_mean

    columns = {}
    for value in values:
        heading, equals, field = value.rpartition("=")
        if not equals or not heading.strip() or not field.strip():
            raise UsageError(f"--columns {quote(value)} is not HEADING=field; write it like --columns 'Actividad=step'")
        if field.strip() not in FIELDS:
            hint, _ = did_you_mean(field.strip(), FIELDS)
            raise UsageError(f"--columns {quote(value)}: {quote(field.strip())} is not a field (the fields are "
                             f"{', '.join(FIELDS)}){hint}")  # fmt: skip
        columns[heading.strip()] = field.strip()
    return columns


def _problem_line(problem: Problem) -> Line:
    from journeymap.reporters.text import problem_line

    return problem_line(problem)


def _order(problem: Problem) -> tuple:
    return problem.sort_key


# ---------------------------------------------------------------- init


class InitOptions(Tuple):
    """The options of `init`, with the answers given at the terminal already in them."""

    path: str | None = None
    template: str = "five-stages"
    locale: str = "en"
    title: str | None = None
    objective: str | None = None
    owner: str | None = None
    persona: str | None = None
    setup: bool = False  # .journeymap.yaml, the schema, a persona library, pre-commit
    ci: str | None = None  # github | gitlab: the set-up and that CI's workflow
    list_templates: bool = False


def init(options: InitOptions) -> Run:
    """Write a new map from a template, and with `setup` the repository's set-up around it; list the
    templates with `list_templates`. No file that exists is replaced: the map is refused (exit 2), a set-up
    file is kept and said to be."""
    import datetime
    import shlex

    from journeymap.starter import catalog, filling
    from journeymap.starter.plan import Refusal, Request, plan

    if options.list_templates:
        yield Emit(catalog.listing())
        yield Verdict(None, EXIT_OK)
        return
    answers = filling.Answers(options.title, options.objective, options.owner, options.persona)
    request = Request(options.path, options.template, options.locale, answers, options.setup or options.ci is not None,
                      options.ci)  # fmt: skip
    try:
        planned = plan(request, Path.cwd(), datetime.date.today())
    except Refusal as refusal:
        raise UsageError(str(refusal)) from None
    where, count = shown(planned.map_path), planned.placeholders
    lint = f"journeymap lint {shlex.quote(where)}"
    todo = f"fill in the {count} placeholder{'s' if count != 1 else ''} lint lists: {lint}" if count else f"check it: {lint}"
    yield Write(planned.map_path, planned.map_text, f"wrote {where} from the {quote(options.template)} template; {todo}")
    for path, text in planned.files:
        yield Write(path, text, f"wrote {shown(path)}")
    for path, consequence in planned.kept:
        yield Note(f"kept {shown(path)}: it exists, and init never overwrites a file{'; ' if consequence else ''}"
                   f"{consequence}")  # fmt: skip
    yield Verdict(None, EXIT_OK)


# ---------------------------------------------------------------- site


class SiteOptions(Tuple):
    """The options of `site` (and of the builds `serve` makes), as given."""

    paths: Sequence[str] = ()
    out_dir: Path | None = None
    views: str = "map,flow,blueprint"
    engine: str = "auto"
    source_url: str | None = None  # None: from the CI service when there is one
    editor_url: str | None = None
    title: str | None = None
    locale: str = "en"
    force: bool = False  # build into a folder that holds other files
    config_path: Path | None = None
    jobs: int = 0


def site(options: SiteOptions) -> Run:
    """Build the portfolio site: a page per map, the index and the pages across maps. An invalid map gets
    a page that says why, is reported here, and fails the run (exit 1); the others are still built."""
    from journeymap.site import build

    settings, files = site_settings(options)
    yield Progress(0, len(files))
    finished, failed, done = None, False, 0
    for event in _site_events(files, settings, options.jobs):
        if isinstance(event, build.Finished):
            finished = event
            break
        failed = failed or bool(event.problems)
        yield from (Show(_problem_line(problem)) for problem in event.problems)
        if not event.file.startswith(build.LIBRARY):
            done += 1
            yield Progress(done, len(files))
    assert finished is not None
    yield Note(_site_note(finished, settings.out_dir))
    yield Verdict(Severity.ERROR if failed else None, EXIT_PROBLEMS if failed else EXIT_OK)


def _site_events(files: Sequence[str], settings: Any, jobs: int) -> Iterator[Any]:
    from journeymap.render.engines import EngineUnavailable
    from journeymap.site import build

    try:
        yield from build.build(files, settings, jobs)
    except EngineUnavailable as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"cannot write the site to {shown(settings.out_dir)}: {(error.strerror or str(error)).lower()}") from None


def site_settings(options: SiteOptions, live: bool = False) -> tuple[Any, list[str]]:
    """The build's settings and maps, every option checked first (a UsageError says what is wrong)."""
    import datetime

    from journeymap.site import build, links

    out_dir = _site_folder(options)
    views = _site_views(options.views)
    config = load_config(options.config_path, options.paths)
    files = discover(options.paths, config)
    _check_site_folder(out_dir, files, options.force)
    rules, review_days = _site_rules(config)
    try:
        source_url = links.source_template(options.source_url, os.environ)
        editor_url = links.editor_template(options.editor_url)
    except links.LinkError as error:
        raise UsageError(str(error)) from None
    settings = build.Settings(
        out_dir, tuple(options.paths or ["."]), views, options.engine, source_url, editor_url, options.locale,
        options.title or "", datetime.date.today(), review_days, rules, live,
    )  # fmt: skip
    return settings, files


def _site_folder(options: SiteOptions) -> Path:
    if options.out_dir is None:
        raise UsageError("site needs --out-dir DIR, the folder to build the site in, such as --out-dir public")
    require_usable("--out-dir", options.out_dir)
    require_writable("--out-dir", options.out_dir, folder=True)
    return options.out_dir


def _site_views(value: str) -> tuple[str, ...]:
    from journeymap.site.build import VIEWS

    views = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [view for view in views if view not in VIEWS]
    if unknown or not views:
        raise UsageError(f"--views {quote(value)}: name one or more of {', '.join(VIEWS)}, separated by commas")
    return views


def _check_site_folder(out_dir: Path, files: Sequence[str], force: bool) -> None:
    """The site's folder must not hold the maps, nor files of someone else's unless --force."""
    from journeymap.site.cache import is_site

    folder = Path(os.path.realpath(out_dir))
    inside = [file for file in files if Path(os.path.realpath(file)).is_relative_to(folder)]
    if inside:
        raise UsageError(f"--out-dir {quote(str(out_dir), keep_end=True)} holds the map {quote(str(inside[0]), keep_end=True)}; "
                         "build the site in a folder of its own, such as --out-dir public")  # fmt: skip
    if out_dir.is_dir() and not force and not is_site(out_dir) and any(out_dir.iterdir()):
        raise UsageError(f"--out-dir {quote(str(out_dir), keep_end=True)} holds files that are not a journeymap "
                         "site; name an empty or new folder, or add --force to build among them")  # fmt: skip


def _site_rules(config: Any) -> tuple[list[Any], int]:
    """The lint rules each page shows the findings of, and how many days a review stays current."""
    from journeymap import rules as rule_catalog
    from journeymap.linter import active_rules

    review = rule_catalog.BY_KEY["review-overdue"]
    return active_rules(config), int(config.setting(review).options["max-age-days"])


def _site_note(finished: Any, out_dir: Path) -> str:
    maps = "1 map" if finished.maps == 1 else f"{finished.maps} maps"
    invalid = f" ({finished.invalid} invalid, with pages that say why)" if finished.invalid else ""
    reused = f", {finished.reused} unchanged since the last build" if finished.reused else ""
    return (f"built the site of {maps}{invalid} in {shown(out_dir)}: {finished.drawn} diagrams drawn{reused}, "
            f"{finished.written} files written; open {shown(out_dir / 'index.html')}")  # fmt: skip


# ---------------------------------------------------------------- serve


class ServeOptions(Tuple):
    """The options of `serve`: its builds' (no out_dir: a temporary folder, removed after), and where it listens."""

    site: SiteOptions
    port: int = 8000
    host: str | None = None  # None: 127.0.0.1, this machine alone


class _Watched(Tuple):
    """What a save may change the site through, as real paths: the maps, their libraries, the configuration."""

    files: frozenset[str]
    libraries: frozenset[str]
    config: str | None

    def concerns(self, path: str) -> bool:
        return path in self.files or path in self.libraries or path == self.config

    def roots(self, arguments: Sequence[str]) -> list[Path]:
        """The folders to watch: those given (a new map there is built), and those of the files named."""
        folders = {os.path.realpath(_folder_of(argument)) for argument in arguments or ["."]}
        folders |= {os.path.dirname(path) for path in (*self.files, *self.libraries, self.config) if path}
        outermost: list[str] = []
        for folder in sorted((folder for folder in folders if os.path.isdir(folder)), key=lambda path: Path(path).parts):
            if not outermost or not _below(folder, outermost[-1]):  # by parts, a folder's subfolders follow it
                outermost.append(folder)
        return [Path(folder) for folder in outermost]


class _Rebuilt(Tuple):
    """A build's tally as serve tells it: the maps read again, how many of those are invalid."""

    finished: Any
    fresh: int
    invalid: int
    watched: _Watched


def serve(options: ServeOptions) -> Run:
    """Serve the site on this machine, rebuild it when a map, one of its libraries or the configuration is
    saved, and reload the pages open in the browser. An invalid map never stops it (its page shows its
    problems). Ctrl-C or SIGTERM stops it: exit 0; 2 when it cannot start."""
    import shutil
    import tempfile

    from journeymap.site import serve as live

    folder = options.site.out_dir or Path(tempfile.mkdtemp(prefix="journeymap-serve-"))
    try:
        with live.stopping() as stop:
            yield from _serving(options._replace(site=options.site._replace(out_dir=folder)), stop)
    finally:  # before the last events: a run is not resumed after its verdict
        if options.site.out_dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    yield Note("stopped")
    yield Verdict(None, EXIT_OK)


def _serving(options: ServeOptions, stop: Any) -> Iterator[Event]:
    from journeymap.site import serve as live

    settings, files = site_settings(options.site, live=True)
    host = options.host or "127.0.0.1"
    try:
        preview = live.listen(settings.out_dir, host, options.port)
    except live.ListenError as error:
        raise UsageError(str(error)) from None
    watched = _Watched(frozenset(map(os.path.realpath, files)), frozenset(), _config_of(options))
    watcher = live.Watcher(watched.roots(options.site.paths), settings.out_dir, _maybe_map)  # saves while building too
    try:
        built = yield from _serve_build(options, files, settings, stop)
        if built is None:  # stopped while building
            return
        if tuple(built.watched.roots(options.site.paths)) != watcher.roots:  # the libraries' folders
            watcher.watch(built.watched.roots(options.site.paths))
        watcher.live.wait(timeout=5)  # once said to be served, every save is seen
        invalid = f" ({built.finished.invalid} invalid)" if built.finished.invalid else ""
        yield Note(f"serving {_maps(built.finished.maps)}{invalid} at {preview.url} (Ctrl-C stops)")
        if not live.is_loopback(host):
            yield Note(f"--host {host} listens beyond this machine: anyone on the network can read these maps")
        yield from _unwatched(watcher)
        yield from _watching(options, built.watched, watcher, preview, stop)
    finally:
        watcher.close()
        preview.close()


def _serve_build(options: ServeOptions, files: Sequence[str], settings: Any, stop: Any) -> Iterator[Event]:
    """Build (incrementally), showing the problems of the maps read again; the _Rebuilt, or None when
    stopped meanwhile."""
    import contextlib

    from journeymap.site import build

    libraries, fresh, invalid = set(), 0, 0
    with contextlib.closing(_site_events(files, settings, options.site.jobs)) as events:
        while True:
            try:
                with stop.interrupting():  # Ctrl-C cuts short the wait for the workers, never a line being printed
                    event = next(events)
            except KeyboardInterrupt:  # the build stopped its workers on the way out
                return None
            if isinstance(event, build.Finished):
                watched = _Watched(frozenset(map(os.path.realpath, files)), frozenset(libraries), _config_of(options))
                return _Rebuilt(event, fresh, invalid, watched)
            yield from (Show(_problem_line(problem)) for problem in event.problems)
            if event.entry is not None:
                libraries.update(os.path.realpath(path) for path in event.entry.get("libraries", ()))
                fresh += not event.reused
                invalid += not event.reused and not event.entry["valid"]


def _watching(options: ServeOptions, watched: _Watched, watcher: Any, preview: Any, stop: Any) -> Iterator[Event]:
    """Rebuild after every burst of saves until stopped; watch other folders when a library moves there."""
    while (changed := watcher.next(stop)) is not None:
        watched = yield from _rebuild(options, watched, changed, preview, stop)
        roots = tuple(watched.roots(options.site.paths))
        if roots != watcher.roots:
            watcher.watch(roots)
        yield from _unwatched(watcher)


def _unwatched(watcher: Any) -> Iterator[Event]:
    if watcher.error:
        yield Note(f"saves are not seen ({watcher.error}); the site stays served as last built")
        watcher.error = None


def _maybe_map(path: Path) -> bool:
    """What the watcher passes on: YAML files (maps, libraries, the configuration), and new folders, whose
    maps may be written before the watcher watches them; the rebuild sorts out which concern the site."""
    return path.name.endswith((".yaml", ".yml")) or path.is_dir()


def _rebuild(options: ServeOptions, watched: _Watched, changed: set[Path], preview: Any, stop: Any) -> Iterator[Event]:
    """One rebuild after saves that concern the site (others are let be); the pages reload when a file of
    the site changed. A problem that stops the build is one line, and the last site stays served."""
    try:
        settings, files = site_settings(options.site, live=True)
        concerned = _concerned(watched, files, changed)
        if not concerned:
            return watched
        built = yield from _serve_build(options, files, settings, stop)
    except UsageError as error:
        yield from (Show(_problem_line(problem)) for problem in error.problems)
        yield Note(f"not rebuilt: {error.message}")
        return watched
    if built is None:
        return watched
    yield Note(_rebuilt_note(concerned, built))
    if built.finished.written or built.finished.removed:
        preview.announce()
    return built.watched


def _concerned(watched: _Watched, files: Sequence[str], changed: set[Path]) -> list[Path]:
    """The saved files the site is made from (maps, libraries, the configuration), and the maps that are
    new since the last build (in a new folder, say), as real paths."""
    from journeymap.config import CONFIG_NAMES

    now = {os.path.realpath(file) for file in files}
    saved = {real for path in changed if (real := os.path.realpath(path)) in now or watched.concerns(real)
             or path.name in CONFIG_NAMES}  # fmt: skip
    return sorted(Path(path) for path in saved | (now - watched.files))


def _rebuilt_note(changed: Sequence[Path], built: _Rebuilt) -> str:
    first = shown(changed[0])
    what = f"a change to {first}" if len(changed) == 1 else f"changes to {first} and {len(changed) - 1} more"
    if not (built.fresh or built.finished.written or built.finished.removed):  # saved as it was
        return f"rebuilt after {what}: the site is unchanged"
    invalid = f" ({built.invalid} invalid)" if built.invalid else ""
    removed = f", {_count(built.finished.removed, 'file')} removed" if built.finished.removed else ""
    drawn = _count(built.finished.drawn, "diagram")
    return f"rebuilt after {what}: {_maps(built.fresh)}{invalid}, {drawn} drawn{removed}"


def _maps(count: int) -> str:
    return _count(count, "map")


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _config_of(options: ServeOptions) -> str | None:
    """The configuration file the builds read (load_config's search), as a real path; None for none."""
    from journeymap.config import find_config

    paths = options.site.paths
    found = options.site.config_path or find_config(Path.cwd())
    found = found or (find_config(_folder_of(paths[0])) if paths else None)
    return os.path.realpath(found) if found else None


def _below(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder
