"""`hall-devices sim printer`: paper states from standard input, a PNG preview of each receipt;
the receipt split and the preview renderer it uses."""

from __future__ import annotations

import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import IO

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as hs
from PIL import Image

from devices.cli import EXIT_DEVICE_ERROR, _test_receipt
from devices.printer import open_printer, render_escpos
from devices.printer.decode import split_receipts
from devices.printer.escpos_preview import render_escpos_preview
from devices.sim import VirtualPrinter
from tests.devices.conftest import wait_until

ROOT = Path(__file__).resolve().parents[2]
CUT = b"\x1bd\x06\x1dV\x00"


@pytest.mark.parametrize(
    ("stream", "receipts", "rest"),
    [
        (b"\x1b@A001\n" + CUT, [b"\x1b@A001\n" + CUT], b""),
        (b"\x1b@A001\n" + CUT + b"\x1b@A0", [b"\x1b@A001\n" + CUT], b"\x1b@A0"),
        (b"\x1b@A001\n\x1bd\x06\x1b@A002\n", [b"\x1b@A001\n\x1bd\x06"], b"\x1b@A002\n"),
        (b"\x1b@\x1b@A001\n", [], b"\x1b@\x1b@A001\n"),  # nothing printed before the second ESC @
        (b"\x1b@A001\n\x1d", [], b"\x1b@A001\n\x1d"),  # a command cut off on the wire
        (b"\x1dv0\x00\x01\x00\x01\x00\x1dV\x00", [], b"\x1dv0\x00\x01\x00\x01\x00\x1dV\x00"),
        (
            b"\x1dv0\x00\x01\x00\x01\x00\xff\x1dV\x00",
            [b"\x1dv0\x00\x01\x00\x01\x00\xff\x1dV\x00"],
            b"",
        ),
    ],
)
def test_receipts_end_at_a_cut_or_the_next_init(
    stream: bytes, receipts: list[bytes], rest: bytes
) -> None:
    assert split_receipts(stream) == (receipts, rest)


@pytest.mark.parametrize("profile", ["generic-80", "image-qr-80", "raster-80", "generic-58"])
def test_the_preview_shows_the_qr_code_of_the_bytes(profile: str) -> None:
    receipt = replace(_test_receipt(), qr_payload="http://10.1.2.3:8600/t/tok-preview")
    image = render_escpos_preview(render_escpos(receipt, profile), 58 if "58" in profile else 80)
    assert image.width == (384 if "58" in profile else 576) + 32
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [receipt.qr_payload]
    assert image.height > 800


def test_the_virtual_printer_hands_over_each_receipt(sim_printer: VirtualPrinter) -> None:
    whole: list[bytes] = []
    sim_printer.on_receipt = whole.append
    with open_printer(f"serial:{sim_printer.port}", profile="no-cutter-58") as printer:
        first = printer.print_receipt(_test_receipt())
        second = printer.print_receipt(_test_receipt())
    assert sim_printer.wait_for(len(first) + len(second))
    wait_until(lambda: whole == [first])  # no cutter: the second one starts the next receipt
    assert sim_printer.flush_receipt() == second and whole == [first, second]


class Console:
    """`hall-devices sim printer` in a subprocess, talked to through its stdin and stdout."""

    def __init__(self, previews: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devices.cli", "sim", "printer", "--previews", str(previews)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        self.port = self.line()
        self.spec = f"serial:{self.port}"
        self.intro = [self.line() for _ in range(4)]

    @property
    def stdout(self) -> IO[str]:
        assert self.process.stdout is not None
        return self.process.stdout

    def line(self) -> str:
        return self.stdout.readline().strip()

    def say(self, command: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.line()

    def hall_devices(self, *argv: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "devices.cli", *argv]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=20)

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        _, err = self.process.communicate(timeout=5)
        return err


def test_a_tester_sets_paper_states_and_sees_each_receipt_as_png(tmp_path: Path) -> None:
    previews = tmp_path / "previews"
    console = Console(previews)
    try:
        assert console.intro[0] == f"previews: {previews}" and "near-end" in console.intro[1]
        status = ["printer-status", "--printer", console.spec, "--timeout", "0.3"]
        for command, answer, printed, code in [
            ("near-end", "printer: paper near end", "纸将用尽", 0),
            ("out", "printer: paper out", "缺纸", EXIT_DEVICE_ERROR),
            ("cover", "printer: paper ok cover", "纸仓盖未关", EXIT_DEVICE_ERROR),
            ("offline", "printer: paper ok offline", "脱机", EXIT_DEVICE_ERROR),
            ("ok", "printer: paper ok", "正常", 0),
        ]:
            assert console.say(command) == answer
            result = console.hall_devices(*status)
            assert (printed in result.stdout, result.returncode) == (True, code), result

        assert console.say("unplug") == "printer: unplugged"
        assert "no such port" in console.hall_devices(*status).stderr
        assert console.say("plug") == "printer: paper ok"

        assert console.hall_devices("print-test", "--printer", console.spec).returncode == 0
        saved = console.line()
        assert saved.startswith("printed ") and saved.endswith(str(previews / "receipt-0001.png"))
        image = Image.open(previews / "receipt-0001.png")
        codes = [code.text for code in zxingcpp.read_barcodes(image)]
        assert codes == ["https://example.cn/t/PRINT-TEST-0001"]
        assert console.say("save") == "nothing waiting to be previewed"
        assert console.say("lift the lid").startswith("unknown command 'lift the lid'")
    finally:
        err = console.stop()
    assert console.process.returncode == 0 and "Traceback" not in err


@settings(max_examples=200, deadline=None)
@given(hs.binary(max_size=300))
def test_any_bytes_split_and_preview_without_failing(data: bytes) -> None:
    receipts, rest = split_receipts(data)
    assert b"".join(receipts) + rest == data
    assert render_escpos_preview(data).width == 576 + 32


@settings(max_examples=100, deadline=None)
@given(
    hs.lists(
        hs.sampled_from(
            [
                b"\x1b@",
                b"\x1ba\x01",
                b"\x1d!\x11",
                b"A\n",
                b"\x1dV\x00",
                b"\x1dv0\x00\x01\x00\x02\x00\xff\x81",
                b"\x1d(k\x04\x001P0x",
                b"\x1d(k\x03\x001Q0",
                b"\x1bd\x06",
            ]
        ),
        max_size=30,
    )
)
def test_command_streams_split_into_what_they_were(parts: list[bytes]) -> None:
    data = b"".join(parts)
    receipts, rest = split_receipts(data)
    assert b"".join(receipts) + rest == data
    offset = 0
    for receipt in receipts:  # each ends with its cut, or where the next one starts
        offset += len(receipt)
        assert receipt.endswith(b"\x1dV\x00") or data[offset:].startswith(b"\x1b@")
    render_escpos_preview(data)
