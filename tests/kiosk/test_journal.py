"""The offline journal: numbers that cannot collide, durable, idempotent, in issue order."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from kiosk.journal import _SCHEMA, SCHEMA_VERSION, OfflineJournal, hand_over
from queue_server.client.kiosk import KioskClient
from queue_server.engine.numbering import offline_number
from tests.kiosk import samples

SHANGHAI = "Asia/Shanghai"
MORNING = datetime(2026, 11, 28, 9, 30, tzinfo=ZoneInfo(SHANGHAI))


def test_offline_numbers_carry_the_kiosk_marker() -> None:
    assert offline_number("A", 1, 1) == "AK101"
    assert offline_number("AB", 3, 12) == "ABK312"
    assert offline_number("A", 1, 100) == "AK1100"
    letters = re.match(r"^([A-Z]+)\d+$", offline_number("AB", 1, 1))
    assert letters is not None and letters.group(1) == "ABK"  # server prefixes never hold a K


def test_issue_is_numbered_per_prefix_and_idempotent_per_key(tmp_path: Path) -> None:
    journal = OfflineJournal(tmp_path / "j.db", "qixia", 2, SHANGHAI)
    hj01, hj02, sb01 = samples.services()[:3]
    first = journal.issue(hj01, "k1", "normal", MORNING)
    again = journal.issue(hj01, "k1", "normal", MORNING)
    second = journal.issue(hj01, "k2", "green", MORNING)
    other = journal.issue(sb01, "k3", "normal", MORNING)
    assert (first.number, again.number, second.number, other.number) == (
        "AK201", "AK201", "AK202", "SK201",
    )  # fmt: skip
    assert first.offline and first.token is None and first.ahead == hj01.waiting
    assert second.ahead == hj01.waiting + 1 and second.priority == "green"
    assert [e.number for e in journal.pending()] == ["AK201", "AK202", "SK201"]


def test_numbers_restart_on_a_new_business_day(tmp_path: Path) -> None:
    journal = OfflineJournal(tmp_path / "j.db", "qixia", 1, SHANGHAI)
    service = samples.services()[0]
    journal.issue(service, "d1", "normal", MORNING)
    next_day = MORNING.replace(day=29)
    assert journal.issue(service, "d2", "normal", next_day).number == "AK101"


def test_survives_a_restart_and_hands_over_once(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    journal = OfflineJournal(path, "qixia", 1, SHANGHAI)
    service = samples.services()[0]
    for key in ("a", "b", "c"):
        journal.issue(service, key, "normal", MORNING)
    journal.close()

    reopened = OfflineJournal(path, "qixia", 1, SHANGHAI)
    pending = reopened.pending()
    assert [e.idempotency_key for e in pending] == ["a", "b", "c"]
    assert pending[0].hand_over_item() == {
        "number": "AK101", "service": "HJ01", "issued_at": "2026-11-28T09:30:00+08:00",
        "idempotency_key": "a", "priority": "normal",
    }  # fmt: skip
    handed = [samples.ticket(number=e.number, token=f"t{e.id}") for e in pending[:2]]
    reopened.mark_handed_over(pending[:2], handed)
    assert [e.number for e in reopened.pending()] == ["AK103"]
    assert reopened.issue(service, "d", "normal", MORNING).number == "AK104"
    assert len(reopened.entries()) == 4


def test_cache_remembers_the_last_known_services(tmp_path: Path) -> None:
    journal = OfflineJournal(tmp_path / "j.db", "qixia", 1, SHANGHAI)
    journal.remember("services", [samples.service_json()])
    reopened = OfflineJournal(tmp_path / "j.db", "qixia", 1, SHANGHAI)
    assert reopened.recall("services")[0]["code"] == "HJ01"
    assert journal.recall("nothing") is None


def test_keeps_no_personal_data(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    journal = OfflineJournal(path, "qixia", 1, SHANGHAI)
    journal.issue(samples.services()[0], "k", "normal", MORNING)
    journal.close()
    assert "360426" not in path.read_bytes().decode("latin-1")


def test_the_business_day_turns_at_the_configured_halls_midnight(tmp_path: Path) -> None:
    """Urumqi (UTC+6): 23:50 and 00:10 local are two days there, but one day in Shanghai."""
    urumqi = OfflineJournal(tmp_path / "urumqi.db", "hall", 1, "Asia/Urumqi")
    shanghai = OfflineJournal(tmp_path / "shanghai.db", "hall", 1, SHANGHAI)
    service = samples.services()[0]
    late = datetime(2026, 11, 28, 17, 50, tzinfo=UTC)  # 23:50 in Urumqi, 01:50 in Shanghai
    after_midnight = datetime(2026, 11, 28, 18, 10, tzinfo=UTC)  # 00:10 in Urumqi
    numbers = [
        journal.issue(service, key, "normal", now).number
        for journal in (urumqi, shanghai)
        for key, now in (("late", late), ("after", after_midnight))
    ]
    assert numbers == ["AK101", "AK101", "AK101", "AK102"]
    assert [e.issued_at for e in urumqi.pending()] == [
        "2026-11-28T23:50:00+06:00", "2026-11-29T00:10:00+06:00",
    ]  # fmt: skip


def test_a_journal_of_the_first_schema_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_schema = _SCHEMA.replace("    refused TEXT,\n", "")
    assert old_schema != _SCHEMA
    with sqlite3.connect(path) as db:
        db.executescript(old_schema)
        db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        db.execute(
            "INSERT INTO offline_tickets (business_day, prefix, seq, number, service, service_zh,"
            " service_en, priority, issued_at, idempotency_key, ahead, eta_minutes)"
            " VALUES ('2026-11-28', 'A', 1, 'AK101', 'HJ01', '户口迁移', 'Household', 'normal',"
            " '2026-11-28T09:30:00+08:00', 'old-1', 0, 5)"
        )
    journal = OfflineJournal(path, "qixia", 1, SHANGHAI)
    assert [(e.number, e.refused) for e in journal.pending()] == [("AK101", None)]
    journal.set_aside(journal.pending()[0], "422 invalid_issued_at: yesterday")
    assert journal.pending() == [] and journal.entries()[0].refused == (
        "422 invalid_issued_at: yesterday"
    )
    assert journal.recall("nothing") is None
    journal.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta").fetchone() == (str(SCHEMA_VERSION),)


def test_a_ticket_the_server_refuses_is_set_aside_and_the_rest_are_handed_over(
    tmp_path: Path, live_server: Any
) -> None:
    client = KioskClient(live_server.url, live_server.token("kiosk"), "qixia", kiosk_id="K1")
    enquiry = next(s for s in client.services() if s.code == "ZX01")
    journal = OfflineJournal(tmp_path / "j.db", "qixia", 1, SHANGHAI)
    now = datetime.now(ZoneInfo(SHANGHAI))
    printed = [
        journal.issue(enquiry, "yesterday", "normal", now - timedelta(days=1)),  # ZK101 then
        journal.issue(enquiry, "today-1", "normal", now),
        journal.issue(enquiry, "fast-clock", "normal", now + timedelta(hours=1)),
        journal.issue(enquiry, "today-2", "normal", now),
    ]
    assert hand_over(journal, client.hand_over) == 2
    entries = {e.idempotency_key: e for e in journal.entries()}
    assert [key for key, e in entries.items() if e.handed_over] == ["today-1", "today-2"]
    for key in ("yesterday", "fast-clock"):
        assert str(entries[key].refused).startswith("422 invalid_issued_at: issued_at")
    clerk = {"Authorization": f"Bearer {live_server.token('clerk')}"}
    listed = httpx.get(live_server.url + "/api/halls/qixia/tickets", headers=clerk).json()
    assert [t["number"] for t in listed] == [printed[1].number, printed[3].number]
    assert hand_over(journal, client.hand_over) == 0 and journal.pending() == []
