"""The citizen's phone page `/t/{token}` (the receipt's QR code), its 404 page and static files.

Server-rendered (Jinja2), Chinese first and English with `?lang=en`; `static/phone.js` keeps it
live from `GET /api/tickets/{token}/events`, and without JavaScript it refreshes itself.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException

from queue_server.api.deps import State
from queue_server.api.routes_ticket_events import holder_view
from queue_server.engine.district import Hall
from queue_server.engine.errors import UnknownTicket
from queue_server.web import texts

router = APIRouter(include_in_schema=False)  # pages, not the JSON contract
HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
ASSETS = HERE.parents[1] / "assets"  # the project's fonts and sounds, shared with the Qt programs
SHARED = {  # served from assets/ as they are, not copied
    "chime.wav": ASSETS / "voice" / "chime.wav",
    "fonts/sans.otf": ASSETS / "fonts" / "NotoSansSC-Regular-subset.otf",
    "fonts/sans-bold.otf": ASSETS / "fonts" / "NotoSansSC-Bold-subset.otf",
}
# the holder's page: never kept by a proxy or a shared cache, never sent on as a Referer
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}
LIVE = ("waiting", "called", "serving")  # states that still change by themselves
REFRESH_SECONDS = 30  # the page without JavaScript (or without EventSource) reloads this often

PAGES = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def window_name(hall: Hall, number: int | None, lang: str) -> str:
    window = hall.window(number) if number is not None else None
    if window is None:
        return "" if number is None else str(number)
    return window.label.en if lang == "en" else window.label.zh


def clock_time(iso: str, zone: str) -> str:
    return datetime.fromisoformat(iso).astimezone(ZoneInfo(zone)).strftime("%H:%M")


def slot_text(ticket: dict[str, Any], hall: Hall) -> str | None:
    """An appointment ticket's booked slot, `09:00–09:30` in the hall's time."""
    slot = ticket.get("appointment")
    if not slot:
        return None
    start, end = (clock_time(slot[key], hall.timezone) for key in ("slot_start", "slot_end"))
    return f"{start}–{end}"


def wait_text(ticket: dict[str, Any], say: dict[str, str]) -> str:
    """The estimated wait: `约 10～20 分钟` when the server gives a range (`eta_range`, an
    uncertain estimate), else `约 15 分钟`, or 即将轮到您 at 0."""
    span = ticket.get("eta_range")
    if span and span[0] != span[1]:
        return say["eta_range"].format(low=span[0], high=span[1])
    minutes = span[0] if span else ticket["eta_minutes"]
    return say["eta_value"].format(n=minutes) if minutes else say["eta_soon"]


def state_text(ticket: dict[str, Any], window: str, say: dict[str, str]) -> str:
    return say.get(ticket["status"], ticket["status"]).format(window=window)


def ticket_context(ticket: dict[str, Any], hall: Hall, lang: str, now: datetime) -> dict[str, Any]:
    """What ticket.html shows, in `lang`, of the holder's view of the ticket."""
    say = texts.TEXTS[lang]
    shown = holder_view(ticket)
    window = window_name(hall, shown["window"], lang)
    transfer = shown.get("transfer")
    origin = window_name(hall, transfer["from_window"], lang) if transfer else ""
    return {
        "lang": lang,
        "say": say,
        "ticket": shown,
        "token": ticket["token"],
        "hall_name": hall.name.en if lang == "en" else hall.name.zh,
        "service_name": shown["service_name"][lang],
        "state": state_text(shown, window, say),
        "wait": wait_text(shown, say),
        "window": window,
        "slot": slot_text(shown, hall),
        "transferred_from": say["transferred_from"].format(window=origin) if origin else "",
        "updated": say["updated"].format(
            time=now.astimezone(ZoneInfo(hall.timezone)).strftime("%H:%M:%S")
        ),
        "live": shown["status"] in LIVE,
        "refresh_seconds": REFRESH_SECONDS,
        "lost": texts.LOST,
        "sound": texts.SOUND,
        "sound_on": texts.SOUND_ON,
    }


def render_ticket(ticket: dict[str, Any], hall: Hall, lang: str, now: datetime) -> str:
    """The phone page of a ticket (the public Ticket object, with its token)."""
    return PAGES.get_template("ticket.html").render(ticket_context(ticket, hall, lang, now))


def render_not_found(lang: str) -> str:
    return PAGES.get_template("not_found.html").render(lang=lang, say=texts.TEXTS[lang])


@router.get("/t/{token}", response_class=HTMLResponse)
def ticket_page(token: str, state: State, lang: str | None = None) -> HTMLResponse:
    """The holder's page; an unknown token gets a friendly 404 page saying what to do."""
    chosen = texts.language(lang)
    try:
        ticket = state.store.ticket(token)
    except UnknownTicket:
        return HTMLResponse(render_not_found(chosen), status_code=404, headers=PRIVATE)
    hall = state.store.hall(ticket["hall"])
    page = render_ticket(ticket, hall, chosen, state.store.now())
    return HTMLResponse(page, headers=PRIVATE)


@router.get("/static/{name:path}")
def static_file(name: str) -> FileResponse:
    """The pages' styles, scripts, sound and fonts: no CDN, the hall's intranet is enough."""
    path = SHARED.get(name) or (STATIC / name).resolve()
    if not path.is_file() or not (path in SHARED.values() or path.is_relative_to(STATIC)):
        raise HTTPException(404)
    return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})
