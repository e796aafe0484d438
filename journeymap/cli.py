"""The `journeymap` command: parse options, call the library, choose a reporter, exit.

Exit codes: 0 success, 1 problems found, 2 usage, configuration or environment errors.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from journeymap import __version__
from journeymap.problems import quote

if TYPE_CHECKING:
    from journeymap.config import Config
    from journeymap.problems import FileResult

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


def _console(color: bool | None):  # rich's console is imported only when text is printed
    """Colour as asked; by default on a terminal unless NO_COLOR is set (rich reads it when no_color is None)."""
    from rich.console import Console

    if color is None:
        return Console(highlight=False, soft_wrap=True)
    return Console(highlight=False, soft_wrap=True, no_color=not color, force_terminal=color)


def _config(path: Path | None, color: bool | None) -> Config:
    """The configuration named by --config, or found from here upward; a broken one ends the run (exit 2)."""
    from journeymap.config import Config, find_config, load_config

    path = path or find_config(Path.cwd())
    if path is None:
        return Config()
    if not path.is_file():
        _usage_error(f"configuration file not found: {path}")
    config, problems = load_config(path, _shown(path))
    if config is None:
        from journeymap.reporters import text

        console = _console(color)
        for problem in problems:
            console.print(text.problem_line(problem))
        _usage_error(f"invalid configuration in {_shown(path)}; fix the problems above")
    return config


def _shown(path: Path) -> str:
    from journeymap.workspace import Workspace

    return Workspace().display(path)


def _discover(paths: list[str], config: Config) -> list[Path]:
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


def _report(results: Sequence[FileResult], command: str, output_format: OutputFormat, color: bool | None) -> None:
    if output_format is OutputFormat.json:
        from journeymap.reporters import json as json_reporter

        print(json_reporter.report(results, command))
        return
    from journeymap.reporters import text

    console = _console(color)
    for line in text.report(results, command):
        console.print(line)


PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Map files, or directories to search for *.journey.yaml and *.journey.yml. Default: the current directory.",
        show_default=False,
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")]
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
        help="Configuration file. Default: the nearest .journeymap.yaml from here up to the git root.",
        show_default=False,
    ),
]


@app.command(
    epilog="**Examples**\n\n"
    "    journeymap validate                      # every map below the current directory\n\n"
    "    journeymap validate examples/ maps/checkout.journey.yaml\n\n"
    "    journeymap validate --format json maps/ > report.json"
)
def validate(
    paths: PathsArgument = None,
    output_format: FormatOption = OutputFormat.text,
    color: ColorOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Check journey maps against the format's JSON Schema and their ids, references and includes.

    Prints `path:line:col: error[code name]: message` for every problem, then a summary.
    Exits 0 when every file is valid, 1 when problems were found, 2 on usage or configuration errors.
    """
    from journeymap.validator import check_files, to_result
    from journeymap.workspace import Workspace

    files = _discover(paths or ["."], _config(config_path, color))
    results = [to_result(checked) for checked in check_files(files, Workspace())]
    _report(results, "validate", output_format, color)
    raise typer.Exit(EXIT_PROBLEMS if any(result.problems for result in results) else EXIT_OK)


@app.command(
    epilog="**Examples**\n\n"
    "    journeymap lint                                   # every map below the current directory\n\n"
    "    journeymap lint maps/ --select JM3 --ignore stage-without-metrics\n\n"
    "    journeymap lint maps/ --fail-on error             # warnings are shown but do not fail\n\n"
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
    output_format: FormatOption = OutputFormat.text,
    color: ColorOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Find the gaps that make a journey map useless: validate each map, then run the rule catalog on it.

    Prints `path:line:col: severity[code name]: message` for every finding, then a summary.
    Rules are configured in `.journeymap.yaml`; `journeymap rules` lists them.
    Exits 0 when nothing reaches `--fail-on`, 1 when something does, 2 on usage or configuration errors.
    """
    import datetime

    from journeymap.linter import SelectionError, active_rules, lint_files
    from journeymap.problems import Severity
    from journeymap.workspace import Workspace

    config = _config(config_path, color)
    try:
        active = active_rules(config, _split(select), _split(ignore))
    except SelectionError as error:
        _usage_error(str(error))
    files = _discover(paths or ["."], config)
    results = lint_files(files, Workspace(), active, datetime.date.today())
    _report(results, "lint", output_format, color)
    threshold = Severity[fail_on.name.upper()] if fail_on else config.fail_on
    failed = any(problem.severity >= threshold for result in results for problem in result.problems)
    raise typer.Exit(EXIT_PROBLEMS if failed and not exit_zero else EXIT_OK)


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
            _usage_error(f"no rule {quote(rule)}{tail or '; run journeymap rules to list them'}")
    if output_format is RulesFormat.json:
        print(ruledocs.as_json([chosen] if chosen else catalog.ALL))
    elif output_format is RulesFormat.markdown:
        sys.stdout.write(ruledocs.rule_markdown(chosen) if chosen else ruledocs.catalog_markdown())
    else:
        console = _console(None)
        console.print(ruledocs.rule_renderable(chosen) if chosen else ruledocs.catalog_table())


@app.command(epilog="**Example**\n\n    journeymap schema > journeymap.schema.json")
def schema() -> None:
    """Print the JSON Schema of the journey-map format (draft 2020-12), for editors and other tools."""
    from journeymap.schema import schema_text

    sys.stdout.write(schema_text())


def main() -> None:
    app()
