"""The Store's dashboard sessions (log-in by browser cookie; `store.sessions`)."""

from __future__ import annotations

from datetime import timedelta

from queue_server.store import sessions
from queue_server.store.sessions import Session
from queue_server.store.store_base import StoreBase


class SessionMethods(StoreBase):
    def open_session(self, username: str, ttl: timedelta) -> tuple[str, int]:
        """A new browser session of a verified user: (cookie id, expiry in unix seconds)."""
        with self.db.write() as conn:
            return sessions.open_session(conn, username, now=self.clock(), ttl=ttl)

    def session(self, session_id: str) -> Session | None:
        """The live session of a cookie id (None: unknown, expired, logged out or disabled)."""
        with self.db.read() as conn:
            return sessions.find(conn, session_id, self.clock())

    def close_session(self, session_id: str) -> None:
        """Log-out: the cookie id stops working at once."""
        with self.db.write() as conn:
            sessions.close(conn, session_id)
