"""`hall-clerk` started as a program: auto-login from the environment, screenshot, exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from tests.ui.clerk.conftest import SCREENSHOTS
from ui.clerk.app import parse_args

ROOT = Path(__file__).resolve().parents[3]


def test_options_and_defaults() -> None:
    args = parse_args([])
    assert args.server == "http://127.0.0.1:8600"
    assert (args.user, args.window, args.password_stdin) == (None, None, False)
    args = parse_args(["--user", "clerk", "--window", "3", "--password-stdin", "--hall", "qixia"])
    assert (args.user, args.window, args.password_stdin, args.hall) == ("clerk", 3, True, "qixia")


def test_program_logs_in_opens_its_window_and_saves_a_screenshot(live_server: Any) -> None:
    shot = SCREENSHOTS / "0-program-auto-login.png"
    shot.unlink(missing_ok=True)
    command = [sys.executable, "-m", "ui.clerk.app", "--server", live_server.url]
    command += ["--user", "clerk", "--window", "2", "--password-stdin"]
    command += ["--screenshot", str(shot), "--quit-after-screenshot"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        command, input="demo1234\n", env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    # the header is the console's dark-blue bar, not the login page's light background
    assert image.pixelColor(5, 5).name() == "#0b3d91"
