"""The `journeymap` command: parse options, call the library, choose a reporter, exit.

Exit codes: 0 success, 1 problems found, 2 usage, configuration or environment errors.
"""

from __future__ import annotations

import copy
import enum
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from journeymap import __version__, launch
from journeymap.problems import LEVELS
from journeymap.reporters import FORMATS

if TYPE_CHECKING:
    import click


app = typer.Typer(
    name="journeymap",
    help="Customer-journey maps as code: start, validate, lint, render, diff, export and import YAML journey maps.\n\n"
    "Exit codes: 0 success, 1 problems found, 2 usage, configuration or environment errors.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _choices(name: str, values: Sequence[str]) -> type[enum.Enum]:
    """An option's choices as the enum typer wants, from the library's own list."""
    return enum.Enum(name, {value: value for value in values}, type=str)  # type: ignore[return-value]


OutputFormat = _choices("OutputFormat", FORMATS)
Level = _choices("Level", LEVELS)


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
ChangedOption = Annotated[
    bool,
    typer.Option(
        "--changed",
        help="The paths are changed files, as pre-commit passes them: check those that are maps, and the maps "
        "below the current directory (render: below --maps-root, if given) that include any of the others; "
        "ignore the rest.",
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
    changed: ChangedOption = False,
) -> None:
    """Check journey maps against the format's JSON Schema and their ids, references and includes.

    Prints `path:line:col: error[code name]: message` for every problem, then a summary.
    Exits 0 when every file is valid, 1 when problems were found, 2 on usage, configuration or
    environment errors.
    """
    from journeymap import run

    options = run.CheckOptions(paths or (), _format(output_format), report or (), statistics, quiet, baseline,
                               write_baseline, config_path, jobs, changed)  # fmt: skip
    launch.check("validate", options, color)


def _format(output_format: OutputFormat | None) -> str | None:
    return output_format.value if output_format else None


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
    changed: ChangedOption = False,
) -> None:
    """Find the gaps that make a journey map useless: validate each map, then run the rule catalog on it.

    Prints `path:line:col: severity[code name]: message` for every finding, then a summary.
    Rules are configured in `.journeymap.yaml`; `journeymap rules` lists them.
    Exits 0 when nothing reaches `--fail-on` (or with `--exit-zero`), 1 when something does, 2 on usage,
    configuration or environment errors.
    """
    from journeymap import run

    options = run.CheckOptions(paths or (), _format(output_format), report or (), statistics, quiet, baseline,
                               write_baseline, config_path, jobs, changed, select or (), ignore or (),
                               fail_on.value if fail_on else None, exit_zero)  # fmt: skip
    launch.check("lint", options, color)


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
    rule: Annotated[str | None, typer.Argument(help="A rule or check, by code or name: print its documentation.")] = None,
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.")] = RulesFormat.text,
) -> None:
    """List the lint rules (code, name, default severity, summary), or document one rule."""
    from journeymap import run

    if output_format is not RulesFormat.text:
        launch.carry_out(lambda: run.rules(rule, output_format.value), None)
    from rich.console import Console

    from journeymap import ruledocs

    try:
        chosen = run.catalog_entry(rule) if rule is not None else None
    except run.UsageError as error:
        launch.usage_error(error.message)
    Console(highlight=False, soft_wrap=True).print(ruledocs.rule_renderable(chosen) if chosen else ruledocs.catalog_table())


@app.command(epilog="**Example**\n\n    journeymap schema -o journeymap.schema.json   # at your repository's root")
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="PATH", help="Write it to PATH, atomically; an existing file is "
                     "replaced only when it is a journeymap schema.", show_default=False),
    ] = None,
) -> None:
    """Print the JSON Schema of the journey-map format (draft 2020-12), for editors and other tools."""
    from journeymap import run

    launch.carry_out(lambda: run.schema(output), None)


DiagramFormat = _choices("DiagramFormat", ("svg", "png", "pdf", "dot"))
DiagramView = _choices("DiagramView", ("map", "flow", "blueprint"))
DiagramState = _choices("DiagramState", ("current", "future"))
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
        DiagramFormat, typer.Option("--format", "-f", help="svg, png, pdf, or dot (the Graphviz source).")
    ] = DiagramFormat("svg"),
    view: Annotated[
        DiagramView, typer.Option("--view", help="map: the journey-map grid. flow: steps linked to touchpoints. "
                                  "blueprint: the service blueprint, from the customer's actions to support processes.")
    ] = DiagramView("map"),
    state: Annotated[
        DiagramState | None, typer.Option("--state", help="Draw the current or the future journey alone. Default: the "
                                          "map as written, a future state compared with the current one.",
                                          show_default=False),
    ] = None,
    paper: Annotated[
        str | None, typer.Option("--paper", metavar="SIZE", help="Fit the diagram to a page: a4, a3, a2, a1 or a0, "
                                 "landscape, or portrait as a1-portrait (PDF: that page; PNG: its pixels; SVG: its "
                                 "millimetres). A map of 15 stages or more is wrapped into bands that fill it.",
                                 show_default=False),
    ] = None,
    persona: Annotated[
        str | None, typer.Option("--persona", "-p", metavar="ID",
                                 help="Draw only this persona's steps; maps without it are skipped.",
                                 show_default=False),
    ] = None,
    annotate: Annotated[bool, typer.Option("--annotate", help="Draw the map's lint findings on the map view.")] = False,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="Who draws the SVG (PNG and PDF are made from it). system: Graphviz's "
                                 "dot. embedded: built-in. auto: system when dot is on PATH.")
    ] = EngineName("auto"),
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if a diagram is missing or was drawn from "
                                "another version of its map or options (by the digest it carries: a diagram "
                                "of any engine checks alike, and the check needs no Graphviz).")
    ] = False,
    color: ColorOption = None,
    config_path: ConfigOption = None,
    jobs: JobsOption = 0,
    reports: ReportOption = None,
    changed: ChangedOption = False,
) -> None:
    """Draw each journey map as a diagram with Graphviz: one file per map, named after it.

    `shoe-shop.journey.yaml` gives `shoe-shop.journey.svg` (`.flow.svg` and `.blueprint.svg` for the other
    views, `.future.svg` for `--state future`, `.maya.svg` for `--persona maya`). Invalid maps are reported as `validate` does and skipped; the others still render.
    Exits 0 when every diagram was drawn (or is up to date with `--check`), 1 when a map failed or a diagram
    is stale or missing, 2 on usage, configuration or environment errors (such as --engine system without Graphviz).
    """
    from journeymap import run

    options = run.RenderOptions(
        paths or (), out_dir, maps_root, output_format.value, view.value, persona, annotate, engine.value,
        state.value if state else None, paper, check, config_path, jobs, reports or (), changed,
    )  # fmt: skip
    launch.carry_out(lambda: run.render(options), color)


DiffFormat = _choices("DiffFormat", ("text", "markdown", "json"))


class _KeepsDoubleDash(typer.core.TyperCommand):
    """diff's command line, whose `--` parts the revisions from the paths as in git: click drops the first
    `--` it meets, so one more goes before it, and the user's reaches the arguments."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" in args:
            args = [*args[: args.index("--")], "--", *args[args.index("--") :]]
        return super().parse_args(ctx, args)


@app.command(
    "diff",
    cls=_KeepsDoubleDash,
    epilog="**Examples**\n\n"
    "    journeymap diff                        # the working tree against HEAD\n\n"
    "    journeymap diff main                   # the working tree against main\n\n"
    "    journeymap diff origin/main...HEAD --format markdown   # a pull request, for its comment\n\n"
    "    journeymap diff old.journey.yaml new.journey.yaml\n\n"
    "    journeymap diff main --fail-on new-high-pain-point-without-opportunity",
)
def diff_command(
    arguments: Annotated[
        list[str] | None,
        typer.Argument(metavar="[BASE [HEAD]] [PATHS]...", help="Two git revisions (or BASE..HEAD), one (against "
                       "the working tree) or none (the working tree against HEAD); or two files, or two folders. "
                       "PATHS: only the maps below them.", show_default=False),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, markdown (a pull-request comment) or json.")
    ] = DiffFormat("text"),
    fail_on: Annotated[
        list[str] | None,
        typer.Option("--fail-on", metavar="POLICY", help="Exit 1 when a change breaks this policy (repeatable): "
                     "new-high-pain-point-without-opportunity, emotion-drop-at-moment-of-truth, metric-away-from-target, "
                     "removed-stage, new-lint-errors, any-change.", show_default=False),
    ] = None,
    color: ColorOption = None,
    config_path: ConfigOption = None,
    reports: ReportOption = None,
    jobs: JobsOption = 0,
) -> None:
    """Review a change to the journeys as a CX change: stages, steps, touchpoints, personas, pain points,
    opportunities and metrics added, removed, changed or moved; emotions per persona and state; lint findings
    introduced and fixed. Maps are read from git's objects, nothing is checked out.

    Exits 0 when no --fail-on policy breaks, 1 when one does or a map cannot be compared, 2 on usage errors.
    """
    from journeymap import run

    options = run.DiffOptions(tuple(arguments or ()), output_format.value, tuple(reports or ()), tuple(fail_on or ()),
                              config_path, jobs)  # fmt: skip
    launch.check("diff", options, color)


@app.command(
    "init",
    epilog="**Examples**\n\n"
    "    journeymap init                                  # asks for the title, objective, owner and persona\n\n"
    "    journeymap init --list                           # the templates\n\n"
    "    journeymap init maps/ --template saas-onboarding --title 'Onboarding a new team' --persona 'Dana Kim'\n\n"
    "    journeymap init maps/renovar-el-dni.journey.yaml --template public-service --locale es\n\n"
    "    journeymap init maps/ --with-ci github           # the map, .journeymap.yaml, pre-commit and a workflow",
)
def init_command(
    path: Annotated[
        str | None,
        typer.Argument(metavar="[PATH]", help="The map to write (*.journey.yaml or *.journey.yml), or a folder to "
                       "write it in. Default: named after the title, or the template, here.", show_default=False),
    ] = None,
    template: Annotated[
        str, typer.Option("--template", "-t", metavar="NAME", help="The stage model to start from; --list shows them.")
    ] = "five-stages",
    locale: Annotated[
        str, typer.Option("--locale", "-l", metavar="en|es", help="The map's language: its text and its locale (es-MX: the Spanish template, "
                     "locale es-MX).")
    ] = "en",
    title: Annotated[str | None, typer.Option("--title", help="The map's title.", show_default=False)] = None,
    objective: Annotated[
        str | None, typer.Option("--objective", help="What the map is for.", show_default=False)
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="The team or person who answers for the map.", show_default=False)
    ] = None,
    persona: Annotated[
        str | None, typer.Option("--persona", help="The first persona's name; its id is made from it.",
                                 show_default=False),
    ] = None,
    setup: Annotated[
        bool, typer.Option("--setup", help="Also set up the repository at its root (the git root, else here), "
                           "keeping any file there: .journeymap.yaml, journeymap.schema.json, "
                           "library/personas.yaml (the persona, which the map includes) and .pre-commit-config.yaml.")
    ] = False,
    with_ci: Annotated[
        list[str] | None, typer.Option("--with-ci", metavar="github|gitlab", help="The set-up of --setup, and a CI "
                                 "workflow: .github/workflows/journey-maps.yml or .gitlab-ci.yml.",
                                 show_default=False),
    ] = None,
    list_templates: Annotated[bool, typer.Option("--list", help="List the templates, a line each.")] = False,
    color: ColorOption = None,
) -> None:
    """Start a journey map from a template of a stage model, with TODO where only you know what goes.

    On a terminal, without --title, --objective, --owner or --persona, it asks for them (Enter keeps the
    TODO). The map validates, and `journeymap lint` lists each TODO left. An existing file is never
    replaced: the map's is refused (exit 2), a set-up file is kept.
    Exits 0 when the map was written, 2 on usage errors.
    """
    from journeymap import run

    answers = (title, objective, owner, persona)
    if not list_templates and all(answer is None for answer in answers) and _on_terminal():
        answers = _ask_for_answers()
    services = list(dict.fromkeys(with_ci or ()))
    if len(services) > 1:
        named = " and ".join(repr(service) for service in services)
        message = f"--with-ci is given {named}; init writes one CI workflow: give --with-ci once"
        launch.carry_out(lambda: _refuse(run.UsageError(message)), color)
    options = run.InitOptions(path, template, locale, *answers, setup, services[0] if services else None,
                              list_templates)  # fmt: skip
    launch.carry_out(lambda: run.init(options), color)


def _refuse(error: Exception) -> NoReturn:
    raise error


def _on_terminal() -> bool:
    """Whether a person is there to answer: standard input and output are both a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


INIT_QUESTIONS = (
    ("Title of the journey", "such as Buying boots online"),
    ("Objective: what the map is for", "such as Cut basket abandonment before the winter peak"),
    ("Owner: the team that answers for it", "such as Customer Experience"),
    ("First persona's name", "such as Maya Patel"),
)


def _ask_for_answers() -> tuple[str | None, ...]:
    """The title, objective, owner and first persona, asked one by one; Enter keeps the template's TODO."""
    print("A new journey map: answer, or press Enter to leave a TODO that journeymap lint lists.", file=sys.stderr)
    answers = []
    for question, example in INIT_QUESTIONS:
        try:
            answer = typer.prompt(f"{question} ({example})", default="", show_default=False, err=True)
        except (typer.Abort, KeyboardInterrupt, EOFError):  # Ctrl-C, or the input ended
            print("\njourneymap: interrupted; nothing was written", file=sys.stderr)
            raise typer.Exit(130) from None
        answers.append(answer.strip() or None)
    return tuple(answers)


# exchange.formats' names, written out so that loading the CLI does not load the exchange package (a test
# holds them equal)
ExportFormat = _choices("ExportFormat", ("markdown", "mermaid", "csv", "xlsx", "json"))
ImportFormat = _choices("ImportFormat", ("csv", "xlsx", "mermaid"))
ForceOption = Annotated[bool, typer.Option("--force", help="Replace files that exist already.")]


@app.command(
    "export",
    epilog="**Examples**\n\n"
    "    journeymap export maps/boots.journey.yaml --format mermaid      # to standard output\n\n"
    "    journeymap export maps/ --format markdown --out-dir wiki/journeys\n\n"
    "    journeymap export maps/boots.journey.yaml --format xlsx -o boots.xlsx\n\n"
    "    journeymap export maps/ --format csv --out-dir sheets           # a folder of CSV files per map",
)
def export_command(
    paths: PathsArgument = None,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="markdown (wikis, pull requests), mermaid (a journey "
                                   "diagram), csv (a folder of tables), xlsx (a workbook), json (the model).")
    ] = ExportFormat("markdown"),
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", "-d", help="Write each map's export under DIR, at the map's place "
                                  "relative to the directory it was found in.", show_default=False)
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write one map's export to FILE (a folder "
                                  "for csv).", show_default=False)
    ] = None,
    force: ForceOption = False,
    color: ColorOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Export maps for the people who read them elsewhere: a Markdown document, a Mermaid journey, CSV files,
    an XLSX workbook or the normalized model as JSON. Without -o or --out-dir, one map in a text format goes to
    standard output, and otherwise each export goes next to its map.

    Exits 0 when every map was exported, 1 when an invalid map was skipped, 2 on usage errors (such as a file
    that exists already, without --force).
    """
    from journeymap import run

    options = run.ExportOptions(tuple(paths or ()), output_format.value, out_dir, output, force, config_path)
    launch.carry_out(lambda: run.export(options), color)


@app.command(
    "import",
    epilog="**Examples**\n\n"
    "    journeymap import csv workshop.csv -o maps/onboarding.journey.yaml\n\n"
    "    journeymap import xlsx export/boots.xlsx -o maps/boots.journey.yaml\n\n"
    "    journeymap import csv taller.csv --columns 'Actividad=step' --title 'Alta de cliente'\n\n"
    "    journeymap import mermaid docs/journey.mmd -o maps/journey.journey.yaml",
)
def import_command(
    source_format: Annotated[ImportFormat, typer.Argument(metavar="FORMAT", help="csv, xlsx or mermaid.")],
    source: Annotated[Path, typer.Argument(help="The file (for csv: also the folder of an export) to import.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="MAP", help="Write the map to MAP (a .journey.yaml "
                                  "file). Default: standard output.", show_default=False)
    ] = None,
    force: ForceOption = False,
    columns: Annotated[
        list[str] | None, typer.Option("--columns", metavar="HEADING=FIELD", help="Read the column HEADING as "
                                       "FIELD (stage, step, persona, touchpoint, channel, emotion, thought, "
                                       "pain_point, ...). Repeatable.", show_default=False)
    ] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="The workbook sheet to read.", show_default=False)] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="The map's title, when the source has none.", show_default=False)
    ] = None,
    locale: Annotated[
        str | None, typer.Option("--locale", help="The map's language (en, es), when the source does not say.",
                                 show_default=False)
    ] = None,
    color: ColorOption = None,
) -> None:
    """Build a map from a spreadsheet (the layout of an export, or a workshop sheet with a row per step) or a
    Mermaid journey diagram. Every cell that could not be used is reported with its place.

    Exits 0 when everything was used, 1 when cells were left out (the map is still written) or nothing usable
    was found (nothing is written), 2 on usage errors (such as an existing file, without --force).
    """
    from journeymap import run

    options = run.ImportMapOptions(source_format.value, source, output, force, tuple(columns or ()), sheet, title,
                                   locale)  # fmt: skip
    launch.carry_out(lambda: run.import_map(options), color)


SiteOutDir = Annotated[
    Path | None, typer.Option("--out-dir", "-d", metavar="DIR", help="Build the site in DIR (such as public): "
                              "a new or empty folder, or one journeymap built before.", show_default=False),
]
ViewsOption = Annotated[
    str, typer.Option("--views", help="The diagrams on each map's page, of map, flow and blueprint, separated by "
                      "commas; fewer views build faster.")
]
SourceUrlOption = Annotated[
    str | None, typer.Option("--source-url", metavar="TEMPLATE", help="Link findings to the map's line in the "
                             "repository: a URL with {path}, {line} and {column}, such as "
                             "https://github.com/ORG/REPO/blob/main/{path}#L{line}. Default: the commit's page "
                             "in GitHub Actions and GitLab CI, else no links; \"\" for none.", show_default=False),
]
SiteTitleOption = Annotated[
    str | None, typer.Option("--title", help="The site's name, at the top of every page.", show_default=False)
]
SiteLocaleOption = Annotated[
    str, typer.Option("--locale", help="The language of the pages across maps (en, es); each map's page is in "
                      "its map's language.")
]


@app.command(
    "site",
    epilog="**Examples**\n\n"
    "    journeymap site examples/ --out-dir public\n\n"
    "    journeymap site maps/ -d public --title 'Ashby & Lowe journeys' --locale es\n\n"
    "    journeymap site maps/ -d public --views map     # the map view alone: a third of the drawing",
)
def site_command(
    paths: PathsArgument = None,
    out_dir: SiteOutDir = None,
    views: ViewsOption = "map,flow,blueprint",
    source_url: SourceUrlOption = None,
    title: SiteTitleOption = None,
    locale: SiteLocaleOption = "en",
    engine: Annotated[EngineName, typer.Option("--engine", help="Who draws the diagrams: system, embedded, or "
                                               "auto (system when dot is on PATH).")] = EngineName("auto"),
    force: Annotated[bool, typer.Option("--force", help="Build in a folder that holds other files too (they are "
                                        "kept, unless the site has a file of that name).")] = False,
    color: ColorOption = None,
    config_path: ConfigOption = None,
    jobs: JobsOption = 0,
) -> None:
    """Build the team's journey portfolio as a static site: an index of every map with search and filters, a page
    per map with its diagrams and findings, and pages across maps (pain points, opportunities, metrics off target,
    reviews due, personas). It needs no server: open DIR/index.html, or publish DIR with GitHub or GitLab Pages.

    A rebuild redraws only the maps that changed. Exits 0 when every map was built, 1 when a map is invalid (its
    page says why) or a diagram failed, 2 on usage or environment errors.
    """
    from journeymap import run

    options = run.SiteOptions(tuple(paths or ()), out_dir, views, engine.value, source_url, None, title, locale,
                              force, config_path, jobs)  # fmt: skip
    launch.carry_out(lambda: run.site(options), color)


@app.command(
    "serve",
    epilog="**Examples**\n\n"
    "    journeymap serve examples/                      # http://127.0.0.1:8000/\n\n"
    "    journeymap serve maps/ --port 0 --editor-url vscode\n\n"
    "    journeymap serve maps/ --editor-url 'myeditor://open?file={absolute}&line={line}'",
)
def serve_command(
    paths: PathsArgument = None,
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="The port to listen on; 0 for any "
                                      "free one (the line printed says which).")] = 8000,
    host: Annotated[str | None, typer.Option("--host", help="Listen on this address instead of 127.0.0.1 (this "
                                             "machine alone), such as 0.0.0.0 to show the maps on the network.",
                                             show_default=False)] = None,
    editor_url: Annotated[str | None, typer.Option("--editor-url", metavar="EDITOR|TEMPLATE", help="Open a card's "
                                                   "or a finding's line in the editor: vscode, vscodium, idea, "
                                                   "sublime, or a URL with {absolute} (or {path}), {line} and "
                                                   "{column}.", show_default=False)] = None,
    out_dir: Annotated[Path | None, typer.Option("--out-dir", "-d", metavar="DIR", help="Build in DIR and keep it "
                                                 "(the next serve starts faster). Default: a temporary folder, "
                                                 "removed when serve stops.", show_default=False)] = None,
    views: ViewsOption = "map,flow,blueprint",
    title: SiteTitleOption = None,
    locale: SiteLocaleOption = "en",
    engine: Annotated[EngineName, typer.Option("--engine", help="Who draws the diagrams: system, embedded, or "
                                               "auto (system when dot is on PATH).")] = EngineName("auto"),
    force: Annotated[bool, typer.Option("--force", help="Build in an --out-dir that holds other files too.")] = False,
    color: ColorOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Preview the site while you write: serve it on this machine, rebuild it when a map, a library or the
    configuration is saved, and reload the page in the browser. An invalid map's page shows its problems
    in place of its diagrams.

    Ctrl-C stops it. Exits 0 when stopped, 2 when it cannot start (a port in use, a bad option).
    """
    from journeymap import run

    sys.stdout.reconfigure(line_buffering=True)  # a map's problems show as they are found, even through a pipe
    site = run.SiteOptions(tuple(paths or ()), out_dir, views, engine.value, None, editor_url, title, locale, force,
                           config_path)  # fmt: skip
    launch.carry_out(lambda: run.serve(run.ServeOptions(site, port, host)), color)


def app_for(arguments: Sequence[str]) -> typer.Typer:
    """The app with only the command that `arguments` name: typer builds every command's options from its
    signature before running one, a sixth of a run's start-up. The whole app for anything else (top-level
    help, an unknown command, shell completion)."""
    if not arguments or launch.completing(os.environ):
        return app
    chosen = [info for info in app.registered_commands if _command_name(info) == arguments[0]]
    if not chosen:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = chosen
    return narrowed


def _command_name(info: typer.models.CommandInfo) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__)
