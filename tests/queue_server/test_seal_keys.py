"""The sealing key pair in the key file (issue 10, item 3): made with new key files, added to
older ones, never in the database or its backups."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from queue_server import keys
from queue_server.clock import MovableClock, shanghai
from queue_server.engine import sealing
from queue_server.keys import KeyFile, KeyFileError, Keyring, Source
from queue_server.store import Store, backup
from tests.queue_server._district import small_district
from tests.queue_server._files import mode, permissive_umask

NOW = shanghai(2026, 11, 27, 10)


def older_file(path: Path) -> Keyring:
    """A key file as issue 9 wrote it: a token key and ID-hash keys, no [seal]."""
    ring = dataclasses.replace(Keyring.generate(NOW), seal=None)
    KeyFile(path).create(ring)
    assert "[seal]" not in path.read_text(encoding="utf-8")
    return ring


def test_a_new_key_file_holds_a_sealing_key_that_opens_what_its_public_half_sealed(
    tmp_path: Path,
) -> None:
    file = KeyFile(tmp_path / "queue.keys")
    file.create(Keyring.generate(NOW))
    ring = file.load()
    assert "[seal]" in file.path.read_text(encoding="utf-8")
    blob = sealing.seal(ring.seal_public_key, "32011319900101001X", "张三")
    assert sealing.unseal(ring.seal_key, blob) == sealing.OpenedCard("32011319900101001X", "张三")


def test_an_older_key_file_gets_a_sealing_key_written_back_0600(tmp_path: Path) -> None:
    path = tmp_path / "queue.keys"
    old = older_file(path)
    with permissive_umask():
        ring = KeyFile(path).load(NOW)
    assert ring.seal is not None and (ring.token, ring.id_hash) == (old.token, old.id_hash)
    assert mode(path) == 0o600 and list(tmp_path.iterdir()) == [path]
    assert KeyFile(path).load() == ring  # written back once: the next load finds the same


def test_an_older_read_only_credential_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / keys.CREDENTIAL
    older_file(path)
    before = path.read_bytes()
    with pytest.raises(KeyFileError) as refused:
        KeyFile(path, Source.CREDENTIAL).load(NOW)
    message = str(refused.value)
    assert "[seal]" in message and "read-only" in message and "rotate-id --keys" in message
    assert path.read_bytes() == before


def test_the_sealing_key_is_in_neither_the_database_nor_its_backup(tmp_path: Path) -> None:
    db = tmp_path / "queue.db"
    store = Store(db, small_district(), clock=MovableClock(NOW))
    private = store.keys.seal_key
    copy = tmp_path / "backup.db"
    backup.copy(db, copy)
    store.close()
    assert private == KeyFile(keys.default_path(db)).load().seal_key
    for path in (db, copy, *tmp_path.glob("queue.db-*")):
        data = path.read_bytes()
        assert private not in data and private.hex().encode() not in data, path
