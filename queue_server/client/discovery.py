"""Where the server is, and the demo device tokens `queue-server init --demo` (or
`serve --demo`) leaves beside its database.

demo-tokens.json: `{"server": URL, "kiosk": {HALL: TOKEN, ...}, "display": {HALL: TOKEN, ...}}`.
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
