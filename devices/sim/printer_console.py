"""`hall-devices sim printer`: a virtual printer a tester drives from standard input, saving a
PNG preview of every receipt it prints.

Commands, one a line: ok, near-end, out, cover, offline, silent (paper and error states),
unplug, plug, status, save (the receipt still without a cut), help. Unknown lines are answered
with the list; end of input leaves the printer running until Ctrl-C.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

from devices.printer.escpos_preview import render_escpos_preview
from devices.sim.printer import NEAR_END, ONLINE, PAPER_OUT, VirtualPrinter

log = logging.getLogger(__name__)

HELP = (
    "commands: ok | near-end | out | cover | offline | silent  (printer state)\n"
    "          unplug | plug  (the port disappears / comes back)\n"
    "          status | save (preview the receipt still waiting for a cut) | help"
)


def _set_state(printer: VirtualPrinter, paper: str = ONLINE, **flags: bool) -> None:
    printer.paper = paper
    printer.cover_open = flags.get("cover", False)
    printer.offline = flags.get("offline", False)
    printer.silent = flags.get("silent", False)


STATES: dict[str, Callable[[VirtualPrinter], None]] = {
    "ok": lambda p: _set_state(p),
    "near-end": lambda p: _set_state(p, NEAR_END),
    "out": lambda p: _set_state(p, PAPER_OUT),
    "cover": lambda p: _set_state(p, cover=True),
    "offline": lambda p: _set_state(p, offline=True),
    "silent": lambda p: _set_state(p, silent=True),
    "unplug": lambda p: p.disappear(),
    "plug": lambda p: p.reappear(),
}
ALIASES = {"near_end": "near-end", "near": "near-end", "paper-out": "out", "cover-open": "cover"}


def describe(printer: VirtualPrinter) -> str:
    """The state as the tester set it, in the words of the commands."""
    if not printer.plugged_in:
        return "unplugged"
    if printer.silent:
        return "silent (no answer)"
    flags = [
        name for name, on in (("cover", printer.cover_open), ("offline", printer.offline)) if on
    ]
    return " ".join([f"paper {printer.paper.replace('_', ' ')}", *flags])


class PreviewSaver:
    """Writes each receipt the printer received as receipt-0001.png, ... into `folder`."""

    def __init__(self, folder: Path, out: IO[str], paper_mm: int = 80) -> None:
        self.folder = folder
        self.out = out
        self.paper_mm = paper_mm
        self.saved: list[Path] = []
        self._lock = threading.Lock()

    def __call__(self, receipt: bytes) -> None:
        with self._lock:
            path = self.folder / f"receipt-{len(self.saved) + 1:04d}.png"
            try:
                render_escpos_preview(receipt, self.paper_mm).save(path)
            except (OSError, ValueError) as err:
                log.error("cannot save the preview %s: %s", path, err)
                return
            self.saved.append(path)
        print(f"printed {len(receipt)} bytes, preview {path}", file=self.out, flush=True)


def run_console(
    printer: VirtualPrinter, commands: IO[str], out: IO[str], folder: Path | None = None
) -> PreviewSaver:
    """Serve `printer` (started) with previews in `folder` (a new temporary one by default),
    obeying `commands` until their end."""
    folder = folder or Path(tempfile.mkdtemp(prefix="hall-printer-previews-"))
    folder.mkdir(parents=True, exist_ok=True)
    saver = PreviewSaver(folder, out)
    printer.on_receipt = saver
    print(printer.port, file=out, flush=True)  # first line: the port, as for every sim device
    print(f"previews: {folder}", file=out, flush=True)
    print(HELP, file=out, flush=True)
    for line in commands:
        obey(printer, line.strip().lower(), out)
    return saver


def obey(printer: VirtualPrinter, command: str, out: IO[str]) -> None:
    """Carry out one command line and say what the printer is now."""
    command = ALIASES.get(command, command)
    if not command:
        return
    if command == "save":
        if not printer.flush_receipt():
            print("nothing waiting to be previewed", file=out, flush=True)
        return
    action = STATES.get(command)
    if action is None and command != "status":
        print(f"unknown command {command!r}\n{HELP}", file=out, flush=True)
        return
    if action is not None:
        action(printer)
    print(f"printer: {describe(printer)}", file=out, flush=True)
