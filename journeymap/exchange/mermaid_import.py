"""A map from a Mermaid `journey` diagram: a .mmd file, a ```mermaid block, or a Markdown file holding one.

The reading follows Mermaid's own grammar (packages/mermaid/src/diagrams/user-journey/parser/journey.jison),
line by line, so that a problem names the line and column it is at:

    journey                      the first word, once
    title Buying boots           the map's title (accTitle also names it; accDescr is its description)
    section Checkout             a stage; its id is made from its name
      Pays by card: 4: Maya, Li  a step, Mermaid's score 1..5 read as the emotion -2..2, and the personas

Comments (`%%`, `#`), blank lines, indentation, Mermaid's front matter and `%%{init}%%` directives are
skipped as Mermaid skips them. A section whose one task repeats its name is a stage without steps (what
`journeymap export --format mermaid` writes for one). What had to be guessed is written beside it as a
comment.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap import checks
from journeymap.exchange.ids import Ids
from journeymap.exchange.formats import ImportOptions, Imported
from journeymap.loader import Refused, read_regular
from journeymap.problems import JsonPath, Position, Problem, quote
from journeymap.words import words_for

MAX_BYTES = 4 * 1024 * 1024  # as for maps; real diagrams are a few kilobytes, Mermaid renders at most 50,000 characters
SCORE_OFFSET = 3  # Mermaid's 1..5 is the format's -2..2 plus this
LOWEST_SCORE, HIGHEST_SCORE = 1, 5

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*mermaid\b", re.IGNORECASE)
# Mermaid's lexer rules, in its order: what it reads at the start of a token.
_COMMENT = re.compile(r"%(?!\{)|[^}]%%|#")
_JOURNEY = re.compile(r"journey\b", re.IGNORECASE | re.ASCII)
_TITLE = re.compile(r"title\s([^#\n;]+)", re.IGNORECASE)
_ACC_LINE = re.compile(r"acc(title|descr)\s*:\s*", re.IGNORECASE)
_ACC_BLOCK = re.compile(r"accdescr\s*\{\s*", re.IGNORECASE)
_SECTION = re.compile(r"section\s([^#:\n;]+)", re.IGNORECASE)
_TASK_NAME = re.compile(r"[^#:\n;]+")
_TASK_DATA = re.compile(r":[^#\n;]+")
_KEYWORD = re.compile(r"(title|section|acctitle|accdescr)\b", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?", re.IGNORECASE)
_JOINERS = "\u2060\ufeff"  # invisible; the export puts a word joiner before a task name that starts like a keyword
_OTHER_DIAGRAMS = {
    name.lower(): shown
    for shown in ("flowchart", "graph", "sequenceDiagram", "classDiagram", "classDiagram-v2", "stateDiagram",
                  "stateDiagram-v2", "erDiagram", "gantt", "pie", "gitGraph", "mindmap", "timeline", "quadrantChart",
                  "requirementDiagram", "C4Context", "C4Container", "C4Component", "C4Dynamic", "C4Deployment",
                  "sankey-beta", "sankey", "xychart-beta", "xychart", "block-beta", "block", "packet-beta", "packet",
                  "kanban", "architecture-beta", "architecture", "radar-beta", "treemap-beta", "treemap", "zenuml")
    for name in (shown,)
}  # fmt: skip


@dataclass
class _Task:
    name: str
    emotion: int | None
    score: str
    actors: list[str]


@dataclass
class _Section:
    name: str
    before_any: bool = False  # the tasks before the first section
    tasks: list[_Task] = field(default_factory=list)


@dataclass
class _Diagram:
    title: str | None = None
    title_from: str = "title"
    description: str | None = None
    sections: list[_Section] = field(default_factory=list)


def read(source: Path, shown: str, options: ImportOptions) -> Imported:
    """The map a Mermaid journey diagram describes, the notes on what was guessed, and every problem."""
    text, problem = _text(source, shown)
    if problem is not None:
        return Imported(None, {}, (problem,))
    lines = text.split("\n")
    found, problems = _diagram_lines(lines, shown, source)
    if found is None:
        return Imported(None, {}, tuple(problems))
    start, end = found
    parser = _Parser(lines, start, end, shown)
    diagram = parser.parse()
    problems = sorted([*problems, *parser.problems], key=lambda problem: problem.sort_key)
    if any(p.severity is not checks.IMPORT_CELL.severity for p in problems):
        return Imported(None, {}, tuple(problems))
    if not diagram.sections:
        unusable = checks.IMPORT_UNUSABLE.problem(
            shown, Position(start + 1, 1),
            "the journey diagram has no sections or tasks; add a 'section' and its tasks, such as 'Pays: 4: Maya'",
        )  # fmt: skip
        return Imported(None, {}, (*problems, unusable))
    data, notes = _document(diagram, source, options)
    return Imported(data, notes, tuple(problems))


def _text(source: Path, shown: str) -> tuple[str, Problem | None]:
    """The file as text with Unix line ends, or the one problem that keeps it from being read."""
    unreadable = checks.IMPORT_UNREADABLE

    def fail(message: str, position: Position = Position(1, 1)) -> tuple[str, Problem]:
        return "", unreadable.problem(shown, position, message)

    try:
        data = read_regular(source, MAX_BYTES)
    except FileNotFoundError:
        return fail("no such file")
    except OSError as error:
        return fail(f"cannot read the file: {error.strerror or error}")
    if isinstance(data, Refused) and data.size is not None:
        return fail(f"the file is {data.size / 1024 / 1024:.1f} MB; import reads diagrams up to 4 MB")
    if isinstance(data, Refused):
        return fail("not a file; name a .mmd or Markdown file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return fail(f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8", Position(line, column))
    if "\x00" in text:
        before = text[: text.index("\x00")]
        position = Position(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        return fail("the file holds NUL bytes: it is binary, not a diagram", position)
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _diagram_lines(lines: list[str], shown: str, source: Path) -> tuple[tuple[int, int] | None, list[Problem]]:
    """Where the diagram is, as (first line, end) indexes: the first ```mermaid block that holds a journey, or
    the whole file when it has no such block."""
    blocks = _mermaid_blocks(lines)
    if not blocks:
        if source.suffix.lower() in (".md", ".markdown"):
            return None, [checks.IMPORT_UNUSABLE.problem(shown, Position(1, 1), "no ```mermaid block in the file; "
                                                         "put the journey diagram in one")]  # fmt: skip
        blocks = [(0, len(lines))]
    journeys = [block for block in blocks if _JOURNEY.fullmatch(_first_word(lines, *block)[0] or "")]
    if not journeys:
        return None, [_not_a_journey(lines, blocks[0], shown)]
    problems = [checks.IMPORT_CELL.problem(shown, Position(start, 1), "a second journey diagram in the file; only the "
                                           "first is imported (import this one from a file of its own)")
                for start, _ in journeys[1:]]  # fmt: skip
    return journeys[0], problems


def _mermaid_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """The ```mermaid (or ~~~mermaid) blocks of a Markdown text, as (first line inside, end) indexes; an
    unclosed block runs to the end, as in CommonMark."""
    blocks, index = [], 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        index += 1
        if not opening:
            continue
        fence = opening.group(1)
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        start = index
        while index < len(lines) and not closing.match(lines[index]):
            index += 1
        blocks.append((start, index))
        index += 1
    return blocks


def _first_word(lines: list[str], start: int, end: int) -> tuple[str | None, Position]:
    """The diagram's first word, past blank lines, comments and front matter, and where it is."""
    index = _past_front_matter(lines, start, end)
    if index is None:
        return None, Position(start + 1, 1)
    while index < end:
        line = lines[index]
        offset = len(line) - len(line.lstrip())
        rest = line[offset:]
        if rest and not _COMMENT.match(rest):
            word = re.match(r"[^\s:;#{]+", rest)
            return (word.group() if word else rest[0]), Position(index + 1, offset + 1)
        index += 1
    return None, Position(start + 1, 1)


def _past_front_matter(lines: list[str], start: int, end: int) -> int | None:
    """The first line after a front matter block (`---` ... `---`) at the start; `start` without one; None when
    the block has no end."""
    first = _front_matter_start(lines, start, end)
    if first is None:
        return start
    closing = next((i for i in range(first + 1, end) if lines[i].strip() == "---"), None)
    return None if closing is None else closing + 1


def _front_matter_start(lines: list[str], start: int, end: int) -> int | None:
    first = next((i for i in range(start, end) if lines[i].strip()), end)
    return first if first < end and lines[first].strip() == "---" else None


def _not_a_journey(lines: list[str], block: tuple[int, int], shown: str) -> Problem:
    word, position = _first_word(lines, *block)
    if _past_front_matter(lines, *block) is None:
        first = _front_matter_start(lines, *block)
        return checks.MERMAID_SYNTAX.problem(shown, Position(first + 1, 1), "the front matter that starts here has "
                                             "no closing '---'")  # fmt: skip
    if word is None:
        return checks.IMPORT_UNUSABLE.problem(shown, position, "the diagram is empty; write 'journey', then a title "
                                              "and sections")  # fmt: skip
    other = _OTHER_DIAGRAMS.get(word.lower())
    if other:
        return checks.IMPORT_UNUSABLE.problem(shown, position, f"a Mermaid {other} diagram, not a journey; import "
                                              "reads 'journey' diagrams only")  # fmt: skip
    return checks.MERMAID_SYNTAX.problem(shown, position, f"expected 'journey' to start the diagram, found "
                                         f"{quote(word)}")  # fmt: skip


class _Parser:
    """Mermaid's journey grammar, a line at a time, each problem at its line and column."""

    def __init__(self, lines: list[str], start: int, end: int, shown: str) -> None:
        self.lines, self.start, self.end, self.shown = lines, start, end, shown
        self.diagram = _Diagram()
        self.problems: list[Problem] = []

    def parse(self) -> _Diagram:
        index = _past_front_matter(self.lines, self.start, self.end) or self.start  # _diagram_lines saw it end
        self._front_matter_title(self.start, index)
        journey_seen = False
        while index < self.end:
            line = self.lines[index]
            column = len(line) - len(line.lstrip())
            if not journey_seen and column < len(line) and not _COMMENT.match(line, column):
                journey_seen = True
                column = _JOURNEY.match(line, column).end()  # type: ignore[union-attr]  # _first_word found it
            index = self._statement(index, column)
        return self.diagram

    def _front_matter_title(self, start: int, end: int) -> None:
        for line in self.lines[start:end]:
            found = re.match(r"title:\s*(.+?)\s*$", line)
            if found:
                self.diagram.title = found.group(1).strip("'\"")
                self.diagram.title_from = "front matter"

    def _statement(self, index: int, column: int) -> int:
        """Reads the statement at a line's column (past whitespace); returns the next line's index."""
        line = self.lines[index]
        while column < len(line) and line[column].isspace():
            column += 1
        if column >= len(line) or _COMMENT.match(line, column):
            return index + 1
        if _JOURNEY.match(line, column):
            self._error(index, column, "'journey' starts the diagram only once; remove this one")
            return index + 1
        if found := _TITLE.match(line, column):
            self.diagram.title, self.diagram.title_from = found.group(1).strip(), "title"
            self._tail(index, found.end())
            return index + 1
        if found := _ACC_LINE.match(line, column):
            self._accessible(found.group(1).lower(), line[found.end():].strip())
            return index + 1
        if found := _ACC_BLOCK.match(line, column):
            return self._accessible_block(index, found.end())
        if found := _SECTION.match(line, column):
            self._section(index, found)
            return index + 1
        if _KEYWORD.fullmatch(line.strip()):
            self._error(index, column, f"expected text after {quote(line.strip())}; write it as "
                                       f"'{line.strip()} Checkout'")  # fmt: skip
            return index + 1
        self._task(index, column)
        return index + 1

    def _accessible(self, kind: str, value: str) -> None:
        if kind == "title":
            if self.diagram.title_from != "title" or not self.diagram.title:
                self.diagram.title, self.diagram.title_from = value or None, "accTitle"
        elif value:
            self.diagram.description = value

    def _accessible_block(self, index: int, column: int) -> int:
        """`accDescr { ... }`, over as many lines as it takes."""
        parts, line_index, start = [], index, column
        while line_index < self.end:
            line = self.lines[line_index]
            closing = line.find("}", start)
            if closing >= 0:
                parts.append(line[start:closing])
                self.diagram.description = " ".join(" ".join(parts).split()) or self.diagram.description
                self._tail(line_index, closing + 1)
                return line_index + 1
            parts.append(line[start:])
            line_index, start = line_index + 1, 0
        self._error(index, column - 1, "'accDescr {' has no closing '}'")
        return self.end

    def _section(self, index: int, found: re.Match[str]) -> None:
        name = _clean(found.group(1))
        if not name:
            self._error(index, found.start(), "expected a section name after 'section'; write it as 'section Checkout'")
            return
        after = found.end()
        line = self.lines[index]
        if after < len(line) and line[after] == ":":
            self._error(index, after, f"':' ends the section name {quote(name)}; a section has no score: write "
                                      f"'section {name}' on a line of its own, and its tasks below it")  # fmt: skip
            return
        self._tail(index, after)
        self.diagram.sections.append(_Section(name))

    def _task(self, index: int, column: int) -> None:
        line = self.lines[index]
        found = _TASK_NAME.match(line, column)
        if found is None and line.startswith(";", column):
            self._semicolon(index, column)
            return
        if found is None:  # a ':' where a task's name should be
            self._error(index, column, "expected a task name before ':'; write it as 'Pays by card: 4: Maya'")
            return
        name = _clean(found.group())
        data = _TASK_DATA.match(line, found.end())
        if data is None:
            after = found.end()
            if after < len(line) and line[after] == ";":
                self._semicolon(index, after)
            elif after < len(line) and line[after] == ":":
                self._error(index, after + 1, f"expected a score after {quote(name + ':')}; write it as "
                                              f"'{name}: 3' (a score from 1 to 5, then the actors)")  # fmt: skip
            else:
                self._error(index, after, f"expected ':' and a score after the task name {quote(name)}; write it as "
                                          f"'{name}: 3: Maya' (a score from 1 to 5, then the actors)")  # fmt: skip
            return
        self._tail(index, data.end())
        if not self.diagram.sections:
            self.diagram.sections.append(_Section("", before_any=True))
        self.diagram.sections[-1].tasks.append(self._task_data(index, name, data))

    def _task_data(self, index: int, name: str, data: re.Match[str]) -> _Task:
        """Mermaid's reading of `: score: actor, actor` (a third ':' part is left out, as Mermaid does)."""
        pieces = data.group()[1:].split(":")
        score_column = data.start() + 1
        emotion = self._emotion(index, score_column, pieces[0], name)
        actors: list[str] = []
        if len(pieces) > 1:
            actor_column = score_column + len(pieces[0]) + 1
            for part in pieces[1].split(","):
                actor = _clean(part)
                if actor and actor not in actors:
                    actors.append(actor)
                elif not actor:
                    self._warn(index, actor_column, "an empty actor name between commas; left out")
                actor_column += len(part) + 1
        if len(pieces) > 2:  # noqa: PLR2004 -- score and actors: what Mermaid reads
            extra = ":" + ":".join(pieces[2:])
            self._warn(index, data.end() - len(extra), f"{quote(extra.strip())} after the actors is not read by "
                                                       "Mermaid; left out")  # fmt: skip
        return _Task(name or "\u2026", emotion, pieces[0].strip(), actors)

    def _emotion(self, index: int, column: int, text: str, name: str) -> int | None:
        """The emotion of a Mermaid score, -2..2; None (with a warning) when the score is no number."""
        written = text.strip()
        if not written:  # pointed at just after the ':'
            self._warn(index, column, "no score after ':'; write a whole number from 1 to 5 (the step is imported "
                                      "without an emotion)")  # fmt: skip
            return None
        column += len(text) - len(text.lstrip())
        if not _NUMBER.fullmatch(written):
            lost = re.fullmatch(r"(.+?) +([1-5])", name)  # 'Pays 4: Li': the ':' before the score left out
            fix = "write a whole number from 1 to 5"
            if lost:
                meant = f"{lost.group(1)}: {lost.group(2)}: {written}"
                fix = f"the ':' before the score {lost.group(2)} is missing; write it as {quote(meant)}"
            self._warn(index, column, f"the score {quote(written)} is not a number; {fix} (the step is imported "
                                      "without an emotion)")  # fmt: skip
            return None
        value = float(written)
        if not math.isfinite(value):
            self._warn(index, column, f"the score {quote(written)} is not a number from 1 to 5; the step is "
                                      "imported without an emotion")  # fmt: skip
            return None
        read = min(max(_half_away(value), LOWEST_SCORE), HIGHEST_SCORE)
        if read != value:
            why = "outside Mermaid's 1 to 5" if not LOWEST_SCORE <= value <= HIGHEST_SCORE else "not a whole number"
            self._warn(index, column, f"the score {written} is {why}; read as {read} (emotion {read - SCORE_OFFSET})")
        return read - SCORE_OFFSET

    def _tail(self, index: int, column: int) -> None:
        """What may follow a statement on its line: nothing, or a comment."""
        line = self.lines[index]
        rest = line[column:]
        stripped = rest.lstrip()
        if not stripped or stripped.startswith("#"):
            return
        at = column + len(rest) - len(stripped)
        if stripped.startswith(";"):
            self._semicolon(index, at)
        else:
            self._error(index, at, f"unexpected {quote(stripped[:20])}; one statement per line")

    def _semicolon(self, index: int, column: int) -> None:
        self._error(index, column, "';' is not allowed in a journey diagram (Mermaid stops reading here); "
                                   "write one statement per line, and no ';' in names")  # fmt: skip

    def _error(self, index: int, column: int, message: str) -> None:
        self.problems.append(checks.MERMAID_SYNTAX.problem(self.shown, Position(index + 1, column + 1), message))

    def _warn(self, index: int, column: int, message: str) -> None:
        self.problems.append(checks.IMPORT_CELL.problem(self.shown, Position(index + 1, column + 1), message))


def _clean(text: str) -> str:
    """A name as Mermaid shows it: trimmed, without the export's invisible word joiner."""
    return text.strip().lstrip(_JOINERS).strip()


def _half_away(value: float) -> int:
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def _document(diagram: _Diagram, source: Path, options: ImportOptions) -> tuple[dict[str, Any], dict[JsonPath, str]]:
    """The map document (in `document()`'s shape) and the notes on what was guessed."""
    notes: dict[JsonPath, str] = {}
    data: dict[str, Any] = {"journeymap": 1, "title": _title(diagram, source, options, notes)}
    if diagram.description:
        data["description"] = diagram.description
    if options.locale:
        data["locale"] = options.locale
    tasks = [task for section in diagram.sections for task in section.tasks]
    actors = list(dict.fromkeys(actor for task in tasks for actor in task.actors))
    made = Ids()
    persona_ids = {actor: made.new(actor, "persona") for actor in actors}
    if actors:
        data["personas"] = [{"id": persona_ids[actor], "name": actor} for actor in actors]
        notes[("personas",)] = ("personas from the Mermaid actors, ids made from their names; a step that every "
                                "actor takes names none")  # fmt: skip
    data["stages"], several = _stages(diagram, persona_ids, words_for(options.locale)("import.mermaid.unsectioned"),
                                      notes)  # fmt: skip
    notes[("stages",)] = "stages from the Mermaid sections, in order, ids made from their names"
    if several:
        data["journeymap"] = 1.1  # several personas on one step, or a stage's own personas
    return data, notes


def _title(diagram: _Diagram, source: Path, options: ImportOptions, notes: dict[JsonPath, str]) -> str:
    """The diagram's title, else --title, else one made from the file name (with a note saying so)."""
    if diagram.title:
        return diagram.title
    if options.title:
        return options.title
    notes[("title",)] = f"the diagram has no title: this one is made from the file name {quote(source.name)}"
    return _title_from(source)


def _stages(diagram: _Diagram, persona_ids: dict[str, str], unsectioned: str,
            notes: dict[JsonPath, str]) -> tuple[list[dict[str, Any]], bool]:  # fmt: skip
    """A stage for each section, and whether any step or stage names several personas (format 1.1)."""
    everyone = set(persona_ids)
    stages: list[dict[str, Any]] = []
    stage_ids = Ids()
    several = False
    for section in diagram.sections:
        name = section.name or unsectioned
        stage: dict[str, Any] = {"id": stage_ids.new(name, "stage"), "name": name}
        path: JsonPath = ("stages", len(stages))
        if section.before_any:
            notes[path] = "tasks before the first section: a stage named for them"
        if section.name and len(section.tasks) == 1 and section.tasks[0].name == section.name:
            several = _stage_itself(stage, section.tasks[0], persona_ids, path, notes) or several
        else:
            steps = []
            for task in section.tasks:
                step, several_here = _step(task, persona_ids, everyone)
                several = several or several_here
                step_path = (*path, "steps", len(steps))
                if task.emotion is not None:
                    notes[(*step_path, "emotion")] = _emotion_note(task)
                if not task.actors and everyone:
                    notes[step_path] = "no actors in Mermaid: every persona takes this step"
                steps.append(step)
            if steps:
                stage["steps"] = steps
        stages.append(stage)
    return stages, several


def _stage_itself(stage: dict[str, Any], task: _Task, persona_ids: dict[str, str], path: JsonPath,
                  notes: dict[JsonPath, str]) -> bool:  # fmt: skip
    """A section whose one task is the stage itself, as the export writes a stage without steps: its actors
    and score go on the stage. Whether it names several personas."""
    several = False
    if task.actors and set(task.actors) != set(persona_ids):
        stage["personas"] = [persona_ids[actor] for actor in task.actors]
        several = True
    if task.emotion is not None:
        stage["emotion"] = task.emotion
        notes[(*path, "emotion")] = _emotion_note(task)
    notes.setdefault(path, "a section whose one task repeats its name: the stage, without steps")
    return several


def _step(task: _Task, persona_ids: dict[str, str], everyone: set[str]) -> tuple[dict[str, Any], bool]:
    step: dict[str, Any] = {"name": task.name}
    several = False
    if task.actors and set(task.actors) != everyone:
        ids = [persona_ids[actor] for actor in task.actors]
        if len(ids) == 1:
            step["persona"] = ids[0]
        else:
            step["personas"], several = ids, True
    if task.emotion is not None:
        step["emotion"] = task.emotion
    return step, several


def _emotion_note(task: _Task) -> str:
    return f"emotion from Mermaid score {task.score} (1..5 -> -2..2)"


def _title_from(source: Path) -> str:
    """A title made from a file name: `boot-purchase.mmd` is 'Boot purchase'."""
    stem = source.name.split(".")[0] or source.name
    words = " ".join(re.sub(r"[-_]+", " ", stem).split())
    return (words[:1].upper() + words[1:]) if words else "Imported journey"
