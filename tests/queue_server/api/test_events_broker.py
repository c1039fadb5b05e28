"""The broker formats each event once for every stream, and keeps only recent texts."""

from __future__ import annotations

from queue_server import events
from queue_server.store.eventlog import Event


def _event(seq: int) -> Event:
    data = {"seq": seq, "type": "ticket.called", "hall": "h", "ticket": {"number": "A001"}}
    return Event(seq, "ticket.called", "h", data)


def test_text_is_the_sse_message_and_shared_between_streams() -> None:
    broker = events.Broker()
    first = broker.text(_event(7))
    assert first == (
        'id: 7\nevent: ticket.called\ndata: {"seq":7,"type":"ticket.called","hall":"h",'
        '"ticket":{"number":"A001"}}\n\n'
    )
    assert broker.text(_event(7)) is first  # the second stream reuses the first's text


def test_texts_kept_are_bounded() -> None:
    broker = events.Broker()
    for seq in range(1, 3 * events.TEXTS_KEPT):
        assert broker.text(_event(seq)).startswith(f"id: {seq}\n")
    assert len(broker._texts) <= events.TEXTS_KEPT
