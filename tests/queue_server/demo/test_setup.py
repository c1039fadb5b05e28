"""`./run setup` installs every X library Qt's xcb plugin loads, so programs open a real display."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import PySide6
import pytest

ROOT = Path(__file__).resolve().parents[3]
QT = Path(PySide6.__file__).parent / "Qt"
X_LIBRARY = re.compile(r"^lib(x11|xcb|xkbcommon)")


def linked_libraries(binary: Path) -> tuple[list[Path], list[str]]:
    """(system libraries `binary` loads, names ldd cannot find)."""
    lines = subprocess.run(["ldd", str(binary)], capture_output=True, text=True).stdout
    found = [Path(line.split("=>")[1].split()[0]) for line in lines.splitlines() if "=> /" in line]
    missing = [line.split()[0] for line in lines.splitlines() if "not found" in line]
    return [path for path in found if QT not in path.parents], missing


def packages_of(libraries: set[Path]) -> set[str]:
    """The Debian packages holding `libraries` (also those reached through a /lib symlink)."""
    names = {library: (str(library), str(library.resolve())) for library in libraries}
    every_name = sorted({name for pair in names.values() for name in pair})
    answer = subprocess.run(["dpkg-query", "-S", *every_name], capture_output=True, text=True)
    lines = (line.rsplit(": ", 1) for line in answer.stdout.splitlines() if ": /" in line)
    owner = {path: package.split(":")[0] for package, path in lines}
    found = {lib: next((owner[n] for n in pair if n in owner), "") for lib, pair in names.items()}
    assert all(found.values()), f"no Debian package holds {[k for k, v in found.items() if not v]}"
    return set(found.values())


def test_setup_installs_every_x_library_of_the_xcb_plugin() -> None:
    if shutil.which("dpkg-query") is None or shutil.which("ldd") is None:
        pytest.skip("not a Debian machine: ./run setup installs no system packages here")
    listed = subprocess.run([str(ROOT / "run"), "packages"], capture_output=True, text=True)
    installed_by_setup = set(listed.stdout.split())
    plugins = [QT / "plugins/platforms/libqxcb.so", *QT.glob("plugins/xcbglintegrations/*.so")]
    libraries: set[Path] = set()
    for plugin in plugins:
        found, missing = linked_libraries(plugin)
        assert not missing, f"{plugin.name} needs {missing}: ./run setup (as root) installs them"
        libraries |= set(found)
    needed = packages_of(libraries)
    x_packages = {package for package in needed if X_LIBRARY.match(package)}
    assert "libxcb-icccm4" in x_packages  # the check looks where the finding was
    assert x_packages <= installed_by_setup, x_packages - installed_by_setup
    assert {"libxcb-cursor0", "xvfb"} <= installed_by_setup  # Qt >= 6.5 opens xcb-cursor itself
