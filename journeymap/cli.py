"""The `journeymap` command: parse options, call the library, choose a reporter, exit.

Exit codes: 0 success, 1 problems found, 2 usage or environment errors.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from journeymap import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="journeymap",
    help="Customer-journey maps as code: validate, lint and render YAML journey maps.\n\n"
    "Exit codes: 0 success, 1 problems found, 2 usage or environment errors.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, enum.Enum):
    text = "text"
    json = "json"


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


def _discover(paths: list[str]) -> list[Path]:
    from journeymap.discovery import MAP_SUFFIXES, discover

    found = discover(paths)
    if found.unusable:
        _usage_error("; ".join(found.unusable))
    if not found.files:
        where = ", ".join(found.empty)
        _usage_error(f"no journey maps ({' or '.join('*' + s for s in MAP_SUFFIXES)}) found in {where}")
    return list(found.files)


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
    typer.Option("--color/--no-color", help="Force colour on or off. Default: colour on a terminal unless NO_COLOR is set.", show_default=False),
]


@app.command(
    epilog="**Examples**\n\n"
    "    journeymap validate                      # every map below the current directory\n\n"
    "    journeymap validate examples/ maps/checkout.journey.yaml\n\n"
    "    journeymap validate --format json maps/ > report.json"
)
def validate(paths: PathsArgument = None, output_format: FormatOption = OutputFormat.text, color: ColorOption = None) -> None:
    """Check journey maps against the format's JSON Schema and their ids, references and includes.

    Prints `path:line:col: error[code name]: message` for every problem, then a summary.
    Exits 0 when every file is valid, 1 when problems were found, 2 on usage errors.
    """
    from journeymap.validator import check_files, to_result
    from journeymap.workspace import Workspace

    files = _discover(paths or ["."])
    results = [to_result(checked) for checked in check_files(files, Workspace())]
    if output_format is OutputFormat.json:
        from journeymap.reporters import json as json_reporter

        print(json_reporter.report(results, "validate"))
    else:
        from journeymap.reporters import text

        console = _console(color)
        for line in text.report(results):
            console.print(line)
    raise typer.Exit(EXIT_PROBLEMS if any(result.problems for result in results) else EXIT_OK)


@app.command(epilog="**Example**\n\n    journeymap schema > journeymap.schema.json")
def schema() -> None:
    """Print the JSON Schema of the journey-map format (draft 2020-12), for editors and other tools."""
    from journeymap.schema import schema_text

    sys.stdout.write(schema_text())


def main() -> None:
    app()
