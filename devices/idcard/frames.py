"""SAM (second-generation ID card module) serial frames: pure building, splitting and parsing.

request : AA AA AA 96 69 | LEN_H LEN_L | CMD | PARA | [data] | CHK
response: AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3 | [data] | CHK

LEN is big-endian and counts every byte after the length, CHK included; CHK is the XOR of every
byte from LEN_H up to the byte before CHK.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce

from devices.errors import CardStatusError, ChecksumError, FrameError

HEADER = b"\xaa\xaa\xaa\x96\x69"
PREFIX_LEN = len(HEADER) + 2
MAX_LEN = 4096
"""Largest LEN accepted; the biggest real answer (text + photo + fingerprint) is about 2.3 kB."""

SW_SUCCESS = 0x90
SW_CARD_FOUND = 0x9F
SW_NO_CONTENT = 0x91
SW_NO_CARD = 0x80
SW_SELECT_FAILED = 0x81
SW_READ_FAILED = 0x41

STATUS_MESSAGES: dict[int, str] = {
    0x90: "success",
    0x9F: "card found",
    0x91: "no content for this item",
    0x10: "checksum error in the request",
    0x11: "length error in the request",
    0x21: "command error",
    0x23: "unauthorised operation",
    0x24: "unrecognised error",
    0x31: "card failed to authenticate the SAM",
    0x32: "SAM failed to authenticate the card",
    0x33: "verification error",
    0x40: "unknown card type",
    0x41: "read failed",
    0x47: "random-number failure",
    0x60: "SAM self-test failed",
    0x66: "SAM not authorised",
    0x80: "no card (find failed)",
    0x81: "select failed",
}


@dataclass(frozen=True)
class Command:
    """A SAM command: CMD and PARA bytes and a short name for messages."""

    name: str
    cmd: int
    para: int


SAM_STATUS = Command("SAM status", 0x11, 0xFF)
SAM_ID = Command("read SAM id", 0x12, 0xFF)
SAM_RESET = Command("reset SAM", 0x10, 0xFF)
FIND_CARD = Command("find card", 0x20, 0x01)
SELECT_CARD = Command("select card", 0x20, 0x02)
READ_TEXT_PHOTO = Command("read text and photo", 0x30, 0x01)
READ_WITH_FINGERPRINT = Command("read text, photo and fingerprint", 0x30, 0x10)
READ_APPENDED_ADDRESS = Command("read appended address", 0x30, 0x03)
COMMANDS = (
    SAM_STATUS,
    SAM_ID,
    SAM_RESET,
    FIND_CARD,
    SELECT_CARD,
    READ_TEXT_PHOTO,
    READ_WITH_FINGERPRINT,
    READ_APPENDED_ADDRESS,
)


def status_message(status: int) -> str:
    """Readable meaning of a status byte SW3."""
    return STATUS_MESSAGES.get(status, "undocumented status")


def xor_checksum(data: bytes) -> int:
    """XOR of all bytes (0 for empty input)."""
    return reduce(operator.xor, data, 0)


def build_frame(body: bytes) -> bytes:
    """Wrap a body (CMD PARA data, or SW1 SW2 SW3 data) with header, length and checksum."""
    length = len(body) + 1
    if length > MAX_LEN:
        raise FrameError(f"frame body of {len(body)} bytes exceeds the {MAX_LEN}-byte limit")
    counted = length.to_bytes(2, "big") + body
    return HEADER + counted + bytes([xor_checksum(counted)])


def build_request(command: Command, data: bytes = b"") -> bytes:
    """A full request frame, e.g. find card -> AA AA AA 96 69 00 03 20 01 22."""
    return build_frame(bytes([command.cmd, command.para]) + data)


def build_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """A full response frame (used by the virtual reader and tests)."""
    return build_frame(bytes([sw1, sw2, sw3]) + data)


def frame_length(prefix: bytes) -> int:
    """Total frame size announced by the first 7 bytes (header + LEN); validates both."""
    if len(prefix) < PREFIX_LEN:
        raise FrameError(f"need {PREFIX_LEN} bytes for header and length, got {len(prefix)}")
    if prefix[: len(HEADER)] != HEADER:
        raise FrameError(f"bad frame header {prefix[:5].hex(' ')}")
    length = int.from_bytes(prefix[5:7], "big")
    if not 3 <= length <= MAX_LEN:
        raise FrameError(f"frame length {length} out of range 3..{MAX_LEN}")
    return PREFIX_LEN + length


def parse_frame(raw: bytes) -> bytes:
    """Validate one complete frame and return its body (between LEN and CHK)."""
    total = frame_length(raw[:PREFIX_LEN])
    if len(raw) != total:
        raise FrameError(f"frame announces {total} bytes but {len(raw)} were given")
    counted, chk = raw[5:-1], raw[-1]
    expected = xor_checksum(counted)
    if chk != expected:
        raise ChecksumError(f"frame checksum 0x{chk:02X}, computed 0x{expected:02X}")
    return raw[PREFIX_LEN:-1]


@dataclass(frozen=True)
class Response:
    """A parsed SAM answer."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @property
    def ok(self) -> bool:
        return self.sw3 in (SW_SUCCESS, SW_CARD_FOUND)

    def check(self, command: str = "", where: str = "") -> Response:
        """Return self when successful, else raise CardStatusError for SW3."""
        if not self.ok:
            raise CardStatusError(self.sw3, command, where)
        return self


@dataclass(frozen=True)
class Request:
    """A parsed SAM request (what the virtual reader receives)."""

    cmd: int
    para: int
    data: bytes


def parse_response(raw: bytes) -> Response:
    """Parse a complete response frame."""
    body = parse_frame(raw)
    if len(body) < 3:
        raise FrameError(f"response body of {len(body)} bytes lacks SW1 SW2 SW3")
    return Response(body[0], body[1], body[2], body[3:])


def parse_request(raw: bytes) -> Request:
    """Parse a complete request frame."""
    body = parse_frame(raw)
    return Request(body[0], body[1], body[2:])


def split_frames(buffer: bytes) -> tuple[list[bytes], bytes, int]:
    """Cut complete frames off a byte stream.

    Returns (frames, rest, skipped): raw frames in order (checksum not yet checked), the unfinished
    tail to keep for more bytes, and how many garbage bytes were dropped while resynchronising.
    """
    frames: list[bytes] = []
    skipped = 0
    while True:
        start = buffer.find(HEADER)
        if start < 0:
            keep = _partial_header_tail(buffer)
            return frames, buffer[len(buffer) - keep :], skipped + len(buffer) - keep
        skipped += start
        buffer = buffer[start:]
        if len(buffer) < PREFIX_LEN:
            return frames, buffer, skipped
        try:
            total = frame_length(buffer[:PREFIX_LEN])
        except FrameError:
            buffer, skipped = buffer[1:], skipped + 1
            continue
        if len(buffer) < total:
            return frames, buffer, skipped
        frames.append(buffer[:total])
        buffer = buffer[total:]


def _partial_header_tail(buffer: bytes) -> int:
    """Length of the longest buffer suffix that could still grow into HEADER."""
    for keep in range(min(len(HEADER) - 1, len(buffer)), 0, -1):
        if HEADER.startswith(buffer[-keep:]):
            return keep
    return 0
