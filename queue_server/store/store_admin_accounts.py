"""The Store's hall-account use cases for managers: list, add, disable and enable the hall's
clerk accounts; list and revoke its kiosk, display and pad tokens. Each lands in the audit log
(usernames and token ids only: never a password, hash or token)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from queue_server.engine.admin_errors import AccountExists, UnknownAccount, UnknownDeviceToken
from queue_server.engine.roles import Role
from queue_server.store import audit, eventlog, tokens, users
from queue_server.store.audit import Change
from queue_server.store.store_admin import AdminMethods, window_of
from queue_server.store.timeutil import stored
from queue_server.store.views import admin as admin_views

HALL_DEVICES = (Role.KIOSK, Role.DISPLAY, Role.PAD)  # the tokens a hall's manager may revoke
Done = tuple[Change, list[eventlog.Event]]


class AccountMethods(AdminMethods):
    def hall_accounts(self, hall_id: str) -> list[dict[str, Any]]:
        """The hall's clerk accounts, by name."""
        hall = self.hall(hall_id)
        with self.db.read() as conn:
            found = users.listing(conn)
        return [admin_views.account_view(u) for u in found if _clerk_of(u, hall.id)]

    def add_clerk(
        self, hall_id: str, username: str, password: str, window: int | None, editor: audit.Editor
    ) -> dict[str, Any]:
        """A new clerk account of the hall (optionally bound to one window)."""
        hall = self.hall(hall_id)
        if window is not None:
            window_of(hall, window)

        def work(conn: sqlite3.Connection, now: datetime) -> Done:
            if users.credentials(conn, username) is not None:
                raise AccountExists(username)
            user = users.add(
                conn, username, password, Role.CLERK, hall.id, window,
                created_at=stored(now, "UTC"), n=self.settings.password_cost,
            )  # fmt: skip
            return Change("account.add", username, None, admin_views.account_view(user)), []

        self._administer(hall.id, editor, work)
        return self._account(hall.id, username)

    def set_clerk_disabled(
        self, hall_id: str, username: str, disabled: bool, editor: audit.Editor
    ) -> dict[str, Any]:
        """Disable (their tokens stop working at once) or enable again a clerk of the hall."""
        before = self._account(self.hall(hall_id).id, username)

        def work(conn: sqlite3.Connection, now: datetime) -> Done:
            users.set_disabled(conn, username, disabled)
            action = "account.disable" if disabled else "account.enable"
            return Change(
                action, username, {"disabled": before["disabled"]}, {"disabled": disabled}
            ), []

        self._administer(hall_id, editor, work)
        return self._account(hall_id, username)

    def hall_device_tokens(self, hall_id: str) -> list[dict[str, Any]]:
        """The kiosk, display and pad tokens minted for the hall, oldest first."""
        hall = self.hall(hall_id)
        now = self.clock()
        with self.db.read() as conn:
            found = tokens.listing(conn)
        return [admin_views.token_view(t, now) for t in found if _device_of(t, hall.id)]

    def revoke_hall_token(
        self, hall_id: str, token_id: str, editor: audit.Editor
    ) -> dict[str, Any]:
        """Revoke one of the hall's device tokens: refused from its next request on."""
        before = next((t for t in self.hall_device_tokens(hall_id) if t["id"] == token_id), None)
        if before is None:
            raise UnknownDeviceToken(hall_id, token_id)

        def work(conn: sqlite3.Connection, now: datetime) -> Done:
            record = tokens.revoke(conn, token_id, now=now, tz=self.district.timezone)
            after = admin_views.token_view(record, now)
            shown = (
                {"state": before["state"]},
                {"state": after["state"], "revoked_at": after["revoked_at"]},
            )
            return Change("token.revoke", token_id, *shown), []

        self._administer(hall_id, editor, work)
        return next(t for t in self.hall_device_tokens(hall_id) if t["id"] == token_id)

    def _account(self, hall_id: str, username: str) -> dict[str, Any]:
        found = next((a for a in self.hall_accounts(hall_id) if a["username"] == username), None)
        if found is None:
            raise UnknownAccount(hall_id, username)
        return found


def _clerk_of(user: users.User, hall: str) -> bool:
    return user.role == Role.CLERK and user.hall == hall


def _device_of(token: tokens.DeviceToken, hall: str) -> bool:
    return token.role in HALL_DEVICES and token.hall == hall
