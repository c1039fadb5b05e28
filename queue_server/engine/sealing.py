"""Sealed ID cards: a kiosk issuing offline seals the card to the server's public key, so its
journal holds nothing readable about the person and only the server opens it at hand-over.

The seal is libsodium's sealed box (X25519 + XSalsa20-Poly1305, an ephemeral sender key per
seal): the kiosk cannot open what it sealed, and a changed blob does not open at all.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

ALGORITHM = "x25519-sealedbox"  # what the seal-key answer names, so a kiosk knows the scheme
KEY_BYTES = 32


class SealError(ValueError):
    """A public key or a sealed blob that cannot be used (the reason, never the contents)."""


@dataclass(frozen=True)
class OpenedCard:
    """An ID card as the server opened it: in memory only, never stored or logged."""

    number: str
    name: str
    valid_to: str | None = None  # the card's expiry as read (YYYY-MM-DD), None if long-term

    def __repr__(self) -> str:  # never let a raw number reach a log line
        return "OpenedCard(<hidden>)"


def new_private_key() -> bytes:
    """A new sealing private key (32 random bytes)."""
    return bytes(PrivateKey.generate())


def public_key_of(private_key: bytes) -> bytes:
    """The public half of a sealing private key, which kiosks seal to."""
    return bytes(PrivateKey(private_key).public_key)


def encode_key(public_key: bytes) -> str:
    return base64.b64encode(public_key).decode("ascii")


def decode_key(text: str) -> bytes:
    """A public key in base64; SealError if it is not one."""
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as err:
        raise SealError("the seal key is not base64") from err
    if len(key) != KEY_BYTES:
        raise SealError(f"the seal key is {len(key)} bytes, not {KEY_BYTES}")
    return key


def seal(public_key: bytes, number: str, name: str, valid_to: str | None = None) -> str:
    """The card sealed to `public_key`, as base64 text (`valid_to`: its expiry, YYYY-MM-DD)."""
    card = {"number": number, "name": name, "valid_to": valid_to}
    plain = json.dumps(card, ensure_ascii=False).encode()
    return base64.b64encode(SealedBox(PublicKey(public_key)).encrypt(plain)).decode("ascii")


def unseal(private_key: bytes, blob: str) -> OpenedCard:
    """Open a sealed card; SealError if it is not base64, not sealed to this key, or altered."""
    try:
        sealed = base64.b64decode(blob, validate=True)
        plain = SealedBox(PrivateKey(private_key)).decrypt(sealed)
        data = json.loads(plain)
    except (binascii.Error, ValueError) as err:
        raise SealError("the sealed ID card is not base64 or not a card") from err
    except CryptoError as err:
        raise SealError("the sealed ID card does not open with this server's key") from err
    number, name = (data.get("number"), data.get("name", "")) if isinstance(data, dict) else (0, 0)
    if not isinstance(number, str) or not isinstance(name, str):
        raise SealError("the sealed ID card holds no number")
    valid_to = data.get("valid_to")
    return OpenedCard(number, name, valid_to if isinstance(valid_to, str) else None)
