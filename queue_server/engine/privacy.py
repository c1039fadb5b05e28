"""ID numbers and names: the GB 11643 check digit and the masked forms for screens and paper.

Pure and shared: the server, the device drivers, the kiosk and the demo all use these rules.

Input comes from card readers, scanners, keypads and HTTP clients, so it is normalised before
any rule sees it: an ID number is NFKC-normalised (full-width ``３２０１…`` becomes ``3201…``) and
then only ASCII digits and ``X`` count, so one person has one number (and one keyed hash); a
name loses control and format characters (bidi overrides, zero-width spaces) before masking.
"""

from __future__ import annotations

import re
import unicodedata

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
# [0-9], not \d: \d also matches Arabic-Indic and other digits, which NFKC leaves as they are.
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
# Invisible characters that change how a name displays or compares: controls (Cc), format
# characters such as U+202E and U+2066-2069 or zero-width spaces (Cf), lone surrogates (Cs),
# line and paragraph separators (Zl, Zp).
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def id_check_char(first17: str) -> str:
    """The GB 11643 (ISO 7064 MOD 11-2) check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def normalise_id_number(number: str) -> str:
    """NFKC (full-width digits become ASCII), no whitespace, a trailing x upper-cased."""
    return "".join(unicodedata.normalize("NFKC", number).split()).upper()


def is_valid_id_number(number: str) -> bool:
    """True for an 18-character resident ID number (ASCII digits and X once normalised) whose
    check character is right."""
    number = normalise_id_number(number)
    return _ID_SHAPE.fullmatch(number) is not None and id_check_char(number[:17]) == number[17]


def mask_id_number(number: str) -> str:
    """`320113199001011234` -> `3201**********1234`."""
    number = normalise_id_number(number)
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def clean_name(name: str) -> str:
    """The name as printed on the card: NFC, without invisible characters, trimmed."""
    composed = unicodedata.normalize("NFC", name)
    visible = "".join(c for c in composed if unicodedata.category(c) not in _INVISIBLE)
    return visible.strip()


def mask_name(name: str) -> str:
    """`张三丰` -> `张*丰`, `张三` -> `张*`, `欧阳娜娜` -> `欧**娜`, `王` -> `*`.

    Every name hides at least one character: a one-character name would otherwise be shown
    whole. Invisible characters are dropped first (`clean_name`); nothing left gives ``""``.
    """
    name = clean_name(name)
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """`13812341234` -> `138****1234`."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
