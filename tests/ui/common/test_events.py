"""The Qt adapter over the client's event follower: signals on the GUI thread, a clean stop."""

from __future__ import annotations

import uuid
from typing import Any

from pytestqt.qtbot import QtBot

from queue_server.client.kiosk import KioskClient
from ui.common.events import EventStream

WAIT_MS = 8000


def test_events_reach_qt_slots_and_stop_ends_the_thread(qtbot: QtBot, live_server: Any) -> None:
    kiosk = KioskClient(live_server.url, live_server.token("kiosk"), "qixia")
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
    with qtbot.waitSignal(stream.disconnected, timeout=WAIT_MS) as dropped:
        live_server.stop()
    assert dropped.args and isinstance(dropped.args[0], str)
    stream.stop()
    assert not stream.running
