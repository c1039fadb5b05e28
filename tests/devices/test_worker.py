"""PortWorker: reopen with doubling pauses, each error reported once until it changes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import serial

from devices.errors import DeviceError, PortError
from devices.worker import PortWorker
from tests.devices.conftest import wait_until


class LoopWorker(PortWorker):
    """Records each open port, clears the error (a success) and gives the port up at once."""

    thread_name = "test-worker"
    label = "test device"

    def __init__(
        self,
        open_port: Callable[[], serial.SerialBase],
        on_error: Callable[[DeviceError], None] | None,
        initial_backoff: float = 0.001,
        max_backoff: float = 0.002,
    ) -> None:
        super().__init__(open_port, on_error, initial_backoff, max_backoff)
        self.worked: list[serial.SerialBase] = []

    def _work(self, port: serial.SerialBase) -> None:
        self.worked.append(port)
        self._clear_error()


class ScriptedOpener:
    """Fails with the scripted messages (None opens a loop:// port), then fails with `last`."""

    def __init__(self, script: list[str | None], last: str = "gone for good") -> None:
        self.script = list(script)
        self.last = last
        self.calls: list[float] = []
        self.lock = threading.Lock()

    def __call__(self) -> serial.SerialBase:
        with self.lock:
            self.calls.append(time.monotonic())
            step = self.script.pop(0) if self.script else self.last
        if step is None:
            return serial.serial_for_url("loop://", timeout=0.01)
        raise PortError(step)


def test_an_error_is_reported_once_until_a_success_or_a_new_message() -> None:
    errors: list[str] = []
    opener = ScriptedOpener(["A", "A", "A", None, "A", "B", "B"], last="Z")
    with LoopWorker(opener, lambda err: errors.append(str(err))) as worker:
        wait_until(lambda: len(opener.calls) >= 10)
    assert errors == ["A", "A", "B", "Z"]
    assert len(worker.worked) == 1 and not worker.worked[0].is_open  # closed after the work
    assert not worker.running


def test_failed_opens_wait_a_doubling_pause_up_to_max_backoff() -> None:
    opener = ScriptedOpener([], last="missing")
    with LoopWorker(opener, None, initial_backoff=0.02, max_backoff=0.08):
        wait_until(lambda: len(opener.calls) >= 6)
    gaps = [later - earlier for earlier, later in zip(opener.calls, opener.calls[1:], strict=False)]
    for gap, pause in zip(gaps, [0.02, 0.04, 0.08, 0.08, 0.08], strict=False):
        assert gap >= pause * 0.9
    assert max(gaps[:5]) < 0.5  # capped at max_backoff, not growing on


def test_a_success_resets_the_pause() -> None:
    opener = ScriptedOpener(["x", "x", "x", "x", None, "y"], last="y")
    with LoopWorker(opener, None, initial_backoff=0.02, max_backoff=1.0):
        wait_until(lambda: len(opener.calls) >= 7)
    gap_after_success = opener.calls[6] - opener.calls[5]  # failed open right after the work
    assert 0.018 <= gap_after_success < 0.15  # 0.02 again, not the 0.32 it had reached


def test_a_failing_error_callback_does_not_end_the_thread() -> None:
    calls: list[DeviceError] = []

    def explode(err: DeviceError) -> None:
        calls.append(err)
        raise RuntimeError("caller bug")

    opener = ScriptedOpener(["first", "second"], last="third")
    with LoopWorker(opener, explode) as worker:
        wait_until(lambda: len(calls) == 3)
        assert worker.running
    assert [str(err) for err in calls] == ["first", "second", "third"]


def test_start_twice_keeps_one_thread_and_a_restart_reports_again() -> None:
    errors: list[str] = []
    opener = ScriptedOpener([], last="unplugged")
    worker = LoopWorker(opener, lambda err: errors.append(str(err)))
    worker.start()
    first = worker._thread
    worker.start()
    assert worker._thread is first and worker.running
    wait_until(lambda: len(opener.calls) >= 3)
    worker.stop()
    assert not worker.running and errors == ["unplugged"]
    with worker:
        wait_until(lambda: len(errors) == 2)
    assert errors == ["unplugged", "unplugged"]
