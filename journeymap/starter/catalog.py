"""The templates init writes maps from: their names, a line each, and their text in each language.

A template is a valid map with TODO where only its team knows what goes (journeymap lint lists each as
placeholder-text), kept as data beside this module: `templates/NAME.LANGUAGE.yaml`. They are not named
`*.journey.yaml`, so that a search of the repository does not take them for maps.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).with_name("templates")
LANGUAGES = ("en", "es")
DEFAULT = "five-stages"

SUMMARIES = {  # name -> its line in `journeymap init --list`, in the order they are listed
    "six-steps": "from a need to a rating in six steps: need, noticing it, search, first contact, deal, rating",
    "five-phases": "awareness > consideration > decision > purchase > loyalty",
    "captivate-delight-retain": "three phases and fifteen steps, from discovery to the loyal purchase, looping "
    "back to use (format 1.1 next)",
    "five-stages": "an online shop: awareness > consideration > purchase > retention > advocacy",
    "saas-onboarding": "a B2B SaaS onboarding service blueprint: frontstage, backstage and support actions",
    "public-service": "a public service, such as renewing an ID card: need > awareness > application > "
    "resolution > usage",
}


def names() -> tuple[str, ...]:
    return tuple(SUMMARIES)


def text(name: str, language: str) -> str:
    """The template as written: a map in `language`, with TODO placeholders."""
    return (FOLDER / f"{name}.{language}.yaml").read_text(encoding="utf-8")


def listing() -> str:
    """`journeymap init --list`: each template's name and line, then how to use one."""
    width = max(len(name) for name in SUMMARIES)
    lines = [f"{name:<{width}}  {summary}{' (default)' if name == DEFAULT else ''}"
             for name, summary in SUMMARIES.items()]  # fmt: skip
    languages = " or ".join(LANGUAGES)
    lines.append(f"\nEach in {languages}: journeymap init --template NAME --locale {LANGUAGES[-1]}")
    return "\n".join(lines) + "\n"
