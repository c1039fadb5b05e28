"""The sample district on one machine: server, kiosk, clerk console and display boards.

Starts the queue server (sample district, Qixia), a kiosk with virtual devices, a clerk console
logged in at window 1 and the hall display board, plus a few simulated citizens and clerks so the
board and queues move. Without a display the programs run offscreen and save screenshots.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from queue_server.engine.privacy import id_check_char

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
DEMO_PASSWORD = "demo1234"
HALL = "qixia"


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

    procs: list[subprocess.Popen[bytes]] = []
    stop = threading.Event()
    try:
        procs.append(_start_server(db, args.port, env))
        _wait_healthy(server_url)
        tokens = json.loads((db.parent / "demo-tokens.json").read_text(encoding="utf-8"))
        for name, command in _client_commands(server_url, tokens, screens, offscreen).items():
            log.info("starting %s", name)
            log_file = (args.data / f"{name}.log").open("wb")
            procs.append(subprocess.Popen(command, env=env, stdout=log_file, stderr=log_file))
        if not args.no_traffic:
            threading.Thread(target=_traffic, args=(server_url, tokens, stop), daemon=True).start()
        _say_where_to_look(server_url, screens if offscreen else None, args.data)
        _wait(procs, args.seconds)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        for proc in reversed(procs):
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


def _start_server(db: Path, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    python = sys.executable
    if not db.exists():
        subprocess.run(
            [python, "-m", "queue_server.cli", "init", "--db", str(db)], check=True, env=env
        )
    command = [python, "-m", "queue_server.cli", "serve", "--db", str(db), "--port", str(port)]
    command.append("--ignore-hours")  # the demo works at any time of day
    log_file = (db.parent / "server.log").open("wb")
    return subprocess.Popen(command, env=env, stdout=log_file, stderr=log_file)


def _wait_healthy(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/api/health", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(
        f"the queue server did not answer on {url} within {seconds:.0f} s; see its log"
    )


def _client_commands(
    url: str, tokens: dict, screens: Path, offscreen: bool
) -> dict[str, list[str]]:
    python = sys.executable

    def shot(name: str) -> list[str]:
        return ["--screenshot", str(screens / f"{name}.png")] if offscreen else []

    kiosk_token = tokens["kiosk"][HALL]
    display_token = tokens["display"][HALL]
    return {
        "kiosk": [
            python,
            "-m",
            "kiosk.app",
            "--server",
            url,
            "--token",
            kiosk_token,
            *shot("kiosk"),
        ],
        "clerk": [
            python,
            "-m",
            "ui.clerk.app",
            "--server",
            url,
            "--hall",
            HALL,
            "--window",
            "1",
            "--user",
            "clerk",
            *shot("clerk"),
        ],
        "display": [
            python,
            "-m",
            "ui.display.app",
            "--server",
            url,
            "--hall",
            HALL,
            "--token",
            display_token,
            *shot("display"),
        ],
        "window-display": [
            python,
            "-m",
            "ui.display.app",
            "--server",
            url,
            "--hall",
            HALL,
            "--window",
            "2",
            "--token",
            display_token,
            *shot("window-2"),
        ],
    }


SIM_WINDOWS = range(2, 9)  # window 1 is the clerk console's
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛"]


def _synthetic_identity(rng: random.Random) -> dict[str, str]:
    """A made-up person with a well-formed Qixia (320113) ID number: demo data only."""
    birth = f"{rng.randint(1940, 2004)}{rng.randint(1, 12):02}{rng.randint(1, 28):02}"
    first17 = f"320113{birth}{rng.randint(0, 999):03}"
    return {
        "number": first17 + id_check_char(first17),
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
    }


def _traffic(url: str, tokens: dict, stop: threading.Event) -> None:
    """Simulated citizens take tickets; simulated clerks at windows 2-8 call, serve and finish."""
    rng = random.Random(7)
    kiosk = {"Authorization": f"Bearer {tokens['kiosk'][HALL]}"}
    login = requests.post(
        f"{url}/api/auth/login", json={"username": "clerk", "password": DEMO_PASSWORD}, timeout=5
    )
    clerk = {"Authorization": f"Bearer {login.json()['token']}"}
    windows = requests.get(f"{url}/api/halls/{HALL}/windows", headers=clerk, timeout=5).json()
    services = sorted(
        {code for w in windows if w["number"] <= max(SIM_WINDOWS) for code in w["services"]}
    )
    while not stop.wait(rng.uniform(1.5, 3.5)):
        try:
            body = {"service": rng.choice(services), "id_card": _synthetic_identity(rng)}
            if rng.random() < 0.15:
                body["priority"] = "green"
            requests.post(f"{url}/api/halls/{HALL}/tickets", headers=kiosk, json=body, timeout=5)
            _clerk_step(f"{url}/api/halls/{HALL}/windows/{rng.choice(SIM_WINDOWS)}", clerk)
        except (requests.RequestException, ValueError, KeyError) as err:
            log.warning("demo traffic: %s", err)


def _clerk_step(window_url: str, clerk: dict[str, str]) -> None:
    """Move one simulated window on: call the next citizen, start serving, or finish."""
    current = requests.get(window_url, headers=clerk, timeout=5).json().get("current_ticket")
    if current is None:
        requests.post(f"{window_url}/call-next", headers=clerk, timeout=5)
    elif current["status"] == "called":
        requests.post(f"{window_url}/start", headers=clerk, timeout=5)
    else:
        requests.post(f"{window_url}/finish", headers=clerk, json={"outcome": "handled"}, timeout=5)


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


def _wait(procs: list[subprocess.Popen[bytes]], seconds: float) -> None:
    deadline = time.monotonic() + seconds if seconds else None
    while deadline is None or time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                log.error("%s exited with %s; see its log", proc.args, proc.returncode)
                procs.remove(proc)
                break
        if not procs:
            return
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
