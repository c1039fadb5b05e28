"""Printer profiles: what a receipt printer model needs (paper, Chinese mode, QR, raster, cut)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from devices.errors import PrinterError

QrMode = Literal["native", "image"]
RenderMode = Literal["text", "raster"]


@dataclass(frozen=True)
class PrinterProfile:
    """How to drive one kind of ESC/POS receipt printer."""

    name: str
    paper_mm: int = 80
    chars_per_line: int = 48
    """Font A half-width columns (a Chinese character takes two)."""
    dots_per_line: int = 576
    chinese_mode_cmd: bool = True
    """Send FS & (enter Chinese/GB18030 mode) first; printers that power up in it need not."""
    qr: QrMode = "native"
    mode: RenderMode = "text"
    cutter: bool = True
    qr_module_size: int = 6


PROFILES: dict[str, PrinterProfile] = {
    "generic-80": PrinterProfile("generic-80"),
    "generic-58": PrinterProfile(
        "generic-58", paper_mm=58, chars_per_line=32, dots_per_line=384, qr_module_size=5
    ),
    "no-cutter-58": PrinterProfile(
        "no-cutter-58",
        paper_mm=58,
        chars_per_line=32,
        dots_per_line=384,
        qr="image",
        cutter=False,
        qr_module_size=5,
    ),
    "power-on-chinese-80": PrinterProfile("power-on-chinese-80", chinese_mode_cmd=False),
    "image-qr-80": PrinterProfile("image-qr-80", qr="image"),
    "raster-80": PrinterProfile("raster-80", mode="raster", qr="image"),
    "raster-58": PrinterProfile(
        "raster-58", paper_mm=58, chars_per_line=32, dots_per_line=384, mode="raster", qr="image"
    ),
}


def get_profile(name: str | PrinterProfile) -> PrinterProfile:
    """A named profile (or the profile itself); unknown names list the known ones."""
    if isinstance(name, PrinterProfile):
        return name
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise PrinterError(f"unknown printer profile {name!r}; known profiles: {known}") from None
