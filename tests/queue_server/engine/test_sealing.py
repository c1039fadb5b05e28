"""Sealed ID cards (issue 10, item 3): only the private key opens them, a changed blob never
opens, and nothing else a kiosk could send makes the server fail other than with SealError."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.public import PublicKey, SealedBox

from queue_server.engine import sealing

PRIVATE = sealing.new_private_key()
PUBLIC = sealing.public_key_of(PRIVATE)
NUMBER = "32011319900101001X"


def test_a_sealed_card_opens_with_the_private_key_only() -> None:
    blob = sealing.seal(PUBLIC, NUMBER, "张三")
    assert sealing.unseal(PRIVATE, blob) == sealing.OpenedCard(NUMBER, "张三")
    assert NUMBER not in repr(sealing.unseal(PRIVATE, blob))  # never in a log line
    assert NUMBER.encode() not in base64.b64decode(blob) and "张三".encode() not in blob.encode()
    with pytest.raises(sealing.SealError, match="does not open"):
        sealing.unseal(sealing.new_private_key(), blob)
    assert sealing.seal(PUBLIC, NUMBER, "张三") != blob  # a fresh sender key each time


@pytest.mark.parametrize("flip", [0, 31, 47, -1])
def test_a_changed_byte_never_opens(flip: int) -> None:
    sealed = bytearray(base64.b64decode(sealing.seal(PUBLIC, NUMBER, "")))
    sealed[flip] ^= 0x01
    with pytest.raises(sealing.SealError):
        sealing.unseal(PRIVATE, base64.b64encode(bytes(sealed)).decode())


@pytest.mark.parametrize("text", ["", "not base64!", base64.b64encode(b"x" * 31).decode()])
def test_a_public_key_must_be_32_bytes_of_base64(text: str) -> None:
    with pytest.raises(sealing.SealError):
        sealing.decode_key(text)
    assert sealing.decode_key(sealing.encode_key(PUBLIC)) == PUBLIC


@pytest.mark.parametrize("inside", [b"[]", b'{"name": "x"}', b'{"number": 7}', b"\xff\xfe"])
def test_a_sealed_box_without_a_card_inside_is_refused(inside: bytes) -> None:
    blob = base64.b64encode(SealedBox(PublicKey(PUBLIC)).encrypt(inside)).decode()
    with pytest.raises(sealing.SealError):
        sealing.unseal(PRIVATE, blob)


@given(st.text(max_size=200))
def test_any_text_is_refused_with_seal_error(text: str) -> None:
    with pytest.raises(sealing.SealError):
        sealing.unseal(PRIVATE, text)


@given(st.binary(max_size=200))
def test_any_base64_bytes_are_refused_with_seal_error(data: bytes) -> None:
    with pytest.raises(sealing.SealError):
        sealing.unseal(PRIVATE, base64.b64encode(data).decode())
