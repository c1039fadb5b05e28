"""In-process app fixtures for route tests: a store on the sample district, a TestClient, tokens."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from queue_server.api.app import create_app
from queue_server.api.state import AppState
from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.store import Settings, Store
from queue_server.store.tokens import TokenSpec
from queue_server.store.users import password_cost
from tests.queue_server._district import id_number


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(shanghai(2026, 11, 27, 10, 0))


@pytest.fixture
def store(tmp_path: Path, clock: MovableClock) -> Store:
    settings = Settings(check_hours=False, password_cost=password_cost(os.environ))  # low: conftest
    store = Store(tmp_path / "queue.db", load_district(), clock=clock, settings=settings)
    store.add_demo_users()
    return store


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(AppState(store))) as client:
        yield client


def bearer(
    store: Store,
    role: str,
    hall: str = "qixia",
    window: int | None = None,
    ttl: timedelta = timedelta(hours=1),
) -> dict[str, str]:
    """A device token's header, recorded in the store as `queue-server token create` does."""
    _, token = store.create_device_token(TokenSpec(role, hall, window, ttl=ttl))
    return {"Authorization": f"Bearer {token}"}


def ticket_body(serial: int = 1, service: str = "HJ01") -> dict[str, object]:
    return {"service": service, "id_card": {"number": id_number(serial), "name": "王小明"}}
