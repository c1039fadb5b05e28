"""hall-kiosk: the self-service touchscreen (session flow, offline journal, devices)."""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk package raises."""
