"""The site's pages: Jinja2 templates (templates/) filled from map entries, and the assets beside them.

Autoescaping is on for every template, so every string from a map is text, never markup; templates
never mark map text safe. Each page says where it is (`here`), and `link(target)` gives the relative
link to another site path, so the site works from any folder. Labels come from words.py: a map's page
in the map's language, the pages across maps in the site's `--locale`.

    map_page(entry, settings) -> str              one map's page
    site_pages(entries, settings, jobs, last) -> SitePages   the index, the portfolio, persona pages and the assets
    templates_digest() -> str                     what the templates and assets are, for the cache's key
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jinja2 import pass_context
from markupsafe import Markup, escape

from journeymap.record import Tuple
from journeymap.site import places
from journeymap.site.curve import sparkline
from journeymap.site.entry import inputs_of
from journeymap.words import LOCALES, words_for

if TYPE_CHECKING:
    import jinja2

    from journeymap.site.build import Settings
    from journeymap.site.entry import MapEntry

TEMPLATES = Path(__file__).with_name("templates")
ASSETS = Path(__file__).with_name("assets")
# Only the site's own files: no inline script or style, no other host; `connect-src 'self'` lets serve's
# pages listen for reloads.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'")  # fmt: skip


@functools.cache
def environment() -> jinja2.Environment:
    import jinja2

    found = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, bytecode_cache=_bytecode_cache(),
    )  # fmt: skip
    found.globals.update(CSP=CSP, places=places, badge_of=badge_of, value_badge_of=value_badge_of, badges_of=badges_of,
                         sparkline_svg=sparkline)  # fmt: skip
    found.filters.update(number=number, quantity=quantity)
    return found


def _bytecode_cache() -> jinja2.BytecodeCache:
    """The compiled templates, kept in the user's cache: compiling them costs every worker half a second.
    Jinja2 checks each against its template's source, and a cache that cannot be read or written is skipped."""
    import jinja2

    from journeymap.paths import user_cache

    class Kept(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, ValueError, EOFError):
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                os.makedirs(self.directory, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass

    folder = user_cache(f"templates-{jinja2.__version__}")
    return Kept(str(folder))


def badge_of(classes: str, text: str) -> Markup:
    """A badge: `text` in the site's badge, coloured by `classes` (words.html's `badge`)."""
    return Markup(f'<span class="badge {escape(classes)}">{escape(text)}</span>')


@pass_context
def value_badge_of(context: Any, prefix: str, group: str, value: str | None, missing: str | None = None) -> str:
    """A value of the format as a badge in the page's words (words.html's `value_badge`): class `prefix` + value,
    its word in `group`; without a value, a badge (`prefix`none) saying `missing`, or nothing without it.
    Written in Python, as the pages across maps draw tens of thousands of them."""
    if value:
        return _value_badge(context["t"].language, prefix, group, value)
    return badge_of(prefix + "none", missing) if missing is not None else ""


def badges_of(prefix: str, group: str, missing: str) -> Any:
    """value_badge_of with its prefix, group and the key of the `missing` words set: portfolio_macros.html's
    badges (a severity, a status, an effort, a value), one call each instead of a macro's three."""

    @pass_context
    def badge(context: Any, value: str | None) -> str:
        return value_badge_of(context, prefix, group, value, context["site_t"](missing))

    return badge


@functools.lru_cache(maxsize=1024)
def _value_badge(language: str, prefix: str, group: str, value: str) -> Markup:
    return badge_of(prefix + value, words_for(language).choice(group, value))


def number(value: float | None, words: Any = None) -> str:
    """A figure as people write it (theme.number): no `.0` on whole numbers, the language's marks."""
    from journeymap.render.theme import number as written

    return "" if value is None else written(value, words or words_for(None))


def quantity(value: float | None, unit: str | None, words: Any) -> str:
    """A figure and its unit as the diagrams write them (theme.quantity)."""
    from journeymap.render.theme import quantity as written

    return "" if value is None else written(value, unit, words)


def render(template: str, here: str, settings: Settings, locale: str | None, **context: Any) -> str:
    return "".join(generate(template, here, settings, locale, **context))


def generate(template: str, here: str, settings: Settings, locale: str | None, **context: Any) -> Iterator[str]:
    """The page in pieces of about PIECE characters as Jinja2 writes it: a page across thousands of maps is
    tens of megabytes, never held whole."""
    words = words_for(locale)
    site_words = words_for(settings.locale)

    def link(target: str) -> str:
        return places.href(target, here)

    pieces = environment().get_template(template).generate(
        here=here, link=link, t=words, site_t=site_words, lang=words.language, settings=settings,
        site_title=settings.title or site_words("site.title"), source_link=functools.partial(source_link, settings),
        editor_link=functools.partial(editor_link, settings), **context,
    )  # fmt: skip
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= PIECE:
            yield "".join(batch)
            batch, size = [], 0
    yield "".join(batch)


PIECE = 1 << 16  # characters: pieces large enough that writing them costs little


def source_link(settings: Settings, item: Mapping[str, Any], line: int = 1, column: int = 1) -> str | None:
    """Where a line of a map is read in its repository (--source-url), or None without a template."""
    if not settings.source_url:
        return None
    return settings.source_url.format(path=quote(item["source"]), line=line, column=column)


def editor_link(settings: Settings, item: Mapping[str, Any], line: int = 1, column: int = 1) -> str | None:
    """The link that opens a line of a map in the editor (serve's --editor-url), or None."""
    if not settings.editor_url:
        return None
    return settings.editor_url.format(absolute=quote(url_path(item["absolute"])), path=quote(item["source"]),
                                      line=line, column=column)  # fmt: skip


def url_path(absolute: str) -> str:
    """An absolute file path as the path of a file: URL, which starts with '/' on every system."""
    path = absolute.replace("\\", "/")
    return path if path.startswith("/") else f"/{path}"


def map_page(item: MapEntry, settings: Settings) -> str:
    return render("map.html", item["page"], settings, item.get("locale"), entry=item)


class SitePages(Tuple):
    """The files of the site besides the maps' own, once written: `files` (site paths) this build wrote or found
    as they were, `written` how many of them changed, `kept` those whose inputs are the last build's (left as
    they are, unread), and `inputs` the digest of what each group was made from."""

    files: list[str]
    written: int
    kept: list[str]
    inputs: dict[str, str]


def site_pages(entries: Sequence[MapEntry], settings: Settings, jobs: int = 1,
               last_inputs: Mapping[str, str] | None = None) -> SitePages:  # fmt: skip
    """Write every file of the site but the maps' pages and diagrams. The index is made from the entries and
    the pages across maps from their views (portfolio.py); a group whose inputs have the digest `last_inputs`
    gives is kept, not written again (an edit to a step leaves every page across maps as it was). For many
    maps the pages are written half here and half in a worker process. `entries` is read in order, a pass
    at a time (spill.Entries keeps them on disk). Raises OSError."""
    from journeymap.site import portfolio
    from journeymap.site.build import write_if_changed

    assets = [(places.asset(path.name), path) for path in sorted(ASSETS.iterdir()) if path.is_file()]
    done = [Written(name, write_if_changed(settings.out_dir / name, path.read_bytes())) for name, path in assets]
    inputs = _inputs(entries)
    paths = {"index": [places.INDEX], "portfolio": [*places.PORTFOLIO.values(),
                                                    *map(places.persona_page, portfolio.persona_ids(entries))]}
    same = {group for group, digest in inputs.items() if (last_inputs or {}).get(group) == digest
            and all((settings.out_dir / path).is_file() for path in paths[group])}  # fmt: skip
    keys = [[key for key in group if PAGE_OF[key] not in same] for group in PAGE_GROUPS]
    views = portfolio.views(entries) if "portfolio" not in same else {}
    done += _all_written(keys, entries, views, settings, jobs)
    return SitePages([page.file for page in done], sum(page.written for page in done),
                     [path for group in sorted(same) for path in paths[group]], inputs)


def _inputs(entries: Iterable[MapEntry]) -> dict[str, str]:
    """The digest of what the index and the pages across maps read of every map: digest_json of the list of
    every map's digest, made in one pass over the entries."""
    found = {group: hashlib.sha256(b"[") for group in GROUPS}
    for position, item in enumerate(entries):
        each = item.get("inputs") or inputs_of(item)
        for group, digest in found.items():
            digest.update(f'{", " if position else ""}{json.dumps(each[group], ensure_ascii=False)}'.encode())
    for digest in found.values():
        digest.update(b"]")
    return {group: digest.hexdigest() for group, digest in found.items()}


GROUPS = ("index", "portfolio")


def _all_written(keys: Sequence[Sequence[str]], entries: Sequence[MapEntry], views: Mapping[str, Any],
                 settings: Settings, jobs: int) -> list[Written]:  # fmt: skip
    from journeymap import parallel

    if jobs > 1 and len(entries) >= PARALLEL_FROM and all(keys):
        there_keys, here_keys = keys
        here, there = parallel.alongside(functools.partial(_written, here_keys, entries, views, settings),
                                         functools.partial(_written, there_keys, (), views, settings))  # fmt: skip
        return [*there, *here]
    return _written([key for group in keys for key in group], entries, views, settings)


class Written(Tuple):
    file: str  # its site path
    written: bool  # whether its bytes changed


# The pages across maps in two groups that take about as long to write (for 1,000 maps, a second each); the
# first needs the views alone, so the worker that writes it is not sent every entry.
PAGE_GROUPS = (("opportunities", "metrics", "reviews"), ("index", "pain_points", "personas", "persona"))
PAGE_OF = {key: "index" if key == "index" else "portfolio" for group in PAGE_GROUPS for key in group}
PARALLEL_FROM = 300  # maps; below, a second process costs more than it saves


def _written(keys: Sequence[str], entries: Sequence[MapEntry], views: Mapping[str, Any],
             settings: Settings) -> list[Written]:  # fmt: skip
    """Write the pages of `keys`, each as it is made (into the site's folder)."""
    from journeymap.site.build import write_if_changed

    return [Written(path, write_if_changed(settings.out_dir / path, pieces))
            for path, pieces in _each_page(keys, entries, views, settings)]  # fmt: skip


def _each_page(keys: Sequence[str], entries: Sequence[MapEntry], views: Mapping[str, Any],
               settings: Settings) -> Iterator[tuple[str, Iterator[str]]]:  # fmt: skip
    from journeymap.site import overview

    for key in keys:
        if key == "index":
            yield places.INDEX, generate("index.html", places.INDEX, settings, settings.locale, entries=entries,
                                         figures=overview.figures(entries), choices=overview.choices(entries))  # fmt: skip
        elif key == "persona":
            for persona in views["personas"]:
                path = places.persona_page(persona["id"])
                yield path, generate("persona.html", path, settings, settings.locale, persona=persona,
                                     portfolio=views)  # fmt: skip
        else:
            path = places.PORTFOLIO[key]
            yield path, generate(f"{key}.html", path, settings, settings.locale, portfolio=views)


def templates_digest() -> str:
    digest = hashlib.sha256()
    for folder in (TEMPLATES, ASSETS, LOCALES):
        for path in sorted(folder.iterdir()):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
