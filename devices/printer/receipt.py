"""The ticket receipt (号票) and its layout: what goes on paper, Chinese first, English second."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from devices.printer.profile import PrinterProfile

Style = Literal["title", "subtitle", "label", "number", "normal", "small", "qr", "rule"]


@dataclass(frozen=True)
class Receipt:
    """Everything printed on a queue ticket. Personal data arrives already masked."""

    hall_name: str
    service_name: str
    number: str
    ahead: int
    eta_minutes: int | None
    window_area: str
    issued_at: datetime
    holder_masked: str | None = None
    phone_masked: str | None = None
    qr_payload: str | None = None
    notices: list[str] = field(default_factory=list)
    hall_name_en: str | None = None
    service_name_en: str | None = None
    window_area_en: str | None = None
    english: bool = True


@dataclass(frozen=True)
class Line:
    """One laid-out line (or the QR block) with its style."""

    text: str
    style: Style = "normal"


def display_width(text: str) -> int:
    """Columns on a receipt: full-width (Chinese) characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap(text: str, columns: int) -> list[str]:
    """Split `text` into lines of at most `columns` display columns (breaking anywhere)."""
    lines: list[str] = []
    current, width = "", 0
    for char in text:
        char_width = display_width(char)
        if width + char_width > columns and current:
            lines.append(current.rstrip())
            current, width = "", 0
            if char == " ":
                continue
        current += char
        width += char_width
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def _wait_lines(receipt: Receipt) -> list[Line]:
    lines = [Line(f"前面还有 {receipt.ahead} 人")]
    if receipt.eta_minutes is not None:
        lines.append(Line(f"预计等候约 {receipt.eta_minutes} 分钟"))
    if receipt.english:
        eta = f", about {receipt.eta_minutes} min" if receipt.eta_minutes is not None else ""
        people = "person" if receipt.ahead == 1 else "people"
        lines.append(Line(f"{receipt.ahead} {people} ahead{eta}", "small"))
    return lines


def _holder_lines(receipt: Receipt) -> list[Line]:
    parts = []
    if receipt.holder_masked:
        parts.append(f"姓名：{receipt.holder_masked}")
    if receipt.phone_masked:
        parts.append(f"电话：{receipt.phone_masked}")
    return [Line("  ".join(parts))] if parts else []


def receipt_lines(receipt: Receipt) -> list[Line]:
    """The receipt content, top to bottom, shared by the ESC/POS and PNG renderers."""
    lines = [Line(receipt.hall_name, "title")]
    if receipt.english and receipt.hall_name_en:
        lines.append(Line(receipt.hall_name_en, "small"))
    lines.append(Line("rule", "rule"))
    lines.append(Line(receipt.service_name, "subtitle"))
    if receipt.english and receipt.service_name_en:
        lines.append(Line(receipt.service_name_en, "small"))
    lines.append(Line("您的号码" + (" Your number" if receipt.english else ""), "label"))
    lines.append(Line(receipt.number, "number"))
    lines += _wait_lines(receipt)
    lines.append(Line(f"请在 {receipt.window_area} 等候叫号"))
    if receipt.english and receipt.window_area_en:
        lines.append(Line(f"Please wait in {receipt.window_area_en}", "small"))
    lines += _holder_lines(receipt)
    lines.append(Line(f"取号时间：{receipt.issued_at:%Y-%m-%d %H:%M}"))
    if receipt.qr_payload:
        lines.append(Line(receipt.qr_payload, "qr"))
        scan = "扫码查看排队进度" + (" Scan to follow your ticket" if receipt.english else "")
        lines.append(Line(scan, "small"))
    if receipt.notices:
        lines.append(Line("rule", "rule"))
        lines += [Line(notice, "small") for notice in receipt.notices]
    return lines


def render_escpos(receipt: Receipt, profile: PrinterProfile | str = "generic-80") -> bytes:
    """ESC/POS bytes for `receipt` on a printer of `profile` (pure)."""
    from devices.printer.escpos_render import render

    return render(receipt, profile)


def render_png(receipt: Receipt, paper_mm: int = 80) -> bytes:
    """PNG preview of `receipt` at 203 dpi with the bundled Noto Sans SC font."""
    from devices.printer.preview import png_bytes

    return png_bytes(receipt, paper_mm)
