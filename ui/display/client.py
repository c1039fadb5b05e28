"""The queue server as the display needs it: the board snapshot, service categories, the token."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
import requests

from ui.display.errors import ServerError

log = logging.getLogger(__name__)

DEFAULT_SERVER = "http://127.0.0.1:8600"


def demo_tokens_path() -> Path:
    """demo-tokens.json, written by `queue-server init` beside its default database."""
    return Path(platformdirs.user_data_dir("hall-queue")) / "demo-tokens.json"


def demo_display_token(hall: str, path: Path | None = None) -> tuple[str, str] | None:
    """(token, server) for the hall's display from demo-tokens.json, or None when absent."""
    path = path or demo_tokens_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    token = (data.get("display") or {}).get(hall)
    if not token:
        return None
    log.info("using the demo display token for hall %s from %s", hall, path)
    return str(token), str(data.get("server") or DEFAULT_SERVER)


@dataclass(frozen=True)
class BoardClient:
    """Blocking HTTP calls; the board runs them off the GUI thread (ui.common.tasks)."""

    server: str
    hall: str
    token: str
    timeout: float = 5.0

    @property
    def events_url(self) -> str:
        return f"{self.server.rstrip('/')}/api/halls/{self.hall}/events"

    def _get(self, path: str) -> Any:
        url = f"{self.server.rstrip('/')}{path}"
        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            response = requests.get(url, headers=headers, timeout=self.timeout)
        except requests.RequestException as err:
            raise ServerError(f"GET {url} failed: {err}") from err
        if response.status_code != 200:
            raise ServerError(f"GET {url} answered {response.status_code}: {response.text[:200]}")
        return response.json()

    def board(self) -> dict[str, Any]:
        data = self._get(f"/api/halls/{self.hall}/board")
        if not isinstance(data, dict):
            raise ServerError(f"board of hall {self.hall} is not an object: {str(data)[:80]}")
        return data

    def services(self) -> list[dict[str, Any]]:
        data = self._get(f"/api/halls/{self.hall}/services")
        return list(data) if isinstance(data, list) else []

    def snapshot(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The board and the hall's services (for the category of each service)."""
        board = self.board()
        try:
            services = self.services()
        except ServerError as err:
            log.warning("service list unavailable (%s); waiting counts update on reload only", err)
            services = []
        return board, services
