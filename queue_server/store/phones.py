"""Citizens' phone numbers for notifications: checked, kept only encrypted (SecretBox under the
key file's `phone_key`, never in the database) beside their masked form, and forgotten when the
ticket's business day closes (`forget_closed`)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

from queue_server.engine.errors import Invalid
from queue_server.engine.privacy import mask_phone

_MOBILE = re.compile(r"^1[3-9]\d{9}$")  # a mainland mobile number: SMS reaches only those


@dataclass(frozen=True)
class SealedPhone:
    sealed: bytes  # nonce + ciphertext
    masked: str  # 138****1234


def normalise(phone: str) -> str:
    """The 11 digits of a mainland mobile number (spaces, dashes and +86 dropped), or Invalid."""
    digits = re.sub(r"[\s-]", "", phone)
    digits = digits.removeprefix("+86")
    if not _MOBILE.fullmatch(digits):
        raise Invalid(
            "手机号码格式不正确，请输入 11 位手机号码。",
            "The phone number is not an 11-digit mainland mobile number.",
            code="invalid_phone",
        )
    return digits


def seal(key: bytes, phone: str) -> SealedPhone:
    """The number checked, encrypted under `key` and masked."""
    digits = normalise(phone)
    return SealedPhone(bytes(SecretBox(key).encrypt(digits.encode())), mask_phone(digits))


def seal_optional(key: bytes, phone: str | None) -> SealedPhone | None:
    return None if phone is None or not phone.strip() else seal(key, phone)


def unseal(key: bytes, sealed: bytes) -> str:
    """The number, or ValueError when it was sealed under another key (a rotated key file)."""
    try:
        return SecretBox(key).decrypt(sealed).decode()
    except CryptoError as err:
        raise ValueError("the phone number does not open under this key file's phone key") from err


def forget_closed(conn: sqlite3.Connection, hall: str, day: str, comparison: str) -> int:
    """Erase the phone numbers of the hall's tickets and bookings of closed days (`comparison`
    `<` or `<=` against `day`) and of their messages not yet sent; how many tickets had one."""
    tickets = conn.execute(
        f"UPDATE tickets SET phone_sealed = NULL, phone_masked = NULL WHERE hall = ?"
        f" AND business_day {comparison} ? AND phone_masked IS NOT NULL",
        (hall, day),
    ).rowcount
    conn.execute(
        f"UPDATE appointments SET phone_sealed = NULL WHERE hall = ? AND day {comparison} ?"
        " AND phone_sealed IS NOT NULL",
        (hall, day),
    )
    conn.execute(
        f"UPDATE notifications SET phone_sealed = NULL, phone_masked = NULL,"
        f" dropped = CASE WHEN sent_at IS NULL THEN 'day_closed' ELSE dropped END"
        f" WHERE hall = ? AND day {comparison} ? AND phone_masked IS NOT NULL",
        (hall, day),
    )
    return tickets
