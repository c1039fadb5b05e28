"""`queue-server serve --clock-start`: a real server whose clock starts at a chosen moment."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from queue_server.clock import shanghai
from tests.fixtures.live_server import LiveServer
from tests.queue_server.api.test_live import issue as issue_at_qixia
from tests.queue_server.test_cli import run_cli

MONDAY = shanghai(2026, 12, 7, 9, 30)  # inside the sample district centre's hours (09:00-12:00)


def health(server: LiveServer) -> dict[str, Any]:
    answer: dict[str, Any] = httpx.get(server.url + "/api/health", timeout=10).json()
    return answer


def issue(server: LiveServer, serial: int) -> dict[str, Any]:
    answer = issue_at_qixia(server, serial)
    assert answer.status_code == 201, answer.text
    ticket: dict[str, Any] = answer.json()
    return ticket


def test_the_clock_starts_at_the_moment_and_a_restart_moves_to_the_next_day(
    make_live_server: Any,
) -> None:
    server: LiveServer = make_live_server(ignore_hours=False, clock_start=MONDAY)
    said = health(server)
    assert said["status"] == "ok" and said["clock_start"] == "2026-12-07T09:30:00+08:00"
    assert timedelta(0) <= datetime.fromisoformat(said["time"]) - MONDAY < timedelta(minutes=5)
    monday_ticket = issue(server, 1)
    assert (monday_ticket["business_day"], monday_ticket["number"]) == ("2026-12-07", "A001")
    server.stop()
    server.clock_start = MONDAY + timedelta(days=1)
    server.start()
    assert health(server)["clock_start"] == "2026-12-08T09:30:00+08:00"
    tuesday_ticket = issue(server, 2)
    assert (tuesday_ticket["business_day"], tuesday_ticket["number"]) == ("2026-12-08", "A001")
    closed = httpx.get(f"{server.url}/api/tickets/{monday_ticket['token']}", timeout=10).json()
    assert (closed["status"], closed["outcome"]) == ("no_show", "no_show")  # the day rolled over


def test_health_says_the_clock_is_real_without_the_flag(live_server_session: LiveServer) -> None:
    assert health(live_server_session)["clock_start"] is None


@pytest.mark.parametrize("value", ["2026-12-07T09:30:00", "next monday", "2026-13-07T09:30+08:00"])
def test_a_bad_clock_start_is_one_line_naming_the_flag_and_exit_2(
    tmp_path: Path, value: str
) -> None:
    db = tmp_path / "queue.db"
    answer = run_cli("serve", "--db", str(db), "--clock-start", value)
    assert answer.returncode == 2
    lines = answer.stderr.strip().splitlines()
    assert len(lines) == 1 and "--clock-start" in lines[0] and repr(value) in lines[0], lines
    assert not db.exists()  # refused before anything was created
