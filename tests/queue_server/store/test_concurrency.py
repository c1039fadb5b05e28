"""Many threads (and two Store objects on one file, as two processes would be) at once."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from queue_server.store import IssueRequest, Settings, Store, calling
from tests.queue_server._district import small_district

THREADS, PER_THREAD = 8, 50


def run_threads(count: int, work: Callable[[int], None]) -> None:
    """Start `count` threads at one barrier; re-raise the first failure."""
    barrier = threading.Barrier(count)
    failures: list[BaseException] = []

    def body(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as err:  # collected and re-raised below
            failures.append(err)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise failures[0]


def stores(tmp_path: Path, shared_lock: bool) -> list[Store]:
    """One store (writers serialised in-process) or two stores sharing nothing but the file."""
    district = small_district(windows=8)
    settings = Settings(check_hours=False)
    if shared_lock:
        return [Store(tmp_path / "queue.db", district, settings=settings)]
    return [
        Store(tmp_path / "queue.db", district, settings=settings, serialize_writes=False)
        for _ in range(2)
    ]


@pytest.mark.parametrize("shared_lock", [True, False], ids=["one-store", "two-stores"])
def test_concurrent_issuing_gives_unique_gapless_numbers(tmp_path: Path, shared_lock: bool) -> None:
    pool = stores(tmp_path, shared_lock)
    numbers: list[str] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        store = pool[index % len(pool)]
        for _ in range(PER_THREAD):
            ticket, _ = store.issue(IssueRequest("qixia", "SB01"), f"kiosk-{index}")
            with lock:
                numbers.append(ticket["number"])

    run_threads(THREADS, work)
    expected = [f"B{n:03d}" for n in range(1, THREADS * PER_THREAD + 1)]
    assert sorted(numbers) == expected


@pytest.mark.parametrize("shared_lock", [True, False], ids=["one-store", "two-stores"])
def test_concurrent_call_next_never_hands_out_a_ticket_twice(
    tmp_path: Path, shared_lock: bool
) -> None:
    pool = stores(tmp_path, shared_lock)
    issued = {pool[0].issue(IssueRequest("qixia", "SB01"), "kiosk")[0]["id"] for _ in range(200)}
    claimed: list[int] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        store, window = pool[index % len(pool)], index + 1
        while ticket := store.call_next("qixia", window, "clerk"):
            with lock:
                claimed.append(ticket["id"])
            store.window_action("qixia", window, "clerk", calling.start)
            store.window_action(
                "qixia", window, "clerk", lambda c, d: calling.finish(c, d, "handled")
            )

    run_threads(8, work)
    duplicates = [ticket for ticket, count in Counter(claimed).items() if count > 1]
    assert duplicates == []
    assert set(claimed) == issued


def test_idempotent_retries_racing_each_other_create_one_ticket(tmp_path: Path) -> None:
    pool = stores(tmp_path, shared_lock=False)
    ids: list[int] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        ticket, _ = pool[index % 2].issue(
            IssueRequest("qixia", "SB01", idempotency_key="same"), "k"
        )
        with lock:
            ids.append(ticket["id"])

    run_threads(8, work)
    assert len(ids) == 8 and len(set(ids)) == 1


def test_group_commit_isolates_a_refused_write_and_numbers_stay_gapless(tmp_path: Path) -> None:
    from queue_server.engine import errors
    from queue_server.store.writer import GroupWriter

    store = stores(tmp_path, shared_lock=True)[0]
    writer = GroupWriter(store.db)
    published: list[int] = []
    store.subscribe(lambda events: published.extend(e.seq for e in events))

    async def kiosks() -> list[Any]:
        jobs = []
        for n in range(300):  # submitted in one turn of the loop, so committed in batches
            service = "XX99" if n % 50 == 7 else "SB01"  # every 50th: unknown service (404)
            jobs.append(writer.submit(store.issue, IssueRequest("qixia", service), "kiosk"))
        return await asyncio.gather(*jobs, return_exceptions=True)

    answers = asyncio.run(kiosks())
    refused = [a for a in answers if isinstance(a, errors.UnknownService)]
    numbers = [a[0]["number"] for a in answers if isinstance(a, tuple)]
    assert len(refused) == 6
    assert numbers == [f"B{n:03d}" for n in range(1, 295)]  # in order, no gaps, none lost
    stored = store.db.get().execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    assert stored == 294 and len(published) == 294  # one event per ticket, after its commit
    assert writer.writes == 300 and writer.commits < 300  # several writes shared a commit


def test_group_commit_answers_only_after_the_commit(tmp_path: Path) -> None:
    """Every answer handed back is already visible to another connection (it is committed)."""
    from queue_server.store.writer import GroupWriter

    store = stores(tmp_path, shared_lock=True)[0]
    writer = GroupWriter(store.db)
    seen: list[int] = []

    async def watch(ticket_id_of: Any) -> None:
        ticket, _ = await ticket_id_of
        with sqlite3.connect(store.path) as other:  # a separate connection
            found = other.execute("SELECT COUNT(*) FROM tickets WHERE id = ?", (ticket["id"],))
            seen.append(found.fetchone()[0])

    async def run() -> None:
        await asyncio.gather(
            *(
                watch(writer.submit(store.issue, IssueRequest("qixia", "SB01"), "k"))
                for _ in range(40)
            )
        )

    asyncio.run(run())
    assert seen == [1] * 40
