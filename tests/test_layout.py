"""The dependency direction of README's layout section, read from every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("queue_server", "kiosk", "devices", "ui")


def imported(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(_from(node.module, alias.name) for alias in node.names)
    return names


def _from(module: str, name: str) -> str:
    """`from queue_server import auth` imports the module queue_server.auth."""
    folder = ROOT.joinpath(*module.split("."))
    is_module = (folder / f"{name}.py").exists() or (folder / name).is_dir()
    return f"{module}.{name}" if is_module else module


def modules(folder: str, *, leaving_out: tuple[str, ...] = ()) -> list[Path]:
    found = sorted((ROOT / folder).rglob("*.py"))
    return [p for p in found if not shown(p).startswith(leaving_out)]


def shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def breaches(paths: list[Path], allowed: tuple[str, ...], banned: tuple[str, ...]) -> list[str]:
    """`module: import` pairs that reach one of our packages outside `allowed`, or a banned one."""
    found = []
    for path in paths:
        for name in sorted(imported(path)):
            ours_not_allowed = within(name, OURS) and not within(name, allowed)
            if ours_not_allowed or within(name, banned):
                found.append(f"{shown(path)}: {name}")
    return found


RULES = {
    "the engine imports nothing of ours": (
        modules("queue_server/engine"),
        ("queue_server.engine",),
        (),
    ),
    "the client knows only the contract": (
        modules("queue_server/client"),
        ("queue_server.client",),
        ("PySide6",),
    ),
    "the store uses the engine, never the API": (
        modules("queue_server/store"),
        # auth: the pure token signing, for the demo tokens a new database hands out;
        # keys: the key file the secrets live in, outside the database
        (
            "queue_server.store",
            "queue_server.engine",
            "queue_server.clock",
            "queue_server.auth",
            "queue_server.keys",
        ),
        ("PySide6",),
    ),
    "the server imports no Qt, no device drivers and no client": (
        modules("queue_server", leaving_out=("queue_server/client", "queue_server/demo")),
        ("queue_server",),
        ("PySide6", "queue_server.client", "queue_server.demo"),
    ),
    "the kiosk core imports no Qt and no ui": (
        modules("kiosk", leaving_out=("kiosk/app.py",)),
        ("kiosk", "devices", "queue_server.client", "queue_server.engine"),
        ("PySide6",),
    ),
    "devices import no Qt and nothing of the server but its pure rules": (
        modules("devices"),
        ("devices", "queue_server.engine"),
        ("PySide6",),
    ),
    "the programs know the server only through the client": (
        modules("ui"),
        ("ui", "kiosk", "devices", "queue_server.client", "queue_server.engine"),
        (),
    ),
}


@pytest.mark.parametrize("rule", RULES)
def test_dependencies_point_inward(rule: str) -> None:
    paths, allowed, banned = RULES[rule]
    assert paths, f"{rule}: no modules found"
    found = breaches(paths, allowed, banned)
    assert not found, f"{rule}:\n" + "\n".join(found)


def test_the_rules_see_a_breach(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6 import QtCore\n    from queue_server import store\n")
    assert imported(bad) == {"PySide6", "queue_server.store"}
    assert len(breaches([bad], ("queue_server.engine",), ("PySide6",))) == 2
