"""Colours and the words printed on a diagram, in English or Spanish after the map's `locale`."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from journeymap.model import LIFECYCLE

INK, MUTED, FAINT = "#1f2d3d", "#5b6b7c", "#8a99a8"
LANE_LABEL = "#2f3e4e"
CELL = "#f4f6f9"
CARD_BORDER = "#cfd8e3"
NAVY = "#1f4e79"

PHASES = ("#1f4e79", "#2a7f62", "#7d3c98", "#b9770e", "#a93226", "#117a8b", "#5d6d7e")
PERSONAS = ("#8e44ad", "#16a085", "#d35400", "#2980b9", "#c0392b", "#7f8c8d")

# -2 .. 2, red to green; the middle is a dark amber so a neutral curve stays visible on white
EMOTION_STOPS = ("#d73027", "#f46d43", "#d9a514", "#66bd63", "#1a9850")

SEVERITY = {"high": ("#c0392b", "#fbe3e1"), "medium": ("#e67e22", "#fdebdc"), "low": ("#b7950b", "#fcf5dc")}
PAIN_FILL, PAIN_BORDER = "#fbeaea", "#e3a6a0"
STATUS = {"idea": "#7f8c8d", "planned": "#2e86c1", "in_progress": "#d68910", "done": "#229954"}
OPPORTUNITY_FILL, OPPORTUNITY_BORDER = "#e8f5ec", "#93c9a4"
OFF_TARGET, ON_TARGET = ("#c0392b", "#fdecea", "#e6a19a"), ("#229954", "#eaf6ee", "#8ccf9f")
THOUGHT_FILL, THOUGHT_BORDER = "#fff9db", "#e8d98c"
BACKSTAGE_FILL, BACKSTAGE_BORDER = "#eceff2", "#9aa7b4"
FINDING = {"error": ("#c0392b", "#fdecea"), "warning": ("#b9770e", "#fff4d6"), "info": ("#2e86c1", "#e8f1fa")}

_CHANNEL_FAMILIES = {
    "#e3eefa": ("web", "mobile_app", "kiosk"),
    "#efe7f7": ("email", "sms", "messaging", "chat", "phone", "mail"),
    "#def2ef": ("social", "search", "ads", "review_site", "referral", "tv", "radio", "print"),
    "#f7eedf": ("store", "event"),
    "#eceff2": ("marketplace", "partner", "other"),
}
CHANNEL_FILL = {channel: fill for fill, channels in _CHANNEL_FAMILIES.items() for channel in channels}


@functools.lru_cache(maxsize=1024)  # a map blends a few colours, each for many cards
def mix(color: str, other: str, share: float) -> str:
    """`color` with `share` (0..1) of `other` blended in, as #rrggbb."""
    a = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def emotion_color(score: float) -> str:
    """A colour on the red-to-green ramp for a score from -2 to 2 (fractions blend)."""
    position = min(max(score, -2.0), 2.0) + 2.0
    low = min(int(position), 3)
    return mix(EMOTION_STOPS[low], EMOTION_STOPS[low + 1], position - low)


@dataclass(frozen=True, slots=True)
class Words:
    lanes: dict[str, tuple[str, str]]  # lane key -> (title, subtitle)
    labels: dict[str, str]
    kinds: dict[str, str]
    severities: dict[str, str]
    statuses: dict[str, str]
    decimal: str = "."
    thousands: str = ","
    unit_space: str = ""  # between a number and %

    def label(self, key: str) -> str:
        return self.labels[key]


ENGLISH = Words(
    lanes={
        "steps": ("Steps", "what the customer does"),
        "touchpoints": ("Touchpoints", "where they meet us"),
        "backstage": ("Backstage", "what they never see"),
        "thoughts": ("Thoughts", "in their own words"),
        "emotions": ("Emotions", "how they feel"),
        "pain_points": ("Pain points", "what goes wrong"),
        "opportunities": ("Opportunities", "what we will do"),
        "metrics": ("Metrics", "actual against target"),
    },
    labels={
        "objective": "OBJECTIVE", "owner": "Owner", "reviewed": "Reviewed", "status": "Status", "goals": "GOALS",
        "goal": "Goal", "visibility": "line of visibility", "target": "target", "off": "OFF TARGET",
        "on": "ON TARGET", "notes": "LINT FINDINGS", "persona": "persona", "annotated": "with lint findings",
        "drawn": "drawn by journeymap", "draft": "draft", "active": "active", "archived": "archived",
        "effort": "effort", "age": "{age} years",
    },
    kinds={kind: kind.upper() for kind in LIFECYCLE},
    severities={"high": "HIGH", "medium": "MEDIUM", "low": "LOW"},
    statuses={"idea": "IDEA", "planned": "PLANNED", "in_progress": "IN PROGRESS", "done": "DONE"},
)  # fmt: skip

SPANISH = Words(
    lanes={
        "steps": ("Pasos", "lo que hace el cliente"),
        "touchpoints": ("Puntos de contacto", "donde nos encuentra"),
        "backstage": ("Trastienda", "lo que no ve"),
        "thoughts": ("Pensamientos", "en sus palabras"),
        "emotions": ("Emociones", "cómo se siente"),
        "pain_points": ("Puntos de dolor", "lo que falla"),
        "opportunities": ("Oportunidades", "lo que haremos"),
        "metrics": ("Métricas", "real frente a objetivo"),
    },
    labels={
        "objective": "OBJETIVO", "owner": "Responsable", "reviewed": "Revisado", "status": "Estado",
        "goals": "METAS", "goal": "Meta", "visibility": "línea de visibilidad", "target": "objetivo",
        "off": "FUERA DE OBJETIVO", "on": "EN OBJETIVO", "notes": "HALLAZGOS DEL LINT", "persona": "persona",
        "annotated": "con hallazgos del lint", "drawn": "dibujado con journeymap", "draft": "borrador",
        "active": "activo", "archived": "archivado", "effort": "esfuerzo", "age": "{age} años",
    },
    kinds={
        "need": "NECESIDAD", "awareness": "DESCUBRIMIENTO", "consideration": "CONSIDERACIÓN", "decision": "DECISIÓN",
        "purchase": "COMPRA", "onboarding": "PRIMEROS PASOS", "usage": "USO", "support": "AYUDA",
        "retention": "RETENCIÓN", "loyalty": "FIDELIDAD", "advocacy": "RECOMENDACIÓN",
    },
    severities={"high": "ALTA", "medium": "MEDIA", "low": "BAJA"},
    statuses={"idea": "IDEA", "planned": "PREVISTA", "in_progress": "EN CURSO", "done": "HECHA"},
    decimal=",",
    thousands=".",
    unit_space=" ",
)  # fmt: skip


def words_for(locale: str | None) -> Words:
    return SPANISH if (locale or "").lower().split("-")[0] == "es" else ENGLISH


def number(value: float, words: Words) -> str:
    """A metric value as people write it: no trailing .0, thousands grouped, the locale's decimal mark."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = f"{value:,.6f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if words.thousands != "," and abs(value) < 10000:
        text = text.replace(",", "")
    return text.replace(",", "\0").replace(".", words.decimal).replace("\0", words.thousands)


def quantity(value: float, unit: str | None, words: Words) -> str:
    if not unit:
        return number(value, words)
    space = words.unit_space if unit == "%" else " "
    return f"{number(value, words)}{space}{unit}"
