"""Every error answers `{"error": {"code", "zh", "en", ...}}` (see CONTRACT.md).

Also the error answers each route documents: groups of codes by status, by what the route does,
which the route decorators combine with `documented(...)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from queue_server.api.answers import ErrorAnswer
from queue_server.engine.errors import QueueError

log = logging.getLogger(__name__)

# The framework's own refusals, in the envelope. Its 400 means a body it could not parse (not
# UTF-8, nested too deeply for the JSON parser, ...): the contract calls that `invalid_input`.
_HTTP_TEXT = {
    400: (
        422,
        "invalid_input",
        "请求内容无法解析：须为 UTF-8 编码、嵌套不过深的 JSON。",
        "The request body could not be parsed: it must be UTF-8 JSON, not nested too deeply.",
    ),
    404: (404, "not_found", "找不到该地址。", "No such address."),
    405: (405, "method_not_allowed", "不支持该请求方法。", "This method is not allowed here."),
}


def error_body(code: str, zh: str, en: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "zh": zh, "en": en, **extra}}


async def _queue_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QueueError)
    status = exc.http_status if exc.http_status != 500 else 500
    return JSONResponse({"error": exc.to_dict()}, status_code=status)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [_describe(item) for item in exc.errors()]
    where = "; ".join(problems) or "request"
    body = error_body(
        "invalid_input",
        f"请求内容无效：{where}",
        f"Invalid request: {where}",
        fields=[".".join(str(p) for p in item.get("loc", ())) for item in exc.errors()],
    )
    return JSONResponse(body, status_code=422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    status, code, zh, en = _HTTP_TEXT.get(
        exc.status_code, (exc.status_code, "http_error", "请求失败。", str(exc.detail))
    )
    return JSONResponse(
        error_body(code, zh, en), status_code=status, headers=getattr(exc, "headers", None)
    )


async def _overflow(request: Request, exc: Exception) -> JSONResponse:
    """A number too large for the database (or any int conversion) came from the request."""
    body = error_body(
        "invalid_input", "请求中的数字超出范围。", "A number in the request is out of range."
    )
    return JSONResponse(body, status_code=422)


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug: the envelope still, without details (the traceback goes to the server's log)."""
    body = error_body("internal_error", "服务器内部错误，请稍后重试。", "Internal server error.")
    return JSONResponse(body, status_code=500)


def _describe(item: Any) -> str:
    location = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
    return f"{location or 'body'}: {item.get('msg', 'invalid')}"


def install(app: FastAPI) -> None:
    app.add_exception_handler(QueueError, _queue_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(OverflowError, _overflow)
    app.add_exception_handler(Exception, _internal_error)
    app.openapi = _without_fastapi_validation_errors(app.openapi)  # type: ignore[method-assign]


# --- what the routes document (OpenAPI) -----------------------------------------------------

ErrorCodes = Mapping[int, tuple[str, ...]]

TOKEN: ErrorCodes = {
    401: ("unauthorized", "invalid_token", "token_revoked", "token_expired", "bad_credentials"),
    403: ("forbidden", "wrong_hall"),
}
WINDOW_TOKEN: ErrorCodes = {**TOKEN, 403: (*TOKEN[403], "wrong_window")}
INPUT: ErrorCodes = {422: ("invalid_input",)}
HALL: ErrorCodes = {404: ("unknown_hall",)}
WINDOW: ErrorCodes = {404: ("unknown_hall", "unknown_window"), **INPUT}  # `{window}` is a number
SERVICE: ErrorCodes = {404: ("unknown_service",)}
TICKET: ErrorCodes = {404: ("unknown_ticket",)}
ISSUE: ErrorCodes = {
    404: ("unknown_hall", "unknown_service"),
    409: (
        "duplicate_ticket",
        "daily_cap_reached",
        "no_open_window",
        "outside_hours",
        "idempotency_conflict",
    ),
    422: ("invalid_input", "id_card_required", "invalid_id_number"),
}
HAND_OVER: ErrorCodes = {
    404: ("unknown_hall", "unknown_service"),
    409: ("duplicate_number", "duplicate_ticket", "idempotency_conflict"),
    422: (
        "invalid_input",
        "invalid_number",
        "invalid_issued_at",
        "invalid_id_number",
        "invalid_sealed_id_card",
    ),
}
LOOKUP: ErrorCodes = {**HALL, 422: ("invalid_input", "invalid_id_number")}
PHONE: ErrorCodes = {
    404: ("unknown_hall", "unknown_ticket"),
    409: ("not_waiting",),
    422: ("invalid_input", "invalid_phone"),
}
TICKET_STATE: ErrorCodes = {409: ("illegal_transition",)}
FREE_WINDOW: ErrorCodes = {409: ("window_busy", "window_paused", "illegal_transition")}
EVALUATION: ErrorCodes = {409: ("nothing_to_evaluate",)}
UNDO: ErrorCodes = {409: ("undo_expired", "illegal_transition")}
LOGIN: ErrorCodes = {
    401: ("bad_credentials",),
    **INPUT,
    429: ("too_many_attempts",),  # with Retry-After (api.login_guard)
    503: ("login_busy",),  # with Retry-After
}
BOOKING: ErrorCodes = {
    409: (
        "outside_horizon", "booking_closed", "no_such_slot", "slot_full", "morning_full",
        "afternoon_full", "day_full", "duplicate_booking", "banned", "not_bookable",
        "cancel_closed", "wrong_state", "external_id_conflict",
    ),
}  # fmt: skip
APPOINTMENT: ErrorCodes = {404: ("appointment_not_found",)}
CHECK_IN: ErrorCodes = {
    404: ("unknown_hall", "appointment_not_found"),
    409: ("too_early",),
    410: ("too_late", "appointment_cancelled", "appointment_no_show"),
    422: ("invalid_input", "invalid_code", "invalid_id_number"),
}

_MEANING = {
    401: "No valid token",
    403: "Not allowed for this token",
    404: "Not found",
    409: "Refused in the current state",
    410: "No longer possible",
    422: "Invalid input",
    429: "Too many attempts; wait the Retry-After seconds",
    501: "Not available yet",
    503: "Busy; retry after the Retry-After seconds",
}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again (also `retry_after` in the body).",
        "schema": {"type": "integer", "minimum": 1},
    }
}


def documented(*groups: ErrorCodes) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route that can answer the groups' errors (codes merged by status)."""
    merged: dict[int, list[str]] = {}
    for group in groups:
        for status, codes in group.items():
            known = merged.setdefault(status, [])
            known.extend(code for code in codes if code not in known)
    return {status: _answer(status, codes) for status, codes in sorted(merged.items())}


def _answer(status: int, codes: list[str]) -> dict[str, Any]:
    listed = ", ".join(f"`{code}`" for code in codes)
    answer: dict[str, Any] = {
        "model": ErrorAnswer,
        "description": f"{_MEANING[status]}: {listed}",
        "x-error-codes": list(codes),
    }
    if status in (429, 503):
        answer["headers"] = _RETRY_AFTER
    return answer


def _without_fastapi_validation_errors(
    generate: Callable[[], dict[str, Any]],
) -> Callable[[], dict[str, Any]]:
    """FastAPI documents its own 422 body on every route with parameters; ours is never sent.

    The routes that can answer 422 document it (`INPUT`); the other routes' parameters cannot
    fail (a text in the path), so FastAPI's 422 and its schemas are dropped.
    """

    def openapi() -> dict[str, Any]:
        schema = generate()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                answer = operation.get("responses", {}).get("422", {})
                if "HTTPValidationError" in str(answer.get("content")):
                    del operation["responses"]["422"]
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        return schema

    return openapi
