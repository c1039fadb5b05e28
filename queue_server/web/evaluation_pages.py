"""What the evaluation page and the window pad share: the templates, the form (read leniently,
rendered with no level pre-selected) and the page answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from queue_server.engine.errors import QueueError
from queue_server.engine.evaluation import national_codes
from queue_server.engine.evaluation_levels import LEVEL_NAMES
from queue_server.web import evaluate_texts

HERE = Path(__file__).resolve().parent
# the holder's page: never kept by a proxy or a shared cache, never sent on as a Referer
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}

PAGES = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class Chosen:
    """What the citizen chose in the form (kept when the form comes back with an error)."""

    level: int = 0
    reasons: list[int] = field(default_factory=list)
    text: str = ""
    follow_up: bool = False


def chosen_of(fields: dict[str, list[str]]) -> Chosen:
    """What the form says, read leniently: the rules check it."""
    reasons = [int(code) for code in fields.get("reason", []) if code.isdigit() and len(code) < 5]
    return Chosen(
        level=number_of(fields, "level"),
        reasons=reasons,
        text=fields.get("text", [""])[0].strip(),
        follow_up=fields.get("follow_up", [""])[0] == "1",
    )


def form_context(lang: str, chosen: Chosen) -> dict[str, Any]:
    """The levels (best first, none pre-selected) and each level's current reason codes."""
    book = national_codes()
    levels = [
        {"level": level, "name": getattr(name, lang),
         "reasons": [{"code": r.code, "text": getattr(r.text, lang)} for r in book.offered(level)]}
        for level, name in LEVEL_NAMES.items()
    ]  # fmt: skip
    return {"levels": levels, "chosen": chosen}


def page(name: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
    say = evaluate_texts.TEXTS[lang]
    html = PAGES.get_template(name).render(lang=lang, say=say, **context)
    return HTMLResponse(html, status_code=status, headers=PRIVATE)


def message(err: QueueError, lang: str) -> str:
    return err.en if lang == "en" else err.zh


def number_of(fields: dict[str, list[str]], name: str) -> int:
    raw = fields.get(name, ["0"])[0]
    return int(raw) if raw.isdigit() and len(raw) < 12 else 0
