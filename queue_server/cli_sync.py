"""`queue-server sync status`: the exchange with the online platform as the store records it
(cursor, last success, pending outcomes, errors). Exit status 1 while the last run had errors."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from queue_server.config_loader import SAMPLE_PATH, load_platform
from queue_server.platform.job import PlatformExchange
from queue_server.platform.settings import PlatformSettings
from queue_server.platform.sink import Bookings
from queue_server.platform.wiring import exchange_for
from queue_server.store import Store
from queue_server.store.timeutil import local


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    db_arg: Callable[[argparse.ArgumentParser], None],
) -> None:
    parser = commands.add_parser("sync", help="the exchange with the online platform")
    actions = parser.add_subparsers(dest="action", required=True)
    status = actions.add_parser("status", help="cursor, last success, pending outcomes, errors")
    db_arg(status)


def source_of(config: Path | None) -> str:
    return str(config or SAMPLE_PATH)


def exchange(store: Store, config: Path | None) -> PlatformExchange | None:
    """What `serve` runs: the exchange of `[platform]` in the district file, or None."""
    return exchange_for(store, load_platform(config), source_of(config))


def status_lines(
    bookings: Bookings, settings: PlatformSettings | None, timezone: str
) -> tuple[list[str], bool]:
    """The lines `sync status` prints, and whether the last run had errors."""
    state = bookings.sync_state()
    where = (
        f"{settings.feed_url} (app key {settings.app_key})"
        if settings
        else "not configured (no [platform] in the district file): push only"
    )
    error = state.get("last_error")
    lines = [
        f"platform: {where}",
        f"cursor: {state.get('cursor') or '(none: the next run reads the feed from the start)'}",
        f"last success: {shown_moment(state.get('last_success'), timezone) or 'never'}",
        f"pending outcomes: {state.get('pending_outcomes')}",
        f"errors: {error or 'none'}",
    ]
    return lines, bool(error)


def status_of(store: Store, config: Path | None) -> tuple[list[str], bool]:
    return status_lines(store, load_platform(config), store.district.timezone)


def shown_moment(value: object, timezone: str) -> str | None:
    """A stored ISO moment in the district's zone, to the second (None: never)."""
    if not isinstance(value, str):
        return None
    return local(datetime.fromisoformat(value), timezone).isoformat(timespec="seconds")
