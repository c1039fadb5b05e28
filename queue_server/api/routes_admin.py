"""Administration: managers change their hall's windows (services and order, open/pause/close),
notices, clerk accounts and device tokens; admins change halls and services district-wide.
Every change is audited and takes effect at once (CONTRACT.md, Administration).

Administrative changes are rare: they run as plain (threaded) write transactions, not through
the loop's group commit.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from queue_server import auth
from queue_server.api import admin_schemas as s
from queue_server.api import answers
from queue_server.api.deps import MANAGER, READERS, State, actor, allow, ok
from queue_server.api.errors import HALL, INPUT, SERVICE, TOKEN, WINDOW, ErrorCodes, documented
from queue_server.api.paths import WindowNumber
from queue_server.api.state import AppState
from queue_server.auth import Principal
from queue_server.engine.roles import Role
from queue_server.store.audit import Editor
from queue_server.store.timeutil import local
from queue_server.store.views.admin import audit_csv

router = APIRouter(tags=["administration"])
Manager = Annotated[Principal, Depends(allow(*MANAGER))]
Admin = Annotated[Principal, Depends(allow(Role.ADMIN))]
WINDOW_BASE = "/api/halls/{hall}/windows/{window}"
SERVICES: ErrorCodes = {422: ("invalid_input", "invalid_services")}
SETTINGS: ErrorCodes = {422: ("invalid_input", "invalid_settings")}
ACCOUNT: ErrorCodes = {404: ("unknown_hall", "unknown_account")}
DEVICE: ErrorCodes = {404: ("unknown_hall", "unknown_device_token")}
NEW_ACCOUNT: ErrorCodes = {404: ("unknown_hall", "unknown_window"), 409: ("account_exists",)}
From = Annotated[date | None, Query(alias="from")]
To = Annotated[date | None, Query(alias="to")]
ACCOUNT_ANSWER: dict[str, Any] = {
    "response_model": s.Account,
    "responses": documented(TOKEN, ACCOUNT),
}


def editor(who: Principal) -> Editor:
    return Editor(actor(who), who.role)


# --- windows --------------------------------------------------------------------------------


@router.put(
    WINDOW_BASE + "/services",
    response_model=answers.Window,
    responses=documented(TOKEN, WINDOW, SERVICES),
)
def set_window_services(
    hall: str, window: WindowNumber, body: s.WindowServicesIn, state: State, who: Manager
) -> JSONResponse:
    """The services the window serves, in preference order, from its next call on."""
    return ok(state.store.set_window_services(hall, window, body.services, editor(who)))


@router.put(
    WINDOW_BASE + "/state", response_model=answers.Window, responses=documented(TOKEN, WINDOW)
)
def set_window_state(
    hall: str, window: WindowNumber, body: s.WindowStateIn, state: State, who: Manager
) -> JSONResponse:
    """Open, pause (with a reason) or close any window of the hall."""
    view = state.store.set_window_state(hall, window, body.state, body.reason, editor(who))
    return ok(view)


# --- notices --------------------------------------------------------------------------------


@router.get(
    "/api/halls/{hall}/notices", response_model=s.Notices, responses=documented(TOKEN, HALL)
)
def get_notices(
    hall: str, state: State, who: Annotated[Principal, Depends(allow(*READERS))]
) -> JSONResponse:
    return ok({"hall": hall, "lines": state.store.notices(hall)})


@router.put(
    "/api/halls/{hall}/notices", response_model=s.Notices, responses=documented(TOKEN, HALL, INPUT)
)
def set_notices(hall: str, body: s.NoticesIn, state: State, who: Manager) -> JSONResponse:
    """The notice lines of the hall's board and kiosks (emits `hall.notices`)."""
    lines = [{"zh": line.zh, "en": line.en} for line in body.lines if line.zh or line.en]
    return ok({"hall": hall, "lines": state.store.set_notices(hall, lines, editor(who))})


# --- clerk accounts -------------------------------------------------------------------------


@router.get(
    "/api/halls/{hall}/accounts", response_model=list[s.Account], responses=documented(TOKEN, HALL)
)
def list_accounts(hall: str, state: State, who: Manager) -> JSONResponse:
    return ok(state.store.hall_accounts(hall))


@router.post(
    "/api/halls/{hall}/accounts",
    status_code=201,
    response_model=s.Account,
    responses=documented(TOKEN, NEW_ACCOUNT, INPUT),
)
def add_account(hall: str, body: s.ClerkIn, state: State, who: Manager) -> JSONResponse:
    """A new clerk account of the hall (optionally bound to one window)."""
    added = state.store.add_clerk(hall, body.username, body.password, body.window, editor(who))
    return ok(added, 201)


@router.post("/api/halls/{hall}/accounts/{username}/disable", **ACCOUNT_ANSWER)
def disable_account(hall: str, username: str, state: State, who: Manager) -> JSONResponse:
    """The clerk can no longer sign in; their tokens stop working at once."""
    return ok(state.store.set_clerk_disabled(hall, username, True, editor(who)))


@router.post("/api/halls/{hall}/accounts/{username}/enable", **ACCOUNT_ANSWER)
def enable_account(hall: str, username: str, state: State, who: Manager) -> JSONResponse:
    return ok(state.store.set_clerk_disabled(hall, username, False, editor(who)))


# --- device tokens --------------------------------------------------------------------------


@router.get(
    "/api/halls/{hall}/device-tokens",
    response_model=list[s.DeviceToken],
    responses=documented(TOKEN, HALL),
)
def list_device_tokens(hall: str, state: State, who: Manager) -> JSONResponse:
    """The hall's kiosk, display and pad tokens (records: never the tokens)."""
    return ok(state.store.hall_device_tokens(hall))


@router.post(
    "/api/halls/{hall}/device-tokens/{token_id}/revoke",
    response_model=s.DeviceToken,
    responses=documented(TOKEN, DEVICE),
)
def revoke_device_token(hall: str, token_id: str, state: State, who: Manager) -> JSONResponse:
    """The token is refused (401 `token_revoked`) from its next request on."""
    return ok(state.store.revoke_hall_token(hall, token_id, editor(who)))


# --- the district (admins) ------------------------------------------------------------------


@router.get("/api/admin/district", response_model=s.DistrictSettings, responses=documented(TOKEN))
def district_settings(state: State, who: Admin) -> JSONResponse:
    auth.require_hall(who, auth.ALL_HALLS)  # an admin bound to one hall: that hall's settings
    return ok(state.store.district_settings())


@router.put(
    "/api/halls/{hall}/settings",
    response_model=s.HallSettings,
    responses=documented(TOKEN, HALL, SETTINGS),
)
def set_hall_settings(hall: str, body: s.HallSettingsIn, state: State, who: Admin) -> JSONResponse:
    """A hall's opening hours, target wait and services offered (only the fields given)."""
    changes = body.model_dump(exclude_none=True)
    return ok(state.store.set_hall_settings(hall, changes, editor(who)))


@router.put(
    "/api/services/{code}/daily-cap",
    response_model=s.ServiceCap,
    responses=documented(TOKEN, SERVICE, INPUT),
)
def set_daily_cap(code: str, body: s.DailyCapIn, state: State, who: Admin) -> JSONResponse:
    """A service's daily cap in every hall offering it (null: no cap)."""
    auth.require_hall(who, auth.ALL_HALLS)
    return ok(state.store.set_daily_cap(code, body.daily_cap, editor(who)))


# --- the audit log --------------------------------------------------------------------------


@router.get(
    "/api/halls/{hall}/audit",
    response_model=list[s.AuditEntry],
    responses=documented(TOKEN, HALL, INPUT),
)
def hall_audit(
    hall: str, state: State, who: Manager, first: From = None, last: To = None
) -> JSONResponse:
    """The hall's administrative changes, newest first (`from`/`to`: days, default 30 days)."""
    return ok(_entries(state, hall, first, last))


@router.get("/api/audit", response_model=list[s.AuditEntry], responses=documented(TOKEN, INPUT))
def district_audit(state: State, who: Manager, first: From = None, last: To = None) -> JSONResponse:
    """Every hall's changes and the district's own (a district-wide manager or admin)."""
    auth.require_hall(who, auth.ALL_HALLS)
    return ok(_entries(state, None, first, last))


@router.get("/api/halls/{hall}/audit.csv", include_in_schema=False)
def hall_audit_csv(
    hall: str, state: State, who: Manager, first: From = None, last: To = None
) -> Response:
    return _csv(_entries(state, hall, first, last), hall)


@router.get("/api/audit.csv", include_in_schema=False)
def district_audit_csv(state: State, who: Manager, first: From = None, last: To = None) -> Response:
    auth.require_hall(who, auth.ALL_HALLS)
    return _csv(_entries(state, None, first, last), "district")


def _entries(
    state: AppState, hall: str | None, first: date | None, last: date | None
) -> list[dict[str, Any]]:
    """The rows from `first` to `last` inclusive (days in the district's zone)."""
    today = local(state.store.now(), state.store.district.timezone).date()
    last = last or today
    first = first or last - timedelta(days=30)
    return state.store.audit_entries(
        hall, first.isoformat(), (last + timedelta(days=1)).isoformat()
    )


def _csv(entries: list[dict[str, Any]], name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="audit-{name}.csv"'}
    return Response(audit_csv(entries), media_type="text/csv; charset=utf-8", headers=headers)
