"""benchmarks/run.py's options and its results table (nothing here times anything)."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
spec = importlib.util.spec_from_file_location("benchmark_run", SCRIPT)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_quick_takes_small_sizes_and_leaves_out_the_slow_sections():
    options = bench.parse_options(["--quick"])
    assert (options.maps, options.rounds, options.memory_maps) == (30, 1, 300)
    assert "memory" not in options.sections and "views" not in options.sections
    assert not options.contenders


def test_sizes_given_win_over_quick_and_only_names_sections():
    options = bench.parse_options(["--quick", "--maps", "7", "--only", "memory,check"])
    assert options.maps == 7 and options.sections == ["memory", "check"]


def test_full_run_defaults_to_every_section():
    options = bench.parse_options([])
    assert options.sections == list(bench.SECTIONS) and options.memory_maps == 10_000 and options.contenders


@pytest.mark.parametrize("arguments", [["--only", "check,nope"], ["--rounds", "0"]])
def test_bad_options_are_usage_errors(arguments, capsys):
    with pytest.raises(SystemExit) as exit_:
        bench.parse_options(arguments)
    assert exit_.value.code == 2 and "error" in capsys.readouterr().err


def test_ratios_are_taken_round_by_round():
    rows = bench.compared({"floor": [1.0, 2.0, 3.0], "lint --jobs 1": [2.0, 2.0, 9.0]}, "floor")
    assert rows[0].reference is None and rows[1].reference is rows[0] and rows[1].ratio == 2.0


def test_table_shows_median_range_reference_ratio_target_and_whether_met():
    floor = bench.Row("floor", (1.0, 2.0, 3.0))
    rows = [floor, bench.Row("lint --jobs 1", (1.1, 2.5, 3.0), reference=floor, ratio=1.1),
            bench.Row("lint --jobs 2", (1.0,), reference=floor, ratio=0.9)]
    index = bench.Row("index.html (MB)", (1.07,), "MB")
    text = bench.table([bench.Group("check", "checking 3 maps", rows), bench.Group("site", "site", [index])])
    lines = text.splitlines()
    assert lines[0] == "| row | median | range | compared with | ratio | target | met |"
    assert "| **checking 3 maps** |" in lines[2]
    assert lines[3] == "| floor | 2.00 s | 1.00–3.00 |  |  |  |  |"
    assert lines[4] == "| lint --jobs 1 | 2.50 s | 1.10–3.00 | floor (2.00 s) | 1.10× | ≤ 1.2× | yes |"
    assert lines[5] == "| lint --jobs 2 | 1.00 s |  | floor (2.00 s) | 0.90× | ≤ 0.8× | no |"
    assert lines[7] == "| index.html (MB) | 1.07 MB |  |  |  | ≤ 1.5 MB | yes |"
