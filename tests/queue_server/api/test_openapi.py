# ruff: noqa: F811  (pytest fixtures imported from tests.queue_server.api._api)
"""/openapi.json tells the truth: each route documents its answers and its security, and the real
answers (flows through the in-process app, event streams from the real server) match it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from queue_server.api.app import create_app
from queue_server.api.login_guard import HashSlots
from queue_server.api.state import AppState
from queue_server.clock import MovableClock, shanghai
from queue_server.engine.throttle import PER_USERNAME
from queue_server.store import Settings, Store
from tests.fixtures.live_server import LiveServer
from tests.queue_server._district import small_district
from tests.queue_server.api._api import TestClient, bearer, client, clock, store, ticket_body  # noqa: F401
from tests.queue_server.api._walk_admin import BODIES as ADMIN_BODIES
from tests.queue_server.api._walk_admin import PATH_VALUES as ADMIN_PATHS
from tests.queue_server.api._walk_admin import walk_admin
from tests.queue_server.api._walk_appointments import walk_appointments
from tests.queue_server.api._walk_balancing import walk_balancing
from tests.queue_server.api._walk_dashboard import walk_dashboard
from tests.queue_server.api._walk_evaluations import walk_evaluations
from tests.queue_server.api._walk_reports import walk_reports

Operation = dict[str, Any]
Answered = tuple[str, str, int]  # method, path template, status
FORMATS = jsonschema.FormatChecker()
# A valid body per request schema, so that a sweep reaches the route's own checks.
BODIES: dict[str, dict[str, Any]] = {
    "TicketIn": {"service": "HJ01"},
    "LookupIn": {"id_card": {"number": "360426199101010071"}},
    "OfflineBatchIn": {"kiosk_id": "K1", "tickets": []},
    "FaultIn": {"kiosk_id": "K1", "device": "printer", "state": "ok"},
    "CheckInIn": {"code": "X"},
    "RescheduleIn": {"slot_start": "2026-11-30T09:00:00+08:00"},
    "CallIn": {"number": "A001", "reason": "老人"},
    "TransferIn": {"to_service": "HJ02"},
    "LoginIn": {"username": "clerk", "password": "demo1234"},
    "EvaluationIn": {"level": 5},
    "PadEvaluationIn": {"prompt": 1, "level": 5},
    "RectificationIn": {"visit_result": "已回访"},
    "PhoneIn": {"phone": "13812345678"},
    **ADMIN_BODIES,
}
TICKETS = "/api/halls/qixia/tickets"
W1, W2 = "/api/halls/qixia/windows/1", "/api/halls/qixia/windows/2"
LIVE_STREAMS = {
    ("GET", "/api/halls/{hall}/events", 200),
    ("GET", "/api/events", 200),
    ("GET", "/api/tickets/{token}/events", 200),
}


@FORMATS.checks("date-time", raises=ValueError)
def _time_with_offset(value: object) -> bool:
    """The contract's times are ISO 8601 with an offset."""
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


class Contract:
    """Checks answers against the description and records which documented answers happened."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.seen: set[Answered] = set()
        self._patterns = [
            (re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", path) + "$"), path)
            for path in document["paths"]
        ]
        self._validators: dict[Answered, jsonschema.Draft202012Validator] = {}

    def operations(self) -> Iterator[tuple[str, str, Operation]]:
        for path, operations in self.document["paths"].items():
            for method, operation in operations.items():
                yield method.upper(), path, operation

    def documented(self) -> set[Answered]:
        return {(m, p, int(s)) for m, p, op in self.operations() for s in op["responses"]}

    def operation(self, method: str, url_path: str) -> tuple[str, Operation]:
        paths = [p for pattern, p in self._patterns if pattern.match(url_path)]
        found = [(p, self.document["paths"][p].get(method.lower())) for p in paths]
        found = [(p, op) for p, op in found if op is not None]
        assert len(found) == 1, f"{method} {url_path} matches {found} in the description"
        return found[0]

    def check(self, answer: httpx.Response) -> httpx.Response:
        method = answer.request.method
        path, operation = self.operation(method, answer.request.url.path)
        status = answer.status_code
        documented = operation["responses"].get(str(status))
        assert documented is not None, f"{method} {path}: undocumented {status} {answer.text}"
        content = documented.get("content", {})
        kind = answer.headers.get("content-type", "").split(";")[0]
        if status == 204:
            assert not answer.content and not content
        elif kind == "text/event-stream":
            assert list(content) == [kind]
        else:
            assert list(content) == ["application/json"] == [kind], (method, path, status)
            self._validator(method, path, status, content[kind]["schema"]).validate(answer.json())
            if status >= 400:
                assert answer.json()["error"]["code"] in documented["x-error-codes"], answer.text
        self.seen.add((method, path, status))
        return answer

    def _validator(
        self, method: str, path: str, status: int, schema: dict[str, Any]
    ) -> jsonschema.Draft202012Validator:
        key = (method, path, status)
        if key not in self._validators:
            rooted = {**schema, "components": self.document["components"]}  # for the $refs
            self._validators[key] = jsonschema.Draft202012Validator(rooted, format_checker=FORMATS)
        return self._validators[key]


class Api:
    """The in-process app; every answer is checked against its description."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.contract = Contract(client.get("/openapi.json").json())

    def call(
        self, method: str, url: str, token: dict[str, str] | None = None, **options: Any
    ) -> httpx.Response:
        return self.contract.check(self.client.request(method, url, headers=token, **options))

    def get(self, url: str, token: dict[str, str] | None = None, **options: Any) -> httpx.Response:
        return self.call("GET", url, token, **options)

    def post(self, url: str, token: dict[str, str] | None = None, **options: Any) -> Any:
        """The answer's JSON body (None for no content), after checking its status."""
        expect = options.pop("expect", 200)
        answer = self.call("POST", url, token, **options)
        assert answer.status_code == expect, answer.text
        return answer.json() if answer.content else None


def fill(path: str, **values: str) -> str:
    defaults = {
        "hall": "qixia",
        "window": "1",
        "token": "x",
        "code": "HJ01",
        "external_id": "x",
        "item": "1",
        **ADMIN_PATHS,
    }
    return path.format_map({**defaults, **values})


def signed_route(operation: Operation) -> bool:
    """A platform route: only a signed request reaches its checks (walk_appointments)."""
    return "invalid_signature" in operation["responses"].get("401", {}).get("x-error-codes", [])


def body_for(operation: Operation) -> dict[str, Any] | None:
    schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    name = str(schema.get("schema", {}).get("$ref", "")).rsplit("/", 1)[-1]
    return BODIES.get(name)


def ref_of(answer: dict[str, Any]) -> str:
    return str(answer.get("content", {}).get("application/json", {}).get("schema", {}))


@pytest.fixture
def api(client: TestClient) -> Api:
    return Api(client)


def test_every_route_documents_its_success(api: Api) -> None:
    for method, path, operation in api.contract.operations():
        answers = operation["responses"]
        successes = [s for s in answers if s.startswith("2")]
        assert successes or "501" in answers, f"{method} {path} documents no success"
        for status in successes:
            content = answers[status].get("content", {})
            if status == "204":
                assert not content, (method, path)
            elif "text/event-stream" in content:
                assert list(content) == ["text/event-stream"], (method, path)
            else:
                assert "$ref" in ref_of(answers[status]), (method, path, status)


def test_errors_use_the_error_body_and_security_is_declared(api: Api) -> None:
    document = api.contract.document
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}
    assert (schemes["access_token"]["in"], schemes["access_token"]["name"]) == (
        "query",
        "access_token",
    )
    assert "HTTPValidationError" not in str(document)
    for method, path, operation in api.contract.operations():
        answers = operation["responses"]
        for status, answer in answers.items():
            if status.startswith(("4", "5")):
                assert ref_of(answer).endswith("/ErrorAnswer'}"), (method, path, status)
                assert answer["x-error-codes"], (method, path, status)
        if "security" in operation:
            assert {"401", "403"} <= set(answers), (method, path)
            assert all(set(need) <= set(schemes) for need in operation["security"])
        typed = [p for p in operation.get("parameters", []) if p["schema"].get("type") != "string"]
        if "requestBody" in operation or typed:
            assert "422" in answers, (method, path)


def test_event_streams_answer_as_documented(live_server: LiveServer) -> None:
    """The streams: one with the header token, one with `?access_token=`, one by ticket token."""
    server = live_server
    contract = Contract(httpx.get(server.url + "/openapi.json", timeout=10).json())
    issued = httpx.post(
        server.url + TICKETS, json=ticket_body(), headers=server.headers("kiosk"), timeout=10
    )
    streams = [
        ("/api/halls/qixia/events", server.headers("display")),
        (f"/api/events?access_token={server.token('manager', '*')}", {}),
        (f"/api/tickets/{issued.json()['token']}/events", {}),  # public: the token unlocks it
    ]
    for path, headers in streams:
        with httpx.stream("GET", server.url + path, headers=headers, timeout=10) as answer:
            contract.check(answer)
            assert next(answer.iter_lines()) == "retry: 2000"
    assert contract.seen == LIVE_STREAMS


def test_every_documented_answer_happens_and_matches_its_schema(api: Api, store: Store) -> None:
    sweep_tokens(api, store)
    sweep_unknown(api, store)
    sweep_invalid(api, store)
    walk_public(api, store)
    walk_login_refusals(api)
    walk_tickets(api, store)
    walk_windows(api, store)
    walk_appointments(api, store)
    walk_evaluations(api, store)
    walk_admin(api, store)
    walk_dashboard(api, store)
    walk_reports(api, store)
    walk_balancing(api, store)
    assert api.contract.documented() - api.contract.seen == LIVE_STREAMS  # the live test's


def sweep_tokens(api: Api, store: Store) -> None:
    """Routes with security refuse a missing, forged or expired token (401) and another hall's
    token (403); the others answer without a token."""
    refused = [
        None,
        {"Authorization": "Bearer v1.forged.sig"},
        bearer(store, "admin", "*", ttl=timedelta(seconds=-1)),
    ]
    other_hall = bearer(store, "admin", "maqun")
    for method, path, operation in api.contract.operations():
        url, body = fill(path), body_for(operation)
        if "security" not in operation:
            assert api.call(method, url, json=body).status_code not in (401, 403), (method, path)
            continue
        for token in refused:
            assert api.call(method, url, token, json=body).status_code == 401, (method, path)
        assert api.call(method, url, other_hall, json=body).status_code == 403, (method, path)


def sweep_unknown(api: Api, store: Store) -> None:
    admin = bearer(store, "admin", "*")
    for method, path, operation in api.contract.operations():
        if "404" in operation["responses"] and not signed_route(operation):
            url = fill(path, hall="nowhere", token="nowhere", code="NOPE")
            answer = api.call(method, url, admin, json=body_for(operation))
            assert answer.status_code == 404, (method, path, answer.text)


def sweep_invalid(api: Api, store: Store) -> None:
    """Routes documenting 422 answer it for a window that is no number, a body or a query."""
    admin = bearer(store, "admin", "*")
    for method, path, operation in api.contract.operations():
        if "422" not in operation["responses"] or signed_route(operation):
            continue
        if "{window}" in path:
            answer = api.call(method, fill(path, window="abc"), admin, json=body_for(operation))
        elif "requestBody" in operation:
            answer = api.call(method, fill(path), admin, json=[])
        else:
            query = {p["name"]: "bogus" for p in operation["parameters"] if p["in"] == "query"}
            answer = api.call(method, fill(path), admin, params=query)
        assert answer.status_code == 422, (method, path, answer.text)


def walk_public(api: Api, store: Store) -> None:
    assert api.get("/api/health").status_code == 200
    login = {"username": "clerk", "password": "demo1234"}
    assert api.post("/api/auth/login", json=login)["window"] is None
    api.post("/api/auth/login", json={**login, "password": "nope"}, expect=401)
    for url in ("/api/halls", "/api/halls/qixia", "/api/halls/qixia/services", "/api/seal-key"):
        assert api.get(url).status_code == 200
    assert api.get("/api/services/HJ01/halls").json()


def walk_login_refusals(api: Api) -> None:
    """503 while every hash slot is taken; 429 after a username's allowance of failures."""
    state: AppState = api.client.app.state.queue  # type: ignore[attr-defined]
    state.hash_slots = HashSlots(slots=1, wait_seconds=0.05)
    login = {"username": "manager", "password": "demo1234"}
    assert api.client.portal is not None
    with api.client.portal.wrap_async_context_manager(state.hash_slots.slot()):
        busy = api.call("POST", "/api/auth/login", json=login)
    assert busy.status_code == 503 and busy.headers["retry-after"] == "1", busy.text
    for _ in range(PER_USERNAME.attempts):
        api.post("/api/auth/login", json={**login, "password": "nope"}, expect=401)
    refused = api.call("POST", "/api/auth/login", json=login)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0


def walk_tickets(api: Api, store: Store) -> None:
    kiosk, clerk, manager = bearer(store, "kiosk"), bearer(store, "clerk"), bearer(store, "manager")
    body = {**ticket_body(10), "idempotency_key": "k-10", "priority": "green", "kiosk_id": "K1"}
    first = api.post(TICKETS, kiosk, json=body, expect=201)
    assert api.post(TICKETS, kiosk, json=body)["id"] == first["id"]
    refused = api.post(TICKETS, kiosk, json=ticket_body(10), expect=409)["error"]
    assert refused["existing_number"] == first["number"]
    api.post(TICKETS, kiosk, json={"service": "HJ01"}, expect=422)  # id_card_required
    api.post(TICKETS, kiosk, json={"service": "HJ01", "id_card": {"number": "1"}}, expect=422)
    assert api.get(f"/api/tickets/{first['token']}").json()["holder"]
    phone = f"{TICKETS}/{first['token']}/phone"
    assert api.post(phone, kiosk, json={"phone": "13812345678"})["phone_masked"] == "138****5678"
    api.post(phone, kiosk, json={"phone": "1"}, expect=422)
    held = api.post(TICKETS + "/lookup", kiosk, json={"id_card": body["id_card"]})["tickets"]
    assert [ticket["token"] for ticket in held] == [first["token"]]
    api.post(TICKETS + "/lookup", kiosk, json={"id_card": {"number": "1"}}, expect=422)
    paper = {"number": "AK101", "service": "HJ01", "issued_at": "2026-11-27T09:30:00+08:00"}
    batch = {"kiosk_id": "K1", "tickets": [{**paper, "idempotency_key": "K1-1"}]}
    assert api.post(TICKETS + "/offline", kiosk, json=batch)["tickets"][0]["source"] == "offline"
    clash = {"kiosk_id": "K1", "tickets": [{**paper, "idempotency_key": "K1-2"}]}
    assert api.post(TICKETS + "/offline", kiosk, json=clash, expect=409)["error"]["code"]
    assert len(api.get(TICKETS + "?status=waiting", clerk).json()) == 2
    fault = {"kiosk_id": "K1", "device": "printer", "state": "paper_out", "message": "缺纸"}
    api.post("/api/halls/qixia/devices/faults", kiosk, json=fault, expect=201)
    assert api.get("/api/halls/qixia/devices/faults", manager).json()[0]["message"] == "缺纸"


def walk_windows(api: Api, store: Store) -> None:
    clerk, kiosk = bearer(store, "clerk"), bearer(store, "kiosk")
    issued = [api.post(TICKETS, kiosk, json=ticket_body(n), expect=201) for n in (1, 2, 3)]
    assert api.post(W1 + "/call-next", kiosk, expect=403)["error"]["code"] == "forbidden"
    window_2 = bearer(store, "clerk", window=2)
    assert api.post(W1 + "/call-next", window_2, expect=403)["error"]["code"] == "wrong_window"
    for action in ("recall", "start", "finish", "no-show", "transfer", "undo-no-show"):
        api.post(f"{W1}/{action}", clerk, json={}, expect=409)  # nothing called yet
    out_of_order = {"number": issued[2]["number"], "reason": "预约改期"}
    called = api.post(W1 + "/call", clerk, json=out_of_order)["ticket"]
    late = {"phone": "13812345678"}
    api.post(f"{TICKETS}/{issued[2]['token']}/phone", kiosk, json=late, expect=409)
    assert api.post(W1 + "/call-next", clerk, expect=409)["error"]["current_number"]
    assert api.get(W1, clerk).json()["current_ticket"]["number"] == called["number"]
    assert api.post(W1 + "/recall", clerk)["ticket"]["recall_count"] == 1
    api.post(W1 + "/start", clerk)
    api.post(W1 + "/finish", clerk, json={"outcome": "certificate"})
    assert api.post(W1 + "/evaluation-prompt", clerk, expect=202)["ticket"]["outcome"]
    api.post(W2 + "/evaluation-prompt", clerk, expect=409)
    api.post(W1 + "/call", clerk, json={"number": "Z999", "reason": "查无此号"}, expect=404)
    api.post(W1 + "/call", clerk, json=out_of_order, expect=409)  # done already
    api.post(W1 + "/call-next", clerk)
    api.post(W1 + "/no-show", clerk, json={"reason": "三次未到"})
    assert api.post(W1 + "/undo-no-show", clerk)["ticket"]["status"] == "called"
    api.post(W1 + "/no-show", clerk, json={"reason": "三次未到"})
    api.post(W1 + "/call-next", clerk)
    assert api.post(W1 + "/transfer", clerk, json={"to_service": "SB01"})["ticket"]["source"]
    assert api.post(W1 + "/pause", clerk, json={"reason": "午休"})["pause_reason"] == "午休"
    assert api.post(W1 + "/call-next", clerk, expect=409)["error"]["state"] == "paused"
    api.post(W1 + "/resume", clerk)
    board = api.get("/api/halls/qixia/board", bearer(store, "display")).json()
    assert board["calls"] and board["waiting_by_category"]
    assert api.get("/api/halls/qixia/windows", clerk).json()
    idle = next(w for w in board["windows"] if not {"HJ01", "SB01"} & set(w["services"]))
    api.post(f"/api/halls/qixia/windows/{idle['number']}/call-next", clerk, expect=204)


def test_refusals_and_their_extras_match_the_description(tmp_path: Path) -> None:
    clock = MovableClock(shanghai(2026, 11, 27, 10, 0))
    store = Store(tmp_path / "q.db", small_district(cap=1), clock=clock, settings=Settings())
    with TestClient(create_app(AppState(store))) as client:
        api, kiosk, clerk = Api(client), bearer(store, "kiosk"), bearer(store, "clerk")
        api.post(TICKETS, kiosk, json={"service": "SB01"}, expect=201)
        assert api.post(TICKETS, kiosk, json={"service": "SB01"}, expect=409)["error"]["daily_cap"]
        assert refusals(api) == {"SB01": "daily_cap_reached"}
        for window in range(1, 5):
            api.post(f"/api/halls/qixia/windows/{window}/pause", clerk, json={"reason": "会议"})
        api.post(TICKETS, kiosk, json={"service": "HJ01"}, expect=409)
        assert set(refusals(api).values()) == {"no_open_window"}
        clock.advance(hours=10)  # 20:00, the hall closed at 17:00
        late = bearer(store, "kiosk")
        assert api.post(TICKETS, late, json={"service": "SB01"}, expect=409)["error"]["opens_at"]
        assert set(refusals(api).values()) == {"outside_hours"}
    assert {status for _, _, status in api.contract.seen} == {200, 201, 409}


def refusals(api: Api) -> dict[str, str]:
    """Why each unavailable service of the hall issues no ticket now."""
    services = api.get("/api/halls/qixia/services").json()
    return {s["code"]: s["unavailable_reason"]["code"] for s in services if not s["available"]}
