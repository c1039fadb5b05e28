"""The pure session flow: intents in, screens and effects out."""

from __future__ import annotations

import itertools
from datetime import date

from kiosk.effects import (
    CheckIn,
    FindHeld,
    IssueTicket,
    LoadServices,
    LookupTicket,
    PrintTicket,
    ReportFault,
)
from kiosk.rules import CodeKind, IdlePhase, IdlePolicy, classify_code
from kiosk.session import Flow, Screen, Session
from queue_server.client.models import IdentityCard, Service, Text
from tests.kiosk import samples

VALID_ID = "360426199101010071"
WRONG_CHECK_DIGIT = "360426199101010072"


def make_session(**hall_changes: object) -> Session:
    counter = itertools.count(1)
    session = Session(new_key=lambda: f"key-{next(counter)}")
    session.on_hall(samples.hall(**hall_changes))
    session.on_services(samples.services())
    return session


def test_walk_in_with_card_goes_through_every_step_and_issues_once() -> None:
    session = make_session()
    assert session.choose(Flow.TICKET) == [LoadServices()]
    assert session.state.screen == Screen.CATEGORIES
    assert [code for code, _ in session.state.categories()] == ["hukou", "social"]
    session.pick_category("hukou")
    assert session.pick_service("HJ01") == []
    assert session.state.screen == Screen.IDENTIFY
    card = IdentityCard(VALID_ID, "张三丰")
    assert session.card_read(card) == [FindHeld(card)], "the duplicate check comes first"
    assert session.state.screen == Screen.WORKING
    session.on_held(card, [])
    assert session.state.screen == Screen.GREEN
    effects = session.answer_green(False)
    assert session.state.screen == Screen.WORKING
    assert len(effects) == 1 and isinstance(effects[0], IssueTicket)
    issue = effects[0]
    assert (issue.service.code, issue.idempotency_key, issue.priority) == (
        "HJ01",
        "key-1",
        "normal",
    )
    assert issue.identity == IdentityCard(VALID_ID, "张三丰")
    ticket = samples.ticket()
    assert session.on_ticket(ticket) == [PrintTicket(ticket)]
    assert session.state.identity is None, "the card is forgotten once the ticket exists"
    assert session.on_printed(True) == []
    assert session.state.screen == Screen.TICKET and session.state.printed is True


def test_service_without_id_and_hall_without_green_channel_issues_at_once() -> None:
    session = make_session(green_channel=False)
    session.choose(Flow.TICKET)
    session.pick_category("social")
    effects = session.pick_service("SB01")
    assert isinstance(effects[0], IssueTicket) and effects[0].identity is None


def test_unavailable_service_explains_why() -> None:
    session = make_session()
    session.choose(Flow.TICKET)
    session.pick_category("social")
    assert session.pick_service("SB02") == []
    assert session.state.screen == Screen.NOTICE
    notice = session.state.notice
    assert notice is not None and notice.key == "service_unavailable"
    assert notice.text is not None and "人工导引台" in notice.text.zh


def test_keypad_refuses_a_wrong_check_digit_then_accepts_the_right_one() -> None:
    session = make_session()
    session.choose(Flow.TICKET)
    session.pick_category("hukou")
    session.pick_service("HJ01")
    session.open_keypad()
    for char in WRONG_CHECK_DIGIT + "9":  # the 19th key is ignored
        session.key_pressed(char)
    assert session.state.keypad == WRONG_CHECK_DIGIT
    assert session.key_confirm() == []
    assert session.state.keypad_error and session.state.screen == Screen.KEYPAD
    session.key_delete()
    assert not session.state.keypad_error
    session.key_pressed("1")
    assert session.key_confirm() == [FindHeld(IdentityCard(VALID_ID))]
    assert session.state.identity == IdentityCard(VALID_ID)
    assert session.state.keypad == ""


def test_back_walks_the_history_and_home_forgets_everything_personal() -> None:
    session = make_session()
    session.choose(Flow.TICKET)
    session.pick_category("hukou")
    session.pick_service("HJ01")
    session.open_keypad()
    session.key_pressed("3")
    session.back()
    assert session.state.screen == Screen.IDENTIFY and session.state.keypad == ""
    session.card_read(IdentityCard(VALID_ID, "张三丰"))
    session.set_language("en")
    session.go_home()
    state = session.state
    assert state.screen == Screen.HOME and state.identity is None and state.service is None
    assert not state.holds_personal_data()
    assert state.language == "en" and state.hall is not None and state.services


def suggesting(session: Session, faster: bool = True) -> None:
    """The server now names a much faster hall for HJ01 (its `elsewhere`), or no longer."""
    elsewhere = samples.elsewhere_json() if faster else None
    busy = Service.from_json(samples.service_json(eta_minutes=47, elsewhere=elsewhere))
    session.on_services([busy, *session.state.services[1:]])


def test_the_servers_faster_hall_is_suggested_and_the_citizen_may_still_stay() -> None:
    session = make_session()
    suggesting(session)
    session.choose(Flow.TICKET)
    session.pick_category("hukou")
    assert session.pick_service("HJ01") == [], "the server decided: nothing more to ask"
    assert session.state.screen == Screen.SUGGEST
    shown = session.state.suggested
    assert shown is not None and shown.name.zh == "仙林街道便民服务中心" and shown.eta_minutes == 5
    assert shown.address.zh == "南京市栖霞区仙林大道 163 号"
    session.stay_here()  # a suggestion, never a block: the ticket here goes on
    assert session.state.screen == Screen.IDENTIFY
    session.back()
    assert session.state.screen == Screen.SUGGEST
    session.go_elsewhere()
    notice = session.state.notice
    assert notice is not None and notice.key == "go_elsewhere"
    assert notice.params == {"hall": shown.name, "address": shown.address, "eta": 5}


def test_no_suggestion_without_one_from_the_server_or_while_offline() -> None:
    session = make_session(target_wait_minutes=10)  # past the target here, yet no elsewhere
    session.choose(Flow.TICKET)
    session.pick_category("hukou")
    session.pick_service("HJ01")
    assert session.state.screen == Screen.IDENTIFY and session.state.suggested is None
    session.go_home()
    suggesting(session)
    session.set_online(False)  # the services kept from before say nothing current
    session.choose(Flow.TICKET)
    session.pick_category("hukou")
    session.pick_service("HJ01")
    assert session.state.screen == Screen.IDENTIFY and session.state.faster_elsewhere() is None


def test_the_ticket_screen_names_the_faster_hall_of_the_tickets_service_while_online() -> None:
    session = make_session()
    suggesting(session)
    session.on_ticket(samples.ticket(service="HJ01"))
    faster = session.state.faster_elsewhere()
    assert faster is not None and faster.hall == "xianlin"
    suggesting(session, faster=False)  # the next poll: the server withdrew it
    assert session.state.faster_elsewhere() is None
    suggesting(session)
    session.set_online(False)
    assert session.state.faster_elsewhere() is None
    session.set_online(True)
    session.on_ticket(samples.ticket(service="HJ02"))  # another service: nothing faster
    assert session.state.faster_elsewhere() is None


def test_scans_on_home_go_to_the_matching_flow() -> None:
    session = make_session()
    assert session.code_scanned("http://127.0.0.1:8600/t/abcDEF123456") == [
        LookupTicket("abcDEF123456")
    ]
    session.go_home()
    assert session.code_scanned("BOOK-2026-0042") == [CheckIn("BOOK-2026-0042", None)]
    session.go_home()
    card = IdentityCard(VALID_ID)
    assert session.code_scanned(f"ID:{VALID_ID}") == [LoadServices(), FindHeld(card)]
    assert session.state.identity == IdentityCard(VALID_ID)
    session.go_home()
    assert session.card_read(IdentityCard(VALID_ID)) == [LoadServices(), FindHeld(card)]
    assert session.state.flow == Flow.TICKET


def test_classify_code_never_takes_a_wrong_id_number_for_an_identity() -> None:
    assert classify_code(WRONG_CHECK_DIGIT).kind is CodeKind.BOOKING
    assert classify_code(VALID_ID.lower()).kind is CodeKind.IDENTITY
    assert repr(classify_code(VALID_ID)) == "ScannedCode(identity, <hidden>)"


def test_appointments_unavailable_offers_a_normal_ticket_keeping_the_card() -> None:
    session = make_session()
    session.choose(Flow.CHECKIN)
    assert session.card_read(IdentityCard(VALID_ID)) == [CheckIn(None, IdentityCard(VALID_ID))]
    session.on_refused("appointments_unavailable", Text("预约暂不可用", "Not available"), {})
    notice = session.state.notice
    assert notice is not None and notice.actions == ("normal_ticket", "home")
    assert session.take_normal_ticket() == [LoadServices()]
    assert session.state.screen == Screen.CATEGORIES
    assert session.state.identity == IdentityCard(VALID_ID)


def test_too_early_says_from_when_and_offers_a_walk_in_ticket() -> None:
    session = make_session()
    session.choose(Flow.CHECKIN)
    session.code_scanned("BOOK-1")
    opens = "2026-11-30T08:30:00+08:00"
    session.today = lambda: date(2026, 11, 30)
    session.on_refused("too_early", Text("太早", "Too early"), {"opens_at": opens})
    notice = session.state.notice
    assert notice is not None and notice.key == "too_early"
    assert notice.params == {"opens_at": Text("08:30", "08:30")}
    assert notice.actions == ("normal_ticket", "home")
    session.today = lambda: date(2026, 11, 27)  # a booking of another day says its date
    session.on_refused("too_early", Text("太早", "Too early"), {"opens_at": opens})
    notice = session.state.notice
    assert notice is not None
    assert notice.params == {"opens_at": Text("11月30日 08:30", "30 Nov 08:30")}


def test_printer_failure_shows_the_ticket_and_reports_a_fault() -> None:
    session = make_session()
    session.on_ticket(samples.ticket())
    effects = session.on_printed(False, "paper_out", "paper out")
    assert effects == [ReportFault("printer", "paper_out", "paper out")]
    assert session.state.screen == Screen.TICKET and session.state.printed is False


def test_idle_policy_phases() -> None:
    policy = IdlePolicy(idle_seconds=60, ask_seconds=10)
    assert policy.phase(59.9)[0] is IdlePhase.ACTIVE
    assert policy.phase(60.0) == (IdlePhase.ASKING, 10)
    assert policy.phase(65.5) == (IdlePhase.ASKING, 5)
    assert policy.phase(70.0)[0] is IdlePhase.EXPIRED


def test_identity_never_shows_its_number_in_repr() -> None:
    assert VALID_ID not in repr(IdentityCard(VALID_ID, "张三丰"))
