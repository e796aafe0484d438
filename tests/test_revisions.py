"""journeymap diff's sides: the arguments read as revisions, files or folders, the maps changed between
them, and each map checked on its own side, in real git repositories built here."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from journeymap.loader import Limits
from journeymap.revisions import MapPair, RevisionError, changed_maps, checked, journey, sides

if shutil.which("git") is None:
    pytest.skip("journeymap diff reads revisions with git", allow_module_level=True)

PERSONAS = """
    journeymap: 1
    library: true
    personas:
      - id: maya
        name: Maya
"""


def map_text(title: str, *stages: str, include: str | None = None) -> str:
    lines = ["journeymap: 1", f"title: {title}"]
    if include:
        lines.append(f"include: [{include}]")
    lines.append("stages:")
    for stage in stages or ("only",):
        lines += [f"  - id: {stage}", f"    name: Stage {stage}"]
    return "\n".join(lines) + "\n"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd), "GIT_AUTHOR_DATE": "2026-01-01T00:00:00",
           "GIT_COMMITTER_DATE": "2026-01-01T00:00:00"}  # fmt: skip
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main", *args]
    return subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def write(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write (or, for None, delete) files under `root`."""
    for name, content in files.items():
        path = root / name
        if content is None:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


def commit(root: Path, files: dict[str, str | bytes | None], message: str = "change") -> None:
    write(root, files)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-gpg-sign", "--allow-empty", "--message", message)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with a first commit, tagged 'first': two maps and a library one includes."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "--quiet")
    commit(root, {
        "maps/shop.journey.yaml": map_text("Shop", "browse", "buy", include="../lib/personas.yaml"),
        "maps/onboarding.journey.yaml": map_text("Onboarding", "sign-up", "first-use", "habit"),
        "lib/personas.yaml": PERSONAS,
    }, "first")  # fmt: skip
    git(root, "tag", "first")
    monkeypatch.chdir(root)
    return root


def pairs(arguments: list[str], cwd: Path | None = None, **options) -> list[tuple[str | None, str | None, str]]:
    """The changed maps as (base, head, status), each path from the side's root."""
    with sides(arguments, cwd) as compared:
        found = changed_maps(compared, **options)
        return [(_from(pair.base, compared.base.root), _from(pair.head, compared.head.root), pair.status) for pair in found]


def _from(path: Path | None, root: Path) -> str | None:
    return None if path is None else path.relative_to(root).as_posix()


def refusal(arguments: list[str], cwd: Path | None = None) -> str:
    with pytest.raises(RevisionError) as raised:
        sides(arguments, cwd).close()
    return str(raised.value)


def problem_lines(arguments: list[str], side: str, path: str, limits: Limits | None = None) -> list[str]:
    with sides(arguments, limits=limits) if limits else sides(arguments) as compared:
        chosen = compared.base if side == "base" else compared.head
        return [problem.line for problem in checked(chosen, chosen.root / path).problems]


# The arguments


def test_no_argument_compares_the_working_tree_with_head(repo):
    write(repo, {"maps/shop.journey.yaml": map_text("Shop", "browse", "buy", "return", include="../lib/personas.yaml"),
                 "maps/new.journey.yaml": map_text("New")})  # fmt: skip
    with sides([]) as compared:
        assert (compared.kind, compared.base.label, compared.head.label, compared.paths) == ("working tree", "HEAD", "working tree", ())
        assert compared.base.commit == git(repo, "rev-parse", "HEAD").strip()
        assert changed_maps(compared) == [
            MapPair(None, repo / "maps/new.journey.yaml", "added"),  # untracked, still part of the change
            MapPair(repo / "maps/shop.journey.yaml", repo / "maps/shop.journey.yaml", "modified"),
        ]


def test_one_revision_is_compared_with_the_working_tree(repo):
    commit(repo, {"maps/onboarding.journey.yaml": None}, "second")
    write(repo, {"maps/late.journey.yaml": map_text("Late")})
    assert pairs(["first"]) == [
        (None, "maps/late.journey.yaml", "added"),
        ("maps/onboarding.journey.yaml", None, "removed"),
    ]


def test_two_revisions_in_every_spelling(repo):
    commit(repo, {"maps/new.journey.yaml": map_text("New")}, "second")
    write(repo, {"maps/uncommitted.journey.yaml": map_text("Uncommitted")})  # the working tree is not a side
    expected = [(None, "maps/new.journey.yaml", "added")]
    assert pairs(["first", "HEAD"]) == pairs(["first..HEAD"]) == pairs(["first.."]) == pairs(["first...HEAD"]) == expected
    with sides(["first..HEAD"]) as compared:
        assert (compared.kind, compared.base.label, compared.head.label) == ("revisions", "first", "HEAD")
    assert pairs(["HEAD", "first"]) == [("maps/new.journey.yaml", None, "removed")]
    assert pairs([git(repo, "rev-parse", "--short", "first").strip(), "HEAD~0"]) == expected


def test_three_dots_compare_with_the_commit_where_head_left_base(repo):
    git(repo, "checkout", "--quiet", "-b", "feature")
    commit(repo, {"maps/feature.journey.yaml": map_text("Feature", "try", "keep")}, "feature")
    git(repo, "checkout", "--quiet", "main")
    commit(repo, {"maps/main-only.journey.yaml": map_text("Main only", "look", "leave")}, "on main")
    assert pairs(["main...feature"]) == [(None, "maps/feature.journey.yaml", "added")]
    assert pairs(["main..feature"]) == [
        (None, "maps/feature.journey.yaml", "added"),
        ("maps/main-only.journey.yaml", None, "removed"),
    ]
    with sides(["main...feature"]) as compared:
        assert compared.base.label == git(repo, "rev-parse", "--short", "first").strip()  # no name holds the fork
        assert compared.base.commit == git(repo, "rev-parse", "first").strip()
    with sides(["first...feature"]) as compared:
        assert compared.base.label == "first"  # where the fork is a name, it is shown


def test_paths_restrict_the_maps_but_not_the_libraries_they_include(repo):
    commit(repo, {"lib/personas.yaml": PERSONAS.replace("Maya", "Maya Rivera"),
                  "maps/onboarding.journey.yaml": map_text("Onboarding", "sign-up"),
                  "other/x.journey.yaml": map_text("X")}, "second")  # fmt: skip
    assert pairs(["first", "HEAD", "maps/shop.journey.yaml"]) == [
        ("maps/shop.journey.yaml", "maps/shop.journey.yaml", "library-changed")
    ]
    assert pairs(["first", "HEAD", "other", "maps/onboarding.journey.yaml"]) == [
        ("maps/onboarding.journey.yaml", "maps/onboarding.journey.yaml", "modified"),
        (None, "other/x.journey.yaml", "added"),
    ]
    assert pairs(["first", "HEAD", "."], cwd=repo / "other") == [(None, "other/x.journey.yaml", "added")]
    assert pairs(["first", "HEAD", "lib"]) == []  # a library is not a map


def test_a_path_first_means_the_working_tree_against_head(repo):
    write(repo, {"maps/onboarding.journey.yaml": map_text("Onboarding", "sign-up"), "other/y.journey.yaml": map_text("Y")})
    with sides(["maps"]) as compared:
        assert (compared.base.label, compared.head.label, compared.paths) == ("HEAD", "working tree", ("maps",))
    assert pairs(["maps"]) == [("maps/onboarding.journey.yaml", "maps/onboarding.journey.yaml", "modified")]
    with sides(["maps", "other"]) as compared:
        assert compared.kind == "folders"  # two folders alone are the two sides ...
    assert pairs(["HEAD", "maps", "other"]) == [  # ... and, after a revision, two PATHS
        ("maps/onboarding.journey.yaml", "maps/onboarding.journey.yaml", "modified"),
        (None, "other/y.journey.yaml", "added"),
    ]
    assert pairs(["maps", "other", "lib"]) == pairs(["HEAD", "maps", "other"])


def test_a_path_removed_from_the_working_tree_is_still_a_path(repo):
    commit(repo, {"old/gone.journey.yaml": map_text("Gone")}, "second")
    write(repo, {"old": None})
    assert pairs(["HEAD", "old"]) == [("old/gone.journey.yaml", None, "removed")]
    assert pairs(["old"]) == [("old/gone.journey.yaml", None, "removed")]


def test_the_configurations_globs_say_which_files_are_maps(repo):
    commit(repo, {"maps/shop.journey.yaml": map_text("Shop", "browse", include="../lib/personas.yaml"),
                  "drafts/d.journey.yaml": map_text("Draft")}, "second")  # fmt: skip
    not_drafts = lambda path: "drafts" not in path.parts  # noqa: E731
    assert pairs(["first", "HEAD"], wanted=not_drafts) == [
        ("maps/shop.journey.yaml", "maps/shop.journey.yaml", "modified")
    ]
    with sides(["first", "HEAD"]) as compared:
        seen: list[Path] = []
        changed_maps(compared, wanted=lambda path: seen.append(path) or True)
        assert set(seen) == {repo / "drafts/d.journey.yaml", repo / "maps/shop.journey.yaml"}  # in the working tree


# The maps that changed


def test_renames_are_followed_between_revisions_and_into_the_working_tree(repo):
    commit(repo, {"maps/onboarding.journey.yaml": None,
                  "maps/welcome.journey.yaml": map_text("Onboarding", "sign-up", "first-use", "habits")}, "renamed")  # fmt: skip
    assert pairs(["first", "HEAD"]) == [("maps/onboarding.journey.yaml", "maps/welcome.journey.yaml", "renamed")]
    os.rename(repo / "maps/shop.journey.yaml", repo / "maps/store.journey.yaml")  # not git mv: an untracked file
    assert pairs(["HEAD"]) == [("maps/shop.journey.yaml", "maps/store.journey.yaml", "renamed")]
    assert pairs(["first"]) == [
        ("maps/shop.journey.yaml", "maps/store.journey.yaml", "renamed"),
        ("maps/onboarding.journey.yaml", "maps/welcome.journey.yaml", "renamed"),
    ]


def test_a_map_renamed_to_a_file_that_is_not_a_map_is_removed(repo):
    commit(repo, {"maps/onboarding.journey.yaml": None,
                  "maps/onboarding.yaml": map_text("Onboarding", "sign-up", "first-use", "habit")}, "renamed")  # fmt: skip
    assert pairs(["first", "HEAD"]) == [("maps/onboarding.journey.yaml", None, "removed")]


def test_a_map_whose_library_changed_is_compared_even_when_it_did_not_change(repo):
    commit(repo, {"lib/personas.yaml": PERSONAS.replace("Maya", "Maya Rivera")}, "library")
    assert pairs(["first", "HEAD"]) == [("maps/shop.journey.yaml", "maps/shop.journey.yaml", "library-changed")]
    write(repo, {"lib/personas.yaml": PERSONAS.replace("Maya", "Maya R.")})
    assert pairs(["HEAD"]) == [("maps/shop.journey.yaml", "maps/shop.journey.yaml", "library-changed")]


def test_libraries_are_followed_through_the_libraries_that_include_them(repo):
    commit(repo, {"lib/all.yaml": "journeymap: 1\nlibrary: true\ninclude: [personas.yaml]\n",
                  "lib/touchpoints.yaml": "journeymap: 1\nlibrary: true\ntouchpoints:\n  - {id: web, name: Web}\n",
                  "maps/onboarding.journey.yaml": map_text("Onboarding", "sign-up", include="../lib/all.yaml"),
                  "deep/er/far.journey.yaml": map_text("Far", include="../../lib/all.yaml"),
                  "maps/mentions.journey.yaml": map_text("Mentions personas.yaml in its title")}, "second")  # fmt: skip
    git(repo, "tag", "second")
    commit(repo, {"lib/personas.yaml": PERSONAS.replace("Maya", "Maya Rivera")}, "library")
    assert pairs(["second", "HEAD"]) == [
        ("deep/er/far.journey.yaml", "deep/er/far.journey.yaml", "library-changed"),
        ("maps/onboarding.journey.yaml", "maps/onboarding.journey.yaml", "library-changed"),
        ("maps/shop.journey.yaml", "maps/shop.journey.yaml", "library-changed"),
    ]
    commit(repo, {"lib/personas.yaml": None}, "library removed")  # its maps now include nothing: still compared
    assert pairs(["HEAD~1", "HEAD", "maps"]) == [
        ("maps/onboarding.journey.yaml", "maps/onboarding.journey.yaml", "library-changed"),
        ("maps/shop.journey.yaml", "maps/shop.journey.yaml", "library-changed"),
    ]
    commit(repo, {"lib/touchpoints.yaml": "journeymap: 1\nlibrary: true\n"}, "a library nobody includes")
    assert pairs(["HEAD~1", "HEAD"]) == []


def test_a_map_replaced_by_a_folder_is_modified_and_its_folder_side_a_problem(repo):
    commit(repo, {"maps/onboarding.journey.yaml": None, "maps/onboarding.journey.yaml/README.md": "moved\n"}, "folder")
    assert pairs(["first", "HEAD"]) == [
        ("maps/onboarding.journey.yaml", "maps/onboarding.journey.yaml", "modified")
    ]
    assert problem_lines(["first", "HEAD"], "head", "maps/onboarding.journey.yaml") == [
        "HEAD:maps/onboarding.journey.yaml:1:1: error[JM001 unreadable-file]: this is a directory, not a file"
    ]
    assert pairs(["HEAD", "first"]) == [  # a folder replaced by a map
        ("maps/onboarding.journey.yaml", "maps/onboarding.journey.yaml", "modified")
    ]
    git(repo, "checkout", "--quiet", "first")  # and in the working tree
    write(repo, {"maps/shop.journey.yaml": None, "maps/shop.journey.yaml/notes.txt": "moved\n"})
    assert pairs([]) == [("maps/shop.journey.yaml", "maps/shop.journey.yaml", "modified")]
    assert problem_lines([], "head", "maps/shop.journey.yaml") == [
        "maps/shop.journey.yaml:1:1: error[JM001 unreadable-file]: this is a directory, not a file"
    ]


def test_binary_and_huge_maps_of_a_revision_are_the_usual_problems(repo):
    huge = map_text("Huge") + "# " + "x" * 2_000 + "\n"
    commit(repo, {"maps/binary.journey.yaml": b"journeymap: 1\n\x00\x01\x02", "maps/huge.journey.yaml": huge,
                  "maps/latin1.journey.yaml": "title: Caf\xe9\n".encode("latin-1")}, "odd files")  # fmt: skip
    assert pairs(["first", "HEAD"]) == [
        (None, "maps/binary.journey.yaml", "added"),
        (None, "maps/huge.journey.yaml", "added"),
        (None, "maps/latin1.journey.yaml", "added"),
    ]
    assert problem_lines(["first", "HEAD"], "head", "maps/binary.journey.yaml") == [
        "HEAD:maps/binary.journey.yaml:2:1: error[JM002 encoding]: binary data (a NUL byte); a journey map must be text"
    ]
    assert problem_lines(["first", "HEAD"], "head", "maps/latin1.journey.yaml") == [
        "HEAD:maps/latin1.journey.yaml:1:11: error[JM002 encoding]: byte 0xe9 is not valid UTF-8; save the file as UTF-8"
    ]
    small = Limits(max_bytes=1_048_576 // 1024)  # the limit as the loader words it: 1 KB shows as 0 MB
    assert problem_lines(["first", "HEAD"], "head", "maps/huge.journey.yaml", small) == [
        "HEAD:maps/huge.journey.yaml:1:1: error[JM001 unreadable-file]: the file is 0.0 MB, over the 0 MB limit for a journey map"
    ]


# Each map checked on its side


def test_a_map_of_a_revision_includes_its_libraries_from_that_revision(repo):
    write(repo, {"lib/personas.yaml": PERSONAS.replace("Maya", "Maya Rivera")})
    with sides(["first"]) as compared:
        [pair] = changed_maps(compared)
        before, after = checked(compared.base, pair.base), checked(compared.head, pair.head)
        assert (before.file, after.file) == ("first:maps/shop.journey.yaml", "maps/shop.journey.yaml")
        assert before.libraries == after.libraries == (repo / "lib/personas.yaml",)
        assert [persona.name for persona in journey(compared.base, before).personas] == ["Maya"]
        assert [persona.name for persona in journey(compared.head, after).personas] == ["Maya Rivera"]
        assert compared.base.shown(pair.base) == "first:maps/shop.journey.yaml"


def test_problems_of_a_revision_name_the_revision_and_follow_todays_include_rules(repo):
    commit(repo, {"maps/shop.journey.yaml": map_text("Shop", "browse", include="../lib/persona.yaml"),
                  "maps/out.journey.yaml": map_text("Out", include="../../outside.yaml"),
                  "maps/dir.journey.yaml": map_text("Dir", include="../lib"),
                  "maps/bad.journey.yaml": "journeymap: 1\ntitle: [unclosed\n"}, "broken")  # fmt: skip
    lines = {path: problem_lines(["HEAD"], "base", f"maps/{path}.journey.yaml") for path in ("shop", "out", "dir", "bad")}
    assert lines == {
        "shop": ["HEAD:maps/shop.journey.yaml:3:11: error[JM203 include-error]: included file '../lib/persona.yaml' "
                 "does not exist; did you mean '../lib/personas.yaml'?"],
        "out": [f"HEAD:maps/out.journey.yaml:3:11: error[JM204 include-outside-repository]: include '../../outside.yaml' "
                f"leads outside the repository ({repo}); keep libraries inside it"],
        "dir": ["HEAD:maps/dir.journey.yaml:3:11: error[JM203 include-error]: include '../lib' is a directory; "
                "name a library file in it"],
        "bad": ["HEAD:maps/bad.journey.yaml:3:1: error[JM003 yaml-syntax]: invalid YAML: did not find expected ',' or ']' "
                "(while parsing a flow sequence)"],
    }  # fmt: skip


def test_a_library_included_by_a_link_in_a_revision_is_read_through_it(repo):
    os.symlink("lib", repo / "shared")
    os.symlink("loop-b", repo / "loop-a")
    os.symlink("loop-a", repo / "loop-b")
    commit(repo, {"maps/linked.journey.yaml": map_text("Linked", include="../shared/personas.yaml"),
                  "maps/looped.journey.yaml": map_text("Looped", include="../loop-a")}, "links")  # fmt: skip
    with sides(["HEAD", "first"]) as compared:
        linked = checked(compared.base, repo / "maps/linked.journey.yaml")
        assert (linked.problems, linked.libraries) == ((), (repo / "lib/personas.yaml",))
        looped = checked(compared.base, repo / "maps/looped.journey.yaml")
        assert [problem.line for problem in looped.problems] == [
            "HEAD:maps/looped.journey.yaml:3:11: error[JM203 include-error]: included file '../loop-a' cannot be read: "
            "too many levels of symbolic links"
        ]


def test_a_library_shared_by_two_maps_of_a_revision_is_read_once(repo):
    commit(repo, {"maps/onboarding.journey.yaml": map_text("Onboarding", include="../lib/personas.yaml")}, "second")
    with sides(["HEAD", "first"]) as compared:
        read = []
        workspace = compared.base.workspace
        load = workspace.load
        workspace.load = lambda path, shown: read.append(shown) or load(path, shown)
        for name in ("shop", "onboarding"):
            assert checked(compared.base, repo / f"maps/{name}.journey.yaml").valid
        assert read == ["HEAD:maps/shop.journey.yaml", "HEAD:lib/personas.yaml", "HEAD:maps/onboarding.journey.yaml"]


def test_nothing_is_written_to_the_work_tree_or_the_index(repo):
    write(repo, {"maps/shop.journey.yaml": map_text("Shop", "browse"), "maps/new.journey.yaml": map_text("New")})
    os.utime(repo / "maps/onboarding.journey.yaml")  # a stale index entry, which git status would refresh
    before = git(repo, "status", "--porcelain", "--untracked-files=all")
    index = (repo / ".git/index").read_bytes()
    files = sorted(path for path in repo.rglob("*") if ".git" not in path.parts)
    with sides(["first"]) as compared:
        for pair in changed_maps(compared):
            for side, path in ((compared.base, pair.base), (compared.head, pair.head)):
                if path is not None:
                    checked(side, path)
    assert (repo / ".git/index").read_bytes() == index
    assert sorted(path for path in repo.rglob("*") if ".git" not in path.parts) == files
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == before


# Two files, two folders


def test_two_files_are_compared_without_git(tmp_path, monkeypatch):
    write(tmp_path, {"old.journey.yaml": map_text("Old"), "new.journey.yaml": map_text("New")})
    monkeypatch.chdir(tmp_path)
    with sides(["old.journey.yaml", "new.journey.yaml"]) as compared:
        assert (compared.kind, compared.base.label, compared.head.label) == ("files", "old.journey.yaml", "new.journey.yaml")
        assert changed_maps(compared) == [MapPair(tmp_path / "old.journey.yaml", tmp_path / "new.journey.yaml", "modified")]
        assert checked(compared.base, tmp_path / "old.journey.yaml").file == "old.journey.yaml"


def test_two_folders_are_compared_by_the_paths_within_them(tmp_path, monkeypatch):
    write(tmp_path, {
        "old/same.journey.yaml": map_text("Same"), "new/same.journey.yaml": map_text("Same"),
        "old/edited.journey.yaml": map_text("Edited"), "new/edited.journey.yaml": map_text("Edited", "more"),
        "old/gone.journey.yaml": map_text("Gone", "a", "b", "c"), "new/born.journey.yaml": map_text("Born"),
        "old/moved.journey.yaml": map_text("Moved", "a", "b", "c", "d"),
        "new/sub/moved.journey.yaml": map_text("Moved", "a", "b", "c", "d", "e"),
        "old/uses.journey.yaml": map_text("Uses", include="lib/personas.yaml"),
        "new/uses.journey.yaml": map_text("Uses", include="lib/personas.yaml"),
        "old/lib/personas.yaml": PERSONAS, "new/lib/personas.yaml": PERSONAS.replace("Maya", "Maya Rivera"),
    })  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert pairs(["old", "new"]) == [
        (None, "born.journey.yaml", "added"),
        ("edited.journey.yaml", "edited.journey.yaml", "modified"),
        ("gone.journey.yaml", None, "removed"),
        ("moved.journey.yaml", "sub/moved.journey.yaml", "renamed"),
        ("uses.journey.yaml", "uses.journey.yaml", "library-changed"),
    ]
    with sides(["old", "new"]) as compared:
        assert checked(compared.head, tmp_path / "new/uses.journey.yaml").file == "new/uses.journey.yaml"


# Bad input: one line each


def test_a_revision_that_does_not_exist(repo):
    git(repo, "branch", "feature/checkout")
    assert refusal(["mian"]) == "'mian' is not a revision, nor a file or folder here; did you mean 'main'?"
    assert refusal(["feature/chekout"]) == (
        "'feature/chekout' is not a revision, nor a file or folder here; did you mean 'feature/checkout'?"
    )
    assert refusal(["zzz"]) == (
        "'zzz' is not a revision, nor a file or folder here; name a branch, a tag or a commit "
        "(git log --oneline lists the commits)"
    )
    assert refusal(["mian..HEAD"]) == "'mian' in 'mian..HEAD' is not a revision; did you mean 'main'?"
    assert refusal(["main", "HEAD~5"]) == (
        "'HEAD~5' is not a revision, nor a file or folder here; name a branch, a tag or a commit "
        "(git log --oneline lists the commits)"
    )
    assert refusal(["maps/nope.journey.yaml"]) == "no file or folder 'maps/nope.journey.yaml' here, nor a revision of that name"
    assert refusal(["main", "HEAD", "nope"]) == "no file or folder 'nope' here or in the revisions compared"
    assert refusal(["HEAD:maps"]) == "'HEAD:maps' names a tree, not a commit; name a branch, a tag or a commit"
    assert refusal([""]) == "an empty argument was given; name a revision, a file or a folder"


def test_an_argument_both_a_revision_and_a_path_is_ambiguous(repo):
    write(repo, {"main/x.journey.yaml": map_text("X"), "first": "a file\n"})
    assert refusal(["main"]) == (
        "'main' is both a revision and a file or folder here; write './main' for the path, or 'heads/main' for the revision"
    )
    assert refusal(["HEAD", "first"]) == (
        "'first' is both a revision and a file or folder here; write './first' for the path, or 'tags/first' for the revision"
    )
    assert pairs(["./main"]) == [(None, "main/x.journey.yaml", "added")]
    assert pairs(["heads/main", "./main"]) == [(None, "main/x.journey.yaml", "added")]


def test_a_path_outside_the_repository(repo, tmp_path):
    assert refusal(["HEAD", str(tmp_path)]) == (
        f"'{tmp_path}' lies outside the repository ({repo}); name a file or folder inside it"
    )


def test_a_shallow_clone_without_the_base(repo, tmp_path):
    commit(repo, {"maps/new.journey.yaml": map_text("New")}, "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{repo}", str(clone))
    advice = ("fetch the history with 'git fetch --unshallow' (in GitHub Actions, give actions/checkout "
              "'fetch-depth: 0')")  # fmt: skip
    assert refusal(["HEAD~1"], clone) == f"'HEAD~1' is not in this shallow clone (its history was fetched only to a depth); {advice}"
    assert refusal(["first"], clone) == f"'first' is not in this shallow clone (its history was fetched only to a depth); {advice}"
    assert refusal(["origin/mian..HEAD"], clone) == (
        f"'origin/mian' in 'origin/mian..HEAD' is not in this shallow clone (its history was fetched only to a depth); "
        f"{advice}; did you mean 'origin/main'?"
    )
    assert pairs(["origin/main"], clone) == []  # what the clone has, it compares


def test_a_repository_with_no_commits(tmp_path):
    git(tmp_path, "init", "--quiet")
    write(tmp_path, {"maps/a.journey.yaml": map_text("A")})
    message = ("the repository has no commits yet, so there is no revision to compare with; commit the maps first, "
               "or name two files or two folders to compare")  # fmt: skip
    assert refusal([], tmp_path) == refusal(["main"], tmp_path) == refusal(["maps"], tmp_path) == message


def test_a_new_branch_with_no_commits(repo):
    git(repo, "checkout", "--quiet", "--orphan", "fresh")
    assert refusal([]) == "HEAD is a branch with no commits yet; commit first, or name the revision to compare with"
    assert pairs(["first", "main"]) == []


def test_not_a_git_repository(tmp_path):
    write(tmp_path, {"a.journey.yaml": map_text("A"), "b.journey.yaml": map_text("B")})
    message = (f"{tmp_path} is not in a git repository (or in its .git folder, which has no work tree); run "
               "journeymap diff inside one, or name two files or two folders to compare")  # fmt: skip
    assert refusal([], tmp_path) == refusal(["main"], tmp_path) == refusal(["a.journey.yaml"], tmp_path) == message
    assert pairs(["a.journey.yaml", "b.journey.yaml"], tmp_path) == [(".", ".", "modified")]


def test_git_not_installed(repo, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    message = ("git is not installed (or not on PATH), and journeymap diff reads revisions with it; install git, "
               "or name two files or two folders to compare")  # fmt: skip
    assert refusal([]) == refusal(["main"]) == message
    assert pairs(["maps/shop.journey.yaml", "maps/onboarding.journey.yaml"]) == [(".", ".", "modified")]  # no git needed


def test_two_dashes_part_the_revisions_from_the_paths(repo):
    write(repo, {"main/x.journey.yaml": map_text("X")})  # a folder named as the branch: '--' says which is which
    assert pairs(["--", "main"]) == [(None, "main/x.journey.yaml", "added")]
    assert pairs(["main", "--", "main"]) == [(None, "main/x.journey.yaml", "added")]
    assert pairs(["first..main", "--", "maps"]) == pairs(["first", "main", "--"]) == []
    assert refusal(["main", "first", "HEAD", "--"]) == "3 revisions before '--'; name one or two, or BASE..HEAD"
    assert refusal(["mian", "--", "maps"]) == "'mian' is not a revision; did you mean 'main'?"


def test_a_repository_git_cannot_read(repo):
    (repo / ".git/config").write_text("[core\nbroken", encoding="utf-8")
    assert refusal([]) == "git cannot read the repository here: bad config line 1 in file .git/config"


def test_from_a_subfolder_paths_are_shown_from_there_and_revisions_from_the_top(repo):
    write(repo, {"maps/onboarding.journey.yaml": map_text("Onboarding", "sign-up", "first-use", "habit", "x y")})
    os.symlink("onboarding.journey.yaml", repo / "maps/linked.journey.yaml")
    git(repo, "add", "maps/linked.journey.yaml")
    with sides(["HEAD"], repo / "maps") as compared:
        [linked, onboarding] = changed_maps(compared)
        assert (linked.status, onboarding.status) == ("added", "modified")
        problems = [problem.line for problem in checked(compared.head, onboarding.head).problems]
        assert problems == ["onboarding.journey.yaml:10:9: error[JM104 invalid-value]: 'id' in stage 'x y' is 'x y', "
                            "which is not allowed: an id uses lowercase letters, digits, '-' and '_', and starts with a "
                            "letter or digit; try 'x-y'"]  # fmt: skip # as lint names it from here
        assert checked(compared.base, onboarding.base).file == "HEAD:maps/onboarding.journey.yaml"
    git(repo, "commit", "--quiet", "--no-gpg-sign", "--message", "a link to a map")
    with sides(["HEAD"], repo / "maps") as compared:
        read = checked(compared.base, repo / "maps/linked.journey.yaml")  # a map that is a link, read through it
        assert (read.file, read.document.data["title"]) == ("HEAD:maps/linked.journey.yaml", "Onboarding")


def test_a_damaged_repository_is_a_problem_on_the_file_it_cannot_read(repo):
    commit(repo, {"maps/new.journey.yaml": map_text("New")}, "second")
    blob = git(repo, "rev-parse", "HEAD:maps/new.journey.yaml").strip()
    (repo / ".git/objects" / blob[:2] / blob[2:]).unlink()
    assert pairs(["first", "HEAD"]) == [(None, "maps/new.journey.yaml", "added")]
    assert problem_lines(["first", "HEAD"], "head", "maps/new.journey.yaml") == [
        f"HEAD:maps/new.journey.yaml:1:1: error[JM001 unreadable-file]: cannot read the file from git: git has no "
        f"object {blob}; the repository may be damaged (git fsck checks it)"
    ]


def _raw_tree(entries: list[tuple[str, bytes, bytes]]) -> bytes:
    return b"".join(mode.encode() + b" " + name + b"\0" + object_id for mode, name, object_id in entries)


def test_a_tree_finds_each_name_in_its_raw_entries_as_git_orders_them():
    from journeymap.revisions.git import BLOB, TREE, Entry, Tree

    ids = [bytes([number]) * 19 + b" " for number in range(5)]  # an id may hold a space or a NUL
    entries = [(BLOB, b"a-", ids[0]), (BLOB, b"a b", ids[1]), (BLOB, b"a.c", ids[2]), (TREE, b"a", ids[3]),
               (BLOB, "día".encode(), b"\0" * 20)]  # fmt: skip  # the folder 'a' sorts as 'a/', after 'a.c'
    ordered = sorted(entries, key=lambda entry: entry[1] + (b"/" if entry[0] == TREE else b""))
    for listing in (ordered, list(reversed(ordered))):  # as git writes it, and not
        tree = Tree(_raw_tree(listing), 20)
        assert tree.get("a") == Entry(TREE, ids[3].hex())
        assert tree.get("a b") == Entry(BLOB, ids[1].hex())
        assert tree.get("a.c") == Entry(BLOB, ids[2].hex())
        assert tree.get("día") == Entry(BLOB, "00" * 20)
        assert tree.get("b") is None and tree.get("a/") is None and tree.get("") is None
        assert sorted(tree) == sorted(["a-", "a b", "a.c", "a", "día"])
