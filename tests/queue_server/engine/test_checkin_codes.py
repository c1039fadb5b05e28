"""Check-in codes: short, typeable, signed; altered or foreign codes are not read."""

from __future__ import annotations

from datetime import date, timedelta

from queue_server.engine import checkin_codes

KEY = bytes(range(32))
DAY = date(2026, 3, 3)


def test_a_code_is_8_typeable_characters_and_reads_back() -> None:
    code = checkin_codes.make(KEY, "qixia", DAY, 42)
    assert len(code) == 8 and set(code) <= set(checkin_codes.ALPHABET)
    assert checkin_codes.read(KEY, "qixia", code, DAY) == checkin_codes.CodeRef("qixia", DAY, 42)
    typed = f"{code[:4].lower()}-{code[4:]}".replace("0", "o").replace("1", "l")
    assert checkin_codes.read(KEY, "qixia", typed, DAY) is not None


def test_a_code_of_another_day_is_recognised_with_its_day() -> None:
    code = checkin_codes.make(KEY, "qixia", DAY, 7)
    assert checkin_codes.read(KEY, "qixia", code, DAY - timedelta(days=3)) == checkin_codes.CodeRef(
        "qixia", DAY, 7
    )


def test_altered_forged_and_foreign_codes_are_refused() -> None:
    code = checkin_codes.make(KEY, "qixia", DAY, 42)
    for position in range(8):
        other = "1" if code[position] != "1" else "2"
        altered = code[:position] + other + code[position + 1 :]
        assert checkin_codes.read(KEY, "qixia", altered, DAY) is None
    assert checkin_codes.read(bytes(32), "qixia", code, DAY) is None  # another key
    assert checkin_codes.read(KEY, "yaohua", code, DAY) is None  # another hall
    assert checkin_codes.read(KEY, "qixia", "ABC", DAY) is None
    assert checkin_codes.read(KEY, "qixia", "UUUUUUUU", DAY) is None
