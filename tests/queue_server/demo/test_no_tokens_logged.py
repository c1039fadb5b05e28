"""The demo never writes a token where it logs: not when its programs fail to start either."""

from __future__ import annotations

import json

from tests.queue_server.demo.conftest import PROGRAMS, DemoRun


def test_programs_that_fail_to_start_leave_no_token_in_any_log(failed_demo: DemoRun) -> None:
    result, data = failed_demo.result, failed_demo.data
    assert result.returncode == 1, result.stderr[-2000:]  # the demo did not start
    for name in PROGRAMS:  # every program did fail, and the launcher said so
        assert f"{name} exited with" in result.stderr, result.stderr[-2000:]
    tokens_file = data / "demo-tokens.json"
    demo = json.loads(tokens_file.read_text())
    tokens = [t for role in ("kiosk", "display") for t in demo[role].values()]
    signatures = [token.rsplit(".", 1)[1] for token in tokens]
    logged = {"launcher": result.stdout + result.stderr}
    logged |= {log.name: log.read_text(errors="replace") for log in data.glob("*.log")}
    assert set(logged) >= {"launcher", "server.log", *(f"{name}.log" for name in PROGRAMS)}
    for name, text in logged.items():
        assert not [s for s in signatures if s in text], f"a token in {name}"
