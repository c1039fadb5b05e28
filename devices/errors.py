"""The exception tree of `devices`: every failure a caller can see is a DeviceError."""

from __future__ import annotations


class DeviceError(Exception):
    """Base of every error raised by `devices`."""


class FrameError(DeviceError):
    """Bytes that do not form a valid frame (bad header, length or field)."""


class ChecksumError(FrameError):
    """A frame whose XOR checksum does not match its content."""


class CardDataError(DeviceError):
    """A card text block that cannot be decoded (bad encoding, date or check digit)."""


class DeviceTimeout(DeviceError):
    """A device that did not answer within the allowed time."""


class PortError(DeviceError):
    """A port that cannot be opened, read or written (missing, busy, unplugged)."""


class ScanError(DeviceError):
    """A scanner that cannot be read."""


class CardStatusError(DeviceError):
    """An ID card reader (SAM) answer with a non-success status byte SW3."""

    def __init__(self, status: int, command: str = "", where: str = "") -> None:
        from devices.idcard.frames import status_message

        self.status = status
        self.command = command
        self.where = where
        text = f"ID card reader status 0x{status:02X}: {status_message(status)}"
        if command:
            text += f" (command {command})"
        if where:
            text += f" on {where}"
        super().__init__(text)


class PrinterError(DeviceError):
    """A receipt printer failure (transport, rendering or state)."""


class PrinterNotReadyError(PrinterError):
    """The printer reported a state in which it cannot print (paper out, cover open, no answer)."""

    def __init__(self, status: object, where: str = "") -> None:
        self.status = status
        text = (
            f"printer {where} is not ready: {status}" if where else f"printer not ready: {status}"
        )
        super().__init__(text)


PRINTER_SPEC_FORMS = (
    "usb:VID:PID (hex, e.g. usb:0416:5011)",
    "serial:PORT[@BAUD] (e.g. serial:/dev/ttyUSB0@19200)",
    "net:HOST[:PORT] (port 9100 by default)",
    "file:PATH",
    "dummy",
    "sim",
)


class PrinterSpecError(PrinterError):
    """A printer spec string that is not one of the accepted forms (listed in the message)."""

    def __init__(self, spec: str, reason: str = "") -> None:
        self.spec = spec
        why = f" ({reason})" if reason else ""
        forms = "; ".join(PRINTER_SPEC_FORMS)
        super().__init__(f"bad printer spec {spec!r}{why}; accepted forms: {forms}")
