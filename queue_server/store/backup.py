"""Online copies of a database file, consistent while a server writes to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def copy(source: Path, dest: Path) -> None:
    """Copy the database file `source` to `dest` with SQLite's online backup API."""
    with sqlite3.connect(source) as live, sqlite3.connect(dest) as target:
        live.backup(target)
