"""The device hub's calls, made on the device threads, handed over to the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.hardware import DeviceListener
from queue_server.client.models import IdentityCard


class OnGuiThread(QObject):
    """A DeviceListener that passes every call on to `listener` on the GUI thread.

    It lives on the GUI thread, so a signal it emits on a device thread is queued there.
    """

    _card = Signal(object)  # IdentityCard
    _code = Signal(str)
    _problem = Signal(str, str)  # device, message

    def __init__(self, listener: DeviceListener, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._card.connect(listener.card_read)
        self._code.connect(listener.code_scanned)
        self._problem.connect(listener.device_problem)

    def card_read(self, card: IdentityCard) -> None:
        self._card.emit(card)

    def code_scanned(self, text: str) -> None:
        self._code.emit(text)

    def device_problem(self, device: str, message: str) -> None:
        self._problem.emit(device, message)
