"""The site's pages: Jinja2 templates (templates/) filled from map entries, and the assets beside them.

Autoescaping is on for every template, so every string from a map is text, never markup; templates
never mark map text safe. Each page says where it is (`here`), and `link(target)` gives the relative
link to another site path, so the site works from any folder. Labels come from words.py: a map's page
in the map's language, the pages across maps in the site's `--locale`.

    map_page(entry, settings) -> str              one map's page
    site_pages(entries, settings) -> {path: data} the index, the portfolio, persona pages and the assets
    templates_digest() -> str                     what the templates and assets are, for the cache's key
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from journeymap.site import places
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
    found.globals.update(CSP=CSP, places=places)
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


def number(value: float | None, words: Any = None) -> str:
    """A figure as people write it (theme.number): no `.0` on whole numbers, the language's marks."""
    from journeymap.render.theme import number as written

    return "" if value is None else written(value, words or words_for(None))


def quantity(value: float | None, unit: str | None, words: Any) -> str:
    """A figure and its unit as the diagrams write them (theme.quantity)."""
    from journeymap.render.theme import quantity as written

    return "" if value is None else written(value, unit, words)


def render(template: str, here: str, settings: Settings, locale: str | None, **context: Any) -> str:
    words = words_for(locale)
    site_words = words_for(settings.locale)

    def link(target: str) -> str:
        return places.href(target, here)

    return environment().get_template(template).render(
        here=here, link=link, t=words, site_t=site_words, lang=words.language, settings=settings,
        site_title=settings.title or site_words("site.title"), source_link=functools.partial(source_link, settings),
        editor_link=functools.partial(editor_link, settings), **context,
    )  # fmt: skip


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


def site_pages(entries: Sequence[MapEntry], settings: Settings) -> dict[str, str | bytes]:
    """Every file of the site but the maps' pages and diagrams, by site path."""
    from journeymap.site import overview, portfolio

    found: dict[str, str | bytes] = {path.name: path.read_bytes() for path in sorted(ASSETS.iterdir())
                                     if path.is_file()}  # fmt: skip
    found = {places.asset(name): data for name, data in found.items()}
    views = portfolio.views(entries)
    found[places.INDEX] = render("index.html", places.INDEX, settings, settings.locale, entries=entries,
                                 figures=overview.figures(entries), choices=overview.choices(entries))  # fmt: skip
    for key, path in places.PORTFOLIO.items():
        found[path] = render(f"{key}.html", path, settings, settings.locale, entries=entries, portfolio=views)
    for persona in views["personas"]:
        path = places.persona_page(persona["id"])
        found[path] = render("persona.html", path, settings, settings.locale, persona=persona, portfolio=views)
    return found


def templates_digest() -> str:
    digest = hashlib.sha256()
    for folder in (TEMPLATES, ASSETS, LOCALES):
        for path in sorted(folder.iterdir()):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
