"""The ticket receipt (号票) and its layout: what goes on paper, Chinese first, English second."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
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
    marks: list[str] = field(default_factory=list)  # under the number: 绿色通道, 补打 ...
    eta_range: tuple[int, int] | None = None  # (low, high) minutes when the estimate is uncertain


@dataclass(frozen=True)
class Line:
    """One laid-out line (or the QR block) with its style."""

    text: str
    style: Style = "normal"


def display_width(text: str) -> int:
    """Columns on a receipt: full-width (Chinese) characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# Chinese punctuation that must not begin a line: it stays with the character before it.
_NO_LINE_START = frozenset("，。、；：！？）》」』”’…%,.;:!?)")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _joins(unit: str, char: str) -> bool:
    """No line break between `unit` and `char`: inside a word, or punctuation after it."""
    return char in _NO_LINE_START or not (_wide(char) or char == " " or _wide(unit[-1]))


def _units(text: str) -> list[str]:
    """What a line may break between: words (with the spaces before them) and single Chinese
    characters (with any punctuation that follows)."""
    units: list[str] = []
    for char in text:
        if units and _joins(units[-1], char):
            units[-1] += char
        else:
            units.append(char)
    return units


def _hard_break(word: str, fits: Callable[[str], bool]) -> tuple[list[str], str]:
    """A word too long for any line: as many pieces as fill whole lines, and the rest."""
    pieces: list[str] = []
    while len(word) > 1 and not fits(word):
        cut = next((i for i in range(len(word) - 1, 0, -1) if fits(word[:i])), 1)
        pieces.append(word[:cut])
        word = word[cut:]
    return pieces, word


def wrap_by(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Split `text` into lines that `fits` accepts, breaking between words and between
    Chinese characters, inside a word only when the word alone is too long for a line."""
    lines: list[str] = []
    current = ""
    for unit in _units(text):
        if fits(current + unit):
            current += unit
            continue
        if current.strip():
            lines.append(current.rstrip())
        pieces, current = _hard_break(unit.lstrip(), fits)
        lines += pieces
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def wrap(text: str, columns: int) -> list[str]:
    """Split `text` into lines of at most `columns` display columns, at word boundaries."""
    return wrap_by(text, lambda line: display_width(line.rstrip()) <= columns)


def _minutes(receipt: Receipt, dash: str) -> str:
    """`15`, or `10～20` (Chinese, the wave dash) / `10-20` for an uncertain estimate."""
    low, high = receipt.eta_range or (receipt.eta_minutes, receipt.eta_minutes)
    return str(low) if low == high else f"{low}{dash}{high}"


def _wait_lines(receipt: Receipt) -> list[Line]:
    lines = [Line(f"前面还有 {receipt.ahead} 人")]
    known = receipt.eta_minutes is not None or receipt.eta_range is not None
    if known:
        lines.append(Line(f"预计等候约 {_minutes(receipt, '～')} 分钟"))
    if receipt.english:
        eta = f", about {_minutes(receipt, '-')} min" if known else ""
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
    lines += [Line(mark, "subtitle") for mark in receipt.marks]
    lines += _wait_lines(receipt)
    lines.append(Line(f"请在{receipt.window_area}等候叫号"))
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


def render_document(lines: list[Line], profile: PrinterProfile | str = "generic-80") -> bytes:
    """ESC/POS bytes for laid-out lines other than a ticket (e.g. a materials list)."""
    from devices.printer.escpos_render import render_lines

    return render_lines(lines, profile)


def render_png(receipt: Receipt, paper_mm: int = 80) -> bytes:
    """PNG preview of `receipt` at 203 dpi with the bundled Noto Sans SC font."""
    from devices.printer.preview import png_bytes

    return png_bytes(receipt, paper_mm)
