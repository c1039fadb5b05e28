"""The 256-byte UCS-2LE text block of a resident ID card, and the `IdCard` it describes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from devices.errors import CardDataError
from devices.idcard.nations import nation_code as code_for_nation
from devices.idcard.nations import nation_name
from queue_server.engine.privacy import is_valid_id_number, mask_id_number, mask_name

TEXT_BLOCK_SIZE = 256
LONG_TERM = "长期"

# (field, size in bytes); the sizes add up to 256.
LAYOUT: tuple[tuple[str, int], ...] = (
    ("name", 30),
    ("sex", 2),
    ("nation", 4),
    ("birth_date", 16),
    ("address", 70),
    ("id_number", 36),
    ("authority", 30),
    ("valid_from", 16),
    ("valid_to", 16),
    ("reserved", 36),
)

SEXES = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}


@dataclass(frozen=True, repr=False)
class IdCard:
    """What the card's text block says. `valid_to` is None for a long-term (长期) card.

    repr() is masked so a card can never leak into a log by accident.
    """

    name: str
    sex: str
    nation_code: str
    nation: str
    birth_date: date
    address: str
    id_number: str
    authority: str
    valid_from: date
    valid_to: date | None

    @property
    def long_term(self) -> bool:
        return self.valid_to is None

    def masked_name(self) -> str:
        return mask_name(self.name)

    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def masked(self) -> dict[str, str]:
        """JSON-ready summary with name and number masked and no address (safe to show or log)."""
        return {
            "name": self.masked_name(),
            "sex": self.sex,
            "nation": self.nation,
            "id_number": self.masked_id_number(),
            "valid_to": _date_text(self.valid_to),
        }

    def to_dict(self) -> dict[str, str]:
        """Every field as text (raw personal data: for the caller to hash or show, never to log)."""
        return {
            "name": self.name,
            "sex": self.sex,
            "nation_code": self.nation_code,
            "nation": self.nation,
            "birth_date": self.birth_date.isoformat(),
            "address": self.address,
            "id_number": self.id_number,
            "authority": self.authority,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": _date_text(self.valid_to),
        }

    def __repr__(self) -> str:
        return f"IdCard(name={self.masked_name()!r}, id_number={self.masked_id_number()!r})"


def _date_text(value: date | None) -> str:
    return LONG_TERM if value is None else value.isoformat()


def _split_fields(block: bytes) -> dict[str, str]:
    if len(block) != TEXT_BLOCK_SIZE:
        raise CardDataError(f"text block has {len(block)} bytes, expected {TEXT_BLOCK_SIZE}")
    fields: dict[str, str] = {}
    offset = 0
    for field, size in LAYOUT:
        chunk = block[offset : offset + size]
        offset += size
        try:
            text = chunk.decode("utf-16-le")
        except UnicodeDecodeError as err:
            raise CardDataError(f"text block field {field!r} is not valid UCS-2") from err
        fields[field] = text.rstrip(" \x00")  # trailing padding only: names may hold a space
    return fields


def _parse_date(text: str, field: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise CardDataError(f"text block field {field!r} is not a YYYYMMDD date: {text!r}")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError as err:
        raise CardDataError(f"text block field {field!r} is not a valid date: {text!r}") from err


def parse_text_block(block: bytes) -> IdCard:
    """Decode the 256-byte text block; checks dates and the ID check digit (GB 11643)."""
    fields = _split_fields(block)
    id_number = fields["id_number"].upper()
    if not is_valid_id_number(id_number):
        raise CardDataError(f"ID number {mask_id_number(id_number)} fails the GB 11643 check digit")
    valid_to_text = fields["valid_to"]
    valid_to = None if valid_to_text == LONG_TERM else _parse_date(valid_to_text, "valid_to")
    code = fields["nation"]
    return IdCard(
        name=fields["name"],
        sex=SEXES.get(fields["sex"], "未知"),
        nation_code=code,
        nation=nation_name(code),
        birth_date=_parse_date(fields["birth_date"], "birth_date"),
        address=fields["address"],
        id_number=id_number,
        authority=fields["authority"],
        valid_from=_parse_date(fields["valid_from"], "valid_from"),
        valid_to=valid_to,
    )


def _encode_field(field: str, text: str, size: int) -> bytes:
    if any(ord(char) > 0xFFFF for char in text):
        raise CardDataError(f"field {field!r} has a character outside UCS-2: {text!r}")
    raw = text.encode("utf-16-le")
    if len(raw) > size:
        raise CardDataError(f"field {field!r} needs {len(raw)} bytes, only {size} fit: {text!r}")
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def _ymd(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _sex_code(sex: str) -> str:
    for code, label in SEXES.items():
        if label == sex:
            return code
    return sex if sex in SEXES else "0"


def build_text_block(card: IdCard) -> bytes:
    """Encode a card as the reader would deliver it (for the virtual reader and tests)."""
    try:
        nation = card.nation_code or code_for_nation(card.nation)
    except KeyError as err:
        raise CardDataError(f"unknown nation {card.nation!r}") from err
    values = {
        "name": card.name,
        "sex": _sex_code(card.sex),
        "nation": nation,
        "birth_date": _ymd(card.birth_date),
        "address": card.address,
        "id_number": card.id_number,
        "authority": card.authority,
        "valid_from": _ymd(card.valid_from),
        "valid_to": LONG_TERM if card.valid_to is None else _ymd(card.valid_to),
        "reserved": "",
    }
    return b"".join(_encode_field(field, values[field], size) for field, size in LAYOUT)
