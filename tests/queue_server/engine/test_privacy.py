from __future__ import annotations

import pytest

from queue_server.engine.privacy import (
    id_check_char,
    is_valid_id_number,
    mask_id_number,
    mask_name,
    mask_phone,
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
