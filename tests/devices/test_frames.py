"""SAM frames byte for byte against the reference sheet (shared/reference/devices.md)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.errors import CardStatusError, ChecksumError, DeviceError, FrameError
from devices.idcard import frames
from devices.idcard.reader import text_block_of

REQUESTS = [
    (frames.SAM_STATUS, "AA AA AA 96 69 00 03 11 FF ED"),
    (frames.SAM_ID, "AA AA AA 96 69 00 03 12 FF EE"),
    (frames.SAM_RESET, "AA AA AA 96 69 00 03 10 FF EC"),
    (frames.FIND_CARD, "AA AA AA 96 69 00 03 20 01 22"),
    (frames.SELECT_CARD, "AA AA AA 96 69 00 03 20 02 21"),
    (frames.READ_TEXT_PHOTO, "AA AA AA 96 69 00 03 30 01 32"),
    (frames.READ_WITH_FINGERPRINT, "AA AA AA 96 69 00 03 30 10 23"),
    (frames.READ_APPENDED_ADDRESS, "AA AA AA 96 69 00 03 30 03 30"),
]

RESPONSES = [
    ("find OK", "AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97", 0x9F, 4),
    ("find failed", "AA AA AA 96 69 00 04 00 00 80 84", 0x80, 0),
    ("select OK", "AA AA AA 96 69 00 0C 00 00 90" + " 00" * 8 + " 9C", 0x90, 8),
    ("select failed", "AA AA AA 96 69 00 04 00 00 81 85", 0x81, 0),
    ("read failed", "AA AA AA 96 69 00 04 00 00 41 45", 0x41, 0),
]


@pytest.mark.parametrize(("command", "expected"), REQUESTS, ids=[c.name for c, _ in REQUESTS])
def test_request_frames_match_reference(command: frames.Command, expected: str) -> None:
    assert frames.build_request(command) == bytes.fromhex(expected)


@pytest.mark.parametrize(("what", "raw", "sw3", "data_len"), RESPONSES)
def test_reference_responses_parse(what: str, raw: str, sw3: int, data_len: int) -> None:
    response = frames.parse_response(bytes.fromhex(raw))
    assert (response.sw1, response.sw2, response.sw3) == (0, 0, sw3)
    assert response.data == bytes(data_len)
    assert frames.build_response(sw3, bytes(data_len)) == bytes.fromhex(raw)


def test_length_is_big_endian_and_counts_checksum() -> None:
    frame = frames.build_response(0x90, bytes(300))
    assert frame[5:7] == (3 + 300 + 1).to_bytes(2, "big") == b"\x01\x30"
    assert len(frame) == 7 + 304


def test_checksum_excludes_header_and_covers_length() -> None:
    frame = bytes.fromhex("AA AA AA 96 69 00 03 20 01 22")
    assert frame[-1] == 0x00 ^ 0x03 ^ 0x20 ^ 0x01
    assert frame[-1] != frames.xor_checksum(frame[:-1])  # the header is not part of it


def test_read_answer_offsets_1295_bytes() -> None:
    text = bytes(range(256))
    photo = b"\xee" * 1024
    frame = frames.build_response(0x90, b"\x01\x00\x04\x00" + text + photo)
    assert len(frame) == 1295
    assert frame[:14] == bytes.fromhex("AA AA AA 96 69 05 08 00 00 90 01 00 04 00")
    assert frame[14:270] == text and frame[270:1294] == photo
    assert text_block_of(frames.parse_response(frame)) == text


def test_fingerprint_variant_text_starts_at_byte_16() -> None:
    text = bytes(range(256))
    data = b"\x01\x00\x04\x00\x04\x00" + text + b"\xee" * 1024 + b"\xff" * 1024
    frame = frames.build_response(0x90, data)
    assert frame[16:272] == text
    response = frames.parse_response(frame)
    assert text_block_of(response, fingerprint=True) == text
    assert text_block_of(response, fingerprint=False) != text  # the two offsets do not mix


def test_bad_checksum_is_a_checksum_error() -> None:
    frame = bytearray(bytes.fromhex("AA AA AA 96 69 00 04 00 00 80 84"))
    frame[-1] ^= 1
    with pytest.raises(ChecksumError, match="checksum"):
        frames.parse_response(bytes(frame))


@pytest.mark.parametrize(
    "raw",
    ["AA AA AA 96 68 00 04 00 00 80 84", "AA AA AA 96 69 00 02 00 00", "AA AA AA 96 69 00 04 00"],
)
def test_malformed_frames_raise_frame_error(raw: str) -> None:
    with pytest.raises(FrameError):
        frames.parse_response(bytes.fromhex(raw))


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (0x80, "no card"),
        (0x81, "select failed"),
        (0x41, "read failed"),
        (0x66, "SAM not authorised"),
        (0x10, "checksum"),
        (0x31, "authenticate"),
        (0x47, "random"),
    ],
)
def test_status_codes_become_typed_readable_errors(status: int, words: str) -> None:
    response = frames.parse_response(frames.build_response(status))
    with pytest.raises(CardStatusError) as caught:
        response.check("find card", "/dev/ttyUSB0")
    assert caught.value.status == status
    assert words in str(caught.value) and "/dev/ttyUSB0" in str(caught.value)


def test_every_documented_status_has_a_message() -> None:
    documented = [0x90, 0x9F, 0x91, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41]
    documented += [0x47, 0x60, 0x66, 0x80, 0x81]
    assert all(frames.status_message(code) != "undocumented status" for code in documented)


def test_split_frames_resynchronises_after_garbage_and_keeps_partial_tail() -> None:
    find_ok = bytes.fromhex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
    no_card = bytes.fromhex("AA AA AA 96 69 00 04 00 00 80 84")
    stream = b"\x00\xaa\xaa\x13" + find_ok + b"\xaa\xaa\xaa\x96\x69\xff\xff" + no_card + no_card[:6]
    found, rest, skipped = frames.split_frames(stream)
    assert found == [find_ok, no_card]
    assert rest == no_card[:6]
    assert skipped == 4 + 7


def test_split_frames_keeps_a_header_prefix_at_the_end() -> None:
    found, rest, _ = frames.split_frames(b"\x01\x02\xaa\xaa")
    assert found == [] and rest == b"\xaa\xaa"


@settings(max_examples=400, deadline=200)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_only_raise_device_errors(data: bytes) -> None:
    with contextlib.suppress(DeviceError):
        frames.parse_response(data)
    found, rest, skipped = frames.split_frames(data)
    assert sum(map(len, found)) + len(rest) + skipped == len(data)
    for raw in found:
        with contextlib.suppress(DeviceError):
            text_block_of(frames.parse_response(raw))


@settings(max_examples=200, deadline=200)
@given(st.lists(st.binary(max_size=40), max_size=30), st.integers(0, 0x10))
def test_frames_survive_being_cut_into_arbitrary_chunks(chunks: list[bytes], junk: int) -> None:
    frame = frames.build_response(0x90, bytes(range(junk)))
    stream = b"".join(chunks).replace(b"\xaa", b"") + frame  # junk without header bytes
    buffer, got = b"", []
    for index in range(0, len(stream), 7):
        found, buffer, _ = frames.split_frames(buffer + stream[index : index + 7])
        got += found
    assert got == [frame]
