"""The manager's dashboard pages: the district overview `/manage` and a hall `/manage/halls/
{hall}` (server-rendered; `static/dash.js` keeps their live part fresh from the event stream).
The log-in is `web.dash_login`; the shell and its helpers `web.dash_pages`."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from queue_server.api.deps import State
from queue_server.web.dash_pages import ManagerPage, render_page

router = APIRouter(include_in_schema=False)  # pages, not the JSON contract


@router.get("/manage", response_class=HTMLResponse)
def overview(user: ManagerPage, state: State) -> HTMLResponse:
    """Every hall the manager may see, with its figures of the moment."""
    return render_page("dash/overview.html", user, active="overview", title=("总览", "Overview"))


@router.get("/manage/halls/{hall}", response_class=HTMLResponse)
def hall_page(hall: str, user: ManagerPage, state: State) -> HTMLResponse:
    """One hall: its services' queues, its windows, its kiosks, its alerts and today's charts."""
    shown = state.store.hall(hall)
    return render_page(
        "dash/hall.html", user, active="hall", title=(shown.name.zh, shown.name.en), hall=hall
    )
