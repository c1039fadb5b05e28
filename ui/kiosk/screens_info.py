"""Screens that show an answer: waiting, the ticket, my place, what to bring, notices."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.effects import Effect
from kiosk.receipt import slot_span, wait_span
from kiosk.session import Session
from queue_server.client.models import Text, Ticket
from ui.kiosk.context import ScreenContext
from ui.kiosk.screens_flow import _page, elsewhere_key
from ui.kiosk.screens_phone import sms_part
from ui.kiosk.theme import AMBER, PALE_BLUE
from ui.kiosk.widgets import BigButton, button_grid, label, qr_label, title_block

#: what a notice's own buttons do, by action (its catalogue key); Back and Home are the footer's
NOTICE_STEPS: dict[str, Callable[[Session], list[Effect]]] = {
    "normal_ticket": Session.take_normal_ticket,
    "reprint": Session.reprint,
    "go_on": Session.go_on,
    "retype_code": Session.open_code_pad,
    "back_to_ticket": Session.back_to_ticket,
}


def working(ctx: ScreenContext) -> QWidget:
    return _page(label(""), title_block(*ctx.both("working")))


def _number_block(ctx: ScreenContext, ticket: Ticket, compact: bool = False) -> list[QWidget]:
    """The number and service; `compact`: a landscape number a little smaller, to leave room
    for a suggestion below it."""
    number = label(ticket.number, "number")
    number.setObjectName("ticket_number")
    if not ctx.theme.portrait:
        number.setStyleSheet(f"font-size: {ctx.theme.px(150 if compact else 170)}px;")
    parts: list[QWidget] = [number]
    if ctx.theme.portrait:
        parts.insert(0, title_block(*ctx.both("ticket_title"), role="sub"))
    parts.append(title_block(*ctx.text(ticket.service_name), role="big"))
    if ticket.priority == "green":
        parts.append(title_block(*ctx.both("ticket_green"), role="big"))
    if ctx.state.reprinted:
        reprinted = title_block(*ctx.both("ticket_reprinted"), role="big")
        reprinted.setObjectName("ticket_reprinted")
        parts.append(reprinted)
    return parts


def _slot_block(ctx: ScreenContext, ticket: Ticket) -> list[QWidget]:
    """An appointment ticket: the slot booked, and that it is served first."""
    span = slot_span(ticket)
    if span is None:
        return []
    slot = title_block(*ctx.both("ticket_slot", slot=span), role="big")
    slot.setObjectName("ticket_slot")
    return [slot]


def _wait_block(ctx: ScreenContext, ticket: Ticket) -> list[QWidget]:
    ahead = title_block(*ctx.both("ticket_ahead", n=ticket.ahead), role="title")
    ahead.setObjectName("ticket_ahead")
    eta = title_block(*ctx.both("ticket_eta", eta=_wait(ticket)), "big")
    eta.setObjectName("ticket_eta")
    return [*_slot_block(ctx, ticket), ahead, eta]


def _wait(ticket: Ticket) -> Text:
    return wait_span(ticket.eta_minutes, ticket.eta_range)


def _elsewhere_block(ctx: ScreenContext) -> list[QWidget]:
    """A much faster hall for the ticket's service (the server's suggestion; none offline):
    the citizen may still go there, the ticket here stays valid."""
    other = ctx.state.faster_elsewhere()
    if other is None:
        return []
    key = elsewhere_key("ticket_elsewhere", other.eta_minutes)
    lines = [ctx.both(key, hall=other.name, eta=other.eta_minutes),
             ctx.both("suggest_address", address=other.address)]  # fmt: skip
    main, second = ("\n".join(texts) for texts in zip(*lines, strict=True))
    block = title_block(main, second, role="big")
    block.setObjectName("ticket_elsewhere")
    block.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    block.setStyleSheet(f"#ticket_elsewhere {{ background: {PALE_BLUE}; border-radius: 16px; }}")
    return [block]


def _qr_block(ctx: ScreenContext, ticket: Ticket, side: int) -> QWidget:
    url = ctx.intents.phone_url(ticket)
    if not url:
        parts = [title_block(*ctx.both("ticket_offline"), role="big")]
    else:
        parts = [qr_label(url, side), title_block(*ctx.both("ticket_qr"), role="sub")]
    parts.append(title_block(*ctx.both("ticket_watch"), role="sub"))
    if ctx.state.printed:
        parts.append(title_block(*ctx.both("ticket_printed"), role="big"))
    return _column(*parts)


def _column(*parts: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    layout.addStretch(1)
    for part in parts:
        layout.addWidget(part)
    layout.addStretch(1)
    return box


def ticket(ctx: ScreenContext) -> QWidget:
    issued = ctx.state.ticket
    if issued is None:
        return _page()
    printed = ctx.state.printed
    parts: list[QWidget] = []
    if printed is False:
        photo = _column(
            title_block(*ctx.both("ticket_photo"), role="title"),
            label(f"{ctx.tr('ticket_photo_body')}\n{ctx.tr.other('ticket_photo_body')}", "sub"),
        )
        photo.setObjectName("ticket_photo")
        photo.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        photo.setStyleSheet(f"QWidget#ticket_photo {{ background: {AMBER}; border-radius: 16px; }}")
        parts.append(photo)
    done: QWidget = BigButton(*ctx.both("done"), ctx.intents.go_home, ctx.theme, "#0B7A3E")
    done.setObjectName("done")
    sms = sms_part(ctx)
    if sms is not None:
        side_by_side = ctx.theme.portrait and isinstance(sms, BigButton)
        done = button_grid([sms, done], 2) if side_by_side else _column(sms, done)
    faster = _elsewhere_block(ctx)
    facts, wait = _number_block(ctx, issued, bool(faster)), _wait_block(ctx, issued)
    qr = _qr_block(ctx, issued, 360 if ctx.theme.portrait or printed is False else 280)
    if ctx.theme.portrait:  # number on top; below it the wait beside the QR code
        row = _row(_column(*wait), qr)
        parts += [_column(*facts), row, *faster, done]
    else:  # number and wait on the left, QR code and Done on the right
        qr_layout = qr.layout()
        if qr_layout is not None:
            qr_layout.addWidget(done)
        row = _row(_column(*facts, *wait, *faster), qr)
        parts.append(row)
    page = _page(*parts, grow=row)
    layout = page.layout()
    if layout is not None:
        layout.setSpacing(16)
    return page


def _row(left: QWidget, right: QWidget) -> QWidget:
    row = QWidget()
    columns = QHBoxLayout(row)
    columns.setContentsMargins(0, 0, 0, 0)
    columns.addWidget(left, 1)
    columns.addWidget(right, 1)
    return row


def notice(ctx: ScreenContext) -> QWidget:
    shown = ctx.state.notice
    if shown is None:
        return _page()
    title, after = ctx.tr.notice(shown.key, shown.params)
    other_title, other_after = ctx.tr.other.notice(shown.key, shown.params)
    headline = title_block(title, other_title)
    headline.setObjectName("notice_title")
    parts: list[QWidget] = [headline, title_block(after, other_after, role="big")]
    if shown.text is not None and shown.text.zh and shown.text.zh not in (title, after):
        parts.append(title_block(*ctx.text(shown.text), role="sub"))
    buttons = []
    for action in (a for a in shown.actions if a in NOTICE_STEPS):  # the footer: Back, Home
        button = BigButton(*ctx.both(action), ctx.do(NOTICE_STEPS[action]), ctx.theme)
        button.setObjectName(f"notice_{action}")
        buttons.append(button)
    if buttons:
        parts.append(button_grid(buttons, len(buttons)))
    return _page(*parts)


def place_scan(ctx: ScreenContext) -> QWidget:
    return _page(
        title_block(*ctx.both("place_scan_title")),
        title_block(*ctx.both("place_scan_body"), role="big"),
    )


def place(ctx: ScreenContext) -> QWidget:
    found = ctx.state.ticket
    if found is None:
        return _page()
    number = label(found.number, "number")
    number.setObjectName("place_number")
    if not ctx.theme.portrait:
        number.setStyleSheet(f"font-size: {ctx.theme.px(150)}px;")
    parts: list[QWidget] = [number, title_block(*ctx.text(found.service_name), role="big")]
    window = ctx.tr.text(found.window_label) if found.window_label else ""
    other_window = ctx.tr.other.text(found.window_label) if found.window_label else ""
    status = found.status
    if status == "waiting":
        shown = title_block(*ctx.both("ticket_ahead", n=found.ahead), role="title")
    elif status in ("called", "serving"):
        key = "place_called" if status == "called" else "place_serving"
        shown = title_block(ctx.tr(key, window=window), ctx.tr.other(key, window=other_window))
    else:
        key = {"done": "place_done", "no_show": "place_no_show"}.get(status, "place_other")
        shown = title_block(*ctx.both(key))
    shown.setObjectName("place_status")
    parts.append(shown)
    if status == "waiting":
        parts.append(title_block(*ctx.both("ticket_eta", eta=_wait(found)), role="big"))
    return _page(*parts)


def _held_row(ctx: ScreenContext, held: Ticket) -> QWidget:
    """One of the holder's tickets: number and service, then the wait or where to go."""
    main = ctx.tr.text(held.service_name)
    if held.status == "waiting":
        detail = ctx.both("my_ticket_waiting", n=held.ahead, eta=_wait(held))
    else:
        key = "place_called" if held.status == "called" else "place_serving"
        window = held.window_label or Text("", "")
        detail = ctx.tr(key, window=window), ctx.tr.other(key, window=window)
    row = title_block(f"{held.number}  {main}", f"{detail[0]}\n{detail[1]}", "big")
    row.setObjectName(f"held_{held.number}")
    return row


def my_tickets(ctx: ScreenContext) -> QWidget:
    """查询进度 by ID card: the holder's tickets today."""
    rows = [_held_row(ctx, held) for held in ctx.state.held or ()]
    return _page(title_block(*ctx.both("my_tickets_title")), *rows)


def _materials_actions(ctx: ScreenContext) -> list[QWidget]:
    # smaller than other buttons: below the list, the screen must still fit without scrolling
    take = BigButton(*ctx.both("materials_take"), ctx.do(Session.take_this_service), ctx.theme,
                     "#0B7A3E", primary_px=40, secondary_px=26)  # fmt: skip
    take.setObjectName("materials_take")
    printing = BigButton(*ctx.both("materials_print"), ctx.do(Session.print_materials),
                         ctx.theme, primary_px=40, secondary_px=26)  # fmt: skip
    printing.setObjectName("materials_print")
    parts: list[QWidget] = [button_grid([take, printing], 2, spacing=32)]
    printed = ctx.state.materials_printed
    if printed is not None:
        key = "materials_printed" if printed else "materials_not_printed"
        told = title_block(*ctx.both(key), role="big" if printed else "error")
        told.setObjectName("materials_printed")
        parts.append(told)
    return parts


def materials(ctx: ScreenContext) -> QWidget:
    service = ctx.state.service
    if service is None:
        return _page()
    parts: list[QWidget] = [
        title_block(*ctx.text(service.name)),
        title_block(*ctx.both("materials_title"), role="big"),
    ]
    if not service.materials:
        parts.append(title_block(*ctx.both("materials_none"), role="big"))
    items: list[QWidget] = []
    for index, item in enumerate(service.materials, start=1):
        main, other = ctx.text(item)
        row = title_block(f"{index}. {main}", other, role="big")
        row.setObjectName(f"material_{index}")
        items.append(row)
    if items:
        parts.append(button_grid(items, 1 if ctx.theme.portrait else 2))
    return _page(*parts, *_materials_actions(ctx))
