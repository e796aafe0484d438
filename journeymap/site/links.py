"""The two kinds of link a page makes into a map: to its source in the repository, and into the editor.

A source link comes from `--source-url`, a template with `{path}` (from the repository's root),
`{line}` and `{column}`; in GitHub Actions and GitLab CI it defaults to the commit's blob URL there.
An editor link (serve) comes from `--editor-url`, with `{absolute}` (the file's absolute path as a URL
path: `/home/ana/maps/x.yaml`, `/C:/maps/x.yaml`) or `{path}`, `{line}` and `{column}`:
`vscode://file{absolute}:{line}:{column}` for VS Code.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from journeymap.problems import quote

EDITORS = {  # names for the usual editors' URL schemes
    "vscode": "vscode://file{absolute}:{line}:{column}",
    "vscodium": "vscodium://file{absolute}:{line}:{column}",
    "idea": "idea://open?file={absolute}&line={line}&column={column}",
    "sublime": "subl://open?url=file://{absolute}&line={line}&column={column}",
}
_SOURCE_FIELDS = ("path", "line", "column")
_EDITOR_FIELDS = ("absolute", "path", "line", "column")
_NEVER = ("javascript:", "data:", "vbscript:")  # schemes that would run in the page


class LinkError(ValueError):
    """A template that cannot make links; the message says how to write one."""


def source_template(given: str | None, environ: Mapping[str, str]) -> str | None:
    """The source links' template: as given ("" for none), else the CI service's, else None."""
    if given is not None:
        return _checked("--source-url", given, _SOURCE_FIELDS, "path", web_only=True) if given else None
    if environ.get("GITHUB_REPOSITORY") and environ.get("GITHUB_SHA"):
        server = environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        return f"{server}/{environ['GITHUB_REPOSITORY']}/blob/{environ['GITHUB_SHA']}/{{path}}#L{{line}}"
    if environ.get("CI_PROJECT_URL") and environ.get("CI_COMMIT_SHA"):
        return f"{environ['CI_PROJECT_URL'].rstrip('/')}/-/blob/{environ['CI_COMMIT_SHA']}/{{path}}#L{{line}}"
    return None


def editor_template(given: str | None) -> str | None:
    if not given:
        return None
    return _checked("--editor-url", EDITORS.get(given, given), _EDITOR_FIELDS, None, web_only=False)


def _checked(option: str, template: str, fields: tuple[str, ...], needed: str | None, web_only: bool) -> str:
    try:
        named = {name for _, name, spec, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as error:
        raise LinkError(f"{option} {quote(template)} is not a template ({error}); write fields as {{path}}") from None
    unknown = sorted(named - set(fields))
    allowed = ", ".join("{" + field + "}" for field in fields)
    if unknown:
        raise LinkError(f"{option} {quote(template)} has {{{unknown[0]}}}, which is not a field; use {allowed}")
    if needed and needed not in named and "absolute" not in named:
        raise LinkError(f"{option} {quote(template)} has no {{{needed}}}; put {{{needed}}} where the file goes")
    lowered = template.strip().lower()
    if lowered.startswith(_NEVER) or (web_only and not lowered.startswith(("https://", "http://"))):
        kind = "an https:// or http:// URL" if web_only else "a URL of the editor's scheme, such as vscode://file/..."
        raise LinkError(f"{option} {quote(template)} must be {kind}")
    return template
