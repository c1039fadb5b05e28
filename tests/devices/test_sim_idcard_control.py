"""`hall-devices sim idcard` takes commands on standard input: lift the card, put it back (a new
swipe), choose another sample card; the reader answers over its pty accordingly."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.cli import EXIT_NO_CARD, main
from devices.idcard import CardPoller, IdCard, open_port
from devices.sim import TEST_CARDS, VirtualIdCardReader
from devices.sim.idcard_control import run_command
from tests.devices.conftest import wait_until

ROOT = Path(__file__).resolve().parents[2]


class Simulator:
    """`hall-devices sim idcard` in a subprocess whose standard input is a terminal (a pty)."""

    def __init__(self) -> None:
        self.terminal, stdin = os.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devices.cli", "sim", "idcard"],
            cwd=ROOT,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.close(stdin)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.port = self.lines.get(timeout=20).strip()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def type(self, text: str) -> None:
        os.write(self.terminal, text.encode())

    def answer_to(self, command: str) -> str:
        """Type `command` and return its one-line answer (what a tester sees)."""
        self.type(command + "\n")
        while True:
            line = self.lines.get(timeout=10)
            if line.startswith(("put", "lifted:", "card N", "unknown")):
                return line

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        _, err = self.process.communicate(timeout=10)
        os.close(self.terminal)
        return err


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    sim = Simulator()
    yield sim
    if sim.process.poll() is None:
        sim.stop()


def read_name(port: str, capsys: pytest.CaptureFixture[str]) -> str | None:
    """`hall-devices read-id`: the masked name read, or None when it reports no card."""
    code = main(["read-id", "--port", port])
    out = capsys.readouterr().out
    if code == EXIT_NO_CARD:
        return None
    assert code == 0
    return str(json.loads(out)["name"])


def test_lift_put_and_card_over_a_terminal(
    simulator: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    first, fourth = (TEST_CARDS[n].masked_name() for n in (0, 3))
    assert read_name(simulator.port, capsys) == first
    assert read_name(simulator.port, capsys) is None  # read once per placement, as a real SAM
    assert simulator.answer_to("put") == f"put: card 0 ({first}) on the reader; reads so far: 1"
    assert read_name(simulator.port, capsys) == first  # swiped again
    assert simulator.answer_to("lift") == "lifted: no card on the reader"
    assert read_name(simulator.port, capsys) is None
    assert simulator.answer_to("put").startswith(f"put: card 0 ({first})")
    assert read_name(simulator.port, capsys) == first
    assert simulator.answer_to("card 3").startswith(f"put: card 3 ({fourth})")
    assert read_name(simulator.port, capsys) == fourth
    assert simulator.answer_to("card 99").startswith("card N: N is a sample card from 0 to")
    assert simulator.answer_to("swipe").startswith("unknown command 'swipe'")
    assert simulator.answer_to("put 2").startswith("put takes no number: card N")
    simulator.type("\x04")  # Ctrl-D: the end of the commands, not of the reader
    assert read_name(simulator.port, capsys) is None  # it still answers: card 3 was read
    err = simulator.stop()
    assert simulator.process.returncode == 0 and "Traceback" not in err, err


def test_a_kiosk_poller_sees_each_put_as_a_new_swipe(tmp_path: Path) -> None:
    seen: list[IdCard] = []
    with VirtualIdCardReader(TEST_CARDS[1], link_dir=tmp_path) as reader:
        poller = CardPoller(lambda: open_port(reader.port), seen.append, interval=0.02)
        with poller:
            wait_until(lambda: len(seen) == 1)
            assert run_command(reader, "lift").startswith("lifted: no card")
            polls = len(reader.requests)
            wait_until(lambda: len(reader.requests) > polls + 20)  # polled with no card there
            assert len(seen) == 1
            run_command(reader, "put")
            wait_until(lambda: len(seen) == 2)
            run_command(reader, "card 4")
            wait_until(lambda: len(seen) == 3)
    assert [card.id_number for card in seen] == [TEST_CARDS[n].id_number for n in (1, 1, 4)]
