"""Running the app on uvicorn."""

from __future__ import annotations

import gc
import logging
from datetime import datetime, timedelta

import uvicorn

from queue_server.api.app import create_app
from queue_server.api.state import AppState, ServerSettings
from queue_server.notify.outbox import notifier_for
from queue_server.notify.rules import NotifyConfig
from queue_server.platform.job import PlatformExchange
from queue_server.protocol import guarded_h11
from queue_server.store import Store

log = logging.getLogger(__name__)


def serve(
    store: Store,
    *,
    host: str,
    port: int,
    heartbeat: float,
    login_ttl: timedelta,
    clock_start: datetime | None = None,
    read_timeout: float = 10.0,
    platform: PlatformExchange | None = None,
    notify: NotifyConfig | None = None,
) -> None:
    """Serve until interrupted; open event streams get two seconds to end on shutdown.

    `clock_start`: the moment the store's clock started at (`--clock-start`), told by health.
    `read_timeout`: seconds a client has to send a whole request (see `protocol.GuardedH11`).
    `platform`: the exchange with the online platform (`[platform]`), run as background jobs.
    `notify`: the district's `[notify]` settings; their notifier sends the outbox.
    """
    settings = ServerSettings(
        heartbeat_seconds=heartbeat, login_ttl=login_ttl, clock_start=clock_start
    )
    notifier = notifier_for(store, notify or NotifyConfig())
    app = create_app(AppState(store, settings, platform=platform, notifier=notifier))
    log.info("queue-server on http://%s:%d (database %s)", host, port, store.path)
    if clock_start is not None:
        log.warning("the clock started at %s (--clock-start), not at the real time", clock_start)
    gc.collect()
    gc.freeze()  # start-up objects (district, app) need not be scanned by every full collection
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=2,
        http=guarded_h11(read_timeout),
    )
