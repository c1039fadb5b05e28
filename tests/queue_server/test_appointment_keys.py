"""The check-in code key and the platform secret in the key file (issue 11): made with new key
files, added to older ones, and the platform secret shown for the platform's operator."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from queue_server.clock import shanghai
from queue_server.keys import KeyFile, Keyring
from tests.queue_server._files import mode

NOW = shanghai(2026, 11, 27, 10)
ROOT = Path(__file__).resolve().parents[2]


def test_a_new_keyring_has_distinct_check_in_and_platform_keys() -> None:
    ring = Keyring.generate(NOW)
    assert len(ring.check_in_key) == 32 and len(ring.platform_secret) == 32
    assert len({ring.check_in_key, ring.platform_secret, ring.token_key, ring.id_key}) == 4


def test_an_older_key_file_gets_both_written_back_0600(tmp_path: Path) -> None:
    old = dataclasses.replace(Keyring.generate(NOW), check_in=None, platform=None)
    file = KeyFile(tmp_path / "queue.keys")
    file.create(old)
    assert "[platform]" not in file.path.read_text(encoding="utf-8")
    ring = file.load(NOW)
    assert (ring.token, ring.id_hash, ring.seal) == (old.token, old.id_hash, old.seal)
    assert ring.check_in is not None and ring.platform is not None
    assert KeyFile(file.path).load() == ring  # written back, not made anew on each load
    assert mode(file.path) == 0o600


def test_show_platform_secret_prints_the_key_files_secret(tmp_path: Path) -> None:
    db = tmp_path / "queue.db"
    file = KeyFile(tmp_path / "queue.keys")
    file.create(Keyring.generate(NOW))
    shown = subprocess.run(
        [sys.executable, "-m", "queue_server.cli", "keys", "show-platform-secret", "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert shown.stdout.strip() == file.load().platform_secret.hex()
