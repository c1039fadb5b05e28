"""The Store's user use cases: add, list, disable, verify a password, check an account (the
first admin and the demo accounts: `store_provision`)."""

from __future__ import annotations

from queue_server.store import users as user_rows
from queue_server.store.store_base import StoreBase
from queue_server.store.timeutil import stored
from queue_server.store.users import PasswordHash, User, UserError


class UserMethods(StoreBase):
    def add_user(
        self,
        username: str,
        password: str,
        role: str,
        hall: str,
        window: int | None = None,
        *,
        cost: int | None = None,
    ) -> User:
        """A new user; `cost` is the hash's scrypt n (default: the store's `password_cost`)."""
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
                n=cost or self.settings.password_cost,
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
        """The user if the password is right and the account enabled, else None.

        Takes as long for an unknown or disabled user as for a wrong password. A hash made with
        older parameters is replaced by one at `password_cost` on this good login.
        """
        with self.db.read() as conn:
            found = user_rows.credentials(conn, username)
        parsed = PasswordHash.parse(found[1]) if found else None
        if found is None or parsed is None:
            user_rows.spend_like_a_check(password, self.settings.password_cost)
            return None
        user, old_hash = found
        if not parsed.matches(password) or user.disabled:
            return None
        if parsed.outdated(self.settings.password_cost):
            self._rehash(username, password, old_hash)
        return user

    def _rehash(self, username: str, password: str, old_hash: str) -> None:
        new = user_rows.hash_password(password, n=self.settings.password_cost)
        with self.db.write() as conn:
            user_rows.replace_hash(conn, username, old=old_hash, new=new)

    def user_enabled(self, username: str) -> bool:
        with self.db.read() as conn:
            return user_rows.is_enabled(conn, username)
