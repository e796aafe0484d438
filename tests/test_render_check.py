"""`render --check` by digest: the same verdict whichever engine drew a diagram; stamps in SVG, PNG, PDF
and DOT; the command that redraws stale diagrams; rendering map by map."""

from __future__ import annotations

import json
import re
import shlex
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

from conftest import needs
from test_render import CURVE, SVG, journey_of, write_map
from journeymap.render import engines, pipeline, stamp
from journeymap.render.mapview import map_dot
from journeymap.workspace import Workspace

DIGEST = "sha256:" + "ab" * 32
OTHER = "sha256:" + "cd" * 32
LIBRARY = """\
journeymap: 1
library: true
personas:
  - {id: maya, name: Maya}
"""
WITH_LIBRARY = CURVE.replace("title: Curve\n", "title: Curve\ninclude: [library.yaml]\n").replace(
    "  - {id: maya, name: Maya}\n", ""
)


def only_line(run) -> str:
    assert len(run.lines) == 1, run.lines
    return run.lines[0]


# ---------------------------------------------------------------- one verdict, whichever engine


@pytest.mark.parametrize(("drawn_by", "checked_by"), [("system", "embedded"), ("embedded", "system")])
def test_a_diagram_drawn_by_one_engine_is_fresh_for_the_other_and_not_redrawn(journeymap, tree, drawn_by, checked_by):
    needs("dot")
    root = tree({"a.journey.yaml": CURVE})
    assert journeymap("render", "--engine", drawn_by).exit_code == 0
    drawn = (root / "a.journey.svg").read_bytes()
    assert journeymap("render", "--engine", checked_by, "-o", "other").exit_code == 0
    other = (root / "other/a.journey.svg").read_bytes()
    assert other != drawn  # the two Graphviz builds write different bytes ...
    assert stamp.read(other, "svg") == stamp.read(drawn, "svg")  # ... of the same drawing
    check = journeymap("render", "--check", "--engine", checked_by)
    assert (check.exit_code, check.lines) == (0, ["1 diagram is up to date."])
    again = journeymap("render", "--engine", checked_by)
    assert (again.exit_code, again.lines) == (0, ["Rendered 1 map: 0 written, 1 unchanged."])
    assert (root / "a.journey.svg").read_bytes() == drawn


def test_png_and_pdf_drawn_with_graphviz_check_fresh_on_a_machine_without_it(journeymap, tree, monkeypatch):
    needs("dot")
    tree({"a.journey.yaml": CURVE})
    assert journeymap("render", "--format", "png").exit_code == 0
    assert journeymap("render", "--format", "pdf", "--view", "flow").exit_code == 0
    monkeypatch.setattr(engines.shutil, "which", lambda name: None)
    for options in (["--format", "png"], ["--format", "pdf", "--view", "flow"], ["-f", "png", "--engine", "system"]):
        check = journeymap("render", "--check", *options)
        assert (check.exit_code, check.lines) == (0, ["1 diagram is up to date."])
    assert journeymap("render", "--format", "png", "--engine", "system").exit_code == 2  # drawing with it does


# ---------------------------------------------------------------- what makes a diagram stale


def test_editing_the_map_makes_its_diagram_stale(journeymap, tree):
    root = tree({"a.journey.yaml": CURVE, "b.journey.yaml": CURVE})
    assert journeymap("render", "--engine", "embedded").exit_code == 0
    (root / "b.journey.yaml").write_text(CURVE.replace("Second stage", "Renamed stage"))
    check = journeymap("render", "--check")
    assert check.exit_code == 1
    assert check.lines == [
        "b.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram b.journey.svg is stale: it differs from what "
        "this map draws now; update it with: journeymap render .",
        "1 of 2 diagrams is stale or missing; update it with: journeymap render .",
    ]
    assert journeymap("render").lines == ["wrote b.journey.svg", "Rendered 2 maps: 1 written, 1 unchanged."]


def test_editing_an_included_library_makes_the_diagram_stale(journeymap, tree):
    root = tree({"a.journey.yaml": WITH_LIBRARY, "library.yaml": LIBRARY})
    assert journeymap("render", "a.journey.yaml", "-f", "dot").exit_code == 0
    assert journeymap("render", "a.journey.yaml", "-f", "dot", "--check").exit_code == 0
    (root / "library.yaml").write_text(LIBRARY.replace("name: Maya", "name: Maya Lopez"))
    check = journeymap("render", "a.journey.yaml", "-f", "dot", "--check")
    assert check.exit_code == 1
    assert check.lines[0] == (
        "a.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram a.journey.dot is stale: it differs from what "
        "this map draws now; update it with: journeymap render a.journey.yaml --format dot"
    )


def test_changing_an_option_or_the_drawing_version_makes_the_diagram_stale(journeymap, tree, monkeypatch):
    tree({"a.journey.yaml": CURVE})
    assert journeymap("render", "--engine", "embedded").exit_code == 0
    annotated = journeymap("render", "--check", "--annotate")  # the same file name, another drawing
    assert annotated.exit_code == 1
    assert annotated.lines[-1] == "1 of 1 diagram is stale or missing; update it with: journeymap render . --annotate"
    assert journeymap("render", "--check").exit_code == 0
    monkeypatch.setattr(stamp, "DRAWING_VERSION", stamp.DRAWING_VERSION + 1)
    assert journeymap("render", "--check").exit_code == 1


def test_a_diagram_without_a_digest_is_stale_and_redrawn(journeymap, tree):
    root = tree({"a.journey.yaml": CURVE})
    journey, _ = journey_of(root / "a.journey.yaml")  # an older journeymap wrote the bare drawing
    (root / "a.journey.svg").write_bytes(engines.Engine("embedded").draw(map_dot(journey, "a.journey.yaml"), "svg"))
    check = journeymap("render", "a.journey.yaml", "--check")
    assert check.exit_code == 1
    assert check.lines[0] == (
        "a.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram a.journey.svg is stale: it carries no "
        "journeymap digest (an older journeymap drew it, or another program); update it with: "
        "journeymap render a.journey.yaml"
    )
    assert journeymap("render", "a.journey.yaml").lines == ["wrote a.journey.svg", "Rendered 1 map: 1 written, 0 unchanged."]
    assert stamp.read((root / "a.journey.svg").read_bytes(), "svg") is not None


# ---------------------------------------------------------------- the command that redraws


def test_the_hint_repeats_every_option_of_the_check_quoted_and_redraws_when_pasted(journeymap, tree):
    tree({"maps/a.journey.yaml": CURVE, "my config.yaml": "{}\n"})
    options = ["-o", "out dir", "--maps-root", "maps", "-f", "dot", "--view", "flow", "-p", "maya",
               "--engine", "embedded", "-c", "my config.yaml"]  # fmt: skip
    check = journeymap("render", "maps", "--check", *options)
    hint = ("journeymap render maps --out-dir 'out dir' --maps-root maps --format dot --view flow --persona maya "
            "--engine embedded --config 'my config.yaml'")  # fmt: skip
    assert check.exit_code == 1
    assert check.lines == [
        f"maps/a.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram out dir/a.journey.flow.maya.dot is "
        f"missing; update it with: {hint}",
        f"1 of 1 diagram is stale or missing; update it with: {hint}",
    ]
    assert journeymap(*shlex.split(hint)[1:]).exit_code == 0
    assert journeymap("render", "maps", "--check", *options).exit_code == 0


def test_the_hint_keeps_paths_that_look_like_options_paths(journeymap, tree):
    tree({"-odd.journey.yaml": CURVE})
    check = journeymap("render", "--check", "--annotate", "--", "-odd.journey.yaml")
    hint = "journeymap render --annotate -- -odd.journey.yaml"
    assert check.lines[-1] == f"1 of 1 diagram is stale or missing; update it with: {hint}"
    assert journeymap(*shlex.split(hint)[1:]).exit_code == 0
    assert journeymap("render", "--check", "--annotate", "--", "-odd.journey.yaml").exit_code == 0


# ---------------------------------------------------------------- stamps in each format


@pytest.mark.parametrize("engine_name", ["system", "embedded"])
def test_an_svg_stamp_is_a_comment_before_the_root_element(engine_name, tmp_path):
    if engine_name == "system":
        needs("dot")
    fake = f"<!-- {stamp.KEY} {OTHER} -->"  # user text that looks like a stamp is no stamp
    journey, _ = journey_of(write_map(tmp_path, CURVE.replace("Step zero", fake)))
    drawn = engines.Engine(engine_name).draw(map_dot(journey, "m"), "svg")
    assert stamp.read(drawn, "svg") is None
    stamped = stamp.stamp(drawn, "svg", DIGEST)
    assert stamp.read(stamped, "svg") == DIGEST
    assert ET.fromstring(stamped).tag == f"{SVG}svg"
    assert stamped.replace(f"<!-- {stamp.KEY} {DIGEST} -->\n".encode(), b"", 1) == drawn
    assert stamped.index(DIGEST.encode()) < stamped.index(b"<svg")


def test_a_png_stamp_is_a_text_chunk_after_the_header_with_its_crc(tmp_path):
    needs("dot")
    journey, _ = journey_of(write_map(tmp_path, CURVE))
    drawn = engines.Engine("system").draw(map_dot(journey, "m"), "png")
    stamped = stamp.stamp(drawn, "png", DIGEST)
    chunks = _png_chunks(stamped)
    assert [kind for kind, _ in chunks[:2]] == [b"IHDR", b"tEXt"]
    assert chunks[1][1] == stamp.KEY.encode() + b"\0" + DIGEST.encode()
    assert [chunk for chunk in chunks if chunk[0] != b"tEXt"] == _png_chunks(drawn)
    assert stamp.read(stamped, "png") == DIGEST and stamp.read(drawn, "png") is None


def test_a_pdf_stamp_is_an_incremental_update_of_the_information_dictionary(tmp_path):
    needs("dot")
    journey, _ = journey_of(write_map(tmp_path, CURVE))
    drawn = engines.Engine("system").draw(map_dot(journey, "m"), "pdf")
    stamped = stamp.stamp(drawn, "pdf", DIGEST)
    assert stamped.startswith(drawn) and stamp.read(stamped, "pdf") == DIGEST and stamp.read(drawn, "pdf") is None
    update = stamped[len(drawn) :]
    number, offset = map(int, re.search(rb"xref\n(\d+) 1\n(\d{10}) 00000 n \n", update).groups())
    assert stamped[offset:].startswith(b"%d 0 obj\n<<" % number)
    info = stamped[offset : stamped.index(b"endobj", offset)]
    assert b"/Producer (ReportLab PDF Library" in info  # the drawing program's entries stay
    previous = int(re.findall(rb"startxref\s+(\d+)", drawn)[-1])
    trailer = rb"trailer\n<< /Size %d /Root \d+ 0 R /Info %d 0 R /Prev %d (/ID \n?\[<[0-9a-f]+><[0-9a-f]+>\] )?>>"
    assert re.search(trailer % (number + 1, number, previous), update)  # the file's /ID, if it has one, stays
    xref = int(re.findall(rb"startxref\s+(\d+)", stamped)[-1])
    assert stamped[xref:].startswith(b"xref\n")
    twice = stamp.stamp(stamped, "pdf", OTHER)
    assert stamp.read(twice, "pdf") == OTHER and twice.count(b"/JourneymapSource") == 2  # one in each update
    path = tmp_path / "m.pdf"
    path.write_bytes(twice)
    _pdf_is_valid(path, drawn)


def test_a_pdf_with_cross_reference_streams_gets_an_update_of_the_same_kind(tmp_path):
    drawn = _xref_stream_pdf()
    stamped = stamp.stamp(drawn, "pdf", DIGEST)
    assert stamp.read(stamped, "pdf") == DIGEST
    xref = int(re.findall(rb"startxref\s+(\d+)", stamped)[-1])
    header = re.match(rb"8 0 obj\n<< /Type /XRef /Size 9 /W \[1 4 2\] /Index \[7 2\] /Root 1 0 R /Info 7 0 R "
                      rb"/Prev (\d+) /Length 14 >>\nstream\n", stamped[xref:])  # fmt: skip
    assert header and int(header.group(1)) == int(re.findall(rb"startxref\s+(\d+)", drawn)[-1])
    rows = stamped[xref + header.end() : xref + header.end() + 14]
    (_, info_at, _), (_, xref_at, _) = struct.unpack(">BIH", rows[:7]), struct.unpack(">BIH", rows[7:])
    assert stamped[info_at:].startswith(b"7 0 obj\n<</Producer (by hand) /JourneymapSource (" + DIGEST.encode())
    assert xref_at == xref
    path = tmp_path / "m.pdf"
    path.write_bytes(stamped)
    _pdf_is_valid(path, None)


def test_a_dot_stamp_is_the_last_line_and_dot_still_reads_the_file(tmp_path):
    journey, _ = journey_of(write_map(tmp_path, CURVE))
    source = map_dot(journey, "m")
    stamped = stamp.stamp(source.encode(), "dot", DIGEST)
    assert stamped == source.encode() + f"// {stamp.KEY} {DIGEST}\n".encode()
    assert stamp.read(stamped, "dot") == DIGEST and stamp.read(source.encode(), "dot") is None
    needs("dot")
    path = tmp_path / "m.dot"
    path.write_bytes(stamped)
    drawn = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, check=True).stdout
    assert ET.fromstring(drawn).tag == f"{SVG}svg"


def test_a_file_that_is_not_of_its_format_cannot_be_stamped_and_carries_no_digest():
    for output_format, data in (("svg", b"plain text"), ("png", b"GIF89a"), ("pdf", b"%PDF-1.4\nno trailer")):
        with pytest.raises(stamp.StampError):
            stamp.stamp(data, output_format, DIGEST)
        assert stamp.read(data, output_format) is None
    assert stamp.read(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xffIHDR", "png") is None  # a chunk longer than the file


def test_the_digest_covers_the_source_format_view_and_options():
    base = stamp.digest("digraph {}", "svg", "map", None, False)
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", base)
    variants = [stamp.digest("digraph { }", "svg", "map", None, False), stamp.digest("digraph {}", "png", "map", None, False),
                stamp.digest("digraph {}", "svg", "flow", None, False), stamp.digest("digraph {}", "svg", "map", "maya", False),
                stamp.digest("digraph {}", "svg", "map", None, True)]  # fmt: skip
    assert len({base, *variants}) == 6
    assert stamp.digest("digraph {}", "svg", "map", None, False) == base


# ---------------------------------------------------------------- map by map


def test_each_maps_outcome_comes_before_the_next_map_is_read(tree):
    tree({f"m{index}.journey.yaml": CURVE for index in range(3)})
    workspace, read = Workspace(), []
    check = workspace.check
    workspace.check = lambda path: (read.append(path.name), check(path))[1]  # type: ignore[method-assign]
    request = pipeline.Request(output_format="dot")
    outcomes = pipeline.render_files([f"m{index}.journey.yaml" for index in range(3)], workspace, request,
                                     pipeline.engine_for("auto", "dot", False))  # fmt: skip
    assert next(outcomes).status == "written" and read == ["m0.journey.yaml"]
    assert [outcome.file for outcome in outcomes] == ["m1.journey.yaml", "m2.journey.yaml"]


def test_report_files_still_list_every_map_of_a_check(journeymap, tree):
    tree({"a.journey.yaml": CURVE, "b.journey.yaml": CURVE})
    journeymap("render", "a.journey.yaml", "-f", "dot")
    run = journeymap("render", "--check", "-f", "dot", "--report", "json:report.json")
    assert run.exit_code == 1
    files = json.loads(Path("report.json").read_text())["files"]
    assert [(entry["path"], entry["valid"]) for entry in files] == [("a.journey.yaml", True), ("b.journey.yaml", False)]


# ---------------------------------------------------------------- helpers


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """Each chunk's kind and body, after checking its CRC."""
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack_from(">I", data, offset)
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack_from(">I", data, offset + 8 + length)
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        offset += 12 + length
    return chunks


def _xref_stream_pdf() -> bytes:
    """A one-page PDF whose cross-references are a stream, as PDF 1.5 writers other than cairo make."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] /Contents 4 0 R >>",
              b"<< /Length 0 >>\nstream\n\nendstream", b"<</Producer (by hand)>>"]  # fmt: skip
    data, offsets = b"%PDF-1.5\n", []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    rows = struct.pack(">BIH", 0, 0, 65535) + b"".join(struct.pack(">BIH", 1, at, 0) for at in (*offsets, xref))
    data += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Info 5 0 R /Length %d >>\nstream\n" % len(rows)
    return data + rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref


def _pdf_is_valid(path: Path, original: bytes | None) -> None:
    """qpdf finds no error, and the text reads as it did before the stamp."""
    needs("qpdf")
    checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0 and "No syntax or stream encoding errors" in checked.stdout, checked.stdout
    if original is not None:
        needs("pdftotext")
        before = path.with_suffix(".before.pdf")
        before.write_bytes(original)
        text = [subprocess.run(["pdftotext", str(file), "-"], capture_output=True, check=True).stdout for file in (before, path)]
        assert text[0] == text[1] and b"First stage" in text[1]


@pytest.mark.parametrize("output_format", ["svg", "png"])
def test_a_diagram_cut_short_is_stale_though_its_digest_survived_and_render_draws_it_again(
    journeymap, tree, output_format
):
    root = tree({"a.journey.yaml": CURVE})
    assert journeymap("render", "-f", output_format, "--engine", "embedded").exit_code == 0
    diagram = root / f"a.journey.{output_format}"
    whole = diagram.read_bytes()
    diagram.write_bytes(whole[: len(whole) // 2])  # the digest sits near the start: it is still there
    check = journeymap("render", "-f", output_format, "--check")
    assert check.exit_code == 1
    assert check.lines[0].startswith(
        f"a.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram a.journey.{output_format} is stale: it is not "
        f"a complete {output_format.upper()} file (cut short or damaged); update it with: journeymap render ."
    )
    assert journeymap("render", "-f", output_format, "--engine", "embedded").lines[0] == f"wrote a.journey.{output_format}"
    assert stamp.complete(diagram.read_bytes(), output_format)
    assert journeymap("render", "-f", output_format, "--check").exit_code == 0


def test_a_fifo_where_the_diagram_goes_is_stale_and_never_read(journeymap, tree):
    import os

    root = tree({"a.journey.yaml": CURVE})
    os.mkfifo(root / "a.journey.svg")  # reading it would block for ever
    check = journeymap("render", "--check")
    assert check.lines[0] == (
        "a.journey.yaml:1:1: error[JM020 stale-diagram]: its diagram a.journey.svg is stale: it is not a regular "
        "file; remove it, or choose another --out-dir; update it with: journeymap render ."
    )
