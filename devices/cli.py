"""`hall-devices`: diagnostics for field technicians (ports, ID card, scanner, printer, simulators).

Failures print one line on stderr and exit non-zero; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from devices.checks import SAMPLE_CONFIG
from devices.errors import DeviceError

if TYPE_CHECKING:
    from devices.printer import Receipt

log = logging.getLogger(__name__)

EXIT_WARNINGS = 1
EXIT_DEVICE_ERROR = 2
EXIT_NO_CARD = 3


def _list_ports(args: argparse.Namespace) -> int:
    from devices.ports import available_ports

    ports = available_ports()
    for device, description in ports:
        print(f"{device}\t{description}")
    if not ports:
        print("no serial ports found")
    return 0


def _read_id(args: argparse.Namespace) -> int:
    from devices.idcard import IdCardReader, open_port

    port = open_port(args.port, baudrate=args.baud)
    try:
        card = IdCardReader(port, timeout=args.timeout).read_card()
    finally:
        port.close()
    if card is None:
        print(f"no card on the reader at {args.port}", file=sys.stderr)
        return EXIT_NO_CARD
    data = card.to_dict() if args.reveal else card.masked()
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def _scan(args: argparse.Namespace) -> int:
    from devices.scanner import SerialScanner, open_port

    done = threading.Event()
    codes: list[str] = []
    errors: list[DeviceError] = []

    def on_code(code: str) -> None:
        print(code, flush=True)
        codes.append(code)
        if args.count and len(codes) >= args.count:
            done.set()

    def on_error(err: DeviceError) -> None:
        errors.append(err)
        done.set()

    terminator = args.terminator.encode().decode("unicode_escape").encode("latin-1") or None
    scanner = SerialScanner(
        lambda: open_port(args.port, baudrate=args.baud), on_code, on_error, terminator=terminator
    )
    with scanner:
        done.wait(args.seconds or None)
    if errors and not codes:
        raise errors[0]
    return 0


def _test_receipt() -> Receipt:
    from devices.printer import Receipt

    return Receipt(
        hall_name="政务服务中心（打印测试）",
        hall_name_en="Government Service Centre (print test)",
        service_name="打印机测试：中文标点，。！？",
        service_name_en="Printer test",
        number="A001",
        ahead=3,
        eta_minutes=12,
        window_area="A区 1-6号窗口",
        window_area_en="Area A, windows 1-6",
        issued_at=datetime.now().replace(second=0, microsecond=0),
        holder_masked="张*丰",
        phone_masked="138****1234",
        qr_payload="https://example.cn/t/PRINT-TEST-0001",
        notices=["如能看清本行中文、大号码和二维码，打印机工作正常。", "费用：￥0.00"],
    )


def _print_test(args: argparse.Namespace) -> int:
    from devices.printer import open_printer

    with open_printer(args.printer, profile=args.profile, check_status=not args.force) as printer:
        data = printer.print_receipt(_test_receipt())
        print(f"sent {len(data)} bytes to {printer.name}")
    return 0


def _printer_status(args: argparse.Namespace) -> int:
    from devices.printer import open_printer

    with open_printer(args.printer, check_status=False) as printer:
        state = printer.status(timeout=args.timeout)
    note = ""
    if args.printer.strip().lower() == "sim":  # not the kiosk's: a new one, always fine
        note = " (a virtual printer started for this query, not a kiosk's)"
    print(f"{printer.name}: {state}{note}")
    return 0 if state.can_print else EXIT_DEVICE_ERROR


def _check(args: argparse.Namespace) -> int:
    from devices.checks import Level, kiosk_findings, read_kiosk_file

    print(f"kiosk configuration {args.config}")
    findings = kiosk_findings(read_kiosk_file(args.config))
    for finding in findings:
        print(finding)
    levels = {finding.level for finding in findings}
    if Level.FAIL in levels:
        return EXIT_DEVICE_ERROR
    return EXIT_WARNINGS if Level.WARN in levels else 0


def _sim_idcard(args: argparse.Namespace) -> int:
    """The reader on a pty, worked by commands on stdin (lift, put, card N); Ctrl-C stops it."""
    from devices.sim import TEST_CARDS, VirtualIdCardReader
    from devices.sim.idcard_control import COMMANDS, describe, serve_commands

    if not 0 <= args.card < len(TEST_CARDS):
        raise DeviceError(
            f"--card {args.card}: choose a sample card from 0 to {len(TEST_CARDS) - 1}"
        )
    card = None if args.no_card else TEST_CARDS[args.card]
    with VirtualIdCardReader(card) as reader:
        print(reader.port, flush=True)  # the first line: what a kiosk or `read-id` opens
        print(f"{describe(reader)}\n{COMMANDS}", flush=True)
        try:
            serve_commands(reader, sys.stdin, sys.stdout)
            while True:  # stdin closed (e.g. started in the background): serve on, no commands
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


def _sim(args: argparse.Namespace) -> int:
    from devices.sim import VirtualScanner
    from devices.sim.pty_device import PtyDevice

    if args.device == "idcard":
        return _sim_idcard(args)
    if args.device == "printer":
        return _sim_printer(args)
    device: PtyDevice = VirtualScanner()
    with device:
        print(device.port, flush=True)
        _serve_until_interrupted()
    return 0


def _sim_printer(args: argparse.Namespace) -> int:
    from devices.sim import VirtualPrinter
    from devices.sim.printer_console import run_console

    with VirtualPrinter() as printer:
        try:
            run_console(printer, sys.stdin, sys.stdout, args.previews)
        except KeyboardInterrupt:
            return 0
        _serve_until_interrupted()  # end of input: keep printing until Ctrl-C
    return 0


def _serve_until_interrupted() -> None:
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


def build_parser() -> argparse.ArgumentParser:
    from devices.sim.idcard_control import COMMANDS as IDCARD_COMMANDS

    parser = argparse.ArgumentParser(prog="hall-devices", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list-ports", help="serial ports of this computer").set_defaults(
        run=_list_ports
    )
    read = commands.add_parser("read-id", help="read the ID card on the reader (JSON, masked)")
    read.add_argument("--port", required=True, help="device path or pyserial URL")
    read.add_argument("--baud", type=int, default=115200)
    read.add_argument("--timeout", type=float, default=1.0)
    read.add_argument("--reveal", action="store_true", help="show unmasked personal data")
    read.set_defaults(run=_read_id)
    scan = commands.add_parser("scan", help="print codes read by a serial scanner")
    scan.add_argument("--port", required=True)
    scan.add_argument("--baud", type=int, default=9600)
    scan.add_argument("--terminator", default="", help=r"e.g. '\r' (default: CR, LF or CRLF)")
    scan.add_argument("--count", type=int, default=0, help="stop after this many codes")
    scan.add_argument("--seconds", type=float, default=0, help="stop after this long")
    scan.set_defaults(run=_scan)
    test = commands.add_parser("print-test", help="print a test receipt")
    test.add_argument("--printer", required=True, help="printer spec, e.g. serial:/dev/ttyS0@9600")
    test.add_argument("--profile", default="generic-80")
    test.add_argument("--force", action="store_true", help="print even if status is not OK")
    test.set_defaults(run=_print_test)
    status = commands.add_parser("printer-status", help="ask the printer for its state")
    status.add_argument("--printer", required=True)
    status.add_argument("--timeout", type=float, default=0.5)
    status.set_defaults(run=_printer_status)
    check = commands.add_parser(
        "check",
        help="check a kiosk: public URL of its QR codes, printer, ID card reader, scanner",
        description="One line per check (OK, WARN, FAIL). Exit 0 all OK, 1 warnings, 2 a failure.",
    )
    check.add_argument(
        "--config", type=Path, default=SAMPLE_CONFIG, help="kiosk TOML (default: the sample)"
    )
    check.set_defaults(run=_check)
    sim = commands.add_parser(
        "sim",
        help="run a virtual device until Ctrl-C",
        description="Run a virtual device on a pseudo-terminal until Ctrl-C; the first line\n"
        "printed is its port. The ID card reader, like a real one, reads a card once per\n"
        "placement: type put to swipe it again. The printer also prints the folder of its\n"
        "PNG previews (one per receipt) and reads commands on standard input.",
        epilog=f"idcard {IDCARD_COMMANDS}\nprinter commands: ok | near-end | out | cover | offline"
        " | silent | unplug | plug | status | save | help",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sim.add_argument("device", choices=["idcard", "printer", "scanner"])
    sim.add_argument("--card", type=int, default=0, help="index of the test identity (idcard)")
    sim.add_argument("--no-card", action="store_true", help="start with the reader empty (idcard)")
    sim.add_argument(
        "--previews", type=Path, help="folder for the printer's PNG previews (default: a new one)"
    )
    sim.set_defaults(run=_sim)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `hall-devices` console script."""
    logging.basicConfig(level=logging.ERROR, format="%(message)s")
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except DeviceError as err:
        print(f"hall-devices {args.command}: {err}", file=sys.stderr)
        return EXIT_DEVICE_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
