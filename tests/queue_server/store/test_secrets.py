"""The Store and its secrets (issue 9, finding 1): they live in the key file, never in the
database; older databases' secrets are moved out and erased; the files are 0600; a rotated ID
key still finds today's tickets."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from pathlib import Path

import pytest

from queue_server.clock import MovableClock
from queue_server.engine import errors
from queue_server.engine.privacy import normalise_id_number
from queue_server.keys import KeyFile, KeyFileError, Keyring, default_path
from queue_server.store import IdCard, IssueRequest, Settings, Store, meta, schema
from queue_server.store.db import connect
from tests.queue_server._district import id_number, small_district
from tests.queue_server._files import database_files, disk_bytes, mode, permissive_umask

FREE = Settings(check_hours=False)


def issue_for(store: Store, number: str, service: str = "HJ01") -> dict:
    ticket, _ = store.issue(IssueRequest("qixia", service, id_card=IdCard(number)), "kiosk")
    return ticket


def stored_hash(store: Store, ticket: dict) -> str:
    with store.db.read() as conn:
        row = conn.execute("SELECT id_hash FROM tickets WHERE id = ?", (ticket["id"],)).fetchone()
    return str(row[0])


def hmac_hex(key: bytes, number: str) -> str:
    return hmac.new(key, normalise_id_number(number).encode(), hashlib.sha256).hexdigest()


def secret_forms(ring: Keyring) -> list[bytes]:
    """Every secret as raw bytes and as hex text, the two forms a file could hold it in."""
    raw = [ring.token_key, *ring.id_keys]
    return raw + [key.hex().encode() for key in raw]


def test_a_new_database_holds_no_secret_and_its_files_are_private(
    tmp_path: Path, clock: MovableClock
) -> None:
    db = tmp_path / "queue.db"
    with permissive_umask():
        store = Store(db, small_district(), clock=clock, settings=FREE)
        issue_for(store, id_number(1))
        files = database_files(db)
        modes = {path.name: mode(path) for path in files}
        key_mode = mode(default_path(db))
        store.close()
    assert {"queue.db", "queue.db-wal", "queue.db-shm"} <= set(modes)
    assert set(modes.values()) == {0o600} and key_mode == 0o600
    assert KeyFile(default_path(db)).load() == store.keys
    with sqlite3.connect(db) as conn:
        assert dict(conn.execute("SELECT key, value FROM meta")) == {meta.KEY_FILE_MARK: "key file"}
    on_disk = disk_bytes(db)
    assert not [form for form in secret_forms(store.keys) if form in on_disk]


def legacy_database(db: Path, clock: MovableClock) -> Keyring:
    """A database as `init` made it before the key file: secrets in its meta table."""
    ring = Keyring.generate(clock())
    conn = connect(db)
    schema.migrate(conn)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [(meta.ID_HASH_KEY, ring.id_key.hex()), (meta.TOKEN_KEY, ring.token_key.hex())],
    )
    conn.close()
    return ring


def test_an_older_databases_secrets_move_to_the_key_file_and_leave_no_trace(
    tmp_path: Path, clock: MovableClock
) -> None:
    db = tmp_path / "queue.db"
    legacy = legacy_database(db, clock)
    assert legacy.token_key.hex().encode() in disk_bytes(db)  # where they were
    store = Store(db, small_district(), clock=clock, settings=FREE)
    assert (store.token_key, store.id_key) == (legacy.token_key, legacy.id_key)
    assert KeyFile(default_path(db)).load() == store.keys and mode(default_path(db)) == 0o600
    with store.db.read() as conn:
        assert meta.legacy_keyring(conn, clock()) is None
    on_disk = disk_bytes(db)
    assert not [form for form in secret_forms(legacy) if form in on_disk]
    number = id_number(7)
    assert stored_hash(store, issue_for(store, number)) == hmac_hex(legacy.id_key, number)
    store.close()
    again = Store(db, small_district(), clock=clock, settings=FREE)  # an ordinary reopen now
    assert again.keys == store.keys


def test_an_older_database_with_a_different_key_file_is_refused(
    tmp_path: Path, clock: MovableClock
) -> None:
    db = tmp_path / "queue.db"
    legacy_database(db, clock)
    other = Keyring.generate(clock())
    KeyFile(default_path(db)).create(other)
    with pytest.raises(KeyFileError, match="still holds secrets of its own") as refused:
        Store(db, small_district(), clock=clock)
    assert str(default_path(db)) in str(refused.value)
    with sqlite3.connect(db) as conn:  # nothing was erased
        assert {row[0] for row in conn.execute("SELECT key FROM meta")} >= set(meta.SECRETS)


def test_a_database_whose_key_file_is_lost_is_refused(tmp_path: Path, clock: MovableClock) -> None:
    db = tmp_path / "queue.db"
    Store(db, small_district(), clock=clock).close()
    default_path(db).rename(tmp_path / "elsewhere.keys")
    with pytest.raises(KeyFileError, match="no key file at") as refused:
        Store(db, small_district(), clock=clock)
    assert not default_path(db).exists()  # no new keys that would orphan the old tokens
    assert str(db) in str(refused.value)
    moved = KeyFile(tmp_path / "elsewhere.keys")
    assert Store(db, small_district(), clock=clock, keys=moved).keys == moved.load()


def test_a_rotated_id_key_still_finds_todays_tickets(tmp_path: Path, clock: MovableClock) -> None:
    db = tmp_path / "queue.db"
    store = Store(db, small_district(), clock=clock, settings=FREE)
    first = issue_for(store, id_number(1))
    store.close()
    file = KeyFile(default_path(db))
    old = file.load()
    clock.advance(hours=1)
    file.replace(old.rotate_id(clock()))
    store = Store(db, small_district(), clock=clock, settings=FREE)
    assert store.id_key != old.id_key and store.id_keys[1:] == old.id_keys
    with pytest.raises(errors.DuplicateTicket) as refused:
        issue_for(store, id_number(1))
    assert refused.value.existing_number == first["number"]
    second = issue_for(store, id_number(2))
    assert stored_hash(store, second) == hmac_hex(store.id_key, id_number(2))
    store.close()
    # Without the old key the same citizen would get a second ticket: the old key is needed.
    forgetful = Keyring(old.token, store.keys.id_hash[:1])
    store = Store(db, small_district(), clock=clock, settings=FREE, keys=forgetful)
    assert issue_for(store, id_number(1))["number"] != first["number"]


def test_a_memory_store_gets_fresh_keys_and_a_given_keyring_is_used(clock: MovableClock) -> None:
    ring = Keyring.generate(clock())
    given = Store(":memory:", small_district(), clock=clock, keys=ring)
    assert given.keys == ring
    assert given.token_key == ring.token_key
    assert (given.id_key, given.id_keys) == (ring.id_key, ring.id_keys)
    fresh = [Store(":memory:", small_district(), clock=clock).keys for _ in range(2)]
    assert fresh[0] != fresh[1] and ring not in fresh
    assert fresh[0].id_hash[0].created == clock()
