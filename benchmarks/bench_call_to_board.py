"""Call-to-board latency: from a clerk's call-next request to the hall board showing the number.

Starts a real queue-server (subprocess, loopback, fresh database), an offscreen hall-display board
(the same EventStream → controller → view path as `hall-display`) and N clerk threads that call
at once, round after round. Prints p50/p95/max of call→board against the target (p95 ≤ 200 ms)
and against baselines measured in the same run: the call-next HTTP round trip and GET /api/health.

    .venv/bin/python benchmarks/bench_call_to_board.py [--windows 20] [--rounds 10]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from queue_server.client.base import HallClient, wait_for_server  # noqa: E402
from queue_server.client.clerk import ClerkClient  # noqa: E402
from queue_server.client.errors import ClientError  # noqa: E402
from queue_server.client.kiosk import KioskClient  # noqa: E402
from queue_server.client.models import IdentityCard, Ticket  # noqa: E402
from queue_server.engine.privacy import id_check_char  # noqa: E402

TARGET_P95_MS = 200.0
PHASES = ("burst", "staggered")
SERVE_SECONDS = 0.3  # least time between a call and its finish (a citizen walks up meanwhile)
PHASE_TEXT = {
    "burst": "all windows call at the same instant (worst case)",
    "staggered": "each window calls at a random moment within each round",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli(*args: str) -> str:
    command = [sys.executable, "-m", "queue_server.cli", *args]
    return subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout


def start_server(folder: Path, port: int) -> tuple[subprocess.Popen[bytes], str]:
    db = folder / "queue.db"
    url = f"http://127.0.0.1:{port}"
    cli("init", "--demo", "--db", str(db), "--server-url", url)  # demo-tokens.json for the board
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "queue_server.cli", "serve", "--db", str(db), "--port", str(port),
         "--host", "127.0.0.1", "--ignore-hours", "--heartbeat", "5"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    if wait_for_server(url, 30):
        return process, url
    process.kill()
    tail = (folder / "server.log").read_text(errors="replace")[-2000:]
    raise SystemExit(f"queue-server did not start within 30 s:\n{tail}")


class Clerks:
    """Kiosk and clerk HTTP traffic: tickets for every window, then rounds of simultaneous calls."""

    def __init__(self, url: str, kiosk: str, clerk: str, windows: list[int]) -> None:
        self.url = url
        self.kiosk = KioskClient(url, kiosk, "qixia", timeout=10)
        self.clerk_token = clerk
        self.windows = windows
        self.sent: dict[str, tuple[str, float, float]] = {}  # number → (phase, sent, answered)
        self.round_trips: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        self.ids = 0

    def issue_for_windows(self, rounds: int) -> int:
        """Enough tickets for every window, spread over its services (daily caps apply)."""
        listing = self._clerk().windows()
        services = {w.number: w.services for w in listing if w.number in self.windows}
        count = 0
        for window in self.windows:
            for index in range(len(PHASES) * rounds + 1):
                offered = services[window]
                self._issue(offered[index % len(offered)])
                count += 1
        return count

    def _clerk(self) -> ClerkClient:
        """A clerk client of its own (one HTTP session per window, as at separate PCs)."""
        return ClerkClient(self.url, token=self.clerk_token, hall="qixia", timeout=10)

    def _issue(self, service: str) -> None:
        self.ids += 1
        first17 = f"3201131990{self.ids:07d}"
        card = IdentityCard(first17 + id_check_char(first17), "测试")
        try:
            self.kiosk.issue(service, uuid.uuid4().hex, card)
        except ClientError as err:
            raise SystemExit(f"issuing {service} failed: {err}") from err

    def run(self, phase: str, rounds: int, period: float) -> None:
        """Every window calls once per round: all at the same instant ('burst') or at a random
        moment within the round's `period` seconds ('staggered')."""
        barrier = threading.Barrier(len(self.windows))
        threads = [
            threading.Thread(target=self._window, args=(w, phase, rounds, barrier, period))
            for w in self.windows
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _window(
        self, window: int, phase: str, rounds: int, barrier: threading.Barrier, period: float
    ) -> None:
        clerk = self._clerk()
        chance = random.Random(window)
        for _ in range(rounds):
            barrier.wait()
            delay = 0.0 if phase == "burst" else chance.uniform(0, period)
            time.sleep(delay)  # the clerk's own timing, not a wait for a result
            sent = time.perf_counter()
            ticket = _call_next(clerk, window)
            done = time.perf_counter()
            if ticket is not None:
                with self.lock:
                    self.sent[ticket.number] = (phase, sent, done)
                    self.round_trips.setdefault(phase, []).append(done - sent)
            time.sleep(max(SERVE_SECONDS, period - delay) if phase != "burst" else period)
            if ticket is not None:  # the citizen has come and been served meanwhile
                _serve(clerk, window)


def _call_next(clerk: ClerkClient, window: int) -> Ticket | None:
    """The called ticket; None when nobody waits or the call failed (counted as no call; a
    failure must not end the thread, or the other windows would wait at the barrier)."""
    try:
        return clerk.call_next(window)
    except ClientError as err:
        print(f"window {window}: call-next failed: {err}", file=sys.stderr)
        return None


def _serve(clerk: ClerkClient, window: int) -> None:
    try:
        clerk.start(window)
        clerk.finish(window, "handled")
    except ClientError as err:
        print(f"window {window}: start/finish failed: {err}", file=sys.stderr)


def clerk_process(
    url: str, kiosk: str, clerk: str, windows: list[int], rounds: int, period: float,
    go: Any, results: Any,
) -> None:  # fmt: skip
    """Runs in its own process (clerks sit at other PCs): waits for `go`, sends results back."""
    clerks = Clerks(url, kiosk, clerk, windows)
    go.wait()
    for phase in PHASES:
        clerks.run(phase, rounds, period)
    results.put((clerks.sent, clerks.round_trips))


def health_round_trips(url: str, count: int) -> list[float]:
    """GET /api/health through the same client stack as call-next: the baseline round trip."""
    client = HallClient(url, None, None, timeout=5)
    times = []
    for _ in range(count):
        start = time.perf_counter()
        client.health()
        times.append(time.perf_counter() - start)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{name:<34} n={len(ms):4d}  p50={statistics.median(ms):7.1f} ms  "
        f"p95={percentile(ms, 0.95):7.1f} ms  max={max(ms):7.1f} ms"
    )


def run_board(url: str, token: str, clerks_done: Any) -> tuple[dict[str, float], dict[str, float]]:
    """Run the offscreen board until `clerks_done()`; returns number → first shown."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from queue_server.client.board import BoardClient
    from ui.common.fonts import install_fonts
    from ui.display.app import build_display
    from ui.display.config import DisplayConfig
    from ui.display.sinks import SilentSink

    app = QApplication.instance() or QApplication([])
    install_fonts()
    display = build_display(
        DisplayConfig(), BoardClient(url, "qixia", token), sink=SilentSink(time_scale=0.0)
    )
    display.view.resize(1920, 1080)
    display.view.show()
    shown: dict[str, float] = {}

    def look(_: object) -> None:  # runs after the view's own slot: its labels show the state
        now = time.perf_counter()
        for number, _window in display.view.shown_calls():  # type: ignore[union-attr]
            shown.setdefault(number, now)

    received: dict[str, float] = {}

    def arrived(kind: str, data: dict[str, Any]) -> None:  # on the stream's own thread
        if kind == "ticket.called":
            received.setdefault(str((data.get("ticket") or {}).get("number")), time.perf_counter())

    display.controller.stream.received.connect(arrived, Qt.ConnectionType.DirectConnection)
    display.controller.changed.connect(look)
    display.start()
    while not display.controller.loaded:
        app.processEvents()
        time.sleep(0.01)
    poll = QTimer()
    poll.timeout.connect(lambda: app.quit() if clerks_done() else None)
    poll.start(50)
    app.exec()
    QTimer.singleShot(500, app.quit)  # let the last events arrive
    app.exec()
    announced = len(display.announcer.announced) + display.announcer.pending
    display.stop()
    print(f"board: {len(shown)} numbers shown, {announced} announcements queued or played")
    return shown, received


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10, help="calls per window per phase")
    parser.add_argument("--period", type=float, default=1.0, help="seconds per round")
    args = parser.parse_args(argv)
    windows = list(range(1, args.windows + 1))
    with tempfile.TemporaryDirectory(prefix="bench-board-") as tmp:
        folder = Path(tmp)
        server, url = start_server(folder, free_port())
        try:
            results = measure(folder, url, windows, args)
        finally:
            server.terminate()
            server.wait(10)
    report(args, *results)
    return 0


def measure(folder: Path, url: str, windows: list[int], args: argparse.Namespace) -> tuple:
    tokens = json.loads((folder / "demo-tokens.json").read_text(encoding="utf-8"))
    create = ("token", "create", "--db", str(folder / "queue.db"), "--hall", "qixia")
    clerk = cli(*create, "--role", "clerk", "--label", "bench").strip()
    kiosk = tokens["kiosk"]["qixia"]
    issued = Clerks(url, kiosk, clerk.strip(), windows).issue_for_windows(args.rounds)
    health = health_round_trips(url, 200)
    context = multiprocessing.get_context("spawn")
    go, queue = context.Event(), context.Queue()
    worker = context.Process(
        target=clerk_process,
        args=(url, kiosk, clerk.strip(), windows, args.rounds, args.period, go, queue),
    )
    worker.start()
    got: list[Any] = []

    def clerks_done() -> bool:
        go.set()
        if not got and not queue.empty():
            got.append(queue.get())
        return bool(got)

    shown, received = run_board(url, tokens["display"]["qixia"], clerks_done)
    worker.join(10)
    sent, round_trips = got[0]
    return issued, sent, round_trips, shown, received, health


def report(
    args: argparse.Namespace,
    issued: int,
    sent: dict[str, tuple[str, float, float]],
    round_trips: dict[str, list[float]],
    shown: dict[str, float],
    received: dict[str, float],
    health: list[float],
) -> None:
    print(
        f"{args.windows} windows, {args.rounds} rounds per phase ({args.period:.1f} s each); "
        f"{issued} tickets issued, {len(sent)} calls answered; clerks in their "
        "own process, board offscreen 1920x1080 in this one"
    )
    print(summary("baseline: GET /api/health", health))
    for phase in PHASES:
        mine = {n: times for n, (ph, *times) in sent.items() if ph == phase}
        latencies = [shown[n] - at for n, (at, _) in mine.items() if n in shown]
        after_answer = [shown[n] - answered for n, (_, answered) in mine.items() if n in shown]
        pushed = [received[n] - at for n, (at, _) in mine.items() if n in received]
        drawn = [shown[n] - received[n] for n in mine if n in shown and n in received]
        missing = [n for n in mine if n not in shown]
        print(f"-- {phase}: {PHASE_TEXT[phase]}")
        print(summary("call-next request → board shows", latencies))
        print(summary("baseline: call-next HTTP round trip", round_trips[phase]))
        print(summary("board shows − clerk has the answer", after_answer))
        print(summary("  of which: request → event at board", pushed))
        print(summary("  of which: event at board → shown", drawn))
        p95 = percentile([x * 1000 for x in latencies], 0.95)
        base = percentile([x * 1000 for x in round_trips[phase]], 0.95)
        print(f"   p95 call→board / p95 call-next round trip = {p95 / (base or 1):.2f}x")
        verdict = "PASS" if p95 <= TARGET_P95_MS and not missing else "FAIL"
        print(f"   target p95 ≤ {TARGET_P95_MS:.0f} ms: {verdict} (p95 = {p95:.1f} ms)")
        if missing:
            late = [n for n in missing if n in received]
            print(f"   numbers never shown on the board: {', '.join(missing[:10])}"
                  f" ({len(late)} of them did reach the board's event stream)")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
