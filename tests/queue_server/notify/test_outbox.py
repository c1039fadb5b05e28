"""The notification outbox on a real store and an injected clock: the rules fire once each,
reminders come the day before and an hour before, failed sends back off, an acknowledged one
is never sent again, phone numbers are encrypted at rest, masked where shown, erased when the
day closes, and never logged in clear."""

from __future__ import annotations

import itertools
import logging
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from queue_server.clock import MovableClock, shanghai
from queue_server.config_loader import load_district
from queue_server.notify.outbox import Notifier
from queue_server.notify.rules import NotifyConfig, NotifyRules
from queue_server.notify.senders import LogSender, Outgoing, SendError, SmsSender
from queue_server.store import Settings, Store
from queue_server.store.booking import BookingRequest
from queue_server.store.tickets import IdCard, IssueRequest
from tests.queue_server._district import id_number
from tests.queue_server._files import disk_bytes
from tests.queue_server.notify._gateway import fake_gateway

PHONE = "13812345678"
MONDAY = shanghai(2026, 12, 7, 10)  # Tuesday 8 December is the next working day
SLOT = shanghai(2026, 12, 8, 9)
DISTRICT = load_district()
CONFIG = NotifyConfig(public_url="https://zw.example.cn")


class Receiver:
    """A receiver that takes every message, or refuses them all while `down`."""

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []
        self.tries = 0
        self.down = False

    def send(self, message: Outgoing) -> None:
        self.tries += 1
        if self.down:
            raise SendError("gateway answered HTTP 503")
        self.sent.append(message)

    def kinds(self) -> Counter[str]:
        return Counter(message.kind for message in self.sent)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(MONDAY)


@pytest.fixture
def store(tmp_path: Path, clock: MovableClock) -> Iterator[Store]:
    made = Store(tmp_path / "queue.db", DISTRICT, clock=clock, settings=Settings(check_hours=False))
    yield made
    made.close()


@pytest.fixture
def receiver() -> Receiver:
    return Receiver()


@pytest.fixture
def notifier(store: Store, receiver: Receiver) -> Notifier:
    return Notifier(store, CONFIG, receiver)


SERIALS = itertools.count(100)


def issue(store: Store, phone: str | None = None) -> dict:  # type: ignore[type-arg]
    card = IdCard(id_number(next(SERIALS)), "李四")  # the service needs an ID card
    return store.issue(IssueRequest("qixia", "HJ01", id_card=card, phone=phone), "kiosk")[0]


def serve_next(store: Store, window: int) -> dict:  # type: ignore[type-arg]
    called = store.call_next("qixia", window, "clerk")
    assert called is not None
    store.start("qixia", window, "clerk")
    return store.finish("qixia", window, "clerk", "handled")


def hj_window() -> int:
    return DISTRICT.halls["qixia"].windows_serving("HJ01")[0].number


def book(store: Store, phone: str | None = PHONE) -> dict:  # type: ignore[type-arg]
    request = BookingRequest("ext-1", "qixia", "HJ01", SLOT, phone=phone)
    return store.book(request, IdCard(id_number(1), "王小明"))[0]


def test_people_ahead_fires_once_then_called_then_the_invitation(
    store: Store, notifier: Notifier, receiver: Receiver
) -> None:
    for _ in range(5):
        issue(store)
    mine = issue(store, PHONE)
    assert mine["ahead"] == 5
    window = hj_window()
    notifier.run_once()
    assert receiver.sent == []
    for _ in range(2):  # 4 ahead, then 3
        serve_next(store, window)
        notifier.run_once()
    (ahead,) = receiver.sent
    assert ahead.kind == "ahead" and "前面还有 3 人" in ahead.text and ahead.phone == PHONE
    for _ in range(3):  # 2, 1, 0 ahead: no second "ahead"
        serve_next(store, window)
        notifier.run_once()
    assert receiver.kinds() == {"ahead": 1}
    called = store.call_next("qixia", window, "clerk")
    assert called is not None and called["id"] == mine["id"]
    notifier.run_once()
    assert receiver.sent[-1].kind == "called" and called["window_label"] in receiver.sent[-1].text
    store.recall("qixia", window, "clerk")
    store.start("qixia", window, "clerk")
    store.finish("qixia", window, "clerk", "handled")
    notifier.run_once()
    notifier.run_once()
    assert receiver.kinds() == {"ahead": 1, "called": 1, "evaluation": 1}
    link = f"https://zw.example.cn/t/{mine['token']}/evaluate"
    assert receiver.sent[-1].text.endswith(link)


def test_a_hall_can_switch_rules_off(store: Store, receiver: Receiver) -> None:
    quiet = NotifyRules(ahead=0, called=False, evaluation=True)
    notifier = Notifier(store, NotifyConfig(public_url="https://x.cn", halls={"qixia": quiet}),
                        receiver)  # fmt: skip
    issue(store, PHONE)
    store.call_next("qixia", hj_window(), "clerk")
    notifier.run_once()
    assert receiver.sent == []


def test_tickets_without_a_phone_get_nothing(
    store: Store, notifier: Notifier, receiver: Receiver
) -> None:
    issue(store)
    serve_next(store, hj_window())
    notifier.run_once()
    assert receiver.sent == []


def test_reminders_the_day_before_and_an_hour_before(
    store: Store, notifier: Notifier, receiver: Receiver, clock: MovableClock
) -> None:
    book(store)
    notifier.run_once()
    assert receiver.sent == []  # Monday morning: too early for "tomorrow"
    clock.set(shanghai(2026, 12, 7, 18))
    notifier.run_once()
    notifier.run_once()
    (day_before,) = receiver.sent
    assert day_before.kind == "reminder_day" and "明天 09:00" in day_before.text
    clock.set(SLOT - timedelta(minutes=59))
    notifier.run_once()
    clock.advance(minutes=30)
    notifier.run_once()
    assert receiver.kinds() == {"reminder_day": 1, "reminder_hour": 1}
    assert receiver.sent[-1].phone == PHONE


def test_a_monday_slot_booked_on_friday_is_reminded_on_sunday_evening(
    store: Store, notifier: Notifier, receiver: Receiver, clock: MovableClock
) -> None:
    friday, monday_slot = shanghai(2026, 12, 4, 10), shanghai(2026, 12, 7, 9)
    clock.set(friday)
    request = BookingRequest("ext-weekend", "qixia", "HJ01", monday_slot, phone=PHONE)
    store.book(request, IdCard(id_number(2), "王小明"))  # the calendar's next working day
    for moment in (shanghai(2026, 12, 4, 18), shanghai(2026, 12, 5, 18), shanghai(2026, 12, 6, 17)):
        clock.set(moment)
        notifier.run_once()
    assert receiver.sent == []
    clock.set(shanghai(2026, 12, 6, 18))
    notifier.run_once()
    assert receiver.kinds() == {"reminder_day": 1} and "明天 09:00" in receiver.sent[0].text


def test_a_checked_in_booking_carries_its_phone_to_the_ticket(
    store: Store, notifier: Notifier, receiver: Receiver, clock: MovableClock
) -> None:
    booked = book(store)
    clock.set(SLOT - timedelta(minutes=10))
    ticket = store.check_in("qixia", code=booked["check_in_code"], actor="kiosk")
    assert store.tickets("qixia")[0]["phone_masked"] == "138****5678"
    store.call_next("qixia", hj_window(), "clerk")
    notifier.run_once()
    assert receiver.sent[-1].kind == "called" and ticket["number"] in receiver.sent[-1].text


def test_failed_sends_back_off_and_an_acknowledged_one_is_never_sent_again(
    store: Store, notifier: Notifier, receiver: Receiver, clock: MovableClock
) -> None:
    receiver.down = True
    issue(store, PHONE)  # nobody ahead: its "ahead" message is due at once
    assert notifier.run_once().failed == 1
    notifier.run_once()
    assert receiver.tries == 1  # not again before the back-off
    clock.advance(seconds=10)
    notifier.run_once()
    assert receiver.tries == 2
    clock.advance(seconds=19)
    notifier.run_once()
    assert receiver.tries == 2  # the second wait is 20 s
    receiver.down = False
    clock.advance(seconds=1)
    assert notifier.run_once().sent == 1
    clock.advance(hours=2)
    notifier.run_once()
    assert receiver.tries == 3 and receiver.kinds() == {"ahead": 1}


def test_phone_numbers_are_encrypted_at_rest(
    store: Store, notifier: Notifier, tmp_path: Path
) -> None:
    issue(store, PHONE)
    book(store, "13998765432")
    notifier.derive()  # the outbox holds them too
    store.checkpoint()
    stored = disk_bytes(tmp_path / "queue.db")
    for digits in (PHONE, "13998765432", "12345678", "98765432"):
        assert digits.encode() not in stored
    assert b"138****5678" in stored  # the masked form is what is kept in clear
    key = store.keys.phone_key
    assert key not in stored and key.hex().encode() not in stored
    assert key.hex() in (tmp_path / "queue.keys").read_text(encoding="utf-8")


def test_a_landline_on_a_booking_is_kept_masked_only(
    store: Store, notifier: Notifier, receiver: Receiver, clock: MovableClock
) -> None:
    booked = book(store, "025-84201234")
    assert booked["phone_masked"] == "025*****1234"
    clock.set(SLOT - timedelta(minutes=30))
    notifier.run_once()
    assert receiver.sent == []


def test_a_transferred_ticket_keeps_its_phone(
    store: Store, notifier: Notifier, receiver: Receiver
) -> None:
    mine = issue(store, PHONE)
    window = hj_window()
    store.call_next("qixia", window, "clerk")
    moved = store.transfer("qixia", window, "clerk", to_service="SB01", reason="社保窗口办理")
    assert moved["id"] != mine["id"]
    shown = {t["id"]: t["phone_masked"] for t in store.tickets("qixia")}
    assert shown[moved["id"]] == "138****5678"
    sb = DISTRICT.halls["qixia"].windows_serving("SB01")[0].number
    store.call_next("qixia", sb, "clerk")
    notifier.run_once()
    assert [m.id for m in receiver.sent if m.kind == "called"][-1] == f"called:{moved['id']}"


def test_only_clerks_see_the_masked_phone(store: Store) -> None:
    mine = issue(store, PHONE)
    assert store.tickets("qixia")[0]["phone_masked"] == "138****5678"
    assert store.ticket(mine["token"])["phone_masked"] is None  # the public token view


def test_a_bad_phone_number_is_refused(store: Store) -> None:
    from queue_server.engine.errors import Invalid

    with pytest.raises(Invalid) as refused:
        issue(store, "12345")
    assert refused.value.code == "invalid_phone"


def test_closing_the_day_erases_phones_and_unsent_messages(
    store: Store, notifier: Notifier, receiver: Receiver, tmp_path: Path
) -> None:
    receiver.down = True
    issue(store, PHONE)
    notifier.run_once()  # its message waits in the outbox
    store.close_day()
    with sqlite3.connect(tmp_path / "queue.db") as conn:
        kept = conn.execute("SELECT phone_sealed, phone_masked FROM tickets").fetchall()
        queued = conn.execute("SELECT phone_sealed, phone_masked, dropped FROM notifications")
        assert kept == [(None, None)] and queued.fetchall() == [(None, None, "day_closed")]
        logged = conn.execute("SELECT data FROM events").fetchall()
    assert logged and not any("5678" in data for (data,) in logged)  # the event log has none
    receiver.down = False
    notifier.run_once()
    assert receiver.sent == []


def test_the_booking_phone_is_erased_when_its_day_closes(
    store: Store, clock: MovableClock, tmp_path: Path
) -> None:
    book(store)
    store.close_day()  # Monday's close keeps Tuesday's booking
    clock.set(shanghai(2026, 12, 9, 0, 1))
    store.now()  # Tuesday rolled over
    with sqlite3.connect(tmp_path / "queue.db") as conn:
        phones = conn.execute("SELECT phone_sealed FROM appointments").fetchall()
    assert phones == [(None,)]


def test_no_phone_number_or_token_in_the_logs(
    store: Store, clock: MovableClock, caplog: pytest.LogCaptureFixture
) -> None:
    mine = issue(store, PHONE)
    with caplog.at_level(logging.DEBUG):
        Notifier(store, CONFIG, LogSender()).run_once()
        with fake_gateway() as gateway:
            gateway.status = 503
            failing = Notifier(store, CONFIG, SmsSender(gateway.url, "acc", "pw-secret"))
            serve_next(store, hj_window())
            failing.run_once()
    assert "138****5678" in caplog.text and "failed" in caplog.text
    for secret in (PHONE, mine["token"], "pw-secret"):
        assert secret not in caplog.text
