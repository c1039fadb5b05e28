"""hall-kiosk's pure core, free of Qt: session flow, offline journal, receipt text, device
orchestration. It talks to the server through queue_server.client; the screens and their wiring
are in ui/kiosk/."""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk package raises."""
