"""The server-sent-events parser: tables of lines, and arbitrary text never crashes it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queue_server.client.sse import ServerEvent, parse_sse


def test_parse_sse_events_comments_and_multiline_data() -> None:
    lines = [
        ": ping",
        "id: 7",
        "event: ticket.called",
        'data: {"ticket": {"number": "A001"},',
        'data:  "window": {"number": 3}}',
        "",
        "data: plain",
        "",
    ]
    items = list(parse_sse(lines))
    assert items[0] is None
    assert items[1] == ServerEvent(
        "7", "ticket.called", {"ticket": {"number": "A001"}, "window": {"number": 3}}
    )
    assert items[2] == ServerEvent("7", "message", {"text": "plain"})
    assert len(items) == 3


def test_parse_sse_ignores_event_without_data() -> None:
    assert list(parse_sse(["event: x", "", "id: 3", ""])) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["data:{\"a\":1}", ""], [ServerEvent(None, "message", {"a": 1})]),
        (["data: [1, 2]", ""], [ServerEvent(None, "message", {"value": [1, 2]})]),
        (["data: 3", ""], [ServerEvent(None, "message", {"value": 3})]),
        (["data", ""], [ServerEvent(None, "message", {"text": ""})]),
        (["data: {\"a\":", ""], [ServerEvent(None, "message", {"text": "{\"a\":"})]),
        (["data: " + "[" * 100_000, ""], [ServerEvent(None, "message", {"text": "[" * 100_000})]),
        (["retry: 2000", "event: day.closed", "data: {}", ""],
         [ServerEvent(None, "day.closed", {})]),
        (["id: 9", "data: {}", "", "data: {}", ""],
         [ServerEvent("9", "message", {}), ServerEvent("9", "message", {})]),
        (["event: a", "", "data: {}", ""], [ServerEvent(None, "message", {})]),
        (["unknown: field", "data: {}", ""], [ServerEvent(None, "message", {})]),
        ([":", ": ping", ""], [None, None]),
        (["data: {}"], []),
    ],
)  # fmt: skip
def test_parse_sse_table(lines: list[str], expected: list[ServerEvent | None]) -> None:
    assert list(parse_sse(lines)) == expected


@given(st.lists(st.text()))
def test_arbitrary_lines_never_crash_the_parser(lines: list[str]) -> None:
    for item in parse_sse(lines):
        assert item is None or isinstance(item.data, dict)


@given(st.text())
def test_an_arbitrary_stream_cut_into_lines_never_crashes_the_parser(text: str) -> None:
    events = [item for item in parse_sse(text.split("\n")) if item is not None]
    assert all(isinstance(event.type, str) for event in events)
