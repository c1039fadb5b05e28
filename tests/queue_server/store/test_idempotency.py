"""Idempotency keys in the store: per caller, bound to their request, kept across an upgrade of
the schema (issue 9, finding 8); the offline hand-over is one transaction (finding 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from queue_server.clock import MovableClock
from queue_server.engine import errors
from queue_server.store import IdCard, IssueRequest, Store, schema
from queue_server.store.db import connect
from queue_server.store.offline import OfflineTicket
from tests.queue_server._district import id_number, small_district

KIOSK, MANAGER = "kiosk:K1", "user:manager"


def issue(store: Store, caller: str, key: str = "k-1", **options: object) -> tuple[dict, bool]:
    request = IssueRequest("qixia", "SB01", idempotency_key=key, caller=caller, **options)  # type: ignore[arg-type]
    return store.issue(request, caller)


def test_a_key_answers_only_its_own_caller(store: Store) -> None:
    first, created = issue(store, KIOSK)
    again, created_again = issue(store, KIOSK)
    theirs, theirs_created = issue(store, MANAGER)
    assert (created, created_again, theirs_created) == (True, False, True)
    assert again["token"] == first["token"] and theirs["token"] != first["token"]
    assert theirs["number"] == "B002"


@pytest.mark.parametrize(
    "changed",
    [
        {"priority": "green"},
        {"id_card": IdCard(id_number(1), "王小明")},
    ],
)
def test_a_key_with_another_request_is_refused(store: Store, changed: dict) -> None:
    issue(store, KIOSK)
    with pytest.raises(errors.Conflict) as caught:
        issue(store, KIOSK, **changed)
    assert caught.value.code == "idempotency_conflict" and caught.value.http_status == 409


def test_the_same_card_is_the_same_request_however_its_digits_are_written(store: Store) -> None:
    card = IdCard(id_number(1), "王小明")
    full_width = IdCard("".join(chr(ord(c) + 0xFEE0) for c in id_number(1)), "王小明")
    first, _ = issue(store, KIOSK, id_card=card)
    again, created = issue(store, KIOSK, id_card=full_width)
    assert (again["id"], created) == (first["id"], False)


def test_a_refused_hand_over_writes_nothing(store: Store, clock: MovableClock) -> None:
    now = clock().isoformat()
    good = OfflineTicket("BK101", "SB01", now, "p-1")
    twice = OfflineTicket("BK101", "SB01", now, "p-2")  # refused while writing, after `good`
    with pytest.raises(errors.Conflict) as caught:
        store.hand_over("qixia", "K1", [good, twice], KIOSK, KIOSK)
    assert caught.value.extra == {"index": 1, "number": "BK101"}
    assert store.tickets("qixia") == [] and store.events_after(0, "qixia") == []
    (handed,) = store.hand_over("qixia", "K1", [good], KIOSK, KIOSK)
    assert handed["number"] == "BK101"


def test_a_version_3_database_gets_keys_per_caller(tmp_path: Path, clock: MovableClock) -> None:
    conn = connect(tmp_path / "queue.db")
    for step in schema.MIGRATIONS[:3]:
        step(sqlite_utils.Database(conn))
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    store = Store(tmp_path / "queue.db", small_district(), clock=clock)
    assert schema.schema_version(store.db.get()) == len(schema.MIGRATIONS)
    columns = [row[1] for row in store.db.get().execute("PRAGMA table_info(idempotency)")]
    assert columns == ["hall", "caller", "key", "ticket_id", "request", "created_at"]
    first, _ = issue(store, KIOSK)
    assert issue(store, KIOSK)[0]["id"] == first["id"]
