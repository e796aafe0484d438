"""Every journeymap command against its reference, in one table of ratios with the targets they must meet.

    python benchmarks/run.py                          # every section at full size (most of an hour on 2 cores)
    python benchmarks/run.py --quick                  # small sizes, one round, about a minute: a change under review
    python benchmarks/run.py --only check,render --markdown results.md

Sections (--only, separated by commas):
  startup   one map: validate, lint and --version against `python -c "import typer"`
  check     --maps maps: validate and lint, with 1 and 2 processes, against the floor (PyYAML's C loader reading
            the same files); check-jsonschema and yamllint against lint, when installed
  render    --render-maps maps in each view: render with the system engine, the embedded one and 2 processes
            against Graphviz's dot alone on the same DOT
  views     each view's DOT (no Graphviz) of rich maps of 6 and of 24 stages: what a step costs at both sizes
  diff      diff HEAD~1 HEAD where 10 of --maps maps changed, against lint of those 10
  exchange  export of --maps maps in each format against lint of them; import of one map's CSV, workbook and
            Mermaid journey against validate of that map
  site      site of --site-maps maps against render of the same diagrams; rebuilds, the index's size, serve
  memory    peak resident memory of every command at --memory-maps maps against 100 (diff: every map changed
            between the two commits; site: at --site-memory-maps, since it draws every diagram with Graphviz)

Contenders alternate within each round, so a busy machine slows them alike, and a ratio is the median of the
ratios taken round by round. Every command runs as an installed program does, from this interpreter's bin
directory (PYTHONPATH chooses the journeymap measured), with its bytecode cached. --quick leaves out the views
and memory sections (unless --only names them) and the check-jsonschema and yamllint rows; at its sizes start-up
weighs more, so the targets, set for the full sizes, are for the full run to judge. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import journey, rich_journey  # noqa: E402

SCHEMA = HERE.parent / "schemas" / "journeymap.schema.json"
BIN = Path(sys.executable).parent
JOURNEYMAP = str(BIN / "journeymap")

# Every contender runs as an installed program does: with its bytecode cached. Some environments turn
# writing bytecode off, which would make journeymap's modules compile on every run while typer's,
# installed by pip, never do.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.journey.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

SECTIONS = ("startup", "check", "render", "views", "diff", "exchange", "site", "memory")
VIEWS = ("map", "flow", "blueprint")
EXPORT_FORMATS = ("json", "mermaid", "markdown", "csv", "xlsx")
IMPORT_FORMATS = {"csv": "csv", "xlsx": "xlsx", "mermaid": "mmd"}  # format: the extension of its export
FULL_SIZES = {"maps": 1000, "rounds": 3, "render_maps": 40, "site_maps": 1000, "memory_maps": 10_000,
              "site_memory_maps": 1000}  # fmt: skip
QUICK_SIZES = {"maps": 30, "rounds": 1, "render_maps": 1, "site_maps": 10, "memory_maps": 300, "site_memory_maps": 200}
QUICK_LEAVES_OUT = ("views", "memory")  # views: a per-step cost needs many maps; memory: many maps, one at a time
MEMORY_BASE = 100  # the maps every memory row is compared with


class Target(NamedTuple):
    """What a row's ratio (its median, for a row compared with nothing) must be: at most `limit`, or at least."""

    limit: float
    at_least: bool = False

    def met(self, figure: float) -> bool:
        return figure >= self.limit if self.at_least else figure <= self.limit


# The targets, by section and row; a section's "*" is every row of it. A row of each view shares the target.
TARGETS: dict[tuple[str, str], Target] = {
    ("startup", "journeymap --version"): Target(1.3),
    ("startup", "validate (1 map)"): Target(1.3),
    ("startup", "lint (1 map)"): Target(1.5),
    ("check", "validate --jobs 1"): Target(1.0),
    ("check", "lint --jobs 1"): Target(1.2),
    ("check", "lint --jobs 2"): Target(0.8),
    ("check", "check-jsonschema"): Target(5, at_least=True),  # lint at least 5 times faster
    ("render", "render --engine system --jobs 1"): Target(1.2),
    ("render", "render --engine embedded --jobs 1"): Target(1.5),
    ("render", "render --engine system --jobs 2"): Target(0.7),
    ("diff", "diff HEAD~1 HEAD"): Target(1.5),
    ("site", "site --views map"): Target(1.3),
    ("site", "site (three views)"): Target(1.3),
    ("site", "index.html (MB)"): Target(1.5),
    ("site", "rebuild, a step edited: journeymap's own"): Target(2.0),
    ("site", "rebuild, the title edited: journeymap's own"): Target(2.0),
    ("memory", "*"): Target(1.2),
}


class Row(NamedTuple):
    """One line of the results: its samples (one per round) and, when compared, what with and the ratio."""

    name: str
    samples: tuple[float, ...]
    unit: str = "s"
    reference: Row | None = None
    ratio: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


class Group(NamedTuple):
    """The rows of one part of a section, under a title that says the sizes; notes say what was left out."""

    section: str
    title: str
    rows: list[Row]
    notes: tuple[str, ...] = ()


class Measured(NamedTuple):
    seconds: float
    peak_mb: float


def run_command(command: list[str], cwd: Path | None = None) -> Measured:
    """Wall time and peak resident memory (of the largest process among the command and those it waited for)
    of one run; exit 1 (problems found) is a result like 0, anything else stops the benchmark."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=ENV, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            errors.seek(0)
            reason = errors.read().decode(errors="replace")[-500:]
            raise SystemExit(f"{' '.join(command[:3])}… failed ({process.returncode}): {reason}")
    return Measured(seconds, usage.ru_maxrss / 1024)


def timed(command: list[str], cwd: Path | None = None) -> float:
    return run_command(command, cwd).seconds


def peak_memory_mb(command: list[str], cwd: Path | None = None) -> float:
    return run_command(command, cwd).peak_mb


def timer(command: list[str], cwd: Path | None = None, fresh: Path | None = None) -> Callable[[], float]:
    """A contender running `command`; `fresh`: a folder removed before each run, so each builds from nothing."""

    def run() -> float:
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        return timed(command, cwd)

    return run


def race(contenders: dict[str, Callable[[], float]], rounds: int, warm_up: bool = False) -> dict[str, list[float]]:
    """Seconds of each contender in each round; `warm_up`: run each once first, uncounted, to write bytecode and
    fill the disk cache (it matters for runs of a tenth of a second)."""
    for run in contenders.values() if warm_up else ():
        run()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, run in contenders.items():
            times[name].append(run())
    return times


def compared(samples: dict[str, list[float]], reference: str, others: dict[str, str] | None = None,
             unit: str = "s") -> list[Row]:  # fmt: skip
    """A row per contender, in order, each compared round by round with `reference` (or with the contender
    `others` names for it); the reference's own row is compared with nothing."""
    plain = {name: Row(name, tuple(values), unit) for name, values in samples.items()}
    rows = []
    for name, row in plain.items():
        base = plain[(others or {}).get(name, reference)]
        if base is row:
            rows.append(row)
            continue
        ratio = statistics.median(value / base_value for value, base_value in zip(row.samples, base.samples))
        rows.append(row._replace(reference=base, ratio=ratio))
    return rows


def quantity(value: float, unit: str) -> str:
    """Three significant digits (at most three decimals), then the unit."""
    return f"{value:.{_decimals(value)}f} {unit}"


def _decimals(value: float) -> int:
    return min(3, max(0, 2 - math.floor(math.log10(abs(value))))) if value else 0


HEADER = ("row", "median", "range", "compared with", "ratio", "target", "met")


def table(groups: Iterable[Group]) -> str:
    """The results as one Markdown table: a title line per group, then its rows."""
    lines = ["| " + " | ".join(HEADER) + " |", "| --- | ---: | ---: | --- | ---: | ---: | --- |"]
    for group in groups:
        lines.append(f"| **{group.title}** |" + " |" * (len(HEADER) - 1))
        lines += ["| " + " | ".join(_cells(group.section, row)) + " |" for row in group.rows]
    return "\n".join(lines)


def _cells(section: str, row: Row) -> list[str]:
    target = TARGETS.get((section, row.name)) or TARGETS.get((section, "*"))
    low, high = min(row.samples), max(row.samples)
    spread = f"{low:.{_decimals(low)}f}–{high:.{_decimals(high)}f}" if len(row.samples) > 1 else ""
    compared_with = f"{row.reference.name} ({quantity(row.reference.median, row.unit)})" if row.reference else ""
    ratio = f"{row.ratio:.2f}×" if row.ratio is not None else ""
    if target is None:
        return [row.name, quantity(row.median, row.unit), spread, compared_with, ratio, "", ""]
    figure = row.median if row.ratio is None else row.ratio
    limit = f"{'≥' if target.at_least else '≤'} {target.limit:g}" + (" " + row.unit if row.ratio is None else "×")
    return [row.name, quantity(row.median, row.unit), spread, compared_with, ratio, limit,
            "yes" if target.met(figure) else "no"]  # fmt: skip


def notes(groups: Iterable[Group]) -> list[str]:
    return [f"- {note}" for group in groups for note in group.notes]


def write_maps(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(count):
        path = folder / f"journey-{seed:05d}.journey.yaml"
        path.write_text(journey(seed), encoding="utf-8")
        paths.append(path)
    return paths


def generated(work: Path, count: int) -> Path:
    """A folder of `count` generated maps, written once and shared by the sections that only read it."""
    folder = work / f"maps-{count}"
    if not folder.exists():
        write_maps(folder, count)
    return folder


def maps_of(count: int) -> str:
    return f"{count} map{'s' * (count != 1)}"


def map_files(folder: Path) -> list[str]:
    return [str(path) for path in sorted(folder.glob("*.journey.yaml"))]


def startup_section(options: argparse.Namespace, work: Path) -> list[Group]:
    one = map_files(generated(work, 1))[0]
    typer, libraries = "import typer", "import typer, yaml, jsonschema_rs"
    contenders = {
        f'python -c "{typer}"': timer([sys.executable, "-c", typer]),
        f'python -c "{libraries}"': timer([sys.executable, "-c", libraries]),
        "journeymap --version": timer([JOURNEYMAP, "--version"]),
        "validate (1 map)": timer([JOURNEYMAP, "validate", one]),
        "lint (1 map)": timer([JOURNEYMAP, "lint", one]),
    }  # fmt: skip
    samples = race(contenders, options.rounds * 3, warm_up=True)
    return [Group("startup", "start-up, one map", compared(samples, f'python -c "{typer}"'))]


def check_section(options: argparse.Namespace, work: Path) -> list[Group]:
    maps = generated(work, options.maps)
    floor = "floor: yaml.CSafeLoader"
    contenders = {
        floor: timer([sys.executable, "-c", FLOOR, str(maps)]),
        "validate --jobs 1": timer([JOURNEYMAP, "validate", "--jobs", "1", str(maps)]),
        "lint --jobs 1": timer([JOURNEYMAP, "lint", "--jobs", "1", str(maps)]),
        "lint --jobs 2": timer([JOURNEYMAP, "lint", "--jobs", "2", str(maps)]),
        "lint (default --jobs)": timer([JOURNEYMAP, "lint", str(maps)]),
    }
    found, left_out = _other_checkers(maps) if options.contenders else ({}, ["check-jsonschema and yamllint are "
                                                                             "left out by --quick"])  # fmt: skip
    contenders.update(found)
    samples = race(contenders, options.rounds)
    rows = compared(samples, floor, dict.fromkeys(found, "lint --jobs 1"))
    return [Group("check", f"checking {maps_of(options.maps)}", rows, tuple(f"check: {name}" for name in left_out))]


def _other_checkers(maps: Path) -> tuple[dict[str, Callable[[], float]], list[str]]:
    """check-jsonschema (the same schema) and yamllint (YAML alone), where installed; and the missing ones."""
    commands = {
        "check-jsonschema": lambda program: [program, "--schemafile", str(SCHEMA), *map_files(maps)],
        "yamllint": lambda program: [program, str(maps)],
    }
    found, missing = {}, []
    for name, command in commands.items():
        program = shutil.which(name, path=str(BIN)) or shutil.which(name)
        if program:
            found[name] = timer(command(program))
        else:
            missing.append(f"{name} is not installed (pip install {name}): its row is left out")
    return found, missing


def render_section(options: argparse.Namespace, work: Path) -> list[Group]:
    dot = shutil.which("dot")
    if dot is None:
        return [Group("render", "render", [], ("render: Graphviz's dot is not on PATH, so render is not compared",))]
    maps = str(generated(work, options.render_maps))
    return [_render_view(view, maps, dot, work, options) for view in VIEWS]


def _render_view(view: str, maps: str, dot: str, work: Path, options: argparse.Namespace) -> Group:
    sources = work / f"dot-{view}"
    run_command([JOURNEYMAP, "render", "--view", view, "-f", "dot", "--out-dir", str(sources), maps])
    dot_files = sorted(sources.rglob("*.dot"))

    def graphviz_alone() -> float:
        return sum(timed([dot, "-Tsvg", str(source), "-o", os.devnull]) for source in dot_files)

    def render(engine: str, jobs: str) -> Callable[[], float]:
        # a folder emptied before each run: in one that holds the diagrams already, render finds them fresh
        out = work / f"svg-{view}-{engine}-{jobs}"
        return timer([JOURNEYMAP, "render", "--view", view, "--out-dir", str(out), "--engine", engine, "--jobs", jobs,
                      maps], fresh=out)  # fmt: skip

    alone = "dot -Tsvg alone (the same DOT)"
    contenders = {
        alone: graphviz_alone,
        "render --engine system --jobs 1": render("system", "1"),
        "render --engine embedded --jobs 1": render("embedded", "1"),
        "render --engine system --jobs 2": render("system", "2"),
    }
    title = f"render, {view} view: {maps_of(options.render_maps)} to SVG"
    return Group("render", title, compared(race(contenders, options.rounds), alone))


def views_section(options: argparse.Namespace, work: Path) -> list[Group]:
    """Each view's DOT (journeymap's own work, no Graphviz) for format-1.1 maps of 6 and of 24 stages (30 and
    120 steps, four personas, a blueprint). Start-up, measured on one 1-stage map, is taken off: the time per
    step then stays the same at both sizes when drawing is linear."""
    count = options.render_maps
    folders = {stages: _rich_maps(work / f"rich-{stages}", 1 if stages == 1 else count, stages)
               for stages in (1, 6, 24)}  # fmt: skip
    rows = []
    for view in VIEWS:
        command = [JOURNEYMAP, "render", "--jobs", "1", "-f", "dot", "--view", view]
        outs = {stages: work / f"{view}-{stages}" for stages in folders}
        seconds = race({stages: timer([*command, "--out-dir", str(outs[stages]), str(folder)], fresh=outs[stages])
                        for stages, folder in folders.items()}, options.rounds)  # fmt: skip
        per_step = {f"{view} view, {stages} stages": [(total - start) / (count * stages * 5) * 1000
                                                     for total, start in zip(seconds[stages], seconds[1])]
                    for stages in (6, 24)}  # fmt: skip
        rows += compared(per_step, f"{view} view, 6 stages", unit="ms")
    title = f"each view's DOT, {maps_of(count)} (rich), one process: ms a step, start-up taken off"
    return [Group("views", title, rows)]


def _rich_maps(folder: Path, count: int, stages: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in range(count):
        (folder / f"rich-{seed:04d}.journey.yaml").write_text(rich_journey(seed, stages), encoding="utf-8")
    return folder


def diff_section(options: argparse.Namespace, work: Path) -> list[Group]:
    """`journeymap diff` of two revisions of a repository where 10 maps changed, against linting those 10 maps:
    diff reads only what changed, so the repository's size should not matter."""
    if shutil.which("git") is None:
        return [Group("diff", "diff", [], ("diff: git is not on PATH, so diff is not measured",))]
    repository = work / "diff-repo"
    changed = _repository_with_change(repository, options.maps, 10)
    lint = f"lint --jobs 1 (the {len(changed)} maps)"
    contenders = {
        lint: timer([JOURNEYMAP, "lint", "--jobs", "1", *changed]),
        "diff HEAD~1 HEAD": timer([JOURNEYMAP, "diff", "HEAD~1", "HEAD"], cwd=repository),
    }
    title = f"diff of two commits, {len(changed)} of {maps_of(options.maps)} changed"
    return [Group("diff", title, compared(race(contenders, options.rounds, warm_up=True), lint))]


def _repository_with_change(repository: Path, count: int, changes: int) -> list[str]:
    """A git repository of `count` maps, and a second commit that changes `changes` of them, spread out."""
    files = write_maps(repository / "maps", count)
    git = ["git", "-C", str(repository), "-c", "user.name=bench", "-c", "user.email=bench@example.com",
           "-c", "commit.gpgsign=false"]  # fmt: skip
    run_command([*git, "init", "-q"])
    run_command([*git, "add", "-A"])
    run_command([*git, "commit", "-qm", "base"])
    changed = files[:: max(count // changes, 1)][:changes]
    for path in changed:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("emotion: 1", "emotion: -1").replace("title: ", "title: Revised ", 1),
                        encoding="utf-8")  # fmt: skip
    run_command([*git, "commit", "-qam", f"{len(changed)} maps changed"])
    return [str(path) for path in changed]


def exchange_section(options: argparse.Namespace, work: Path) -> list[Group]:
    """`journeymap export` of every map in each format against linting them (both read and check every map
    first), and `journeymap import` of one rich map's exports against validating that map."""
    maps = str(generated(work, options.maps))
    lint = "lint --jobs 1"
    contenders = {lint: timer([JOURNEYMAP, "lint", "--jobs", "1", maps])}
    for name in EXPORT_FORMATS:
        out = work / f"export-{name}"
        contenders[f"export -f {name}"] = timer([JOURNEYMAP, "export", "-f", name, "--out-dir", str(out), maps],
                                                fresh=out)  # fmt: skip
    exports = Group("exchange", f"export, {maps_of(options.maps)}", compared(race(contenders, options.rounds), lint))
    return [exports, _import_group(work, options.rounds)]


def _import_group(work: Path, rounds: int) -> Group:
    big = _rich_maps(work / "import", 1, 24) / "rich-0000.journey.yaml"
    validate = "validate (the map)"
    contenders = {validate: timer([JOURNEYMAP, "validate", str(big)])}
    for name, extension in IMPORT_FORMATS.items():
        source = work / f"big.{extension}"
        run_command([JOURNEYMAP, "export", "-f", name, "-o", str(source), str(big)])
        out = str(work / f"imported-{name}.journey.yaml")
        contenders[f"import {name}"] = timer([JOURNEYMAP, "import", name, str(source), "-o", out, "--force"])
    # a name in block style, or in a flow mapping ({id: maya, name: Maya}): as rich_journey writes them
    named = len(re.findall(r"(?:^ *|[{,] *)name: ", big.read_text(encoding="utf-8"), flags=re.M))
    title = f"import of one map of 24 stages ({named} named elements)"
    return Group("exchange", title, compared(race(contenders, rounds, warm_up=True), validate))


def site_section(options: argparse.Namespace, work: Path) -> list[Group]:
    """`journeymap site` against `journeymap render` of the same diagrams (both draw with the system Graphviz,
    on every core); rebuilds after one map changed, the index page's size, and `journeymap serve`."""
    if shutil.which("dot") is None:
        return [Group("site", "site", [], ("site: Graphviz's dot is not on PATH, so the site is not measured",))]
    maps = work / "site-maps"  # its own maps: the rebuilds edit one
    files = write_maps(maps, options.site_maps)
    against_render = _site_against_render(maps, work, options.rounds)
    site = work / "site-rebuilt"
    run_command([JOURNEYMAP, "site", str(maps), "-d", str(site)])
    edited = files[len(files) // 2]
    graphviz = _graphviz_of_one_map(edited, work, options.rounds)
    rows = [Row("index.html (MB)", ((site / "index.html").stat().st_size / 1_000_000,), "MB"), graphviz,
            *_rebuild_rows(maps, site, edited, graphviz.median, options.rounds),
            *_serve_rows(maps, edited, options.rounds, graphviz.median)]  # fmt: skip
    return [against_render, Group("site", f"site rebuilds and serve, {maps_of(options.site_maps)}", rows)]


def _site_against_render(maps: Path, work: Path, rounds: int) -> Group:
    def renders(views: tuple[str, ...]) -> Callable[[], float]:
        runs = [timer([JOURNEYMAP, "render", "--view", view, str(maps), "--out-dir", str(out)], fresh=out)
                for view in views for out in [work / f"site-render-{view}"]]  # fmt: skip
        return lambda: sum(run() for run in runs)

    def build_site(out: Path, *views: str) -> Callable[[], float]:
        return timer([JOURNEYMAP, "site", str(maps), *views, "-d", str(out)], fresh=out)

    samples = race({
        "render (map view)": renders(("map",)),
        "site --views map": build_site(work / "site-1", "--views", "map"),
        "render (three views)": renders(VIEWS),
        "site (three views)": build_site(work / "site-3"),
    }, rounds)  # fmt: skip
    pairs = (("render (map view)", "site --views map"), ("render (three views)", "site (three views)"))
    rows = [row for render, site in pairs for row in compared({render: samples[render], site: samples[site]}, render)]
    return Group("site", f"site against render of the same diagrams, {maps_of(len(map_files(maps)))}", rows)


def _graphviz_of_one_map(path: Path, work: Path, rounds: int) -> Row:
    """Graphviz's share of rebuilding one map: dot drawing its three diagrams, from the DOT render writes."""
    dot = work / "site-dot"
    for view in VIEWS:
        run_command([JOURNEYMAP, "render", "-f", "dot", "--view", view, "--out-dir", str(dot), str(path)])
    sources = sorted(dot.glob("*.dot"))
    samples = [sum(timed(["dot", "-Tsvg", str(source), "-o", os.devnull]) for source in sources) for _ in range(rounds)]
    return Row(f"dot -Tsvg of one map's {len(sources)} diagrams", tuple(samples))


def _rebuild_rows(maps: Path, site: Path, edited: Path, graphviz: float, rounds: int) -> list[Row]:
    """Rebuilds of a built site: with nothing changed, after an edit to one map's step (the pages across maps
    do not show it: they are kept) and after one to its title (they are all written again). Journeymap's own
    time is the rebuild's less Graphviz drawing the map's diagrams."""
    build = [JOURNEYMAP, "site", str(maps), "-d", str(site)]
    unchanged = [timed(build) for _ in range(rounds)]
    steps, titles = [], []
    for round_ in range(rounds):
        text = edited.read_text(encoding="utf-8")
        step = re.search(r"- name: (.+)", text)
        assert step is not None, "generated maps name their steps"
        edited.write_text(text.replace(step.group(0), f"{step.group(0)} ({round_})", 1), encoding="utf-8")
        steps.append(timed(build) - graphviz)
        edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", f"title: R{round_} ", 1),
                          encoding="utf-8")  # fmt: skip
        titles.append(timed(build) - graphviz)
    return [Row("rebuild, nothing changed", tuple(unchanged)),
            Row("rebuild, a step edited: journeymap's own", tuple(steps)),
            Row("rebuild, the title edited: journeymap's own", tuple(titles))]  # fmt: skip


def _serve_rows(maps: Path, edited: Path, rounds: int, graphviz: float) -> list[Row]:
    """`journeymap serve` of the site's maps: the time to the first page, and from a save to the rebuilt site
    (the moment the page is told to reload), less Graphviz's drawing of the edited map."""
    started = time.perf_counter()
    server = subprocess.Popen([JOURNEYMAP, "serve", str(maps), "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env=ENV)  # fmt: skip
    try:
        ready = _wait_for(server, "serving ") - started
        saves = []
        for round_ in range(rounds):
            time.sleep(0.5)  # past the watcher's grouping of saves
            saved = time.perf_counter()
            edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", f"title: S{round_} ", 1),
                              encoding="utf-8")  # fmt: skip
            saves.append(_wait_for(server, "rebuilt after ") - saved - graphviz)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    return [Row("serve: the first page ready", (ready,)),
            Row("serve: a save to the page told to reload: journeymap's own", tuple(saves))]  # fmt: skip


def _wait_for(server: subprocess.Popen, start: str) -> float:
    """The time at which the server prints a line containing `start`."""
    assert server.stdout is not None
    for line in server.stdout:
        if start in line:
            return time.perf_counter()
    raise SystemExit(f"journeymap serve stopped before printing {start!r}")


# What each memory row runs, given a folder of maps and a folder to write into. --jobs 1 where a command has it:
# the peak is then journeymap's own, in one process.
MEMORY_COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "validate --jobs 1": lambda maps, out: [JOURNEYMAP, "validate", "--jobs", "1", str(maps)],
    "lint --jobs 1": lambda maps, out: [JOURNEYMAP, "lint", "--jobs", "1", str(maps)],
    # DOT needs no Graphviz, so the row measures journeymap alone
    "render --jobs 1 -f dot": lambda maps, out: [JOURNEYMAP, "render", "--jobs", "1", "-f", "dot", "--out-dir",
                                                 str(out), str(maps)],  # fmt: skip
    **{f"export -f {name}": (lambda maps, out, name=name: [JOURNEYMAP, "export", "-f", name, "--out-dir", str(out),
                                                           str(maps)]) for name in EXPORT_FORMATS},  # fmt: skip
}
SITE_MEMORY = "site --jobs 1 --views map"  # the map view alone: the site draws every diagram


def memory_section(options: argparse.Namespace, work: Path) -> list[Group]:
    """Peak resident memory of each command at `--memory-maps` maps against 100: flat when each map is let go
    once done with."""
    count = options.memory_maps
    rows = [_memory_row(name, command, work, count) for name, command in MEMORY_COMMANDS.items()]
    if shutil.which("git"):
        rows.append(_diff_memory_row(work, count))
    notes = ("memory: import reads one map, so it has no row across numbers of maps; render draws DOT, which "
             "needs no Graphviz, so its row is journeymap's own memory",)
    groups = [Group("memory", f"peak memory (resident), {maps_of(count)} against {MEMORY_BASE}", rows, notes)]
    if shutil.which("dot"):
        site = _memory_row(SITE_MEMORY, lambda maps, out: [JOURNEYMAP, "site", "--jobs", "1", "--views", "map", "-d",
                                                           str(out), str(maps)], work, options.site_memory_maps)
        title = f"peak memory (resident) of the site, {maps_of(options.site_memory_maps)} against {MEMORY_BASE}"
        groups.append(Group("memory", title, [site]))
    return groups


def _memory_row(name: str, command: Callable[[Path, Path], list[str]], work: Path, count: int) -> Row:
    slug = re.sub(r"\W+", "-", name)
    small, large = (peak_memory_mb(command(generated(work, size), work / f"memory-{slug}-{size}"))
                    for size in (MEMORY_BASE, count))  # fmt: skip
    return Row(name, (large,), "MB", Row(f"{MEMORY_BASE} maps", (small,), "MB"), large / small)


def _diff_memory_row(work: Path, count: int) -> Row:
    """diff of two commits between which every map changed: all of them read, checked and compared."""
    peaks = []
    for size in (MEMORY_BASE, count):
        repository = work / f"memory-diff-{size}"
        _repository_with_change(repository, size, size)
        peaks.append(peak_memory_mb([JOURNEYMAP, "diff", "HEAD~1", "HEAD"], cwd=repository))
    return Row("diff HEAD~1 HEAD (every map changed)", (peaks[1],), "MB", Row(f"{MEMORY_BASE} maps", (peaks[0],), "MB"),
               peaks[1] / peaks[0])  # fmt: skip


SECTION_RUNS: dict[str, Callable[[argparse.Namespace, Path], list[Group]]] = {
    "startup": startup_section,
    "check": check_section,
    "render": render_section,
    "views": views_section,
    "diff": diff_section,
    "exchange": exchange_section,
    "site": site_section,
    "memory": memory_section,
}


def parse_options(arguments: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes and one round, about a minute")
    parser.add_argument("--only", help="the sections to run, separated by commas (default: all; --quick: all but "
                                       + ", ".join(QUICK_LEAVES_OUT) + ")")  # fmt: skip
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the results to FILE")
    for name, full in FULL_SIZES.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, metavar="N",
                            help=f"default {full}, with --quick {QUICK_SIZES[name]}")  # fmt: skip
    options = parser.parse_args(arguments)
    for name, value in (QUICK_SIZES if options.quick else FULL_SIZES).items():
        if getattr(options, name) is None:
            setattr(options, name, value)
        elif getattr(options, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if options.only is None:
        options.sections = [name for name in SECTIONS if not (options.quick and name in QUICK_LEAVES_OUT)]
    else:
        options.sections = options.only.split(",")
    unknown = set(options.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"--only: {', '.join(sorted(unknown))} is not a section; name some of {', '.join(SECTIONS)}")
    options.contenders = not options.quick  # check-jsonschema takes a tenth of a second a map
    return options


def main(arguments: list[str] | None = None) -> None:
    options = parse_options(arguments)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="journeymap-bench-"))
    groups: list[Group] = []
    try:
        for name in SECTIONS:
            if name in options.sections:
                print(f"{name}…", end=" ", file=sys.stderr, flush=True)
                section_started = time.perf_counter()
                groups += SECTION_RUNS[name](options, work)
                print(f"{time.perf_counter() - section_started:.0f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = "\n".join([describe_run(options, time.perf_counter() - started), "", table(groups), "", *notes(groups)])
    print(report)
    if options.markdown:
        options.markdown.write_text(report.rstrip() + "\n", encoding="utf-8")


def describe_run(options: argparse.Namespace, seconds: float) -> str:
    """What was measured, on what, and the command that measures it again."""
    version = subprocess.run([JOURNEYMAP, "--version"], capture_output=True, text=True, env=ENV).stdout.strip()
    dot = shutil.which("dot")
    graphviz = subprocess.run([dot, "-V"], capture_output=True, text=True).stderr.strip() if dot else "no Graphviz"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    sizes = " ".join(f"--{name.replace('_', '-')} {getattr(options, name)}" for name in FULL_SIZES)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{version or 'journeymap'}; Python {sys.version.split()[0]}; {graphviz}; {cores} cores; {date}; "
            f"{seconds:.0f} s\n`python benchmarks/run.py{' --quick' * options.quick} --only "
            f"{','.join(options.sections)} {sizes}`")  # fmt: skip


if __name__ == "__main__":
    main()
