"""Fixtures of the client tests: a misbehaving stub server (the real one is tests/fixtures)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.queue_server.client.stub import StubServer, running_stub


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with running_stub() as server:
        yield server
