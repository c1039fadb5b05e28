"""The kiosk core imports no Qt and nothing of ui/: only the entry point kiosk/app.py may."""

from __future__ import annotations

import json
import subprocess
import sys

from kiosk.config import PROJECT_DIR

IMPORT_ALL = """
import importlib, json, pkgutil, sys
import kiosk
names = sorted(m.name for m in pkgutil.walk_packages(kiosk.__path__, "kiosk.")
               if m.name != "kiosk.app")
for name in names:
    importlib.import_module(name)
top = sorted({name.partition(".")[0] for name in sys.modules})
print(json.dumps({"imported": names, "top": top}))
"""


def test_every_module_of_the_kiosk_core_imports_without_qt_or_ui() -> None:
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL], cwd=PROJECT_DIR,
                          capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    found = json.loads(done.stdout)
    on_disk = {
        "kiosk." + path.stem
        for path in (PROJECT_DIR / "kiosk").glob("*.py")
        if path.stem not in ("__init__", "app")
    }
    assert set(found["imported"]) == on_disk
    assert {"kiosk.hardware", "kiosk.printing", "kiosk.receipt"} <= on_disk
    leaked = {"PySide6", "shiboken6", "ui"} & set(found["top"])
    assert not leaked, f"the kiosk core pulled in {sorted(leaked)}"
