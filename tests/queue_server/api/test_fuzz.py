"""A bounded fuzz run from /openapi.json against the real server, for every role.

Schemathesis generates requests for each operation (valid ones in the sample hall and anywhere,
and invalid ones where the operation documents 422), and each is sent once per role. No answer
may be a server error other than the designed 501 (`appointments_unavailable`), and every answer
must match its documented status, content type and schema. Derandomised: the same requests on
every run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from requests.structures import CaseInsensitiveDict
from schemathesis import APIOperation, Case, GenerationMode, checks
from schemathesis.core.result import Ok
from schemathesis.errors import FailureGroup

from tests.fixtures.live_server import LiveServer

EXAMPLES = {"hall": 12, "anywhere": 4, "invalid": 10}  # per operation, each sent once per role
# name: (role, hall, window) of the token; None sends none.
ROLES: dict[str, tuple[str, str, int | None] | None] = {
    "none": None,
    "kiosk": ("kiosk", "qixia", None),
    "display": ("display", "qixia", None),
    "clerk": ("clerk", "qixia", None),
    "clerk-window-1": ("clerk", "qixia", 1),
    "manager": ("manager", "qixia", None),
    "admin": ("admin", "*", None),
    "platform": ("platform", "qixia", None),
}
SCHEMA_CHECKS = [
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        errors = sum(n for status, n in self.statuses.items() if status >= 500 and status != 501)
        return (
            f"fuzz: {self.statuses.total()} requests, {errors} 5xx besides "
            f"{self.statuses[501]} designed 501; by status {dict(sorted(self.statuses.items()))}"
        )


class Fuzzer:
    def __init__(self, server: LiveServer) -> None:
        self.schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
        self.tokens = {name: server.token(*spec) if spec else None for name, spec in ROLES.items()}
        self.session = requests.Session()
        self.tally = Tally()

    def operations(self) -> Iterator[APIOperation]:
        for result in self.schema.get_all_operations():
            assert isinstance(result, Ok), result  # a route its description cannot express
            yield result.ok()

    def run(self, operation: APIOperation) -> None:
        for cases, examples in _strategies(operation):
            _examples(examples)(given(cases)(lambda case: self.send_as_every_role(case)))()

    def send_as_every_role(self, case: Case) -> None:
        generated = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
        for role, token in self.tokens.items():
            bearer = {"Authorization": f"Bearer {token}"} if token else {}
            case.headers = CaseInsensitiveDict({**generated, **bearer})
            answer = self._call(case)
            self.tally.statuses[answer.status_code] += 1
            self._check(case, answer, role)

    def _call(self, case: Case) -> Any:
        if _is_stream(case):  # a stream never ends: its head is enough
            options = {**case.as_transport_kwargs(), "stream": True, "timeout": 10}
            with self.session.request(**options) as answer:
                return answer if answer.status_code == 200 else _read(answer)
        return case.call(session=self.session, timeout=10)

    def _check(self, case: Case, answer: Any, role: str) -> None:
        designed = answer.status_code == 501 and _code(answer) == "appointments_unavailable"
        if answer.status_code >= 500 and not designed:
            self.tally.failures.append(f"{case.operation.label} as {role}: {answer.status_code}")
        if _is_stream(case) and answer.status_code == 200:
            return  # the documented stream, not read
        try:
            case.validate_response(answer, checks=SCHEMA_CHECKS)
        except FailureGroup as failure:  # its message says what and how to reproduce it
            self.tally.failures.append(f"{case.operation.label} as {role}: {failure}")


def _strategies(operation: APIOperation) -> Iterator[tuple[Any, int]]:
    """(cases, how many) for an operation: valid in the sample hall, valid anywhere, invalid."""
    if "{hall}" in operation.path:
        yield operation.as_strategy(path_parameters={"hall": "qixia"}), EXAMPLES["hall"]
    yield operation.as_strategy(), EXAMPLES["anywhere"]
    if "422" in operation.definition.raw.get("responses", {}):
        yield operation.as_strategy(GenerationMode.NEGATIVE), EXAMPLES["invalid"]


def _examples(count: int) -> settings:
    return settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def _is_stream(case: Case) -> bool:
    return case.operation.path.endswith("/events")


def _read(answer: requests.Response) -> requests.Response:
    answer.content  # noqa: B018  (an error answer is short: keep it for the checks)
    return answer


def _code(answer: Any) -> str | None:
    try:
        return str(answer.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


@pytest.mark.timeout(300)
def test_fuzzed_requests_of_every_role_get_no_server_error(live_server: LiveServer) -> None:
    fuzzer = Fuzzer(live_server)
    for operation in fuzzer.operations():
        fuzzer.run(operation)
    print(fuzzer.tally.summary())  # the figure the issue asks for (pytest -s, or -rP)
    assert fuzzer.tally.statuses.total() > 0
    assert fuzzer.tally.failures == [], "\n\n".join(fuzzer.tally.failures[:10])
