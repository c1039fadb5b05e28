"""Read `[balancing]` of the district file into `BalancingRules`, and check the halls' `parent`
(a community station's street centre, which finishes the cases it takes in: 代办)."""

from __future__ import annotations

from dataclasses import fields

from queue_server.config_reader import Node
from queue_server.engine.balance import BalancingRules
from queue_server.engine.district import Hall

KEYS = tuple(f.name for f in fields(BalancingRules))
_ZERO_OK = {
    "refresh_seconds",
    "smoothing_minutes",
    "keep_min_minutes",
    "keep_min_ratio",
    "booking_busy_share",
}


def balancing_rules(root: Node) -> BalancingRules:
    node = root.table("balancing", required=False)
    node.only(*KEYS)
    default = BalancingRules()
    values: dict[str, float] = {}
    for name in KEYS:
        if isinstance(getattr(default, name), int):
            values[name] = node.integer(name, getattr(default, name), minimum=0)
        else:
            values[name] = node.number(name, getattr(default, name), zero_ok=name in _ZERO_OK)
    try:
        return BalancingRules(**values)  # type: ignore[arg-type]
    except ValueError as err:
        node.fail("", str(err))


def hall_parent(node: Node, level: str) -> str | None:
    """A community station's `parent` (optional there: a station may stand alone; refused
    elsewhere)."""
    if level != "community" and "parent" in node.data:
        node.fail("parent", 'only a community station (level = "community") has a parent')
    return node.string("parent", required=False)


def check_parents(root: Node, halls: dict[str, Hall]) -> None:
    """Every station's parent is a street centre offering each service the station takes in."""
    for hall in halls.values():
        if hall.parent is None:
            continue
        node = root.table("halls").table(hall.id)
        parent = halls.get(hall.parent)
        if parent is None or parent.level != "street":
            node.fail("parent", f"expected the id of a street centre, got {hall.parent!r}")
        missing = [code for code in hall.services if code not in parent.services]
        if missing:
            node.fail("parent", f"{hall.parent!r} does not offer {', '.join(missing)}")
