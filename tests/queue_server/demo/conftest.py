"""A virtual X display (Xvfb) for the demo's real-display test, and a demo run that fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fixtures.live_server import free_port

LAUNCHER = [sys.executable, "-m", "queue_server.demo.launcher"]
PROGRAMS = ("kiosk", "clerk", "display", "window-display")


@dataclass(frozen=True)
class DemoRun:
    """A finished `hall-demo` run: its data directory and what it printed."""

    data: Path
    result: subprocess.CompletedProcess[str]


def run_demo(data: Path, env: dict[str, str], *extra: str, timeout: float = 90) -> DemoRun:
    """`hall-demo --data DATA --port <free> EXTRA...` to its end."""
    command = [*LAUNCHER, "--data", str(data), "--port", str(free_port()), *extra]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    return DemoRun(data, result)


def without_display() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}


@pytest.fixture(scope="session")  # two test modules read the one run
def failed_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The demo where no Qt program can start (a display, but no such platform plugin)."""
    env = without_display() | {"DISPLAY": ":4242", "QT_QPA_PLATFORM": "no-such-platform"}
    return run_demo(tmp_path_factory.mktemp("failed-demo"), env, "--no-traffic", "--seconds", "8")


@pytest.fixture(scope="module")
def xvfb_display() -> Iterator[str]:
    """A fresh Xvfb server (`./run setup` installs it): its DISPLAY, e.g. ':3'."""
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed (./run setup installs it as root)")
    read_end, write_end = os.pipe()
    command = [binary, "-displayfd", str(write_end), "-screen", "0", "1920x1080x24"]
    server = subprocess.Popen(
        [*command, "-nolisten", "tcp"], pass_fds=(write_end,), stderr=subprocess.DEVNULL
    )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:  # Xvfb writes its display number once it accepts
        number = numbers.readline().strip()
    try:
        assert number.isdigit(), f"Xvfb did not start (exit {server.poll()})"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
