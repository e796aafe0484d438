"""A diagram's digest: what it was drawn from, carried inside the file, so `--check` can tell whether
the map still draws it, whichever Graphviz, fonts or system drew the bytes.

journeymap lays every diagram out itself, so its DOT source decides the picture; engines differ only
in how they turn it into bytes. The digest covers the DOT, the format, the view and options, and
DRAWING_VERSION. It travels in the file's own metadata, so every reader still opens it:

- SVG: a comment before the root element;
- PNG: a `tEXt` chunk right after `IHDR`;
- PDF: the document information dictionary, through an incremental update appended to the file;
- DOT: a comment on the last line.

Stamping works on any well-formed file of the format, whatever program wrote it; `read` gives None
for a file that carries no digest (drawn by a journeymap before digests, or by something else).
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib

# Bump when the same DOT would give another picture: a change in how an engine is called (resolution,
# fonts, the program that draws PNG or PDF) or in what is done to its bytes. Changes to the DOT itself
# change every digest already.
DRAWING_VERSION = 1

KEY = "journeymap-source"  # SVG and DOT comment, PNG keyword
_PDF_KEY = b"/JourneymapSource"
_DIGEST = rb"sha256:[0-9a-f]{64}"


class StampError(ValueError):
    """The bytes are not a file of the format that the digest can be put in."""


def digest(
    source: str, output_format: str, view: str, persona: str | None, annotate: bool, paper: str | None = None
) -> str:
    """`sha256:<hex>` of everything that decides the drawing (the paper only the page of PNG and PDF)."""
    header = f"journeymap drawing {DRAWING_VERSION}\nformat {output_format}\nview {view}\n"
    header += f"persona {persona or ''}\nannotate {annotate}\n" + (f"paper {paper}\n" if paper else "") + "\n"
    return "sha256:" + hashlib.sha256((header + source).encode("utf-8", "surrogatepass")).hexdigest()


def stamp(data: bytes, output_format: str, value: str) -> bytes:
    """The file with `value` in its metadata. Raises StampError."""
    if not re.fullmatch(_DIGEST, value.encode("ascii")):
        raise StampError(f"not a digest: {value!r}")
    return _STAMPERS[output_format](data, value.encode("ascii"))


def read(data: bytes, output_format: str) -> str | None:
    """The digest the file carries, or None; none for a file cut short or damaged, though its digest, near
    its start, survived: such a file must be drawn again, not called current."""
    found = _READERS[output_format](data) if complete(data, output_format) else None
    return found.decode("ascii") if found else None


def complete(data: bytes, output_format: str) -> bool:
    """Whether the file is whole, as far as its format tells: an SVG ends with its root element, a PNG's
    chunks are intact up to IEND; a PDF's digest is at its very end, and DOT has no end to tell."""
    if output_format == "svg":
        return data.rstrip().endswith(b"</svg>") and len(_SVG_STAMP.findall(data)) <= 1
    if output_format == "png":
        return _png_is_whole(data)
    return True


# ---------------------------------------------------------------- SVG and DOT: a comment

_SVG_ROOT = re.compile(rb"<svg[\s>]")
_SVG_STAMP = re.compile(rb"<!-- " + KEY.encode() + rb" (" + _DIGEST + rb") -->")


def _stamp_svg(data: bytes, value: bytes) -> bytes:
    root = _SVG_ROOT.search(data)
    if root is None:
        raise StampError("no <svg> element")
    return data[: root.start()] + b"<!-- " + KEY.encode() + b" " + value + b" -->\n" + data[root.start() :]


def _read_svg(data: bytes) -> bytes | None:
    root = _SVG_ROOT.search(data)
    found = _SVG_STAMP.search(data, 0, root.start() if root else len(data))  # the prolog only: never user text
    return found.group(1) if found else None


_DOT_STAMP = re.compile(rb"\n// " + KEY.encode() + rb" (" + _DIGEST + rb")\r?\n\Z")


def _stamp_dot(data: bytes, value: bytes) -> bytes:
    """A comment on a line of its own after the graph, so the file still starts with its own header."""
    return data + (b"" if data.endswith(b"\n") else b"\n") + b"// " + KEY.encode() + b" " + value + b"\n"


def _read_dot(data: bytes) -> bytes | None:
    found = _DOT_STAMP.search(data, max(0, len(data) - 200))
    return found.group(1) if found else None


# ---------------------------------------------------------------- PNG: a tEXt chunk

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_chunks(data: bytes):  # noqa: ANN202 -- (kind, body, end) of each chunk in order
    if not data.startswith(_PNG_SIGNATURE):
        raise StampError("not a PNG file")
    offset = len(_PNG_SIGNATURE)
    while offset + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, offset)
        kind, end = data[offset + 4 : offset + 8], offset + 12 + length
        if end > len(data):
            raise StampError("a PNG chunk runs past the end of the file")
        yield kind, data[offset + 8 : offset + 8 + length], end
        offset = end


def _png_is_whole(data: bytes) -> bool:
    try:
        for kind, body, end in _png_chunks(data):
            if struct.unpack_from(">I", data, end - 4)[0] != zlib.crc32(kind + body):
                return False
            if kind == b"IEND":
                return end == len(data)
    except StampError:
        return False
    return False


def _stamp_png(data: bytes, value: bytes) -> bytes:
    kind, _, end = next(_png_chunks(data), (b"", b"", 0))
    if kind != b"IHDR":
        raise StampError("a PNG file must start with IHDR")
    return data[:end] + _chunk(b"tEXt", KEY.encode() + b"\0" + value) + data[end:]


def _read_png(data: bytes) -> bytes | None:
    try:
        for kind, body, _ in _png_chunks(data):
            if kind in (b"IDAT", b"IEND"):
                break
            keyword, _, text = body.partition(b"\0")
            if kind == b"tEXt" and keyword == KEY.encode() and re.fullmatch(_DIGEST, text):
                return text
    except StampError:
        return None
    return None


# ---------------------------------------------------------------- PDF: the information dictionary

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF")
_REFERENCE = rb"\s+(\d+\s+\d+\s+R)"
_OWN_ENTRY = re.compile(re.escape(_PDF_KEY) + rb"\s*\(" + _DIGEST + rb"\)")


def _stamp_pdf(data: bytes, value: bytes) -> bytes:
    """An incremental update: a new information dictionary (the old one's entries and the digest) and a
    cross-reference section for it, of the same kind as the file's last one, so that every reader that
    opened the file opens the update."""
    prev, trailer, is_stream = _last_trailer(data)
    if trailer is None:
        raise StampError("no PDF cross-reference section found")
    if re.search(rb"/Encrypt\b", trailer):
        raise StampError("an encrypted PDF")
    size, root = _entry(trailer, rb"/Size\s+(\d+)"), _entry(trailer, rb"/Root" + _REFERENCE)
    if size is None or root is None:
        raise StampError("the PDF trailer has no /Size or /Root")
    number = int(size)
    old = _info(data, trailer)
    kept = _OWN_ENTRY.sub(b"", old[2:-2]).strip() if old else b""  # a digest already there gives way
    body = b"<<" + (kept + b" " if kept else b"") + _PDF_KEY + b" (" + value + b") >>"
    base = data if data.endswith((b"\n", b"\r")) else data + b"\n"
    info_at = len(base)
    update = b"%d 0 obj\n%s\nendobj\n" % (number, body)
    identity = re.search(rb"/ID\s*\[[^\]]*\]", trailer)
    common = b"/Root %s /Info %d 0 R /Prev %d%s" % (root, number, prev, b" " + identity.group(0) if identity else b"")
    xref_at = info_at + len(update)
    if is_stream:  # an update of a file with cross-reference streams is one too
        entries = struct.pack(">BIH", 1, info_at, 0) + struct.pack(">BIH", 1, xref_at, 0)
        update += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%d 2] %s /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
            number + 1, number + 2, number, common, len(entries), entries)  # fmt: skip
    else:
        update += b"xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d %s >>\n" % (number, info_at, number + 1, common)
    return base + update + b"startxref\n%d\n%%%%EOF\n" % xref_at


def _read_pdf(data: bytes) -> bytes | None:
    _, trailer, _ = _last_trailer(data)
    info = _info(data, trailer) if trailer is not None else None
    found = re.search(re.escape(_PDF_KEY) + rb"\s*\((" + _DIGEST + rb")\)", info) if info else None
    return found.group(1) if found else None


def _last_trailer(data: bytes) -> tuple[int, bytes | None, bool]:
    """The offset of the last cross-reference section, its trailer dictionary, and whether it is a stream."""
    ends = list(_STARTXREF.finditer(data, max(0, len(data) - 2048)))
    if not data.startswith(b"%PDF-") or not ends:
        return 0, None, False
    offset = int(ends[-1].group(1))
    if data.startswith(b"xref", offset):
        trailer = data.find(b"trailer", offset)
        return offset, _dictionary(data, data.find(b"<<", trailer)) if trailer >= 0 else None, False
    if re.match(rb"\d+\s+\d+\s+obj\s*<<", data[offset : offset + 64]):
        return offset, _dictionary(data, data.find(b"<<", offset)), True
    return offset, None, False


def _info(data: bytes, trailer: bytes) -> bytes | None:
    """The information dictionary the trailer names, as last defined in the file; None when there is none
    or it lies where it cannot be read directly (in a compressed object stream)."""
    reference = _entry(trailer, rb"/Info" + _REFERENCE)
    if reference is None:
        return None
    number, generation, _ = reference.split()
    starts = list(re.finditer(rb"(?<!\d)%s\s+%s\s+obj\s*(?=<<)" % (number, generation), data))
    return _dictionary(data, starts[-1].end()) if starts else None


def _entry(dictionary: bytes, pattern: bytes) -> bytes | None:
    found = re.search(pattern, dictionary)
    return found.group(1) if found else None


def _dictionary(data: bytes, start: int) -> bytes | None:
    """The dictionary `<< ... >>` that starts at `start`, nested ones and strings skipped whole."""
    if start < 0 or not data.startswith(b"<<", start):
        return None
    depth, index, end = 0, start, min(len(data), start + 65536)
    while index < end:
        if data.startswith(b"<<", index):
            depth, index = depth + 1, index + 2
        elif data.startswith(b">>", index):
            depth, index = depth - 1, index + 2
            if depth == 0:
                return data[start:index]
        elif data[index : index + 1] == b"(":
            index = _string_end(data, index, end)
        else:
            index += 1
    return None


def _string_end(data: bytes, index: int, end: int) -> int:
    """Past the literal string `( ... )` at `index`: balanced parentheses, backslash escapes."""
    depth = 0
    while index < end:
        byte = data[index : index + 1]
        if byte == b"\\":
            index += 2
            continue
        depth += {b"(": 1, b")": -1}.get(byte, 0)
        index += 1
        if depth == 0:
            break
    return index


_STAMPERS = {"svg": _stamp_svg, "png": _stamp_png, "pdf": _stamp_pdf, "dot": _stamp_dot}
_READERS = {"svg": _read_svg, "png": _read_png, "pdf": _read_pdf, "dot": _read_dot}
