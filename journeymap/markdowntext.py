"""Text from a map written literally into Markdown: what a map says shows as written, and never becomes
markup, HTML, a link, a mention or math, on GitHub, GitLab and any CommonMark renderer.

A map is written by many hands and its text lands in pull-request comments and wikis, where `**`, `<img>`,
`[here](...)`, `@team` or `$x$` would format, inject, link, notify or typeset. `literal` gives one line:
every run of white space (new lines too) one space, so a table cell keeps its row; control and bidi
characters shown as escapes; Markdown punctuation escaped with a backslash; `<`, `>`, `&` and `$` as
entities (a dollar entity is not a math delimiter, whatever GitHub's math reads first); a word joiner after
`@`; and a first character that would start a list, a heading or a rule escaped.
"""

from __future__ import annotations

import re

from journeymap.problems import printable

_BACKSLASHED = frozenset("\\`*_[]|#~")  # `!` needs none: `![` is an image only before an unescaped `[`
_REPLACED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;", "@": "@\u2060"}  # a word joiner: no mention
_ESCAPES = str.maketrans({**{char: f"\\{char}" for char in _BACKSLASHED}, **_REPLACED})  # one pass over the text
# what starts a block at the start of a line: a list item (`- `, `+ `, `1. `, `1) `), a rule or an underline (`---`, `===`)
_BLOCK_START = re.compile(r"(\d{1,9})([.)])(?= |$)|([-+=])(?= |$|\3+$)")


def literal(text: str) -> str:
    """`text` on one line, every character of it shown as written where Markdown is read."""
    shown = printable(" ".join(text.split()))
    escaped = shown.translate(_ESCAPES)
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    if start.group(3):
        return f"\\{escaped}"
    return f"{start.group(1)}\\{escaped[start.end(1):]}"
