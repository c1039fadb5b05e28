"""A small district built in code, so store tests do not depend on the sample TOML."""

from __future__ import annotations

from datetime import time

from queue_server.engine.district import (
    Category,
    District,
    Hall,
    OpeningHours,
    Service,
    Text,
    Window,
)

ALL_WEEK = frozenset(range(7))


def small_district(*, halls: int = 2, windows: int = 4, cap: int | None = None) -> District:
    services = {
        "HJ01": Service(
            "HJ01", Text("户口迁移", "Household transfer"), "hj", "A", False, True, 10.0
        ),
        "SB01": Service(
            "SB01", Text("社保参保", "Social insurance"), "sb", "B", False, True, 6.0, daily_cap=cap
        ),
        "ID01": Service("ID01", Text("身份证办理", "ID card"), "hj", "C", True, False, 8.0),
    }
    built = {}
    for index in range(halls):
        hall_id = "qixia" if index == 0 else f"hall{index}"
        wins = tuple(
            Window(
                hall_id,
                n,
                Text(f"{n}号窗口", f"Window {n}"),
                ("HJ01", "SB01", "ID01") if n % 2 else ("SB01", "HJ01"),
            )
            for n in range(1, windows + 1)
        )
        built[hall_id] = Hall(
            hall_id,
            Text(f"大厅{index}", f"Hall {index}"),
            "district" if index == 0 else "street",
            Text("地址", "Address"),
            (OpeningHours(ALL_WEEK, time(9), time(17)),),
            ("HJ01", "SB01", "ID01"),
            wins,
        )
    categories = {
        "hj": Category("hj", Text("户籍", "Household")),
        "sb": Category("sb", Text("社保", "Social insurance")),
    }
    return District("test", Text("测试区", "Test district"), categories, services, built)


def id_number(serial: int, birth: str = "19900101") -> str:
    """A valid 18-character test ID number (right check digit), distinct per `serial` < 1000."""
    from queue_server.engine.privacy import id_check_char

    first17 = f"320113{birth}{serial:03d}"
    return first17 + id_check_char(first17)
