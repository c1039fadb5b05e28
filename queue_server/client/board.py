"""The contract as a hall display uses it: the board snapshot and the services' categories."""

from __future__ import annotations

import logging
from typing import Any

from queue_server.client.base import HallClient, expect_object
from queue_server.client.errors import ClientError
from queue_server.client.http import Timeout
from queue_server.client.models import Service

log = logging.getLogger(__name__)


class BoardClient(HallClient):
    """A display token's view of its hall."""

    def __init__(self, server: str, hall: str, token: str, timeout: Timeout = 5.0) -> None:
        super().__init__(server, token, hall, timeout)
        self.hall: str = hall

    def board(self) -> dict[str, Any]:
        """Recent calls, waiting per category and the windows (CONTRACT.md, Board)."""
        raw = self.transport.request("GET", self.hall_path("/board"))
        return expect_object(raw, f"board of hall {self.hall}")

    def snapshot(self) -> tuple[dict[str, Any], list[Service]]:
        """The board and the hall's services (for the category of each service)."""
        board = self.board()
        try:
            services = self.services()
        except ClientError as err:
            log.warning("service list unavailable (%s); waiting counts update on reload only", err)
            services = []
        return board, services
