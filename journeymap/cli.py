"""The `journeymap` command: parse options, call the library, choose a reporter, exit.

Exit codes: 0 success, 1 problems found, 2 usage, configuration or environment errors.
"""

from __future__ import annotations

import copy
import enum
import functools
import os
import sys
from collections.abc import Callable, Container, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple, NoReturn

import typer

from journeymap import __version__

if TYPE_CHECKING:
    from journeymap.config import Config
    from journeymap.problems import FileResult, Problem, Severity
    from journeymap.reporters import Locate
    from journeymap.styled import Printer

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="journeymap",
    help="Customer-journey maps as code: validate, lint and render YAML journey maps.\n\n"
    "Exit codes: 0 success, 1 problems found, 2 usage, configuration or environment errors.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, enum.Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    gitlab = "gitlab"


class Level(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _version(value: bool) -> None:
    if value:
        print(f"journeymap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Customer-journey maps as code."""


def _usage_error(message: str) -> NoReturn:
    print(f"journeymap: error: {message}", file=sys.stderr)
    raise typer.Exit(EXIT_USAGE)


def _printer(color: bool | None, stderr: bool = False) -> Printer:
    from journeymap.styled import Printer

    return Printer(color, stderr)


def _config(path: Path | None, color: bool | None, paths: Sequence[str] | None = None) -> Config:
    """The configuration named by --config, or found from here upward, or else from the first path given
    upward (a run from outside the repository); a broken one ends the run (exit 2)."""
    from journeymap.config import Config, find_config, load_config

    path = path or find_config(Path.cwd()) or (find_config(_folder_of(paths[0])) if paths else None)
    if path is None:
        return Config()
    if not path.is_file():
        _usage_error(f"configuration file not found: {path}")
    config, problems = load_config(path, _shown(path))
    if config is None:
        _stop_on(problems, f"invalid configuration in {_shown(path)}; fix the problems above", color)
    return config


def _folder_of(argument: str) -> Path:
    """The folder a path argument names, or holds it: where its configuration is looked for."""
    path = Path(os.path.abspath(argument))
    try:
        return path if path.is_dir() else path.parent
    except OSError:  # too long a name, no permission: discovery reports it
        return path.parent


def _stop_on(problems: Sequence[Problem], message: str, color: bool | None) -> NoReturn:
    """Print the problems that make a file journeymap needs unusable, then end the run (exit 2)."""
    from journeymap.reporters import text

    printer = _printer(color, stderr=True)  # standard output stays the report, parseable whatever happens
    for problem in problems:
        printer.print(text.problem_line(problem))
    _usage_error(message)


def _shown(path: Path) -> str:
    from journeymap.workspace import Workspace

    return Workspace().display(path)


def _discover(paths: list[str], config: Config) -> list[str]:
    from journeymap.discovery import MAP_SUFFIXES, discover, is_map_name

    def wanted(path: Path) -> bool:
        matched = config.includes(path) if config.include else is_map_name(path.name)
        return matched and not config.excludes(path)

    found = discover(paths, wanted)
    if found.unusable:
        _usage_error("; ".join(found.unusable))
    if not found.files:
        where = ", ".join(found.empty)
        _usage_error(f"no journey maps ({' or '.join('*' + s for s in MAP_SUFFIXES)}) found in {where}")
    return list(found.files)


class _Output(NamedTuple):  # a NamedTuple, not a dataclass: importing dataclasses costs every start
    """What to do with a run's findings, as the options say; parsed before the run, so a bad option
    costs no checking."""

    output_format: OutputFormat | None  # None: text, plus annotations in GitHub Actions
    report_files: Sequence[tuple[str, Path]] = ()  # from --report FORMAT:PATH
    statistics: bool = False
    quiet: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    color: bool | None = None
    fail_on: Severity | None = None  # the least severity that fails the run; None: warning


Judged = Callable[["FileResult"], Container[str]]  # the checks and rules a run applied to a file


def _publish(results: Sequence[FileResult], command: str, output: _Output, judged: Judged) -> list[FileResult]:
    """Apply the baseline, write the report files, print the report; return the results as reported.

    `judged` keeps a baseline from calling fixed what the run did not check (a rule that is off, say).
    """
    results = _with_baseline(results, output, judged)
    locate = _locator()
    _write_reports(results, command, output, locate)
    _report(results, command, output, locate)
    return results


def _write_reports(results: Sequence[FileResult], command: str, output: _Output, locate: Locate) -> None:
    from journeymap.reporters import render

    for format_name, path in output.report_files:
        _write(path, render(format_name, results, command, locate, output.fail_on))
        _note(f"wrote the {format_name} report to {path}", output.quiet)


def _annotate_in_github(results: Sequence[FileResult], command: str, locate: Locate) -> None:
    """In GitHub Actions, workflow commands that annotate the pull request, after the text report."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from journeymap.reporters import render

        sys.stdout.write(render("github", results, command, locate))


def _report(results: Sequence[FileResult], command: str, output: _Output, locate: Locate) -> None:
    """Print the report on standard output; with no format chosen, text plus annotations in GitHub Actions."""
    if output.output_format not in (None, OutputFormat.text):
        from journeymap.reporters import render

        sys.stdout.write(render(output.output_format.value, results, command, locate, output.fail_on))
        return
    _print_text(results, command, output)
    if output.output_format is None:
        _annotate_in_github(results, command, locate)


def _report_files(values: Sequence[str]) -> list[tuple[str, Path]]:
    """`--report sarif:out.sarif` -> [("sarif", Path("out.sarif"))]; a malformed value ends the run (exit 2)."""
    from journeymap.reporters import FORMATS
    from journeymap.suggest import did_you_mean

    files = []
    for value in values:
        format_name, _, path = value.partition(":")
        if format_name not in FORMATS or not path:
            tail = did_you_mean(format_name, FORMATS)[0] if path else ""
            from journeymap.problems import quote

            _usage_error(f"--report wants FORMAT:PATH, FORMAT one of {', '.join(FORMATS)}; not {quote(value)}{tail}")
        files.append((format_name, Path(path)))
    return files


def _with_baseline(results: Sequence[FileResult], output: _Output, judged: Judged) -> list[FileResult]:
    """The results less what the baseline records, plus its fixed entries; --write-baseline records them
    all, so nothing of this run is left to show."""
    path = output.write_baseline or output.baseline
    if path is None:
        return list(results)
    from journeymap import baseline
    from journeymap.problems import FileResult

    if output.write_baseline:
        _write(path, baseline.dump(results, Path(os.path.abspath(path)).parent))
        count = sum(len(result.problems) for result in results)
        _note(f"recorded {_findings(count)} in the baseline {_shown(path)}", output.quiet)
        return [FileResult(result.file, result.kind, (), len(result.problems)) for result in results]
    if not path.is_file():
        _usage_error(f"baseline file not found: {path}; create it with --write-baseline")
    known, problems = baseline.load(path, _shown(path))
    if known is None:
        _stop_on(problems, f"invalid baseline {_shown(path)}; fix the problems above or write it again", output.color)
    applied = baseline.apply(known, results, judged)
    if applied.hidden and output.output_format not in (None, OutputFormat.text):  # text says it in its summary
        _note(f"{_findings(applied.hidden)} recorded in {known.file} not shown", output.quiet)
    return applied.results


def _locator() -> Locate:
    """Names each reported file from the root of its own repository, as CI services expect."""
    from journeymap.workspace import Workspace

    return Workspace().from_root


def _write(path: Path, text: str) -> None:
    from journeymap.files import write_atomically

    try:
        write_atomically(path, text)
    except OSError as error:
        _usage_error(f"cannot write {path}: {(error.strerror or str(error)).lower()}")


def _findings(count: int) -> str:
    return f"{count} finding" if count == 1 else f"{count} findings"


def _note(message: str, quiet: bool) -> None:
    """Say what the run did besides reporting, on standard error so that reports stay parseable."""
    if not quiet:
        print(f"journeymap: {message}", file=sys.stderr)


def _exit_code(worst: Severity | None, threshold: Severity, exit_zero: bool = False) -> int:
    """1 when the most severe finding reaches the threshold (unless --exit-zero), else 0."""
    failed = worst is not None and worst >= threshold
    return EXIT_PROBLEMS if failed and not exit_zero else EXIT_OK


PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Map files, or directories to search for *.journey.yaml and *.journey.yml. Default: the current directory.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Report format on standard output. Default: text, plus GitHub annotations when GITHUB_ACTIONS=true.",
        show_default=False,
    ),
]
ReportOption = Annotated[
    list[str] | None,
    typer.Option(
        "--report",
        metavar="FORMAT:PATH",
        help="Also write the report in FORMAT (text, json, sarif, github, junit, gitlab) to PATH, replacing it "
        "atomically. Repeatable.",
        show_default=False,
    ),
]
StatisticsOption = Annotated[bool, typer.Option("--statistics", help="Count the findings per check and rule.")]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only the problems and the summary: no statistics, no notes.")
]
BaselineOption = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        metavar="FILE",
        help="Hide the findings recorded in FILE and report only new ones; entries that match nothing any more "
        "are reported as fixed (info).",
        show_default=False,
    ),
]
WriteBaselineOption = Annotated[
    Path | None,
    typer.Option(
        "--write-baseline",
        metavar="FILE",
        help="Record every finding of this run in FILE, to use with --baseline; this run then reports none.",
        show_default=False,
    ),
]
ColorOption = Annotated[
    bool | None,
    typer.Option(
        "--color/--no-color",
        help="Force colour on or off. Default: colour on a terminal unless NO_COLOR is set.",
        show_default=False,
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Configuration file. Default: the nearest .journeymap.yaml from here up to the git root, "
        "else from the first path given up to its git root.",
        show_default=False,
    ),
]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help="Processes to check with. Default (0): one per core when there are many files, else 1.",
        show_default=False,
    ),
]


@app.command(
    epilog="**Examples**\n\n"
    "    journeymap validate                      # every map below the current directory\n\n"
    "    journeymap validate examples/ maps/checkout.journey.yaml\n\n"
    "    journeymap validate --format json maps/ > report.json\n\n"
    "    journeymap validate maps/ --report sarif:journeymap.sarif   # text here, SARIF for code scanning"
)
def validate(
    paths: PathsArgument = None,
    output_format: FormatOption = None,
    report: ReportOption = None,
    statistics: StatisticsOption = False,
    quiet: QuietOption = False,
    baseline: BaselineOption = None,
    write_baseline: WriteBaselineOption = None,
    color: ColorOption = None,
    config_path: ConfigOption = None,
    jobs: JobsOption = 0,
) -> None:
    """Check journey maps against the format's JSON Schema and their ids, references and includes.

    Prints `path:line:col: error[code name]: message` for every problem, then a summary.
    Exits 0 when every file is valid, 1 when problems were found, 2 on usage, configuration or
    environment errors.
    """
    from journeymap import checks
    from journeymap.problems import Severity
    from journeymap.validator import validate_files

    output = _output(output_format, report, statistics, quiet, baseline, write_baseline, color)
    config = _config(config_path, color, paths)
    worst = _check(validate_files, "validate", paths, config, jobs, output, lambda _: checks.CODES)
    raise typer.Exit(_exit_code(worst, Severity.ERROR))  # a fixed baseline entry (info) does not fail


def _output(
    output_format: OutputFormat | None, reports: list[str] | None, statistics: bool, quiet: bool,
    baseline: Path | None, write_baseline: Path | None, color: bool | None,
) -> _Output:  # fmt: skip
    """The report options, checked before any map is: a typo in --report or a missing baseline exits 2 at once."""
    if baseline is not None and write_baseline is None and not baseline.is_file():
        _usage_error(f"baseline file not found: {baseline}; create it with --write-baseline")
    return _Output(output_format, _report_files(reports or ()), statistics, quiet, baseline, write_baseline, color)


def _check(
    task: Callable[[Sequence[str]], Iterable[FileResult]], command: str, paths: list[str] | None, config: Config,
    jobs: int, output: _Output, judged: Judged,
) -> Severity | None:  # fmt: skip
    """The shared run of validate and lint: find the maps, check them on as many processes as pay, report.
    The most severe finding reported, or None."""
    from journeymap import parallel
    from journeymap.reporters import Tally

    files = _discover(paths or ["."], config)
    results = parallel.stream(task, files, parallel.jobs_for(jobs, len(files)))
    if _streams(output):
        return _print_text(results, command, output)
    return Tally.of(_publish(list(results), command, output, judged)).worst


def _streams(output: _Output) -> bool:
    """Whether the report is text alone, printed as each file is checked: nothing needs all the results at once."""
    text_only = output.output_format is OutputFormat.text or (
        output.output_format is None and os.environ.get("GITHUB_ACTIONS") != "true"
    )
    return text_only and not (output.report_files or output.baseline or output.write_baseline)


def _print_text(results: Iterable[FileResult], command: str, output: _Output) -> Severity | None:
    """The text report: each file's problems as they come, then the counts, the only thing kept, so memory
    does not grow with the maps. Returns the most severe finding, or None."""
    from journeymap.reporters import Tally, text

    printer, tally = _printer(output.color), Tally()
    for result in results:
        for line in text.problem_lines(result):
            printer.print(line)
        tally.add(result)
    for line in text.closing_lines(tally, command, output.statistics and not output.quiet):
        printer.print(line)
    return tally.worst


@app.command(
    epilog="**Examples**\n\n"
    "    journeymap lint                                   # every map below the current directory\n\n"
    "    journeymap lint maps/ --select JM3 --ignore stage-without-metrics\n\n"
    "    journeymap lint maps/ --fail-on error             # warnings are shown but do not fail\n\n"
    "    journeymap lint --write-baseline baseline.json    # record today's findings; then, in CI:\n\n"
    "    journeymap lint --baseline baseline.json          # fail only on new findings\n\n"
    "Suppress a finding with a comment on its line or the line above:\n\n"
    "    # journeymap: disable=stage-without-metrics -- measured in the CRM report"
)
def lint(
    paths: PathsArgument = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", "-s", help="Run only these rules: codes, names or code prefixes (JM3). Repeatable."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", "-i", help="Skip these rules: codes, names or code prefixes. Repeatable."),
    ] = None,
    fail_on: Annotated[
        Level | None,
        typer.Option(
            "--fail-on", help="Exit 1 when a finding is at least this severe. Default: from the config, else warning.",
            show_default=False,
        ),
    ] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported.")] = False,
    output_format: FormatOption = None,
    report: ReportOption = None,
    statistics: StatisticsOption = False,
    quiet: QuietOption = False,
    baseline: BaselineOption = None,
    write_baseline: WriteBaselineOption = None,
    color: ColorOption = None,
    config_path: ConfigOption = None,
    jobs: JobsOption = 0,
) -> None:
    """Find the gaps that make a journey map useless: validate each map, then run the rule catalog on it.

    Prints `path:line:col: severity[code name]: message` for every finding, then a summary.
    Rules are configured in `.journeymap.yaml`; `journeymap rules` lists them.
    Exits 0 when nothing reaches `--fail-on` (or with `--exit-zero`), 1 when something does, 2 on usage,
    configuration or environment errors.
    """
    import datetime

    from journeymap import checks
    from journeymap.linter import SelectionError, active_rules, lint_task
    from journeymap.problems import Severity

    output = _output(output_format, report, statistics, quiet, baseline, write_baseline, color)
    config = _config(config_path, color, paths)
    threshold = Severity[fail_on.name.upper()] if fail_on else config.fail_on
    output = output._replace(fail_on=threshold)
    try:
        active = active_rules(config, _split(select), _split(ignore))
    except SelectionError as error:
        _usage_error(str(error))
    task = functools.partial(lint_task, active=active, today=datetime.date.today())
    linted = checks.CODES | {item.rule.code for item in active}

    def judged(result: FileResult) -> Container[str]:  # the rules do not run on a map that is not valid
        return checks.CODES if any(problem.code in checks.CODES for problem in result.problems) else linted

    worst = _check(task, "lint", paths, config, jobs, output, judged)
    raise typer.Exit(_exit_code(worst, threshold, exit_zero))


def _split(values: list[str] | None) -> list[str]:
    """`--select a,b --select c` -> [a, b, c]."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


class RulesFormat(str, enum.Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command(
    epilog="**Examples**\n\n"
    "    journeymap rules\n\n"
    "    journeymap rules stage-without-touchpoints\n\n"
    "    journeymap rules JM403"
)
def rules(
    rule: Annotated[str | None, typer.Argument(help="A rule code or name: print its full documentation.")] = None,
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.")] = RulesFormat.text,
) -> None:
    """List the lint rules (code, name, default severity, summary), or document one rule."""
    from journeymap import ruledocs
    from journeymap import rules as catalog

    chosen = None
    if rule is not None:
        chosen = catalog.find(rule)
        if chosen is None:
            from journeymap.suggest import did_you_mean

            tail, _ = did_you_mean(rule, [item.name for item in catalog.ALL])
            from journeymap.problems import quote

            _usage_error(f"no rule {quote(rule)}{tail or '; run journeymap rules to list them'}")
    if output_format is RulesFormat.json:
        print(ruledocs.as_json([chosen] if chosen else catalog.ALL))
    elif output_format is RulesFormat.markdown:
        sys.stdout.write(ruledocs.rule_markdown(chosen) if chosen else ruledocs.catalog_markdown())
    else:
        from rich.console import Console

        Console(highlight=False, soft_wrap=True).print(ruledocs.rule_renderable(chosen) if chosen else ruledocs.catalog_table())


@app.command(epilog="**Example**\n\n    journeymap schema > journeymap.schema.json")
def schema() -> None:
    """Print the JSON Schema of the journey-map format (draft 2020-12), for editors and other tools."""
    from journeymap.schema import schema_text

    sys.stdout.write(schema_text())


def _choices(name: str, values: Sequence[str]) -> type[enum.Enum]:
    """An option's choices as the enum typer wants, from the library's own list."""
    return enum.Enum(name, {value: value for value in values}, type=str)  # type: ignore[return-value]


DiagramFormat = _choices("DiagramFormat", ("svg", "png", "pdf", "dot"))
DiagramView = _choices("DiagramView", ("map", "flow"))
EngineName = _choices("EngineName", ("auto", "system", "embedded"))


@app.command(
    "render",
    epilog="**Examples**\n\n"
    "    journeymap render examples/            # examples/shoe-shop.journey.svg, ...\n\n"
    "    journeymap render maps/ --out-dir docs/journeys --format png\n\n"
    "    journeymap render maps/checkout.journey.yaml --view flow --persona maya\n\n"
    "    journeymap render maps/ --annotate     # the lint findings, drawn on the map\n\n"
    "    journeymap render maps/ --check        # in CI: fail when a diagram is out of date",
)
def render_command(
    paths: PathsArgument = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir", "-o", help="Write the diagrams here, mirroring the folders below each directory argument. "
            "Default: next to each map.", show_default=False,
        ),
    ] = None,
    maps_root: Annotated[
        Path | None,
        typer.Option(
            "--maps-root", metavar="DIR", help="With --out-dir, mirror the folders below DIR, however the maps are "
            "named: pre-commit's changed maps land where `render DIR` puts them.", show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        DiagramFormat, typer.Option("--format", "-f", help="svg or dot anywhere; png and pdf need Graphviz's dot.")
    ] = DiagramFormat("svg"),
    view: Annotated[
        DiagramView, typer.Option("--view", help="map: the journey-map grid. flow: steps linked to touchpoints.")
    ] = DiagramView("map"),
    persona: Annotated[
        str | None, typer.Option("--persona", "-p", metavar="ID",
                                 help="Draw only this persona's steps; maps without it are skipped.",
                                 show_default=False),
    ] = None,
    annotate: Annotated[bool, typer.Option("--annotate", help="Draw the map's lint findings on the map view.")] = False,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="system: Graphviz's dot. embedded: built-in, SVG only. "
                                 "auto: system when dot is on PATH.")
    ] = EngineName("auto"),
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if a diagram is missing or differs from its map.")
    ] = False,
    color: ColorOption = None,
    config_path: ConfigOption = None,
    jobs: JobsOption = 0,
    reports: ReportOption = None,
) -> None:
    """Draw each journey map as a diagram with Graphviz: one file per map, named after it.

    `shoe-shop.journey.yaml` gives `shoe-shop.journey.svg` (`.flow.svg` for the flow view, `.maya.svg` for
    `--persona maya`). Invalid maps are reported as `validate` does and skipped; the others still render.
    Exits 0 when every diagram was drawn (or is up to date with `--check`), 1 when a map failed or a diagram
    is stale or missing, 2 on usage, configuration or environment errors (such as PNG without Graphviz).
    """
    from journeymap.render import pipeline, report
    from journeymap.render.engines import EngineUnavailable
    from journeymap.workspace import Workspace

    report_files = _report_files(reports or ())
    if annotate and view.value == "flow":
        _usage_error("--annotate draws lint findings on the map view; leave it out with --view flow")
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        from journeymap.problems import quote

        _usage_error(f"--out-dir {quote(str(out_dir), keep_end=True)} is a file, not a directory; name a directory")
    config = _config(config_path, color, paths)
    files = _discover(paths or ["."], config)  # as text, the lighter to hold by the thousand
    if maps_root is not None:
        _check_maps_root(maps_root, out_dir, files)
    try:
        drawer = pipeline.engine_for(engine.value, output_format.value, check)
    except EngineUnavailable as error:
        _usage_error(str(error))
    rules = ()
    if annotate:  # the rule catalog costs a tenth of a second to import; only --annotate needs it
        from journeymap.linter import active_rules

        rules = active_rules(config)
    request = pipeline.Request(
        output_format.value, view.value, persona, annotate, out_dir, tuple(paths or ["."]), check, rules,
        maps_root=maps_root, config=config_path,
    )  # fmt: skip
    workspace = Workspace()
    missing = pipeline.missing_persona(files, workspace, persona) if persona else None
    if missing:
        _usage_error(missing)
    printer = _printer(color)
    rerun = report.rerun(request, engine.value)
    keep = bool(report_files) or os.environ.get("GITHUB_ACTIONS") == "true"  # reports need every map's findings
    tally = report.Tally(workspace.display, rerun, keep)
    _render_all(files, workspace, request, drawer, printer, engine.value, jobs, tally)
    printer.print(report.summary(tally, check, rerun))
    _render_reports(tally.results, report_files)
    raise typer.Exit(EXIT_PROBLEMS if tally.failed else EXIT_OK)


def _check_maps_root(maps_root: Path, out_dir: Path | None, files: Sequence[str]) -> None:
    """--maps-root needs --out-dir, must be a directory and must hold every map (exit 2 otherwise)."""
    from journeymap.problems import quote

    shown = quote(str(maps_root), keep_end=True)
    if out_dir is None:
        _usage_error(f"--maps-root {shown} only places diagrams under --out-dir; add --out-dir or leave it out")
    if not maps_root.is_dir():
        _usage_error(f"--maps-root {shown} is not a directory; name the folder that holds the maps")
    from journeymap.render.output import relative_folder

    outside = [path for path in files if relative_folder(Path(path), [str(maps_root)]) is None]
    if outside:
        more = f" and {len(outside) - 1} more" if len(outside) > 1 else ""
        _usage_error(f"{quote(str(outside[0]), keep_end=True)}{more} lies outside --maps-root {shown}; "
                     "name a --maps-root that holds every map")  # fmt: skip


def _render_reports(results: Sequence[FileResult], report_files: Sequence[tuple[str, Path]]) -> None:
    """--report files, and annotations in GitHub Actions, of the maps that failed or whose diagrams are out of date."""
    locate = _locator()
    _write_reports(results, "render", _Output(None, report_files, quiet=True), locate)  # render prints its own lines
    _annotate_in_github(results, "render", locate)


def _render_all(  # noqa: ANN001 -- workspace, request, drawer, tally: see render/, imported only when rendering
    files: list[str], workspace, request, drawer, printer: Printer, engine_name: str, jobs: int, tally
) -> None:
    """Render on several processes when there are many maps, with a progress bar on a terminal; print each
    outcome's lines as it comes and count it."""
    from journeymap.render.engines import EngineUnavailable

    try:
        _render_outcomes(files, workspace, request, drawer, printer, engine_name, jobs, tally)
    except EngineUnavailable as error:  # from this process or from a worker
        _usage_error(str(error))


def _render_outcomes(  # noqa: ANN001 -- workspace, request, drawer, tally: see render/, imported only when rendering
    files: list[str], workspace, request, drawer, printer: Printer, engine_name: str, jobs: int, tally
) -> None:
    import contextlib

    from journeymap import parallel
    from journeymap.render import pipeline, report

    jobs = parallel.jobs_for(jobs, len(files), per_process=2)  # a diagram takes Graphviz a tenth of a second
    outcomes = pipeline.stream(files, workspace, request, drawer, engine_name, jobs)
    progress = _progress(len(files))
    if progress:  # with a bar, both streams are the terminal: print above the bar, through its console
        from journeymap.styled import Printer

        printer = Printer(None, console=progress.console)
    with progress or contextlib.nullcontext():
        for outcome in outcomes:
            for line in report.outcome_lines(outcome, workspace.display, tally.rerun):
                printer.print(line)
            tally.add(outcome)
            if progress:
                progress.advance(progress.task_ids[0])


def _progress(total: int):  # noqa: ANN202 -- rich is imported only when a bar is shown
    """A progress bar on standard error when the output is a terminal and there are enough maps to wait for."""
    if total < 4 or not (sys.stdout.isatty() and sys.stderr.isatty()):
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), console=Console(stderr=True),
                        transient=True)  # fmt: skip
    progress.add_task("rendering", total=total)
    return progress


def main() -> None:
    for stream in (sys.stdout, sys.stderr):  # reports are UTF-8, whatever a Windows pipe's code page is
        if (stream.encoding or "").lower().replace("-", "") != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors=stream.errors)
    if sys.argv[1:] in (["--version"], ["-V"]):  # asked by scripts and hooks: skip building the commands
        print(f"journeymap {__version__}")
        return
    try:
        os.getcwd()
    except FileNotFoundError:
        print("journeymap: error: the working directory no longer exists; cd into one that does", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    _for_command(sys.argv[1:])()


def _for_command(arguments: Sequence[str]) -> typer.Typer:
    """The app with only the command that `arguments` name: typer builds every command's options from its
    signature before running one, a sixth of a run's start-up. The whole app for anything else (top-level
    help, an unknown command, shell completion)."""
    if not arguments or any(key.endswith("_COMPLETE") for key in os.environ):
        return app
    chosen = [info for info in app.registered_commands if _command_name(info) == arguments[0]]
    if not chosen:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = chosen
    return narrowed


def _command_name(info: typer.models.CommandInfo) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__)
