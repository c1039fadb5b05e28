"""Reports checked by hand: a day of tickets at explicit times through the real Store, and every
figure worked out in the comments (hall qixia, target wait 30 min, open 09:00-17:00).

Friday 2026-11-27 (a working day):

    A001 HJ01  issued 08:50 (before opening: its hour counts too)
               W1 li calls 09:05, starts 09:06, finishes 09:16      wait 15, service 10
    A002 HJ01  issued 09:00, W1 li calls 09:20, starts 09:20,
               transfers to SB01 09:25; W2 wang calls 09:40, starts,
               transfers to ID01 09:45; W3 zhao calls 10:00, starts,
               finishes 10:10                                       wait 20 (first call),
                                                                    requeues 15 and 15, service 10
    W1 li pauses 10:00, resumes 10:30                               pause 30
    A003 HJ01  appointment slot 11:00-11:30, checked in 10:50,
               W3 zhao calls 11:08, starts, finishes 11:20          wait 8 (from the slot),
                                                                    punctual, service 12
    B001 SB01  issued 12:10 (lunch hour), W2 wang calls 12:55,
               starts, finishes 13:01                               wait 45 (over target), service 6
    A004 HJ01  issued 13:00, W1 li calls 13:10, no-show 13:15       wait 10
    A005 HJ01  appointment slot 14:00-14:30, checked in 14:00,
               W3 zhao calls 14:20, starts, finishes 14:25          wait 20, not punctual, service 5
    B002 SB01  issued 16:50, still waiting when the day is closed at 17:30: left at close,
               its wait counted to the 17:00 closing time: 10 (not to 17:30, never to midnight)
    evaluations: B001 level 1 (bad, rectification open), A002's last ticket level 5

Hall totals: issued 7 (A001-A005, B001, B002: the transferred A002 once); called 8 rows
(A001, A002 ×3, A003, B001, A004, A005); served 5; no-show 1; transferred 2; left at close 1.
Waits of the 6 visits called: 15, 20, 8, 45, 10, 20 = 118 → mean 118/6 = 19.67 min;
p90 = the ceil(0.9×6) = 6th smallest = 45 min; within 30 min: 5 of 7 (6 called + 1 left) =
0.7143. Service 10+10+12+6+5 = 43 over 5 = 8.6 min. Requeue (15+15)/2 = 15. Appointments 2,
punctual 1 → 0.5. Satisfaction 1 of 2 = 0.5, bad 1.
Windows: W1 span 09:05-13:15 = 250 min, busy 11+5+5 = 21, paused 30 → idle 199;
W2 span 09:40-13:01 = 201, busy 5+6 = 11 → idle 190; W3 span 10:00-14:25 = 265,
busy 10+12+5 = 27 → idle 238. Idle 199+190+238 = 627, pause 30.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from queue_server.clock import MovableClock, shanghai
from queue_server.engine.report_scope import Period, Scope
from queue_server.store import Settings, Store
from tests.queue_server.store._report_day import HALL, HallDay, calendar_district
from tests.queue_server.store.conftest import MakeStore

FRIDAY = date(2026, 11, 27)


@pytest.fixture
def clock() -> MovableClock:
    """Starts before every day the tests drive: the store's day roll-over only runs forward."""
    return MovableClock(shanghai(2026, 9, 29, 8, 0))


@pytest.fixture
def store(make_store: MakeStore) -> Store:
    return make_store(calendar_district(), settings=Settings(check_hours=False))


def friday(store: Store, clock: MovableClock) -> dict[str, str]:
    """The day in the module's docstring; tokens by number (A002: its last ticket's)."""
    day = HallDay(store, clock, 2026, 11, 27)
    day.at(8, 50).issue("HJ01")
    day.at(9, 0).issue("HJ01")
    day.at(9, 5).call(1, "li", "A001")
    day.at(9, 6).start(1, "li")
    day.at(9, 16).finish(1, "li")
    day.at(9, 20).call(1, "li", "A002")
    day.start(1, "li")
    day.at(9, 25).transfer(1, "li", "SB01")
    day.at(9, 40).call(2, "wang", "A002")
    day.start(2, "wang")
    day.at(9, 45).transfer(2, "wang", "ID01")
    day.at(10, 0).call(3, "zhao", "A002")
    store.pause(HALL, 1, "li", "meeting")
    day.start(3, "zhao")
    a002 = day.at(10, 10).finish(3, "zhao")["token"]
    day.at(10, 30)
    store.resume(HALL, 1, "li")
    day.at(10, 50).issue("HJ01", slot=day.slot(11, 0))
    day.at(11, 8).call(3, "zhao", "A003")
    day.start(3, "zhao")
    day.at(11, 20).finish(3, "zhao")
    day.at(12, 10).issue("SB01")
    day.at(12, 55).call(2, "wang", "B001")
    day.start(2, "wang")
    day.at(13, 0).issue("HJ01")
    day.at(13, 1).finish(2, "wang")
    day.at(13, 10).call(1, "li", "A004")
    day.at(13, 15)
    store.no_show(HALL, 1, "li")
    day.at(14, 0).issue("HJ01", slot=day.slot(14, 0))
    day.at(14, 20).call(3, "zhao", "A005")
    day.start(3, "zhao")
    day.at(14, 25).finish(3, "zhao")
    day.at(16, 50).issue("SB01")
    day.at(17, 30)
    store.close_day()
    day.evaluate(day.tokens["B001"], 1, 115)
    day.evaluate(a002, 5, 517)
    return {**day.tokens, "A002": a002}


def report(store: Store, scope: Scope, first: date = FRIDAY, last: date | None = None,
           rank_by: str = "served") -> dict[str, Any]:  # fmt: skip
    return store.report(scope, Period("range", first, last or first), rank_by=rank_by)


def test_a_hall_day_matches_the_figures_worked_out_by_hand(
    store: Store, clock: MovableClock
) -> None:
    friday(store, clock)
    totals = report(store, Scope("hall", hall=HALL))["totals"]
    assert {key: totals[key] for key in HAND_TOTALS} == HAND_TOTALS


HAND_TOTALS = {
    "issued": 7, "called": 8, "served": 5, "no_show": 1, "transferred": 2, "cancelled": 0,
    "left_at_close": 1, "left_wait_mean_min": 10.0,
    "wait_mean_min": 19.67, "wait_p90_min": 45.0, "within_target_share": 0.7143,
    "service_mean_min": 8.6, "requeue_mean_min": 15.0,
    "appointments": 2, "punctuality_share": 0.5,
    "evaluations": 2, "satisfaction_rate": 0.5, "bad_reviews": 1, "bad_closed": 0,
    "bad_overdue": 0, "pause_min": 30.0, "idle_min": 627.0,
}  # fmt: skip


def test_the_district_and_the_day_row_say_the_same_and_every_hour_counts(
    store: Store, clock: MovableClock
) -> None:
    """08:50, 12:10 and 16:50 tickets are in the mean: 118/6, not the 09-11 and 14-16 hours'."""
    friday(store, clock)
    district = report(store, Scope())
    day = district["by_day"][0]
    assert (day["day"], day["working_day"], day["wait_mean_min"]) == ("2026-11-27", True, 19.67)
    assert district["totals"]["wait_mean_min"] == 19.67
    halls = {row["key"]: row["issued"] for row in district["breakdown"]["rows"]}
    assert halls == {HALL: 7}


def test_a_ticket_transferred_twice_is_issued_once_transferred_twice_served_once(
    store: Store, clock: MovableClock
) -> None:
    """Per window: W1 (li) called A001, A002, A004: waits 15, 20, 10 → mean 15; it transferred
    A002 once; W2 (wang) transferred it again; W3 (zhao) served it."""
    friday(store, clock)
    windows = {
        row["key"]: row for row in report(store, Scope("hall", hall=HALL))["breakdown"]["rows"]
    }
    w1, w2, w3 = windows["qixia:1"], windows["qixia:2"], windows["qixia:3"]
    assert (w1["called"], w1["served"], w1["no_show"], w1["transferred"]) == (3, 1, 1, 1)
    assert (w1["wait_mean_min"], w1["pause_min"], w1["idle_min"]) == (15.0, 30.0, 199.0)
    assert (w2["called"], w2["served"], w2["transferred"], w2["idle_min"]) == (2, 1, 1, 190.0)
    assert (w3["called"], w3["served"], w3["transferred"], w3["idle_min"]) == (3, 3, 0, 238.0)
    services = report(store, Scope("service", service="HJ01"))["totals"]
    assert (services["issued"], services["transferred"]) == (5, 1)  # B001, B002 are SB01's


def test_clerks_are_ranked_by_the_chosen_measure(store: Store, clock: MovableClock) -> None:
    """Served: zhao 3 (A002, A003, A005), li 1, wang 1 (ties in name order). Mean wait (lower
    first): zhao 14 (8 and 20, the visits first called there), li 15, wang 45."""
    friday(store, clock)
    served = report(store, Scope("hall", hall=HALL))["rankings"]["clerk"]
    assert [(r["rank"], r["key"], r["value"]) for r in served] == [
        (1, "zhao", 3), (2, "li", 1), (3, "wang", 1)
    ]  # fmt: skip
    waits = report(store, Scope("hall", hall=HALL), rank_by="wait_mean_min")["rankings"]["clerk"]
    assert [(r["key"], r["value"]) for r in waits] == [("zhao", 14.0), ("li", 15.0), ("wang", 45.0)]


def test_a_late_evaluation_and_its_rectification_reach_a_closed_days_report(
    store: Store, clock: MovableClock
) -> None:
    tokens = friday(store, clock)
    assert report(store, Scope("hall", hall=HALL))["totals"]["evaluations"] == 2
    clock.set(clock().replace(day=28, hour=10))  # Saturday: the summary of Friday is final
    HallDay(store, clock, 2026, 11, 28).evaluate(tokens["A001"], 2, 214)
    item = store.rectifications(HALL, "open")[0]["id"]
    from queue_server.store.rectifications import Progress

    store.record_rectification(HALL, item, Progress("visited", None), "boss")
    totals = report(store, Scope("hall", hall=HALL))["totals"]
    assert (totals["evaluations"], totals["bad_reviews"], totals["bad_visited"]) == (3, 2, 1)


def test_a_range_over_national_day_counts_working_days_and_keeps_holiday_tickets(
    store: Store, clock: MovableClock
) -> None:
    """2026-09-30 (Wed) to 2026-10-10 (Sat, a 调休 working day): 11 days, of which 10-01 to
    10-07 are the holiday: working days 09-30, 10-08, 10-09, 10-10 = 4. Tickets: 2 on 09-30, 1
    on 10-01 (a holiday: still counted), 1 on 10-10 → issued 4, 1.0 per working day."""
    for month, day, count in ((9, 30, 2), (10, 1, 1), (10, 10, 1)):
        hall_day = HallDay(store, clock, 2026, month, day)
        for minute in range(count):
            hall_day.at(10, minute).issue("HJ01")
    clock.set(clock().replace(month=10, day=12))
    found = report(store, Scope("hall", hall=HALL), date(2026, 9, 30), date(2026, 10, 10))
    assert found["calendar"]["days"] == 11
    assert found["calendar"]["working_days"] == 4
    assert found["calendar"]["non_working_days"] == [f"2026-10-0{d}" for d in range(1, 8)]
    assert found["totals"]["issued"] == 4
    assert found["totals"]["issued_per_working_day"] == 1.0
    by_day = {row["day"]: (row["working_day"], row["issued"]) for row in found["by_day"]}
    assert by_day["2026-10-01"] == (False, 1)
    assert by_day["2026-10-10"] == (True, 1)
    assert by_day["2026-10-09"] == (True, 0)
    # Never called, they were closed by the roll-over: left at close, not served. Each waited
    # until its hall closed (17:00; on the holiday, with no hours, until midnight), never until
    # the roll-over found it days later: 420 + 419 (10:01) + 840 (10-01 10:00-24:00) + 420 (10-10
    # keeps weekday hours) = 2099 over 4 = 524.75 min.
    totals = found["totals"]
    assert (totals["left_at_close"], totals["served"], totals["left_wait_mean_min"]) == (
        4, 0, 524.75
    )  # fmt: skip
    assert totals["within_target_share"] == 0.0  # nobody was called within the target


def test_a_month_read_from_its_monthly_sums_matches_its_days_and_follows_late_changes(
    store: Store, clock: MovableClock
) -> None:
    """November, once closed, is read from its month sums: the same figures as day by day;
    an evaluation arriving in December for a November ticket reaches it."""
    tokens = friday(store, clock)
    clock.set(clock().replace(month=12, day=2, hour=9))
    month = store.report(Scope("hall", hall=HALL), Period("month", date(2026, 11, 1),
                                                          date(2026, 11, 30)))  # fmt: skip
    assert {key: month["totals"][key] for key in HAND_TOTALS} == HAND_TOTALS
    windows = {row["key"]: row["wait_p90_min"] for row in month["breakdown"]["rows"]}
    assert windows == {"qixia:1": 20.0, "qixia:2": 45.0, "qixia:3": 20.0}
    with store.db.read() as conn:
        summed = conn.execute("SELECT COUNT(*) FROM report_months WHERE month = '2026-11'")
        assert summed.fetchone()[0] > 0  # it was read as a month
    HallDay(store, clock, 2026, 12, 2).evaluate(tokens["A001"], 4, 413)
    again = report(store, Scope("hall", hall=HALL), date(2026, 11, 1), date(2026, 11, 30))
    assert (again["totals"]["evaluations"], again["totals"]["satisfaction_rate"]) == (3, 0.6667)
