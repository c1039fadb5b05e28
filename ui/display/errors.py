"""The display's one exception base and its specific errors."""

from __future__ import annotations


class DisplayError(Exception):
    """Base of every error raised by the hall display."""


class DisplayConfigError(DisplayError):
    """A configuration file or value the display cannot use (names file, key and value)."""


class VoiceError(DisplayError):
    """A voice clip that is missing, unreadable or cannot be made."""
