"""The bundled Chinese font, so Chinese renders the same on every machine (no tofu boxes)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

log = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_FILES = ("NotoSansSC-Regular-subset.otf", "NotoSansSC-Bold-subset.otf")


def install_fonts(point_size: int = 16) -> str:
    """Register the bundled CJK fonts with Qt and make them the application default.

    Call after the QApplication exists. Returns the family name in use.
    """
    from PySide6.QtWidgets import QApplication

    family = ""
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        if font_id < 0:
            log.error("could not load bundled font %s", FONT_DIR / name)
            continue
        family = family or QFontDatabase.applicationFontFamilies(font_id)[0]
    if family:
        font = QFont(family, point_size)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setFont(font)
    return family
