"""好差评 over HTTP against the real server: the citizen's evaluation by token (201, the
refusals the contract names, in its envelope), staff refused, the pad bound to its window's
prompt, and the manager's rectification items."""

from __future__ import annotations

from typing import Any

import httpx

from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import id_number
from tests.queue_server.api.test_device_privacy import post, serve_and_prompt
from tests.queue_server.api.test_events import follow, issue

PAD = "/api/halls/qixia/windows/1/pad"


def evaluate(server: LiveServer, token: str, headers: dict[str, str] | None = None,
             **body: Any) -> httpx.Response:  # fmt: skip
    return httpx.post(f"{server.url}/api/tickets/{token}/evaluation", json=body, headers=headers)


def refused(answer: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    error: dict[str, Any] = answer.json()["error"]
    assert error["code"] == code and error["zh"] and error["en"], error
    return error


def test_the_citizen_evaluates_once_then_follows_up_once(live_server: LiveServer) -> None:
    server = live_server
    token = serve_and_prompt(server)
    waiting = issue(server, 41)["token"]
    refused(evaluate(server, waiting, level=5), 409, "not_finished")
    first = evaluate(server, token, level=5, reasons=[510, 517], text="办得很快", channel=3)
    assert first.status_code == 201, first.text
    [recorded] = first.json()["evaluations"]
    assert (recorded["level"], recorded["channel"], recorded["count"]) == (5, 3, 1)
    assert [r["code"] for r in recorded["reasons"]] == [510, 517]
    refused(evaluate(server, token, level=4), 409, "already_evaluated")
    again = evaluate(server, token, level=4, reasons=[413], follow_up=True)
    assert again.status_code == 201 and len(again.json()["evaluations"]) == 2
    refused(evaluate(server, token, level=3, follow_up=True), 409, "follow_up_done")
    shown = httpx.get(f"{server.url}/api/tickets/{token}/evaluation").json()
    assert [e["count"] for e in shown["evaluations"]] == [1, 2] and not shown["can_follow_up"]


def test_the_content_rules_answer_422(live_server: LiveServer) -> None:
    token = serve_and_prompt(live_server)
    refused(evaluate(live_server, token, level=2), 422, "reason_required")
    refused(evaluate(live_server, token, level=2, reasons=[510]), 422, "reason_not_of_level")
    refused(evaluate(live_server, token, level=1, reasons=[105]), 422, "reason_not_of_level")
    refused(evaluate(live_server, token, level=5, channel=4), 422, "invalid_channel")
    refused(evaluate(live_server, token, level=9), 422, "invalid_input")
    refused(evaluate(live_server, "nosuchtoken", level=5), 404, "unknown_ticket")
    assert httpx.get(f"{live_server.url}/api/tickets/{token}/evaluation").json()["can_evaluate"]


def test_staff_cannot_evaluate_for_the_citizen(live_server: LiveServer) -> None:
    token = serve_and_prompt(live_server)
    for role in ("clerk", "manager", "display"):
        answer = evaluate(live_server, token, live_server.headers(role), level=5)
        refused(answer, 403, "staff_cannot_evaluate")
    body, clerk = {"prompt": 1, "level": 5}, live_server.headers("clerk")
    clerk_on_pad = httpx.post(live_server.url + PAD + "/evaluation", json=body, headers=clerk)
    refused(clerk_on_pad, 403, "forbidden")
    assert httpx.get(f"{live_server.url}/api/tickets/{token}/evaluation").json()["can_evaluate"]


def test_the_pad_rates_only_its_windows_prompted_ticket(live_server: LiveServer) -> None:
    server = live_server
    pad = server.headers("pad", window=1)
    refused(httpx.get(server.url + PAD, headers=server.headers("pad")), 403, "wrong_window")
    other = httpx.get(server.url + "/api/halls/qixia/windows/2/pad", headers=pad)
    refused(other, 403, "wrong_window")
    assert httpx.get(server.url + PAD, headers=pad).json() == {"prompt": None}
    token = serve_and_prompt(server)
    prompt = httpx.get(server.url + PAD, headers=pad).json()["prompt"]
    assert prompt["number"] and set(prompt) == {"id", "number", "service_name", "expires_at"}
    body = {"prompt": prompt["id"], "level": 1, "reasons": [113], "text": "来回跑了三个窗口"}
    rated = httpx.post(server.url + PAD + "/evaluation", json=body, headers=pad)
    assert rated.status_code == 201, rated.text
    assert (rated.json()["channel"], rated.json()["number"]) == (4, prompt["number"])
    again = httpx.post(server.url + PAD + "/evaluation", json=body, headers=pad)
    refused(again, 409, "prompt_closed")
    shown = httpx.get(f"{server.url}/api/tickets/{token}/evaluation").json()
    assert shown["evaluations"][0]["channel"] == 4 and shown["rectification"]["state"] == "open"


def test_a_bad_review_reaches_the_manager_and_the_reply_the_citizen(
    live_server: LiveServer,
) -> None:
    server = live_server
    manager = server.headers("manager")
    token = serve_and_prompt(server)
    assert evaluate(server, token, level=2, reasons=[212]).status_code == 201
    url = server.url + "/api/halls/qixia/rectifications"
    refused(httpx.get(url, headers=server.headers("clerk")), 403, "forbidden")
    [item] = httpx.get(url + "?state=open", headers=manager).json()
    assert item["evaluation"]["reasons"][0]["code"] == 212 and item["state"] == "open"
    step = f"{url}/{item['id']}"
    refused(httpx.post(step, json={"reply": "已整改"}, headers=manager), 409, "visit_required")
    visit = {"visit_result": "已电话回访：预约后仍排队，属实"}
    assert httpx.post(step, json=visit, headers=manager).json()["visit"]["result"]
    reply = {"reply": "预约群众签到后直接叫号，不再重复排队。"}
    closed = httpx.post(step, json=reply, headers=manager)
    assert closed.status_code == 200 and closed.json()["state"] == "closed", closed.text
    assert httpx.get(url + "?state=open", headers=manager).json() == []
    shown = httpx.get(f"{server.url}/api/tickets/{token}/evaluation").json()["rectification"]
    assert shown["reply"] == reply["reply"] and shown["state"] == "closed"
    elsewhere = httpx.post(server.url + f"/api/halls/maqun/rectifications/{item['id']}",
                           json=reply, headers=server.headers("manager", "maqun"))  # fmt: skip
    refused(elsewhere, 404, "rectification_not_found")


def test_the_contracts_route_takes_the_visit_and_reply_by_the_items_id_alone(
    live_server: LiveServer,
) -> None:
    server = live_server
    token = serve_and_prompt(server)
    assert evaluate(server, token, level=1, reasons=[115]).status_code == 201
    listed = server.url + "/api/halls/qixia/rectifications?state=open"
    [item] = httpx.get(listed, headers=server.headers("manager")).json()
    step = f"{server.url}/api/rectifications/{item['id']}"
    visit = {"visit_result": "已回访"}
    other = httpx.post(step, json=visit, headers=server.headers("manager", "maqun"))
    refused(other, 403, "wrong_hall")  # another hall's item: refused, its hall not told
    refused(httpx.post(step, json=visit, headers=server.headers("clerk")), 403, "forbidden")
    unknown = f"{server.url}/api/rectifications/99999"
    refused(httpx.post(unknown, json=visit, headers=server.headers("admin", "*")), 404,
            "rectification_not_found")  # fmt: skip
    done = httpx.post(step, json={**visit, "reply": "已整改"}, headers=server.headers("manager"))
    assert done.status_code == 200 and done.json()["state"] == "closed", done.text
    shown = httpx.get(f"{server.url}/api/tickets/{token}/evaluation").json()["rectification"]
    assert shown["reply"] == "已整改"


def test_the_clerk_console_prompt_still_answers(live_server: LiveServer) -> None:
    issue(live_server, 42)
    post(live_server, "/api/halls/qixia/windows/1/call-next")
    answer = httpx.post(live_server.url + "/api/halls/qixia/windows/1/evaluation-prompt",
                        headers=live_server.headers("clerk"))  # fmt: skip
    refused(answer, 409, "nothing_to_evaluate")


def test_the_pads_stream_carries_no_holder_and_no_ticket_token(live_server: LiveServer) -> None:
    url = f"{live_server.url}/api/halls/qixia/events"
    with follow(url, live_server.headers("pad", window=1)) as pad:
        token = serve_and_prompt(live_server)
        events = pad.events(5)
    assert events[-1]["type"] == "evaluation.prompt"
    for event in events:
        assert event["data"]["ticket"]["holder"] is None and "evaluation_url" not in event["data"]
        assert token not in str(event)


def test_the_hall_export_maps_the_level_and_masks_the_evaluator(live_server: LiveServer) -> None:
    token = serve_and_prompt(live_server)  # the holder is 赵六
    assert evaluate(live_server, token, level=4, reasons=[411]).status_code == 201
    url = live_server.url + "/api/halls/qixia/evaluations/export"
    refused(httpx.get(url, headers=live_server.headers("manager", "maqun")), 403, "wrong_hall")
    answer = httpx.get(url, headers=live_server.headers("manager"))
    [record] = answer.json()["records"]
    assert (record["满意度"], record["满意度代码"], record["评价人"]) == ("满意", 2, "赵*")
    assert (
        "赵六" not in answer.text and id_number(31) not in answer.text and "****" not in answer.text
    )
