"""The Store's administration use cases (managers: window services and state, notices, clerk
accounts, device tokens; admins: halls and services), each one write transaction that also
writes its audit row and its event.

Overrides of the district file live in the database (`store.admin`). After each commit that
changed one, the Store swaps in the configured District rebuilt with every override: District
objects stay immutable, every reader (calling's `Desk.services`, estimates, views, dispatch)
keeps reading `store.district`, and a request sees either the old district or the new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from queue_server.engine import errors
from queue_server.engine.admin_errors import InvalidServices, InvalidSettings
from queue_server.engine.district import District, Hall, Window
from queue_server.store import admin, audit, eventlog
from queue_server.store import windows as window_rows
from queue_server.store.audit import Change
from queue_server.store.store_base import StoreBase
from queue_server.store.timeutil import stored
from queue_server.store.views import admin as admin_views
from queue_server.store.views.windows import one_window

# What an admin change does inside its transaction: the audit row and the events it logs.
Work = Callable[[sqlite3.Connection, datetime], tuple[Change, list[eventlog.Event]]]


class AdminMethods(StoreBase):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.configured = self.district  # the district file as read; overrides go on top
        with self.db.read() as conn:
            self.district = admin.with_overrides(self.configured, admin.load(conn))

    # --- windows ----------------------------------------------------------------------------

    def set_window_services(
        self, hall_id: str, number: int, services: list[str], editor: audit.Editor
    ) -> dict[str, Any]:
        """The window serves `services` (in that preference order) from the next call on."""
        hall = self.hall(hall_id)
        window = window_of(hall, number)
        _check_services(hall, services)

        def work(conn: sqlite3.Connection, now: datetime) -> tuple[Change, list[eventlog.Event]]:
            key = admin.window_key(hall.id, number)
            admin.put(
                conn, admin.WINDOW, key, {"services": services}, at=_at(now, hall), by=editor.name
            )
            event = eventlog.append(
                conn, hall, "window.changed", now=now, actor=editor.name, window=window,
                services=services, before={"services": list(window.services)},
                after={"services": services},
            )  # fmt: skip
            return Change("window.services", key, list(window.services), services), [event]

        self._administer(hall.id, editor, work)
        return self._window_view(hall_id, number)

    def set_window_state(
        self, hall_id: str, number: int, state: str, reason: str | None, editor: audit.Editor
    ) -> dict[str, Any]:
        """Open, pause (with a reason) or close a window of the hall."""
        hall = self.hall(hall_id)
        window_of(hall, number)

        def work(conn: sqlite3.Connection, now: datetime) -> tuple[Change, list[eventlog.Event]]:
            before = admin_views.window_state(conn, hall.id, number)
            event = window_rows.set_state(
                conn, hall, number, state=state, reason=reason, actor=editor.name, now=now
            )
            after = admin_views.window_state(conn, hall.id, number)
            return Change("window.state", admin.window_key(hall.id, number), before, after), [event]

        self._administer(hall.id, editor, work)
        return self._window_view(hall_id, number)

    # --- notices ----------------------------------------------------------------------------

    def notices(self, hall_id: str) -> list[dict[str, str]]:
        """The hall's notice lines (board and kiosk), [] when none were set."""
        hall = self.hall(hall_id)
        with self.db.read() as conn:
            return admin.notice_lines(conn, hall.id)

    def set_notices(
        self, hall_id: str, lines: list[dict[str, str]], editor: audit.Editor
    ) -> list[dict[str, str]]:
        """Replace the hall's notice lines; the board and the kiosks follow `hall.notices`."""
        hall = self.hall(hall_id)

        def work(conn: sqlite3.Connection, now: datetime) -> tuple[Change, list[eventlog.Event]]:
            before = admin.notice_lines(conn, hall.id)
            admin.put(
                conn, admin.NOTICES, hall.id, {"lines": lines}, at=_at(now, hall), by=editor.name
            )
            event = eventlog.append(
                conn, hall, "hall.notices", now=now, actor=editor.name, notices=lines
            )
            return Change("hall.notices", hall.id, before, lines), [event]

        self._administer(hall.id, editor, work)
        return lines

    # --- the district (admins) ----------------------------------------------------------------

    def district_settings(self) -> dict[str, Any]:
        """Every hall's hours, target wait and services, every service's daily cap."""
        return admin_views.district_settings(self.district)

    def set_hall_settings(
        self, hall_id: str, changes: dict[str, Any], editor: audit.Editor
    ) -> dict[str, Any]:
        """Change a hall's `hours`, `target_wait_minutes` and/or `services` (those given)."""
        hall = self.hall(hall_id)
        _check_hall_changes(self.district, changes)
        before = admin_views.hall_settings(hall)

        def work(conn: sqlite3.Connection, now: datetime) -> tuple[Change, list[eventlog.Event]]:
            merged = {**(admin.get(conn, admin.HALL, hall.id) or {}), **changes}
            admin.put(conn, admin.HALL, hall.id, merged, at=_at(now, hall), by=editor.name)
            shown = {key: before[key] for key in changes}
            event = eventlog.append(
                conn, hall, "hall.changed", now=now, actor=editor.name, before=shown, after=changes
            )
            return Change("hall.settings", hall.id, shown, changes), [event]

        self._administer(hall.id, editor, work)
        return admin_views.hall_settings(self.hall(hall_id))

    def set_daily_cap(self, code: str, cap: int | None, editor: audit.Editor) -> dict[str, Any]:
        """A service's daily cap (None: no cap), in every hall offering it."""
        service = self.district.services.get(code)
        if service is None:
            raise errors.UnknownService(code)

        def work(conn: sqlite3.Connection, now: datetime) -> tuple[Change, list[eventlog.Event]]:
            at = stored(now, self.district.timezone)
            admin.put(conn, admin.SERVICE, code, {"daily_cap": cap}, at=at, by=editor.name)
            events = [
                eventlog.append(
                    conn,
                    hall,
                    "hall.changed",
                    now=now,
                    actor=editor.name,
                    before={"daily_cap": {code: service.daily_cap}},
                    after={"daily_cap": {code: cap}},
                )  # fmt: skip
                for hall in self.district.halls.values()
                if code in hall.services
            ]
            return Change("service.daily_cap", code, service.daily_cap, cap), events

        self._administer(None, editor, work)
        return {"code": code, "daily_cap": cap}

    # --- the audit log ----------------------------------------------------------------------

    def audit_entries(
        self, hall_id: str | None, since: str = "", until: str = "9999"
    ) -> list[dict[str, Any]]:
        """Audit rows of a hall (or, None, of the whole district), newest first."""
        if hall_id is not None:
            self.hall(hall_id)
        with self.db.read() as conn:
            rows = audit.entries(conn, hall_id, since=since, until=until)
        return [admin_views.entry_view(row) for row in rows]

    # --- plumbing ---------------------------------------------------------------------------

    def _administer(self, hall_id: str | None, editor: audit.Editor, work: Work) -> None:
        """Run `work` with its audit row in one write transaction; then publish its events and
        swap in the district its overrides make (once the change is durable)."""
        now = self.now()
        with self.db.write() as conn:
            change, events = work(conn, now)
            at = stored(now, self.district.timezone)
            audit.append(conn, change, at=at, actor=editor.name, role=editor.role, hall=hall_id)
            rebuilt = admin.with_overrides(self.configured, admin.load(conn))
        self.db.after_commit(lambda: self._swap(rebuilt))  # before the events' listeners run
        self._publish(events)

    def _window_view(self, hall_id: str, number: int) -> dict[str, Any]:
        with self.db.read() as conn:
            return one_window(conn, self.district, self.hall(hall_id), number, self.clock())

    def _swap(self, district: District) -> None:
        self.district = district  # one assignment: a request sees the old district or the new


def window_of(hall: Hall, number: int) -> Window:
    window = hall.window(number)
    if window is None:
        raise errors.UnknownWindow(hall.id, number)
    return window


def _check_services(hall: Hall, services: list[str]) -> None:
    if not services:
        raise InvalidServices(hall.id, "至少选择一项", "choose at least one")
    if len(set(services)) != len(services):
        raise InvalidServices(hall.id, "事项重复", "a service is listed twice")
    missing = [code for code in services if code not in hall.services]
    if missing:
        listed = ", ".join(missing)
        raise InvalidServices(
            hall.id, f"本大厅不办理 {listed}", f"the hall does not offer {listed}"
        )


def _check_hall_changes(district: District, changes: dict[str, Any]) -> None:
    unknown = [code for code in changes.get("services", ()) if code not in district.services]
    if unknown:
        listed = ", ".join(unknown)
        raise InvalidSettings(f"未知事项 {listed}", f"unknown services {listed}")
    for period in changes.get("hours", ()):
        if not period["days"] or period["close"] <= period["open"]:
            raise InvalidSettings(
                f"营业时间 {period['open']}–{period['close']} 无效",
                f"opening hours {period['open']}-{period['close']}: give days, close after open",
            )


def _at(now: datetime, hall: Hall) -> str:
    return stored(now, hall.timezone)
