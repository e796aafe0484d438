"""svg2pdf's PDF in a canonical order, so the same SVG always gives the same bytes.

svg2pdf writes a document's fonts and their parts in the order of a hash map seeded anew in each
run: the same content, but objects numbered and placed differently, which `render --check` would
take for a change. This renumbers the objects in the order they are reached from the catalogue,
with resource names sorted, and writes the cross-reference table again. It reads only the layout
svg2pdf writes (one `N 0 obj` per object, streams with a direct /Length) and leaves streams as they are.
"""

from __future__ import annotations

import re

_OBJECT = re.compile(rb"(\d+) 0 obj\n")
_REFERENCE = re.compile(rb"\b(\d+) 0 R\b")
_LENGTH = re.compile(rb"/Length (\d+)")
_RESOURCES = re.compile(rb"(/(?:Font|XObject|ExtGState|ColorSpace|Pattern|Shading) <<\n)((?:[ ]*/[^\n]*\n)+)")
_STREAM = b">>\nstream\n"
_END = b"\nendobj\n"


class UnexpectedLayout(Exception):
    """The PDF is not laid out as svg2pdf writes it."""


def canonical(pdf: bytes) -> bytes:
    objects, trailer = _objects(pdf)
    numbers = _numbering(objects, trailer)
    body = [pdf[: pdf.index(b"\n\n") + 2]]
    offsets = []
    size = len(body[0])
    for old in sorted(numbers, key=numbers.__getitem__):
        head, stream = objects[old]
        chunk = b"%d 0 obj\n" % numbers[old] + _renumber(head, numbers) + stream + _END + b"\n"
        offsets.append(size)
        body.append(chunk)
        size += len(chunk)
    xref = b"xref\n0 %d\n0000000000 65535 f\r\n" % (len(offsets) + 1)
    xref += b"".join(b"%010d 00000 n\r\n" % offset for offset in offsets)
    trailer = re.sub(rb"/Size \d+", b"/Size %d" % (len(offsets) + 1), _renumber(trailer, numbers))
    return b"".join([*body, xref, b"trailer\n", trailer, b"\nstartxref\n%d\n%%%%EOF" % size])


def _objects(pdf: bytes) -> tuple[dict[int, tuple[bytes, bytes]], bytes]:
    """Each object's dictionary (resource names sorted) and its stream, and the trailer's dictionary."""
    objects: dict[int, tuple[bytes, bytes]] = {}
    position = pdf.index(b"\n\n") + 2
    while match := _OBJECT.match(pdf, position):
        start = match.end()
        end = pdf.index(_END, start)
        stream_at = pdf.find(_STREAM, start, end)  # a stream's dictionary comes before any of its data
        if stream_at < 0:
            head, stream = pdf[start:end], b""
        else:
            length = _LENGTH.search(pdf, start, stream_at)
            if length is None:
                raise UnexpectedLayout("a stream without a direct /Length")
            data_end = stream_at + len(_STREAM) + int(length[1])
            end = pdf.index(_END, data_end)
            head, stream = pdf[start : stream_at + 2], pdf[stream_at + 2 : end]
        objects[int(match[1])] = (_RESOURCES.sub(_sorted_entries, head), stream)
        position = end + len(_END)
        while pdf[position : position + 1] == b"\n":
            position += 1
    if not pdf.startswith(b"xref\n", position):
        raise UnexpectedLayout("something other than objects before the cross-reference table")
    trailer_at = pdf.index(b"trailer\n", position) + len(b"trailer\n")
    return objects, pdf[trailer_at : pdf.index(b"\nstartxref", trailer_at)]


def _sorted_entries(match: re.Match[bytes]) -> bytes:
    return match[1] + b"".join(sorted(match[2].splitlines(keepends=True)))


def _numbering(objects: dict[int, tuple[bytes, bytes]], trailer: bytes) -> dict[int, int]:
    """New numbers in the order objects are first reached, depth first, from the trailer."""
    numbers: dict[int, int] = {}
    pending = [int(number) for number in reversed(_REFERENCE.findall(trailer))]
    while pending:
        number = pending.pop()
        if number in numbers or number not in objects:
            continue
        numbers[number] = len(numbers) + 1
        pending.extend(int(found) for found in reversed(_REFERENCE.findall(objects[number][0])))
    for number in sorted(objects):  # unreferenced objects, should there be any, keep their order at the end
        numbers.setdefault(number, len(numbers) + 1)
    return numbers


def _renumber(text: bytes, numbers: dict[int, int]) -> bytes:
    return _REFERENCE.sub(lambda match: b"%d 0 R" % numbers.get(int(match[1]), int(match[1])), text)
