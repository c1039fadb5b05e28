"""Running the app on uvicorn."""

from __future__ import annotations

import gc
import logging
from datetime import timedelta

import uvicorn

from queue_server.api.app import create_app
from queue_server.api.state import AppState, ServerSettings
from queue_server.store import Store

log = logging.getLogger(__name__)


def serve(store: Store, *, host: str, port: int, heartbeat: float, login_ttl: timedelta) -> None:
    """Serve until interrupted; open event streams get two seconds to end on shutdown."""
    state = AppState(store, ServerSettings(heartbeat_seconds=heartbeat, login_ttl=login_ttl))
    app = create_app(state)
    log.info("queue-server on http://%s:%d (database %s)", host, port, store.path)
    gc.collect()
    gc.freeze()  # start-up objects (district, app) need not be scanned by every full collection
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=2,
    )
