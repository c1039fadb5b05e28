"""Offline tickets keep their holder, sealed (issue 10, item 3): the journal holds nothing
readable, a card gets one ticket per service while offline, and the server learns the holder at
hand-over and then applies the rule itself."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from nacl.public import PrivateKey

from kiosk.journal import OfflineJournal
from kiosk.offline import SEAL_KEY, OfflineDesk
from queue_server.client.errors import Refused, Unreachable
from queue_server.client.kiosk import KioskClient
from queue_server.client.models import SEAL_ALGORITHM, IdentityCard, SealKey
from queue_server.engine import sealing
from queue_server.engine.privacy import mask_id_number, mask_name
from tests.fixtures.live_server import free_port
from tests.kiosk import samples
from tests.queue_server._district import id_number

SHANGHAI = "Asia/Shanghai"
MORNING = datetime(2026, 11, 28, 9, 30, tzinfo=ZoneInfo(SHANGHAI))
CARD = IdentityCard(id_number(401), "欧阳娜娜")


def desk_with_key(path: Path) -> tuple[OfflineDesk, PrivateKey]:
    private = PrivateKey.generate()
    desk = OfflineDesk(OfflineJournal(path, "qixia", 1, SHANGHAI))
    public = sealing.encode_key(bytes(private.public_key))
    desk.learn_seal_key(lambda: SealKey(SEAL_ALGORITHM, public))
    return desk, private


def test_the_journal_file_holds_only_the_sealed_card(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    desk, private = desk_with_key(path)
    ticket = desk.issue(samples.services()[0], "k1", CARD, "normal", MORNING)
    (entry,) = desk.journal.pending()
    assert entry.number == ticket.number and entry.sealed_id_card
    opened = sealing.unseal(bytes(private), entry.hand_over_item()["sealed_id_card"])
    assert (opened.number, opened.name) == (CARD.number, CARD.name)
    desk.journal.close()
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir())  # the file, its WAL and shm
    readable = (CARD.number, CARD.number.lower(), CARD.name, mask_id_number(CARD.number),
                mask_name(CARD.name))  # fmt: skip
    for text in readable:
        for encoding in ("utf-8", "utf-16-le"):
            assert text.encode(encoding) not in data, text


def test_the_seal_carries_the_cards_expiry_for_the_servers_flag(tmp_path: Path) -> None:
    desk, private = desk_with_key(tmp_path / "j.db")
    expired = IdentityCard(id_number(402), "欧阳娜娜", date(2020, 1, 31))
    desk.issue(samples.services()[0], "k2", expired, "normal", MORNING)
    (entry,) = desk.journal.pending()
    opened = sealing.unseal(bytes(private), entry.hand_over_item()["sealed_id_card"])
    assert opened.valid_to == "2020-01-31"
    desk.journal.close()


def test_a_kiosk_that_never_got_the_key_issues_without_the_holder_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    desk = OfflineDesk(OfflineJournal(tmp_path / "j.db", "qixia", 1, SHANGHAI))
    nobody = KioskClient(f"http://127.0.0.1:{free_port()}", "token", "qixia", timeout=1, retries=0)
    assert desk.learn_seal_key(nobody.seal_key) is False  # no server answers on that port
    ticket = desk.issue(samples.services()[0], "k1", CARD, "normal", MORNING)
    assert desk.journal.pending()[0].sealed_id_card is None
    assert f"offline ticket {ticket.number} issued without the holder" in caplog.text
    assert CARD.number not in caplog.text


def test_a_second_ticket_of_the_card_and_service_is_refused_until_the_hand_over(
    tmp_path: Path,
) -> None:
    desk, _ = desk_with_key(tmp_path / "j.db")
    hj01, hj02 = samples.services()[:2]
    first = desk.issue(hj01, "k1", CARD, "normal", MORNING)
    assert desk.issue(hj01, "k1", CARD, "normal", MORNING) == first  # a retry of the same key
    with pytest.raises(Refused) as refused:
        desk.issue(hj01, "k2", IdentityCard(CARD.number.lower(), ""), "green", MORNING)
    error = refused.value
    assert (error.code, error.extra["existing_number"]) == ("duplicate_ticket", first.number)
    assert error.zh.startswith("请勿重复取号") and first.number in error.zh
    assert first.number in error.en
    assert desk.issue(hj02, "k3", CARD, "normal", MORNING).number != first.number  # other service
    assert desk.issue(hj01, "k4", IdentityCard(id_number(402)), "normal", MORNING)  # other card
    assert desk.issue(hj01, "k5", None, "normal", MORNING)  # no card: no check
    assert len(desk.journal.pending()) == 4

    assert desk.hand_over(lambda items: [samples.ticket() for _ in items]) == 4
    assert desk.issue(hj01, "k6", CARD, "normal", MORNING)  # the server checks from now on


def test_offline_with_a_card_then_back_online_the_server_knows_the_holder(
    tmp_path: Path, live_server: Any
) -> None:
    """End to end: the kiosk core caches the key, the server stops, a ticket is issued with an
    ID card, the server restarts, the hand-over carries the sealed card."""
    client = KioskClient(live_server.url, live_server.token("kiosk"), "qixia", kiosk_id="K1")
    hj01 = next(s for s in client.services() if s.code == "HJ01")
    desk = OfflineDesk(OfflineJournal(tmp_path / "j.db", "qixia", 1, SHANGHAI))
    assert desk.learn_seal_key(client.seal_key) and desk.can_seal
    live_server.stop()
    with pytest.raises(Unreachable):
        client.issue("HJ01", "paper-1", CARD)
    paper = desk.issue(hj01, "paper-1", CARD, "normal", datetime.now(ZoneInfo(SHANGHAI)))
    with pytest.raises(Refused):
        desk.issue(hj01, "paper-2", CARD, "normal", datetime.now(ZoneInfo(SHANGHAI)))
    live_server.start()

    assert desk.hand_over(client.hand_over) == 1
    (entry,) = desk.journal.entries()
    assert entry.handed_over and entry.sealed_id_card is None  # the server has it: not kept
    clerk = {"Authorization": f"Bearer {live_server.token('clerk')}"}
    (listed,) = httpx.get(live_server.url + "/api/halls/qixia/tickets", headers=clerk).json()
    assert (listed["number"], listed["source"]) == (paper.number, "offline")
    assert listed["holder"] == mask_name(CARD.name)
    assert listed["id_masked"] == mask_id_number(CARD.number)
    with pytest.raises(Refused) as refused:
        client.issue("HJ01", "online-1", CARD)
    assert refused.value.code == "duplicate_ticket"
    assert refused.value.extra["existing_number"] == paper.number


def test_a_seal_the_server_cannot_open_is_dropped_and_the_paper_still_handed_over(
    tmp_path: Path, live_server: Any
) -> None:
    """A kiosk whose cached key is not the server's (say, a new key file): the ticket keeps its
    place without a holder rather than being set aside."""
    client = KioskClient(live_server.url, live_server.token("kiosk"), "qixia", kiosk_id="K1")
    hj01 = next(s for s in client.services() if s.code == "HJ01")
    desk, _ = desk_with_key(tmp_path / "j.db")  # a key the server does not hold
    paper = desk.issue(hj01, "paper-1", CARD, "normal", datetime.now(ZoneInfo(SHANGHAI)))
    assert desk.hand_over(client.hand_over) == 1
    (entry,) = desk.journal.entries()
    assert entry.handed_over and entry.refused is None and entry.sealed_id_card is None
    assert entry.server_number == paper.number
    assert desk.journal.recall(SEAL_KEY) != client.seal_key().public_key


def test_after_a_kiosk_restart_the_server_sets_the_second_paper_aside(
    tmp_path: Path, live_server: Any
) -> None:
    """The in-memory check dies with the process; the server's rule still holds at hand-over."""
    client = KioskClient(live_server.url, live_server.token("kiosk"), "qixia", kiosk_id="K1")
    hj01 = next(s for s in client.services() if s.code == "HJ01")
    path, now = tmp_path / "j.db", datetime.now(ZoneInfo(SHANGHAI))
    before = OfflineDesk(OfflineJournal(path, "qixia", 1, SHANGHAI))
    before.learn_seal_key(client.seal_key)
    first = before.issue(hj01, "paper-1", CARD, "normal", now)
    before.journal.close()
    after = OfflineDesk(OfflineJournal(path, "qixia", 1, SHANGHAI))  # the kiosk restarted
    second = after.issue(hj01, "paper-2", CARD, "normal", now)
    assert after.hand_over(client.hand_over) == 1
    entries = {entry.number: entry for entry in after.journal.entries()}
    assert entries[first.number].handed_over
    refused = entries[second.number]
    assert str(refused.refused).startswith("409 duplicate_ticket")
    assert refused.sealed_id_card is None  # set aside: the sealed card is not kept
