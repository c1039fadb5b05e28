"""hall-kiosk's pure core, free of Qt: session flow, server client, offline journal, receipt
text, device orchestration. The screens and their wiring are in ui/kiosk/."""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk package raises."""
