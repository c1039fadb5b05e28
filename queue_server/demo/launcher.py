"""`hall-demo`: the sample district on one machine: server, kiosk, clerk console, display boards.

Starts the queue server (sample district, Qixia), a kiosk with virtual devices, a clerk console
logged in at window 1 and the hall display board, plus a few simulated citizens and clerks so the
board and queues move (queue_server.demo.traffic). Without a display the programs run offscreen
and save screenshots. It starts and stops processes only: the programs are separate commands.

The server runs `serve --demo` (demo accounts, demo-tokens.json beside the database, 0600). The
kiosk and the boards read their tokens from that file (`--demo-tokens`), never from their
command lines, so no token appears in a process list or in what this program logs.

It announces the demo only once the server is healthy and every program has opened its screen
(Qt loaded its platform plugin) and kept it a moment (--settle); otherwise it names each program
that died or did not open its screen, with its exit code, a hint and the last lines of its log,
and exits 1 (also when a program dies later).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import requests

from queue_server.client.base import wait_for_server
from queue_server.client.discovery import TOKENS_FILE, find_demo_token
from queue_server.clock import SHANGHAI
from queue_server.demo import bookings
from queue_server.demo.programs import (
    Program,
    failure_report,
    log_tail,
    settle,
    start_program,
    stop_all,
)
from queue_server.demo.traffic import DEMO_PASSWORD, HALL, run_traffic

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 20.0
SETTLE_SECONDS = 1.0  # Qt dies within milliseconds of loading a plugin that cannot open a screen


class DemoFailed(Exception):
    """The demo cannot go on; the message says why."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hall-demo", description=__doc__)
    parser.add_argument("--port", type=int, default=8600)
    parser.add_argument(
        "--data", type=Path, default=ROOT / "var" / "demo", help="demo database dir"
    )
    parser.add_argument("--no-traffic", action="store_true", help="no simulated citizens/clerks")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: Ctrl-C)")
    parser.add_argument(
        "--settle",
        type=float,
        default=SETTLE_SECONDS,
        metavar="SECONDS",
        help="how long every program must keep its screen open before the demo counts as "
        f"started (default %(default)s; each has {STARTUP_SECONDS:.0f} s to open it)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    args.data.mkdir(parents=True, exist_ok=True)
    programs: list[Program] = []
    stop = threading.Event()
    try:
        return _run(args, programs, stop)
    except DemoFailed as err:
        log.error("%s", err)  # the whole story on stderr, its first line as the verdict
        print(f"演示未能启动 / the demo did not start: {str(err).splitlines()[0]}", flush=True)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: the way to end a demo
        return 0
    finally:
        stop.set()
        stop_all(programs)


def _run(args: argparse.Namespace, programs: list[Program], stop: threading.Event) -> int:
    """Start everything, say what runs, then wait; 0 if every program ran to the end."""
    offscreen = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    env = _environment(offscreen)
    url = f"http://127.0.0.1:{args.port}"
    server = start_program("server", _server_command(args.data, args.port), env, args.data)
    programs.append(server)
    _wait_healthy(server, url)
    server.started = True
    booked = _book_appointments(url, args.data / "queue.db")
    tokens_file = args.data / TOKENS_FILE
    kiosk_token = _demo_kiosk_token(tokens_file)
    secrets = _secrets(tokens_file)
    screens = args.data / "screens"
    for name, command in _client_commands(url, tokens_file, screens, offscreen).items():
        log.info("starting %s", name)
        programs.append(start_program(name, command, env, args.data))
    failed = settle(programs[1:], args.settle, STARTUP_SECONDS)
    for program in failed:
        log.error("%s", failure_report(program, secrets))
    healthy = server.running and wait_for_server(url, 5.0)
    _report(url, programs, healthy, screens if offscreen else None, args.data)
    _report_bookings(booked)
    if not any(p.up for p in programs[1:]):
        raise DemoFailed("none of the kiosk, clerk console and boards is running (see above)")
    if not args.no_traffic:
        threading.Thread(target=run_traffic, args=(url, kiosk_token, stop), daemon=True).start()
    died_later = _wait([p for p in programs if p.running], args.seconds, secrets)
    return 0 if not failed and not died_later and healthy else 1


def _environment(offscreen: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["HALL_CLERK_PASSWORD"] = DEMO_PASSWORD  # the clerk console logs in by itself
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _server_command(data: Path, port: int) -> list[str]:
    """`serve --demo`: a new database gets the demo accounts and demo-tokens.json; the sample
    district, bookable from today on (queue_server/demo/bookings.py)."""
    command = [sys.executable, "-m", "queue_server.cli", "serve", "--demo"]
    command += ["--db", str(data / "queue.db"), "--port", str(port)]
    command += ["--config", str(bookings.write_demo_district(data))]
    return [*command, "--ignore-hours"]  # the demo works at any time of day


def _book_appointments(url: str, db: Path) -> list[bookings.DemoBooking]:
    """A few bookings through the fake platform; none (said in the log) if that fails."""
    try:
        return bookings.book_demo(url, db, datetime.now(SHANGHAI))
    except (OSError, ValueError, subprocess.SubprocessError, requests.RequestException) as err:
        log.warning("demo appointments could not be booked: %s", err)
        return []


def _report_bookings(booked: list[bookings.DemoBooking]) -> None:
    if not booked:
        return
    lines = ["  预约签到可试 / appointment check-in to try (kiosk: 预约签到, type the code):"]
    lines += [f"    {booking.line()}" for booking in booked]
    print("\n".join(lines), flush=True)


def _wait_healthy(server: Program, url: str) -> None:
    """Until /api/health answers; DemoFailed if the server dies or stays silent."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while server.running and time.monotonic() < deadline:
        if wait_for_server(url, 0.5):
            return
    if not server.running:
        raise DemoFailed(failure_report(server, ()))
    tail = "\n".join(f"    | {line}" for line in log_tail(server.log_path, ()))
    raise DemoFailed(
        f"the queue server did not answer on {url} within {STARTUP_SECONDS:.0f} s; "
        f"last lines of {server.log_path}:\n{tail}"
    )


def _demo_kiosk_token(path: Path) -> str:
    """The hall's kiosk token that `serve --demo` wrote (for the simulated citizens), once the
    boards' token is known to be there too."""
    found: dict[str, str] = {}
    for role in ("display", "kiosk"):
        token = find_demo_token(role, HALL, [path])
        if token is None:
            raise DemoFailed(f"no demo {role} token for hall {HALL} in {path}")
        found[role] = token[0]
    return found["kiosk"]


def _secrets(path: Path) -> list[str]:
    """Every token in demo-tokens.json, and its signature alone: never shown from a log."""
    data = json.loads(path.read_text(encoding="utf-8"))
    tokens = [str(t) for role in ("kiosk", "display") for t in dict(data.get(role, {})).values()]
    return [*tokens, *(token.rsplit(".", 1)[-1] for token in tokens)]


def _client_commands(
    url: str, tokens_file: Path, screens: Path, offscreen: bool
) -> dict[str, list[str]]:
    """The programs' command lines: they take their tokens from `tokens_file`."""
    python = sys.executable
    server = ["--server", url]
    tokens = ["--demo-tokens", str(tokens_file)]

    def shot(name: str) -> list[str]:
        return ["--screenshot", str(screens / f"{name}.png")] if offscreen else []

    display = [python, "-m", "ui.display.app", *server, "--hall", HALL, *tokens]
    return {
        "kiosk": [python, "-m", "kiosk.app", *server, *tokens, *shot("kiosk")],
        "clerk": [
            *(python, "-m", "ui.clerk.app", *server, "--hall", HALL),
            *("--window", "1", "--user", "clerk", *shot("clerk")),
        ],
        "display": [*display, *shot("display")],
        "window-display": [*display, "--window", "2", *shot("window-2")],
    }


def _report(
    url: str, programs: list[Program], healthy: bool, screens: Path | None, data: Path
) -> None:
    """Each program's state; "演示已启动" only when the server is healthy and all run."""
    down = [p.name for p in programs if not p.up]
    down += ["server (not healthy)"] if programs[0].running and not healthy else []
    if down:
        lines = [
            "",
            f"演示未能完全启动 / the demo did not fully start: not running: {', '.join(down)}",
        ]
    else:
        lines = ["", "栖霞区政务服务中心 demo is running / 演示已启动"]
    server_state = f"{programs[0].state()}, {'healthy' if healthy else 'NOT healthy'}"
    lines.append(f"  {'server':<15} {server_state} at {url}")
    lines += [f"  {p.name:<15} {p.state()}" for p in programs[1:]]
    lines += [
        f"  API docs:       {url}/docs, OpenAPI: {url}/openapi.json",
        f"  manager's desk: {url}/manage (dashboard, reports, admin; log in as manager)",
        f"  logs:           {data}/*.log",
        "  demo accounts:  clerk / manager / admin, password demo1234",
    ]
    if screens is not None:
        lines += [
            "  No display here, so the kiosk, clerk console and display boards run offscreen.",
            f"  Look at their screens (refreshed every 2 s): {screens}/*.png",
        ]
    lines.append("  Stop with Ctrl-C.")
    print("\n".join(lines), flush=True)


def _wait(running: list[Program], seconds: float, secrets: list[str]) -> list[Program]:
    """Until `seconds` have passed (0: for ever) or every program has exited; the ones that
    exited meanwhile, each reported as it goes."""
    died: list[Program] = []
    deadline = time.monotonic() + seconds if seconds else None
    while running and (deadline is None or time.monotonic() < deadline):
        for program in [p for p in running if not p.running]:
            log.error("%s", failure_report(program, secrets))
            running.remove(program)
            died.append(program)
        time.sleep(0.5)
    return died


if __name__ == "__main__":
    sys.exit(main())
