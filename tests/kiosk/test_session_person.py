"""The session's steps that fit the person (issue 10, items 6, 8, 9, 10): the duplicate check as
soon as the card is read, reprint, 查询进度 by card, green channel by age, employers' services,
an expired card, and the guide's actions."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from kiosk.config import PROJECT_DIR, ConfigError, load_config, parse_config
from kiosk.effects import FindHeld, IssueTicket, LoadServices, PrintMaterials, PrintTicket
from kiosk.rules import age_on
from kiosk.session import Flow, Screen, Session
from queue_server.client.models import IdentityCard
from queue_server.engine.privacy import id_check_char
from tests.kiosk import samples

TODAY = date(2026, 12, 1)


def id_born(born: str) -> str:
    first17 = f"320113{born}001"
    return first17 + id_check_char(first17)


YOUNG = IdentityCard(id_born("19910101"), "张三丰")
OLD = IdentityCard(id_born("19580506"), "欧阳建国")  # 68 on TODAY


def make_session(green_age: int | None = 65, **hall_changes: object) -> Session:
    counter = itertools.count(1)
    session = Session(lambda: f"key-{next(counter)}", lambda: TODAY, green_age)
    session.on_hall(samples.hall(**hall_changes))
    session.on_services(samples.services())
    return session


def at_identify(session: Session, service: str = "HJ01") -> None:
    session.choose(Flow.TICKET)
    session.pick_service(service)
    assert session.state.screen == Screen.IDENTIFY


def test_a_held_service_is_refused_before_any_question_and_can_be_reprinted() -> None:
    session = make_session()
    at_identify(session)
    assert session.card_read(YOUNG) == [FindHeld(YOUNG)]
    held = samples.ticket(number="A007", holder="张*丰")
    assert session.on_held(YOUNG, [held]) == []
    assert Screen.GREEN not in session.state.history and session.state.screen == Screen.NOTICE
    notice = session.state.notice
    assert notice is not None and notice.key == "duplicate_reprint"
    assert notice.actions == ("reprint", "home") and notice.text and "A007" in notice.text.zh
    assert session.reprint() == [PrintTicket(held, reprint=True)]
    assert session.state.identity is None and session.state.reprinted
    session.on_printed(True)
    assert session.state.screen == Screen.TICKET and session.state.ticket == held


def test_a_called_ticket_is_not_offered_for_reprint() -> None:
    session = make_session()
    at_identify(session)
    session.card_read(YOUNG)
    session.on_held(YOUNG, [samples.ticket(status="called")])
    assert session.state.notice is not None and session.state.notice.actions == ("home",)
    assert session.reprint() == []


def test_a_home_swipe_asks_at_once_and_refuses_the_held_service_when_it_is_picked() -> None:
    session = make_session()
    assert session.card_read(YOUNG) == [LoadServices(), FindHeld(YOUNG)]
    session.on_held(YOUNG, [samples.ticket()])  # arrives while the citizen picks
    assert session.state.screen == Screen.CATEGORIES
    assert session.pick_service("HJ01") == []
    assert session.state.notice is not None and session.state.notice.key == "duplicate_reprint"


def test_a_pick_before_the_answer_waits_for_it_and_asks_only_once() -> None:
    session = make_session()
    session.card_read(YOUNG)
    assert session.pick_service("HJ02") == []  # the lookup is under way: no second one
    assert session.state.screen == Screen.WORKING
    assert session.on_held(YOUNG, [samples.ticket()]) == []  # holds HJ01, not HJ02
    assert session.state.screen == Screen.GREEN
    assert session.on_held(YOUNG, []) == [], "a late second answer changes nothing"
    assert session.state.screen == Screen.GREEN


def test_an_answer_for_someone_who_has_gone_is_dropped() -> None:
    session = make_session()
    at_identify(session)
    session.card_read(YOUNG)
    session.go_home()
    assert session.on_held(YOUNG, [samples.ticket()]) == []
    assert session.state.held is None and session.state.screen == Screen.HOME


def test_no_answer_goes_on_to_the_ticket() -> None:
    session = make_session(green_channel=False)
    at_identify(session)
    session.card_read(YOUNG)
    effects = session.on_held_failed(YOUNG, unreachable=True)
    assert len(effects) == 1 and isinstance(effects[0], IssueTicket)


def test_my_place_by_card_lists_the_holders_tickets() -> None:
    session = make_session()
    session.choose(Flow.PLACE)
    assert session.card_read(YOUNG) == [FindHeld(YOUNG)]
    tickets = [samples.ticket(), samples.ticket(number="S002", service="SB01")]
    session.on_held(YOUNG, tickets)
    assert session.state.screen == Screen.MY_TICKETS and session.state.held == tuple(tickets)
    session.go_home()
    session.choose(Flow.PLACE)
    session.card_read(OLD)
    session.on_held(OLD, [])
    assert session.state.notice is not None and session.state.notice.key == "no_ticket_today"
    session.go_home()
    session.choose(Flow.PLACE)
    session.card_read(OLD)
    session.on_held_failed(OLD, unreachable=True)
    assert session.state.notice is not None and session.state.notice.key == "offline_place"


@pytest.mark.parametrize(
    ("card", "green_age", "issued"),
    [(OLD, 65, "green"), (OLD, 70, None), (OLD, None, None), (YOUNG, 65, None)],
)
def test_the_green_channel_past_the_configured_age(
    card: IdentityCard, green_age: int | None, issued: str | None
) -> None:
    session = make_session(green_age)
    at_identify(session)
    session.card_read(card)
    effects = session.on_held(card, [])
    if issued is None:
        assert session.state.screen == Screen.GREEN and effects == []
    else:
        assert [e.priority for e in effects if isinstance(e, IssueTicket)] == [issued]


def test_an_employers_service_asks_nothing_and_a_hall_without_green_channel_neither() -> None:
    session = make_session()
    employers = replace(session.state.services[0], code="QY01", employers_only=True)
    session.on_services([*session.state.services, employers])
    at_identify(session, "QY01")
    session.card_read(OLD)
    effects = session.on_held(OLD, [])
    assert [e.priority for e in effects if isinstance(e, IssueTicket)] == ["normal"]


def test_an_expired_card_is_told_and_the_ticket_still_taken() -> None:
    session = make_session()
    at_identify(session)
    expired = IdentityCard(YOUNG.number, YOUNG.name, date(2026, 11, 30))
    session.card_read(expired)
    assert session.on_held(expired, []) == []
    assert session.state.notice is not None and session.state.notice.key == "id_expired"
    assert session.state.notice.actions == ("go_on", "home")
    session.go_on()
    assert session.state.screen == Screen.GREEN
    (issue,) = session.answer_green(False)
    assert isinstance(issue, IssueTicket) and issue.identity == expired
    assert issue.identity.as_json()["valid_to"] == "2026-11-30", "the server flags the ticket"


def test_a_card_valid_today_is_not_expired() -> None:
    assert not IdentityCard(YOUNG.number, valid_to=TODAY).expired_on(TODAY)
    assert not IdentityCard(YOUNG.number).expired_on(TODAY)  # long-term (长期) or typed


def test_the_guide_takes_a_ticket_for_the_service_and_prints_the_list() -> None:
    session = make_session()
    session.choose(Flow.GUIDE)
    session.pick_service("HJ01")
    assert session.state.screen == Screen.MATERIALS
    service = session.state.service
    assert service is not None and session.print_materials() == [PrintMaterials(service)]
    session.on_materials_printed(True)
    assert session.state.materials_printed is True
    assert session.take_this_service() == []
    assert session.state.flow == Flow.TICKET and session.state.screen == Screen.IDENTIFY


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [("19580506", date(2026, 5, 5), 67), ("19580506", date(2026, 5, 6), 68),
     ("20000229", date(2026, 2, 28), 25), ("20000229", date(2026, 3, 1), 26),
     ("19581306", date(2026, 5, 6), None)],
)  # fmt: skip
def test_age_from_the_id_number(born: str, today: date, age: int | None) -> None:
    assert age_on(f"320113{born}0011", today) == age


@pytest.mark.parametrize(
    ("document", "age"),
    [({}, 65), ({"kiosk": {"green_channel_age": 70}}, 70),
     ({"kiosk": {"green_channel_age": 0}}, None)],
)  # fmt: skip
def test_the_green_channel_age_is_configured(document: dict[str, Any], age: int | None) -> None:
    assert parse_config(document).green_channel_age == age
    assert load_config(PROJECT_DIR / "config" / "kiosk.toml").green_channel_age == 65


@pytest.mark.parametrize("value", [30, 121, "65", True, 65.5])
def test_a_bad_green_channel_age_is_named(value: object) -> None:
    with pytest.raises(ConfigError, match="key 'green_channel_age' has value"):
        parse_config({"kiosk": {"green_channel_age": value}})
