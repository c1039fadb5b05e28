"""The 好差评 routes' documented answers, walked in-process (for test_openapi): a citizen's
evaluation and follow-up, staff refused, the pad's prompted evaluation, rectifications."""

from __future__ import annotations

from typing import Any

from queue_server.store import Store
from tests.queue_server.api._api import bearer, ticket_body

W3 = "/api/halls/qixia/windows/3"
TICKETS = "/api/halls/qixia/tickets"
RECTIFICATIONS = "/api/halls/qixia/rectifications"


def issued(api: Any, store: Store, serial: int) -> dict[str, Any]:
    body = ticket_body(serial, "SB01")
    ticket: dict[str, Any] = api.post(TICKETS, bearer(store, "kiosk"), json=body, expect=201)
    return ticket


def finish(api: Any, store: Store, number: str) -> None:
    """Call `number` at window 3 (whoever else waits), serve and finish it."""
    clerk = bearer(store, "clerk")
    api.post(W3 + "/call", clerk, json={"number": number, "reason": "测试"})
    api.post(W3 + "/start", clerk)
    api.post(W3 + "/finish", clerk, json={"outcome": "handled"})


def finished_at_window(api: Any, store: Store, serial: int) -> str:
    """A ticket issued, served and finished at window 3, then prompted: its token."""
    ticket = issued(api, store, serial)
    finish(api, store, ticket["number"])
    api.post(W3 + "/evaluation-prompt", bearer(store, "clerk"), expect=202)
    return str(ticket["token"])


def walk_evaluations(api: Any, store: Store) -> None:
    assert api.get("/api/evaluation-codes").json()[0]["level"] == 5
    waiting = issued(api, store, 60)
    api.post(f"/api/tickets/{waiting['token']}/evaluation", json={"level": 5}, expect=409)
    finish(api, store, waiting["number"])
    token = finished_at_window(api, store, 61)
    url = f"/api/tickets/{token}/evaluation"
    api.post(url, bearer(store, "clerk"), json={"level": 5}, expect=403)
    api.post(url, json={"level": 2}, expect=422)
    api.post(url, json={"level": 2, "reasons": [209]}, expect=201)
    assert api.get(url).json()["rectification"]["state"] == "open"
    walk_pad(api, store)
    walk_rectifications(api, store)


def walk_pad(api: Any, store: Store) -> None:
    pad = bearer(store, "pad", window=3)
    finished_at_window(api, store, 62)
    prompt = api.get(W3 + "/pad", pad).json()["prompt"]
    body = {"prompt": prompt["id"], "level": 5, "reasons": [517]}
    api.post(W3 + "/pad/evaluation", pad, json={**body, "reasons": [212]}, expect=422)
    assert api.post(W3 + "/pad/evaluation", pad, json=body, expect=201)["channel"] == 4
    api.post(W3 + "/pad/evaluation", pad, json=body, expect=409)


def walk_rectifications(api: Any, store: Store) -> None:
    manager = bearer(store, "manager")
    [item] = api.get(RECTIFICATIONS + "?state=open", manager).json()
    step = f"{RECTIFICATIONS}/{item['id']}"
    api.post(step, manager, json={"reply": "已整改"}, expect=409)
    api.post(step, manager, json={}, expect=422)
    by_id = f"/api/rectifications/{item['id']}"  # the contract's name: the same, by id alone
    api.post(by_id, manager, json={}, expect=422)
    api.post(by_id, manager, json={"visit_result": "已回访"})
    api.post(step, manager, json={"reply": "已整改"})
    api.post(by_id, manager, json={"reply": "x"}, expect=409)  # closed by now
    api.post(f"{RECTIFICATIONS}/999", manager, json={"reply": "x"}, expect=404)
    district = bearer(store, "admin", "*")  # a hall's manager gets 403 for any other item
    api.post("/api/rectifications/999", district, json={"reply": "x"}, expect=404)
    exported = api.get("/api/halls/qixia/evaluations/export", manager).json()  # today
    assert [r["满意度代码"] for r in exported["records"]] == [4, 1]  # API levels 2 and 5
    assert exported["code_mapping"]["api_level_to_code"]["5"] == 1
