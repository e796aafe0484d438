"""Report formats: golden files for one fixed set of findings, the SARIF schema, JUnit and annotations read back.

Set JOURNEYMAP_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT
from journeymap import files, rules
from journeymap.problems import FileResult, Position, Problem, Severity
from journeymap.reporters import FORMATS, Report, fingerprints, formatted, github
from journeymap.paths import Paths
from test_lint import GAPPY

GOLDEN = ROOT / "tests" / "golden"
GOLDEN_NAMES = {
    "text": "findings.txt",
    "json": "findings.json",
    "sarif": "findings.sarif",
    "github": "findings.github.txt",
    "junit": "findings.junit.xml",
    "gitlab": "findings.gitlab.json",
}

# A file name and messages with what each format must escape or keep: % : , newlines, quotes, <, &, non-ASCII.
SHOP = "maps/día 1, tienda: centro.journey.yaml"
TRICKY = "stage 'Envío: 100%, «rápido»' has no goal;\nwrite what <the customer> & \"she\" want\r\nhere"
FINDINGS = (
    FileResult(
        SHOP,
        "map",
        (
            Problem(SHOP, Position(6, 11), Severity.ERROR, "JM104", "invalid-value",
                    "'kind' in stage 's' cannot be 'purchse'; did you mean 'purchase'?",
                    ("stages", 0, "kind"), "purchase"),
            Problem(SHOP, Position(24, 5), Severity.WARNING, "JM303", "stage-without-goal", TRICKY, ("stages", 2)),
            Problem(SHOP, Position(31, 5), Severity.INFO, "JM305", "stage-without-metrics",
                    "stage 'Pago' has no metrics; define how results in this stage are measured", ("stages", 3)),
        ),
    ),
    FileResult("maps/clean.journey.yaml", "map", ()),
    FileResult(
        "library/personas.yaml",
        "library",
        (Problem("library/personas.yaml", Position(1, 1), Severity.ERROR, "JM003", "yaml-syntax",
                 "invalid YAML: mapping values are not allowed here"),),
    ),
)  # fmt: skip


def render(format_name: str, results, command: str, locate=lambda file: file, fail_on=Severity.WARNING) -> str:
    """The report in one format, as a command would give it."""
    return formatted(format_name, Report(command, results, locate, fail_on))


def golden(format_name: str) -> Path:
    return GOLDEN / GOLDEN_NAMES[format_name]


@pytest.mark.parametrize("format_name", FORMATS)
def test_every_format_matches_its_golden_file(format_name):
    produced = render(format_name, FINDINGS, "lint")
    if os.environ.get("JOURNEYMAP_UPDATE_GOLDEN"):
        golden(format_name).write_text(produced, encoding="utf-8")
    assert produced == golden(format_name).read_text(encoding="utf-8")


def test_problems_never_carry_raw_line_breaks_into_reports():
    message = FINDINGS[0].problems[1].message
    assert "\n" not in message and "\r" not in message and "\\n" in message


def sarif_log(results=FINDINGS, locate=lambda file: file) -> dict:
    return json.loads(render("sarif", results, "lint", locate))


def test_sarif_is_valid_against_the_official_2_1_0_schema():
    schema = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = [error.message for error in validator.iter_errors(sarif_log())]
    assert errors == []
    assert [error.message for error in validator.iter_errors(sarif_log([]))] == []
    broken = sarif_log()
    broken["runs"][0]["results"][0]["level"] = "fatal"  # the schema is really applied
    assert not validator.is_valid(broken)
    broken = sarif_log()
    broken["runs"][0]["tool"]["driver"]["informationUri"] = "not a uri"  # and so are its formats
    assert not validator.is_valid(broken)


def test_sarif_rules_are_the_ones_that_fired_and_results_point_at_them():
    run = sarif_log()["runs"][0]
    catalog = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in catalog] == ["JM003", "JM104", "JM303", "JM305"]
    for result in run["results"]:
        assert catalog[result["ruleIndex"]]["id"] == result["ruleId"]
    goal = catalog[2]
    rule = rules.find("JM303")
    assert goal["name"] == "stage-without-goal" and goal["shortDescription"]["text"] == rule.summary
    assert goal["helpUri"].endswith("docs/rules.md#jm303-stage-without-goal")
    assert goal["help"]["text"] == rule.doc and "Bad:" not in goal["fullDescription"]["text"]
    assert goal["defaultConfiguration"] == {"level": "warning"}
    assert catalog[3]["defaultConfiguration"] == {"level": "note"}  # an info rule
    assert catalog[0]["helpUri"].endswith("docs/format.md#validation-checks")  # a validation check is a rule too
    assert [result["level"] for result in run["results"]] == ["error", "warning", "note", "error"]


def test_sarif_names_files_from_the_repository_root():
    run = sarif_log(locate=lambda file: f"sub/dir/{file}")["runs"][0]
    locations = [result["locations"][0]["physicalLocation"] for result in run["results"]]
    artifact = locations[0]["artifactLocation"]
    assert artifact == {
        "uri": "sub/dir/maps/d%C3%ADa%201%2C%20tienda%3A%20centro.journey.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    assert locations[1]["region"] == {"startLine": 24, "startColumn": 5}


def test_sarif_fingerprints_survive_moved_lines_and_tell_findings_apart():
    def moved(problem: Problem, lines: int) -> Problem:
        position = Position(problem.position.line + lines, problem.position.column)
        return Problem(problem.file, position, problem.severity, problem.code, problem.name, problem.message,
                       problem.json_path)  # fmt: skip

    before = FINDINGS[0].problems
    after = tuple(moved(problem, 7) for problem in before)
    assert fingerprints(before, SHOP) == fingerprints(after, SHOP)
    assert len(set(fingerprints(before, SHOP))) == 3
    twice = (before[1], before[1])  # alike in file, check and JSON path: still two identities
    assert len(set(fingerprints(twice, SHOP))) == 2
    assert fingerprints(before, SHOP) != fingerprints(before, "other/" + SHOP)
    log = sarif_log()["runs"][0]["results"]
    assert log[0]["partialFingerprints"] == {"journeymap/v1": fingerprints(before, SHOP)[0]}


# Every message that names a line: a duplicate key (no JSON path), a duplicate id, a duplicate name.
DUPLICATE_KEY_MAP = """\
journeymap: 1
title: Boots
title: Shoes
stages:
  - {id: buy, name: Buy}
  - {id: buy, name: Pay}
"""
DUPLICATE_NAME_MAP = """\
journeymap: 1
title: Boots
stages:
  - {id: buy, name: Buy}  # journeymap: disable=no-such-rule -- a reason
  - {id: pay, name: Buy}
"""


@pytest.mark.parametrize(
    ("text", "command", "codes"),
    [(DUPLICATE_KEY_MAP, "validate", ["JM004", "JM201"]), (DUPLICATE_NAME_MAP, "lint", ["JM601", "JM504"])],
    ids=["duplicate-key-and-id", "duplicate-name-and-suppression"],
)
def test_fingerprints_keep_when_lines_are_inserted_above(journeymap, tree, text, command, codes):
    """Messages that name the line of another value change when lines are inserted; fingerprints must not."""

    def issues(map_text: str) -> list[dict]:
        tree({"m.journey.yaml": map_text})
        selected = ("--select", ",".join(codes)) if command == "lint" else ()
        run = journeymap(command, "--format", "gitlab", *selected)
        return [issue for issue in json.loads(run.stdout) if issue["check_name"] in codes]

    before, after = issues(text), issues("# moved\n#  down\n" + text)
    assert [issue["check_name"] for issue in before] == codes
    assert [issue["location"]["lines"]["begin"] + 2 for issue in before] == [
        issue["location"]["lines"]["begin"] for issue in after
    ]
    assert [issue["description"] for issue in before] != [issue["description"] for issue in after]  # lines named
    assert [issue["fingerprint"] for issue in before] == [issue["fingerprint"] for issue in after]


def test_fingerprints_of_messages_alike_but_for_a_line_stay_apart():
    first = Problem(SHOP, Position(3, 1), Severity.ERROR, "JM004", "duplicate-key",
                    "duplicate key 'name' (first at line 2); remove or rename one")  # fmt: skip
    second = first._replace(position=Position(9, 1), message=first.message.replace("line 2", "line 8"))
    assert len(set(fingerprints([first, second], SHOP))) == 2


def unescape(text: str) -> str:
    """What the Actions runner does to escaped values."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner splits it: `::name key=value,key=value::message`."""
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match[2].split(","))
    return match[1], {key: unescape(value) for key, value in properties.items()}, unescape(match[3])


def test_github_annotations_read_back_as_the_runner_reads_them():
    lines = render("github", FINDINGS, "lint").splitlines()
    parsed = [parse_command(line) for line in lines]
    assert [name for name, _, _ in parsed] == ["error", "warning", "notice", "error"]
    _, properties, message = parsed[1]
    assert properties == {"file": SHOP, "line": "24", "col": "5", "title": "JM303 stage-without-goal"}
    assert message == FINDINGS[0].problems[1].message


def test_github_escaping_is_the_toolkits():
    assert github.escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert github.escape_property("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b"
    assert github.escape_data("%0A") == "%250A"  # a literal escape in a message stays literal


@pytest.mark.parametrize(("fail_on", "failures", "skipped"), [(Severity.ERROR, "2", "2"), (Severity.INFO, "4", "0")])
def test_junit_fails_exactly_what_fails_the_run(fail_on, failures, skipped):
    root = ET.fromstring(render("junit", FINDINGS, "lint", fail_on=fail_on))
    assert (root.get("failures"), root.get("skipped")) == (failures, skipped)
    kinds = [child.tag for case in root.iter("testcase") for child in case]
    assert kinds.count("failure") == int(failures) and kinds.count("skipped") == int(skipped)


def test_junit_follows_fail_on_from_the_command_line(journeymap, tree):
    tree({"m.journey.yaml": GAPPY})
    run = journeymap("lint", "--fail-on", "error", "--format", "junit")
    root = ET.fromstring(run.stdout)
    assert (run.exit_code, root.get("failures"), root.get("skipped")) == (0, "0", "2")  # warnings: exit 0, green tab


def test_junit_reads_back_with_a_suite_per_file_and_a_case_per_finding():
    root = ET.fromstring(render("junit", FINDINGS, "lint"))
    assert (root.tag, root.get("tests"), root.get("failures"), root.get("skipped")) == ("testsuites", "5", "3", "1")
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == [SHOP, "maps/clean.journey.yaml", "library/personas.yaml"]
    shop_cases = suites[0].findall("testcase")
    assert [case.get("name") for case in shop_cases] == [
        "JM104 invalid-value at $.stages[0].kind",
        "JM303 stage-without-goal at $.stages[2]",
        "JM305 stage-without-metrics at $.stages[3]",
    ]
    failure = shop_cases[1].find("failure")
    assert failure.get("message") == FINDINGS[0].problems[1].message
    assert failure.text.startswith(f"{SHOP}:24:5: warning[JM303 stage-without-goal]: ")
    assert shop_cases[2].find("failure") is None  # an info finding does not fail the run, nor the test tab
    assert shop_cases[2].find("skipped").get("type") == "info JM305 stage-without-metrics"
    clean = suites[1].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None and suites[1].get("failures") == "0"
    assert suites[2].find("testcase").get("name") == "JM003 yaml-syntax at line 1"


def test_gitlab_code_quality_fields_and_severities():
    issues = json.loads(render("gitlab", FINDINGS, "lint", lambda file: f"repo/{file}"))
    assert [issue["severity"] for issue in issues] == ["major", "minor", "info", "critical"]
    first = issues[0]
    assert set(first) == {"type", "description", "check_name", "categories", "fingerprint", "severity", "location"}
    assert first["location"] == {"path": f"repo/{SHOP}", "lines": {"begin": 6, "end": 6}}
    assert first["check_name"] == "JM104" and first["description"].startswith("JM104 invalid-value: 'kind'")
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


CODE_CLIMATE_CATEGORIES = {"Bug Risk", "Clarity", "Compatibility", "Complexity", "Duplication", "Performance",
                           "Security", "Style"}  # fmt: skip


def test_gitlab_issues_carry_the_fields_strict_code_climate_consumers_require():
    issues = json.loads(render("gitlab", FINDINGS, "lint"))
    for issue in issues:
        assert issue["type"] == "issue"
        assert issue["categories"] and set(issue["categories"]) <= CODE_CLIMATE_CATEGORIES
        lines = issue["location"]["lines"]
        assert isinstance(lines["end"], int) and lines["end"] >= lines["begin"] >= 1
    # a validation check is a risk of a misread map; a coverage or shape rule, a map that is unclear
    assert [issue["categories"] for issue in issues] == [["Bug Risk"], ["Clarity"], ["Clarity"], ["Bug Risk"]]


def test_every_check_and_rule_has_a_code_climate_category():
    from journeymap import checks
    from journeymap.reporters import gitlab

    codes = [check.code for check in checks.ALL] + [rule.code for rule in rules.ALL]
    assert [code for code in codes if code[:3] not in gitlab.CATEGORIES] == []
    assert set(gitlab.CATEGORIES.values()) <= CODE_CLIMATE_CATEGORIES


def test_json_report_keeps_its_fields_and_adds_statistics():
    document = json.loads(render("json", FINDINGS, "lint"))
    assert document["format_version"] == 1
    assert set(document) == {"format_version", "tool", "command", "files", "summary", "statistics"}
    assert document["statistics"] == [
        {"code": "JM003", "name": "yaml-syntax", "severity": "error", "count": 1},
        {"code": "JM104", "name": "invalid-value", "severity": "error", "count": 1},
        {"code": "JM303", "name": "stage-without-goal", "severity": "warning", "count": 1},
        {"code": "JM305", "name": "stage-without-metrics", "severity": "info", "count": 1},
    ]


def test_each_file_is_named_from_its_own_repository_root(tree):
    root = tree({"a/.git/HEAD": "", "a/maps/m.journey.yaml": "", "b/.git/HEAD": "", "b/x/n.journey.yaml": "",
                 "plain/p.journey.yaml": ""})  # fmt: skip
    inside_a = Paths(cwd=root / "a" / "maps")
    assert inside_a.from_root("m.journey.yaml") == "maps/m.journey.yaml"
    assert inside_a.from_root("../../b/x/n.journey.yaml") == "x/n.journey.yaml"  # another repository: its own root
    assert inside_a.from_root(str(root / "a/maps/m.journey.yaml")) == "maps/m.journey.yaml"
    assert inside_a.from_root(str(root / "plain/p.journey.yaml")) == (root / "plain/p.journey.yaml").as_posix()
    (root / "a" / "linked").symlink_to(root / "b" / "x")  # a folder linked into a repository: named as linked
    assert inside_a.from_root("../linked/n.journey.yaml") == "linked/n.journey.yaml"
    (root / "plain" / "into-b").symlink_to(root / "b" / "x")  # linked from outside git: named in its repository
    assert inside_a.from_root(str(root / "plain/into-b/n.journey.yaml")) == "x/n.journey.yaml"
    outside = Paths(cwd=root)
    assert outside.from_root("a/maps/m.journey.yaml") == "maps/m.journey.yaml"
    assert outside.from_root("plain/p.journey.yaml") == "plain/p.journey.yaml"  # no git: from the working directory


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown report format 'xml'"):
        render("xml", FINDINGS, "lint")


def test_atomic_writes_leave_the_old_file_whole_when_they_fail(tmp_path, monkeypatch):
    target = tmp_path / "report.sarif"
    target.write_text("old", encoding="utf-8")

    def refuse(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(OSError):
        files.write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["report.sarif"]  # no temporary file left


def test_atomic_writes_follow_links_and_write_through_pipes(tmp_path):
    (tmp_path / "real.sarif").write_text("old", encoding="utf-8")
    (tmp_path / "link.sarif").symlink_to("real.sarif")
    files.write_atomically(tmp_path / "link.sarif", "new")
    assert (tmp_path / "link.sarif").is_symlink() and (tmp_path / "real.sarif").read_text() == "new"

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # a reader is waiting, as a shell's would be
    try:
        files.write_atomically(pipe, "through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert pipe.is_fifo()  # not replaced by a regular file


# The CLI: --report, --statistics, --quiet, annotations in GitHub Actions.

INFO_LINE = (
    "m.journey.yaml:18:5: info[JM305 stage-without-metrics]: stage 'Buy' has no metrics; "
    "define how results in this stage are measured"
)
GOAL_LINE = (
    "m.journey.yaml:24:5: warning[JM303 stage-without-goal]: stage 'Wear' has no goal; "
    "write what the customer wants to achieve in this stage"
)
SUMMARY = "Found 2 problems (1 warning, 1 info) in 1 file (checked 1 map)."


def test_report_files_are_written_in_the_same_run(journeymap, tree):
    root = tree({"m.journey.yaml": GAPPY})
    run = journeymap("lint", "--format", "json", "--report", "sarif:out/lint.sarif", "--report", "junit:lint.xml",
                     "--report", "text:lint.txt")  # fmt: skip
    assert run.exit_code == 1
    assert json.loads(run.stdout)["summary"]["problems"] == 2  # standard output stays one parseable report
    assert json.loads((root / "out" / "lint.sarif").read_text())["runs"][0]["results"][1]["ruleId"] == "JM303"
    junit = ET.parse(root / "lint.xml").getroot()
    assert [len(junit.findall(f"testsuite/testcase/{kind}")) for kind in ("failure", "skipped")] == [1, 1]
    assert (root / "lint.txt").read_text().splitlines()[-1] == SUMMARY  # plain, no colour codes
    assert run.stderr.splitlines() == [
        "journeymap: wrote the sarif report to out/lint.sarif",
        "journeymap: wrote the junit report to lint.xml",
        "journeymap: wrote the text report to lint.txt",
    ]
    assert sorted(path.name for path in root.iterdir()) == ["lint.txt", "lint.xml", "m.journey.yaml", "out"]


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("sarf:x.sarif", "not 'sarf:x.sarif'; did you mean 'sarif'?"),
        ("sarif", "not 'sarif'"),
        ("sarif:", "not 'sarif:'"),
    ],
)
def test_a_malformed_report_option_is_a_usage_error(journeymap, tree, value, complaint):
    tree({"m.journey.yaml": GAPPY})
    run = journeymap("validate", "--report", value)
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr == (
        "journeymap: error: --report wants FORMAT:PATH, FORMAT one of text, json, sarif, github, junit, gitlab; "
        f"{complaint}\n"
    )


def test_an_unwritable_report_is_an_environment_error(journeymap, tree):
    root = tree({"m.journey.yaml": GAPPY})
    (root / "taken").mkdir()
    run = journeymap("lint", "--report", "sarif:taken")  # refused before any map is checked
    assert (run.exit_code, run.stdout, run.stderr) == (
        2, "", "journeymap: error: --report 'taken': it is a directory; name a file\n"
    )


def test_statistics_count_findings_per_rule(journeymap, tree):
    tree({"m.journey.yaml": GAPPY})
    run = journeymap("lint", "--statistics")
    assert run.lines[-3:] == [
        "1  JM303  stage-without-goal     warning",
        "1  JM305  stage-without-metrics  info",
        SUMMARY,
    ]


def test_quiet_prints_only_the_problems_and_the_summary(journeymap, tree):
    tree({"m.journey.yaml": GAPPY})
    run = journeymap("lint", "--quiet", "--statistics", "--report", "sarif:lint.sarif")
    assert run.lines == [INFO_LINE, GOAL_LINE, SUMMARY]
    assert run.stderr == ""


def test_github_actions_get_annotations_beside_the_text_report(journeymap, tree, monkeypatch):
    tree({"m.journey.yaml": GAPPY})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = journeymap("lint")
    assert run.lines[:3] == [INFO_LINE, GOAL_LINE, SUMMARY]
    assert run.lines[3:] == [
        "::notice file=m.journey.yaml,line=18,col=5,title=JM305 stage-without-metrics::stage 'Buy' has no metrics; "
        "define how results in this stage are measured",
        "::warning file=m.journey.yaml,line=24,col=5,title=JM303 stage-without-goal::stage 'Wear' has no goal; "
        "write what the customer wants to achieve in this stage",
    ]
    assert not any(line.startswith("::") for line in journeymap("lint", "--format", "text").lines)
    assert journeymap("lint", "--format", "github").lines == run.lines[3:]
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert journeymap("lint").lines == run.lines[:3]


def test_ci_formats_name_files_from_the_git_root(journeymap, tree, monkeypatch):
    root = tree({"maps/m.journey.yaml": GAPPY, ".git/HEAD": "ref: refs/heads/main\n"})
    monkeypatch.chdir(root / "maps")
    run = journeymap("lint", "--format", "github", "--report", "text:../lint.txt")
    assert run.lines[1].startswith("::warning file=maps/m.journey.yaml,line=24,col=5,")
    assert (root / "lint.txt").read_text().startswith("m.journey.yaml:18:5: ")  # text stays as the user sees it


def test_ci_formats_name_files_from_the_git_root_when_run_from_outside_it(journeymap, tree, monkeypatch):
    root = tree({"repo/maps/m.journey.yaml": GAPPY, "repo/.git/HEAD": "ref: refs/heads/main\n"})
    monkeypatch.chdir(root)
    run = journeymap("lint", "--format", "sarif", "--report", "gitlab:cq.json", "repo/maps")
    location = json.loads(run.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "maps/m.journey.yaml", "uriBaseId": "%SRCROOT%"}
    assert json.loads((root / "cq.json").read_text())[0]["location"]["path"] == "maps/m.journey.yaml"


def test_help_documents_exit_codes_and_the_new_options(journeymap):
    for command in ("validate", "lint"):
        text = " ".join(journeymap(command, "--help").stdout.split())
        assert "1 when" in text and "2 on usage, configuration or environment errors" in text
        for option in ("--report", "--statistics", "--quiet", "--baseline", "--write-baseline", "sarif"):
            assert option in text


JOURNEY_MAP = """journeymap: 1.1
title: Renewing
x-team: cx
personas:
  - {id: luis, name: Luis, goals: [Not miss work]}
stages:
  - id: apply
    name: Applies
    kind: application
    steps:
      - {name: Queues, persona: luis, emotion: -2, feeling: frustrated, wait: 2 weeks, x-note: pilot}
    backstage: [Checks the registry]
"""


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_the_json_report_carries_each_valid_maps_journey_with_its_extensions(journeymap, tree, command):
    tree({"m.journey.yaml": JOURNEY_MAP, "bad.journey.yaml": "journeymap: 1\ntitle: B\nstages: []\n",
          "lib.yaml": "journeymap: 1\nlibrary: true\n"})  # fmt: skip
    files = json.loads(journeymap(command, "--format", "json", ".", "lib.yaml").stdout)["files"]
    journeys = {entry["path"]: entry.get("journey") for entry in files}
    assert journeys["bad.journey.yaml"] is None and journeys["lib.yaml"] is None
    assert journeys["m.journey.yaml"] == {
        "journeymap": 1.1, "title": "Renewing", "state": "current",
        "personas": [{"id": "luis", "name": "Luis", "goals": ["Not miss work"]}],
        "stages": [{
            "id": "apply", "name": "Applies", "kind": "application",
            "steps": [{"name": "Queues", "persona": "luis", "personas": ["luis"], "emotion": -2,
                       "feeling": "frustrated", "wait": "2 weeks", "x-note": "pilot"}],
            "backstage": [{"name": "Checks the registry"}],
        }],
        "x-team": "cx",
    }  # fmt: skip


def test_a_json_report_file_carries_journeys_and_other_formats_do_not_need_them(journeymap, tree):
    root = tree({"m.journey.yaml": JOURNEY_MAP})
    run = journeymap("lint", "--report", "json:lint.json", "--format", "sarif", "m.journey.yaml")
    assert json.loads((root / "lint.json").read_text())["files"][0]["journey"]["title"] == "Renewing"
    assert "Renewing" not in run.stdout  # SARIF says nothing of the journey itself
