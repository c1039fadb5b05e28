"""The 256-byte UCS-2LE text block: layout, round trips, 长期, rare characters, nations."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.errors import CardDataError
from devices.idcard import IdCard, build_text_block, parse_text_block
from devices.idcard.nations import NATIONS, nation_code, nation_name
from devices.idcard.text import LAYOUT
from devices.sim.identities import OUYANG_JIANGUO, TEST_CARDS, WANG_YAN, ZHANG_SANFENG
from queue_server.engine.privacy import id_check_char, is_valid_id_number


def test_layout_adds_up_to_256_bytes() -> None:
    assert sum(size for _, size in LAYOUT) == 256
    assert [size for _, size in LAYOUT] == [30, 2, 4, 16, 70, 36, 30, 16, 16, 36]


def test_block_is_little_endian_ucs2_padded_with_spaces() -> None:
    block = build_text_block(ZHANG_SANFENG)
    assert len(block) == 256
    assert block[:6] == "张三丰".encode("utf-16-le") == bytes.fromhex("205F 094E 304E")
    assert block[6:30] == b"\x20\x00" * 12
    assert block[30:32] == b"1\x00"  # sex 1 = male
    assert block[32:36] == b"0\x001\x00"  # nation 01
    assert block[36:52] == "19910101".encode("utf-16-le")
    assert block[122:158] == "360426199101010071".encode("utf-16-le")


@pytest.mark.parametrize("card", TEST_CARDS, ids=[c.masked_name() for c in TEST_CARDS])
def test_round_trip_for_every_test_identity(card: IdCard) -> None:
    assert parse_text_block(build_text_block(card)) == card


def test_long_term_card_reads_as_none_and_is_stored_as_changqi() -> None:
    block = build_text_block(OUYANG_JIANGUO)
    assert block[204:208] == "长期".encode("utf-16-le")
    card = parse_text_block(block)
    assert card.valid_to is None and card.long_term
    assert card.masked()["valid_to"] == "长期"


def test_rare_characters_survive() -> None:
    assert "䶮" in WANG_YAN.name and ord("䶮") > 0x3400  # CJK extension A
    assert parse_text_block(build_text_block(WANG_YAN)).name == "王䶮"
    card = replace(ZHANG_SANFENG, name="龚喆堃")
    assert parse_text_block(build_text_block(card)).name == "龚喆堃"


def test_only_trailing_padding_is_stripped() -> None:
    card = replace(ZHANG_SANFENG, name="ANNA MARIA")
    assert parse_text_block(build_text_block(card)).name == "ANNA MARIA"


def test_test_numbers_from_the_reference_are_valid() -> None:
    for number in ("360426199101010071", "120103198806018241", "830000199201300022"):
        assert is_valid_id_number(number)
    assert all(is_valid_id_number(card.id_number) for card in TEST_CARDS)


def test_wrong_check_digit_is_rejected_without_showing_the_number() -> None:
    block = build_text_block(replace(ZHANG_SANFENG, id_number="360426199101010072"))
    with pytest.raises(CardDataError) as caught:
        parse_text_block(block)
    assert "3604**********0072" in str(caught.value)
    assert "360426199101010072" not in str(caught.value)


def test_unknown_region_prefix_is_accepted() -> None:
    number = "990000199001010" + "01"
    number += id_check_char(number)
    card = parse_text_block(build_text_block(replace(ZHANG_SANFENG, id_number=number)))
    assert card.id_number == number


def test_lower_case_x_is_normalised() -> None:
    first = "11010519491231002"
    assert id_check_char(first) == "X"
    card = replace(ZHANG_SANFENG, id_number=first + "x")
    assert parse_text_block(build_text_block(card)).id_number == first + "X"


@pytest.mark.parametrize(
    ("field", "value"),
    [("birth_date", "1991013A"), ("valid_from", "20230230"), ("valid_to", "2030")],
)
def test_bad_dates_are_card_data_errors(field: str, value: str) -> None:
    offsets = {"birth_date": 36, "valid_from": 188, "valid_to": 204}
    block = bytearray(build_text_block(ZHANG_SANFENG))
    start = offsets[field]
    block[start : start + 16] = value.ljust(8).encode("utf-16-le")
    with pytest.raises(CardDataError, match=field):
        parse_text_block(bytes(block))


def test_gb3304_nation_names() -> None:
    assert len(NATIONS) == 58
    assert nation_name("01") == "汉族" and nation_name("56") == "基诺族"
    assert nation_name("36") == "毛南族" and nation_name("46") == "德昂族"
    assert nation_name("20") == "傈僳族"
    assert nation_name("97") == "其他" and nation_name("98") == "外国血统中国籍人士"
    assert nation_name("57") == "未知(57)"
    assert nation_code("维吾尔族") == "05"
    assert not {"毛难族", "崩龙族", "德昴族"} & set(NATIONS.values())


def test_repr_and_masked_never_show_raw_number() -> None:
    text = repr(ZHANG_SANFENG) + str(ZHANG_SANFENG.masked())
    assert "360426199101010071" not in text and "张三丰" not in text
    assert "3604**********0071" in text and "张*丰" in text


def test_non_ucs2_character_cannot_be_built() -> None:
    with pytest.raises(CardDataError, match="UCS-2"):
        build_text_block(replace(ZHANG_SANFENG, name="王𠀀"))


names = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=15
)
addresses = st.text(
    alphabet=st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF), min_size=1, max_size=35
)


@settings(max_examples=150, deadline=None)
@given(
    names,
    addresses,
    st.sampled_from(sorted(NATIONS)),
    st.dates(date(1900, 1, 1), date(2025, 1, 1)),
    st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2060, 1, 1))),
    st.integers(0, 10**17 - 1),
)
def test_round_trip_many_identities(
    name: str, address: str, code: str, born: date, valid_to: date | None, seed: int
) -> None:
    first = f"{seed:017d}"
    card = IdCard(
        name=name,
        sex="女",
        nation_code=code,
        nation=nation_name(code),
        birth_date=born,
        address=address,
        id_number=first + id_check_char(first),
        authority="测试公安局",
        valid_from=date(2010, 1, 1),
        valid_to=valid_to,
    )
    assert parse_text_block(build_text_block(card)) == card


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=256, max_size=256))
def test_arbitrary_blocks_only_raise_card_data_errors(block: bytes) -> None:
    with contextlib.suppress(CardDataError):
        parse_text_block(block)
