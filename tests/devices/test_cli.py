"""`hall-devices` diagnostics: real virtual devices, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from devices.cli import EXIT_DEVICE_ERROR, EXIT_NO_CARD, main
from devices.sim import VirtualIdCardReader, VirtualPrinter, VirtualScanner
from devices.sim.identities import OUYANG_JIANGUO

ROOT = Path(__file__).resolve().parents[2]


def test_read_id_prints_masked_json(
    sim_reader: VirtualIdCardReader, capsys: pytest.CaptureFixture[str]
) -> None:
    sim_reader.present(OUYANG_JIANGUO)
    assert main(["read-id", "--port", sim_reader.port]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "name": "欧**国",
        "sex": "男",
        "nation": "汉族",
        "id_number": "3201**********0014",
        "valid_to": "长期",
    }


def test_read_id_reveal(sim_reader: VirtualIdCardReader, capsys) -> None:
    sim_reader.present(OUYANG_JIANGUO)
    assert main(["read-id", "--port", sim_reader.port, "--reveal"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id_number"] == "320113195805060014" and data["address"].startswith("江苏省")


def test_read_id_without_card(sim_reader: VirtualIdCardReader, capsys) -> None:
    assert main(["read-id", "--port", sim_reader.port]) == EXIT_NO_CARD
    assert "no card" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["read-id", "--port", "/dev/ttyNOPE9"], "no such port"),
        (["scan", "--port", "/dev/ttyNOPE9", "--seconds", "1"], "no such port"),
        (["print-test", "--printer", "lpt1"], "accepted forms"),
        (["printer-status", "--printer", "serial:/dev/ttyNOPE9"], "no such port"),
        (["print-test", "--printer", "dummy", "--profile", "epson-9"], "unknown printer profile"),
        (["print-test", "--printer", "usb:0416:5011"], "usb:0416:5011"),
        (["print-test", "--printer", "file:/nonexistent/dir/lp0"], "cannot write printer file"),
        (["printer-status", "--printer", "net:127.0.0.1:1"], "cannot connect"),
    ],
)
def test_failures_are_one_line_and_non_zero(argv: list[str], words: str, capsys) -> None:
    assert main(argv) == EXIT_DEVICE_ERROR
    captured = capsys.readouterr()
    assert words in captured.err
    assert len(captured.err.strip().splitlines()) == 1 and "Traceback" not in captured.err


def test_silent_reader_is_explained(sim_reader: VirtualIdCardReader, capsys) -> None:
    from devices.sim import Failure

    sim_reader.fail(Failure.SILENT, times=None)
    assert main(["read-id", "--port", sim_reader.port, "--timeout", "0.1"]) == EXIT_DEVICE_ERROR
    assert "did not answer" in capsys.readouterr().err


def test_busy_port_is_explained(sim_reader: VirtualIdCardReader, capsys) -> None:
    from devices.idcard import open_port

    holder = open_port(sim_reader.port)
    try:
        assert main(["read-id", "--port", sim_reader.port]) == EXIT_DEVICE_ERROR
    finally:
        holder.close()
    assert "busy" in capsys.readouterr().err


def test_printer_status_and_print_test(sim_printer: VirtualPrinter, capsys) -> None:
    spec = f"serial:{sim_printer.port}@115200"
    assert main(["printer-status", "--printer", spec]) == 0
    assert "正常" in capsys.readouterr().out
    assert main(["print-test", "--printer", spec]) == 0
    assert "sent" in capsys.readouterr().out
    assert sim_printer.wait_for(500)
    text = sim_printer.received_text()
    assert "A001" in text and "打印机测试：中文标点，。！？" in text
    sim_printer.paper = "out"
    assert main(["printer-status", "--printer", spec]) == EXIT_DEVICE_ERROR
    assert main(["print-test", "--printer", spec]) == EXIT_DEVICE_ERROR
    assert "缺纸" in capsys.readouterr().err


def test_scan_prints_codes(sim_scanner: VirtualScanner, capsys) -> None:
    result: list[int] = []
    argv = ["scan", "--port", sim_scanner.port, "--count", "1", "--seconds", "3"]
    runner = threading.Thread(target=lambda: result.append(main(argv)))
    runner.start()
    deadline = time.monotonic() + 3
    while runner.is_alive() and time.monotonic() < deadline:
        sim_scanner.scan("CODE-1")  # repeated: pyserial drops input that arrived before open()
        runner.join(0.05)
    assert result == [0]
    assert set(capsys.readouterr().out.split()) == {"CODE-1"}


def test_list_ports_runs(capsys) -> None:
    assert main(["list-ports"]) == 0
    assert capsys.readouterr().out.strip() != ""


def test_sim_command_serves_a_reader_until_interrupted(capsys) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "devices.cli", "sim", "idcard"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().strip()
        assert main(["read-id", "--port", port]) == 0
        assert json.loads(capsys.readouterr().out)["name"] == "张*丰"
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=5)
    assert process.returncode == 0 and "Traceback" not in err
