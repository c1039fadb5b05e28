"""The Store's set-up use cases: the first admin of a real database; the demo accounts and
demo-tokens.json of a demo one (`--demo` only)."""

from __future__ import annotations

from pathlib import Path

from queue_server import auth
from queue_server.engine.errors import QueueError
from queue_server.engine.numbering import DEFAULT_TZ
from queue_server.engine.roles import Role
from queue_server.store import provision
from queue_server.store.store_tokens import TokenMethods
from queue_server.store.store_users import UserMethods
from queue_server.store.users import User, UserError


class ProvisionMethods(UserMethods, TokenMethods):
    def needs_first_admin(self) -> bool:
        """True while the database has no enabled admin (a new database)."""
        return not any(u.role == Role.ADMIN and not u.disabled for u in self.users())

    def add_first_admin(self, username: str, password: str) -> User:
        """The district-wide admin of a new database (a password of at least
        `provision.ADMIN_PASSWORD_MIN` characters)."""
        if len(password) < provision.ADMIN_PASSWORD_MIN:
            raise UserError(
                f"user {username!r}: the first admin's password needs at least "
                f"{provision.ADMIN_PASSWORD_MIN} characters"
            )
        return self.add_user(username, password, Role.ADMIN, auth.ALL_HALLS)

    def add_demo_users(self, *, cost: int | None = None) -> int:
        """The demo accounts not there yet (password `provision.DEMO_PASSWORD`); how many.

        `cost`: the hashes' scrypt n, by default `provision.DEMO_COST` (or the store's
        `password_cost` if lower)."""
        existing = {user.username for user in self.users()}
        added = 0
        for username, role, hall in provision.demo_accounts(self.district):
            if username not in existing:
                n = cost or min(provision.DEMO_COST, self.settings.password_cost)
                self.add_user(username, provision.DEMO_PASSWORD, role, hall, cost=n)
                added += 1
        return added

    def write_demo_tokens(self, server: str) -> Path:
        """demo-tokens.json beside the database (0600): new kiosk and display tokens for every
        hall, each recorded with label `demo`."""
        with self.db.write() as conn:
            tokens = provision.demo_tokens(
                conn, self.district, self.token_key, server=server, now=self.clock(), tz=DEFAULT_TZ
            )
        return provision.write_tokens(self.path, tokens)

    def ensure_demo_tokens(self, server: str) -> Path:
        """demo-tokens.json pointing at `server`; new tokens unless every hall's are valid."""
        data = provision.read_tokens(self.path)
        if data is None or not self._demo_tokens_valid(data):
            return self.write_demo_tokens(server)
        provision.set_demo_server(self.path, server)
        return provision.tokens_path(self.path)

    def set_demo_server(self, server: str) -> None:
        """Point demo-tokens.json (if any) at the address actually served."""
        provision.set_demo_server(self.path, server)

    def _demo_tokens_valid(self, data: dict[str, object]) -> bool:
        """Every hall has a kiosk and a display token that this database would accept."""
        for role in provision.DEVICE_ROLES:
            by_hall = data.get(role)
            if not isinstance(by_hall, dict) or set(by_hall) != set(self.district.halls):
                return False
            for token in by_hall.values():
                try:
                    token_id = auth.verify(self.token_key, str(token), self.clock()).token_id
                    if token_id is None:
                        return False
                    self.check_device_token(token_id)
                except QueueError:
                    return False
        return True
