"""Kiosks and display boards get no personal data of others and no other ticket's token: not in
the event stream, not in the board or window answers; and they replay today's events only."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from tests.fixtures.live_server import LiveServer
from tests.queue_server.api.test_events import follow, issue

W1 = "/api/halls/qixia/windows/1"
MONDAY = datetime.fromisoformat("2026-12-07T10:00:00+08:00")


def post(server: LiveServer, path: str, **body: Any) -> dict[str, Any]:
    answer = httpx.post(server.url + path, json=body or None, headers=server.headers("clerk"))
    assert answer.status_code in (200, 202), answer.text
    result: dict[str, Any] = answer.json()
    return result


def serve_and_prompt(server: LiveServer) -> str:
    """Issue a ticket with an ID card, call, serve and finish it, then ask for an evaluation;
    the ticket's public token."""
    token: str = issue(server, 31)["token"]
    post(server, W1 + "/call-next")
    post(server, W1 + "/start")
    post(server, W1 + "/finish", outcome="handled")
    post(server, W1 + "/evaluation-prompt")
    return token


def test_device_streams_carry_no_holder_and_no_ticket_token(live_server: LiveServer) -> None:
    url = f"{live_server.url}/api/halls/qixia/events"
    with (
        follow(url, live_server.headers("display")) as board,
        follow(url, live_server.headers("kiosk")) as kiosk,
        follow(url, live_server.headers("clerk")) as clerk,
    ):
        token = serve_and_prompt(live_server)
        streams = {"board": board, "kiosk": kiosk, "clerk": clerk}
        seen = {name: stream.events(5) for name, stream in streams.items()}

    for name in ("board", "kiosk"):
        assert [e["type"] for e in seen[name]][-1] == "evaluation.prompt"
        for event in seen[name]:
            ticket = event["data"]["ticket"]
            assert ticket["number"] and ticket["holder"] is None and ticket["id_masked"] is None
            assert "evaluation_url" not in event["data"]
            assert token not in str(event) and "/t/" not in str(event)
    for event in seen["clerk"]:
        assert event["data"]["ticket"]["holder"] == "赵*"
        assert event["data"]["ticket"]["id_masked"].startswith("3201")
    assert seen["clerk"][-1]["data"]["evaluation_url"] == f"/t/{token}/evaluate"  # the page


def test_a_clerks_reason_reaches_devices_only_for_a_pause(live_server: LiveServer) -> None:
    url = f"{live_server.url}/api/halls/qixia/events"
    number = issue(live_server, 36)["number"]
    with (
        follow(url, live_server.headers("display")) as board,
        follow(url, live_server.headers("clerk")) as clerk,
    ):
        post(live_server, W1 + "/call", number=number, reason="张三丰的家属在场")
        post(live_server, W1 + "/no-show")
        post(live_server, W1 + "/pause", reason="午休")
        shown = {name: s.events(3) for name, s in (("board", board), ("clerk", clerk))}
    reasons = {name: [e["data"]["reason"] for e in events] for name, events in shown.items()}
    assert reasons["clerk"][0] == "张三丰的家属在场"
    assert reasons["board"][0] is None and reasons["board"][2] == "午休"


def test_board_and_window_answers_show_devices_numbers_only(live_server: LiveServer) -> None:
    issue(live_server, 33)
    called = post(live_server, W1 + "/call-next")
    paths = ("/api/halls/qixia/board", "/api/halls/qixia/windows", W1)

    def current(role: str, path: str) -> dict[str, Any]:
        answer = httpx.get(live_server.url + path, headers=live_server.headers(role))
        assert answer.status_code == 200, answer.text
        body = answer.json()
        windows = body["windows"] if path.endswith("board") else body
        window = windows[0] if isinstance(windows, list) else windows
        ticket: dict[str, Any] = window["current_ticket"]
        return ticket

    assert current("display", paths[0])["number"] == called["ticket"]["number"]
    for path in paths:
        assert current("clerk", path)["holder"] == "赵*"
        for role in ("display", "kiosk"):
            if role == "kiosk" and path.endswith("board"):
                continue  # the board is not a kiosk's to read
            shown = current(role, path)
            assert (shown["holder"], shown["id_masked"]) == (None, None), (role, path)


def test_devices_replay_only_todays_events(make_live_server: Any) -> None:
    server: LiveServer = make_live_server(clock_start=MONDAY)
    monday = issue(server, 34)["number"]
    server.stop()
    server.clock_start = MONDAY + timedelta(days=1)
    server.start()
    tuesday = issue(server, 35)["number"]
    url = f"{server.url}/api/halls/qixia/events?last_event_id=0"

    def replayed(role: str) -> list[dict[str, Any]]:
        with follow(url, server.headers(role)) as stream:
            events: list[dict[str, Any]] = []
            while (
                not events
                or events[-1]["type"] != "ticket.issued"
                or (
                    events[-1]["data"]["ticket"]["number"] != tuesday
                    or events[-1]["data"]["at"] < "2026-12-08"
                )
            ):
                events.append(stream.next("event"))
        return events

    for role in ("display", "kiosk"):
        assert all(e["data"]["at"].startswith("2026-12-08") for e in replayed(role)), role
    clerk_days = {e["data"]["at"][:10] for e in replayed("clerk")}
    assert clerk_days == {"2026-12-07", "2026-12-08"}  # people with the right still see history
    assert monday == tuesday == "A001"
