"""Who may call the server: the roles a token or a user carries (CONTRACT.md, Auth)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    KIOSK = "kiosk"
    DISPLAY = "display"
    CLERK = "clerk"
    MANAGER = "manager"
    ADMIN = "admin"
    PLATFORM = "platform"  # the online appointment platform
    PAD = "pad"  # a window's evaluation tablet facing the citizen (好差评)


ROLES: tuple[str, ...] = tuple(role.value for role in Role)
