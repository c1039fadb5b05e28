"""好差评 rules: the national reason codes as shipped, what a submission may hold, 一次一评 plus
one 追评, the level mapping, and the rectification deadline on the working-day calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from queue_server.clock import shanghai
from queue_server.config_loader import load_district
from queue_server.engine.calendar import HallDays, WorkCalendar
from queue_server.engine.evaluation import (
    CHANNELS,
    FIRST,
    FOLLOW_UP,
    Submission,
    check_content,
    national_codes,
    next_count,
    rectification_deadline,
)
from queue_server.engine.evaluation_errors import EvaluationInvalid, EvaluationRefused
from queue_server.engine.evaluation_levels import API_LEVELS, api_to_gbt, gbt_to_api
from queue_server.engine.evaluation_settings import EvaluationRules

RULES = EvaluationRules()
CURRENT = {5: range(510, 518), 4: range(406, 414), 3: range(307, 315), 2: range(207, 215),
           1: range(108, 116)}  # fmt: skip
RETIRED = {5: range(501, 510), 4: range(401, 406), 3: range(301, 307), 2: range(201, 207),
           1: range(101, 108)}  # fmt: skip


def entry(level: int, *reasons: int, text: str = "", channel: int = 2) -> Submission:
    return Submission(level, reasons, text, channel, follow_up=False)


def test_the_current_national_set_is_offered_per_level_with_its_texts() -> None:
    book = national_codes()
    for level, codes in CURRENT.items():
        assert [r.code for r in book.offered(level)] == list(codes)
    assert book.current(212) is not None and book.current(212).text.zh == (  # type: ignore[union-attr]
        "在线预约办理后到实体大厅重复取号排队"
    )
    assert all(r.text.zh and r.text.en for level in CURRENT for r in book.offered(level))


def test_the_retired_set_is_readable_but_never_offered() -> None:
    book = national_codes()
    for level, codes in RETIRED.items():
        for code in codes:
            found = book.read(code)
            assert found is not None and found.level == level and not found.current
            assert book.current(code) is None
        assert not set(codes) & {r.code for r in book.offered(level)}


@pytest.mark.parametrize("level", [2, 1])
def test_a_bad_review_needs_a_reason(level: int) -> None:
    with pytest.raises(EvaluationInvalid) as refused:
        check_content(national_codes(), RULES, entry(level))
    assert refused.value.code == "reason_required" and refused.value.http_status == 422
    check_content(national_codes(), RULES, entry(level, CURRENT[level][0]))


def test_a_good_review_may_come_without_a_reason() -> None:
    for level in (5, 4, 3):
        check_content(national_codes(), RULES, entry(level))


@pytest.mark.parametrize(
    ("level", "code"), [(5, 212), (2, 510), (1, 207), (5, 505), (3, 999), (4, 201)]
)
def test_a_reason_of_another_level_or_retired_or_unknown_is_refused(level: int, code: int) -> None:
    with pytest.raises(EvaluationInvalid) as refused:
        check_content(national_codes(), RULES, entry(level, code))
    assert refused.value.code == "reason_not_of_level"


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (entry(0), "invalid_level"),
        (entry(6), "invalid_level"),
        (entry(5, channel=8), "invalid_channel"),
        (entry(5, 510, 510), "duplicate_reason"),
        (entry(5, text="好" * (RULES.text_limit + 1)), "text_too_long"),
    ],
)
def test_malformed_submissions_are_refused_by_name(bad: Submission, code: str) -> None:
    with pytest.raises(EvaluationInvalid) as refused:
        check_content(national_codes(), RULES, bad)
    assert refused.value.code == code


def test_the_channel_codes_are_the_national_ones() -> None:
    assert {k: v.zh for k, v in CHANNELS.items()} == {
        1: "PC", 2: "移动端", 3: "二维码", 4: "政务大厅平板电脑", 5: "政务大厅其他终端",
        6: "电话", 7: "短信",
    }  # fmt: skip


def test_one_evaluation_per_visit_plus_one_follow_up_within_the_period() -> None:
    first = shanghai(2026, 12, 1, 10, 0)
    again = Submission(4, (), "", 2, follow_up=True)
    assert next_count(RULES, entry(5), [], first) == FIRST
    with pytest.raises(EvaluationRefused) as twice:
        next_count(RULES, entry(5), [first], first)
    assert twice.value.code == "already_evaluated"
    late = first + timedelta(days=RULES.follow_up_days)
    assert next_count(RULES, again, [first], late) == FOLLOW_UP
    with pytest.raises(EvaluationRefused) as closed:
        next_count(RULES, again, [first], late + timedelta(seconds=1))
    assert closed.value.code == "follow_up_closed"
    with pytest.raises(EvaluationRefused) as third:
        next_count(RULES, again, [first, late], late)
    assert third.value.code == "follow_up_done"
    with pytest.raises(EvaluationRefused) as early:
        next_count(RULES, again, [], first)
    assert early.value.code == "nothing_to_follow_up"


def test_the_mapping_turns_the_api_numbering_round() -> None:
    assert [api_to_gbt(level) for level in API_LEVELS] == [1, 2, 3, 4, 5]
    assert all(gbt_to_api(api_to_gbt(level)) == level for level in API_LEVELS)
    for wrong in (0, 6):
        with pytest.raises(ValueError):
            api_to_gbt(wrong)
        with pytest.raises(ValueError):
            gbt_to_api(wrong)


def test_the_deadline_counts_working_days_across_a_weekend() -> None:
    days = HallDays(WorkCalendar())
    friday = date(2026, 11, 27)
    # Mon 30, Tue 1, Wed 2, Thu 3, Fri 4: the weekend does not count
    assert rectification_deadline(days, friday, 5) == date(2026, 12, 4)
    assert rectification_deadline(days, friday, 1) == date(2026, 11, 30)


def test_the_deadline_skips_the_national_holiday_and_counts_its_make_up_saturday() -> None:
    """On the bundled 2026 calendar: 国庆 1-7 October off, Saturday 10 October worked (调休)."""
    days = load_district().halls["qixia"].days
    eve = date(2026, 9, 30)
    # Thu 8, Fri 9, Sat 10 (调休), Mon 12, Tue 13
    assert rectification_deadline(days, eve, 5) == date(2026, 10, 13)
    assert [days.is_working_day(eve + timedelta(days=n)) for n in range(1, 8)] == [False] * 7


def test_the_district_file_sets_the_rules() -> None:
    rules = load_district().evaluation
    assert rules.rectification_days == 5 and rules.division_code == "320113"
