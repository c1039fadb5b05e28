"""The device hub without Qt: simulated readers on ptys tell a plain listener, on their threads."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from devices.sim.identities import ZHANG_SANFENG
from kiosk.config import DeviceConfig
from kiosk.hardware import DeviceHub
from queue_server.client.models import IdentityCard


class Heard:
    """A DeviceListener writing down every call and the thread it came on."""

    def __init__(self) -> None:
        self.calls: queue.Queue[tuple[str, tuple[Any, ...], int]] = queue.Queue()

    def card_read(self, card: IdentityCard) -> None:
        self.calls.put(("card_read", (card,), threading.get_ident()))

    def code_scanned(self, text: str) -> None:
        self.calls.put(("code_scanned", (text,), threading.get_ident()))

    def device_problem(self, device: str, message: str) -> None:
        self.calls.put(("device_problem", (device, message), threading.get_ident()))

    def next(self) -> tuple[str, tuple[Any, ...], int]:
        return self.calls.get(timeout=5)


@pytest.fixture
def heard() -> Heard:
    return Heard()


@pytest.fixture
def started(heard: Heard) -> Iterator[DeviceHub]:
    hub = DeviceHub(DeviceConfig(idcard="sim", scanner="sim", printer="sim"), heard)
    hub.start()
    yield hub
    hub.stop()


def test_a_card_and_a_scan_reach_the_listener_on_the_device_threads(
    started: DeviceHub, heard: Heard
) -> None:
    started.sim_idcard.present(ZHANG_SANFENG)
    name, (card,), thread = heard.next()
    assert (name, card.number, card.name) == ("card_read", "360426199101010071", "张三丰")
    assert thread != threading.get_ident()
    started.sim_scanner.scan("BOOK-2026-0042")
    name, args, thread = heard.next()
    assert (name, args) == ("code_scanned", ("BOOK-2026-0042",))
    assert thread != threading.get_ident()


def test_a_reader_that_cannot_be_opened_is_a_device_problem(heard: Heard) -> None:
    hub = DeviceHub(DeviceConfig(idcard="/dev/no-such-reader", scanner="none"), heard)
    hub.start()
    try:
        name, (device, message), _ = heard.next()
    finally:
        hub.stop()
    assert (name, device) == ("device_problem", "idcard")
    assert "/dev/no-such-reader" in message


def test_none_and_wedge_start_no_reader(heard: Heard) -> None:
    hub = DeviceHub(DeviceConfig(idcard="none", scanner="wedge"), heard)
    hub.start()
    hub.stop()
    assert (hub.sim_idcard, hub.sim_scanner) == (None, None)
    assert heard.calls.empty()
