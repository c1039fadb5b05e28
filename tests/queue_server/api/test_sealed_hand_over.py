"""Offline tickets keep their holder (issue 10, item 3): the kiosk seals the ID card to the
server's public key, and the hand-over stores the masked holder and applies one ticket per ID."""

from __future__ import annotations

import base64

import httpx
from nacl.public import PrivateKey

from queue_server.engine import sealing
from queue_server.engine.privacy import mask_id_number, mask_name
from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number
from tests.queue_server.api.test_hand_over import TICKETS, hand_over, now_text, post, refused

NAME = "张三丰"


def seal_key(server: LiveServer) -> bytes:
    answer = httpx.get(server.url + "/api/seal-key", timeout=10)  # public: no token
    assert answer.status_code == 200, answer.text
    assert answer.json()["algorithm"] == sealing.ALGORITHM
    return sealing.decode_key(answer.json()["public_key"])


def sealed_paper(number: str, key: str, blob: str, service: str = "HJ01") -> dict[str, str]:
    return {
        "number": number,
        "service": service,
        "issued_at": now_text(),
        "idempotency_key": key,
        "sealed_id_card": blob,
    }


def test_a_sealed_card_is_opened_masked_and_counts_for_one_ticket_per_id(
    live_server: LiveServer,
) -> None:
    number = id_number(301)
    blob = sealing.seal(seal_key(live_server), number, NAME)
    paper = sealed_paper("AK101", "K1-1", blob)
    answer = hand_over(live_server, paper)
    assert answer.status_code == 200, answer.text
    (ticket,) = answer.json()["tickets"]
    assert (ticket["holder"], ticket["id_masked"]) == (mask_name(NAME), mask_id_number(number))
    assert ticket["source"] == "offline"
    online = {"service": "HJ01", "id_card": {"number": number, "name": NAME}}
    error = refused(post(live_server, TICKETS, online), 409, "duplicate_ticket")
    assert error["existing_number"] == "AK101"
    again = hand_over(live_server, paper)  # the same batch retried (a new second: a new body)
    assert again.status_code == 200, again.text
    assert [t["id"] for t in again.json()["tickets"]] == [ticket["id"]]


def test_a_second_paper_of_the_same_card_and_service_is_refused_by_index(
    live_server: LiveServer,
) -> None:
    key = seal_key(live_server)
    card = (id_number(302), NAME)
    first, second = sealing.seal(key, *card), sealing.seal(key, *card)
    assert first != second  # every seal is new: equal cards cannot be matched in the journal
    answer = hand_over(
        live_server, sealed_paper("AK101", "K1-1", first), sealed_paper("AK102", "K1-2", second)
    )
    error = refused(answer, 409, "duplicate_ticket")
    assert (error["index"], error["number"], error["existing_number"]) == (1, "AK102", "AK101")
    assert hand_over(live_server, sealed_paper("AK101", "K1-1", first)).status_code == 200


def test_a_blob_that_does_not_open_names_its_ticket(live_server: LiveServer) -> None:
    elsewhere = sealing.seal(bytes(PrivateKey.generate().public_key), id_number(303), NAME)
    good = sealing.seal(seal_key(live_server), id_number(304), NAME)
    raw = base64.b64decode(good)  # its first byte changed (b"x" was it, 1 time in 256)
    altered = base64.b64encode(bytes([raw[0] ^ 0xFF]) + raw[1:]).decode()
    for blob in (elsewhere, altered, "not base64!"):
        answer = hand_over(
            live_server, sealed_paper("AK101", "K1-1", good), sealed_paper("AK102", "K1-2", blob)
        )
        error = refused(answer, 422, "invalid_sealed_id_card")
        assert (error["index"], error["number"]) == (1, "AK102")
        assert id_number(304) not in answer.text and NAME not in answer.text
    waiting = httpx.get(live_server.url + TICKETS, headers=live_server.headers("clerk")).json()
    assert waiting == []  # all or none


def test_the_seal_key_survives_a_restart(live_server: LiveServer) -> None:
    before = seal_key(live_server)
    live_server.stop()
    live_server.start()
    assert seal_key(live_server) == before


def test_a_paper_of_a_card_that_took_a_ticket_online_is_refused_by_index(
    live_server: LiveServer,
) -> None:
    """Before the outage the card took a ticket online; the kiosk could not know."""
    number = id_number(305)
    online = {"service": "HJ01", "id_card": {"number": number, "name": NAME}}
    first = post(live_server, TICKETS, online).json()
    blob = sealing.seal(seal_key(live_server), number, "")
    error = refused(hand_over(live_server, sealed_paper("AK101", "K1-1", blob)), 409,
                    "duplicate_ticket")  # fmt: skip
    assert (error["index"], error["existing_number"]) == (0, first["number"])
    both = {**sealed_paper("AK101", "K1-2", blob), "id_card": {"number": number}}
    assert refused(hand_over(live_server, both), 422, "invalid_sealed_id_card")["index"] == 0


def test_a_sealed_expired_card_flags_the_ticket_for_the_clerk(live_server: LiveServer) -> None:
    key = seal_key(live_server)
    expired = sealing.seal(key, id_number(305), NAME, "2020-01-31")
    current = sealing.seal(key, id_number(306), NAME, "2099-01-31")
    answer = hand_over(
        live_server, sealed_paper("AK101", "K1-1", expired), sealed_paper("AK102", "K1-2", current)
    )
    assert answer.status_code == 200, answer.text
    listed = httpx.get(
        f"{live_server.url}/api/halls/qixia/tickets",
        headers=live_server.headers("clerk"),
        timeout=10,
    ).json()
    flags = {t["number"]: t["id_expired"] for t in listed}
    assert (flags["AK101"], flags["AK102"]) == (True, False)
