# ruff: noqa: F811  (pytest fixtures imported from tests.queue_server.api._api)
"""The phone ticket page `/t/{token}` over HTTP from the real server: what it shows, in which
language, to whom, and how it is cached."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx
import pytest

from queue_server.clock import MovableClock
from queue_server.store import IdCard, IssueRequest, Store
from queue_server.web import texts
from queue_server.web.phone import SHARED, render_ticket
from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number
from tests.queue_server.api._api import clock, store  # noqa: F401  (fixtures)
from tests.queue_server.web._phone import NAMES, clerk, issue, page


def visible_text(html: str) -> str:
    """The page's words as a person reads them (tags and scripts left out)."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_waiting_ticket_shows_number_service_hall_ahead_and_wait(
    live_server: LiveServer,
) -> None:
    first = issue(live_server, 1)
    for serial in range(2, 9):  # HJ01 has six free windows: seven ahead means a real wait
        issue(live_server, serial)
    mine = issue(live_server, 9)
    answer = page(live_server, mine["token"])
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    text = visible_text(answer.text)
    now = httpx.get(f"{live_server.url}/api/tickets/{mine['token']}", timeout=10).json()
    assert now["ahead"] == 8 and now["number"] != first["number"] and now["eta_minutes"] > 0
    assert now["number"] in text and now["service_name"]["zh"] in text
    assert "栖霞区政务服务中心" in text  # the hall (config/district.toml)
    assert "等候中" in text
    assert f"前面还有 {now['ahead']} 人" in text
    span = now["eta_range"]  # an uncertain estimate is shown as its range (issue 13)
    assert (f"约 {span[0]}～{span[1]} 分钟" if span else f"约 {now['eta_minutes']} 分钟") in text
    assert now["holder"] in text  # the masked name
    assert '<html lang="zh-CN">' in answer.text


def test_the_page_is_never_cached_and_falls_back_to_a_refresh(live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    answer = page(live_server, mine["token"])
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert re.search(r'<noscript><meta http-equiv="refresh" content="\d+"></noscript>', answer.text)
    assert f'data-stream="/api/tickets/{mine["token"]}/events"' in answer.text


def test_no_personal_data_beyond_the_masked_name(live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    assert mine["holder"] and mine["id_masked"]
    html = page(live_server, mine["token"]).text
    assert mine["holder"] in html
    for secret in (NAMES[1], id_number(1), mine["id_masked"], id_number(1)[-4:]):
        assert secret not in html


def test_called_ticket_shows_its_window_in_a_called_state(live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    called = clerk(live_server, 1, "call-next").json()["ticket"]
    html = page(live_server, mine["token"]).text
    assert 'class="card state-called"' in html
    assert f"请到 {called['window_label']} 办理" in visible_text(html)
    assert 'id="sound"' in html and "点此开启提醒音" in html


def test_english_on_a_tap(live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    chinese = page(live_server, mine["token"]).text
    assert f'href="/t/{mine["token"]}?lang=en"' in chinese
    answer = page(live_server, mine["token"], "?lang=en")
    text = visible_text(answer.text)
    assert '<html lang="en">' in answer.text
    assert mine["service_name"]["en"] in text and "Waiting" in text
    assert "Qixia District Government Service Centre" in text
    assert f'href="/t/{mine["token"]}"' in answer.text  # back to 中文


def test_finished_ticket_links_to_its_evaluation(live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    for action in ("call-next", "start", "finish"):
        clerk(live_server, 1, action)
    html = page(live_server, mine["token"]).text
    assert f'href="/t/{mine["token"]}/evaluate"' in html
    assert "已办结" in visible_text(html)
    assert "<noscript>" not in html and 'id="sound"' not in html  # nothing more will change
    english = page(live_server, mine["token"], "?lang=en").text
    assert f'href="/t/{mine["token"]}/evaluate?lang=en"' in english


def test_no_show_says_what_to_do(live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    clerk(live_server, 1, "call-next")
    clerk(live_server, 1, "no-show", reason="未到")
    text = visible_text(page(live_server, mine["token"]).text)
    assert "已过号" in text and "人工导引台" in text


@pytest.mark.parametrize(("query", "words"), [("", "人工导引台"), ("?lang=en", "guidance desk")])
def test_unknown_token_gets_a_friendly_404_page(
    live_server: LiveServer, query: str, words: str
) -> None:
    answer = page(live_server, "no-such-token", query)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["cache-control"] == "no-store"
    assert words in visible_text(answer.text)
    assert "二维码" in answer.text or "QR code" in answer.text


def test_tokens_are_not_logged(live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    page(live_server, mine["token"])
    page(live_server, "no-such-token-either")
    live_server.stop()
    log = live_server.log_path.read_text(errors="replace")
    assert mine["token"] not in log and "no-such-token-either" not in log


def test_static_files_are_served_by_the_server(live_server: LiveServer) -> None:
    for name, kind in (("phone.css", "text/css"), ("phone.js", "javascript"),
                       ("chime.wav", "audio/"), ("fonts/sans.otf", "font/")):  # fmt: skip
        answer = httpx.get(f"{live_server.url}/static/{name}", timeout=10)
        assert answer.status_code == 200, name
        assert kind in answer.headers["content-type"], (name, answer.headers["content-type"])
    html = page(live_server, issue(live_server, 1)["token"]).text
    assert "http://" not in html and "https://" not in html  # no CDN, nothing from outside
    for escape in ("../pyproject.toml", "%2e%2e/%2e%2e/pyproject.toml", "nothing.css"):
        assert httpx.get(f"{live_server.url}/static/{escape}", timeout=10).status_code == 404


def _issued(store: Store) -> dict[str, Any]:
    card = IdCard(id_number(7), "欧阳娜娜")
    ticket, _ = store.issue(IssueRequest(hall="qixia", service="HJ01", id_card=card), "test")
    return store.ticket(ticket["token"])


def test_appointment_ticket_shows_its_slot(store: Store, clock: MovableClock) -> None:
    """Appointments are another branch's: the Ticket JSON then carries `appointment`."""
    ticket = _issued(store)
    start = clock() + timedelta(minutes=30)
    ticket["appointment"] = {
        "slot_start": start.isoformat(),
        "slot_end": (start + timedelta(minutes=30)).isoformat(),
    }
    hall = store.hall("qixia")
    text = visible_text(render_ticket(ticket, hall, "zh", clock()))
    assert "预约时段" in text and "10:30–11:00" in text  # the clock stands at 10:00 Shanghai
    assert "Appointment 10:30–11:00" in visible_text(render_ticket(ticket, hall, "en", clock()))
    del ticket["appointment"]
    assert "预约时段" not in render_ticket(ticket, hall, "zh", clock())


def test_a_transferred_ticket_shows_where_it_waits_now(live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    for action in ("call-next", "start"):
        clerk(live_server, 1, action)
    clerk(live_server, 1, "transfer", to_service="HJ02", reason="李四光的材料另办")
    now = httpx.get(f"{live_server.url}/api/tickets/{mine['token']}", timeout=10).json()
    text = visible_text(page(live_server, mine["token"]).text)
    assert now["service"] == "HJ02" and now["service_name"]["zh"] in text
    assert "等候中" in text and "由 1号窗口 转来" in text
    assert "李四光" not in text  # the clerk's reason is not shown: it may name the person


def test_the_bundled_font_has_every_character_the_page_says() -> None:
    """A phone without a Chinese font of its own renders the page with the served subset."""
    font = SHARED["fonts/sans.otf"]
    covered = set((font.parent / "subset-chars.txt").read_text(encoding="utf-8"))
    said = "".join([*texts.TEXTS["zh"].values(), texts.LOST, texts.SOUND, texts.SOUND_ON])
    assert font.is_file()
    assert {c for c in said if ord(c) > 127} - covered == set()


def test_an_uncertain_wait_is_a_range_and_none_the_usual_words(
    store: Store, clock: MovableClock
) -> None:
    """`eta_range` [low, high] replaces the single estimate; null keeps 约 N 分钟; 0: 即将轮到您."""
    ticket, hall = _issued(store), store.hall("qixia")

    def wait_shown(lang: str, **changes: Any) -> str:
        html = render_ticket({**ticket, **changes}, hall, lang, clock())
        found = re.search(r'<div class="eta"><dt>[^<]*</dt><dd>([^<]*)</dd>', html)
        assert found is not None, html
        return found.group(1)

    assert wait_shown("zh", eta_minutes=14, eta_range=[10, 20]) == "约 10～20 分钟"
    assert wait_shown("en", eta_minutes=14, eta_range=[10, 20]) == "about 10-20 min"
    assert wait_shown("zh", eta_minutes=14, eta_range=None) == "约 14 分钟"
    assert wait_shown("zh", eta_minutes=14, eta_range=[12, 12]) == "约 12 分钟"
    assert wait_shown("zh", eta_minutes=0, eta_range=None) == "即将轮到您"
    assert wait_shown("en", eta_minutes=0, eta_range=None) == "your turn is next"
