"""The exchange over the server's own Store: for `serve` when `[platform]` is configured, and
for `queue-server sync status`."""

from __future__ import annotations

from queue_server.engine.errors import ConfigError
from queue_server.platform.job import PlatformExchange
from queue_server.platform.settings import PlatformSettings
from queue_server.platform.sink import Bookings
from queue_server.store import Store


def bookings_of(store: Store, source: str) -> Bookings:
    """The Store as the exchange's `Bookings` (issue 11's appointments implement it)."""
    if not isinstance(store, Bookings):
        raise ConfigError(source, "platform", "this server has no appointment store yet")
    return store


def exchange_for(
    store: Store, settings: PlatformSettings | None, source: str
) -> PlatformExchange | None:
    """The exchange the server runs over `store`, or None without `[platform]` in `source`."""
    if settings is None:
        return None
    secret = getattr(store.keys, "platform_secret", None)  # Keyring's, from issue 11's keys
    if not isinstance(secret, bytes):
        raise ConfigError(source, "platform", "the key file holds no platform secret")
    return PlatformExchange(bookings_of(store, source), settings, secret, store.clock)
