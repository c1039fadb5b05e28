"""Store: numbering, idempotency, roll-over, transfer, privacy, migrations (on a database file
and in memory, unless a test is about the file itself)."""

from __future__ import annotations

import math
import sqlite3
import threading
from pathlib import Path

import pytest

from queue_server.clock import MovableClock, shanghai
from queue_server.engine import errors
from queue_server.store import (
    MEMORY,
    Durability,
    IdCard,
    IssueRequest,
    Settings,
    Store,
    calling,
    db,
    schema,
)
from tests.queue_server._district import id_number, small_district
from tests.queue_server.store.conftest import MakeStore


def issue(store: Store, service: str = "SB01", **options: object) -> dict:
    ticket, _ = store.issue(IssueRequest("qixia", service, **options), "kiosk")  # type: ignore[arg-type]
    return ticket


def test_numbers_run_per_prefix_and_carry_ahead(store: Store) -> None:
    numbers = [issue(store, "SB01")["number"] for _ in range(3)]
    assert numbers == ["B001", "B002", "B003"]
    assert issue(store, "HJ01")["number"] == "A001"
    assert issue(store, "SB01")["ahead"] == 3


def test_idempotent_retry_returns_the_first_ticket(store: Store) -> None:
    first, created = store.issue(IssueRequest("qixia", "SB01", idempotency_key="k-1"), "kiosk")
    again, created_again = store.issue(IssueRequest("qixia", "SB01", idempotency_key="k-1"), "k")
    assert created and not created_again
    assert again["id"] == first["id"] and again["token"] == first["token"]
    assert issue(store)["number"] == "B002"  # the retry did not consume a number


def test_roll_over_closes_yesterday_and_restarts_numbering(
    store: Store, clock: MovableClock
) -> None:
    waiting = issue(store)
    called = issue(store)
    store.call_next("qixia", 1, "clerk")
    clock.set(shanghai(2026, 11, 28, 0, 1))  # one minute past local midnight (16:01 UTC)
    fresh = issue(store)
    assert (fresh["number"], fresh["business_day"]) == ("B001", "2026-11-28")
    for old in (waiting, called):
        closed = store.ticket(old["token"])
        assert (closed["status"], closed["outcome"]) == ("no_show", "no_show")
    assert store.windows("qixia")[0]["current_ticket"] is None
    types = [event.type for event in store.events_after(0)]
    assert types.count("ticket.no_show") == 2 and "day.closed" in types


def test_close_day_closes_todays_unfinished_tickets(store: Store) -> None:
    tickets = [issue(store) for _ in range(3)]
    assert store.close_day() == 3
    assert {store.ticket(t["token"])["status"] for t in tickets} == {"no_show"}


def test_raw_id_numbers_and_names_never_reach_the_database_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "queue.db", small_district(), settings=Settings(check_hours=False))
    numbers = [id_number(n) for n in range(1, 21)]
    for number in numbers:
        ticket = issue(store, "ID01", id_card=IdCard(number, "欧阳娜娜"))
        assert ticket["id_masked"] == number[:4] + "*" * 10 + number[-4:]
        assert ticket["holder"] == "欧**娜"
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("queue.db"))
    assert b"3201" in raw  # the masked forms are there, so the search below is meaningful
    for number in numbers:
        assert (
            number.encode() not in raw and number[6:14].encode() + number[14:].encode() not in raw
        )
    assert "欧阳娜娜".encode() not in raw


def test_the_same_id_cannot_hold_two_waiting_tickets(store: Store) -> None:
    card = IdCard(id_number(7), "张三")
    first = issue(store, "ID01", id_card=card)
    with pytest.raises(errors.DuplicateTicket) as refused:
        issue(store, "ID01", id_card=card)
    assert refused.value.extra["existing_number"] == first["number"]
    with pytest.raises(errors.IdCardRequired):
        issue(store, "ID01")
    with pytest.raises(errors.InvalidIdNumber):
        issue(store, "ID01", id_card=IdCard(id_number(8)[:-1] + "0", "李四"))


def test_daily_cap_and_closed_windows_refuse(make_store: MakeStore) -> None:
    store = make_store(small_district(windows=2, cap=2))
    issue(store), issue(store)
    with pytest.raises(errors.DailyCapReached):
        issue(store)
    for window in (1, 2):
        store.pause("qixia", window, "clerk", "午休")
    with pytest.raises(errors.NoOpenWindow):
        issue(store, "HJ01")


def test_outside_hours_refuses_unless_told_to_ignore_hours(make_store: MakeStore) -> None:
    night = MovableClock(shanghai(2026, 11, 27, 20, 0))
    strict = make_store(name="a.db", clock=night)
    with pytest.raises(errors.OutsideHours) as refused:
        issue(strict)
    assert refused.value.extra["opens_at"].startswith("2026-11-28T09:00")
    relaxed = make_store(name="b.db", clock=night, settings=Settings(check_hours=False))
    assert issue(relaxed)["number"] == "B001"


def test_window_flow_and_illegal_transitions(store: Store) -> None:
    ticket = issue(store)
    with pytest.raises(errors.IllegalTransition):
        store.start("qixia", 2, "clerk")  # nothing called there
    called = store.call_next("qixia", 2, "clerk")
    assert called is not None and called["id"] == ticket["id"]
    with pytest.raises(calling.WindowBusy):
        store.call_next("qixia", 2, "clerk")
    recalled = store.recall("qixia", 2, "clerk")
    assert recalled is not None and recalled["recall_count"] == 1
    with pytest.raises(errors.IllegalTransition):
        store.finish("qixia", 2, "clerk", "handled")
    store.start("qixia", 2, "clerk")
    done = store.finish("qixia", 2, "clerk", "handled")
    assert done is not None and (done["status"], done["outcome"]) == ("done", "handled")
    assert store.call_next("qixia", 2, "clerk") is None


def test_transfer_keeps_number_and_arrival_and_targets_the_window(
    store: Store, clock: MovableClock
) -> None:
    first = issue(store)
    clock.advance(minutes=5)
    later = issue(store, "HJ01")
    store.call_next("qixia", 2, "clerk")
    clock.advance(minutes=5)
    moved = store.transfer("qixia", 2, "clerk", to_service="HJ01", to_window=3, reason="转综合窗口")
    assert moved is not None
    assert (moved["number"], moved["service"], moved["status"]) == ("B001", "HJ01", "waiting")
    assert moved["arrived_at"] == first["arrived_at"] and moved["source"] == "transfer"
    assert moved["ahead"] == 0  # it arrived before A001
    assert store.ticket(first["token"])["id"] == moved["id"]  # the old token follows the move
    assert store.call_next("qixia", 1, "clerk")["id"] == later["id"]  # type: ignore[index]
    assert store.call_next("qixia", 3, "clerk")["id"] == moved["id"]  # type: ignore[index]


def test_call_a_specific_number_logs_the_reason(store: Store) -> None:
    issue(store), issue(store)
    third = issue(store)
    called = store.call_number("qixia", 1, "clerk", "B003", "老人优先")
    assert called is not None and called["id"] == third["id"]
    row = (
        store.db.get()
        .execute("SELECT actor, reason, before, after FROM events WHERE type = 'ticket.called'")
        .fetchone()
    )
    assert row["actor"] == "clerk" and row["reason"] == "老人优先"
    assert '"waiting"' in row["before"] and '"called"' in row["after"]


def test_green_channel_is_called_before_earlier_normal_tickets(
    store: Store, clock: MovableClock
) -> None:
    issue(store)
    clock.advance(minutes=1)
    green = issue(store, priority="green")
    assert green["ahead"] == 0
    assert store.call_next("qixia", 1, "clerk")["id"] == green["id"]  # type: ignore[index]


def test_migrations_are_versioned_and_the_event_log_is_append_only(store: Store) -> None:
    conn = store.db.get()
    assert schema.schema_version(conn) == len(schema.MIGRATIONS)
    assert schema.migrate(conn) == len(schema.MIGRATIONS)  # idempotent
    issue(store)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE events SET actor = 'someone else'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM events")


def pragmas(store: Store) -> dict[str, object]:
    conn = store.db.get()
    return {
        name: conn.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous")
    }


def test_a_file_store_is_durable_by_default(tmp_path: Path) -> None:
    store = Store(tmp_path / "queue.db", small_district())
    assert pragmas(store) == {"journal_mode": "wal", "synchronous": 2}  # 2 = FULL


def test_durability_off_skips_the_fsync(tmp_path: Path) -> None:
    store = Store(tmp_path / "queue.db", small_district(), durability=Durability.OFF)
    assert pragmas(store) == {"journal_mode": "wal", "synchronous": 0}  # 0 = OFF


def test_a_memory_store_is_one_database_for_every_thread(clock: MovableClock) -> None:
    store = Store(MEMORY, small_district(), clock=clock, settings=Settings(check_hours=False))
    assert pragmas(store)["journal_mode"] == "memory"
    ticket = issue(store)
    seen: list[dict] = []
    reader = threading.Thread(target=lambda: seen.append(store.ticket(ticket["token"])))
    reader.start()
    reader.join(10)
    assert [t["number"] for t in seen] == [ticket["number"]]
    with pytest.raises(ValueError, match="no database file"):
        store.path  # noqa: B018


def test_reopening_keeps_window_state_and_secrets(tmp_path: Path, clock: MovableClock) -> None:
    first = Store(tmp_path / "queue.db", small_district(), clock=clock)
    first.pause("qixia", 1, "manager", "培训")
    keys = (first.id_key, first.token_key)
    first.close()
    again = Store(tmp_path / "queue.db", small_district(), clock=clock)
    assert (again.id_key, again.token_key) == keys
    assert again.window("qixia", 1)["state"] == "paused"
    assert again.window("qixia", 1)["pause_reason"] == "培训"


def test_people_ahead_agrees_with_the_engine_order(store: Store, clock: MovableClock) -> None:
    """The SQL count of people ahead equals engine.dispatch.ahead_of, ageing and green included."""
    import random

    from queue_server.engine import dispatch
    from queue_server.store import queries
    from queue_server.store.views import estimates

    chooser = random.Random(7)
    for _ in range(60):
        clock.advance(minutes=chooser.choice([0, 0.5, 1, 2]))
        issue(store, priority=chooser.choice(["normal", "normal", "green"]))
    clock.advance(minutes=20)  # the first tickets are now past the 30-minute ageing threshold
    conn = store.db.get()
    hall = store.district.halls["qixia"]
    policy = queries.policy_for(store.district, hall)
    rows = conn.execute("SELECT * FROM tickets WHERE status = 'waiting'").fetchall()
    everyone = [queries.candidate(row) for row in rows]
    now = clock()
    for row in rows:
        expected = dispatch.ahead_of(queries.candidate(row), everyone, now, policy)
        assert estimates.ahead_of(conn, store.district, hall, row, now) == expected, row["number"]


def test_the_estimates_are_the_engine_forecast_of_the_live_state(
    store: Store, clock: MovableClock
) -> None:
    """Ticket and service estimates are `engine.forecast` played on the hall's state: open
    windows only, the busy window's ticket partly served, recent service times, and the last
    hour's arrivals expected to go on until the hall closes."""
    from queue_server.engine import balance, forecast
    from queue_server.store import queries
    from queue_server.store.balancing import queue_loads

    clock.advance(minutes=-40)  # 9:20: the hall has been open twenty minutes
    for n in range(9):
        issue(store, "SB01" if n % 3 else "HJ01", priority="green" if n == 4 else "normal")
        clock.advance(minutes=4)
    store.pause("qixia", 2, "clerk", "会议")
    store.call_next("qixia", 1, "clerk")
    store.start("qixia", 1, "clerk")
    clock.advance(minutes=4)
    conn, hall, now = store.db.get(), store.district.halls["qixia"], clock()
    day = hall.business_day(now)
    rows = conn.execute("SELECT * FROM tickets WHERE status = 'waiting'").fetchall()
    times = {c: queries.service_times(conn, store.district, hall, c, day) for c in hall.services}
    busy = forecast.remaining(times["HJ01"], 4)  # window 1 serves A001 (HJ01) since 4 minutes
    minutes = (now - shanghai(2026, 11, 27, 9, 0)).total_seconds() / 60  # since it opened
    rates = {("SB01", "normal"): 5 / minutes, ("SB01", "green"): 1 / minutes,
             ("HJ01", "normal"): 3 / minutes}  # fmt: skip
    assert queries.arrival_rates(conn, hall, day, now) == pytest.approx(rates)
    windows = [
        forecast.OpenWindow(1, hall.windows[0].services, busy),
        forecast.OpenWindow(3, hall.windows[2].services),
        forecast.OpenWindow(4, hall.windows[3].services),
    ]
    expected = forecast.forecast(
        windows,
        [queries.candidate(row) for row in rows],
        times,
        now,
        queries.policy_for(store.district, hall),
        newcomers=hall.services,
        overloaded=balance.overloaded(
            queue_loads(conn, hall, day, now), hall.target_wait_minutes, store.district.balancing
        ),
        arrivals=rates,
        open_for=(shanghai(2026, 11, 27, 17, 0) - now).total_seconds() / 60,
    )
    for row in rows:
        shown = store.ticket(row["token"])
        assert shown["eta_minutes"] == math.ceil(expected.tickets[row["id"]].minutes - 1e-9)
    for service in store.services("qixia"):
        minutes = expected.newcomers[service["code"]].minutes
        assert service["eta_minutes"] == math.ceil(minutes - 1e-9)
    shown = {service["code"]: service["eta_minutes"] for service in store.services("qixia")}
    assert store.estimates("qixia") == shown  # the simulator's citizens read the same figures


def test_remembered_service_times_follow_every_finished_ticket(
    store: Store, clock: MovableClock
) -> None:
    """The connection remembers each service's recent times and reads them again as soon as
    the service finishes a ticket; a rolled-back write leaves nothing remembered."""
    from queue_server.store import queries

    hall = store.district.halls["qixia"]
    day = hall.business_day(clock())
    served: list[float] = []
    for minutes in (3, 9, 4, 12, 5):
        issue(store, "SB01")
        store.call_next("qixia", 2, "clerk")  # window 2 prefers SB01
        store.start("qixia", 2, "clerk")
        clock.advance(minutes=minutes)
        store.finish("qixia", 2, "clerk")
        served.append(minutes)
        with store.db.read() as conn:
            found = queries.recent_service_times(conn, store.district, hall, ["SB01", "HJ01"], day)
        assert found["SB01"].recent == pytest.approx(served)
        assert found["HJ01"].recent == ()
    with pytest.raises(RuntimeError), store.db.write() as conn:
        queries.recent_service_times(conn, store.district, hall, ["SB01"], day)
        raise RuntimeError("rolled back")
    assert db.memo_of(store.db.get()) == {}


def test_a_version_1_database_is_upgraded_in_place(tmp_path: Path, clock: MovableClock) -> None:
    import sqlite_utils

    from queue_server.store.db import connect

    conn = connect(tmp_path / "queue.db")
    schema.MIGRATIONS[0](sqlite_utils.Database(conn))
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    store = Store(tmp_path / "queue.db", small_district(), clock=clock)
    upgraded = store.db.get()
    assert schema.schema_version(upgraded) == len(schema.MIGRATIONS) >= 2
    indexes = {row[1] for row in upgraded.execute("PRAGMA index_list(tickets)")}
    assert "tickets_window_calls" in indexes


def test_checkpoints_can_move_off_the_request_path(tmp_path: Path, clock: MovableClock) -> None:
    store = Store(
        tmp_path / "queue.db", small_district(), clock=clock, settings=Settings(check_hours=False)
    )
    store.checkpoint_elsewhere()
    conn = store.db.get()
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    for _ in range(30):
        issue(store)
    store.checkpoint()
    busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0 and frames > 0 and copied == frames  # everything is in the database file


def test_a_closed_window_calls_nobody_until_resumed(make_store: MakeStore) -> None:
    from dataclasses import replace

    district = small_district()
    hall = district.halls["qixia"]
    closed = replace(hall.windows[0], initially_open=False)
    district.halls["qixia"] = replace(hall, windows=(closed, *hall.windows[1:]))
    store = make_store(district, settings=Settings(check_hours=False))
    issue(store)
    assert store.window("qixia", 1)["state"] == "closed"
    with pytest.raises(calling.WindowPaused) as refused:
        store.call_next("qixia", 1, "clerk")
    assert refused.value.extra == {"state": "closed"} and "未开放" in refused.value.zh
    store.resume("qixia", 1, "clerk")
    assert store.call_next("qixia", 1, "clerk") is not None
