"""Every error answers `{"error": {"code", "zh", "en", ...}}` (see CONTRACT.md)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from queue_server.engine.errors import QueueError

log = logging.getLogger(__name__)

_HTTP_TEXT = {
    404: ("not_found", "找不到该地址。", "No such address."),
    405: ("method_not_allowed", "不支持该请求方法。", "This method is not allowed here."),
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
    code, zh, en = _HTTP_TEXT.get(exc.status_code, ("http_error", "请求失败。", str(exc.detail)))
    return JSONResponse(
        error_body(code, zh, en), status_code=exc.status_code, headers=getattr(exc, "headers", None)
    )


def _describe(item: Any) -> str:
    location = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
    return f"{location or 'body'}: {item.get('msg', 'invalid')}"


def install(app: FastAPI) -> None:
    app.add_exception_handler(QueueError, _queue_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
