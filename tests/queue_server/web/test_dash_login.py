"""The dashboard's log-in: a form → an expiring HttpOnly, SameSite=Strict session cookie that
the API accepts like a login token; every change made with it needs the session's CSRF token;
log-out ends it; a hall's manager sees only their hall."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tests.fixtures.live_server import LiveServer
from tests.queue_server.web._dash import add_user, form_token, page_csrf, sign_in

PAUSE = "/api/halls/qixia/windows/1/pause"


def test_a_page_without_a_session_sends_the_browser_to_the_log_in_form(
    live_server: LiveServer,
) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        answer = client.get("/manage/halls/qixia")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/manage/login?next=/manage/halls/qixia"


def test_log_in_sets_an_expiring_http_only_strict_cookie(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        answer = sign_in(client, "manager")
        cookie = answer.headers["set-cookie"]
        assert answer.status_code == 303 and answer.headers["location"] == "/manage"
        assert cookie.startswith("hq_session=") and "HttpOnly" in cookie
        assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
        max_age = int(cookie.split("Max-Age=")[1].split(";")[0])
        assert 11 * 3600 < max_age <= 12 * 3600
        home = client.get("/manage")
    assert home.status_code == 200 and "总览" in home.text and "Overview" in home.text
    assert home.headers["cache-control"] == "no-store"


def test_a_wrong_password_or_a_clerk_is_refused_on_the_form(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        wrong = sign_in(client, "manager", "not-the-password")
        clerk = sign_in(client, "clerk")
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    assert clerk.status_code == 403 and "hq_session" not in clerk.headers.get("set-cookie", "")


def test_the_log_in_form_needs_its_own_csrf_token(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        form_token(client)
        body = {"username": "manager", "password": "demo1234", "csrf_token": "forged"}
        answer = client.post("/manage/login", data=body)
    assert answer.status_code == 403 and "hq_session" not in answer.headers.get("set-cookie", "")


def test_the_api_takes_the_cookie_and_a_change_needs_the_csrf_token(
    live_server: LiveServer,
) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        sign_in(client, "manager")
        faults = client.get("/api/halls/qixia/devices/faults")
        forged = client.post(PAUSE, json={"reason": "break"})
        wrong = client.post(PAUSE, json={"reason": "break"}, headers={"X-CSRF-Token": "x"})
        paused = client.post(
            PAUSE, json={"reason": "break"}, headers={"X-CSRF-Token": page_csrf(client)}
        )
    assert faults.status_code == 200, faults.text
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "csrf_failed"
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "csrf_failed"
    assert paused.status_code == 200 and paused.json()["state"] == "paused", paused.text


def test_log_out_ends_the_session_at_once(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        sign_in(client, "manager")
        session = client.cookies["hq_session"]
        refused = client.post("/manage/logout", data={"csrf_token": "forged"})
        still = client.get("/api/halls/qixia/devices/faults")
        out = client.post("/manage/logout", data={"csrf_token": page_csrf(client)})
    assert refused.status_code == 403 and still.status_code == 200
    assert out.status_code == 303 and out.headers["location"] == "/manage/login?out=1"
    with httpx.Client(base_url=live_server.url, cookies={"hq_session": session}) as replay:
        after = replay.get("/api/halls/qixia/devices/faults")
        page = replay.get("/manage")
    assert after.status_code == 401 and after.json()["error"]["code"] == "session_expired"
    assert page.status_code == 303


def test_the_session_expires(make_live_server) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    server = make_live_server(clock_start=start)
    with httpx.Client(base_url=server.url) as client:
        sign_in(client, "manager")
        assert client.get("/manage").status_code == 200
        server.stop()
        server.clock_start = start + timedelta(hours=12, minutes=1)
        server.start()
        answer = client.get("/api/halls/qixia/devices/faults")
        page = client.get("/manage")
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "session_expired"
    assert page.status_code == 303 and page.headers["location"].startswith("/manage/login")


def test_a_halls_manager_sees_only_their_hall(live_server: LiveServer) -> None:
    other = "yaohua"
    add_user(live_server, "mgr-qixia", "manager", "qixia")
    with httpx.Client(base_url=live_server.url) as client:
        sign_in(client, "mgr-qixia")
        own = client.get("/manage/halls/qixia")
        foreign = client.get(f"/manage/halls/{other}")
        api = client.get(f"/api/halls/{other}/devices/faults")
        home = client.get("/manage")
    assert own.status_code == 200
    assert foreign.status_code == 403 and api.status_code == 403
    assert f'href="/manage/halls/{other}"' not in home.text
    assert 'href="/manage/halls/qixia"' in home.text
