"""The offline journal: numbers that cannot collide, durable, idempotent, in issue order."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.journal import OfflineJournal
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
