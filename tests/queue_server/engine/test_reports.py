"""The pure report rules: histogram bins and percentiles, periods, rankings, and a day's facts
from tickets written out with their times (figures worked out in the comments)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from queue_server.clock import shanghai
from queue_server.engine.report_days import DayInput, TicketFact, day_facts, paused_spans, visits
from queue_server.engine.report_scope import ReportInvalid, Scope, period_of
from queue_server.engine.reports import (
    BINS,
    Figures,
    measures,
    percentile_seconds,
    ranked,
    wait_bin,
)


@pytest.mark.parametrize(
    ("seconds", "index"),
    [(0, 0), (-5, 0), (1, 1), (60, 1), (61, 2), (3600, 60), (3601, 61), (3900, 61),
     (3901, 62), (10800, 84), (10801, 85), (28800, 104), (28801, 105), (10**7, 105)],
)  # fmt: skip
def test_bins_are_minutes_then_five_then_fifteen_then_one_open_bin(
    seconds: int, index: int
) -> None:
    assert wait_bin(seconds) == index
    assert BINS == 106


def test_the_percentile_is_the_nearest_rank_read_at_its_bins_upper_edge() -> None:
    """Waits 8, 10, 15, 20, 20, 45 min: the 90th percentile is the ceil(5.4) = 6th = 45 min;
    the median (ceil(3) = 3rd) 15 min; 12.5 min reads as 13 (its bin's upper edge)."""
    histogram = [0] * BINS
    for minutes in (8, 10, 15, 20, 20, 45):
        histogram[wait_bin(minutes * 60)] += 1
    assert percentile_seconds(histogram, 0.9) == 45 * 60
    assert percentile_seconds(histogram, 0.5) == 15 * 60
    lone = [0] * BINS
    lone[wait_bin(12.5 * 60)] = 1
    assert percentile_seconds(lone, 0.9) == 13 * 60
    assert percentile_seconds([0] * BINS, 0.9) is None
    over = [0] * BINS
    over[wait_bin(9 * 3600)] = 1
    assert percentile_seconds(over, 0.9) == 8 * 3600  # over 8 h: read as its lower edge


def test_periods_are_the_day_the_iso_week_the_month_or_a_range() -> None:
    friday = date(2026, 11, 27)
    assert period_of("week", friday, None, None, friday).first == date(2026, 11, 23)
    assert period_of("week", friday, None, None, friday).last == date(2026, 11, 29)
    month = period_of("month", date(2026, 2, 14), None, None, friday)
    assert (month.first, month.last) == (date(2026, 2, 1), date(2026, 2, 28))
    assert len(period_of("range", None, date(2026, 9, 30), date(2026, 10, 10), friday).days) == 11
    with pytest.raises(ReportInvalid) as refused:
        period_of("range", None, date(2026, 3, 2), date(2026, 3, 1), friday)
    assert refused.value.code == "invalid_range"
    with pytest.raises(ReportInvalid) as needs:
        Scope("clerk")
    assert needs.value.code == "clerk_required"


def test_rankings_order_best_first_and_put_the_unmeasured_last() -> None:
    rows: dict[str, dict[str, float | int | None]] = {
            "a": {"wait_mean_min": 12.0}, "b": {"wait_mean_min": None},
            "c": {"wait_mean_min": 7.5}, "d": {"wait_mean_min": 12.0}}  # fmt: skip
    assert ranked(rows, "wait_mean_min") == [("c", 7.5), ("a", 12.0), ("d", 12.0), ("b", None)]
    assert ranked({"x": {"served": 3}, "y": {"served": 9}}, "served") == [("y", 9), ("x", 3)]


def at(hour: int, minute: int) -> datetime:
    return shanghai(2026, 11, 27, hour, minute)


def fact(
    id: int, status: str, arrived: datetime, called: datetime | None,
    finished: datetime | None, *, window: int | None = None, issued: datetime | None = None,
    came_from: int | None = None, outcome: str | None = None,
) -> TicketFact:  # fmt: skip
    """A ticket of service "S" (started when called; clerk "c" at a window)."""
    clerk = "c" if window else None
    return TicketFact(id, "S", status, outcome, window, clerk, issued or arrived, arrived,
                      called, called, finished, None, came_from)  # fmt: skip


def test_a_ticket_transferred_twice_is_one_visit_with_one_wait_from_its_first_arrival() -> None:
    """Arrived 09:00, called 09:20 (W1), transferred 09:25; called 09:40 (W2), transferred 09:45;
    called 10:00 (W3), done 10:10: issued 1, transferred 2, served 1, wait 20 min (first call),
    requeue waits 15 and 15, service time 10 (the served ticket's only)."""
    chain = [
        fact(1, "transferred", at(9, 0), at(9, 20), at(9, 25), window=1),
        fact(2, "transferred", at(9, 0), at(9, 40), at(9, 45), window=2, issued=at(9, 25),
             came_from=1),
        fact(3, "done", at(9, 0), at(10, 0), at(10, 10), window=3, issued=at(9, 45), came_from=2),
    ]  # fmt: skip
    assert [[t.id for t in v] for v in visits(chain)] == [[1, 2, 3]]
    facts = day_facts(DayInput(chain, 1800, at(17, 0)))
    figures = Figures()
    for counts in facts.cells.values():
        figures.counts.add(counts)
    figures.histogram = facts.histograms[("hall", "")]
    got = measures(figures)
    assert (got["issued"], got["transferred"], got["served"], got["called"]) == (1, 2, 1, 3)
    assert (got["wait_mean_min"], got["requeue_mean_min"], got["service_mean_min"]) == (
        20.0, 15.0, 10.0
    )  # fmt: skip


def test_left_at_close_waits_until_closing_time_and_a_day_end_service_has_no_time() -> None:
    """B waited from 16:50 and was closed at 23:59 by the roll-over: left at close, waited 10
    min (to 17:00). C was being served at close (done, `closed_at_day_end`): served, no time."""
    tickets = [
        fact(1, "no_show", at(16, 50), None, at(23, 59)),
        fact(2, "done", at(16, 0), at(16, 30), at(23, 59), window=1, outcome="closed_at_day_end"),
    ]
    facts = day_facts(DayInput(tickets, 1800, at(17, 0)))
    total = Figures()
    for counts in facts.cells.values():
        total.counts.add(counts)
    got = measures(total)
    assert (got["left_at_close"], got["left_wait_mean_min"], got["no_show"]) == (1, 10.0, 0)
    assert (got["served"], got["service_mean_min"]) == (1, None)
    assert got["within_target_share"] == 0.5  # C within 30 min; B not served within target


def test_pause_and_idle_are_counted_within_the_windows_working_span() -> None:
    """W1 calls at 09:00 (done 09:10) and 11:00 (done 11:20); paused 10:00-10:30 and again from
    17:00 to the day's end: span 09:00-11:20 = 140 min, busy 30, pause 30 (the evening pause
    lies outside the span), idle 80."""
    tickets = [fact(1, "done", at(8, 55), at(9, 0), at(9, 10), window=1),
               fact(2, "done", at(10, 50), at(11, 0), at(11, 20), window=1)]  # fmt: skip
    pauses = paused_spans(
        [(at(10, 0), 1, True), (at(10, 30), 1, False), (at(17, 0), 1, True)],
        at(0, 0) + timedelta(days=1),
    )
    facts = day_facts(DayInput(tickets, 1800, at(17, 0), pauses=pauses))
    window = facts.cells[("", 1, "c")]
    assert (window.pause_s / 60, window.idle_s / 60) == (30.0, 80.0)
