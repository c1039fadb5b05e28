"""Screens of the way to a ticket: home, categories, services, suggestion, ID, keypad, green."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.queues import is_closed, next_opening
from kiosk.receipt import wait_span
from kiosk.session import Flow, Session
from queue_server.client.models import Service, Text
from ui.kiosk.context import ScreenContext, SessionStep
from ui.kiosk.strings import Tr
from ui.kiosk.theme import GREY_INK, TILE_COLOURS
from ui.kiosk.widgets import BigButton, button_grid, label, quiet_button, title_block


def _page(*parts: QWidget, stretch_last: bool = False, grow: QWidget | None = None) -> QWidget:
    """Parts top to bottom; `grow` (or the last part) takes the spare height."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(48, 16, 48, 16)
    layout.setSpacing(18)
    if stretch_last and parts:
        grow = parts[-1]
    for part in parts:
        layout.addWidget(part, 1 if part is grow else 0)
    if grow is None:
        layout.addStretch(1)
    return page


def _tile(ctx: ScreenContext, key: str, flow: Flow, hint_key: str) -> BigButton:
    main, other = ctx.both(f"home_{key}")
    other_hint, size = ctx.tr.other(hint_key), 64 if ctx.theme.portrait else 56
    tile = BigButton(main, f"{ctx.tr(hint_key)}\n{other}", ctx.do(Session.choose, flow),
                     ctx.theme, TILE_COLOURS[key], primary_px=size, secondary_px=30,
                     other=(other, f"{other_hint}\n{main}"))  # fmt: skip
    tile.setObjectName(f"home_{key}")  # one type size in both languages: the same room in both
    tile.expand()
    tile.setMinimumHeight(300 if ctx.theme.portrait else 200)
    return tile


def _appointment_tile(ctx: ScreenContext) -> BigButton:
    """Until the server takes appointments: a slim tile saying so, explaining when tapped."""
    explain = ctx.do(Session.on_refused, "appointments_unavailable", Text("", ""), {})
    tile = BigButton(*ctx.both("home_checkin_closed"), explain, ctx.theme, GREY_INK,
                     primary_px=36, secondary_px=26)  # fmt: skip
    tile.setObjectName("home_checkin")
    return tile


def home_status(ctx: ScreenContext) -> tuple[str, str]:
    """The line over the tiles: how many are waiting, or that the hall is closed until when."""
    services = ctx.state.services
    if is_closed(services):
        opens = next_opening(services)
        if opens is None:
            return ctx.both("home_closed")
        now = datetime.now(opens.tzinfo)
        return ctx.tr.closed_until(opens, now), ctx.tr.other.closed_until(opens, now)
    hall = ctx.state.hall
    if hall is None:
        return "", ""
    return ctx.both("home_waiting", n=hall.waiting, eta=hall.eta_minutes)


def _tile_grid(tiles: list[BigButton], portrait: bool) -> QWidget:
    """Landscape: the tiles in one row. Portrait: two columns; with three, taking a ticket spans
    the first row."""
    if not portrait:
        return button_grid(tiles, len(tiles), spacing=32)
    if len(tiles) != 3:
        return button_grid(tiles, 2, spacing=32)
    grid = button_grid([], 2, spacing=32)
    layout = grid.layout()
    assert isinstance(layout, QGridLayout)
    layout.addWidget(tiles[0], 0, 0, 1, 2)
    layout.addWidget(tiles[1], 1, 0)
    layout.addWidget(tiles[2], 1, 1)
    return grid


def home(ctx: ScreenContext) -> QWidget:
    closed = is_closed(ctx.state.services)
    take = _tile(ctx, "take", Flow.TICKET, "home_take_closed" if closed else "home_take_hint")
    take.setEnabled(not closed)
    tiles = [take]
    if ctx.appointments is not False:
        tiles.append(_tile(ctx, "checkin", Flow.CHECKIN, "home_checkin_hint"))
    tiles += [_tile(ctx, "place", Flow.PLACE, "home_place_hint"),
              _tile(ctx, "guide", Flow.GUIDE, "home_guide_hint")]  # fmt: skip
    status = title_block(*home_status(ctx), role="closed" if closed else "big")
    status.setObjectName("home_status")
    grid = _tile_grid(tiles, ctx.theme.portrait)
    parts: list[QWidget] = [status, grid]
    if ctx.appointments is False:
        parts.append(_appointment_tile(ctx))
    hint = "home_swipe_hint_booked" if ctx.appointments and ctx.state.online else "home_swipe_hint"
    parts.append(title_block(*ctx.both(hint), role="big"))  # a swipe checks in once it can
    hall = ctx.state.hall
    for index, line in enumerate(hall.notices if hall else ()):  # the hall's notices (manager)
        notice = title_block(*ctx.text(line))
        notice.setObjectName(f"home_notice_{index}")
        parts.append(notice)
    return _page(*parts, grow=grid)


def categories(ctx: ScreenContext) -> QWidget:
    key = "guide_title" if ctx.state.flow == Flow.GUIDE else "categories_title"
    found = ctx.state.categories()
    if not found:
        return _page(title_block(*ctx.both(key)), title_block(*ctx.both("no_services"), "error"))
    buttons = []
    for code, name in found:
        main, other = ctx.text(name)
        button = BigButton(main, other, ctx.do(Session.pick_category, code), ctx.theme)
        button.setObjectName(f"category_{code}")
        buttons.append(button)
    grid = button_grid(buttons, ctx.theme.category_columns)
    return _page(title_block(*ctx.both(key)), grid)


def _service_detail(ctx: ScreenContext, tr: Tr, service: Service) -> str:
    guide = ctx.state.flow == Flow.GUIDE
    if not service.available and not guide and service.unavailable_reason is not None:
        return tr.text(service.unavailable_reason)
    detail = tr(
        "service_waiting", n=service.waiting, eta=wait_span(service.eta_minutes, service.eta_range)
    )
    return detail + " · " + tr("service_needs_id") if service.id_required else detail


def _service_button(ctx: ScreenContext, service: Service) -> BigButton:
    main, other = ctx.text(service.name)
    detail, other_detail = (
        _service_detail(ctx, ctx.tr, service),
        _service_detail(ctx, ctx.tr.other, service),
    )
    button = BigButton(main, f"{detail}\n{other}", ctx.do(Session.pick_service, service.code),
                       ctx.theme, primary_px=44, secondary_px=28,
                       other=(other, f"{other_detail}\n{main}"))  # fmt: skip
    button.setObjectName(f"service_{service.code}")
    button.setEnabled(service.available or ctx.state.flow == Flow.GUIDE)
    return button


def services(ctx: ScreenContext) -> QWidget:
    items = ctx.state.services_in(ctx.state.category)
    buttons: list[QWidget] = [_service_button(ctx, s) for s in items]
    grid = button_grid(buttons, ctx.theme.columns)
    return _page(title_block(*ctx.both("services_title")), grid)


def elsewhere_key(key: str, eta_minutes: int) -> str:
    """`key`, or its `_now` form for a hall where nobody waits ("无需等候", not "约等 0 分钟")."""
    return f"{key}_now" if eta_minutes == 0 else key


def suggest(ctx: ScreenContext) -> QWidget:
    """Another hall is much faster: say so, large, with its address; staying is the first
    button (a suggestion, never a block)."""
    other, service = ctx.state.suggested, ctx.state.service
    if other is None or service is None:
        return _page()
    here = wait_span(service.eta_minutes, service.eta_range)
    there = title_block(*ctx.both(elsewhere_key("suggest_there", other.eta_minutes),
                                  hall=other.name, eta=other.eta_minutes))  # fmt: skip
    there.setObjectName("suggest_there")
    parts: list[QWidget] = [
        title_block(*ctx.both("suggest_title", hall=other.name), role="big"),
        there,
        title_block(*ctx.both("suggest_address", address=other.address), role="big"),
        title_block(*ctx.both("suggest_here", eta=here), role="big"),
    ]
    stay = BigButton(*ctx.both("suggest_stay"), ctx.do(Session.stay_here), ctx.theme)
    stay.setObjectName("stay_here")
    go = BigButton(*ctx.both("suggest_go"), ctx.do(Session.go_elsewhere), ctx.theme, "#0B7A3E")
    go.setObjectName("go_elsewhere")
    parts.append(button_grid([stay, go], 2))
    return _page(*parts)


def swipe_page(
    ctx: ScreenContext, title: str, lines: list[tuple[str, str]], typing: str,
    step: SessionStep[[]],
) -> QWidget:  # fmt: skip
    """Swipe the card or scan a code, as `lines` (catalogue key, role) say; or tap to type on
    a keypad instead (`typing`: the button's catalogue key, also its object name)."""
    button = BigButton(*ctx.both(typing), ctx.do(step), ctx.theme)
    button.setObjectName(typing)
    told = [title_block(*ctx.both(line), role=role) for line, role in lines]
    return _page(title_block(*ctx.both(title)), *told, button)


def identify(ctx: ScreenContext) -> QWidget:
    lines = [("identify_body", "big"), ("identify_scan", "big")]
    return swipe_page(ctx, "identify_title", lines, "open_keypad", Session.open_keypad)


def _grouped(number: str) -> str:
    """`360426199101010071` -> `360426 19910101 0071`, easier to check against the card."""
    parts = [number[:6], number[6:14], number[14:]]
    return " ".join(part for part in parts if part)


def pad_display(text: str) -> QLabel:
    """What was typed on a keypad, large, in a white box ("—" before the first key)."""
    shown = label(text or "—", "big")
    shown.setObjectName("keypad_display")
    shown.setMinimumHeight(110)
    shown.setStyleSheet("background: white; border: 4px solid #0A3D91; border-radius: 12px;")
    return shown


def pad_ok(ctx: ScreenContext, ready: bool) -> BigButton:
    ok = BigButton(*ctx.both("keypad_ok"), ctx.do(Session.key_confirm), ctx.theme, "#0B7A3E")
    ok.setObjectName("key_ok")
    ok.setEnabled(ready)
    return ok


def pad_page(
    ctx: ScreenContext, left: list[QWidget], error_key: str, keys: list[QWidget]
) -> QWidget:
    """A keypad screen: title and display (`left`), the error line (its room kept, so the keys
    never move under a finger), then the keys; side by side on a landscape screen."""
    error = title_block(*ctx.both(error_key), role="error")
    error.setObjectName("keypad_error")
    for line in error.findChildren(QLabel):
        policy = line.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        line.setSizePolicy(policy)
        line.setVisible(ctx.state.keypad_error)
    left = [*left, error]
    if ctx.theme.portrait:
        return _page(*left, *keys)
    side = QWidget()  # landscape: what was typed on the left, the keys and OK on the right
    row = QHBoxLayout(side)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(32)
    for parts in (left, keys):
        column = QVBoxLayout()
        for part in parts:
            column.addWidget(part)
        column.addStretch(1)
        row.addLayout(column, 1)
    return _page(side, grow=side)


def pad_keys(ctx: ScreenContext, chars: str, role: str = "key") -> list[QWidget]:
    """One key per character, each typing it (`key_7`, `key_X`)."""
    keys: list[QWidget] = []
    for char in chars:
        key = quiet_button(char, ctx.do(Session.key_pressed, char), role=role)
        key.setObjectName(f"key_{char}")
        keys.append(key)
    return keys


def keypad(ctx: ScreenContext) -> QWidget:
    typed = ctx.state.keypad
    keys = pad_keys(ctx, "123456789X0")
    delete = quiet_button(ctx.tr("keypad_delete"), ctx.do(Session.key_delete), role="key")
    delete.setObjectName("key_delete")
    keys.append(delete)
    left: list[QWidget] = [title_block(*ctx.both("keypad_title")), pad_display(_grouped(typed))]
    grid = button_grid(keys, 3, spacing=16)
    return pad_page(ctx, left, "keypad_wrong", [grid, pad_ok(ctx, len(typed) == 18)])


def green(ctx: ScreenContext) -> QWidget:
    yes = BigButton(*ctx.both("yes"), ctx.do(Session.answer_green, True), ctx.theme, "#0B7A3E")
    yes.setObjectName("green_yes")
    no = BigButton(*ctx.both("no"), ctx.do(Session.answer_green, False), ctx.theme)
    no.setObjectName("green_no")
    for button in (yes, no):
        button.setMinimumHeight(240)
    return _page(
        title_block(*ctx.both("green_title")),
        title_block(*ctx.both("green_body"), role="big"),
        button_grid([yes, no], 2, spacing=32),
    )
