"""The demo never writes a token where it logs: not when its programs fail to start either."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.live_server import free_port

PROGRAMS = ("kiosk", "clerk", "display", "window-display")


def test_programs_that_fail_to_start_leave_no_token_in_any_log(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env |= {"DISPLAY": ":4242", "QT_QPA_PLATFORM": "no-such-platform"}  # Qt cannot start
    command = [sys.executable, "-m", "queue_server.demo.launcher", "--data", str(tmp_path)]
    command += ["--port", str(free_port()), "--no-traffic", "--seconds", "8"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    for name in PROGRAMS:  # every program did fail, and the launcher said so
        assert f"{name} exited with" in result.stderr, result.stderr[-2000:]
    tokens_file = tmp_path / "demo-tokens.json"
    demo = json.loads(tokens_file.read_text())
    tokens = [t for role in ("kiosk", "display") for t in demo[role].values()]
    signatures = [token.rsplit(".", 1)[1] for token in tokens]
    logged = {"launcher": result.stdout + result.stderr}
    logged |= {log.name: log.read_text(errors="replace") for log in tmp_path.glob("*.log")}
    assert set(logged) >= {"launcher", "server.log", *(f"{name}.log" for name in PROGRAMS)}
    for name, text in logged.items():
        assert not [s for s in signatures if s in text], f"a token in {name}"
