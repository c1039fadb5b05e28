"""A virtual ID card reader (SAM module) on a pty, with test identities and failure modes."""

from __future__ import annotations

import enum
import logging
import threading
from pathlib import Path

from devices.errors import FrameError
from devices.idcard import frames
from devices.idcard.text import IdCard, build_text_block
from devices.sim.identities import ZHANG_SANFENG
from devices.sim.pty_device import PtyDevice

log = logging.getLogger(__name__)

PHOTO = bytes((index * 7) & 0xFF for index in range(1024))
"""Stand-in for the WLT-compressed photo: opaque bytes the reader must skip."""
FINGERPRINT = bytes(1024)
GARBAGE = bytes.fromhex("00 ff aa 55 aa aa 96 13 37 aa aa aa 96 69 ff ff 42")


class Failure(enum.Enum):
    """What the virtual reader does wrong on the next requests."""

    NO_CARD = "no_card"  # find answers 0x80 although a card lies there
    SELECT_FAILED = "select_failed"  # select answers 0x81
    READ_FAILED = "read_failed"  # read answers 0x41
    BAD_CHECKSUM = "bad_checksum"  # read answer with a wrong CHK
    GARBAGE = "garbage"  # junk bytes before every answer
    PARTIAL = "partial"  # only half of the read answer, then silence
    SILENT = "silent"  # no answer at all
    SAM_NOT_AUTHORISED = "sam_not_authorised"  # every command answers 0x66


class VirtualIdCardReader(PtyDevice):
    """Plays a SAM module: answers find/select/read for the card put on it with `present()`.

    Like a real reader, a card once read is not found again until it is lifted and placed again
    (`present()` again); set `one_read_per_placement=False` to find it on every poll.
    """

    name = "idcard"

    def __init__(
        self,
        card: IdCard | None = None,
        baudrate: int | None = None,
        one_read_per_placement: bool = True,
        link_dir: str | Path | None = None,
    ) -> None:
        super().__init__(baudrate=baudrate, link_dir=link_dir)
        self.one_read_per_placement = one_read_per_placement
        self.reads = 0
        self.requests: list[bytes] = []
        self._state = threading.Lock()
        self._card: IdCard | None = None
        self._last_card: IdCard | None = None
        self._armed = False
        self._failure: Failure | None = None
        self._failures_left: int | None = None
        self._buffer = b""
        if card is not None:
            self.present(card)

    @property
    def card(self) -> IdCard | None:
        return self._card

    @property
    def last_card(self) -> IdCard | None:
        """The card placed last, also once it has been lifted."""
        return self._last_card

    def present(self, card: IdCard = ZHANG_SANFENG) -> None:
        """Place a card on the reader (again: it is found and read once more)."""
        with self._state:
            self._card, self._last_card, self._armed = card, card, True

    def remove(self) -> None:
        """Lift the card."""
        with self._state:
            self._card, self._armed = None, False

    def fail(self, failure: Failure | None, times: int | None = 1) -> None:
        """Misbehave on the next `times` affected answers (None: until `fail(None)`)."""
        with self._state:
            self._failure, self._failures_left = failure, times

    def on_bytes(self, data: bytes) -> None:
        self._buffer += data
        found, self._buffer, _ = frames.split_frames(self._buffer)
        for raw in found:
            self.requests.append(raw)
            self.send(self._answer(raw))

    def _take_failure(self, *kinds: Failure) -> Failure | None:
        with self._state:
            if self._failure not in kinds:
                return None
            failure = self._failure
            if self._failures_left is not None:
                self._failures_left -= 1
                if self._failures_left <= 0:
                    self._failure = None
            return failure

    def _answer(self, raw: bytes) -> bytes:
        try:
            request = frames.parse_request(raw)
        except FrameError:
            return frames.build_response(0x10)
        if self._take_failure(Failure.SILENT):
            return b""
        if self._take_failure(Failure.SAM_NOT_AUTHORISED):
            return frames.build_response(0x66)
        answer = self._dispatch(request.cmd, request.para)
        if self._take_failure(Failure.GARBAGE):
            answer = GARBAGE + answer
        return answer

    def _dispatch(self, cmd: int, para: int) -> bytes:
        if (cmd, para) == (0x20, 0x01):
            return self._find()
        if (cmd, para) == (0x20, 0x02):
            return self._select()
        if cmd == 0x30 and para in (0x01, 0x10):
            return self._read_answer(with_fingerprint=para == 0x10)
        if cmd in (0x10, 0x11):
            return frames.build_response(frames.SW_SUCCESS)
        if (cmd, para) == (0x12, 0xFF):
            return frames.build_response(frames.SW_SUCCESS, bytes(range(16)))
        return frames.build_response(0x21)

    def _find(self) -> bytes:
        if self._card is None or not self._armed or self._take_failure(Failure.NO_CARD):
            return frames.build_response(frames.SW_NO_CARD)
        return frames.build_response(frames.SW_CARD_FOUND, bytes(4))

    def _select(self) -> bytes:
        if self._card is None or self._take_failure(Failure.SELECT_FAILED):
            return frames.build_response(frames.SW_SELECT_FAILED)
        return frames.build_response(frames.SW_SUCCESS, bytes(8))

    def _read_answer(self, with_fingerprint: bool) -> bytes:
        card = self._card
        if card is None or self._take_failure(Failure.READ_FAILED):
            return frames.build_response(frames.SW_READ_FAILED)
        text = build_text_block(card)
        lengths = len(text).to_bytes(2, "big") + len(PHOTO).to_bytes(2, "big")
        payload = text + PHOTO
        if with_fingerprint:
            lengths += len(FINGERPRINT).to_bytes(2, "big")
            payload += FINGERPRINT
        answer = frames.build_response(frames.SW_SUCCESS, lengths + payload)
        if self._take_failure(Failure.BAD_CHECKSUM):
            return answer[:-1] + bytes([answer[-1] ^ 0x5A])
        if self._take_failure(Failure.PARTIAL):
            return answer[: len(answer) // 2]
        self.reads += 1
        if self.one_read_per_placement:
            self._armed = False
        return answer
