"""The key file (issue 9, finding 1): its format, its mode, where it is found, rotation, pruning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from queue_server import keys
from queue_server.clock import shanghai
from queue_server.keys import KeyFile, KeyFileError, Keyring, Source
from tests.queue_server._district import small_district
from tests.queue_server._files import mode, permissive_umask

NOW = shanghai(2026, 11, 27, 10)


def test_a_key_file_is_created_0600_and_reads_back(tmp_path: Path) -> None:
    ring = Keyring.generate(NOW).rotate_id(NOW + timedelta(hours=1))
    file = KeyFile(tmp_path / "queue.keys")
    with permissive_umask():
        file.create(ring)
    assert mode(file.path) == 0o600
    assert file.load() == ring
    text = file.path.read_text(encoding="utf-8")
    assert ring.token_key.hex() in text and all(k.hex() in text for k in ring.id_keys)
    assert list(tmp_path.iterdir()) == [file.path]  # no temporary file left behind


def test_create_never_overwrites_and_replace_is_atomic(tmp_path: Path) -> None:
    file = KeyFile(tmp_path / "queue.keys")
    first = Keyring.generate(NOW)
    file.create(first)
    with pytest.raises(KeyFileError, match="exists already"):
        file.create(Keyring.generate(NOW))
    assert file.load() == first
    rotated = first.rotate_token(NOW)
    file.replace(rotated)
    assert file.load() == rotated and mode(file.path) == 0o600
    assert list(tmp_path.iterdir()) == [file.path]


@pytest.mark.parametrize("bits", [0o640, 0o604, 0o620, 0o644])
def test_a_key_file_others_may_open_is_refused(tmp_path: Path, bits: int) -> None:
    file = KeyFile(tmp_path / "queue.keys")
    file.create(Keyring.generate(NOW))
    file.path.chmod(bits)
    with pytest.raises(KeyFileError) as refused:
        file.load()
    message = str(refused.value)
    assert f"chmod 600 {file.path}" in message and f"{bits:04o}" in message
    assert "\n" not in message


def test_a_systemd_credential_is_read_as_systemd_left_it(tmp_path: Path) -> None:
    """systemd writes a credential 0400 and grants the unit's user an ACL, which stat shows as
    0440; the folder is the unit's alone. It is read-only: rotation goes to its source file."""
    path = tmp_path / keys.CREDENTIAL
    ring = Keyring.generate(NOW)
    KeyFile(path).create(ring)
    path.chmod(0o440)
    credential = KeyFile(path, Source.CREDENTIAL)
    assert credential.load() == ring
    with pytest.raises(KeyFileError, match="read-only"):
        credential.replace(ring.rotate_id(NOW))
    with pytest.raises(KeyFileError, match="chmod 600"):
        KeyFile(path, Source.OPTION).load()  # the same mode anywhere else is refused


@pytest.mark.parametrize(
    ("edit", "complaint"),
    [
        (lambda t: t.replace("format = 1", "format = 2"), "format = 2"),
        (lambda t: t.replace("[token]", "[tokens]"), r"\[token\] is missing"),
        (lambda t: t.split("# ID-hash keys")[0], r"no \[\[id_hash\]\] key"),
        (lambda t: t.replace('key = "', 'key = "zz', 1), "token.key is not 64 hex digits"),
        (lambda t: t.replace("+08:00", "", 1), "token.created is not a time with a UTC offset"),
        (lambda t: t + "[[", "not TOML"),
    ],
)
def test_a_malformed_key_file_names_the_file_and_entry(
    tmp_path: Path, edit: Callable[[str], str], complaint: str
) -> None:
    file = KeyFile(tmp_path / "queue.keys")
    ring = Keyring.generate(NOW)
    file.create(ring)
    file.path.write_text(edit(file.path.read_text()))
    with pytest.raises(KeyFileError, match=complaint) as refused:
        file.load()
    assert str(file.path) in str(refused.value)
    assert ring.token_key.hex() not in str(refused.value)


def test_locate_prefers_option_then_environment_then_credential_then_default(
    tmp_path: Path,
) -> None:
    db = tmp_path / "data" / "queue.db"
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    env = {"CREDENTIALS_DIRECTORY": str(credentials)}
    assert keys.locate(db, None, env) == KeyFile(tmp_path / "data" / "queue.keys", Source.DEFAULT)
    (credentials / keys.CREDENTIAL).write_text("")
    assert keys.locate(db, None, env) == KeyFile(credentials / keys.CREDENTIAL, Source.CREDENTIAL)
    env[keys.ENVIRONMENT] = str(tmp_path / "env.keys")
    assert keys.locate(db, None, env) == KeyFile(tmp_path / "env.keys", Source.ENVIRONMENT)
    assert keys.locate(db, tmp_path / "opt.keys", env) == KeyFile(tmp_path / "opt.keys")


def test_rotating_the_id_key_keeps_the_old_ones_behind_the_new(tmp_path: Path) -> None:
    ring = Keyring.generate(NOW)
    rotated = ring.rotate_id(NOW + timedelta(hours=2))
    assert rotated.id_keys[1:] == ring.id_keys and rotated.id_key not in ring.id_keys
    assert rotated.token == ring.token
    token_rotated = ring.rotate_token(NOW)
    assert token_rotated.token_key != ring.token_key and token_rotated.id_hash == ring.id_hash


def test_prune_keeps_a_key_until_the_day_it_was_retired_has_closed() -> None:
    district = small_district()
    ring = Keyring.generate(NOW - timedelta(days=3))
    ring = ring.rotate_id(NOW - timedelta(days=1))  # the first key retired yesterday
    ring = ring.rotate_id(NOW - timedelta(hours=2))  # the second retired this morning
    kept = ring.prune(district, NOW)
    assert kept.id_keys == ring.id_keys[:2]
    next_day = shanghai(2026, 11, 28, 0, 1)
    assert ring.prune(district, next_day).id_keys == ring.id_keys[:1]
    assert kept.prune(district, NOW) == kept  # nothing more to drop today
