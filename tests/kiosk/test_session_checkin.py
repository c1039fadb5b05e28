"""The session's appointment check-in (pure): a home swipe, the check-in tile, the code pad."""

from __future__ import annotations

import itertools

from kiosk.effects import CheckIn, FindHeld, LoadServices, PrintTicket
from kiosk.session import Flow, Screen, Session
from queue_server.client.models import IdentityCard, Text
from tests.kiosk import samples

CARD = IdentityCard("360426199101010071", "张三丰")
NOT_FOUND = Text("未找到您今天在本大厅的预约", "No booking for today")


def make_session(appointments: bool | None = True) -> Session:
    counter = itertools.count(1)
    session = Session(new_key=lambda: f"key-{next(counter)}")
    session.on_hall(samples.hall())
    session.on_services(samples.services())
    if appointments is not None:
        session.on_appointments(appointments)
    return session


def test_a_home_swipe_checks_in_and_prints_the_appointment_ticket() -> None:
    session = make_session()
    assert session.card_read(CARD) == [CheckIn(None, CARD), FindHeld(CARD)]
    assert session.state.screen == Screen.WORKING and session.state.flow == Flow.CHECKIN
    ticket = samples.ticket(priority="appointment", source="appointment")
    assert session.on_ticket(ticket) == [PrintTicket(ticket)]
    assert session.state.identity is None
    assert session.on_held(CARD, []) == [], "the lookup's late answer changes nothing"
    session.on_printed(True)
    assert session.state.screen == Screen.TICKET


def test_a_home_swipe_without_a_booking_goes_on_to_walk_in_without_asking_again() -> None:
    session = make_session()
    session.card_read(CARD)
    session.on_held(CARD, [])  # the holder's tickets arrive first: kept for later
    assert session.on_refused("appointment_not_found", NOT_FOUND, {}) == [LoadServices()]
    state = session.state
    assert (state.screen, state.flow, state.identity) == (Screen.CATEGORIES, Flow.TICKET, CARD)
    session.pick_category("hukou")
    assert session.pick_service("HJ01") == [], "no second card, no second lookup"
    assert session.state.screen == Screen.GREEN
    assert session.back() == [] and session.state.screen == Screen.SERVICES


def test_a_home_swipe_while_offline_or_before_appointments_is_the_walk_in_flow() -> None:
    for session in (make_session(None), make_session(False)):
        assert session.card_read(CARD) == [LoadServices(), FindHeld(CARD)]
    offline = make_session()
    offline.set_online(False)
    assert offline.card_read(CARD) == [LoadServices()]


def test_an_unreachable_server_says_check_in_cannot_be_verified_and_offers_walk_in() -> None:
    session = make_session()
    session.card_read(CARD)
    session.on_unreachable("checkin")
    notice = session.state.notice
    assert notice is not None and notice.key == "offline_checkin"
    assert notice.actions == ("normal_ticket", "home") and not session.state.online
    assert session.take_normal_ticket() == [LoadServices()]
    assert session.state.identity == CARD


def test_too_late_and_ended_bookings_offer_a_walk_in_ticket() -> None:
    for code in ("too_late", "appointment_cancelled", "appointment_no_show"):
        session = make_session()
        session.card_read(CARD)
        session.on_refused(code, Text("迟", "Late"), {})
        notice = session.state.notice
        assert notice is not None and (notice.key, notice.actions) == (
            code, ("normal_ticket", "home"),
        )  # fmt: skip


def test_the_code_pad_takes_six_to_eight_code_characters_then_checks_in() -> None:
    session = make_session()
    session.choose(Flow.CHECKIN)
    session.open_code_pad()
    assert session.state.screen == Screen.CODE_PAD
    for char in "7q2kIO!":  # lower case is read as upper; I, O and others are no keys
        session.key_pressed(char)
    assert session.state.keypad == "7Q2K"
    assert session.key_confirm() == [] and session.state.keypad_error, "four are too few"
    for char in "9m4b5":
        session.key_pressed(char)
    assert session.state.keypad == "7Q2K9M4B", "at most eight"
    assert session.key_confirm() == [CheckIn("7Q2K9M4B", None)]
    session.on_refused("invalid_code", Text("签到码无效", "Invalid"), {})
    notice = session.state.notice
    assert notice is not None and notice.actions == ("retype_code", "normal_ticket")
    session.back()
    assert (session.state.screen, session.state.keypad) == (Screen.CODE_PAD, "")


def test_a_swipe_or_a_scan_on_the_code_pad_checks_in_too() -> None:
    session = make_session()
    session.choose(Flow.CHECKIN)
    session.open_code_pad()
    assert session.card_read(CARD) == [CheckIn(None, CARD)]
    session.go_home()
    session.choose(Flow.CHECKIN)
    session.open_code_pad()
    assert session.code_scanned("7Q2K9M4B") == [CheckIn("7Q2K9M4B", None)]


def test_no_booking_on_the_check_in_tile_offers_walk_in_keeping_the_card() -> None:
    session = make_session()
    session.choose(Flow.CHECKIN)
    assert session.card_read(CARD) == [CheckIn(None, CARD)]
    session.on_refused("appointment_not_found", NOT_FOUND, {})
    notice = session.state.notice
    assert notice is not None and notice.actions == ("normal_ticket", "home")
    session.take_normal_ticket()
    assert session.state.identity == CARD and session.state.screen == Screen.CATEGORIES


def test_a_server_without_appointments_turns_the_home_swipe_back_to_walk_in() -> None:
    session = make_session()
    session.card_read(CARD)
    assert session.on_refused("appointments_unavailable", Text("", ""), {}) == [LoadServices()]
    assert session.state.appointments is False and session.state.identity == CARD
    session.go_home()
    assert session.state.appointments is False, "kept for the next citizen"
