"""hall-display as a program: option resolution, and the real console entry point on a server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from queue_server.client.discovery import find_demo_token
from tests.conftest import SCREENSHOT_DIR
from tests.ui.display.conftest import Hall
from ui.display.app import parse_args, resolve
from ui.display.errors import DisplayError

ROOT = Path(__file__).resolve().parents[3]


def test_token_and_server_come_from_demo_tokens(tmp_path: Path, monkeypatch: Any) -> None:
    tokens = tmp_path / "demo-tokens.json"
    tokens.write_text(
        json.dumps({"server": "http://127.0.0.1:9999", "display": {"maqun": "T-MAQUN"}}),
        encoding="utf-8",
    )
    assert find_demo_token("display", "maqun", [tokens]) == ("T-MAQUN", "http://127.0.0.1:9999")
    assert find_demo_token("display", "qixia", [tokens]) is None
    found = lambda role, hall, files=None: ("T", "http://h:1") if role == "display" else None  # noqa: E731
    monkeypatch.setattr("ui.display.app.find_demo_token", found)
    config, client = resolve(parse_args(["--hall", "maqun", "--orientation", "portrait"]))
    assert (client.server, client.hall, client.token) == ("http://h:1", "maqun", "T")
    assert config.orientation == "portrait"
    _, given = resolve(parse_args(["--token", "X", "--server", "http://s:2"]))
    assert (given.server, given.token) == ("http://s:2", "X")


def test_demo_tokens_names_the_file_to_take_the_token_from(tmp_path: Path) -> None:
    tokens = tmp_path / "demo-tokens.json"
    tokens.write_text(json.dumps({"server": "http://s:3", "display": {"qixia": "T-Q"}}))
    _, client = resolve(parse_args(["--demo-tokens", str(tokens)]))
    assert (client.server, client.token) == ("http://s:3", "T-Q")


def test_missing_token_is_explained(monkeypatch: Any) -> None:
    monkeypatch.setattr("ui.display.app.find_demo_token", lambda role, hall, files=None: None)
    with pytest.raises(DisplayError, match="no display token for hall qixia"):
        resolve(parse_args([]))


def _wait_for(check: Any, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)  # polling a file the program writes, with a deadline
    return False


@pytest.mark.parametrize("window", [None, 30])
def test_console_script_shows_the_board(
    live_server: Any, hall: Hall, window: int | None, tmp_path: Path
) -> None:
    shot = SCREENSHOT_DIR / "display" / f"app-{'window' if window else 'board'}.png"
    shot.unlink(missing_ok=True)
    args = ["--server", live_server.url, "--token", live_server.token("display")]
    args += ["--config", str(ROOT / "config" / "display.toml"), "--screenshot", str(shot)]
    args += ["--window", str(window)] if window else []
    code = f"import sys; from ui.display.app import main; sys.exit(main({args!r}))"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    log_path = tmp_path / "display.log"
    with log_path.open("w") as log_file:
        process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stderr=log_file)
    log = lambda: log_path.read_text(encoding="utf-8")  # noqa: E731
    try:
        assert _wait_for(lambda: "event stream connected" in log()), log()
        hall.issue("ZX01")
        number = hall.call_next(30)
        assert _wait_for(lambda: f"ticket.called: {number} to window 30" in log()), log()
        if window is None:  # the hall board speaks (silently here: no sound card)
            assert _wait_for(lambda: f"请{number}号到30号窗口办理" in log()), log()
            assert "no audio output found" in log()
        shot.unlink(missing_ok=True)
        assert _wait_for(shot.exists), "no screenshot written after the call"
    finally:
        process.terminate()
        process.wait(timeout=10)
