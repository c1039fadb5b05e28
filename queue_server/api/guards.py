"""ASGI guards in front of the routes: a limit on request bodies, and HEAD answered as GET."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from queue_server.api.errors import error_body

BODY_LIMIT = 64 * 1024  # the largest body a client sends is a kiosk's hand-over of 50 tickets


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413)
        self.limit = limit


def too_large(limit: int) -> JSONResponse:
    """413 `body_too_large`; the connection closes, so the rest of the body is never read."""
    body = error_body(
        "body_too_large",
        f"请求内容超过 {limit} 字节的上限。",
        f"The request body exceeds the limit of {limit} bytes.",
        limit=limit,
    )
    return JSONResponse(body, status_code=413, headers={"Connection": "close"})


async def _too_large(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BodyTooLarge)
    return too_large(exc.limit)


class BodyLimit:
    """Refuses a body over `limit` bytes: at once if Content-Length says so, else as soon as the
    bytes received (chunked or not) pass it, so a request never holds much more than `limit`."""

    def __init__(self, app: ASGIApp, limit: int = BODY_LIMIT) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _declared_length(scope) > self.limit:
            await too_large(self.limit)(scope, receive, send)
            return
        received = 0
        answering = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received <= self.limit:
                return message
            if answering:  # too late for a 413: end the request as if the client left
                return {"type": "http.disconnect"}
            raise BodyTooLarge(self.limit)  # FastAPI's body reading lets it through as is

        async def watched_send(message: Message) -> None:
            nonlocal answering
            answering = True
            await send(message)

        await self.app(scope, counted_receive, watched_send)


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0  # the server refuses other values
    return 0


class HeadAsGet:
    """HEAD wherever GET is allowed: the GET route answers, the body is not sent.

    An event stream never ends, so the answer is complete with its headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        done = False

        async def headers_only(message: Message) -> None:
            nonlocal done
            if done:
                return
            if message["type"] == "http.response.start":
                await send(message)
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            done = True
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def install(app: FastAPI) -> None:
    app.add_exception_handler(BodyTooLarge, _too_large)
    app.add_middleware(BodyLimit)
    app.add_middleware(HeadAsGet)
