"""The Store's user use cases: add, list, disable, verify a password, check an account (the
first admin and the demo accounts: `store_provision`)."""

from __future__ import annotations

from queue_server.store import users as user_rows
from queue_server.store.store_base import StoreBase
from queue_server.store.timeutil import stored
from queue_server.store.users import SCRYPT_N, User, UserError


class UserMethods(StoreBase):
    def add_user(
        self,
        username: str,
        password: str,
        role: str,
        hall: str,
        window: int | None = None,
        *,
        cost: int = SCRYPT_N,
    ) -> User:
        if hall != "*" and hall not in self.district.halls:
            raise UserError(f"user {username!r}: unknown hall {hall!r}")
        with self.db.write() as conn:
            return user_rows.add(
                conn,
                username,
                password,
                role,
                hall,
                window,
                created_at=stored(self.clock(), "UTC"),
                n=cost,
            )

    def users(self) -> list[User]:
        """Every user, by name."""
        with self.db.read() as conn:
            return user_rows.listing(conn)

    def disable_user(self, username: str) -> None:
        """The user can no longer log in, and their tokens stop working."""
        with self.db.write() as conn:
            user_rows.set_disabled(conn, username, True)

    def verify_user(self, username: str, password: str) -> User | None:
        """The user if the password is right and the account enabled, else None."""
        with self.db.read() as conn:
            return user_rows.verify(conn, username, password)

    def user_enabled(self, username: str) -> bool:
        with self.db.read() as conn:
            return user_rows.is_enabled(conn, username)
