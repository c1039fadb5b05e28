"""ID numbers and names from the kiosk against the real server (issue 9: findings 9 and 11):
one number however its digits are written, and every name masked, invisibles first removed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number

TICKETS = "/api/halls/qixia/tickets"


def issue(server: LiveServer, number: str, name: str = "张三丰") -> httpx.Response:
    body = {"service": "HJ01", "id_card": {"number": number, "name": name}}
    return httpx.post(server.url + TICKETS, json=body, headers=server.headers("kiosk"), timeout=10)


def full_width(number: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in number)  # ３２０１… (NFKC maps them back)


def arabic_indic(number: str) -> str:
    """The first 17 digits in Arabic-Indic (NFKC keeps them), the check character as it was."""
    return "".join(chr(0x0660 + int(c)) for c in number[:17]) + number[17]


def test_the_full_width_form_of_a_held_id_is_a_duplicate(live_server: LiveServer) -> None:
    first = issue(live_server, id_number(1))
    assert first.status_code == 201, first.text
    again = issue(live_server, full_width(id_number(1)))
    assert again.status_code == 409, again.text
    error = again.json()["error"]
    assert (error["code"], error["existing_number"]) == ("duplicate_ticket", first.json()["number"])
    spaced = " ".join(id_number(1)[i : i + 6] for i in (0, 6, 12))
    assert issue(live_server, spaced).json()["error"]["code"] == "duplicate_ticket"


def test_arabic_indic_digits_are_refused_not_guessed(live_server: LiveServer) -> None:
    answer = issue(live_server, arabic_indic(id_number(2)))
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_id_number"
    assert issue(live_server, id_number(2)).status_code == 201  # the first ticket of this ID


@pytest.mark.parametrize(
    ("name", "holder"),
    [
        ("王", "*"),
        ("\u202e张三丰", "张*丰"),
        ("\u2066张\u200b三\u2069", "张*"),
        ("\u200f\u202e", None),  # nothing visible: no holder name at all
    ],
)
def test_every_name_is_masked_after_its_invisibles_are_removed(
    live_server: LiveServer, name: str, holder: str | None
) -> None:
    answer = issue(live_server, id_number(3), name)
    assert answer.status_code == 201, answer.text
    ticket: dict[str, Any] = answer.json()
    followed = httpx.get(f"{live_server.url}/api/tickets/{ticket['token']}").json()
    listed = httpx.get(live_server.url + TICKETS, headers=live_server.headers("clerk")).json()
    assert ticket["holder"] == followed["holder"] == listed[0]["holder"] == holder
