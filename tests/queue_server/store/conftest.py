"""Store fixtures: every store test runs on a database file and on an in-memory database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from queue_server.clock import MovableClock, shanghai
from queue_server.engine.district import District
from queue_server.store import MEMORY, Durability, Settings, Store
from tests.queue_server._district import small_district

MakeStore = Callable[..., Store]


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(shanghai(2026, 11, 27, 10, 0))


@pytest.fixture(params=["file", "memory"])
def store_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
def make_store(tmp_path: Path, store_kind: str, clock: MovableClock) -> Iterator[MakeStore]:
    """`make_store(district=None, name="queue.db", **options)`: a file store (durable, as
    `serve` runs) or a memory store (durability off, as a simulation runs)."""
    made: list[Store] = []

    def make(district: District | None = None, name: str = "queue.db", **options: Any) -> Store:
        options.setdefault("clock", clock)
        if store_kind == "memory":
            options.setdefault("durability", Durability.OFF)
        path = MEMORY if store_kind == "memory" else tmp_path / name
        store = Store(path, district or small_district(), **options)
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()


@pytest.fixture
def store(make_store: MakeStore) -> Store:
    return make_store(settings=Settings(check_hours=False))
