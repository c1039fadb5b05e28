from __future__ import annotations

from ui.common.events import ServerEvent, parse_sse


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
