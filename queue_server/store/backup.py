"""Online copies of a database file, consistent while a server writes to it. A copy holds the
queue's data only: the secrets live in the key file, which is backed up on its own."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path


def copy(source: Path, dest: Path) -> None:
    """Copy the database file `source` to a new file `dest` (0600; FileExistsError if there is
    one) with SQLite's online backup API."""
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(dest)) as target:
        live.backup(target)
