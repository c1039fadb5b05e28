"""A demo whose programs die says which died and why, and never that it started."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from queue_server.demo.programs import REDACTED, failure_report, settle, start_program
from tests.queue_server.demo.conftest import PROGRAMS, DemoRun, run_demo, without_display

STARTED = "演示已启动"


def test_programs_that_cannot_start_are_named_with_exit_code_and_log(failed_demo: DemoRun) -> None:
    out, err = failed_demo.result.stdout, failed_demo.result.stderr
    assert failed_demo.result.returncode == 1
    assert STARTED not in out and "演示未能完全启动" in out
    assert "server          running" in out and ", healthy at http://127.0.0.1:" in out
    for name in PROGRAMS:
        state = next(line for line in out.splitlines() if line.strip().startswith(f"{name} "))
        assert "exited with" in state, state
        report = err[err.index(f"{name} exited with") :]
        log_file = failed_demo.data / f"{name}.log"
        last_line = log_file.read_text().strip().splitlines()[-1]
        assert f"last lines of {name}.log" in report and last_line in report
    assert 'Qt platform plugin "no-such-platform"' in err  # why: Qt's own words, from the logs


def test_a_server_that_cannot_start_is_reported_and_nothing_else_starts(tmp_path: Path) -> None:
    with socket.socket() as taken:  # the port is held, not served: the server cannot bind it
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        command = ["--no-traffic", "--seconds", "5"]
        run = run_demo(tmp_path, without_display(), *command, "--port", str(port))
    out, err = run.result.stdout, run.result.stderr
    assert run.result.returncode == 1 and STARTED not in out
    assert "the demo did not start: server exited with " in out
    assert "the demo did not start: server exited with 0" not in out
    assert "last lines of server.log" in err and "address already in use" in err
    assert not [name for name in PROGRAMS if (tmp_path / f"{name}.log").exists()]


def test_a_program_counts_as_started_once_it_kept_its_qt_screen(tmp_path: Path) -> None:
    token = "eyJyb2xlIjoia2lvc2sifQ.c2lnbmF0dXJlLW9mLWEtdG9rZW4"
    script = f"import sys; print('starting'); print('token {token}'); sys.exit(3)"
    dying = start_program("dying", [sys.executable, "-c", script], {}, tmp_path)
    qt = "from PySide6.QtGui import QGuiApplication; import time; a = QGuiApplication([]); "
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    showing = start_program("showing", [sys.executable, "-c", qt + "time.sleep(60)"], env, tmp_path)
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    hidden = start_program("hidden", sleeper, env, tmp_path)
    try:
        assert settle([dying, showing], grace=0.5, limit=60) == [dying]  # done once it shows
        assert showing.up and showing.state() == f"running (pid {showing.process.pid})"
        assert settle([hidden], grace=0.5, limit=0.5) == [hidden]  # no screen: not started
        assert hidden.running and hidden.state().endswith("but has not opened its screen")
    finally:
        for program in (showing, hidden):
            program.process.kill()
            program.process.wait()
    report = failure_report(dying, [token])
    assert report.startswith(f"dying exited with 3; see {tmp_path / 'dying.log'}")
    assert "| starting" in report and f"| token {REDACTED}" in report and token not in report


def test_a_qt_program_without_its_x_display_gets_a_hint(tmp_path: Path) -> None:
    env = without_display() | {"DISPLAY": ":4242"}  # nothing listens there
    env.pop("QT_QPA_PLATFORM", None)
    qt = "from PySide6.QtGui import QGuiApplication; QGuiApplication([])"
    program = start_program("board", [sys.executable, "-c", qt], env, tmp_path)
    program.process.wait(timeout=60)
    report = failure_report(program, [])
    assert report.startswith("board exited with -6 (SIGABRT)")
    assert "hint: no X display at DISPLAY=:4242" in report
    assert "could not connect to display :4242" in report  # Qt's own line, from the log
