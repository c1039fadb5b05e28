"""Receipt -> image (PNG preview, raster printing) with the bundled Noto Sans SC font at 203 dpi."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from devices.errors import PrinterError
from devices.printer.receipt import Line, Receipt, receipt_lines, wrap_by

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
REGULAR = "NotoSansSC-Regular-subset.otf"
BOLD = "NotoSansSC-Bold-subset.otf"
DOTS_PER_MM = 8  # 203 dpi
MARGIN = 16

# style -> (font file, pixel size on 80 mm paper)
STYLE_FONTS: dict[str, tuple[str, int]] = {
    "title": (BOLD, 34),
    "subtitle": (BOLD, 30),
    "label": (REGULAR, 24),
    "number": (BOLD, 132),
    "normal": (REGULAR, 26),
    "small": (REGULAR, 21),
}


def paper_width_dots(paper_mm: int) -> int:
    """Printable width: 576 dots on 80 mm paper, 384 on 58 mm."""
    return 576 if paper_mm >= 80 else 384


@lru_cache(maxsize=32)
def receipt_font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path = FONT_DIR / name
    try:
        return ImageFont.truetype(str(path), size)
    except OSError as err:
        raise PrinterError(f"cannot load receipt font {path}: {err}") from err


def _wrap_pixels(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    return wrap_by(text, lambda line: font.getlength(line.rstrip()) <= width)


def _qr_image(payload: str, width: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=1)
    code.add_data(payload)
    code.make(fit=True)
    made = code.make_image(fill_color="black", back_color="white")
    image: Image.Image = made.get_image().convert("L")
    scale = max(2, min(8, (width // 2) // image.width))
    return image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)


def _draw_block(line: Line, width: int, scale: float) -> Image.Image:
    """One laid-out line as its own white image strip."""
    if line.style == "qr":
        return _qr_image(line.text, width)
    if line.style == "rule":
        strip = Image.new("L", (width, 14), 255)
        ImageDraw.Draw(strip).line([(0, 7), (width, 7)], fill=0, width=2)
        return strip
    name, size = STYLE_FONTS[line.style]
    font = receipt_font(name, max(12, round(size * scale)))
    if line.style == "number":
        return _tight_text(line.text, font, width)
    ascent, descent = font.getmetrics()
    rows = _wrap_pixels(line.text, font, width)
    strip = Image.new("L", (width, (ascent + descent + 4) * len(rows)), 255)
    draw = ImageDraw.Draw(strip)
    for index, row in enumerate(rows):
        x = (width - font.getlength(row)) / 2
        draw.text((x, index * (ascent + descent + 4)), row, font=font, fill=0)
    return strip


def _tight_text(text: str, font: ImageFont.FreeTypeFont, width: int) -> Image.Image:
    """Large text cropped to its ink (no empty ascender space above a big ticket number)."""
    left, top, right, bottom = font.getbbox(text)
    strip = Image.new("L", (width, int(bottom - top) + 24), 255)
    x = (width - (right - left)) / 2 - left
    ImageDraw.Draw(strip).text((x, 12 - top), text, font=font, fill=0)
    return strip


def render_image(receipt: Receipt, paper_mm: int = 80) -> Image.Image:
    """The receipt as a grayscale image as wide as the printable area."""
    return render_lines_image(receipt_lines(receipt), paper_mm)


def render_lines_image(lines: list[Line], paper_mm: int = 80) -> Image.Image:
    """Laid-out lines as a grayscale image as wide as the printable area."""
    full = paper_width_dots(paper_mm)
    width = full - 2 * MARGIN
    scale = full / 576
    strips = [_draw_block(line, width, scale) for line in lines]
    height = sum(strip.height for strip in strips) + 8 * len(strips) + 2 * MARGIN
    page = Image.new("L", (full, height), 255)
    y = MARGIN
    for strip in strips:
        page.paste(strip, ((full - strip.width) // 2, y))
        y += strip.height + 8
    return page


def png_bytes(receipt: Receipt, paper_mm: int = 80) -> bytes:
    """The receipt image as PNG bytes."""
    buffer = io.BytesIO()
    render_image(receipt, paper_mm).save(buffer, format="PNG")
    return buffer.getvalue()
