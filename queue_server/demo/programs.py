"""The demo's programs as processes: start one with its log, tell whether it runs and shows its
screen, and say why one died (its exit code, a hint, the last lines of its log with any known
token blanked)."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

TAIL_LINES = 8
QT_PLATFORM_PLUGIN = "/plugins/platforms/libq"
REDACTED = "[token removed]"

# What a dying Qt program's log says, and what to do about it.
HINTS = (
    (
        "could not connect to display",
        "no X display at DISPLAY={display}: check DISPLAY, or unset it to run offscreen",
    ),
    (
        'Could not load the Qt platform plugin "xcb"',
        "Qt's xcb plugin cannot load: run `./run setup` as root to install the XCB libraries",
    ),
    ("no Qt platform plugin could be initialized", "Qt found no usable platform plugin"),
)


@dataclass
class Program:
    """One started program of the demo and the file its output goes to."""

    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    display: str = ""  # the DISPLAY it was given, for the hints
    started: bool = False  # set by settle(): it ran on with its screen open

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    @property
    def up(self) -> bool:
        """Running, and started as far as settle() could tell."""
        return self.running and self.started

    def state(self) -> str:
        """'running (pid N)', 'running but ...' while it has not started, or how it ended."""
        if not self.running:
            return f"exited with {exit_code_text(self.process.returncode)}"
        if not self.started:
            return f"running (pid {self.process.pid}) but has not opened its screen"
        return f"running (pid {self.process.pid})"

    def has_qt_screen(self) -> bool:
        """Qt has loaded its platform plugin in the process: it got past opening its screen
        (the one sign every Qt program gives; Linux /proc only)."""
        try:
            maps = Path(f"/proc/{self.process.pid}/maps").read_text(errors="replace")
        except OSError:
            return False
        return QT_PLATFORM_PLUGIN in maps


def start_program(name: str, command: Sequence[str], env: dict[str, str], logs: Path) -> Program:
    """Start `command` with its stdout and stderr in `logs`/NAME.log."""
    log_path = logs / f"{name}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(list(command), env=env, stdout=log_file, stderr=log_file)
    return Program(name, process, log_path, env.get("DISPLAY", ""))


def exit_code_text(code: int | None) -> str:
    """`134`, or `-6 (SIGABRT)` for a program a signal ended."""
    if code is None or code >= 0:
        return str(code)
    try:
        return f"{code} ({signal.Signals(-code).name})"
    except ValueError:
        return str(code)


def log_tail(path: Path, secrets: Iterable[str], lines: int = TAIL_LINES) -> list[str]:
    """The last `lines` non-empty lines of `path`, with every one of `secrets` blanked out."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, REDACTED)
    return [line for line in text.splitlines() if line.strip()][-lines:]


def failure_report(program: Program, secrets: Iterable[str]) -> str:
    """What a tester needs: which program, its exit code, a hint and its log's last lines."""
    tail = log_tail(program.log_path, secrets)
    text = "\n".join(tail)
    hints = [hint.format(display=program.display) for marker, hint in HINTS if marker in text]
    lines = [f"{program.name} {program.state()}; see {program.log_path}"]
    lines += [f"  hint: {hints[0]}"] if hints else []
    lines += [f"  last lines of {program.log_path.name}:"] if tail else ["  its log is empty"]
    lines += [f"    | {line}" for line in tail]
    return "\n".join(lines)


def settle(programs: Sequence[Program], grace: float, limit: float) -> list[Program]:
    """Wait until each Qt program has died or kept its screen `grace` seconds (at most `limit`
    seconds in all) and mark those `started`; the ones that did not start."""
    screen_since: dict[str, float] = {}
    deadline = time.monotonic() + limit
    waiting = list(programs)
    while waiting and time.monotonic() < deadline:
        now = time.monotonic()
        for program in [p for p in waiting if p.running and p.has_qt_screen()]:
            program.started = now - screen_since.setdefault(program.name, now) >= grace
        waiting = [p for p in waiting if p.running and not p.started]
        time.sleep(0.1)  # polling child processes with a deadline
    return [program for program in programs if not program.up]


def stop_all(programs: Sequence[Program]) -> None:
    """SIGTERM in reverse start order; SIGKILL whatever has not ended 5 s later."""
    for program in reversed(programs):
        if program.running:
            program.process.send_signal(signal.SIGTERM)
    for program in programs:
        try:
            program.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            program.process.kill()
            program.process.wait()
