"""The client's one error tree; every error says what went wrong in Chinese and English.

ClientError                 base: `zh`, `en` (for a clerk or a citizen), `detail` (for logs)
├── Unreachable             no usable answer: refused, timed out or dropped connection, 5xx
│                           except 501 and a busy 503 that says when to retry (`retry_after`),
│                           an answer that is not JSON; the kiosk goes offline
├── Refused                 the server said no: an error document or any other status >= 400;
│   │                       `status`, `code`, `extra` (the error's other fields)
│   └── Unauthorised        401: token missing, wrong or expired; log in again
└── BadAnswer               JSON the typed models cannot read
"""

from __future__ import annotations

from typing import Any


class ClientError(Exception):
    """Base of every error the contract client raises."""

    def __init__(self, zh: str, en: str, detail: str = "") -> None:
        super().__init__(f"{detail}: {zh} / {en}" if detail else f"{zh} / {en}")
        self.zh = zh
        self.en = en
        self.detail = detail


class Unreachable(ClientError):
    """The server gave no usable answer (the kiosk issues offline; consoles say so)."""


class Refused(ClientError):
    """The server refused: `code` says which refusal (see CONTRACT.md), `extra` its details."""

    def __init__(
        self,
        status: int,
        code: str,
        zh: str,
        en: str,
        extra: dict[str, Any] | None = None,
        where: str = "",
    ) -> None:
        super().__init__(zh, en, f"HTTP {status} {code}" + (f" from {where}" if where else ""))
        self.status = status
        self.code = code
        self.extra = extra or {}


class Unauthorised(Refused):
    """401: the token is missing, wrong or expired (`token_expired`)."""


class BadAnswer(ClientError):
    """The server answered JSON that the typed models cannot read."""

    def __init__(self, detail: str) -> None:
        super().__init__("服务器的回答无法识别", "The server's answer cannot be read", detail)


def unreachable(server: str, detail: str) -> Unreachable:
    """No connection (refused, timed out, dropped) to `server`."""
    return Unreachable(f"无法连接服务器 {server}", f"Cannot reach the server at {server}", detail)


def server_failure(status: int, detail: str) -> Unreachable:
    """A 5xx answer (except 501): the server is there but cannot serve now."""
    return Unreachable(
        f"服务器暂时无法处理请求（{status}）",
        f"The server cannot handle the request now ({status})",
        detail,
    )


def unreadable(detail: str) -> Unreachable:
    """An answer that is not the JSON the contract promises (a proxy page, a cut-off body)."""
    return Unreachable("服务器的回答无法读取", "The server's answer could not be read", detail)


def refusal(status: int, payload: Any, where: str = "") -> Refused:
    """The error a status >= 400 carries: from its error document, else a generic text;
    `where` names the request ("POST http://...") for the logs."""
    kind = Unauthorised if status == 401 else Refused
    error = payload.get("error") if isinstance(payload, dict) else None
    generic = (f"服务器拒绝了请求（{status}）", f"The server refused the request ({status})")
    if not isinstance(error, dict):
        return kind(status, f"http_{status}", *generic, where=where)
    code = str(error.get("code") or f"http_{status}")
    zh, en = str(error.get("zh") or generic[0]), str(error.get("en") or generic[1])
    extra = {key: value for key, value in error.items() if key not in ("code", "zh", "en")}
    return kind(status, code, zh, en, extra, where)
