"""Query plans on the hot paths: the work per request must not grow with the day's tickets."""

from __future__ import annotations

from collections.abc import Callable

from queue_server.store import IssueRequest, Store


def plans_while(store: Store, action: Callable[[], object]) -> dict[str, str]:
    """Each SELECT and UPDATE run by `action()` on the store's connection, with its plan."""
    conn = store.db.get()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    plans = {}
    for sql in statements:
        if sql.lstrip().upper().startswith(("SELECT", "UPDATE")):
            rows = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
            plans[sql] = " | ".join(row[-1] for row in rows)
    return plans


def test_issuing_sorts_nothing_in_a_temporary_b_tree(store: Store) -> None:
    plans = plans_while(store, lambda: store.issue(IssueRequest("qixia", "SB01"), "kiosk"))
    eta = [sql for sql in plans if "finished_at DESC" in sql]
    assert eta, "the ETA's read of recent service times was not seen"
    assert "tickets_done_recent" in plans[eta[0]]
    arrivals = [plan for sql, plan in plans.items() if "transferred_from IS NULL" in sql]
    assert arrivals and all("COVERING INDEX tickets_arrivals" in plan for plan in arrivals), plans
    sorting = {sql: plan for sql, plan in plans.items() if "TEMP B-TREE" in plan}
    assert not sorting, sorting


def test_closing_the_day_reads_only_unfinished_tickets_and_those_with_a_phone(
    store: Store,
) -> None:
    """A year's 3 M tickets made a start-up take 18-45 s: each hall's close scanned them all."""
    store.issue(IssueRequest("qixia", "SB01"), "kiosk")
    plans = plans_while(store, lambda: store.close_day())
    unfinished = [p for sql, p in plans.items() if "status IN ('waiting', 'called'" in sql]
    phones = [p for sql, p in plans.items() if "UPDATE tickets SET phone_sealed" in sql]
    windows = [p for sql, p in plans.items() if "UPDATE windows SET ticket_id = NULL" in sql]
    assert unfinished and all("tickets_unfinished" in plan for plan in unfinished), plans
    assert phones and all("tickets_with_phone" in plan for plan in phones), plans
    assert windows and not any("SCAN tickets" in plan for plan in windows), plans
