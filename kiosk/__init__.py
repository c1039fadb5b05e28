"""hall-kiosk: the self-service touchscreen (session flow, server client, offline journal)."""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk package raises."""
