"""ID numbers and names: the GB 11643 check digit and the masked forms for screens and paper.

Pure and shared: the server, the device drivers, the kiosk and the demo all use these rules."""

from __future__ import annotations

import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


def id_check_char(first17: str) -> str:
    """The GB 11643 (ISO 7064 MOD 11-2) check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def normalise_id_number(number: str) -> str:
    """Strip spaces and upper-case a trailing x."""
    return number.strip().replace(" ", "").upper()


def is_valid_id_number(number: str) -> bool:
    """True for an 18-character resident ID number whose check character is right."""
    number = normalise_id_number(number)
    return bool(_ID_SHAPE.match(number)) and id_check_char(number[:17]) == number[17]


def mask_id_number(number: str) -> str:
    """`320113199001011234` -> `3201**********1234`."""
    number = normalise_id_number(number)
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    """`张三丰` -> `张*丰`, `张三` -> `张*`, `欧阳娜娜` -> `欧**娜`."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """`13812341234` -> `138****1234`."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
