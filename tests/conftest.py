"""Shared test setup: Qt runs offscreen; the live queue-server fixture lives in tests/fixtures."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.fixtures.live_server"]

SCREENSHOT_DIR = Path(__file__).resolve().parents[1] / "var" / "screenshots"
