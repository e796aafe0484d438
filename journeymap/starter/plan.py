"""What `journeymap init` will write, decided before anything is: the map's path, its text, and the
set-up files to add or keep. Every refusal (a template or language it does not have, a path that is not a
map's name, a file already there) comes before any file is written."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

from journeymap.exchange.ids import slug
from journeymap.exchange.maptext import schema_reference
from journeymap.problems import quote
from journeymap.record import Tuple
from journeymap.starter import catalog, filling, repository


class Refusal(Exception):
    """The request cannot be carried out; the message says why and what to do instead."""


class Request(Tuple):
    path: str | None  # the map's file, or a folder for it; None: named after the title or template, here
    template: str
    language: str
    answers: filling.Answers
    setup: bool  # the repository set-up too
    ci: str | None  # github | gitlab: its workflow too (with the set-up)


class Plan(Tuple):
    map_path: Path
    map_text: str
    placeholders: int  # in the map and the library written with it: what lint will list
    files: tuple[tuple[Path, str], ...]  # set-up files to write
    kept: tuple[tuple[Path, str], ...]  # set-up files that exist already, left as they are, and what follows


def plan(request: Request, cwd: Path, today: datetime.date) -> Plan:
    request = request._replace(answers=filling.Answers(*(_one_line(answer) for answer in request.answers)))
    _check(request)
    path = map_path(request.path, request.answers.title, request.template)
    _refuse_existing(path)
    language = _language(request.language)
    text = filling.filled(catalog.text(request.template, language), request.answers, today, request.language)
    root = repository.root_of(cwd)
    schema = root / repository.SCHEMA_FILE
    library_text, files, kept = "", [], []
    if request.setup:
        text, library_text, files, kept = _set_up(text, path, root, request, today)
    reference = _relative(schema, path.parent) if request.setup else schema_reference(path)
    text = filling.with_schema_comment(text, reference)
    count = filling.placeholders(text) + (filling.placeholders(library_text) if library_text else 0)
    return Plan(path, text, count, tuple(files), tuple(kept))


def _set_up(text: str, path: Path, root: Path, request: Request, today: datetime.date) -> tuple[str, str, list, list]:
    """The map as the set-up changes it (its persona moved to a new library), the library's text ("" when one
    is there already), the set-up files to write, and those kept with what follows from keeping them."""
    files: list[tuple[Path, str]] = []
    kept: list[tuple[Path, str]] = []
    library, library_text = root / repository.LIBRARY_FILE, ""
    if _exists(library):
        kept.append((library, "the map defines its persona itself; move it there to share it"))
    else:
        text, block = filling.split_personas(text, _relative(library, path.parent))
        schema = _relative(root / repository.SCHEMA_FILE, library.parent)
        library_text = filling.library(block, _language(request.language), today, schema)
        files.append((library, library_text))
    for item in repository.setup_files(_maps(path, root), request.ci):
        target = root / item.name
        if _exists(target):
            kept.append((target, ""))
        else:
            files.append((target, item.text))
    return text, library_text, files, kept


def _check(request: Request) -> None:
    from journeymap.suggest import did_you_mean

    names = catalog.names()
    if request.template not in names:
        tail, _ = did_you_mean(request.template, names)
        raise Refusal(f"no template {quote(request.template)}{tail or '; journeymap init --list shows them'}")
    if _language(request.language) not in catalog.LANGUAGES or not _LOCALE.fullmatch(request.language):
        tail, _ = did_you_mean(request.language, catalog.LANGUAGES)
        advice = tail or "; choose one of them, or a region of one, such as es-MX"
        raise Refusal(f"--locale {quote(request.language)}: the templates are written in "
                      f"{' and '.join(catalog.LANGUAGES)}{advice}")  # fmt: skip
    if request.ci is not None and request.ci not in repository.CI_SERVICES:
        tail, _ = did_you_mean(request.ci, repository.CI_SERVICES)
        raise Refusal(f"--with-ci {quote(request.ci)}: init writes the CI set-up for "
                      f"{' or '.join(repository.CI_SERVICES)}{tail}")  # fmt: skip
    for option, value in zip(("--title", "--objective", "--owner", "--persona"), request.answers):
        if value is not None and not value.strip():
            raise Refusal(f"{option} is empty; give it a value, or leave it out to keep the template's TODO")


_LOCALE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")  # a BCP 47 tag, as the format's `locale` takes it


def _language(locale: str) -> str:
    """The language of a locale: `es-MX` is `es`."""
    return locale.split("-")[0].lower()


def map_path(argument: str | None, title: str | None, template: str) -> Path:
    """The map's file: PATH as given; in the folder PATH names; else named after the title (or the
    template) here. A name discovery would not find is refused with the name it would."""
    from journeymap.discovery import MAP_SUFFIXES, is_map_name

    named = f"{slug(title or '', template)}{MAP_SUFFIXES[0]}"
    if argument is None:
        return Path(named)
    path = Path(argument)
    if argument.endswith(("/", os.sep)) or _is_dir(path):
        return path / named
    if not is_map_name(path.name):
        stem = path.name.removesuffix(".yaml").removesuffix(".yml")
        better = path.with_name(stem + MAP_SUFFIXES[0])
        names = " and ".join("*" + suffix for suffix in MAP_SUFFIXES)
        raise Refusal(f"{quote(argument, keep_end=True)} is not named as a map: journeymap finds maps by the names "
                      f"{names}; name it {quote(str(better), keep_end=True)}")  # fmt: skip
    return path


def _refuse_existing(path: Path) -> None:
    from journeymap.files import unwritable_reason

    if _exists(path):
        raise Refusal(f"{quote(str(path), keep_end=True)} exists; journeymap init never overwrites a file: "
                      "name another path, or move that file away first")  # fmt: skip
    reason = unwritable_reason(path)
    if reason:
        raise Refusal(f"cannot write {quote(str(path), keep_end=True)}: {reason}")


def _maps(path: Path, root: Path) -> str:
    """The map's folder as CI names it: `maps/` below the root; `.` for the root, or a folder outside it."""
    folder = Path(os.path.relpath(path.parent.absolute(), root.absolute()))
    return "." if folder == Path(".") or folder.parts[0] == ".." else folder.as_posix() + "/"


def _one_line(answer: str | None) -> str | None:
    """An answer on one line, its spaces and line breaks each made one space: a title, a name."""
    return " ".join(answer.split()) if answer is not None else None


def _relative(target: Path, folder: Path) -> str:
    return Path(os.path.relpath(target.absolute(), folder.absolute())).as_posix()


def _exists(path: Path) -> bool:
    try:
        return path.exists() or path.is_symlink()
    except OSError:  # too long a name: nothing can be there; writing says why
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False
