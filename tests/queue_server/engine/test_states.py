"""Ticket state transitions: the full table, allowed and illegal."""

from __future__ import annotations

import itertools

import pytest

from queue_server.engine.errors import Conflict, IllegalTransition
from queue_server.engine.states import (
    ACTIVE,
    FINAL,
    TicketStatus,
    allowed_targets,
    check_transition,
    is_final,
)

S = TicketStatus

ALLOWED = {
    (S.WAITING, S.CALLED),
    (S.WAITING, S.CANCELLED),
    (S.WAITING, S.NO_SHOW),
    (S.WAITING, S.TRANSFERRED),
    (S.CALLED, S.CALLED),
    (S.CALLED, S.SERVING),
    (S.CALLED, S.NO_SHOW),
    (S.CALLED, S.WAITING),
    (S.CALLED, S.TRANSFERRED),
    (S.CALLED, S.CANCELLED),
    (S.SERVING, S.DONE),
    (S.SERVING, S.TRANSFERRED),
}


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transitions_pass(current: S, target: S) -> None:
    check_transition(current, target)
    check_transition(current.value, target.value)  # plain strings from the database work too
    assert target in allowed_targets(current)


ILLEGAL = sorted(set(itertools.product(S, S)) - ALLOWED)


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_every_other_transition_is_illegal(current: S, target: S) -> None:
    with pytest.raises(IllegalTransition) as caught:
        check_transition(current, target, "A007")
    err = caught.value
    assert err.code == "illegal_transition"
    assert err.http_status == 409
    assert isinstance(err, Conflict)
    assert "A007" in err.zh and "A007" in err.en
    assert repr(current.value) in err.en and repr(target.value) in err.en
    assert err.to_dict()["from"] == current.value and err.to_dict()["to"] == target.value


def test_illegal_transition_message_is_readable_chinese() -> None:
    with pytest.raises(IllegalTransition) as caught:
        check_transition("waiting", "done", "B012")
    assert caught.value.zh == "号票 B012 当前状态为“等候中”，不能改为“已办结”"
    assert caught.value.en == "Cannot change ticket B012 from 'waiting' to 'done'"


def test_unknown_state_names_are_illegal_not_value_errors() -> None:
    with pytest.raises(IllegalTransition):
        check_transition("waiting", "teleported")
    with pytest.raises(IllegalTransition):
        check_transition("limbo", "called")


def test_final_and_active_states() -> None:
    assert {S.DONE, S.NO_SHOW, S.CANCELLED, S.TRANSFERRED} == FINAL
    assert {S.WAITING, S.CALLED, S.SERVING} == ACTIVE
    assert is_final("done") and not is_final("called")
    assert all(not allowed_targets(s) for s in FINAL)


def test_enum_values_match_the_contract() -> None:
    assert [s.value for s in S] == [
        "waiting",
        "called",
        "serving",
        "done",
        "no_show",
        "cancelled",
        "transferred",
    ]
    assert S("no_show") is S.NO_SHOW and f"{S.CALLED}" == "called"


def test_a_no_show_may_be_undone_only_briefly() -> None:
    from datetime import datetime, timedelta

    from queue_server.engine.errors import IllegalTransition as Illegal
    from queue_server.engine.errors import UndoExpired
    from queue_server.engine.states import NO_SHOW_UNDO_SECONDS, check_no_show_undo

    marked = datetime(2026, 11, 27, 10, 0)
    limit = timedelta(seconds=NO_SHOW_UNDO_SECONDS)
    check_no_show_undo("no_show", "no_show", marked, marked + limit, "A001")  # just in time
    with pytest.raises(UndoExpired) as late:
        check_no_show_undo("no_show", "no_show", marked, marked + limit * 2, "A001")
    assert late.value.extra == {"seconds": NO_SHOW_UNDO_SECONDS}
    for status, outcome in (("done", "handled"), ("called", None), ("transferred", "transferred")):
        with pytest.raises(Illegal):
            check_no_show_undo(status, outcome, marked, marked, "A001")
