"""Receipt rendering: ESC/POS bytes (GB18030, GS !, QR, cut), raster mode and the PNG preview."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
import zxingcpp
from escpos.printer import Dummy
from PIL import Image, ImageFont

from devices.printer import PROFILES, Receipt, get_profile, render_escpos, render_png
from devices.printer.decode import escpos_text, qr_payloads
from devices.printer.escpos_render import gs_size
from devices.printer.preview import BOLD, FONT_DIR, REGULAR
from devices.printer.receipt import display_width, receipt_lines, wrap

RECEIPT = Receipt(
    hall_name="南京市栖霞区政务服务中心",
    hall_name_en="Qixia District Government Service Centre",
    service_name="不动产登记（二手房转移）",
    service_name_en="Real estate registration",
    number="A023",
    ahead=3,
    eta_minutes=15,
    window_area="A区 1-6号窗口",
    window_area_en="Area A, windows 1-6",
    issued_at=datetime(2026, 11, 28, 9, 30),
    holder_masked="张*丰",
    phone_masked="138****1234",
    qr_payload="https://hall.example.cn/t/Xq7-AbC123xyz",
    notices=["请留意叫号，过号请重新取号。", "本票当日有效；费用：￥0.00！"],
)
CHINESE_LINES = [
    "南京市栖霞区政务服务中心",
    "不动产登记（二手房转移）",
    "您的号码",
    "前面还有 3 人",
    "预计等候约 15 分钟",
    "请在A区 1-6号窗口等候叫号",  # no stray spaces around the area (issue 10, item 11)
    "姓名：张*丰  电话：138****1234",
    "取号时间：2026-11-28 09:30",
    "扫码查看排队进度",
    "请留意叫号，过号请重新取号。",
    "本票当日有效；费用：￥0.00！",
]


def test_python_escpos_text_garbles_chinese_punctuation() -> None:
    """The pitfall this renderer exists for (reference sheet, section 3)."""
    printer = Dummy()
    printer.text("：，。")
    assert b"???" in printer.output
    assert "：，。".encode("gb18030") == bytes.fromhex("A3BA A3AC A1A3")


def test_gs_size_matches_python_escpos_custom_size() -> None:
    printer = Dummy()
    printer.set(custom_size=True, width=2, height=2)
    assert printer.output == gs_size(2, 2) == b"\x1d\x21\x11"
    assert gs_size(4, 4) == b"\x1d\x21\x33"


def test_text_mode_bytes_layout() -> None:
    data = render_escpos(RECEIPT, "generic-80")
    assert data.startswith(b"\x1b\x40\x1c\x26\x1b\x61\x01")  # init, FS & Chinese mode, centre
    assert b"\x1d\x21\x33" + b"A023\n" + b"\x1d\x21\x00" in data  # GS ! 4x4 ticket number
    assert data.endswith(b"\x1b\x64\x06\x1d\x56\x00")  # feed and full cut
    assert "：".encode("gb18030") == b"\xa3\xba" and b"\xa3\xba" in data  # full-width colon


def test_printed_bytes_decode_back_to_the_chinese_text() -> None:
    data = render_escpos(RECEIPT, "generic-80")
    text = escpos_text(data)
    for line in CHINESE_LINES:
        assert line in text, line
    assert "?" not in text and "\ufffd" not in text
    assert "￥".encode("gb18030") in data and "¥".encode("gb18030") not in data


def test_yuan_sign_is_sent_full_width() -> None:
    data = render_escpos(replace(RECEIPT, notices=["费用 ¥5"]), "generic-80")
    assert "费用 ￥5".encode("gb18030") in data


def test_profile_without_chinese_mode_command() -> None:
    data = render_escpos(RECEIPT, "power-on-chinese-80")
    assert data.startswith(b"\x1b\x40\x1b\x61\x01") and b"\x1c\x26" not in data


def test_native_qr_carries_the_payload() -> None:
    data = render_escpos(RECEIPT, "generic-80")
    assert qr_payloads(data) == [RECEIPT.qr_payload]
    assert b"\x1d(k\x03\x001C\x06" in data  # module size 6 on 80 mm
    assert b"\x1dv0" not in data


def test_image_qr_is_a_raster_image() -> None:
    data = render_escpos(RECEIPT, "image-qr-80")
    assert qr_payloads(data) == [] and b"\x1dv0\x00" in data
    assert escpos_text(data).count("取号时间") == 1


def test_58mm_lines_fit_32_columns() -> None:
    data = render_escpos(RECEIPT, "generic-58")
    normal_lines = [line for line in escpos_text(data).split("\n") if line]
    assert max(display_width(line) for line in normal_lines if line != "A023") <= 32
    assert b"\x1d\x21\x22A023" in data  # 3x on 58 mm


def test_no_cutter_only_feeds() -> None:
    data = render_escpos(RECEIPT, "no-cutter-58")
    assert data.endswith(b"\x1b\x64\x06") and b"\x1d\x56" not in data


@pytest.mark.parametrize(("profile", "width_bytes"), [("raster-80", 72), ("raster-58", 48)])
def test_raster_mode_sends_an_image_as_wide_as_the_paper(profile: str, width_bytes: int) -> None:
    data = render_escpos(RECEIPT, profile)
    assert data.startswith(b"\x1b\x40")
    start = data.index(b"\x1dv0")
    assert data[start + 4 : start + 6] == width_bytes.to_bytes(2, "little")
    assert escpos_text(data).strip("\n") == ""  # no text: everything is in the image
    assert data.endswith(b"\x1d\x56\x00")


def test_wrap_counts_chinese_as_two_columns() -> None:
    assert wrap("一二三四五六", 8) == ["一二三四", "五六"]
    assert wrap("ab 一二", 4) == ["ab", "一二"]
    assert display_width("号A") == 3


def test_layout_is_chinese_first_then_english() -> None:
    texts = [line.text for line in receipt_lines(RECEIPT)]
    assert texts.index(RECEIPT.hall_name) + 1 == texts.index(str(RECEIPT.hall_name_en))
    english_off = [line.text for line in receipt_lines(replace(RECEIPT, english=False))]
    assert RECEIPT.hall_name_en not in english_off and "您的号码" in english_off


def test_unknown_eta_has_no_minutes_line() -> None:
    texts = escpos_text(render_escpos(replace(RECEIPT, eta_minutes=None), "generic-80"))
    assert "预计等候" not in texts and "3 people ahead\n" in texts


def test_unknown_profile_lists_known_ones() -> None:
    with pytest.raises(Exception, match="generic-80"):
        get_profile("epson-9000")
    assert {"generic-80", "generic-58", "raster-80"} <= set(PROFILES)


def test_font_has_every_character_of_the_receipt() -> None:
    regular = ImageFont.truetype(str(FONT_DIR / REGULAR), 24)
    bold = ImageFont.truetype(str(FONT_DIR / BOLD), 24)
    characters = {char for line in receipt_lines(RECEIPT) for char in line.text if char != " "}
    missing = [c for c in characters if regular.getmask(c).getbbox() is None]
    missing += [c for c in characters if bold.getmask(c).getbbox() is None]
    assert missing == []


@pytest.mark.parametrize(("paper_mm", "width"), [(80, 576), (58, 384)])
def test_png_preview_qr_reads_back(paper_mm: int, width: int, screenshots: Path) -> None:
    png = render_png(RECEIPT, paper_mm=paper_mm)
    (screenshots / f"receipt-{paper_mm}mm.png").write_bytes(png)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == width and image.height > width
    decoded = zxingcpp.read_barcodes(image)
    assert [result.text for result in decoded] == [RECEIPT.qr_payload]


def test_png_without_qr_has_no_code() -> None:
    image = Image.open(io.BytesIO(render_png(replace(RECEIPT, qr_payload=None))))
    assert zxingcpp.read_barcodes(image) == []


def raster_bands(data: bytes) -> Image.Image:
    """Rebuild the picture from the GS v 0 bands of an ESC/POS stream (1 bit = black dot)."""
    bands = []
    start = data.find(b"\x1dv0")
    while start >= 0:
        width_bytes = int.from_bytes(data[start + 4 : start + 6], "little")
        height = int.from_bytes(data[start + 6 : start + 8], "little")
        bits = data[start + 8 : start + 8 + width_bytes * height]
        inverted = bytes(255 - byte for byte in bits)  # PIL "1": 1 bit = white
        bands.append(Image.frombytes("1", (width_bytes * 8, height), inverted))
        start = data.find(b"\x1dv0", start + 8 + len(bits))
    page = Image.new("1", (bands[0].width, sum(band.height for band in bands)), 1)
    y = 0
    for band in bands:
        page.paste(band, (0, y))
        y += band.height
    return page


def test_raster_receipt_carries_a_readable_qr(screenshots: Path) -> None:
    page = raster_bands(render_escpos(RECEIPT, "raster-80"))
    page.save(screenshots / "receipt-raster-80mm-from-escpos.png")
    assert page.width == 576
    assert [result.text for result in zxingcpp.read_barcodes(page.convert("L"))] == [
        RECEIPT.qr_payload
    ]


def test_image_qr_in_text_mode_is_readable() -> None:
    page = raster_bands(render_escpos(RECEIPT, "image-qr-80"))
    assert [result.text for result in zxingcpp.read_barcodes(page.convert("L"))] == [
        RECEIPT.qr_payload
    ]


@pytest.mark.parametrize("profile", ["generic-80", "generic-58"])
def test_an_uncertain_wait_is_printed_as_a_range_in_both_languages(profile: str) -> None:
    texts = escpos_text(render_escpos(replace(RECEIPT, eta_range=(10, 20)), profile))
    assert "预计等候约 10～20 分钟\n" in texts and "about 10-20 min" in texts
    assert "15 分钟" not in texts, "the range replaces the single estimate"
    single = escpos_text(render_escpos(replace(RECEIPT, eta_range=(15, 15)), profile))
    assert "预计等候约 15 分钟\n" in single and "about 15 min" in single
