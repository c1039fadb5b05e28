"""What devices (kiosks and display boards) are shown of other people's tickets: no personal
fields and no ticket's token. A device gets no more personal data than it shows, and a board
shows numbers only (CONTRACT.md, Devices and personal data)."""

from __future__ import annotations

from typing import Any

PERSONAL_FIELDS = ("holder", "id_masked", "id_expired", "phone_masked")
TOKEN_FIELDS = ("evaluation_url",)  # event fields that carry a ticket's public token


def ticket_for_devices(ticket: dict[str, Any] | None) -> dict[str, Any] | None:
    """The ticket with its personal fields emptied (kept as null, so the shape stays)."""
    if ticket is None:
        return None
    shown = {**ticket, **dict.fromkeys(PERSONAL_FIELDS)}
    if isinstance(ticket.get("transfer"), dict):  # a clerk's words may name the person
        shown["transfer"] = {**ticket["transfer"], "reason": None}
    return shown


def without_phone(ticket: dict[str, Any]) -> dict[str, Any]:
    """The ticket without even the masked phone number (a device's own answer, the public
    token view): only clerks see it."""
    return {**ticket, "phone_masked": None}


def window_for_devices(window: dict[str, Any]) -> dict[str, Any]:
    return {**window, "current_ticket": ticket_for_devices(window["current_ticket"])}


def windows_for_devices(windows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [window_for_devices(window) for window in windows]


def board_for_devices(board: dict[str, Any]) -> dict[str, Any]:
    return {**board, "windows": windows_for_devices(board["windows"])}


def event_for_devices(data: dict[str, Any]) -> dict[str, Any]:
    """An event's payload without personal fields or any ticket's token. A clerk's `reason`
    may name the person: devices get it only where a window screen shows it (its pause)."""
    shown = {key: value for key, value in data.items() if key not in TOKEN_FIELDS}
    if not str(shown.get("type", "")).startswith("window."):
        shown["reason"] = None
    if isinstance(shown.get("ticket"), dict):
        shown["ticket"] = ticket_for_devices(shown["ticket"])
    return shown
