"""The demo on a real X display (Xvfb): Qt's xcb plugin loads and every program keeps running."""

from __future__ import annotations

from pathlib import Path

from tests.queue_server.demo.conftest import PROGRAMS, run_demo, without_display


def test_every_program_runs_on_a_real_x_display(tmp_path: Path, xvfb_display: str) -> None:
    env = without_display() | {"DISPLAY": xvfb_display}
    env.pop("QT_QPA_PLATFORM", None)  # the platform Qt picks for a display: xcb
    run = run_demo(tmp_path, env, "--no-traffic", "--seconds", "3")
    out, err = run.result.stdout, run.result.stderr
    assert run.result.returncode == 0, err[-3000:]
    assert "演示已启动" in out and "offscreen" not in out
    for name in PROGRAMS:
        state = next(line for line in out.splitlines() if line.strip().startswith(f"{name} "))
        assert "running (pid " in state, state
        log = (tmp_path / f"{name}.log").read_text(errors="replace")
        assert "Qt platform plugin" not in log and "Traceback" not in log, log[-2000:]
    assert not (tmp_path / "screens").exists()  # on a display nothing is saved offscreen
