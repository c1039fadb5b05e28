"""The kiosk's look: high-contrast colours, big type, touch targets of at least 64 px."""

from __future__ import annotations

from dataclasses import dataclass

INK = "#111111"
PAPER = "#F4F6F9"
NAVY = "#0A3D91"
WHITE = "#FFFFFF"
GREY_BG = "#D9DDE3"
GREY_INK = "#4A4F57"
RED = "#B00020"
AMBER = "#FFC629"
PALE_BLUE = "#DCE9FB"  # behind a suggestion: seen, yet calmer than a warning
TILE_COLOURS = {
    "take": "#0A5FD6",
    "checkin": "#0B7A3E",
    "place": "#A64F00",
    "guide": "#5B2C9F",
}
MIN_TOUCH_PX = 64


@dataclass(frozen=True)
class Theme:
    orientation: str = "portrait"
    large_text: bool = False
    fit: float = 1.0  # type a little smaller on a page that would not fit the screen

    @property
    def scale(self) -> float:
        return (1.25 if self.large_text else 1.0) * self.fit

    @property
    def fits(self) -> tuple[float, ...]:
        """The `fit`s to try, largest first, before a page scrolls: large text stays larger
        than normal text (1.1x at least)."""
        return (1.0, 0.94, 0.88) if self.large_text else (1.0, 0.9, 0.8)

    @property
    def portrait(self) -> bool:
        return self.orientation == "portrait"

    def px(self, size: float) -> int:
        """A font size in pixels, enlarged in large-text mode."""
        return round(size * self.scale)

    @property
    def columns(self) -> int:
        """Columns of service buttons (at most 6 a category)."""
        return 1 if self.portrait else 2

    @property
    def key_px(self) -> int:
        """Keypad keys: shorter on a landscape screen, so that four rows and OK fit its height."""
        return 110 if self.portrait else 84

    @property
    def category_columns(self) -> int:
        """Portrait, large text: three narrower columns, so that the names fit without
        scrolling (a landscape screen is too low for them: there they scroll, with a hint)."""
        if self.portrait:
            return 3 if self.large_text else 2
        return 4

    def stylesheet(self) -> str:
        body = self.px(34)
        return f"""
        QWidget#kiosk {{ background: {PAPER}; color: {INK}; font-size: {body}px; }}
        QLabel {{ color: {INK}; background: transparent; }}
        QWidget#header {{ background: {NAVY}; }}
        QWidget#header QLabel {{ color: {WHITE}; }}
        QLabel[role="clock"] {{ font-size: {self.px(28)}px; font-weight: bold; }}
        QLabel#banner {{ background: {AMBER}; color: {INK}; font-weight: bold;
                         padding: 12px; font-size: {self.px(30)}px; }}
        QPushButton {{ background: {NAVY}; color: {WHITE}; border: none; border-radius: 16px;
                       min-height: {MIN_TOUCH_PX + 16}px; min-width: 120px;
                       font-size: {self.px(40)}px; padding: 8px 24px; }}
        QPushButton:pressed {{ background: #062A66; }}
        QPushButton QLabel {{ color: {WHITE}; }}
        QPushButton QLabel:disabled {{ color: {GREY_INK}; }}
        QPushButton:disabled {{ background: {GREY_BG}; color: {GREY_INK}; }}
        QPushButton[role="quiet"] {{ background: {WHITE}; color: {NAVY};
                                     border: 4px solid {NAVY}; }}
        QPushButton[role="header"] {{ background: {WHITE}; color: {NAVY}; padding: 8px 20px;
                                      font-size: {self.px(30)}px; min-height: {MIN_TOUCH_PX}px;
                                      min-width: {self.px(150)}px; }}
        QPushButton[role="key"] {{ font-size: {self.px(56)}px; min-height: {self.key_px}px; }}
        QPushButton[role="code_key"] {{ font-size: {self.px(52)}px; padding: 8px 4px;
                                        min-height: {self.key_px - 14}px;
                                        min-width: {MIN_TOUCH_PX}px; }}
        QLabel[role="title"] {{ font-size: {self.px(56)}px; font-weight: bold; }}
        QLabel[role="sub"] {{ font-size: {self.px(32)}px; color: {GREY_INK}; }}
        QLabel[role="error"] {{ font-size: {self.px(40)}px; color: {RED}; font-weight: bold; }}
        QLabel[role="number"] {{ font-size: {self.px(200)}px; font-weight: bold; color: {NAVY}; }}
        QLabel[role="closed"] {{ font-size: {self.px(48)}px; font-weight: bold; color: {RED}; }}
        QLabel[role="more"] {{ background: {NAVY}; color: {WHITE}; font-weight: bold;
                               padding: 8px; font-size: {self.px(30)}px; }}
        QLabel[role="big"] {{ font-size: {self.px(48)}px; font-weight: bold; }}
        """
