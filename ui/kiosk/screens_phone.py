"""Screens of an SMS reminder: the button on the ticket, the phone pad, the masked confirmation."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.session import Session
from kiosk.session_phone import grouped_phone, is_mobile, offers_sms
from ui.kiosk.context import ScreenContext
from ui.kiosk.screens_flow import _page, pad_display, pad_keys, pad_ok, pad_page
from ui.kiosk.widgets import BigButton, button_grid, quiet_button, title_block


def sms_part(ctx: ScreenContext) -> QWidget | None:
    """On the ticket: the button that asks for reminders, or where they go once asked."""
    if ctx.state.phone_masked:
        told = title_block(*ctx.both("sms_set", masked=ctx.state.phone_masked), role="sub")
        told.setObjectName("sms_set")
        return told
    ticket = ctx.state.ticket
    if ticket is not None and ticket.status == "waiting" and (ticket.offline or not ticket.token):
        unavailable = title_block(*ctx.both("sms_offline"), role="sub")
        unavailable.setObjectName("sms_offline")  # said plainly: not kept to send later
        return unavailable
    if not offers_sms(ctx.state):
        return None
    button = BigButton(*ctx.both("sms_button"), ctx.do(Session.open_phone_pad), ctx.theme)
    button.setObjectName("sms_button")
    return button


def phone_pad(ctx: ScreenContext) -> QWidget:
    typed = ctx.state.keypad
    keys = pad_keys(ctx, "123456789")
    blank = QWidget()  # where the ID keypad has X: the 0 and Delete keep their places
    delete = quiet_button(ctx.tr("keypad_delete"), ctx.do(Session.key_delete), role="key")
    delete.setObjectName("key_delete")
    keys += [blank, *pad_keys(ctx, "0"), delete]
    left: list[QWidget] = [
        title_block(*ctx.both("phone_title")),
        pad_display(grouped_phone(typed)),
        title_block(*ctx.both("phone_hint"), role="sub"),
    ]
    grid = button_grid(keys, 3, spacing=16)
    return pad_page(ctx, left, "phone_wrong", [grid, pad_ok(ctx, is_mobile(typed))])


def phone_done(ctx: ScreenContext) -> QWidget:
    masked = ctx.state.phone_masked or ""
    headline = title_block(*ctx.both("sms_set", masked=masked))
    headline.setObjectName("phone_done_title")
    ticket = BigButton(*ctx.both("back_to_ticket"), ctx.do(Session.back_to_ticket), ctx.theme)
    ticket.setObjectName("back_to_ticket")
    done = BigButton(*ctx.both("done"), ctx.intents.go_home, ctx.theme, "#0B7A3E")
    done.setObjectName("done")
    return _page(
        headline,
        title_block(*ctx.both("phone_done_body"), role="big"),
        title_block(*ctx.both("phone_done_note"), role="sub"),
        button_grid([ticket, done], 2),
    )
