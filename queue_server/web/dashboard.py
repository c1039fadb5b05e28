"""The manager's dashboard pages: the district overview `/manage` and a hall `/manage/halls/
{hall}` (server-rendered). Each has a live part (`.../live`) that `static/dash.js` fetches
again after every event of the page's stream, so nothing reloads. The log-in is
`web.dash_login`; the shell and its helpers `web.dash_pages`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from queue_server.api.deps import State
from queue_server.web import dash_svg
from queue_server.web.dash_pages import ManagerPage, PageUser, render_page, render_part

router = APIRouter(include_in_schema=False)  # pages, not the JSON contract


def overview_context(user: PageUser, state: State) -> dict[str, Any]:
    halls = [hall.id for hall in user.halls]
    return {"rows": state.store.overview(halls), "alerts": state.store.open_alerts(halls)}


def stream_of(user: PageUser, hall: str | None = None) -> str:
    """The event stream a page follows: its hall's, else the district's (or the manager's
    own hall's when they manage one)."""
    chosen = hall or (None if user.principal.hall == "*" else user.principal.hall)
    return f"/api/halls/{chosen}/events" if chosen else "/api/events"


@router.get("/manage", response_class=HTMLResponse)
def overview(user: ManagerPage, state: State) -> HTMLResponse:
    """Every hall the manager may see, with its figures of the moment."""
    return render_page(
        "dash/overview.html", user, active="overview", title=("区域总览", "District overview"),
        stream=stream_of(user), **overview_context(user, state),
    )  # fmt: skip


@router.get("/manage/live", response_class=HTMLResponse)
def overview_live(user: ManagerPage, state: State) -> HTMLResponse:
    return render_part("dash/_overview_live.html", **overview_context(user, state))


def hall_context(hall: str, state: State) -> dict[str, Any]:
    found = state.store.hall_dashboard(hall)
    charts = found["charts"]
    return {
        "dash": found,
        "zone": state.store.hall(hall).timezone,
        "hourly_svg": dash_svg.hourly_chart(charts["by_hour"], "到达与等候 Arrivals and waits"),
        "queue_svg": dash_svg.queue_chart(
            charts["queue"],
            "排队人数与所需窗口 Queue length and windows needed",
            charts["staffing"]["hours"],
        ),
    }


@router.get("/manage/halls/{hall}", response_class=HTMLResponse)
def hall_page(hall: str, user: ManagerPage, state: State) -> HTMLResponse:
    """One hall: its services' queues, its windows, its kiosks, its alerts and today's charts."""
    shown = state.store.hall(hall)
    return render_page(
        "dash/hall.html", user, active="hall", title=(shown.name.zh, shown.name.en), hall=hall,
        stream=stream_of(user, hall), **hall_context(hall, state),
    )  # fmt: skip


@router.get("/manage/halls/{hall}/live", response_class=HTMLResponse)
def hall_live(hall: str, user: ManagerPage, state: State) -> HTMLResponse:
    return render_part("dash/_hall_live.html", hall=hall, **hall_context(hall, state))
