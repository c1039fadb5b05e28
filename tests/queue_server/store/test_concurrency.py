"""Many threads at once: on one store over a file, on two Store objects sharing only the file
(as two processes would), and on one store in memory (one connection shared by the threads)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from queue_server.store import MEMORY, Durability, IssueRequest, Settings, Store
from tests.queue_server._district import small_district

THREADS, PER_THREAD = 8, 50
LAYOUTS = ["one-store", "two-stores", "memory"]


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


def stores(tmp_path: Path, layout: str) -> list[Store]:
    """One store (writers serialised in-process), two stores sharing nothing but the file, or
    one store in memory."""
    district = small_district(windows=8)
    settings = Settings(check_hours=False)
    if layout == "memory":
        return [Store(MEMORY, district, settings=settings, durability=Durability.OFF)]
    if layout == "one-store":
        return [Store(tmp_path / "queue.db", district, settings=settings)]
    return [
        Store(tmp_path / "queue.db", district, settings=settings, serialize_writes=False)
        for _ in range(2)
    ]


def seen_by_another_reader(store: Store, ticket_id: int) -> int:
    """How many tickets with this id a reader other than the writer sees: a separate connection
    to the file, or (memory) another thread reading through the store."""
    query = ("SELECT COUNT(*) FROM tickets WHERE id = ?", (ticket_id,))
    if not store.db.memory:
        with sqlite3.connect(store.path) as other:
            return int(other.execute(*query).fetchone()[0])
    found: list[int] = []

    def read() -> None:
        with store.db.read() as conn:
            found.append(int(conn.execute(*query).fetchone()[0]))

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(10)
    return found[0]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_concurrent_issuing_gives_unique_gapless_numbers(tmp_path: Path, layout: str) -> None:
    pool = stores(tmp_path, layout)
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


@pytest.mark.parametrize("layout", LAYOUTS)
def test_concurrent_call_next_never_hands_out_a_ticket_twice(tmp_path: Path, layout: str) -> None:
    pool = stores(tmp_path, layout)
    issued = {pool[0].issue(IssueRequest("qixia", "SB01"), "kiosk")[0]["id"] for _ in range(200)}
    claimed: list[int] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        store, window = pool[index % len(pool)], index + 1
        while ticket := store.call_next("qixia", window, "clerk"):
            with lock:
                claimed.append(ticket["id"])
            store.start("qixia", window, "clerk")
            store.finish("qixia", window, "clerk", "handled")

    run_threads(8, work)
    duplicates = [ticket for ticket, count in Counter(claimed).items() if count > 1]
    assert duplicates == []
    assert set(claimed) == issued


@pytest.mark.parametrize("layout", ["two-stores", "memory"])
def test_idempotent_retries_racing_each_other_create_one_ticket(
    tmp_path: Path, layout: str
) -> None:
    pool = stores(tmp_path, layout)
    ids: list[int] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        ticket, _ = pool[index % len(pool)].issue(
            IssueRequest("qixia", "SB01", idempotency_key="same"), "k"
        )
        with lock:
            ids.append(ticket["id"])

    run_threads(8, work)
    assert len(ids) == 8 and len(set(ids)) == 1


@pytest.mark.parametrize("layout", ["one-store", "memory"])
def test_group_commit_isolates_a_refused_write_and_numbers_stay_gapless(
    tmp_path: Path, layout: str
) -> None:
    from queue_server.engine import errors

    store = stores(tmp_path, layout)[0]
    writer = store.group_writer()
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


@pytest.mark.parametrize("layout", ["one-store", "memory"])
def test_group_commit_answers_only_after_the_commit(tmp_path: Path, layout: str) -> None:
    """Every answer handed back is already visible to another reader (it is committed)."""
    store = stores(tmp_path, layout)[0]
    writer = store.group_writer()
    seen: list[int] = []

    async def watch(ticket_id_of: Any) -> None:
        ticket, _ = await ticket_id_of
        seen.append(seen_by_another_reader(store, ticket["id"]))

    async def run() -> None:
        await asyncio.gather(
            *(
                watch(writer.submit(store.issue, IssueRequest("qixia", "SB01"), "k"))
                for _ in range(40)
            )
        )

    asyncio.run(run())
    assert seen == [1] * 40
