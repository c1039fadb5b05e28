"""IdCardReader against the virtual SAM reader over a real pty, including its failure modes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import serial
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.errors import CardStatusError, ChecksumError, DeviceError, DeviceTimeout, PortError
from devices.idcard import IdCardReader, frames, open_port
from devices.sim import Failure, VirtualIdCardReader
from devices.sim.identities import GONG_KUN, OUYANG_JIANGUO, ZHANG_SANFENG
from tests.devices.conftest import wait_until


@pytest.fixture
def port(sim_reader: VirtualIdCardReader) -> Iterator[serial.SerialBase]:
    opened = open_port(sim_reader.port)
    yield opened
    opened.close()


def test_find_select_read_gives_the_card(sim_reader: VirtualIdCardReader, port) -> None:
    sim_reader.present(OUYANG_JIANGUO)
    reader = IdCardReader(port, timeout=0.5)
    card = reader.read_card()
    assert card == OUYANG_JIANGUO and card.valid_to is None
    assert sim_reader.requests == [
        frames.build_request(frames.FIND_CARD),
        frames.build_request(frames.SELECT_CARD),
        frames.build_request(frames.READ_TEXT_PHOTO),
    ]
    assert reader.bytes_exchanged == 3 * 10 + 15 + 19 + 1295


def test_no_card_is_none(sim_reader: VirtualIdCardReader, port) -> None:
    assert IdCardReader(port, timeout=0.5).read_card() is None


def test_card_is_read_once_per_placement(sim_reader: VirtualIdCardReader, port) -> None:
    reader = IdCardReader(port, timeout=0.5)
    sim_reader.present(ZHANG_SANFENG)
    assert reader.read_card() == ZHANG_SANFENG
    assert reader.read_card() is None  # a real SAM does not find a card it has just read
    sim_reader.present(ZHANG_SANFENG)
    assert reader.read_card() == ZHANG_SANFENG


def test_fingerprint_variant(sim_reader: VirtualIdCardReader, port) -> None:
    sim_reader.present(GONG_KUN)
    assert IdCardReader(port, timeout=0.5, fingerprint=True).read_card() == GONG_KUN
    assert sim_reader.requests[-1] == bytes.fromhex("AA AA AA 96 69 00 03 30 10 23")


@pytest.mark.parametrize(
    ("failure", "status"),
    [
        (Failure.SELECT_FAILED, 0x81),
        (Failure.READ_FAILED, 0x41),
        (Failure.SAM_NOT_AUTHORISED, 0x66),
    ],
)
def test_status_failures_are_card_status_errors(
    sim_reader: VirtualIdCardReader, port, failure: Failure, status: int
) -> None:
    sim_reader.present(ZHANG_SANFENG)
    sim_reader.fail(failure)
    with pytest.raises(CardStatusError) as caught:
        IdCardReader(port, timeout=0.5).read_card()
    assert caught.value.status == status


def test_find_failure_means_no_card(sim_reader: VirtualIdCardReader, port) -> None:
    sim_reader.present(ZHANG_SANFENG)
    sim_reader.fail(Failure.NO_CARD)
    reader = IdCardReader(port, timeout=0.5)
    assert reader.read_card() is None
    assert reader.read_card() == ZHANG_SANFENG


def test_wrong_checksum(sim_reader: VirtualIdCardReader, port) -> None:
    sim_reader.present(ZHANG_SANFENG)
    sim_reader.fail(Failure.BAD_CHECKSUM)
    with pytest.raises(ChecksumError):
        IdCardReader(port, timeout=0.5).read_card()


def test_garbage_before_answers_is_skipped(sim_reader: VirtualIdCardReader, port) -> None:
    sim_reader.present(ZHANG_SANFENG)
    sim_reader.fail(Failure.GARBAGE, times=None)
    assert IdCardReader(port, timeout=0.5).read_card() == ZHANG_SANFENG


@pytest.mark.parametrize("failure", [Failure.PARTIAL, Failure.SILENT])
def test_partial_or_missing_answer_times_out(
    sim_reader: VirtualIdCardReader, port, failure: Failure
) -> None:
    sim_reader.present(ZHANG_SANFENG)
    sim_reader.fail(failure)
    with pytest.raises(DeviceTimeout, match="did not answer"):
        IdCardReader(port, timeout=0.15).read_card()


def test_stale_input_is_dropped_before_a_request(sim_reader: VirtualIdCardReader, port) -> None:
    sim_reader.send(frames.build_response(frames.SW_NO_CARD))  # stale "no card" answer
    sim_reader.present(ZHANG_SANFENG)
    reader = IdCardReader(port, timeout=0.5)
    wait_until(lambda: port.in_waiting >= 11)
    assert reader.read_card() == ZHANG_SANFENG


def test_vanished_port_is_a_port_error(sim_reader: VirtualIdCardReader, port) -> None:
    reader = IdCardReader(port, timeout=0.3)
    sim_reader.disappear()
    with pytest.raises(PortError, match="ID card reader"):
        reader.read_card()


def test_missing_port_is_a_port_error(tmp_path) -> None:
    with pytest.raises(PortError, match="no such port"):
        open_port(str(tmp_path / "ttyUSB9"))


def test_busy_port_is_a_port_error(sim_reader: VirtualIdCardReader, port) -> None:
    with pytest.raises(PortError, match="busy"):
        open_port(sim_reader.port)


class ScriptedPort:
    """Just enough of a pyserial port to feed the reader arbitrary answer bytes."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.timeout = 0.0
        self.port = "scripted"

    @property
    def in_waiting(self) -> int:
        return len(self.answer)

    def reset_input_buffer(self) -> None:
        pass

    def write(self, data: bytes) -> int:
        return len(data)

    def read(self, size: int) -> bytes:
        chunk, self.answer = self.answer[:size], self.answer[size:]
        return chunk


@settings(max_examples=60, deadline=1000)
@given(st.binary(max_size=600), st.sampled_from([b"", frames.build_response(0x9F, bytes(4))]))
def test_reader_on_arbitrary_answers_raises_only_device_errors(junk: bytes, prefix: bytes) -> None:
    reader = IdCardReader(ScriptedPort(prefix + junk), timeout=0.01)  # type: ignore[arg-type]
    try:
        card = reader.read_card()
    except DeviceError:
        return
    assert card is None or card.id_number
