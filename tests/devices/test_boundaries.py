"""`devices` stands alone: no Qt, FastAPI, kiosk, ui or server code in its import graph; of
queue_server it uses only the pure ID-number rules (`queue_server.engine.privacy`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED_RULES = ("queue_server", "queue_server.engine", "queue_server.engine.privacy")
MODULES = [
    "devices.cli",
    "devices.idcard",
    "devices.scanner",
    "devices.scanner.evdev_reader",
    "devices.printer",
    "devices.printer.decode",
    "devices.sim",
]


def test_devices_import_no_gui_or_server() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in MODULES)
        + "bad = [m for m in sys.modules if m.split('.')[0] in "
        + "('PySide6', 'fastapi', 'queue_server', 'kiosk', 'ui', 'uvicorn')"
        + f" and m not in {SHARED_RULES!r}]\n"
        + "print(','.join(sorted(bad)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
