"""SMS reminders asked for on the ticket screen: the pad checks as it is typed, the number goes
to the server and is forgotten at once, only the masked form is shown; offline, none."""

from __future__ import annotations

import pytest

from kiosk.effects import AddPhone
from kiosk.session import Flow, Screen, Session
from kiosk.session_phone import grouped_phone, is_mobile, offers_sms, phone_so_far_ok
from queue_server.client.models import Text
from tests.kiosk import samples
from tests.kiosk.test_session import make_session

PHONE = "13912345678"


def at_ticket(**changes: object) -> Session:
    session = make_session()
    session.choose(Flow.TICKET)
    session.on_ticket(samples.ticket(**changes))
    session.on_printed(True)
    assert session.state.screen == Screen.TICKET
    return session


def type_in(session: Session, digits: str) -> None:
    for digit in digits:
        session.key_pressed(digit)


@pytest.mark.parametrize(
    ("typed", "so_far", "whole"),
    [("", True, False), ("1", True, False), ("13", True, False), ("12", False, False),
     ("2", False, False), (PHONE, True, True), ("1391234567", True, False),
     ("19912345678", True, True), ("10912345678", False, False)],
)  # fmt: skip
def test_a_mainland_mobile_number_is_checked_as_typed(
    typed: str, so_far: bool, whole: bool
) -> None:
    assert (phone_so_far_ok(typed), is_mobile(typed)) == (so_far, whole)


def test_the_number_is_sent_then_forgotten_and_only_the_masked_form_shown() -> None:
    session = at_ticket()
    assert offers_sms(session.state)
    assert session.open_phone_pad() == []
    assert session.state.screen == Screen.PHONE_PAD
    type_in(session, PHONE + "9")  # the twelfth digit is not taken
    assert session.state.keypad == PHONE and not session.state.keypad_error
    assert grouped_phone(session.state.keypad) == "139 1234 5678"
    assert session.key_confirm() == [AddPhone("tok-abcdef123456", PHONE)]
    assert session.state.screen == Screen.WORKING
    assert PHONE not in repr(session.state) and "tok-abcdef" not in repr(AddPhone("tok-abc", PHONE))
    assert session.on_phone_added("139****5678") == []
    assert (session.state.screen, session.state.phone_masked) == (Screen.PHONE_DONE, "139****5678")
    assert PHONE not in repr(session.state)
    assert not offers_sms(session.state)  # asked once: the ticket screen now says where they go
    session.back()
    assert session.state.screen == Screen.TICKET
    session.go_home()  # the idle reset too
    assert session.state.phone_masked is None and not session.state.holds_personal_data()


def test_a_wrong_start_is_told_at_once_and_ok_refuses_a_short_number() -> None:
    session = at_ticket()
    session.open_phone_pad()
    type_in(session, "12")
    assert session.state.keypad_error
    session.key_delete()
    assert not session.state.keypad_error
    type_in(session, "3912")
    assert session.key_confirm() == [] and session.state.keypad_error
    assert session.state.screen == Screen.PHONE_PAD


def test_back_from_the_pad_returns_to_the_ticket_forgetting_the_digits() -> None:
    session = at_ticket()
    session.open_phone_pad()
    type_in(session, "139")
    session.back()
    assert (session.state.screen, session.state.keypad) == (Screen.TICKET, "")


def test_offline_there_are_no_sms_reminders_and_nothing_is_kept() -> None:
    session = at_ticket(token=None, offline=True)
    session.set_online(False)
    assert session.open_phone_pad() == []
    assert session.state.notice is not None and session.state.notice.key == "phone_offline"
    session.back_to_ticket()
    assert session.state.screen == Screen.TICKET


def test_the_network_lost_while_sending_says_so_and_keeps_no_number() -> None:
    session = at_ticket()
    session.open_phone_pad()
    type_in(session, PHONE)
    session.key_confirm()
    session.on_phone_unreachable()
    assert session.state.notice is not None and session.state.notice.key == "phone_offline"
    assert not session.state.online and session.state.keypad == ""
    assert PHONE not in repr(session.state)


def test_a_ticket_called_meanwhile_is_told() -> None:
    session = at_ticket()
    session.open_phone_pad()
    type_in(session, PHONE)
    session.key_confirm()
    session.on_phone_refused("not_waiting", Text("已叫号", "Called"))
    assert session.state.notice is not None and session.state.notice.key == "not_waiting"
    session.back_to_ticket()
    assert session.state.screen == Screen.TICKET and offers_sms(session.state)


def test_only_a_waiting_ticket_offers_reminders() -> None:
    assert not offers_sms(at_ticket(status="called").state)
