"""ESC/POS bytes -> a picture of the paper (the virtual printer's previews): text with its size,
bold and alignment, QR codes (GS ( k) and raster images (GS v 0), on a 203 dpi strip.

It reads what a printer received, not a Receipt: what the tester sees is what the bytes say.
Commands it does not draw are skipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import qrcode
from PIL import Image, ImageDraw
from qrcode.exceptions import DataOverflowError

from devices.printer.decode import is_complete, pieces
from devices.printer.preview import BOLD, MARGIN, REGULAR, paper_width_dots, receipt_font

log = logging.getLogger(__name__)

BASE_DOTS = 24  # Font A is 24 dots high; GS ! multiplies it
_ALIGN = {0: "left", 1: "center", 2: "right", 0x30: "left", 0x31: "center", 0x32: "right"}


@dataclass
class _Style:
    align: str = "left"
    bold: bool = False
    width: int = 1
    height: int = 1


@dataclass
class _Page:
    width: int
    style: _Style = field(default_factory=_Style)
    strips: list[tuple[Image.Image, str]] = field(default_factory=list)
    line: bytearray = field(default_factory=bytearray)
    qr_payload: str = ""

    def text(self, data: bytes) -> None:
        for byte in data:
            if byte == 0x0A:
                self.end_line()
            elif byte != 0x0D:
                self.line.append(byte)

    def end_line(self) -> None:
        decoded = bytes(self.line).decode("gb18030", errors="replace")
        text = "".join(char for char in decoded if char.isprintable())  # control bytes draw nothing
        self.line.clear()
        self.strips.append((_text_strip(text, self.style, self.width), self.style.align))

    def command(self, command: bytes) -> None:
        if not is_complete(command):
            return  # cut off: its data never arrived
        lead, code = command[:1], command[1:2]
        if command[:2] == b"\x1b@":
            self.style = _Style()
        elif lead == b"\x1b" and code == b"a" and len(command) > 2:
            self.style.align = _ALIGN.get(command[2], "left")
        elif lead == b"\x1b" and code == b"E" and len(command) > 2:
            self.style.bold = bool(command[2] & 1)
        elif lead == b"\x1d" and code == b"!" and len(command) > 2:
            self.style.width = (command[2] >> 4) + 1
            self.style.height = (command[2] & 0x0F) + 1
        elif command[:3] == b"\x1d(k":
            self._qr(command)
        elif command[:3] == b"\x1dv0" and min(_raster_size(command)) > 0:
            self.strips.append((_raster(command), self.style.align))

    def _qr(self, command: bytes) -> None:
        function = command[5:8]
        if function == b"1P0":
            self.qr_payload = command[8:].decode("utf-8", errors="replace")
        elif function == b"1Q0" and self.qr_payload:
            try:
                self.strips.append((_qr_strip(self.qr_payload), self.style.align))
            except DataOverflowError:  # more than a QR code holds: a real printer prints none
                log.warning("QR payload of %d bytes too long to draw", len(self.qr_payload))


def _text_strip(text: str, style: _Style, width: int) -> Image.Image:
    """One line as the printer draws it: GS ! widens the glyphs, then stretches them upwards."""
    font = receipt_font(BOLD if style.bold else REGULAR, BASE_DOTS * style.width)
    rows, current = [], ""
    for char in text:  # wrap where the paper ends, as the printer does
        if current and font.getlength(current + char) > width:
            rows.append(current)
            current = ""
        current += char
    rows.append(current)
    ascent, descent = font.getmetrics()
    step = ascent + descent
    strip = Image.new("L", (width, step * len(rows)), 255)
    draw = ImageDraw.Draw(strip)
    for index, row in enumerate(rows):
        left = {"left": 0.0, "center": (width - font.getlength(row)) / 2}.get(
            style.align, width - font.getlength(row)
        )
        draw.text((left, index * step), row, font=font, fill=0)
    if style.height == style.width:
        return strip
    tall = strip.height * style.height // style.width
    return strip.resize((width, tall), Image.Resampling.BILINEAR)


def _qr_strip(payload: str) -> Image.Image:
    code = qrcode.QRCode(border=2, box_size=6)
    code.add_data(payload)
    code.make(fit=True)
    image: Image.Image = code.make_image(fill_color="black", back_color="white").get_image()
    return image.convert("L")


def _raster_size(command: bytes) -> tuple[int, int]:
    """(bytes a row, rows) of GS v 0 m xL xH yL yH."""
    return command[4] + 256 * command[5], command[6] + 256 * command[7]


def _raster(command: bytes) -> Image.Image:
    """GS v 0 m xL xH yL yH d...: xL+xH*256 bytes a row, 1 bits black, most significant first."""
    width_bytes, height = _raster_size(command)
    bits = command[8 : 8 + width_bytes * height].ljust(width_bytes * height, b"\0")
    inverted = bytes(255 - byte for byte in bits)  # PIL's mode "1": 1 is white
    return Image.frombytes("1", (width_bytes * 8, height), inverted).convert("L")


def render_escpos_preview(data: bytes, paper_mm: int = 80) -> Image.Image:
    """What `data` would look like on paper `paper_mm` wide, as a grayscale image."""
    page = _Page(paper_width_dots(paper_mm))
    for is_command, part in pieces(data):
        if is_command:
            page.command(part)
        else:
            page.text(part)
    if page.line:
        page.end_line()
    height = sum(strip.height for strip, _ in page.strips) + 2 * MARGIN
    paper = Image.new("L", (page.width + 2 * MARGIN, max(height, 2 * MARGIN + BASE_DOTS)), 255)
    y = MARGIN
    for strip, align in page.strips:
        spare = page.width - strip.width
        x = MARGIN + {"left": 0, "center": spare // 2}.get(align, spare)
        paper.paste(strip, (max(0, x), y))
        y += strip.height
    return paper
