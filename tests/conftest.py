"""Shared test setup: Qt runs offscreen; the live queue-server fixture lives in tests/fixtures."""

from __future__ import annotations

import os
from pathlib import Path

from queue_server.store.users import PASSWORD_COST_ENV

TEST_PASSWORD_COST = 2**8

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Passwords are hashed at a low scrypt cost in the suite, by every store and server it starts
# (a test of the production cost removes this from its server's environment).
os.environ.setdefault(PASSWORD_COST_ENV, str(TEST_PASSWORD_COST))

pytest_plugins = ["tests.fixtures.live_server", "tests.fixtures.browser"]

SCREENSHOT_DIR = Path(__file__).resolve().parents[1] / "var" / "screenshots"
