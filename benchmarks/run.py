"""journeymap against the floor (PyYAML's C loader reading the same files) and against check-jsonschema.

    python benchmarks/run.py [--maps 1000] [--rounds 3] [--memory-maps 10000] [--render-maps 50]
                             [--site-maps 1000] [--only check,startup,render,views,diff,exchange,site,memory]

Needs journeymap installed, and check-jsonschema for that contender (skipped, and said so,
when missing). Contenders alternate within each round, so a busy machine slows them alike; the
table shows medians and ratios to the floor. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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


def write_maps(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(count):
        path = folder / f"journey-{seed:05d}.journey.yaml"
        path.write_text(journey(seed), encoding="utf-8")
        paths.append(path)
    return paths


def timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, check=False,
                               cwd=cwd)  # fmt: skip
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        reason = completed.stderr.decode()[-500:]
        raise SystemExit(f"{' '.join(command[:3])}… failed ({completed.returncode}): {reason}")
    return elapsed


def peak_memory_mb(command: list[str]) -> float:
    """Peak resident memory of one run, measured in a fresh child so earlier runs do not count."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    output = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, env=ENV,
                            check=True)  # fmt: skip
    return int(output.stdout) / 1024


def race(contenders: dict[str, Callable[[], float]], rounds: int, warm_up: bool = False) -> dict[str, float]:
    """Median seconds of each contender; `warm_up`: run each once first, uncounted, to write bytecode and fill
    the disk cache (it matters for runs of a tenth of a second)."""
    for run in contenders.values() if warm_up else ():
        run()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, run in contenders.items():
            times[name].append(run())
    return {name: statistics.median(values) for name, values in times.items()}


def table(title: str, medians: dict[str, float], reference: str) -> str:
    lines = [f"\n{title}", f"| contender | median (s) | × {reference} |", "| --- | ---: | ---: |"]
    for name, seconds in medians.items():
        lines.append(f"| {name} | {seconds:.3f} | {seconds / medians[reference]:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory-maps", type=int, default=10_000)
    parser.add_argument("--render-maps", type=int, default=50)
    parser.add_argument("--site-maps", type=int, default=1000)
    parser.add_argument("--only", default=",".join(SECTIONS), help="the sections to run, separated by commas")
    options = parser.parse_args()
    unknown = set(options.only.split(",")) - set(SECTIONS)
    if unknown:
        parser.error(f"--only: {', '.join(sorted(unknown))} is not a section; name some of {', '.join(SECTIONS)}")
    work = Path(tempfile.mkdtemp(prefix="journeymap-bench-"))
    try:
        run(options, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


SECTIONS = ("check", "startup", "render", "views", "diff", "exchange", "site", "memory")


def run(options: argparse.Namespace, work: Path) -> None:
    maps = work / "maps"
    files = write_maps(maps, options.maps)
    size = sum(path.stat().st_size for path in files) / len(files) / 1024
    print(f"{options.maps} maps of {size:.1f} KB on average; {CORES} cores; Python {sys.version.split()[0]}")
    chosen = options.only.split(",")
    sections = {
        "check": lambda: check_benchmark(maps, files, options.maps, options.rounds),
        "startup": lambda: startup_benchmark(files[0], options.rounds),
        "render": lambda: render_benchmark(work, files[: options.render_maps], options.rounds),
        "views": lambda: views_benchmark(work, options.render_maps, options.rounds),
        "diff": lambda: diff_benchmark(work, options.maps, options.rounds),
        "exchange": lambda: exchange_benchmark(work, maps, options.maps, options.rounds),
        "site": lambda: site_benchmark(work, options.site_maps, options.rounds),
        "memory": lambda: memory_benchmark(work, options.memory_maps),
    }
    for name in SECTIONS:
        if name in chosen:
            sections[name]()


CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def check_benchmark(maps: Path, files: list[Path], count: int, rounds: int) -> None:

    floor = [sys.executable, "-c", FLOOR, str(maps)]
    contenders = {
        "floor: yaml.CSafeLoader": lambda: timed(floor),
        "journeymap validate --jobs 1": lambda: timed([JOURNEYMAP, "validate", "--jobs", "1", str(maps)]),
        "journeymap lint --jobs 1": lambda: timed([JOURNEYMAP, "lint", "--jobs", "1", str(maps)]),
        f"journeymap lint --jobs {CORES}": lambda: timed([JOURNEYMAP, "lint", "--jobs", str(CORES), str(maps)]),
        "journeymap lint (default)": lambda: timed([JOURNEYMAP, "lint", str(maps)]),
    }
    check_jsonschema = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    if check_jsonschema:
        command = [check_jsonschema, "--schemafile", str(SCHEMA), *map(str, files)]
        contenders["check-jsonschema"] = lambda: timed(command)
    else:
        print("check-jsonschema is not installed (pip install check-jsonschema): its row is left out")
    print(table(f"Checking {count} maps", race(contenders, rounds), "floor: yaml.CSafeLoader"))


def startup_benchmark(first: Path, rounds: int) -> None:
    one = str(first)
    startup = {
        'python -c "import typer"': lambda: timed([sys.executable, "-c", "import typer"]),
        "journeymap --version": lambda: timed([JOURNEYMAP, "--version"]),
        "journeymap validate (1 map)": lambda: timed([JOURNEYMAP, "validate", one]),
        "journeymap lint (1 map)": lambda: timed([JOURNEYMAP, "lint", one]),
    }
    print(table("Start-up", race(startup, rounds * 3, warm_up=True), 'python -c "import typer"'))


def render_benchmark(work: Path, files: list[Path], rounds: int) -> None:
    dot = shutil.which("dot")
    if dot is None:
        print("\nRendering: Graphviz's dot is not on PATH, so rendering is not compared")
        return
    out = work / "svg"
    sources = work / "dot"
    subprocess.run([JOURNEYMAP, "render", "--format", "dot", "--out-dir", str(sources), *map(str, files)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    dot_files = sorted(sources.rglob("*.dot"))

    def graphviz_alone() -> float:
        start = time.perf_counter()
        for source in dot_files:
            subprocess.run([dot, "-Tsvg", str(source), "-o", os.devnull], check=True)
        return time.perf_counter() - start

    contenders = {
        "dot -Tsvg alone (same DOT)": graphviz_alone,
        "journeymap render --jobs 1": lambda: timed([JOURNEYMAP, "render", "--jobs", "1", "--out-dir", str(out),
                                                      *map(str, files)]),  # fmt: skip
        f"journeymap render --jobs {CORES}": lambda: timed([JOURNEYMAP, "render", "--jobs", str(CORES), "--out-dir",
                                                            str(out), *map(str, files)]),  # fmt: skip
    }
    print(table(f"Rendering {len(files)} maps to SVG", race(contenders, rounds), "dot -Tsvg alone (same DOT)"))


def views_benchmark(work: Path, count: int, rounds: int) -> None:
    """Each view's DOT (journeymap's own work, no Graphviz) for format-1.1 maps of 6 and of 24 stages (30 and
    120 steps, four personas, a blueprint). Start-up, measured on one 1-stage map, is taken off: the time per
    step then stays the same at both sizes when drawing is linear."""
    sizes = (1, 6, 24)
    folders = {}
    for stages in sizes:
        folders[stages] = work / f"rich-{stages}"
        folders[stages].mkdir()
        for seed in range(1 if stages == 1 else count):
            (folders[stages] / f"rich-{seed:04d}.journey.yaml").write_text(rich_journey(seed, stages), encoding="utf-8")
    print(f"\nDrawing each view of {count} format-1.1 maps to DOT (--jobs 1; start-up taken off per step)")
    print("| view | 6 stages (s) | 24 stages (s) | ms per step, 6 | ms per step, 24 | per-step ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for view in ("map", "flow", "blueprint"):
        medians = race({stages: _view_run(folders[stages], work / f"{view}-{stages}", view) for stages in sizes},
                       rounds)  # fmt: skip
        per_step = [(medians[stages] - medians[1]) / (count * stages * 5) * 1000 for stages in sizes[1:]]
        print(f"| {view} | {medians[6]:.2f} | {medians[24]:.2f} | {per_step[0]:.2f} | {per_step[1]:.2f} | "
              f"{per_step[1] / per_step[0]:.2f} |")


def diff_benchmark(work: Path, count: int, rounds: int) -> None:
    """`journeymap diff` of two revisions of a repository of `count` maps where 10 changed, against linting
    those 10 maps: diff reads only what changed, so the repository's size should not matter."""
    git = shutil.which("git")
    if git is None:
        print("\nDiff: git is not on PATH, so diff is not measured")
        return
    repository = work / "diff-repo"
    files = write_maps(repository / "maps", count)

    def commit(message: str) -> None:
        for command in (["add", "-A"], ["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", message]):
            subprocess.run([git, "-C", str(repository), *command], check=True, stdout=subprocess.DEVNULL)

    subprocess.run([git, "init", "-q", str(repository)], check=True)
    commit("base")
    changed = files[:: max(count // 10, 1)][:10]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8").replace("emotion: 1", "emotion: -1"), encoding="utf-8")
    commit("ten maps changed")
    contenders = {
        "journeymap lint (the 10 maps)": lambda: timed([JOURNEYMAP, "lint", "--jobs", "1", *map(str, changed)]),
        "journeymap diff HEAD~1 HEAD": lambda: timed([JOURNEYMAP, "diff", "HEAD~1", "HEAD"], cwd=repository),
    }
    print(table(f"Diff of two revisions, {len(changed)} of {count} maps changed", race(contenders, rounds, warm_up=True),
                "journeymap lint (the 10 maps)"))  # fmt: skip


EXPORT_FORMATS = ("json", "mermaid", "markdown", "csv", "xlsx")


def exchange_benchmark(work: Path, maps: Path, count: int, rounds: int) -> None:
    """`journeymap export` of every map in each format against linting them (both read and check every map
    first), and `journeymap import` of one map's workbook and CSV export against validating that map."""
    contenders = {"journeymap lint --jobs 1": lambda: timed([JOURNEYMAP, "lint", "--jobs", "1", str(maps)])}
    for name in EXPORT_FORMATS:
        contenders[f"journeymap export -f {name}"] = _export_run(maps, work / f"export-{name}", name)
    print(table(f"Export of {count} maps", race(contenders, rounds), "journeymap lint --jobs 1"))
    big = write_rich(work / "import", 24)
    for name in ("csv", "xlsx"):
        subprocess.run([JOURNEYMAP, "export", "-f", name, "-o", str(work / f"big.{name}"), str(big)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)  # fmt: skip
    out = work / "imported.journey.yaml"
    imports = {
        "journeymap validate (the map)": lambda: timed([JOURNEYMAP, "validate", str(big)]),
        **{f"journeymap import {name}": _import_run(name, work / f"big.{name}", out) for name in ("csv", "xlsx")},
    }
    # a name in block style, or in a flow mapping ({id: maya, name: Maya}): as rich_journey writes them
    steps = len(re.findall(r"(?:^ *|[{,] *)name: ", big.read_text(encoding="utf-8"), flags=re.M))
    print(table(f"Import of one map of 24 stages ({steps} named elements)", race(imports, rounds, warm_up=True),
                "journeymap validate (the map)"))  # fmt: skip


def site_benchmark(work: Path, count: int, rounds: int) -> None:
    """`journeymap site` of `count` maps against `journeymap render` of the same diagrams (both draw with the
    system Graphviz, on every core), a rebuild after one map changed, and the index page's size."""
    if shutil.which("dot") is None:
        print("\nSite: Graphviz's dot is not on PATH, so the site is not measured")
        return
    maps = work / "site-maps"
    files = write_maps(maps, count)

    def fresh(command: list[str], out: Path) -> Callable[[], float]:
        def run() -> float:
            shutil.rmtree(out, ignore_errors=True)
            return timed([*command, str(out)])

        return run

    def renders(views: tuple[str, ...]) -> Callable[[], float]:
        runs = [fresh([JOURNEYMAP, "render", "--view", view, str(maps), "--out-dir"], work / f"site-render-{view}")
                for view in views]  # fmt: skip
        return lambda: sum(run() for run in runs)

    contenders = {
        "journeymap render (map view)": renders(("map",)),
        "journeymap site --views map": fresh([JOURNEYMAP, "site", str(maps), "--views", "map", "-d"], work / "s1"),
        "journeymap render (map, flow, blueprint)": renders(("map", "flow", "blueprint")),
        "journeymap site (map, flow, blueprint)": fresh([JOURNEYMAP, "site", str(maps), "-d"], work / "s3"),
    }
    medians = race(contenders, rounds)
    print(table(f"Site of {count} maps", medians, "journeymap render (map view)"))
    three = medians["journeymap site (map, flow, blueprint)"] / medians["journeymap render (map, flow, blueprint)"]
    print(f"site / render of the same diagrams: {three:.2f} with three views, "
          f"{medians['journeymap site --views map'] / medians['journeymap render (map view)']:.2f} with the map view")
    site = work / "s3"
    subprocess.run([JOURNEYMAP, "site", str(maps), "-d", str(site)], check=True, stderr=subprocess.DEVNULL, env=ENV)
    index = (site / "index.html").stat().st_size / 1_000_000
    one, changed = [], files[count // 2]
    for round_ in range(rounds):
        changed.write_text(changed.read_text(encoding="utf-8").replace("title: ", f"title: R{round_} ", 1),
                           encoding="utf-8")  # fmt: skip
        one.append(timed([JOURNEYMAP, "site", str(maps), "-d", str(site)]))
    steps = []  # an edit the pages across maps do not show: they are kept, only the map is built again
    for round_ in range(rounds):
        text = changed.read_text(encoding="utf-8")
        step = re.search(r"- name: (.+)", text)
        assert step is not None
        changed.write_text(text.replace(step.group(0), f"{step.group(0)} ({round_})", 1), encoding="utf-8")
        steps.append(timed([JOURNEYMAP, "site", str(maps), "-d", str(site)]))
    unchanged = statistics.median(timed([JOURNEYMAP, "site", str(maps), "-d", str(site)]) for _ in range(rounds))
    dot = work / "site-dot"
    subprocess.run([JOURNEYMAP, "render", "-f", "dot", "--out-dir", str(dot), str(changed)], check=True,
                   stdout=subprocess.DEVNULL, env=ENV)  # fmt: skip
    for view in ("flow", "blueprint"):
        subprocess.run([JOURNEYMAP, "render", "-f", "dot", "--view", view, "--out-dir", str(dot), str(changed)],
                       check=True, stdout=subprocess.DEVNULL, env=ENV)  # fmt: skip
    graphviz = statistics.median(sum(timed(["dot", "-Tsvg", str(source), "-o", os.devnull])
                                     for source in sorted(dot.glob("*.dot"))) for _ in range(rounds))  # fmt: skip
    rebuilt = statistics.median(one)
    print(f"index.html of {count} maps: {index:.2f} MB")
    print(f"rebuild, nothing changed: {unchanged:.2f} s; one map's title changed: {rebuilt:.2f} s, of which Graphviz "
          f"drawing its 3 diagrams {graphviz:.2f} s: journeymap's own time {rebuilt - graphviz:.2f} s; one map's step "
          f"changed: {statistics.median(steps):.2f} s, journeymap's own time {statistics.median(steps) - graphviz:.2f} s")
    serve_benchmark(maps, changed, rounds, graphviz)


def serve_benchmark(maps: Path, changed: Path, rounds: int, graphviz: float) -> None:
    """`journeymap serve` of the site's maps: the time to the first page, and from a save to the rebuilt site
    (the moment the page is told to reload), less Graphviz's drawing of the changed map."""
    started = time.perf_counter()
    server = subprocess.Popen([JOURNEYMAP, "serve", str(maps), "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env=ENV)  # fmt: skip
    try:
        ready = _wait_for(server, "serving ") - started
        saves = []
        for round_ in range(rounds):
            time.sleep(0.5)  # past the watcher's grouping of saves
            saved = time.perf_counter()
            changed.write_text(changed.read_text(encoding="utf-8").replace("title: ", f"title: S{round_} ", 1),
                               encoding="utf-8")  # fmt: skip
            saves.append(_wait_for(server, "rebuilt after ") - saved)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    save = statistics.median(saves)
    print(f"serve of {len(list(maps.glob('*.journey.yaml')))} maps: first page ready in {ready:.1f} s; a save to the "
          f"page told to reload {save:.2f} s, journeymap's own time {save - graphviz:.2f} s")


def _wait_for(server: subprocess.Popen, start: str) -> float:
    """The time at which the server prints a line containing `start`."""
    assert server.stdout is not None
    for line in server.stdout:
        if start in line:
            return time.perf_counter()
    raise RuntimeError(f"journeymap serve stopped before printing {start!r}")


def _export_run(maps: Path, out: Path, name: str) -> Callable[[], float]:
    def run() -> float:
        shutil.rmtree(out, ignore_errors=True)
        return timed([JOURNEYMAP, "export", "-f", name, "--out-dir", str(out), str(maps)])

    return run


def _import_run(name: str, source: Path, out: Path) -> Callable[[], float]:
    return lambda: timed([JOURNEYMAP, "import", name, str(source), "-o", str(out), "--force"])


def write_rich(folder: Path, stages: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.journey.yaml"
    path.write_text(rich_journey(0, stages), encoding="utf-8")
    return path


def _view_run(folder: Path, out: Path, view: str) -> Callable[[], float]:
    return lambda: timed([JOURNEYMAP, "render", "--jobs", "1", "-f", "dot", "--view", view, "--out-dir", str(out),
                          str(folder)])  # fmt: skip


def memory_benchmark(work: Path, count: int) -> None:
    small, large = work / "mem-100", work / f"mem-{count}"
    write_maps(small, 100)
    write_maps(large, count)
    sizes = ((100, small), (count, large))
    lint = [
        (f"lint {n} maps --jobs 1", peak_memory_mb([JOURNEYMAP, "lint", "--jobs", "1", str(folder)]))
        for n, folder in sizes
    ]
    render = [  # DOT needs no Graphviz, so the row measures journeymap alone
        (f"render {n} maps --jobs 1 -f dot", peak_memory_mb([JOURNEYMAP, "render", "--jobs", "1", "-f", "dot",
                                                              "--out-dir", str(work / f"dot-{n}"), str(folder)]))
        for n, folder in sizes
    ]  # fmt: skip
    export = [
        (f"export {n} maps -f {name}", peak_memory_mb([JOURNEYMAP, "export", "-f", name, "--out-dir",
                                                        str(work / f"{name}-{n}"), str(folder)]))
        for name in ("json", "xlsx") for n, folder in sizes
    ]  # fmt: skip
    site_sizes = ((100, small), (1000, write_maps(work / "mem-site", 1000)[0].parent)) if count > 1000 else sizes
    site = [  # the map view alone, and 1,000 maps at most: the site draws every diagram (a minute per 1,000)
        (f"site {n} maps --jobs 1 --views map", peak_memory_mb([JOURNEYMAP, "site", "--jobs", "1", "--views", "map",
                                                                 "-d", str(work / f"site-{n}"), str(folder)]))
        for n, folder in site_sizes
    ] if shutil.which("dot") else []  # fmt: skip
    print("\nPeak memory (resident, MB)\n| run | peak MB |\n| --- | ---: |")
    for name, megabytes in (*lint, *render, *export, *site):
        print(f"| {name} | {megabytes:.0f} |")
    for rows in (lint, render, export[:2], export[2:], *([site] if site else [])):
        print(f"ratio {rows[1][0]} / {rows[0][0]}: {rows[1][1] / rows[0][1]:.2f}")


if __name__ == "__main__":
    main()
