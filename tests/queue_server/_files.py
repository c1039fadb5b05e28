"""Helpers for tests of private files (issue 9): a file's mode, a permissive umask, and every
byte a database keeps on disk."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SIDE_FILES = ("-wal", "-shm", "-journal")


@contextmanager
def permissive_umask() -> Iterator[None]:
    """umask 022, the usual default, under which a plain open() makes 0644 files."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def database_files(db: Path) -> list[Path]:
    """The database file and whichever of its -wal, -shm and -journal exist."""
    side = [db.with_name(db.name + suffix) for suffix in SIDE_FILES]
    return [db, *(path for path in side if path.exists())]


def disk_bytes(db: Path) -> bytes:
    """Everything the database has on disk, as an attacker copying its folder would get it."""
    return b"".join(path.read_bytes() for path in database_files(db))
