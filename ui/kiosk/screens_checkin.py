"""Screens of an appointment check-in: swipe or scan, and the code pad for a typed code."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.rules import BOOKING_CODE_CHARS, looks_like_booking_code
from kiosk.session import Session
from ui.kiosk.context import ScreenContext
from ui.kiosk.screens_flow import pad_display, pad_keys, pad_ok, pad_page, swipe_page
from ui.kiosk.widgets import button_grid, quiet_button, title_block

CODE_COLUMNS = 8  # 32 keys in four full rows, each wide enough for a finger


def checkin(ctx: ScreenContext) -> QWidget:
    lines = [("checkin_body", "big"), ("identify_body", "sub")]
    return swipe_page(ctx, "checkin_title", lines, "open_code_pad", Session.open_code_pad)


def _grouped(code: str) -> str:
    """`7Q2K9M4B` -> `7Q2K 9M4B`: two halves are easier to check against the message."""
    return " ".join(part for part in (code[:4], code[4:]) if part)


def code_pad(ctx: ScreenContext) -> QWidget:
    typed = ctx.state.keypad
    left: list[QWidget] = [
        title_block(*ctx.both("code_title")),
        pad_display(_grouped(typed)),
        title_block(*ctx.both("code_hint"), role="sub"),
    ]
    keys = button_grid(pad_keys(ctx, BOOKING_CODE_CHARS, "code_key"), CODE_COLUMNS, spacing=12)
    delete = quiet_button(ctx.tr("keypad_delete"), ctx.do(Session.key_delete), role="key")
    delete.setObjectName("key_delete")
    last = button_grid([delete, pad_ok(ctx, looks_like_booking_code(typed))], 2, spacing=16)
    return pad_page(ctx, left, "code_wrong", [keys, last])
