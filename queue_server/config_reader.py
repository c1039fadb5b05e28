"""Typed reads from parsed TOML that fail with a `ConfigError` naming file, key and value.

`Node` wraps one TOML table and remembers its dotted key (``halls.yaohua.windows[2]``), so a
reader can say exactly where a bad value is. Used by `queue_server.config_loader`.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from queue_server.engine.district import Text
from queue_server.engine.errors import ConfigError

T = TypeVar("T")
REQUIRED: Any = object()  # a default meaning "the key must be present"


class Node:
    """A TOML table with its dotted key, for typed reads that fail with a `ConfigError`."""

    def __init__(self, data: Any, key: str, source: str) -> None:
        self.key, self.source = key, source
        if not isinstance(data, dict):
            self.fail("", f"expected a table, got {_show(data)}")
        self.data: dict[str, Any] = data

    def path(self, name: str) -> str:
        return f"{self.key}.{name}" if self.key and name else self.key or name

    def fail(self, name: str, problem: str) -> NoReturn:
        raise ConfigError(self.source, self.path(name), problem)

    def only(self, *allowed: str) -> None:
        """Reject keys not in ``allowed`` (a typo must not silently fall back to a default)."""
        for name in self.data:
            if name not in allowed:
                self.fail(name, f"unknown key {name!r} (expected one of {', '.join(allowed)})")

    def get(self, name: str, kind: type[T] | tuple[type, ...], what: str, default: Any) -> Any:
        if name not in self.data:
            if default is REQUIRED:
                self.fail(name, "missing")
            return default
        value = self.data[name]
        if isinstance(value, bool) and bool not in _kinds(kind) or not isinstance(value, kind):
            self.fail(name, f"expected {what}, got {_show(value)}")
        return value

    def string(self, name: str, default: Any = None, *, required: bool = True) -> str:
        value = self.get(name, str, "a string", REQUIRED if required else default)
        if isinstance(value, str) and not value.strip():
            self.fail(name, f"must not be empty, got {value!r}")
        return value  # type: ignore[no-any-return]

    def boolean(self, name: str, default: bool) -> bool:
        return bool(self.get(name, bool, "true or false", default))

    def number(self, name: str, default: Any = REQUIRED, *, zero_ok: bool = False) -> float:
        value = self.get(name, (int, float), "a number", default)
        if value is not None and (value < 0 or value == 0 and not zero_ok):
            limit = "negative" if zero_ok else "zero or negative"
            self.fail(name, f"must not be {limit}, got {value!r}")
        return value  # type: ignore[no-any-return]

    def integer(self, name: str, default: Any = REQUIRED, *, minimum: int = 1) -> int:
        value = self.get(name, int, "a whole number", default)
        if value is not None and value < minimum:
            self.fail(name, f"must be at least {minimum}, got {value!r}")
        return value  # type: ignore[no-any-return]

    def array(self, name: str, *, required: bool = True) -> list[Any]:
        value = self.get(name, list, "an array", REQUIRED if required else [])
        return list(value)

    def strings(self, name: str, *, required: bool = True) -> list[str]:
        values = self.array(name, required=required)
        for index, item in enumerate(values):
            if not isinstance(item, str):
                self.fail(f"{name}[{index}]", f"expected a string, got {_show(item)}")
        return values

    def table(self, name: str, *, required: bool = True) -> Node:
        value = self.get(name, dict, "a table", REQUIRED if required else {})
        return Node(value, self.path(name), self.source)

    def tables(self, name: str, *, required: bool = True) -> list[Node]:
        items = self.array(name, required=required)
        return [Node(v, f"{self.path(name)}[{i}]", self.source) for i, v in enumerate(items)]

    def items(self) -> list[tuple[str, Node]]:
        return [(name, self.table(name)) for name in self.data]

    def text(self, name: str) -> Text:
        return text_of(self.table(name))


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return f"{type(value).__name__} {value!r}"


def text_of(node: Node) -> Text:
    node.only("zh", "en")
    return Text(zh=node.string("zh"), en=node.string("en"))
