"""The main job: `hall-demo` starts every program and they show a live hall."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.fixtures.live_server import free_port

SCREENS = ("kiosk", "clerk", "display", "window-2")


def test_demo_runs_every_program_offscreen_and_saves_their_screens(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    port = free_port()
    command = [sys.executable, "-m", "queue_server.demo.launcher", "--data", str(tmp_path)]
    command += ["--port", str(port)]
    result = subprocess.run(
        [*command, "--seconds", "12"], env=env, capture_output=True, text=True, timeout=90
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{tmp_path}/screens/*.png" in result.stdout  # it says where to look
    for name in SCREENS:
        shot = tmp_path / "screens" / f"{name}.png"
        assert shot.exists(), f"no screenshot from {name}: {(tmp_path / f'{name}.log').read_text()}"
        assert Image.open(shot).size[0] >= 800
    for log in tmp_path.glob("*.log"):
        assert "Traceback" not in log.read_text(errors="replace"), log.name
    display_log = (tmp_path / "display.log").read_text()
    assert "announcement queued" in display_log  # simulated clerks called numbers on the board
