"""`hall-demo`: the sample district on one machine: server, kiosk, clerk console, display boards.

Starts the queue server (sample district, Qixia), a kiosk with virtual devices, a clerk console
logged in at window 1 and the hall display board, plus a few simulated citizens and clerks so the
board and queues move (queue_server.demo.traffic). Without a display the programs run offscreen
and save screenshots. It starts and stops processes only: the programs are separate commands.

The server runs `serve --demo` (demo accounts, demo-tokens.json beside the database, 0600). The
kiosk and the boards read their tokens from that file (`--demo-tokens`), never from their
command lines, so no token appears in a process list or in what this program logs.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from queue_server.client.base import wait_for_server
from queue_server.client.discovery import TOKENS_FILE, find_demo_token
from queue_server.demo.traffic import DEMO_PASSWORD, HALL, run_traffic

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 20.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hall-demo", description=__doc__)
    parser.add_argument("--port", type=int, default=8600)
    parser.add_argument(
        "--data", type=Path, default=ROOT / "var" / "demo", help="demo database dir"
    )
    parser.add_argument("--no-traffic", action="store_true", help="no simulated citizens/clerks")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: Ctrl-C)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")

    offscreen = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    env = dict(os.environ)
    screens = args.data / "screens"
    env["HALL_CLERK_PASSWORD"] = DEMO_PASSWORD  # the clerk console logs in by itself
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    server_url = f"http://127.0.0.1:{args.port}"
    db = args.data / "queue.db"
    args.data.mkdir(parents=True, exist_ok=True)

    procs: dict[str, subprocess.Popen[bytes]] = {}
    stop = threading.Event()
    try:
        procs["server"] = _start_server(db, args.port, env)
        if not wait_for_server(server_url, STARTUP_SECONDS):
            raise SystemExit(
                f"the queue server did not answer on {server_url} within "
                f"{STARTUP_SECONDS:.0f} s; see its log"
            )
        tokens_file = db.parent / TOKENS_FILE
        kiosk_token = _demo_kiosk_token(tokens_file)
        for name, command in _client_commands(server_url, tokens_file, screens, offscreen).items():
            log.info("starting %s", name)
            log_file = (args.data / f"{name}.log").open("wb")
            procs[name] = subprocess.Popen(command, env=env, stdout=log_file, stderr=log_file)
        if not args.no_traffic:
            traffic = (server_url, kiosk_token, stop)
            threading.Thread(target=run_traffic, args=traffic, daemon=True).start()
        _say_where_to_look(server_url, screens if offscreen else None, args.data)
        _wait(procs, args.seconds)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        _stop_all(list(procs.values()))
    return 0


def _stop_all(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in reversed(procs):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


def _start_server(db: Path, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`serve --demo`: a new database gets the demo accounts and demo-tokens.json."""
    command = [sys.executable, "-m", "queue_server.cli", "serve", "--demo", "--db", str(db)]
    command += ["--port", str(port), "--ignore-hours"]  # the demo works at any time of day
    log_file = (db.parent / "server.log").open("wb")
    return subprocess.Popen(command, env=env, stdout=log_file, stderr=log_file)


def _demo_kiosk_token(path: Path) -> str:
    """The hall's kiosk token that `serve --demo` wrote (for the simulated citizens), once the
    boards' token is known to be there too."""
    found: dict[str, str] = {}
    for role in ("display", "kiosk"):
        token = find_demo_token(role, HALL, [path])
        if token is None:
            raise SystemExit(f"no demo {role} token for hall {HALL} in {path}")
        found[role] = token[0]
    return found["kiosk"]


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


def _say_where_to_look(url: str, screens: Path | None, data: Path) -> None:
    lines = [
        "",
        "栖霞区政务服务中心 demo is running / 演示已启动",
        f"  queue server:  {url}   (API docs: {url}/docs, OpenAPI: {url}/openapi.json)",
        f"  logs:          {data}/*.log",
        "  demo accounts: clerk / manager / admin, password demo1234",
    ]
    if screens is not None:
        lines += [
            "  No display here, so the kiosk, clerk console and display boards run offscreen.",
            f"  Look at their screens (refreshed every 2 s): {screens}/*.png",
        ]
    lines.append("  Stop with Ctrl-C.")
    print("\n".join(lines), flush=True)


def _wait(procs: dict[str, subprocess.Popen[bytes]], seconds: float) -> None:
    """Until `seconds` have passed (0: for ever) or every program has exited."""
    running = dict(procs)
    deadline = time.monotonic() + seconds if seconds else None
    while running and (deadline is None or time.monotonic() < deadline):
        for name, proc in list(running.items()):
            if proc.poll() is not None:
                log.error("%s exited with %s; see its log", name, proc.returncode)
                del running[name]
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
