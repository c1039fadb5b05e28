"""The `[platform]` table of district.toml as a typed object (read by `config_loader`)."""

from __future__ import annotations

from dataclasses import dataclass


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
