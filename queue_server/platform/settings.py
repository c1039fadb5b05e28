"""The `[platform]` table of district.toml as a typed object (read by `config_loader`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import urlsplit

from queue_server.config_reader import Node


@dataclass(frozen=True)
class PlatformSettings:
    """Where the platform's feed and outcome endpoints are, who we are to it, and how often and
    how patiently we talk to it. The shared secret is in the key file, never here."""

    feed_url: str  # GET: the bookings feed (PLATFORM.md, Pull)
    outcomes_url: str  # POST: one outcome each (PLATFORM.md, Outcomes)
    app_key: str  # our id at the platform, sent as X-App-Key
    interval_seconds: float = 60.0  # between two pull runs
    outcomes_interval_seconds: float = 5.0  # between two rounds of sending outcomes
    timeout_seconds: float = 10.0  # connect and read, per request
    page_size: int = 100
    attempts: int = 4  # per request within one run, before the run gives up
    backoff_seconds: float = 1.0  # the first retry's wait; doubled each time
    backoff_max_seconds: float = 300.0  # the longest wait (also between outcome retries)


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def settings_from(node: Node) -> PlatformSettings:
    """`[platform]` of district.toml; a bad value raises `ConfigError` naming the key."""
    node.only(*(f.name for f in dataclasses.fields(PlatformSettings)))
    default = PlatformSettings("", "", "")
    seconds = {
        name: node.number(name, getattr(default, name))
        for name in (
            "interval_seconds",
            "outcomes_interval_seconds",
            "timeout_seconds",
            "backoff_seconds",
            "backoff_max_seconds",
        )
    }
    return PlatformSettings(
        feed_url=_url(node, "feed_url"),
        outcomes_url=_url(node, "outcomes_url"),
        app_key=node.string("app_key"),
        page_size=node.integer("page_size", default.page_size),
        attempts=node.integer("attempts", default.attempts),
        **seconds,
    )


def _url(node: Node, name: str) -> str:
    """https, or http only to this machine: the feed carries ID numbers."""
    value = node.string(name)
    parts = urlsplit(value)
    local = parts.scheme == "http" and parts.hostname in LOOPBACK
    if not (parts.scheme == "https" or local) or not parts.hostname:
        node.fail(name, f"expected an https:// URL (http:// only to 127.0.0.1), got {value!r}")
    return value
