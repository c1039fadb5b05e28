"""Printer specs, DLE EOT decoding and printing to the virtual printer over a pty."""

from __future__ import annotations

import socket
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
import serial
from hypothesis import given, settings
from hypothesis import strategies as hs

from devices.errors import PortError, PrinterError, PrinterNotReadyError, PrinterSpecError
from devices.printer import PrinterStatus, Receipt, ReceiptPrinter, open_printer
from devices.printer import parse_printer_spec as parse
from devices.printer import status as st
from devices.printer.transport import SerialTransport
from devices.sim import VirtualPrinter
from tests.devices.conftest import wait_until

RECEIPT = Receipt(
    "栖霞区政务服务中心", "社保卡补办", "B007", 0, 5, "B区", datetime(2026, 11, 28, 14, 5),
    qr_payload="https://hall.example.cn/t/B007", notices=["请携带身份证原件。"],
)  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("usb:0416:5011", "usb:0416:5011"),
        ("serial:/dev/ttyUSB0", "serial:/dev/ttyUSB0@115200"),
        ("serial:/dev/pts/3@9600", "serial:/dev/pts/3@9600"),
        ("serial:COM3@19200", "serial:COM3@19200"),
        ("net:192.168.1.50", "net:192.168.1.50:9100"),
        ("net:printer.local:9101", "net:printer.local:9101"),
        ("net:[::1]:9100", "net:::1:9100"),
        ("file:/dev/usb/lp0", "file:/dev/usb/lp0"),
        ("dummy", "dummy"),
        ("sim", "sim"),
        (" SIM ", "sim"),
    ],
)
def test_specs(spec: str, expected: str) -> None:
    assert str(parse(spec)) == expected


@pytest.mark.parametrize(
    "spec",
    ["", "usb:zz:1", "usb:0416", "serial:", "serial:/dev/x@fast", "net:host:0", "lpt1", "net:"],
)
def test_bad_specs_list_the_accepted_forms(spec: str) -> None:
    with pytest.raises(PrinterSpecError) as caught:
        parse(spec)
    message = str(caught.value)
    for form in (
        "usb:VID:PID",
        "serial:PORT[@BAUD]",
        "net:HOST[:PORT]",
        "file:PATH",
        "dummy",
        "sim",
    ):
        assert form in message


@pytest.mark.parametrize(
    ("printer", "cause", "paper", "expected"),
    [
        (b"\x12", None, b"\x12", PrinterStatus.ONLINE),
        (b"\x12", None, b"\x1e", PrinterStatus.PAPER_NEAR_END),
        (b"\x12", None, b"\x72", PrinterStatus.PAPER_OUT),
        (b"\x1a", b"\x16", None, PrinterStatus.COVER_OPEN),
        (b"\x1a", b"\x32", None, PrinterStatus.PAPER_OUT),
        (b"\x1a", b"\x52", None, PrinterStatus.OFFLINE),
        (b"", None, None, PrinterStatus.UNKNOWN),  # no answer is never OK
        (b"\x10", None, b"\x12", PrinterStatus.UNKNOWN),  # an echo of DLE EOT is not a reply
        (b"\x12\x12", None, b"\x12", PrinterStatus.UNKNOWN),
        (b"\x12", None, b"", PrinterStatus.UNKNOWN),
    ],
)
def test_dle_eot_decoding(
    printer: bytes, cause: bytes | None, paper: bytes | None, expected: PrinterStatus
) -> None:
    assert st.combine(printer, cause, paper) is expected


def test_status_queries_are_the_documented_bytes() -> None:
    assert (st.DLE_EOT_PRINTER, st.DLE_EOT_PAPER) == (b"\x10\x04\x01", b"\x10\x04\x04")


def test_only_printable_states_can_print() -> None:
    printable = {state for state in PrinterStatus if state.can_print}
    assert printable == {
        PrinterStatus.ONLINE,
        PrinterStatus.PAPER_NEAR_END,
        PrinterStatus.CANNOT_TELL,
    }


@pytest.fixture
def printer(sim_printer: VirtualPrinter):
    with open_printer(f"serial:{sim_printer.port}@115200") as opened:
        yield opened


@pytest.mark.parametrize(
    ("paper", "cover", "expected"),
    [
        ("ok", False, PrinterStatus.ONLINE),
        ("near_end", False, PrinterStatus.PAPER_NEAR_END),
        ("out", False, PrinterStatus.PAPER_OUT),
        ("ok", True, PrinterStatus.COVER_OPEN),
    ],
)
def test_status_over_pty(
    sim_printer: VirtualPrinter, printer: ReceiptPrinter, paper: str, cover: bool, expected
) -> None:
    sim_printer.paper, sim_printer.cover_open = paper, cover
    assert printer.status(timeout=0.3) is expected


def test_silent_printer_is_unknown_within_the_timeout(
    sim_printer: VirtualPrinter, printer: ReceiptPrinter
) -> None:
    sim_printer.silent = True
    started = time.monotonic()
    assert printer.status(timeout=0.1) is PrinterStatus.UNKNOWN
    assert time.monotonic() - started < 0.5
    assert sim_printer.queries == [1]


def test_loopback_echo_is_not_an_online_printer() -> None:
    printer = ReceiptPrinter(SerialTransport(serial.serial_for_url("loop://", timeout=0.05)))
    assert printer.status(timeout=0.1) is PrinterStatus.UNKNOWN


def test_print_and_reprint_reach_the_printer(
    sim_printer: VirtualPrinter, printer: ReceiptPrinter
) -> None:
    sent = printer.print_receipt(RECEIPT)
    assert sim_printer.wait_for(len(sent))
    assert sim_printer.received == sent
    text = sim_printer.received_text()
    assert "社保卡补办" in text and "请携带身份证原件。" in text
    assert printer.reprint_last() == sent
    assert sim_printer.wait_for(2 * len(sent))
    assert sim_printer.received == sent + sent


def test_paper_out_refuses_to_print(sim_printer: VirtualPrinter, printer: ReceiptPrinter) -> None:
    sim_printer.paper = "out"
    with pytest.raises(PrinterNotReadyError) as caught:
        printer.print_receipt(RECEIPT)
    assert caught.value.status is PrinterStatus.PAPER_OUT and "缺纸" in str(caught.value)
    assert sim_printer.received == b""


def test_reprint_before_any_print_is_an_error(printer: ReceiptPrinter) -> None:
    with pytest.raises(PrinterError, match="nothing printed"):
        printer.reprint_last()


def test_unplugged_printer_is_offline_then_not_ready(
    sim_printer: VirtualPrinter, printer: ReceiptPrinter
) -> None:
    sim_printer.disappear()
    assert printer.status(timeout=0.1) is PrinterStatus.OFFLINE
    with pytest.raises(PrinterNotReadyError):
        printer.print_receipt(RECEIPT)


def test_a_replugged_printer_prints_again_on_the_same_printer_object(
    sim_printer: VirtualPrinter, printer: ReceiptPrinter
) -> None:
    first = printer.print_receipt(RECEIPT)
    assert sim_printer.wait_for(len(first))
    old_pty = sim_printer.pty_path
    sim_printer.disappear()  # unplugged: the open port now fails with "Input/output error"
    sim_printer.reappear()  # plugged back in: a new device behind the same name
    assert sim_printer.pty_path != old_pty
    sim_printer.clear()
    sent = printer.print_receipt(RECEIPT)  # the stale connection fails the check: reopened
    assert sim_printer.wait_for(len(sent)) and sim_printer.received == sent
    assert printer.transport.reopened == 1  # type: ignore[attr-defined]


def test_status_of_a_stale_connection_reopens_it(
    sim_printer: VirtualPrinter, printer: ReceiptPrinter
) -> None:
    sim_printer.disappear()
    sim_printer.reappear()
    sim_printer.paper = "near_end"
    assert printer.status(timeout=0.3) is PrinterStatus.PAPER_NEAR_END  # asked on the new pty
    assert printer.transport.reopened == 1  # type: ignore[attr-defined]


def test_sim_spec_starts_a_virtual_printer() -> None:
    printer = open_printer("sim")
    simulator: VirtualPrinter = printer.transport.simulator  # type: ignore[attr-defined]
    try:
        assert printer.status() is PrinterStatus.ONLINE
        sent = printer.print_receipt(RECEIPT)
        assert simulator.wait_for(len(sent)) and simulator.received == sent
    finally:
        printer.close()
    assert not simulator.plugged_in


def test_dummy_and_file_cannot_tell_but_print(tmp_path: Path) -> None:
    dummy = open_printer("dummy")
    assert dummy.status() is PrinterStatus.CANNOT_TELL
    assert dummy.print_receipt(RECEIPT) == dummy.transport.output  # type: ignore[attr-defined]
    target = tmp_path / "lp0"
    with open_printer(f"file:{target}") as printer:
        assert printer.status() is PrinterStatus.CANNOT_TELL
        sent = printer.print_receipt(RECEIPT)
    assert target.read_bytes() == sent


def test_network_printer_on_loopback() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    received = bytearray()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(4096):
                if chunk.startswith(b"\x10\x04"):
                    conn.sendall(b"\x12")
                else:
                    received.extend(chunk)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    port = server.getsockname()[1]
    with open_printer(f"net:127.0.0.1:{port}") as printer:
        assert printer.status(timeout=0.5) is PrinterStatus.ONLINE
        sent = printer.print_receipt(RECEIPT)
    thread.join(2)
    server.close()
    assert bytes(received) == sent


def test_unreachable_network_printer_is_a_port_error() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    server.close()
    with pytest.raises(PortError, match=f"127.0.0.1:{port}"):
        open_printer(f"net:127.0.0.1:{port}")


def test_wait_helper_sees_data(sim_printer: VirtualPrinter, printer: ReceiptPrinter) -> None:
    printer.transport.write(b"\x1b@hello")
    wait_until(lambda: sim_printer.received_text() == "hello")


@settings(max_examples=300, deadline=200)
@given(hs.text(max_size=40))
def test_arbitrary_specs_raise_only_spec_errors(spec: str) -> None:
    try:
        parsed = parse(spec)
    except PrinterSpecError:
        return
    assert parsed.kind in ("usb", "serial", "net", "file", "dummy", "sim")


@settings(max_examples=300, deadline=200)
@given(hs.binary(max_size=400))
def test_escpos_decoder_never_fails(data: bytes) -> None:
    from devices.printer.decode import escpos_text, qr_payloads

    assert isinstance(escpos_text(data), str)
    assert isinstance(qr_payloads(data), list)


def test_a_network_printer_switched_off_and_on_is_connected_again() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    received = bytearray()

    def serve(connections: int) -> None:
        for number in range(connections):
            conn, _ = server.accept()
            with conn:  # the first connection ends after the status answers: a power cycle
                while chunk := conn.recv(4096):
                    if chunk.startswith(b"\x10\x04"):
                        conn.sendall(b"\x12")
                        if number == 0 and chunk == b"\x10\x04\x04":
                            break
                    else:
                        received.extend(chunk)

    thread = threading.Thread(target=serve, args=(2,), daemon=True)
    thread.start()
    with open_printer(f"net:127.0.0.1:{server.getsockname()[1]}") as printer:
        assert printer.status(timeout=0.5) is PrinterStatus.ONLINE
        sent = printer.print_receipt(RECEIPT)  # the old connection is closed: a new one prints
        assert printer.transport.reopened == 1  # type: ignore[attr-defined]
    thread.join(2)
    server.close()
    assert bytes(received) == sent
