"""Against the real server: 1,000 tickets over 10 halls issued by concurrent kiosks while 60
windows call them; and a SIGKILL in the middle of issuing."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx

from queue_server.config_loader import load_district
from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number
from tests.queue_server.store.test_concurrency import run_threads

HALLS = [
    "qixia",
    "yaohua",
    "maqun",
    "maigaoqiao",
    "yanziji",
    "qixiajie",
    "longtan",
    "xianlin",
    "baguazhou",
    "xigang",
]
PER_HALL, WINDOWS_PER_HALL, KIOSKS = 100, 6, 20


def plan() -> list[tuple[str, str, str]]:
    """(hall, service, id number) for 1,000 tickets; services served by the first 6 windows."""
    district = load_district()
    tickets = []
    for index, hall_id in enumerate(HALLS):
        hall = district.halls[hall_id]
        services = sorted({s for w in hall.windows[:WINDOWS_PER_HALL] for s in w.services})
        for n in range(PER_HALL):
            tickets.append(
                (hall_id, services[n % len(services)], id_number(n, birth=f"1990{index + 1:02d}01"))
            )
    return tickets


def test_thousand_tickets_sixty_windows_none_lost_none_twice(live_server: LiveServer) -> None:
    work = plan()
    issued: list[dict[str, Any]] = []
    claimed: list[int] = []
    lock = threading.Lock()
    kiosks_done = threading.Event()
    remaining = [len(work)]

    def kiosk(index: int) -> None:
        with httpx.Client(base_url=live_server.url, timeout=30) as http:
            for hall, service, number in work[index::KIOSKS]:
                answer = http.post(
                    f"/api/halls/{hall}/tickets",
                    json={"service": service, "id_card": {"number": number}},
                    headers=live_server.headers("kiosk", hall),
                )
                assert answer.status_code == 201, answer.text
                with lock:
                    issued.append(answer.json())

    def window(index: int) -> None:
        hall, number = HALLS[index // WINDOWS_PER_HALL], index % WINDOWS_PER_HALL + 1
        base = f"/api/halls/{hall}/windows/{number}"
        headers = live_server.headers("clerk", hall)
        with httpx.Client(base_url=live_server.url, timeout=30) as http:
            while True:
                answer = http.post(base + "/call-next", headers=headers)
                if answer.status_code == 204:
                    with lock:
                        if kiosks_done.is_set() and remaining[0] <= 0:
                            return
                    if kiosks_done.is_set() and _hall_empty(http, hall, headers):
                        return
                    kiosks_done.wait(0.02)  # back off a little while kiosks are still issuing
                    continue
                assert answer.status_code == 200, answer.text
                with lock:
                    claimed.append(answer.json()["ticket"]["id"])
                    remaining[0] -= 1
                assert http.post(base + "/start", headers=headers).status_code == 200
                assert http.post(base + "/finish", headers=headers).status_code == 200

    def everyone(index: int) -> None:
        if index < KIOSKS:
            kiosk(index)
        else:
            window(index - KIOSKS)

    def watch_kiosks() -> None:
        while True:
            with lock:
                if len(issued) == len(work):
                    kiosks_done.set()
                    return
            if kiosks_done.wait(0.05):
                return

    watcher = threading.Thread(target=watch_kiosks, daemon=True)
    watcher.start()
    run_threads(KIOSKS + len(HALLS) * WINDOWS_PER_HALL, everyone)
    kiosks_done.set()

    assert len(issued) == 1000
    assert [t for t, n in Counter(claimed).items() if n > 1] == []
    assert set(claimed) == {t["id"] for t in issued}
    numbers = Counter((t["hall"], t["number"]) for t in issued)
    assert max(numbers.values()) == 1
    check_ahead_by_replaying_the_log(live_server.db_path)


def _hall_empty(http: httpx.Client, hall: str, headers: dict[str, str]) -> bool:
    waiting = http.get(f"/api/halls/{hall}/tickets?status=waiting", headers=headers)
    return waiting.status_code == 200 and waiting.json() == []


def check_ahead_by_replaying_the_log(db_path: Path) -> None:
    """Replay the event log in commit order: every issued ticket's `ahead` was the number of
    same-service tickets waiting before it, and every call took the head of a service queue."""
    waiting: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT type, data FROM events ORDER BY seq").fetchall()
        arrived = dict(conn.execute("SELECT id, arrived_at FROM tickets"))  # microseconds
    checked = 0
    for kind, raw in rows:
        ticket = json.loads(raw)["ticket"]
        if ticket is None:
            continue
        queue = waiting[(ticket["hall"], ticket["service"])]
        key = (arrived[ticket["id"]], ticket["id"])
        if kind == "ticket.issued":
            assert ticket["ahead"] == sum(1 for other in queue if other < key), ticket["number"]
            queue.append(key)
            checked += 1
        elif kind == "ticket.called":
            assert min(queue) == key, f"{ticket['number']} called before an earlier ticket"
            queue.remove(key)
    assert checked == 1000


def test_sigkill_while_kiosks_issue_loses_no_acknowledged_ticket(live_server: LiveServer) -> None:
    acknowledged: list[dict[str, Any]] = []
    lock = threading.Lock()
    enough = threading.Event()

    def kiosk(index: int) -> None:
        with httpx.Client(base_url=live_server.url, timeout=10) as http:
            for n in range(200):
                body = {
                    "service": "SB01",
                    "idempotency_key": f"k{index}-{n}",
                    "id_card": {"number": id_number(n, birth=f"1980{index + 1:02d}01")},
                }
                try:
                    answer = http.post(
                        "/api/halls/qixia/tickets", json=body, headers=live_server.headers("kiosk")
                    )
                except httpx.HTTPError:
                    return  # the server died under us: exactly the situation under test
                if answer.status_code == 201:
                    with lock:
                        acknowledged.append(answer.json())
                        if len(acknowledged) >= 150:
                            enough.set()

    threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    assert enough.wait(60), "kiosks did not get going"
    live_server.kill()
    for thread in threads:
        thread.join(30)
    live_server.start()
    with httpx.Client(base_url=live_server.url, timeout=10) as http:
        for ticket in acknowledged:
            found = http.get(f"/api/tickets/{ticket['token']}")
            assert found.status_code == 200 and found.json()["number"] == ticket["number"]
        after = http.post(
            "/api/halls/qixia/tickets",
            headers=live_server.headers("kiosk"),
            json={"service": "SB01", "id_card": {"number": id_number(999)}},
        )
    assert after.status_code == 201
    seen = {int(t["number"][1:]) for t in acknowledged}
    assert int(after.json()["number"][1:]) > max(seen)
    with sqlite3.connect(live_server.db_path) as conn:
        numbers = [r[0] for r in conn.execute("SELECT number FROM tickets WHERE hall = 'qixia'")]
    assert len(numbers) == len(set(numbers))
    assert sorted(int(n[1:]) for n in numbers) == list(range(1, len(numbers) + 1))  # no gaps
