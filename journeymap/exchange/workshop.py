"""A map from a sheet laid out as workshops do: a row per step, with columns such as Stage, Persona, Step,
Touchpoint, Emotion, Thought and Pain point, in English or Spanish (`FIELDS`), or named with --columns.

What the sheet does not say is guessed, and every guess is a note, a comment beside the value in the map:
- a blank Stage (or Phase) cell continues the stage above, as workshop sheets leave it;
- stages, personas, phases and touchpoints are made from their names, in order of first appearance, with
  ids made from the names (`exchange.ids`); a name met again is the same element;
- a touchpoint's channel is guessed from words in its name (email, web, app, tienda, teléfono...), unless a
  Channel column gives it;
- an emotion is a whole number from -2 to 2; a column of 1 to 5 is mapped to -2..2; words and emoji
  (happy, muy mal, 😀) are read as the number they mean; anything else is reported and left out;
- a stage's kind only when its name is a lifecycle kind's ("Purchase", "Compra");
- the title from --title, else the file's name; the locale from --locale, else Spanish when the headings are.
A cell that cannot be used is an IMPORT_CELL warning where it is, and the map is written without it.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from journeymap.checks import IMPORT_CELL, IMPORT_UNUSABLE
from journeymap.exchange.cells import Cell, Table
from journeymap.exchange.formats import Imported, ImportOptions
from journeymap.exchange.ids import Ids, without_accents
from journeymap.exchange.layout import FALSE_WORDS, TRUE_WORDS, unsafe_cell
from journeymap.exchange.layout_read import cell_problem, in_format_order
from journeymap.model import LIFECYCLE
from journeymap.problems import START, JsonPath, Position, Problem, quote
from journeymap.suggest import closest
from journeymap.words import LOCALES

# field -> (its heading in English, recognised headings in English, in Spanish); headings are compared as
# `normal` makes them: no accents, no case, no words in brackets ("Emotion (-2..2)" is "emotion").
FIELDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "stage": ("Stage", ("stage", "stages", "journey stage", "step group"), ("etapa", "etapas", "etapa del viaje")),
    "phase": ("Phase", ("phase", "phases"), ("fases",)),
    "persona": ("Persona", ("persona", "personas", "customer", "customers", "user", "users", "segment", "who"),
                ("cliente", "clientes", "usuario", "usuarios", "perfil", "quien")),
    "step": ("Step", ("step", "steps", "action", "actions", "activity", "activities", "task", "tasks", "doing",
                      "customer action", "customer actions", "what they do", "user action"),
             ("paso", "pasos", "accion", "acciones", "actividad", "actividades", "tarea", "tareas", "que hace",
              "hace", "accion del cliente")),
    "touchpoint": ("Touchpoint", ("touchpoint", "touchpoints", "touch point", "touch points", "where"),
                   ("punto de contacto", "puntos de contacto", "donde")),
    "channel": ("Channel", ("channel", "channels", "medium"), ("canal", "canales", "medio", "medios")),
    "emotion": ("Emotion", ("emotion", "emotions", "emotion score", "score", "sentiment", "mood", "emotional curve"),
                ("emocion", "emociones", "puntuacion", "sentimiento", "estado de animo", "animo", "curva emocional")),
    "feeling": ("Feeling", ("feeling", "feelings", "feels", "how they feel"),
                ("sensacion", "sensaciones", "como se siente", "siente")),
    "thought": ("Thought", ("thought", "thoughts", "thinking", "thinks", "quote", "quotes", "what they think"),
                ("pensamiento", "pensamientos", "que piensa", "piensa", "cita", "citas")),
    "pain_point": ("Pain point", ("pain point", "pain points", "pain", "pains", "painpoint", "painpoints", "problem",
                                  "problems", "frustration", "frustrations"),
                   ("punto de dolor", "puntos de dolor", "dolor", "dolores", "problema", "problemas", "frustracion",
                    "frustraciones")),
    "severity": ("Severity", ("severity",), ("gravedad", "severidad")),
    "opportunity": ("Opportunity", ("opportunity", "opportunities", "idea", "ideas", "improvement", "improvements"),
                    ("oportunidad", "oportunidades", "mejora", "mejoras")),
    "moment_of_truth": ("Moment of truth", ("moment of truth", "moments of truth", "mot"),
                        ("momento de la verdad", "momento de verdad", "momentos de la verdad")),
    "owner": ("Owner", ("owner", "owners", "responsible"), ("responsable", "responsables", "dueno")),
    "description": ("Description", ("description", "details", "notes"),
                    ("descripcion", "detalle", "detalles", "notas")),
    "duration": ("Duration", ("duration", "time", "how long"), ("duracion", "tiempo")),
    "wait": ("Wait", ("wait", "waiting", "waiting time", "wait time"), ("espera", "tiempo de espera")),
    "goal": ("Goal", ("goal", "goals", "objective"), ("objetivo", "objetivos", "meta", "metas")),
}  # fmt: skip
# headings both languages use: they say nothing of the sheet's language
_EITHER_LANGUAGE = frozenset({"persona", "personas", "idea", "ideas", "chat", "app"})
_AMBIGUOUS_FASE = "fase"  # Spanish workshops say "fase" for a stage; with an Etapa column too, it is the phase
_PER_ROW_LISTS = ("pain_point", "opportunity")  # one cell may list several, one per line
_SEPARATORS = re.compile(r"\s*(?:[,;/\n]|\s\+\s)\s*")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")

_EMOTION_WORDS: dict[int, tuple[str, ...]] = {
    2: ("very happy", "very good", "very positive", "delighted", "excited", "thrilled", "love", "great", "amazing",
        "muy feliz", "muy contento", "muy bien", "muy bueno", "muy positivo", "encantado", "encantada", "genial",
        "emocionado", "emocionada", "😍", "🤩", "🥰", "😁", "😄", "🤗", "❤", "❤️"),
    1: ("happy", "good", "positive", "pleased", "glad", "satisfied", "confident", "relieved", "feliz", "contento",
        "contenta", "bien", "bueno", "positivo", "positiva", "satisfecho", "satisfecha", "tranquilo", "tranquila",
        "aliviado", "aliviada", "😀", "😃", "🙂", "😊", "👍", "☺", "☺️"),
    0: ("neutral", "ok", "okay", "meh", "indifferent", "fine", "so so", "normal", "indiferente", "regular", "igual",
        "😐", "😶", "🤔", "😑"),
    -1: ("sad", "bad", "unhappy", "negative", "worried", "confused", "annoyed", "frustrated", "anxious", "unsure",
         "mal", "malo", "triste", "negativo", "negativa", "preocupado", "preocupada", "confundido", "confundida",
         "molesto", "molesta", "frustrado", "frustrada", "inseguro", "insegura", "😕", "🙁", "😟", "😞", "😔",
         "👎",
         "☹", "☹️"),
    -2: ("very sad", "very bad", "very unhappy", "very negative", "angry", "furious", "awful", "terrible", "hate",
         "muy mal", "muy malo", "muy triste", "muy negativo", "enfadado", "enfadada", "furioso", "furiosa", "fatal",
         "horrible", "😡", "😠", "🤬", "😫", "😩", "😭", "😤"),
}  # fmt: skip
_EMOTIONS = {word: score for score, words in _EMOTION_WORDS.items() for word in words}

# channel -> words in a touchpoint's name that say it; the first channel whose word is there wins, so the
# longer and surer words come first ("video call" before "call", "email" before "mail").
_CHANNEL_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("video_call", ("video call", "videocall", "videollamada", "zoom", "teams", "meet")),
    ("ivr", ("ivr", "phone menu", "centralita", "menu telefonico")),
    ("email", ("email", "e mail", "mail", "newsletter", "correo electronico", "correo", "inbox")),
    ("sms", ("sms", "text message", "mensaje de texto")),
    ("messaging", ("whatsapp", "messenger", "telegram", "signal", "wechat", "mensajeria")),
    ("chat", ("chat", "chatbot", "live chat", "bot")),
    ("mobile_app", ("app", "mobile app", "application", "aplicacion", "movil", "mobile", "ios", "android")),
    ("social", ("social", "instagram", "facebook", "twitter", "tiktok", "linkedin", "youtube", "redes sociales",
                "redes")),
    ("search", ("search", "google", "bing", "buscador", "busqueda")),
    ("ads", ("ad", "ads", "advert", "advertising", "banner", "anuncio", "anuncios", "publicidad")),
    ("phone", ("phone", "call", "call center", "call centre", "hotline", "telephone", "telefono", "llamada",
               "telefonica", "telefonico")),
    ("review_site", ("review", "reviews", "trustpilot", "yelp", "tripadvisor", "resena", "resenas", "opiniones")),
    ("marketplace", ("marketplace", "amazon", "ebay")),
    ("kiosk", ("kiosk", "atm", "quiosco", "cajero", "self service", "autoservicio")),
    ("office", ("office", "branch", "desk", "front desk", "counter", "oficina", "sucursal", "ventanilla",
                "mostrador", "recepcion")),
    ("store", ("store", "shop", "showroom", "tienda", "local", "comercio")),
    ("home_visit", ("home visit", "technician", "installer", "visita", "tecnico", "instalador", "a domicilio")),
    ("event", ("event", "fair", "conference", "evento", "feria", "congreso")),
    ("print", ("brochure", "flyer", "leaflet", "catalogue", "catalog", "folleto", "catalogo", "print")),
    ("mail", ("letter", "post", "postal", "carta", "correo postal")),
    ("tv", ("tv", "television")),
    ("radio", ("radio",)),
    ("referral", ("referral", "word of mouth", "friend", "friends", "boca a boca", "amigo", "amigos", "recomendacion")),
    ("community", ("forum", "community", "foro", "comunidad")),
    ("web", ("web", "website", "site", "online", "portal", "page", "webpage", "pagina", "sitio", "sitio web",
             "pagina web", "landing", "checkout")),
)  # fmt: skip
CHANNELS = ("web", "mobile_app", "email", "sms", "messaging", "social", "search", "ads", "phone", "chat", "store",
            "event", "print", "tv", "radio", "referral", "review_site", "marketplace", "partner", "kiosk", "mail",
            "office", "video_call", "home_visit", "product", "community", "ivr", "other")  # fmt: skip
# the export's words for true and false, and the marks a workshop sheet ticks a cell with
_TRUE = TRUE_WORDS | {"✓", "✔", "✔️", "★", "⭐", "mot"}
_FALSE = FALSE_WORDS | {"-"}
_SEVERITIES = {"low": "low", "medium": "medium", "high": "high", "baja": "low", "bajo": "low", "media": "medium",
               "medio": "medium", "alta": "high", "alto": "high", "minor": "low", "major": "high"}  # fmt: skip
_TIME = re.compile(r"(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))? ?(s|sec|seconds?|min|minutes?|h|hours?|d|days?|w|weeks?|mo|"
                   r"months?|y|years?)")  # fmt: skip


def normal(text: str) -> str:
    """A heading or word as compared: no accents, no case, no words in brackets, single spaces."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    return " ".join(re.sub(r"[^\w]+", " ", without_accents(text.casefold())).split())


def _word_text(text: str) -> str:
    """Like `normal`, but emoji kept: emotions are often written as one."""
    return " ".join(re.sub(r"[.,;:!?¡¿\"'()]+", " ", without_accents(text.casefold().strip())).split())


_HEADINGS: dict[str, tuple[str, str]] = {
    alias: (field, language)
    for field, (_, english, spanish) in FIELDS.items()
    for language, aliases in (("en", english), ("es", spanish))
    for alias in aliases
}


def heading_field(heading: str) -> tuple[str, bool]:
    """The field a (normal) heading names, and whether it names it exactly: "Actividad del cliente" is not a
    heading journeymap knows, but it holds one ("actividad") and no other field's, so it is the step."""
    if heading in _HEADINGS:
        return _HEADINGS[heading][0], True
    alias = _contained(heading)
    return (_HEADINGS[alias][0], False) if alias else ("", False)


def _contained(heading: str) -> str | None:
    """The one field's heading that `heading` holds as whole words (the longest, when several of one field)."""
    padded = f" {heading} "
    found = [alias for alias in _HEADINGS if f" {alias} " in padded]
    fields = {_HEADINGS[alias][0] for alias in found}
    if len(fields) == 1:
        return max(found, key=len)
    head = re.match(r"(.+?) (?:de|del|de la|de los|de las) ", heading)  # Spanish names the thing first
    return head.group(1) if head and head.group(1) in found else None


def with_notes(imported: Imported, file_notes: tuple[str, ...]) -> Imported:
    """`imported` with notes about the file as a whole (its encoding, its separator) above its first key."""
    if not file_notes or imported.data is None:
        return imported
    notes = dict(imported.notes)
    key = ("journeymap",)
    notes[key] = "\n".join(filter(None, (*file_notes, notes.get(key))))
    return Imported(imported.data, notes, imported.problems)


def looks_like_workshop(table: Table) -> bool:
    """Whether a sheet's headings name steps (in the first rows, below any title rows)."""
    return _heading_row(table, {}) is not None


def _heading_row(table: Table, columns: Mapping[str, str]) -> int | None:
    wanted = {normal(heading) for heading, field in columns.items() if field == "step"}
    for index, row in enumerate(table.rows[:10]):
        names = {normal(_text(cell.value)) for cell in row if cell.value is not None}
        if names & wanted or any(heading_field(name)[0] == "step" for name in names):
            return index
    return None


def _text(value: Any) -> str:
    """A cell as text, as the sheet shows it: a whole number without '.0', a date as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text.removesuffix("T00:00:00")
    return unsafe_cell(str(value)).strip()


class _Column:
    def __init__(self, field: str, heading: str, position: Position) -> None:
        self.field, self.heading, self.position = field, heading, position


def read_workshop(table: Table, shown: str, options: ImportOptions) -> Imported:
    """The map a workshop sheet holds; `shown` names the source (its file name gives the title)."""
    return _Builder(table, shown, options).build()


class _Builder:
    def __init__(self, table: Table, shown: str, options: ImportOptions) -> None:
        self.table, self.shown, self.options = table, shown, options
        self.problems: list[Problem] = []
        self.notes: dict[JsonPath, str] = {}
        self.stages: dict[str, dict[str, Any]] = {}  # by stage name, in order of first appearance
        self.personas: dict[str, dict[str, Any]] = {}  # by normal(name)
        self.phases: dict[str, dict[str, Any]] = {}
        self.touchpoints: dict[str, dict[str, Any]] = {}
        self.ids = {kind: Ids() for kind in ("stage", "persona", "phase", "touchpoint")}
        self.languages: set[str] = set()
        self.channel_notes: dict[str, str] = {}  # touchpoint id -> the note on its guessed channel
        self.value_notes: dict[tuple[int, str], str] = {}  # (id(step or stage), key) -> the note on its value
        self.kind_notes: dict[str, str] = {}
        self.continued: dict[str, list[int]] = {}  # stage name -> rows that continue it with a blank Stage cell
        self.fields_present: set[str] = set()
        self.last_stage = ""
        self.last_phase: str | None = None
        self.no_stage_column = False
        self.file_notes: list[str] = []  # what was guessed about the sheet as a whole
        self.pain_point_ids = Ids()
        self.linked: set[int] = set()  # opportunities that address the pain points of their row

    # the sheet's shape

    def build(self) -> Imported:
        if not any(cell.value is not None for row in self.table.rows for cell in row):
            what = "the file is empty" if self.table.file == self.shown else f"sheet {quote(self.table.name)} is empty"
            return self._unusable(START, f"{what}; a workshop sheet has a heading row (Stage, Step, ...) and a row "
                                         "per step")  # fmt: skip
        columns = self._columns()
        if isinstance(columns, Problem):
            return Imported(None, {}, (*self.problems, columns))
        heading_index, by_field = columns
        self.fields_present = set(by_field)
        body = self.table.rows[heading_index + 1 :]
        scale = self._emotion_scale(body, by_field.get("emotion"))
        for row in body:
            self._row(self._values(row, by_field), row, scale)
        if not any(stage.get("steps") for stage in self.stages.values()):
            where = self.table.rows[heading_index][0].position if self.table.rows[heading_index] else START
            what = "the file" if self.table.file == self.shown else f"sheet {quote(self.table.name)}"
            return self._unusable(where, f"{what} has headings but no row names a step; write a row per step below "
                                         "the headings")  # fmt: skip
        return with_notes(Imported(self._document(), self.notes, tuple(self.problems)), tuple(self.file_notes))

    def _warn(self, position: Position, message: str, suggestion: str | None = None) -> None:
        self.problems.append(IMPORT_CELL.problem(self.table.file, position, message, suggestion=suggestion))

    def _cell_warning(self, value: tuple[Cell, _Column], message: str, suggestion: str | None = None) -> None:
        """A cell that cannot be used: the message names its column's heading first."""
        cell, column = value
        self._warn(cell.position, f"column {quote(column.heading)}: {message}", suggestion)

    def _unusable(self, position: Position, message: str) -> Imported:
        return Imported(None, {}, (*self.problems, IMPORT_UNUSABLE.problem(self.table.file, position, message)))

    def _columns(self) -> tuple[int, dict[str, _Column]] | Problem:
        """The heading row's index and each field's column; the problem when --columns names no field, or no
        row of headings names steps."""
        mapped = {normal(heading): field for heading, field in self.options.columns.items()}
        wrong = self._wrong_columns_option()
        if wrong:
            return wrong
        heading_index = _heading_row(self.table, self.options.columns)
        if heading_index is None:
            return self._no_steps(mapped)
        headings = [(cell, _text(cell.value)) for cell in self.table.rows[heading_index] if cell.value is not None]
        headings = [(cell, text) for cell, text in headings if text]
        by_field = self._by_field(headings, self._fields(headings, mapped), mapped)
        found = {normal(text) for _cell, text in headings}
        for heading in self.options.columns:
            if normal(heading) not in found:
                self._warn(START, f"--columns names the heading {quote(heading)}, which the sheet does not have; "
                           f"its headings are {_listed(t for _c, t in headings)}")
        return heading_index, by_field

    def _wrong_columns_option(self) -> Problem | None:
        """The problem of a --columns HEADING=FIELD whose FIELD is no field."""
        for heading, field in self.options.columns.items():
            if field not in FIELDS:
                suggestion = closest(field, FIELDS)
                hint = f"; did you mean {quote(suggestion)}?" if suggestion else ""
                return IMPORT_UNUSABLE.problem(self.table.file, START, f"--columns {quote(f'{heading}={field}')}: "
                                               f"{quote(field)} is not a field (the fields are "
                                               f"{', '.join(FIELDS)}){hint}",
                                               suggestion=suggestion)  # fmt: skip
        return None

    def _fields(self, headings: list[tuple[Cell, str]], mapped: Mapping[str, str]) -> dict[str, str]:
        """The field each heading holds ("" for none): as --columns maps it, else as its words say, with a note
        when only part of the heading names the field; "Fase" is the stage unless another column is."""
        fields: dict[str, str] = {}
        for _cell, text in headings:
            field, exact = heading_field(normal(text))
            fields[text] = mapped.get(normal(text)) or field
            if field and not exact and normal(text) not in mapped:
                self.file_notes.append(f"the column {quote(text)} read as {FIELDS[field][0].lower()}: its heading "
                                       f"says {quote(_contained(normal(text)) or '')}")  # fmt: skip
        if _AMBIGUOUS_FASE in (normal(text) for text in fields):
            has_stage = "stage" in fields.values()
            for text in fields:
                if normal(text) == _AMBIGUOUS_FASE and normal(text) not in mapped:
                    fields[text] = "phase" if has_stage else "stage"
        return fields

    def _by_field(self, headings: list[tuple[Cell, str]], fields: Mapping[str, str],
                  mapped: Mapping[str, str]) -> dict[str, _Column]:  # fmt: skip
        """Each field's column (the first that holds it), noting the headings' language; a heading that holds no
        field, or a field another column holds already, is warned about."""
        by_field: dict[str, _Column] = {}
        for cell, text in headings:
            field = fields[text]
            alias = normal(text) if normal(text) in _HEADINGS else _contained(normal(text))
            if alias and normal(text) not in mapped and alias not in _EITHER_LANGUAGE:
                self.languages.add(_HEADINGS[alias][1])
            if not field:
                self._unknown_heading(cell, text)
            elif field in by_field:
                other = quote(by_field[field].heading)
                self._warn(cell.position, f"column {quote(text)} holds {FIELDS[field][0].lower()}s, as column {other} "
                           f"does; its cells are not used: map it to another field with --columns '{text}=FIELD'")
            else:
                by_field[field] = _Column(field, text, cell.position)
        return by_field

    def _no_steps(self, mapped: Mapping[str, str]) -> Problem:
        first = next((row for row in self.table.rows if any(cell.value is not None for cell in row)), ())
        headings = [_text(cell.value) for cell in first if cell.value is not None]
        unknown = [h for h in headings if not heading_field(normal(h))[0] and normal(h) not in mapped]
        example = next(iter(unknown), "Actividad")
        position = first[0].position if first else START
        return IMPORT_UNUSABLE.problem(self.table.file, position, f"no column names steps: the headings are "
                                       f"{_listed(headings)}; name one 'Step' or map it with --columns "
                                       f"{quote(example + '=step')}")  # fmt: skip

    def _unknown_heading(self, cell: Cell, text: str) -> None:
        close = difflib.get_close_matches(normal(text), _HEADINGS, n=1, cutoff=0.75)  # stricter than for ids:
        suggestion = close[0] if close else None  # a heading is a phrase, and loose matches of phrases are noise
        if suggestion:
            field = _HEADINGS[suggestion][0]
            hint = f"did you mean {quote(FIELDS[field][0])}? map it with --columns {quote(f'{text}={field}')}"
            suggestion = field
        else:
            hint = f"map it to a field with --columns {quote(f'{text}=FIELD')} (fields: {', '.join(FIELDS)})"
        message = f"column {quote(text)} is not a heading journeymap knows, so its cells are not used; {hint}"
        self._warn(cell.position, message, suggestion)

    def _values(self, row: tuple[Cell, ...], by_field: Mapping[str, _Column]) -> dict[str, tuple[Cell, _Column]]:
        by_column = {column.position.column: column for column in by_field.values()}
        values = {}
        for cell in row:
            column = by_column.get(cell.position.column)
            if column is None or (cell.value is None and cell.formula is None):
                continue
            problem = cell_problem(column.heading, cell, self.table.file)
            if problem:
                self.problems.append(problem)
            elif _text(cell.value):
                values[column.field] = (cell, column)
        return values

    # one row

    def _row(self, values: dict[str, tuple[Cell, _Column]], row: tuple[Cell, ...], scale: bool) -> None:
        if not values:
            return
        stage = self._stage(values, row)
        if stage is None:
            return
        step = self._step(values, stage, scale)
        target = step if step is not None else stage
        personas = self._personas(values)
        if step is not None and personas:
            if len(personas) == 1:
                step["persona"] = personas[0]
            else:
                step["personas"] = personas
        touchpoints = self._touchpoints(values)
        if touchpoints:
            listed = target.setdefault("touchpoints", [])
            listed.extend(t for t in touchpoints if t not in listed)
        if step is None:
            self._stage_reading(values, stage, scale)
        self._stage_fields(values, stage)
        self._lists(values, stage, personas)

    def _stage(self, values: Mapping[str, tuple[Cell, _Column]], row: tuple[Cell, ...]) -> dict[str, Any] | None:
        phase_id = self._phase(values)
        if "stage" not in self.fields_present:
            name = self.options.title or _title(self.shown)
            self.no_stage_column = True
        elif "stage" in values:
            name = _text(values["stage"][0].value)
        elif self.stages:
            name = self.last_stage
            self.continued.setdefault(name, []).append(row[0].position.line if row else 0)
        else:
            first = row[0].position if row else START
            self._warn(first, "column 'Stage' is empty and no row above names a stage, so the row is not used; write "
                              "the stage's name in it")  # fmt: skip
            return None
        if name not in self.stages:
            stage_id = self.ids["stage"].new(name, "stage")
            self.stages[name] = {"id": stage_id, "name": name}
            kind = _kind(name)
            if kind:
                self.stages[name]["kind"] = kind
                self.kind_notes[name] = f"kind: {kind}, from the stage's name"
        stage = self.stages[name]
        self.last_stage = name
        if phase_id and "phase" not in stage:
            stage["phase"] = phase_id
        elif "phase" in values and stage["phase"] != phase_id:
            self._cell_warning(values["phase"], f"stage {quote(name)} is in phase {quote(stage['phase'])} already, "
                                                "and a stage is in one phase; the cell is not used")  # fmt: skip
        return stage

    def _phase(self, values: Mapping[str, tuple[Cell, _Column]]) -> str | None:
        if "phase" in values:
            name = _text(values["phase"][0].value)
            key = normal(name) or name
            if key not in self.phases:
                self.phases[key] = {"id": self.ids["phase"].new(name, "phase"), "name": name}
            self.last_phase = self.phases[key]["id"]
            return self.last_phase
        return self.last_phase  # a blank Phase cell continues the phase above, as a blank Stage cell does

    def _step(self, values: Mapping[str, tuple[Cell, _Column]], stage: dict[str, Any],
              scale: bool) -> dict[str, Any] | None:  # fmt: skip
        if "step" not in values:
            return None
        step: dict[str, Any] = {"name": _text(values["step"][0].value)}
        for field in ("description", "feeling", "thought"):
            if field in values:
                step[field] = _text(values[field][0].value)
        emotion = self._emotion(values, scale)
        if emotion is not None:
            step["emotion"], note = emotion
            if note:
                self.value_notes[(id(step), "emotion")] = note
        if "moment_of_truth" in values and self._boolean(values["moment_of_truth"]):
            step["moment_of_truth"] = True
        for field in ("duration", "wait"):
            if field in values:
                time = self._time(values[field])
                if time:
                    step[field] = time
                    written = _text(values[field][0].value)
                    if time != written:
                        self.value_notes[(id(step), field)] = f"from {quote(written)}"
        stage.setdefault("steps", []).append(step)
        return step

    def _stage_reading(self, values: Mapping[str, tuple[Cell, _Column]], stage: dict[str, Any], scale: bool) -> None:
        """A row without a step speaks for its stage: its emotion, feeling and thought are the stage's."""
        emotion = self._emotion(values, scale)
        if emotion is not None and "emotion" not in stage:
            stage["emotion"], note = emotion
            if note:
                self.value_notes[(id(stage), "emotion")] = note
        if "feeling" in values and "feeling" not in stage:
            stage["feeling"] = _text(values["feeling"][0].value)
        if "thought" in values:
            thoughts = stage.setdefault("thoughts", [])
            text = _text(values["thought"][0].value)
            if text not in thoughts:
                thoughts.append(text)

    def _stage_fields(self, values: Mapping[str, tuple[Cell, _Column]], stage: dict[str, Any]) -> None:
        for field in ("owner", "goal"):
            if field not in values:
                continue
            text = _text(values[field][0].value)
            if field not in stage:
                stage[field] = text
            elif stage[field] != text:
                had = f"stage {quote(stage['name'])} has the {field} {quote(stage[field])} already"
                self._cell_warning(values[field], f"{had}, and a stage has one; the cell is not used")

    def _lists(self, values: Mapping[str, tuple[Cell, _Column]], stage: dict[str, Any], personas: list[str]) -> None:
        row_pain_points: list[dict[str, Any]] = []
        for field, key in (("pain_point", "pain_points"), ("opportunity", "opportunities")):
            if field not in values:
                continue
            for text in _items(_text(values[field][0].value)):
                listed = stage.setdefault(key, [])
                element = next((item for item in listed if item["description"] == text), None)
                if element is None:
                    element = {"description": text}
                    if field == "pain_point" and personas:
                        element["personas"] = list(personas)
                    elif field == "pain_point":
                        element["everyone"] = True
                    listed.append(element)
                elif field == "pain_point":  # the same pain point on several rows: it hurts each row's personas
                    if not personas or element.get("everyone"):
                        element.pop("personas", None)
                        element["everyone"] = True
                    else:
                        element["personas"].extend(p for p in personas if p not in element["personas"])
                if field == "pain_point":
                    row_pain_points.append(element)
                elif row_pain_points:  # a row's opportunity answers the row's pain points
                    for pain_point in row_pain_points:
                        pain_point.setdefault("id", self.pain_point_ids.new(pain_point["description"], "pain-point"))
                    addresses = element.setdefault("addresses", [])
                    addresses.extend(p["id"] for p in row_pain_points if p["id"] not in addresses)
                    self.linked.add(id(element))
                if field == "pain_point" and "severity" in values:
                    severity = self._severity(values["severity"])
                    if severity:
                        element["severity"] = severity

    # cells

    def _personas(self, values: Mapping[str, tuple[Cell, _Column]]) -> list[str]:
        if "persona" not in values:
            return []
        ids = []
        for name in _split(_text(values["persona"][0].value)):
            key = normal(name) or name
            if key not in self.personas:
                self.personas[key] = {"id": self.ids["persona"].new(name, "persona"), "name": name}
            if self.personas[key]["id"] not in ids:
                ids.append(self.personas[key]["id"])
        return ids

    def _touchpoints(self, values: Mapping[str, tuple[Cell, _Column]]) -> list[str]:
        field = "touchpoint" if "touchpoint" in values else "channel" if "channel" in values else None
        if field is None:
            return []
        channel = self._channel(values["channel"]) if field == "touchpoint" and "channel" in values else None
        ids = []
        for name in _split(_text(values[field][0].value)):
            key = normal(name) or name
            if key not in self.touchpoints:
                touchpoint = {"id": self.ids["touchpoint"].new(name, "touchpoint"), "name": name}
                exact = _channel_named(name)
                guessed = exact or channel or _guess_channel(name)
                if guessed:
                    touchpoint["channel"] = guessed[0] if isinstance(guessed, tuple) else guessed
                    if isinstance(guessed, tuple) and not exact:
                        self.channel_notes[touchpoint["id"]] = f"channel guessed from the word {quote(guessed[1])}"
                self.touchpoints[key] = touchpoint
            ids.append(self.touchpoints[key]["id"])
        return list(dict.fromkeys(ids))

    def _channel(self, value: tuple[Cell, _Column]) -> str | None:
        cell = value[0]
        text = _text(cell.value)
        named = _channel_named(text) or _guess_channel(text)
        if named:
            return named if isinstance(named, str) else named[0]
        suggestion = closest(text.lower().replace(" ", "_"), CHANNELS)
        hint = f"did you mean {quote(suggestion)}? " if suggestion else ""
        self._cell_warning(value, f"{quote(text)} is not a channel journeymap knows, so the touchpoint has none; "
                                  f"{hint}write one of {', '.join(CHANNELS)}", suggestion)  # fmt: skip
        return None

    def _emotion_scale(self, body: tuple[tuple[Cell, ...], ...], column: _Column | None) -> bool:
        """Whether the Emotion column scores 1 to 5: whole numbers, all from 1 to 5, some above 2."""
        if column is None:
            return False
        numbers = []
        for row in body:
            for cell in row:
                if cell.position.column == column.position.column and cell.value is not None:
                    number = _number(cell.value)
                    if number is not None:
                        numbers.append(number)
        return bool(numbers) and all(n == int(n) and 1 <= n <= 5 for n in numbers) and any(n > 2 for n in numbers)

    def _emotion(self, values: Mapping[str, tuple[Cell, _Column]], scale: bool) -> tuple[int, str | None] | None:
        if "emotion" not in values:
            return None
        cell = values["emotion"][0]
        number = _number(cell.value)
        text = _text(cell.value)
        if number is not None and number == int(number):
            if scale:
                return int(number) - 3, f"emotion {_signed(int(number) - 3)}: {text} on the sheet's scale of 1 to 5"
            if -2 <= number <= 2:
                return int(number), None
        word = _EMOTIONS.get(_word_text(text)) if number is None else None
        if word is not None:
            return word, f"emotion {_signed(word)}, from {quote(text)}"
        hint = "write a whole number from -2 to 2 (or 1 to 5 in every row), or a word such as happy, neutral or sad"
        self._cell_warning(values["emotion"], f"{quote(text)} is not an emotion journeymap can read, so the step has "
                                              f"none; {hint}")  # fmt: skip
        return None

    def _boolean(self, value: tuple[Cell, _Column]) -> bool:
        cell = value[0]
        text = _word_text(_text(cell.value))
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        self._cell_warning(value, f"{quote(_text(cell.value))} is not yes or no; write yes (or x), or leave the cell "
                                  "empty")  # fmt: skip
        return False

    def _severity(self, value: tuple[Cell, _Column]) -> str | None:
        cell = value[0]
        severity = _SEVERITIES.get(normal(_text(cell.value)))
        if severity is None:
            self._cell_warning(value, f"{quote(_text(cell.value))} is not a severity; write low, medium or high")
        return severity

    def _time(self, value: tuple[Cell, _Column]) -> str | None:
        cell = value[0]
        text = _text(cell.value)
        if _TIME.fullmatch(text):
            return text
        written = _as_format_time(text)
        if written:
            return written
        self._cell_warning(value, f"{quote(text)} is not a time; write a number and a unit, such as 10 min, 2 h or "
                                  "2-3 days")  # fmt: skip
        return None

    # the document

    def _document(self) -> dict[str, Any]:
        data: dict[str, Any] = {"journeymap": 1, "title": self.options.title or _title(self.shown)}
        if not self.options.title:
            name = self.shown.replace("\\", "/").rsplit("/", 1)[-1]
            self.notes[("title",)] = f"from the file name {name}; give another with --title"
        locale = self.options.locale or ("es" if self.languages == {"es"} else None)
        if locale:
            data["locale"] = locale
            if not self.options.locale:
                self.notes[("locale",)] = "the sheet's headings are Spanish"
        for key, elements in (("personas", self.personas), ("phases", self.phases),
                              ("touchpoints", self.touchpoints)):  # fmt: skip
            if elements:
                data[key] = list(elements.values())
        data["stages"] = list(self.stages.values())
        self._finish(data)
        data["journeymap"] = 1.1 if _uses_format_1_1(data) else 1
        return in_format_order(data)

    def _finish(self, data: dict[str, Any]) -> None:
        """Drop the builder's marks, and note what was guessed where it now sits in the document."""
        for index, touchpoint in enumerate(data.get("touchpoints", ())):
            if touchpoint["id"] in self.channel_notes:
                self.notes[("touchpoints", index, "channel")] = self.channel_notes[touchpoint["id"]]
        if self.no_stage_column:
            self.notes[("stages", 0)] = "the sheet has no Stage column: every step is in this one stage"
        for index, stage in enumerate(data["stages"]):
            if stage["name"] in self.kind_notes:
                self.notes[("stages", index, "kind")] = self.kind_notes[stage["name"]]
            rows = self.continued.get(stage["name"])
            if rows:
                note = f"{_rows_text(rows)} the Stage cell blank: read as this stage, the one above"
                self.notes[("stages", index)] = note
            if (id(stage), "emotion") in self.value_notes:
                self.notes[("stages", index, "emotion")] = self.value_notes[(id(stage), "emotion")]
            for number, step in enumerate(stage.get("steps", ())):
                for key in ("emotion", "duration", "wait"):
                    if (id(step), key) in self.value_notes:
                        self.notes[("stages", index, "steps", number, key)] = self.value_notes[(id(step), key)]
            for pain_point in stage.get("pain_points", ()):
                pain_point.pop("everyone", None)
            for number, opportunity in enumerate(stage.get("opportunities", ())):
                if id(opportunity) in self.linked:
                    self.notes[("stages", index, "opportunities", number, "addresses")] = "the pain points on its row"


_TIME_UNITS = {  # what people write, in English and Spanish -> the format's unit
    "seg": "s", "segundo": "s", "segundos": "s", "secs": "s", "mins": "min", "minuto": "min", "minutos": "min",
    "hr": "h", "hrs": "h", "hora": "h", "horas": "h", "dia": "days", "dias": "days", "semana": "weeks",
    "semanas": "weeks", "mes": "months", "meses": "months", "ano": "years", "anos": "years",
}  # fmt: skip


def _as_format_time(text: str) -> str | None:
    """A time as people write it (`2 - 3 días`, `1,5 horas`, `10 mins`) in the format's words (`2-3 days`,
    `1.5 h`, `10 min`); None when it is no time at all."""
    match = re.fullmatch(r"(\d+(?:[.,]\d+)?)(?:\s*-\s*(\d+(?:[.,]\d+)?))?\s*([^\W\d_]+)", text.strip())
    if not match:
        return None
    low, high, unit = match.groups()
    unit = _TIME_UNITS.get(normal(unit), normal(unit))
    number = low.replace(",", ".") + (f"-{high.replace(',', '.')}" if high else "")
    candidate = f"{number} {unit}"
    return candidate if _TIME.fullmatch(candidate) else None


def _signed(score: int) -> str:
    return f"{score:+d}" if score else "0"


def _listed(headings: Iterator[str] | list[str]) -> str:
    shown = [quote(h, 40) for h in headings]
    return ", ".join(shown[:8]) + ("..." if len(shown) > 8 else "") if shown else "none"  # noqa: PLR2004


def _rows_text(lines: list[int]) -> str:
    """`row 4 leaves`, `rows 4-6 leave`, `rows 4, 7 leave`: the rows that continue a stage."""
    if len(lines) == 1:
        return f"row {lines[0]} leaves"
    consecutive = lines == list(range(lines[0], lines[-1] + 1))
    return f"rows {lines[0]}-{lines[-1]} leave" if consecutive else f"rows {', '.join(map(str, lines))} leave"


def _title(shown: str) -> str:
    name = shown.replace("\\", "/").rsplit("/", 1)[-1].split(":", 1)[0]
    for suffix in (".xlsx", ".csv", ".tsv", ".txt"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return " ".join(name.replace("_", " ").replace("-", " ").split()).capitalize() or "Imported journey"


def _split(text: str) -> list[str]:
    """Several names in one cell: separated by commas, semicolons, slashes or line breaks."""
    return [part for part in (p.strip() for p in _SEPARATORS.split(text)) if part]


def _items(text: str) -> list[str]:
    """Several pain points or opportunities in one cell: one a line, bullets taken off."""
    return [item for item in (_BULLET.sub("", line).strip() for line in text.splitlines()) if item]


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = _text(value).replace(",", ".").replace("−", "-")
    return float(text) if re.fullmatch(r"[+-]?\d+(?:\.\d+)?", text) else None


def _channel_named(text: str) -> str | None:
    """The channel a cell names exactly: `email`, `Mobile app`, `Review site`."""
    candidate = normal(text).replace(" ", "_")
    return candidate if candidate in CHANNELS else None


def _guess_channel(name: str) -> tuple[str, str] | None:
    """The channel the words of a touchpoint's name say, and the word that says it. Where several say one,
    the first in the name wins ("Web de la tienda" is web, "Email de confirmación" email), as names in
    Spanish put the thing first; in English the last ("Store website" is web)."""
    words = f" {normal(name)} "
    found = []
    for rank, (channel, clues) in enumerate(_CHANNEL_WORDS):
        for clue in clues:
            where = words.find(f" {clue} ")
            if where >= 0:
                found.append((where, -len(clue), rank, channel, clue))
    if not found:
        return None
    english = bool(re.search(r" (?:website|app|page|store|shop|email|call|desk|form|portal|site) $", words))
    chosen = max(found, key=lambda f: (f[0] + len(f[4]), len(f[4]), -f[2])) if english else min(found)
    return chosen[3], chosen[4]


def _kind_names() -> dict[str, str]:
    names = {kind: kind for kind in LIFECYCLE}
    for language in ("en", "es"):
        table = json.loads((LOCALES / f"{language}.json").read_text(encoding="utf-8"))
        names.update({normal(table[f"kind.{kind}"]): kind for kind in LIFECYCLE if f"kind.{kind}" in table})
    names.update({"compras": "purchase", "soporte": "support", "atencion al cliente": "support",
                  "descubrimiento": "awareness", "incorporacion": "onboarding", "uso diario": "usage",
                  "fidelizacion": "retention"})  # fmt: skip
    return names


_KINDS = _kind_names()


def _kind(name: str) -> str | None:
    """The lifecycle kind a stage's name clearly says: the name is the kind's, in English or Spanish."""
    return _KINDS.get(normal(name))


def _uses_format_1_1(data: Mapping[str, Any]) -> bool:
    from journeymap.rules.format_version import _added_in_1_1  # the rule's own list of format 1's keys

    def paths(node: Any, path: JsonPath) -> Iterator[JsonPath]:
        if isinstance(node, Mapping):
            for key, value in node.items():
                yield (*path, key)
                yield from paths(value, (*path, key))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                yield from paths(item, (*path, index))

    return any(_added_in_1_1(path) for path in paths(data, ()))
