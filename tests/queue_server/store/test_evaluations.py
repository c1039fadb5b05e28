"""好差评 in the store: a finished ticket is rated once (plus one follow-up), a bad review opens
a rectification item due in working days, the pad answers only its window's open prompt."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from queue_server.clock import MovableClock, shanghai
from queue_server.engine.calendar import HallDays, WorkCalendar
from queue_server.engine.errors import QueueError
from queue_server.engine.evaluation import Submission
from queue_server.store import IssueRequest, Settings, Store
from queue_server.store.rectifications import Progress
from tests.queue_server._district import small_district
from tests.queue_server.store.conftest import MakeStore


def finished(store: Store, window: int = 1) -> str:
    """Issue, call, start and finish a ticket at `window`: its token."""
    ticket, _ = store.issue(IssueRequest("qixia", "SB01"), "kiosk")
    store.call_next("qixia", window, "clerk")
    store.start("qixia", window, "clerk")
    store.finish("qixia", window, "clerk")
    return str(ticket["token"])


def rate(level: int, *reasons: int, follow_up: bool = False, text: str = "") -> Submission:
    return Submission(level, reasons, text, 2, follow_up)


def refusal(call: object, *args: object) -> str:
    with pytest.raises(QueueError) as refused:
        call(*args)  # type: ignore[operator]
    return refused.value.code


def test_only_a_finished_ticket_is_rated(store: Store) -> None:
    ticket, _ = store.issue(IssueRequest("qixia", "SB01"), "kiosk")
    assert refusal(store.evaluate, ticket["token"], rate(5)) == "not_finished"
    assert store.evaluation(ticket["token"])["can_evaluate"] is False


def test_one_evaluation_then_one_follow_up(store: Store, clock: MovableClock) -> None:
    token = finished(store)
    first = store.evaluate(token, rate(5, 517, text="很快"))
    assert [e["count"] for e in first["evaluations"]] == [1]
    assert first["evaluations"][0]["reasons"][0]["zh"] == "服务热情效率高"
    assert first["can_follow_up"] and not first["can_evaluate"]
    assert refusal(store.evaluate, token, rate(4)) == "already_evaluated"
    clock.advance(days=3)
    second = store.evaluate(token, rate(4, 413, follow_up=True))
    assert [(e["count"], e["level"]) for e in second["evaluations"]] == [(1, 5), (2, 4)]
    assert refusal(store.evaluate, token, rate(4, follow_up=True)) == "follow_up_done"
    assert store.evaluation(token)["can_follow_up"] is False


def test_a_bad_review_opens_a_rectification_due_in_working_days(store: Store) -> None:
    token = finished(store)  # Friday 27 November 2026
    store.evaluate(token, rate(2, 213))
    [item] = store.rectifications("qixia", "open")
    assert item["deadline"] == "2026-12-04"  # five working days on: Mon 30 ... Fri 4
    assert item["evaluation"]["level"] == 2 and not item["overdue"]
    assert store.evaluation(token)["rectification"] == {
        "state": "open", "deadline": "2026-12-04", "reply": None, "replied_at": None,
    }  # fmt: skip


def test_the_deadline_skips_a_hall_holiday(make_store: MakeStore) -> None:
    district = small_district()
    hall = district.halls["qixia"]
    holiday = HallDays(WorkCalendar(holidays=frozenset({date(2026, 11, 30)})))
    district = replace(district, halls={**district.halls, "qixia": replace(hall, days=holiday)})
    store = make_store(district, settings=Settings(check_hours=False))
    store.evaluate(finished(store), rate(1, 115))
    [item] = store.rectifications("qixia")
    assert item["deadline"] == "2026-12-07"  # Monday off too: Tue 1 ... Fri 4, Mon 7


def test_visit_then_reply_closes_the_item_and_the_citizen_sees_the_reply(
    store: Store, clock: MovableClock
) -> None:
    token = finished(store)
    store.evaluate(token, rate(1, 113))
    [item] = store.rectifications("qixia", "open")
    assert refusal(
        store.record_rectification, "qixia", item["id"], Progress(reply="已整改"), "m"
    ) == ("visit_required")
    assert (
        refusal(store.record_rectification, "qixia", item["id"], Progress(), "m")
        == "nothing_to_record"
    )
    store.record_rectification(
        "qixia", item["id"], Progress(visit_result="已电话回访，情况属实"), "manager"
    )
    clock.advance(days=1)
    closed = store.record_rectification(
        "qixia", item["id"], Progress(reply="已加强窗口培训"), "manager"
    )
    assert closed["state"] == "closed" and closed["visit"]["by"] == "manager"
    assert store.rectifications("qixia", "open") == []
    shown = store.evaluation(token)["rectification"]
    assert shown["reply"] == "已加强窗口培训" and shown["state"] == "closed"
    assert refusal(store.record_rectification, "qixia", item["id"], Progress(reply="x"), "m") == (
        "rectification_closed"
    )
    assert refusal(store.record_rectification, "qixia", 999, Progress(reply="x"), "m") == (
        "rectification_not_found"
    )
    assert refusal(store.record_rectification, "hall1", item["id"], Progress(reply="x"), "m") == (
        "rectification_not_found"
    )  # another hall's manager does not reach it


def test_the_item_is_overdue_after_its_deadline(store: Store, clock: MovableClock) -> None:
    store.evaluate(finished(store), rate(2, 209))
    clock.set(shanghai(2026, 12, 5, 9, 0))
    [item] = store.rectifications("qixia", "open")
    assert item["overdue"] is True


def test_the_pad_answers_only_its_windows_open_prompt(store: Store, clock: MovableClock) -> None:
    token = finished(store, window=1)
    assert store.pad_prompt("qixia", 1) is None
    store.prompt_evaluation("qixia", 1, "clerk")
    prompt = store.pad_prompt("qixia", 1)
    assert prompt is not None and prompt["number"] == "B001"
    assert store.pad_prompt("qixia", 3) is None
    assert refusal(store.evaluate_at_pad, "qixia", 3, prompt["id"], rate(5)) == "prompt_closed"
    recorded = store.evaluate_at_pad("qixia", 1, prompt["id"], rate(5, 510))
    assert (recorded["number"], recorded["channel"], recorded["count"]) == ("B001", 4, 1)
    assert store.pad_prompt("qixia", 1) is None  # answered: the pad waits again
    assert store.evaluation(token)["evaluations"][0]["channel"] == 4
    assert refusal(store.evaluate_at_pad, "qixia", 1, prompt["id"], rate(5)) == "prompt_closed"


def test_a_pad_prompt_expires(store: Store, clock: MovableClock) -> None:
    finished(store)
    store.prompt_evaluation("qixia", 1, "clerk")
    prompt = store.pad_prompt("qixia", 1)
    assert prompt is not None
    clock.advance(seconds=store.district.evaluation.pad_prompt_seconds)
    assert store.pad_prompt("qixia", 1) is None
    assert refusal(store.evaluate_at_pad, "qixia", 1, prompt["id"], rate(5)) == "prompt_closed"


def test_the_phone_evaluation_closes_the_pad_prompt(store: Store) -> None:
    token = finished(store)
    store.prompt_evaluation("qixia", 1, "clerk")
    store.evaluate(token, rate(4))
    assert store.pad_prompt("qixia", 1) is None


def test_the_prompt_event_links_the_evaluation_page(store: Store) -> None:
    token = finished(store)
    answer = store.prompt_evaluation("qixia", 1, "clerk")
    [event] = [e for e in store.events_after(answer["seq"] - 1) if e.type == "evaluation.prompt"]
    assert event.data["evaluation_url"] == f"/t/{token}/evaluate"


def test_a_ticket_rated_already_opens_no_pad_form(store: Store) -> None:
    finished(store)
    store.prompt_evaluation("qixia", 1, "clerk")  # the first ticket's form, never answered
    token = finished(store)
    store.evaluate(token, rate(5))
    store.prompt_evaluation("qixia", 1, "clerk")  # the console still asks; the event goes out
    assert store.pad_prompt("qixia", 1) is None  # neither the earlier ticket's nor this one's
