"""The device hub's calls, made on its reader threads, arrive on the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

from devices.sim.identities import LI_XIUYING
from kiosk.config import DeviceConfig
from kiosk.hardware import DeviceHub
from queue_server.client.models import IdentityCard
from ui.kiosk.devices import OnGuiThread


class Heard:
    """A plain DeviceListener (no QObject) writing down each call and the thread it ran on."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], int]] = []

    def card_read(self, card: IdentityCard) -> None:
        self.calls.append(("card_read", (card.number,), threading.get_ident()))

    def code_scanned(self, text: str) -> None:
        self.calls.append(("code_scanned", (text,), threading.get_ident()))

    def device_problem(self, device: str, message: str) -> None:
        self.calls.append(("device_problem", (device, message), threading.get_ident()))


def test_calls_from_another_thread_are_delivered_on_the_gui_thread(qtbot: Any) -> None:
    heard = Heard()
    bridge = OnGuiThread(heard)

    def device_thread() -> None:
        bridge.card_read(IdentityCard("120103198806010022", "李秀英"))
        bridge.code_scanned("BOOK-7")
        bridge.device_problem("scanner", "port /dev/ttyUSB1 vanished")

    worker = threading.Thread(target=device_thread)
    worker.start()
    worker.join()
    assert heard.calls == [], "nothing runs on the device thread"
    qtbot.waitUntil(lambda: len(heard.calls) == 3, timeout=3000)
    gui = threading.get_ident()
    assert heard.calls == [
        ("card_read", ("120103198806010022",), gui),
        ("code_scanned", ("BOOK-7",), gui),
        ("device_problem", ("scanner", "port /dev/ttyUSB1 vanished"), gui),
    ]


def test_a_simulated_card_reaches_the_gui_thread_through_the_hub(qtbot: Any) -> None:
    heard = Heard()
    hub = DeviceHub(DeviceConfig(idcard="sim", scanner="none"), OnGuiThread(heard))

    def cards() -> list[tuple[str, tuple[Any, ...], int]]:
        return [call for call in heard.calls if call[0] == "card_read"]

    hub.start()
    try:
        hub.sim_idcard.present(LI_XIUYING)
        qtbot.waitUntil(lambda: bool(cards()), timeout=5000)
    finally:
        hub.stop()
    assert cards() == [("card_read", (LI_XIUYING.id_number,), threading.get_ident())]
