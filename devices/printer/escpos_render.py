"""Receipt -> ESC/POS bytes. Chinese text is sent as GB18030 by us (python-escpos's text() turns
Chinese punctuation into '?'); python-escpos's Dummy printer builds QR codes, images and cuts.
"""

from __future__ import annotations

import logging
import warnings

from escpos.printer import Dummy
from PIL import Image

from devices.printer.profile import PrinterProfile, get_profile
from devices.printer.receipt import Line, Receipt, receipt_lines, wrap

log = logging.getLogger(__name__)

ESC_INIT = b"\x1b\x40"
FS_CHINESE_ON = b"\x1c\x26"
ALIGN_LEFT = b"\x1b\x61\x00"
ALIGN_CENTER = b"\x1b\x61\x01"
BOLD_ON = b"\x1b\x45\x01"
BOLD_OFF = b"\x1b\x45\x00"
LF = b"\n"
FEED_NO_CUT = b"\x1b\x64\x06"


def gs_size(width: int, height: int) -> bytes:
    """GS ! n: character size, 1..8 times (enlarges Chinese too, unlike ESC !)."""
    return b"\x1d\x21" + bytes([((width - 1) << 4) | (height - 1)])


SIZE_NORMAL = gs_size(1, 1)
# style -> (size command, bold, width multiplier used for wrapping)
STYLE_CODES: dict[str, tuple[bytes, bool, int]] = {
    "title": (gs_size(1, 2), True, 1),
    "subtitle": (gs_size(1, 2), False, 1),
    "label": (SIZE_NORMAL, False, 1),
    "normal": (SIZE_NORMAL, False, 1),
    "small": (SIZE_NORMAL, False, 1),
}


def encode_text(text: str) -> bytes:
    """GB18030 bytes; ¥ becomes the full-width ￥ (2 bytes instead of 4)."""
    return text.replace("¥", "￥").encode("gb18030")


def number_size(profile: PrinterProfile) -> int:
    """Magnification of the ticket number: 4x on 80 mm, 3x on 58 mm."""
    return 4 if profile.paper_mm >= 80 else 3


def _text_line(line: Line, profile: PrinterProfile) -> bytes:
    if line.style == "rule":
        return b"-" * profile.chars_per_line + LF
    if line.style == "number":
        times = number_size(profile)
        return gs_size(times, times) + encode_text(line.text) + LF + SIZE_NORMAL
    size, bold, factor = STYLE_CODES[line.style]
    out = size + (BOLD_ON if bold else b"")
    for part in wrap(line.text, profile.chars_per_line // factor):
        out += encode_text(part) + LF
    return out + (BOLD_OFF if bold else b"") + (SIZE_NORMAL if size != SIZE_NORMAL else b"")


def _quiet_dummy() -> Dummy:
    return Dummy()


def qr_bytes(payload: str, profile: PrinterProfile) -> bytes:
    """QR as GS ( k (native) or as a GS v 0 raster image, per profile."""
    printer = _quiet_dummy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        printer.qr(payload, ec=1, size=profile.qr_module_size, native=profile.qr == "native")
    return bytes(printer.output)


def image_bytes(image: Image.Image) -> bytes:
    """A PIL image as GS v 0 raster bands."""
    printer = _quiet_dummy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        printer.image(image)
    return bytes(printer.output)


def cut_bytes(profile: PrinterProfile) -> bytes:
    """Feed and cut (ESC d 6, GS V 0), or only feed on printers without a cutter."""
    if not profile.cutter:
        return FEED_NO_CUT
    printer = _quiet_dummy()
    printer.cut()
    return bytes(printer.output)


def _text_mode(lines: list[Line], profile: PrinterProfile) -> bytes:
    out = ESC_INIT + (FS_CHINESE_ON if profile.chinese_mode_cmd else b"") + ALIGN_CENTER
    for line in lines:
        if line.style == "qr":
            out += qr_bytes(line.text, profile) + LF
        else:
            out += _text_line(line, profile)
    return out + ALIGN_LEFT


def _raster_mode(lines: list[Line], profile: PrinterProfile) -> bytes:
    from devices.printer.preview import render_lines_image

    image = render_lines_image(lines, profile.paper_mm)
    crisp = image.point(lambda value: 255 if value >= 160 else 0).convert("1", dither=None)
    return ESC_INIT + ALIGN_CENTER + image_bytes(crisp) + ALIGN_LEFT


def render(receipt: Receipt, profile: PrinterProfile | str) -> bytes:
    """ESC/POS bytes for a receipt: text mode (GB18030) or a raster image, then cut."""
    return render_lines(receipt_lines(receipt), profile)


def render_lines(lines: list[Line], profile: PrinterProfile | str) -> bytes:
    """ESC/POS bytes for laid-out lines (a receipt, a materials list), then cut."""
    chosen = get_profile(profile)
    body = _raster_mode(lines, chosen) if chosen.mode == "raster" else _text_mode(lines, chosen)
    return body + cut_bytes(chosen)
