from __future__ import annotations

import pytest

from queue_server.engine.privacy import (
    clean_name,
    id_check_char,
    is_valid_id_number,
    mask_id_number,
    mask_name,
    mask_phone,
    normalise_id_number,
)


@pytest.mark.parametrize(
    "number",
    ["360426199101010071", "120103198806018241", "830000199201300022", "11010519491231002x"],
)
def test_known_valid_numbers(number: str) -> None:
    assert is_valid_id_number(number)


@pytest.mark.parametrize(
    "number",
    ["360426199101010072", "36042619910101007", "3604261991010100711", "36042619910101007A", ""],
)
def test_invalid_numbers(number: str) -> None:
    assert not is_valid_id_number(number)


def test_check_char_ten_is_x() -> None:
    assert id_check_char("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三丰", "张*丰"), ("张三", "张*"), ("欧阳娜娜", "欧**娜"), ("王", "*"), (" 李四 ", "李*")],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_id_and_phone() -> None:
    assert mask_id_number("320113199001011234") == "3201**********1234"
    assert mask_id_number(" 32011319900101123x") == "3201**********123X"
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("12345") == "*****"


ASCII_ID = "11010519491231002X"
FULL_WIDTH_ID = "".join(chr(ord(c) + 0xFEE0) for c in ASCII_ID.lower())  # １１０…２ｘ
ARABIC_INDIC_ID = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in ASCII_ID)


def test_full_width_digits_are_the_same_number() -> None:
    assert normalise_id_number(FULL_WIDTH_ID) == ASCII_ID
    assert is_valid_id_number(FULL_WIDTH_ID)
    assert mask_id_number(FULL_WIDTH_ID) == mask_id_number(ASCII_ID) == "1101**********002X"


@pytest.mark.parametrize(
    "number",
    [
        ARABIC_INDIC_ID,  # NFKC leaves Arabic-Indic digits alone: refused, not guessed
        "".join(chr(0x06F0 + int(c)) if c.isdigit() else c for c in ASCII_ID),  # Persian
        "".join(chr(0x0966 + int(c)) if c.isdigit() else c for c in ASCII_ID),  # Devanagari
        ASCII_ID[:6] + "\u200b" + ASCII_ID[6:],  # a zero-width space inside
    ],
)
def test_other_digits_are_not_an_id_number(number: str) -> None:
    assert any(c.isdigit() for c in number)  # Python's isdigit/\d would take them
    assert not is_valid_id_number(number)


@pytest.mark.parametrize(
    ("spelled", "number"),
    [(" 1101 0519 4912 3100 2x ", ASCII_ID), ("\u3000" + ASCII_ID + "\t", ASCII_ID)],
)
def test_spaces_and_a_lower_case_x_are_normalised(spelled: str, number: str) -> None:
    assert normalise_id_number(spelled) == number and is_valid_id_number(spelled)


@pytest.mark.parametrize(
    "invisible",
    ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200d", "\ufeff",
     "\u200e", "\x00", "\x1b", "\u2028", "\u2029"],
)  # fmt: skip
def test_invisible_characters_are_stripped_before_masking(invisible: str) -> None:
    assert clean_name(f"{invisible}张三丰") == "张三丰"
    assert mask_name(f"{invisible}张三丰") == "张*丰"
    assert mask_name(f"张{invisible}三{invisible}丰{invisible}") == "张*丰"
    assert mask_name(f"{invisible}王") == "*"
    assert mask_name(invisible * 3) == ""


@pytest.mark.parametrize("name", ["王", "张三", "张三丰", "欧阳娜娜", "阿依古丽·买买提", "E"])
def test_every_name_hides_at_least_one_character(name: str) -> None:
    masked = mask_name(name)
    assert "*" in masked and len(masked) == len(name)
    assert mask_name(masked) == masked  # consoles may mask a masked name again


def test_a_decomposed_name_counts_its_letters_once() -> None:
    assert mask_name("Rene\u0301e") == "R***e"  # NFC: é is one letter
