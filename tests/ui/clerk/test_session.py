"""What the console says after each action, from the action's typed answer."""

from __future__ import annotations

from queue_server.client.errors import Refused
from queue_server.client.models import Ticket, Window
from ui.clerk.session import Finished, done_message
from ui.clerk.state import Action

TICKET = Ticket.from_json({"number": "A007", "status": "done", "window": 3})


def test_a_call_names_the_number_or_says_nobody_waits() -> None:
    called = Ticket.from_json({"number": "A007", "status": "called", "window": 3})
    assert done_message(Action.CALL_NEXT, called) == ("info", "已叫号 A007", "Called A007")
    assert done_message(Action.CALL_TICKET, called) == ("info", "已叫号 A007", "Called A007")
    assert done_message(Action.CALL_NEXT, None) == ("info", "当前无人等候", "Nobody is waiting")


def test_a_finish_claims_no_more_than_happens() -> None:
    """The citizen was asked (on the window's pad, or by the receipt's QR code), nothing more:
    not that they rated."""
    kind, zh, en = done_message(Action.FINISH, Finished(TICKET))
    assert (kind, zh) == ("info", "已办结，已请群众评价（窗口评价器或扫描号票二维码）")
    assert "已评价" not in zh and "asked to rate" in en and "soon" not in en
    refused = Refused(409, "nothing_to_evaluate", "没有可评价的办件", "Nothing to evaluate")
    assert done_message(Action.FINISH, Finished(TICKET, refused)) == (
        "error", "已办结；未能请群众评价：没有可评价的办件", "Finished; Nothing to evaluate",
    )  # fmt: skip


def test_other_actions_say_what_they_did() -> None:
    paused = Window.from_json({"number": 3, "state": "paused", "pause_reason": "午休"})
    assert done_message(Action.PAUSE, paused) == ("info", "已暂停服务", "Window paused")
    assert done_message(Action.RECALL, TICKET) == ("info", "已重呼", "Recalled")
