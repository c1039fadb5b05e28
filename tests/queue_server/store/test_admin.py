"""Administration in the store: window services and state, notices, hall and service settings;
each change is audited, applied at once and kept over a restart (overrides over the file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from queue_server.clock import MovableClock
from queue_server.engine.admin_errors import InvalidServices, InvalidSettings
from queue_server.engine.errors import DailyCapReached, UnknownService
from queue_server.store import Settings, Store
from queue_server.store.audit import Editor
from queue_server.store.tickets import IssueRequest
from tests.queue_server._district import small_district
from tests.queue_server.store.conftest import MakeStore

BOSS = Editor("manager-qixia", "manager")
ADMIN = Editor("admin", "admin")


def issued(store: Store, service: str) -> str:
    ticket, _ = store.issue(IssueRequest("qixia", service), "kiosk")
    return str(ticket["number"])


def test_a_windows_new_services_decide_its_next_call(store: Store) -> None:
    """Window 2 serves SB01, HJ01 (file); switched to HJ01 only it calls the HJ01 ticket
    although the SB01 ticket waited longer."""
    issued(store, "SB01")
    wanted = issued(store, "HJ01")
    view = store.set_window_services("qixia", 2, ["HJ01"], BOSS)
    assert view["services"] == ["HJ01"]
    assert store.hall("qixia").window(2).services == ("HJ01",)  # type: ignore[union-attr]
    called = store.call_next("qixia", 2, "clerk")
    assert called is not None and called["number"] == wanted


def test_the_order_of_a_windows_services_is_kept(store: Store) -> None:
    store.set_window_services("qixia", 1, ["ID01", "HJ01"], BOSS)
    assert store.window("qixia", 1)["services"] == ["ID01", "HJ01"]
    assert [s["windows"] for s in store.services("qixia") if s["code"] == "SB01"] == [[2, 3, 4]]


@pytest.mark.parametrize(
    "services", [[], ["HJ01", "HJ01"], ["XX99"]], ids=["none", "twice", "unknown"]
)
def test_window_services_are_checked(store: Store, services: list[str]) -> None:
    with pytest.raises(InvalidServices):
        store.set_window_services("qixia", 1, services, BOSS)
    assert store.audit_entries("qixia") == []


def test_changes_survive_a_restart(tmp_path: Path, clock: MovableClock) -> None:
    first = Store(tmp_path / "queue.db", small_district(), clock=clock)
    first.set_window_services("qixia", 3, ["SB01"], BOSS)
    first.set_hall_settings("qixia", {"target_wait_minutes": 12}, ADMIN)
    first.close()
    again = Store(tmp_path / "queue.db", small_district(), clock=clock)
    assert again.window("qixia", 3)["services"] == ["SB01"]
    assert again.hall_view("qixia")["target_wait_minutes"] == 12
    again.close()


def test_every_change_is_audited_with_before_and_after(store: Store) -> None:
    store.set_window_services("qixia", 1, ["HJ01"], BOSS)
    store.set_window_state("qixia", 1, "paused", "培训", BOSS)
    store.set_notices("qixia", [{"zh": "今日下午停电", "en": "Power cut this afternoon"}], BOSS)
    rows = store.audit_entries("qixia")
    assert [(r["action"], r["target"], r["actor"], r["role"]) for r in rows] == [
        ("hall.notices", "qixia", "manager-qixia", "manager"),
        ("window.state", "qixia/1", "manager-qixia", "manager"),
        ("window.services", "qixia/1", "manager-qixia", "manager"),
    ]
    assert rows[2]["before"] == ["HJ01", "SB01", "ID01"] and rows[2]["after"] == ["HJ01"]
    assert rows[1]["before"] == {"state": "open", "pause_reason": None}
    assert rows[1]["after"] == {"state": "paused", "pause_reason": "培训"}
    assert rows[0]["before"] == [] and rows[0]["after"][0]["zh"] == "今日下午停电"
    assert store.audit_entries("hall1") == []


def test_a_closed_window_calls_nobody_until_opened(store: Store) -> None:
    issued(store, "HJ01")
    assert store.set_window_state("qixia", 1, "closed", None, BOSS)["state"] == "closed"
    assert store.idle("qixia", 1) is False  # not idle: closed
    store.set_window_state("qixia", 1, "open", None, BOSS)
    assert store.call_next("qixia", 1, "clerk") is not None


def test_changes_are_published_as_events(store: Store) -> None:
    seen: list[str] = []
    store.subscribe(lambda events: seen.extend(e.type for e in events))
    store.set_window_services("qixia", 1, ["HJ01"], BOSS)
    store.set_window_state("qixia", 1, "closed", None, BOSS)
    store.set_notices("qixia", [{"zh": "一", "en": "one"}], BOSS)
    store.set_hall_settings("qixia", {"target_wait_minutes": 20}, ADMIN)
    assert seen == ["window.changed", "window.closed", "hall.notices", "hall.changed"]


def test_notices_are_per_hall_and_on_the_board(store: Store) -> None:
    lines = [{"zh": "请保管好随身物品", "en": "Mind your belongings"}]
    store.set_notices("qixia", lines, BOSS)
    assert store.notices("qixia") == lines and store.notices("hall1") == []


def test_a_hall_stops_offering_a_service(store: Store) -> None:
    store.set_hall_settings("qixia", {"services": ["HJ01", "SB01"]}, ADMIN)
    assert [s["code"] for s in store.services("qixia")] == ["HJ01", "SB01"]
    with pytest.raises(UnknownService):
        issued(store, "ID01")
    assert "ID01" in store.hall("hall1").services  # other halls keep their own list


def test_a_halls_hours_change_at_once(make_store: MakeStore, clock: MovableClock) -> None:
    store = make_store(settings=Settings(check_hours=True))
    hours = [{"days": ["mon", "tue", "wed", "thu", "fri"], "open": "13:00", "close": "17:00"}]
    store.set_hall_settings("qixia", {"hours": hours}, ADMIN)  # the clock says Friday 10:00
    assert store.hall_view("qixia")["hours"] == [
        {"days": "mon-fri", "open": "13:00", "close": "17:00"}
    ]
    refused = [s for s in store.services("qixia") if not s["available"]]
    assert {s["unavailable_reason"]["code"] for s in refused} == {"outside_hours"}


def test_bad_hours_are_refused(store: Store) -> None:
    hours = [{"days": ["mon"], "open": "17:00", "close": "09:00"}]
    with pytest.raises(InvalidSettings):
        store.set_hall_settings("qixia", {"hours": hours}, ADMIN)


def test_a_daily_cap_set_by_an_admin_holds_in_every_hall(make_store: MakeStore) -> None:
    store = make_store(small_district(), settings=Settings(check_hours=False))
    store.set_daily_cap("HJ01", 1, ADMIN)
    issued(store, "HJ01")
    with pytest.raises(DailyCapReached):
        issued(store, "HJ01")
    row = store.audit_entries(None)[0]
    assert (row["action"], row["hall"], row["before"], row["after"]) == (
        "service.daily_cap",
        None,
        None,
        1,
    )
    assert store.audit_entries("qixia") == []  # district-wide rows: the district's log only


def test_the_audit_log_is_read_by_day(store: Store, clock: MovableClock) -> None:
    store.set_notices("qixia", [{"zh": "一", "en": "one"}], BOSS)
    clock.advance(days=1)
    store.set_notices("qixia", [{"zh": "二", "en": "two"}], BOSS)
    today = store.hall("qixia").business_day(clock())
    assert [r["after"][0]["en"] for r in store.audit_entries("qixia", since=today)] == ["two"]
    assert len(store.audit_entries("qixia", until=today)) == 1


def test_the_file_district_is_kept_unchanged(store: Store) -> None:
    store.set_window_services("qixia", 1, ["SB01"], BOSS)
    assert store.configured.halls["qixia"].window(1).services == ("HJ01", "SB01", "ID01")  # type: ignore[union-attr]
