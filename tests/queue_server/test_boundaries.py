"""The server stands apart from the programs: nothing under queue_server imports Qt or the
device drivers (ID-number rules are shared through `queue_server.engine.privacy`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "queue_server"
LEFT_OUT = ("client", "demo")  # Qt-free by their own tests; not part of the server


def server_modules() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[1] in LEFT_OUT:
            continue
        found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_server_modules_import_neither_qt_nor_devices() -> None:
    modules = server_modules()
    assert "queue_server.store.store" in modules and "queue_server.api.app" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'devices')]\n"
        "print(','.join(sorted(bad)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
