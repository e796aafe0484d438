"""The console script: start the run a command line asks for, carry out its events, exit with its verdict.

pre-commit runs `validate` or `lint` on a map or two at every commit, and CI `diff` on a pull request's few
changed maps, where start-up is most of the wait and importing typer (with the click it carries) is a third
of it. So a check or a diff whose command line holds nothing but paths (revisions) and its own options, each
written out in full (`--jobs 2`, `--format=json`), is parsed here, to the very options typer would build (the
tests hold the two to that); anything else (help, a misspelt or abbreviated option, a bad value, `--`, shell
completion, any other command) goes to typer in cli.py, which says what is wrong. Nothing here imports typer.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from journeymap import __version__
from journeymap.record import Tuple

if TYPE_CHECKING:
    from journeymap.problems import Problem
    from journeymap.run import CheckOptions, DiffOptions, Event, Progress
    from journeymap.styled import Printer

def main() -> None:
    for stream in (sys.stdout, sys.stderr):  # reports are UTF-8, whatever a Windows pipe's code page is
        if (stream.encoding or "").lower().replace("-", "") != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors=stream.errors)
    arguments = sys.argv[1:]
    if arguments in (["--version"], ["-V"]):  # asked by scripts and hooks: skip building the commands
        print(f"journeymap {__version__}")
        return
    try:
        os.getcwd()
    except FileNotFoundError:
        print("journeymap: error: the working directory no longer exists; cd into one that does", file=sys.stderr)
        sys.exit(2)  # usage or environment (run.EXIT_USAGE, not imported before a command is chosen)
    try:
        try:
            _start(arguments)
        finally:  # the report's last lines, while a reader that stopped early can still be told apart
            sys.stdout.flush()
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        _quiet_broken_pipe()  # a reader that stopped early (`| head`): exit 1 without a word, as typer does


def _start(arguments: Sequence[str]) -> None:
    quick = quick_check(arguments, os.environ)
    if quick is not None:
        check(*quick)  # exits
    from journeymap.cli import app_for

    app_for(arguments)()


class QuickCheck(Tuple):
    """A `validate`, `lint` or `diff` command line parsed without typer: the command, its options and --color."""

    command: str
    options: CheckOptions | DiffOptions
    color: bool | None = None


class _Option(Tuple):
    field: str
    kind: str  # flag (True), on/off (--color/--no-color), text, path, count (an integer >= 0), or a choice list:
    # format (a check's report), diff-format or level
    repeated: bool = False
    lint_only: bool = False


_OPTIONS = {
    "--format": _Option("output_format", "format"), "-f": _Option("output_format", "format"),
    "--report": _Option("reports", "text", repeated=True),
    "--statistics": _Option("statistics", "flag"), "--quiet": _Option("quiet", "flag"), "-q": _Option("quiet", "flag"),
    "--baseline": _Option("baseline", "path"), "--write-baseline": _Option("write_baseline", "path"),
    "--color": _Option("color", "on"), "--no-color": _Option("color", "off"),
    "--config": _Option("config_path", "path"), "-c": _Option("config_path", "path"),
    "--jobs": _Option("jobs", "count"), "-j": _Option("jobs", "count"), "--changed": _Option("changed", "flag"),
    "--select": _Option("select", "text", repeated=True, lint_only=True),
    "-s": _Option("select", "text", repeated=True, lint_only=True),
    "--ignore": _Option("ignore", "text", repeated=True, lint_only=True),
    "-i": _Option("ignore", "text", repeated=True, lint_only=True),
    "--fail-on": _Option("fail_on", "level", lint_only=True),
    "--exit-zero": _Option("exit_zero", "flag", lint_only=True),
}  # fmt: skip
_DIFF_OPTIONS = {
    "--format": _Option("output_format", "diff-format"), "-f": _Option("output_format", "diff-format"),
    "--fail-on": _Option("fail_on", "text", repeated=True), "--report": _Option("reports", "text", repeated=True),
    "--color": _Option("color", "on"), "--no-color": _Option("color", "off"),
    "--config": _Option("config_path", "path"), "-c": _Option("config_path", "path"),
    "--jobs": _Option("jobs", "count"), "-j": _Option("jobs", "count"),
}  # fmt: skip
_VALUE_KINDS = ("text", "path", "count", "format", "diff-format", "level")


def quick_check(arguments: Sequence[str], environ: dict[str, str] | os._Environ) -> QuickCheck | None:
    """The check `arguments` ask for, if they are a command line this parser is sure of; else None (typer's)."""
    if not arguments or arguments[0] not in ("validate", "lint", "diff") or completing(environ):
        return None
    command, given = arguments[0], {}
    options, positional = (_DIFF_OPTIONS, "arguments") if command == "diff" else (_OPTIONS, "paths")
    tokens = iter(arguments[1:])
    for token in tokens:
        if not token.startswith("-"):
            given.setdefault(positional, []).append(token)
            continue
        name, equals, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        option = options.get(name)
        if option is None or (option.lint_only and command == "validate"):
            return None
        if option.kind in _VALUE_KINDS:
            value = _value(option.kind, attached if equals else next(tokens, None))
        else:
            value = None if equals else option.kind != "off"
        if value is None or (option.field in given and not option.repeated):
            return None
        if option.repeated:
            given.setdefault(option.field, []).append(value)
        else:
            given[option.field] = value
    return _quick(command, given)


def completing(environ: dict[str, str] | os._Environ) -> bool:
    """Whether the shell asks for completions (click's _PROG_COMPLETE variable): typer's, with every command."""
    return any(key.endswith("_COMPLETE") for key in environ)


def _value(kind: str, text: str | None) -> object:
    """An option's value as typer converts it, or None when typer should judge it (missing, odd or wrong)."""
    if not text or text.startswith("-"):
        return None
    if kind == "count":
        return int(text) if text.isascii() and text.isdigit() else None
    if kind in ("format", "diff-format", "level"):
        return text if text in _choices(kind) else None
    return Path(text) if kind == "path" else text


def _choices(kind: str) -> tuple[str, ...]:
    if kind == "diff-format":
        from journeymap.run import diff_formats

        return diff_formats()
    from journeymap.problems import LEVELS
    from journeymap.reporters import FORMATS

    return FORMATS if kind == "format" else LEVELS


def _quick(command: str, given: dict) -> QuickCheck:
    from journeymap.run import CheckOptions, DiffOptions

    color = given.pop("color", None)
    if command == "diff":  # as cli.diff_command hands them over: every sequence a tuple
        return QuickCheck(command, DiffOptions(**{field: tuple(value) if isinstance(value, list) else value
                                                  for field, value in given.items()}), color)  # fmt: skip
    return QuickCheck(command, CheckOptions(**given), color)  # type: ignore[arg-type]


def check(command: str, options: CheckOptions | DiffOptions, color: bool | None) -> NoReturn:
    """Carry out `validate`, `lint` or `diff` with these options, from typer's command or from the quick parse."""
    from journeymap import run

    carry_out(lambda: getattr(run, command)(options), color)


def carry_out(run: Callable[[], Iterable[Event]], color: bool | None) -> NoReturn:
    """Carry out a run: print its report and notes, write its files, show its progress on a terminal, exit
    with its verdict (2 on a usage error)."""
    from journeymap.run import UsageError

    terminal = _Terminal(color)
    try:
        for event in run():
            terminal.take(event)
    except UsageError as error:
        terminal.stop()
        _stop_on(error.problems, error.message, color)
    except KeyboardInterrupt:
        terminal.stop()
        print("journeymap: interrupted; what was written is complete, the rest was not drawn or checked",
              file=sys.stderr)  # fmt: skip
        sys.exit(130)  # 128 + SIGINT, as shells report it
    finally:
        terminal.stop()  # the bar hides the cursor while it runs
    raise AssertionError("a run ends with its verdict")  # pragma: no cover


class _Terminal:
    """Where a run's events go: the report to standard output, notes to standard error, files to disk, and
    progress to a bar, above which the report then prints; the verdict exits."""

    def __init__(self, color: bool | None) -> None:
        self.color, self.printer, self.errors, self.bar = color, printer_for(color), None, None

    def take(self, event: Event) -> None:
        from journeymap.run import Emit, Note, Progress, Show, Verdict, Write

        if isinstance(event, Show) and event.to_stderr:
            self.errors = self.errors or printer_for(self.color, stderr=True)
            self.errors.print(event.line)
        elif isinstance(event, Show):
            self.printer.print(event.line)
        elif isinstance(event, Progress):
            self._progress(event)
        elif isinstance(event, Emit):
            sys.stdout.write(event.text)
        elif isinstance(event, Note):
            print(f"journeymap: {event.text}", file=sys.stderr)
        elif isinstance(event, Write):
            _write(event.path, event.text, event.replace_map, event.durable)
            if event.done:
                print(f"journeymap: {event.done}", file=sys.stderr)
        elif isinstance(event, Verdict):
            sys.exit(event.exit_code)

    def _progress(self, event: Progress) -> None:
        if event.done == 0 and (bar := _progress_bar(event.total, self.color)):
            self.bar = bar
            bar.start()  # with a bar, both streams are the terminal: print above it, through its console
            self.printer = printer_for(self.color, console=bar.console)
        elif self.bar:
            self.bar.update(self.bar.task_ids[0], completed=event.done)

    def stop(self) -> None:
        if self.bar is not None and self.bar.live.is_started:
            self.bar.stop()


def usage_error(message: str) -> NoReturn:
    from journeymap.run import EXIT_USAGE

    print(f"journeymap: error: {message}", file=sys.stderr)
    sys.exit(EXIT_USAGE)


def printer_for(color: bool | None, stderr: bool = False, console=None) -> Printer:  # noqa: ANN001 -- rich, if used
    from journeymap.styled import Printer

    return Printer(None if console else color, stderr, console)


def _stop_on(problems: Sequence[Problem], message: str, color: bool | None) -> NoReturn:
    """Print the problems that stop the run (a broken configuration, say), then end it (exit 2)."""
    from journeymap.reporters import text

    printer = printer_for(color, stderr=True)  # standard output stays the report, parseable whatever happens
    for problem in problems:
        printer.print(text.problem_line(problem))
    usage_error(message)


def _write(path: Path, data: str | bytes, replace_map: bool = False, durable: bool = True) -> None:
    from journeymap.files import write_atomically

    try:
        write_atomically(path, data, replace_map, sync=durable)
    except OSError as error:
        usage_error(f"cannot write {path}: {(error.strerror or str(error)).lower()}")


def _progress_bar(total: int, color: bool | None):  # noqa: ANN202 -- rich is imported only when a bar is shown
    """A progress bar on standard error when the output is a terminal and there are enough maps to wait for;
    lines printed above it keep their length and --no-color."""
    if total < 4 or not (sys.stdout.isatty() and sys.stderr.isatty()):
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from journeymap.styled import wants_color

    console = Console(stderr=True, soft_wrap=True, highlight=False, no_color=not wants_color(color, sys.stderr))
    progress = Progress(TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), console=console, transient=True)
    progress.add_task("rendering", total=total)
    return progress


def _quiet_broken_pipe() -> NoReturn:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # what is left in the buffers goes nowhere, without a second error
    sys.exit(1)
