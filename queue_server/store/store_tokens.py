"""The Store's device-token use cases: mint one (recorded by id), list, revoke, check. Their
times are kept in the district's zone."""

from __future__ import annotations

from queue_server import auth
from queue_server.store import tokens as token_rows
from queue_server.store.store_base import StoreBase
from queue_server.store.tokens import DeviceToken, TokenError, TokenSpec


class TokenMethods(StoreBase):
    def create_device_token(self, spec: TokenSpec) -> tuple[DeviceToken, str]:
        """A new device token bound to `spec` and its record; the token is shown only here."""
        if spec.hall != auth.ALL_HALLS and spec.hall not in self.district.halls:
            raise TokenError(f"unknown hall {spec.hall!r}")
        with self.db.write() as conn:
            return token_rows.create(
                conn, self.token_key, spec, now=self.clock(), tz=self.district.timezone
            )

    def device_tokens(self) -> list[DeviceToken]:
        """Every device token minted, oldest first (records only: the tokens are not kept)."""
        with self.db.read() as conn:
            return token_rows.listing(conn)

    def revoke_device_token(self, token_id: str) -> DeviceToken:
        """The token stops working at once, in every server process on this database."""
        with self.db.write() as conn:
            return token_rows.revoke(conn, token_id, now=self.clock(), tz=self.district.timezone)

    def revoke_all_device_tokens(self) -> int:
        """Mark every usable token revoked (the token key was replaced: none verifies now)."""
        with self.db.write() as conn:
            return token_rows.revoke_all(conn, now=self.clock(), tz=self.district.timezone)

    def check_device_token(self, token_id: str) -> None:
        """Unauthorized (`invalid_token`, `token_revoked`) unless the token is on record and
        not revoked; its signature and expiry are `auth.verify`'s."""
        with self.db.read() as conn:
            token_rows.check(conn, token_id)
