"""The exchange over the server's own Store: for `serve` when `[platform]` is configured, and
for `queue-server sync status`."""

from __future__ import annotations

from queue_server.platform.job import PlatformExchange
from queue_server.platform.settings import PlatformSettings
from queue_server.store import Store


def exchange_for(
    store: Store, settings: PlatformSettings | None, source: str
) -> PlatformExchange | None:
    """The exchange the server runs over `store`, or None without `[platform]` in `source`."""
    if settings is None:
        return None
    return PlatformExchange(store, settings, store.keys.platform_secret, store.clock)
