"""Where the server is, and the demo device tokens `queue-server init --demo` (or
`serve --demo`) leaves beside its database.

demo-tokens.json: `{"server": URL, "kiosk": {HALL: TOKEN, ...}, "display": {HALL: TOKEN, ...}}`.
A program told where to look (`--demo-tokens FILE`, or `--db` naming the server's database) looks
only there: a stale file in a usual place would hand it another server's address.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

DEFAULT_SERVER = "http://127.0.0.1:8600"
TOKENS_FILE = "demo-tokens.json"
PROJECT_DIR = Path(__file__).resolve().parents[2]


def demo_token_files(extra: Iterable[Path] = ()) -> list[Path]:
    """Where demo-tokens.json may be, first found first used: `extra`, then the project's
    var/ (the demo's database), then the server's default data directories."""
    return [
        *extra,
        PROJECT_DIR / "var" / TOKENS_FILE,
        Path(platformdirs.user_data_dir("hall-queue")) / TOKENS_FILE,
        Path(platformdirs.user_data_dir("queue-server")) / TOKENS_FILE,
    ]


def tokens_beside(database: Path) -> Path:
    """The demo-tokens.json that `serve --demo --db DATABASE` writes (DATABASE may also be the
    directory holding it)."""
    folder = database if database.is_dir() else database.parent
    return folder / TOKENS_FILE


def demo_token_search(tokens: Path | None = None, database: Path | None = None) -> list[Path]:
    """The files a program searches: the ones named (a tokens file, the one beside a server
    database) if any, else every usual place (demo_token_files())."""
    named = [tokens] if tokens is not None else []
    named += [tokens_beside(database)] if database is not None else []
    return named or demo_token_files()


def find_demo_token(
    role: str, hall: str, files: Iterable[Path] | None = None
) -> tuple[str, str] | None:
    """(token, server) for a `role` device ("kiosk", "display") of `hall` from the first
    demo-tokens.json in `files` (default: demo_token_files()) that has one; None otherwise."""
    for path in demo_token_files() if files is None else files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        tokens = data.get(role) if isinstance(data, dict) else None
        token = tokens.get(hall) if isinstance(tokens, dict) else None
        if token:
            log.info("using the demo %s token for hall %s from %s", role, hall, path)
            return str(token), str(data.get("server") or DEFAULT_SERVER)
    return None
