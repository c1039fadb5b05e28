"""The Qt adapter over the client's event follower: signals on the GUI thread, a clean stop."""

from __future__ import annotations

import uuid
from typing import Any

from pytestqt.qtbot import QtBot

from queue_server.client.kiosk import KioskClient
from tests.fixtures.live_server import free_port
from ui.common.events import EventStream

WAIT_MS = 8000


def test_events_and_heartbeats_reach_qt_slots(qtbot: QtBot, live_server_session: Any) -> None:
    server = live_server_session
    kiosk = KioskClient(server.url, server.token("kiosk"), "qixia")
    stream = EventStream(kiosk.follow_events(read_timeout=5.0))
    received: list[tuple[str, dict[str, Any]]] = []
    stream.received.connect(lambda kind, data: received.append((kind, data)))
    with qtbot.waitSignal(stream.connected, timeout=WAIT_MS):
        stream.start()
    assert stream.running
    ticket = kiosk.issue("ZX01", uuid.uuid4().hex)
    qtbot.waitUntil(lambda: bool(received), timeout=WAIT_MS)
    assert received[0][0] == "ticket.issued"
    assert received[0][1]["ticket"]["number"] == ticket.number
    qtbot.waitSignal(stream.heartbeat, timeout=WAIT_MS).wait()
    stream.stop()
    assert not stream.running


def test_a_lost_server_is_reported_and_stop_ends_the_thread(qtbot: QtBot) -> None:
    nobody = KioskClient(f"http://127.0.0.1:{free_port()}", "T", "qixia")
    stream = EventStream(nobody.follow_events(max_backoff=0.2))
    with qtbot.waitSignal(stream.disconnected, timeout=WAIT_MS) as dropped:
        stream.start()
    assert dropped.args is not None and dropped.args[0].startswith("GET http://127.0.0.1:")
    stream.stop()
    assert not stream.running
