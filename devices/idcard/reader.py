"""ID card reader over a pyserial port: find -> select -> read, decoding the text block."""

from __future__ import annotations

import logging
import time

import serial

from devices.errors import DeviceTimeout, FrameError, PortError
from devices.idcard import frames
from devices.idcard.frames import Command, Response
from devices.idcard.text import TEXT_BLOCK_SIZE, IdCard, parse_text_block
from devices.ports import PORT_FAILURES, port_name

log = logging.getLogger(__name__)

READ_SLICE_S = 0.02
"""Port read timeout: short, so a deadline is checked often and stop requests are quick."""


def text_block_of(response: Response, fingerprint: bool = False) -> bytes:
    """The 256-byte text block of a read answer (30 01 or, with fingerprint, 30 10); photo dropped.

    Data after SW3: text length, photo length [, fingerprint length] (big-endian), then the text.
    """
    fields = 3 if fingerprint else 2
    data = response.data
    if len(data) < 2 * fields:
        raise FrameError(f"read answer of {len(data)} data bytes lacks its length fields")
    text_len = int.from_bytes(data[0:2], "big")
    start = 2 * fields
    if text_len != TEXT_BLOCK_SIZE or len(data) < start + text_len:
        raise FrameError(
            f"read answer announces a {text_len}-byte text block in {len(data)} data bytes"
        )
    return data[start : start + text_len]


class IdCardReader:
    """Reads second-generation ID cards through a SAM module on an already open port."""

    def __init__(
        self, port: serial.SerialBase, timeout: float = 1.0, fingerprint: bool = False
    ) -> None:
        self.port = port
        self.timeout = timeout
        self.fingerprint = fingerprint
        self.where = port_name(port)
        self.bytes_exchanged = 0
        try:
            port.timeout = READ_SLICE_S
        except PORT_FAILURES as err:
            raise PortError(f"cannot configure {self.where}: {err}") from err

    def read_card(self) -> IdCard | None:
        """Find, select and read the card on the reader; None when there is no card."""
        found = self.transact(frames.FIND_CARD)
        if found.sw3 == frames.SW_NO_CARD:
            return None
        found.check(frames.FIND_CARD.name, self.where)
        self.transact(frames.SELECT_CARD).check(frames.SELECT_CARD.name, self.where)
        command = frames.READ_WITH_FINGERPRINT if self.fingerprint else frames.READ_TEXT_PHOTO
        answer = self.transact(command).check(command.name, self.where)
        return parse_text_block(text_block_of(answer, self.fingerprint))

    def transact(self, command: Command) -> Response:
        """Send one request (dropping stale input first) and wait for its answer frame."""
        request = frames.build_request(command)
        try:
            self.port.reset_input_buffer()
            self.port.write(request)
        except PORT_FAILURES as err:
            raise PortError(f"ID card reader on {self.where} failed: {err}") from err
        self.bytes_exchanged += len(request)
        raw = self._read_frame(command)
        self.bytes_exchanged += len(raw)
        return frames.parse_response(raw)

    def _read_frame(self, command: Command) -> bytes:
        deadline = time.monotonic() + self.timeout
        buffer = b""
        while time.monotonic() < deadline:
            buffer += self._read_some()
            found, buffer, skipped = frames.split_frames(buffer)
            if skipped:
                log.debug("skipped %d garbage bytes from %s", skipped, self.where)
            if found:
                return found[0]
        raise DeviceTimeout(
            f"ID card reader on {self.where} did not answer {command.name!r} "
            f"within {self.timeout:g} s ({len(buffer)} bytes of a frame received)"
        )

    def _read_some(self) -> bytes:
        try:
            data: bytes = self.port.read(max(1, self.port.in_waiting))
            return data
        except PORT_FAILURES as err:
            raise PortError(f"ID card reader on {self.where} failed: {err}") from err
