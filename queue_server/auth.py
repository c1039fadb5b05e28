"""Bearer tokens: HMAC-signed (role, hall, window, username or device-token id, expiry).

A login token names its user; every other token (kiosk, display, platform, scripts) carries the
id of its row in the store's `tokens` table, so it can be listed and revoked one by one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_server.engine.errors import Forbidden, TokenExpired, Unauthorized
from queue_server.engine.roles import ROLES

ALL_HALLS = "*"
LOGIN_TTL = timedelta(hours=12)
DEVICE_TTL = timedelta(days=365)


@dataclass(frozen=True)
class Principal:
    role: str
    hall: str
    window: int | None = None
    username: str | None = None
    expires: int = 0  # unix seconds
    token_id: str | None = None  # a device token's row; None for a login token

    def covers(self, hall: str) -> bool:
        return self.hall in (ALL_HALLS, hall)


def mint(
    key: bytes,
    *,
    role: str,
    hall: str,
    now: datetime,
    ttl: timedelta,
    window: int | None = None,
    username: str | None = None,
    token_id: str | None = None,
) -> str:
    """A signed token `v1.<payload>.<signature>`: a login (`username`) or a device (`token_id`)."""
    if role not in ROLES:
        raise ValueError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if (username is None) == (token_id is None):
        raise ValueError("a token names either its user or its device-token id")
    payload = {"r": role, "h": hall, "w": window, "u": username, "e": int((now + ttl).timestamp())}
    if token_id is not None:
        payload["i"] = token_id
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    return f"v1.{body}.{_sign(key, body)}"


def verify(key: bytes, token: str, now: datetime) -> Principal:
    """The principal of a valid token; Unauthorized (bad) or TokenExpired (old) otherwise.

    A token naming neither a user nor a device-token id (minted before device tokens had ids)
    is not valid: the operator issues a new one.
    """
    try:
        version, body, signature = token.split(".")
    except ValueError as err:
        raise invalid_token() from err
    if version != "v1" or not hmac.compare_digest(signature, _sign(key, body)):
        raise invalid_token()
    try:
        data = json.loads(_unb64(body))
        principal = Principal(
            data["r"], data["h"], data["w"], data["u"], int(data["e"]), data.get("i")
        )
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise invalid_token() from err
    if (principal.username is None) == (principal.token_id is None):
        raise invalid_token()
    if principal.expires <= now.timestamp():
        raise TokenExpired()
    return principal


def missing_token() -> Unauthorized:
    return Unauthorized(
        "请先登录或提供访问令牌。", "Sign in or send an access token.", code="unauthorized"
    )


def bad_credentials() -> Unauthorized:
    return Unauthorized("用户名或密码错误。", "Wrong username or password.", code="bad_credentials")


def require_role(principal: Principal, roles: tuple[str, ...]) -> None:
    if principal.role not in roles:
        raise Forbidden(
            f"当前身份（{principal.role}）无权执行此操作。",
            f"The role {principal.role!r} may not do this (allowed: {', '.join(roles)}).",
            code="forbidden",
        )


def require_hall(principal: Principal, hall: str) -> None:
    if not principal.covers(hall):
        raise Forbidden(
            f"当前身份只能操作大厅 {principal.hall}。",
            f"This token acts only on hall {principal.hall!r}, not {hall!r}.",
            code="wrong_hall",
        )


def require_window(principal: Principal, window: int) -> None:
    """A token bound to one window (a window's console) acts only on that window."""
    if principal.role == "clerk" and principal.window is not None and principal.window != window:
        raise Forbidden(
            f"当前身份只能操作 {principal.window} 号窗口。",
            f"This token acts only on window {principal.window}, not {window}.",
            code="wrong_window",
        )


def revoked_token() -> Unauthorized:
    return Unauthorized(
        "访问令牌已被吊销，请向管理员申请新的令牌。",
        "The access token has been revoked; ask the administrator for a new one.",
        code="token_revoked",
    )


def invalid_token() -> Unauthorized:
    return Unauthorized("访问令牌无效。", "The access token is not valid.", code="invalid_token")


def _sign(key: bytes, body: str) -> str:
    return _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
