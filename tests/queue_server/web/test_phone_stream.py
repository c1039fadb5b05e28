"""`GET /api/tickets/{token}/events` on the real server: one ticket's changes, for its holder,
and nothing of anyone else's ticket."""

from __future__ import annotations

from typing import Any

import httpx

from tests.fixtures.live_server import LiveServer
from tests.queue_server.api.test_events import Stream, follow
from tests.queue_server.web._phone import clerk, issue

HIDDEN = ("token", "status_url", "id_masked", "id_expired")


def stream_url(server: LiveServer, token: str) -> str:
    return f"{server.url}/api/tickets/{token}/events"


def next_change(stream: Stream) -> dict[str, Any]:
    event: dict[str, Any] = stream.next("event")
    return event


def test_the_stream_opens_with_the_ticket_and_follows_its_calls(live_server: LiveServer) -> None:
    other = issue(live_server, 1)
    mine = issue(live_server, 2)
    with follow(stream_url(live_server, mine["token"])) as stream:
        first = next_change(stream)
        assert first["type"] == "ticket.state"
        assert (first["data"]["number"], first["data"]["ahead"]) == (mine["number"], 1)
        clerk(live_server, 1, "call-next")  # the other ticket: mine moves up
        moved = next_change(stream)
        assert moved["type"] == "ticket.ahead" and moved["data"]["ahead"] == 0
        assert moved["id"] > first["id"]
        called = clerk(live_server, 2, "call-next").json()["ticket"]
        assert called["number"] == mine["number"]
        seen = next_change(stream)
        assert seen["type"] == "ticket.called"
        assert (seen["data"]["status"], seen["data"]["window"]) == ("called", 2)
        assert seen["data"]["window_label"] == called["window_label"]
        clerk(live_server, 2, "recall")
        recalled = next_change(stream)
        assert recalled["type"] == "ticket.recalled" and recalled["data"]["recall_count"] == 1
        clerk(live_server, 2, "start")
        assert next_change(stream)["type"] == "ticket.started"
        clerk(live_server, 2, "finish")
        done = next_change(stream)
    assert done["type"] == "ticket.finished" and done["data"]["status"] == "done"
    assert other["number"] != mine["number"]


def test_the_stream_carries_nothing_of_other_tickets(live_server: LiveServer) -> None:
    """Others' numbers, holders and tokens never reach the stream, nor my own ID mask."""
    mine = issue(live_server, 5)
    with follow(stream_url(live_server, mine["token"])) as stream:
        next_change(stream)
        others = [issue(live_server, serial) for serial in (6, 7)]
        clerk(live_server, 1, "call-next")  # mine, the first waiting
        clerk(live_server, 2, "call-next")  # another's: mine does not change
        clerk(live_server, 1, "start")
        events = [next_change(stream), next_change(stream)]
        assert [e["type"] for e in events] == ["ticket.called", "ticket.started"]
        stream.next("ping")  # the heartbeat goes on; nothing else came in between
        assert stream.items.empty()
    for event in events:
        assert event["data"]["id"] == mine["id"]
        assert not set(HIDDEN) & set(event["data"])
        text = str(event)
        for other in others:
            assert other["number"] not in text and other["token"] not in text
            assert str(other["holder"]) not in text
        assert mine["id_masked"] not in text


def test_no_show_and_transfer_reach_the_holder(live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    with follow(stream_url(live_server, mine["token"])) as stream:
        next_change(stream)
        clerk(live_server, 1, "call-next")
        clerk(live_server, 1, "no-show", reason="未到")
        assert [e["type"] for e in stream.events(2)] == ["ticket.called", "ticket.no_show"]
        clerk(live_server, 1, "undo-no-show")
        clerk(live_server, 1, "start")
        clerk(live_server, 1, "transfer", to_service="HJ02", reason="王小明需另办")
        undone, started, moved = stream.events(3)
    assert (undone["type"], started["type"]) == ("ticket.no_show_undone", "ticket.started")
    assert moved["type"] == "ticket.transferred"
    assert (moved["data"]["status"], moved["data"]["service"]) == ("waiting", "HJ02")
    assert moved["data"]["number"] == mine["number"]
    assert moved["data"]["transfer"]["from_window"] == 1
    assert moved["data"]["transfer"]["reason"] is None  # a clerk's words may name the person


def test_an_unknown_token_answers_404_before_any_stream(live_server: LiveServer) -> None:
    answer = httpx.get(stream_url(live_server, "no-such-token"), timeout=10)
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "unknown_ticket"


def test_the_stream_is_public_and_never_cached(live_server: LiveServer) -> None:
    mine = issue(live_server, 1)
    with httpx.stream("GET", stream_url(live_server, mine["token"]), timeout=10) as answer:
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/event-stream")
        assert answer.headers["cache-control"] == "no-store"
        assert next(answer.iter_lines()) == "retry: 2000"
