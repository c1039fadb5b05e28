"""Fixtures for device tests: virtual devices on ptys and a polling helper (no sleeps)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devices.sim import VirtualIdCardReader, VirtualPrinter, VirtualScanner

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "devices"


def wait_until(predicate: Callable[[], object], timeout: float = 3.0) -> None:
    """Poll `predicate` until true; fail the test at the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.005)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture
def sim_reader(tmp_path: Path) -> Iterator[VirtualIdCardReader]:
    with VirtualIdCardReader(link_dir=tmp_path) as device:
        yield device


@pytest.fixture
def sim_printer(tmp_path: Path) -> Iterator[VirtualPrinter]:
    with VirtualPrinter(link_dir=tmp_path) as device:
        yield device


@pytest.fixture
def sim_scanner(tmp_path: Path) -> Iterator[VirtualScanner]:
    with VirtualScanner(link_dir=tmp_path) as device:
        yield device


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
