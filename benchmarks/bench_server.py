"""HTTP load on loopback: clerk clients (call-next/start/finish loops) and kiosks issuing tickets
against a real queue-server subprocess, for a bounded time.

Prints requests/s, p50/p95/p99 latency and errors, and, measured in the same run on the same
disk: the rate of durable single-row SQLite transactions (WAL, synchronous=FULL) and the latency
of GET /api/health, as ratios server/raw.

    .venv/bin/python benchmarks/bench_server.py [--clerks 200] [--kiosks 20] [--seconds 15]

Setup (waiting for the server) goes through the project's client (queue_server.client). The
load itself is plain asyncio with hand-written HTTP/1.1 keep-alive requests, because the client
cannot reach the rate on a small machine: it is blocking (220 connections would need 220
threads) and costs about 0.7 ms of client CPU per request (requests + urllib3; measured on the
2-CPU test machine, against 0.02 ms for a raw keep-alive request), so 1,000 requests/s would
take most of a CPU away from the server and the load generator would be what gets measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from queue_server.client.base import wait_for_server  # noqa: E402
from queue_server.engine.privacy import id_check_char  # noqa: E402

SERVICES = ["SB01", "SB02", "YB01", "YB02", "MZ01", "MZ02"]
FIRST_EXTRA_WINDOW = 31


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    late: list[float] = field(default_factory=list)  # paced: send time - scheduled time
    service: list[float] = field(default_factory=list)  # answer time - send time
    trace: list[tuple[str, float, float, float]] = field(default_factory=list)
    lag: list[float] = field(default_factory=list)  # this client's event-loop lag, 10 ms naps
    cpu: dict[str, float] = field(default_factory=dict)  # CPU share during the phase

    def add(self, kind: str, status: int, seconds: float, body: bytes) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status >= 400 and len(self.errors) < 5:
            self.errors.append(f"{kind} {status} {body[:200]!r}")

    @property
    def all(self) -> list[float]:
        return [x for values in self.latencies.values() for x in values]


def bench_config(clerks: int, folder: Path) -> Path:
    """The sample district without daily caps, plus `clerks` windows at the district centre."""
    text = (ROOT / "config" / "district.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^daily_cap = \d+\n", "", text)
    text += (
        f'\n[[halls.qixia.windows]]\nnumbers = "{FIRST_EXTRA_WINDOW}-'
        f'{FIRST_EXTRA_WINDOW + clerks - 1}"\ncategories = ["SB", "YB", "MZ"]\n'
    )
    path = folder / "bench-district.toml"
    path.write_text(text, encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli(*args: str) -> str:
    """`queue-server ARGS`; what it printed on stdout."""
    command = [sys.executable, "-m", "queue_server.cli", *args]
    return subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout


def start_server(db: Path, config: Path, port: int) -> subprocess.Popen[bytes]:
    cli("init", "--db", str(db), "--config", str(config), "--generate-password")
    command = [
        sys.executable,
        "-m",
        "queue_server.cli",
        "serve",
        "--db",
        str(db),
        "--config",
        str(config),
        "--port",
        str(port),
        "--ignore-hours",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=(db.parent / "server.log").open("wb")
    )
    if wait_for_server(f"http://127.0.0.1:{port}", 60):
        return process
    process.kill()
    raise SystemExit("server did not start; see " + str(db.parent / "server.log"))


def device_tokens(db: Path, config: Path) -> dict[str, str]:
    """A clerk and a kiosk token for qixia, minted as an operator would (`token create`)."""
    create = ("token", "create", "--db", str(db), "--config", str(config), "--hall", "qixia")
    return {
        role: cli(*create, "--role", role, "--days", "1", "--label", "bench").strip()
        for role in ("clerk", "kiosk")
    }


class Connection:
    """One keep-alive HTTP/1.1 connection of the load loop (raw, not the project's client: see
    the module docstring)."""

    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        payload = json.dumps(body).encode() if body is not None else b""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            f"{self.token}\r\nContent-Type: application/json\r\nContent-Length: "
            f"{len(payload)}\r\n\r\n"
        )
        self.writer.write(head.encode() + payload)
        assert self.reader is not None
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length) if length else b""


async def timed(
    conn: Connection,
    tally: Tally,
    due: float | None,
    kind: str,
    method: str,
    path: str,
    body: dict | None = None,
) -> int:
    """One request; its latency counts from `due` (its scheduled time) when paced, so a request
    sent late, because the previous answer came late or the client itself lagged, counts the
    wait too (no coordinated omission); from the moment it is sent otherwise."""
    sent = time.perf_counter()
    status, data = await conn.request(method, path, body)
    done = time.perf_counter()
    tally.add(kind, status, done - (sent if due is None else due), data)
    tally.service.append(done - sent)
    if due is not None:
        tally.late.append(sent - due)
        tally.trace.append((kind, due, sent, done))
    return status


class Pace:
    """Paced mode: one request every `interval` seconds per client, on a fixed schedule (a late
    answer does not push the next request back, so a slow server faces the full offered load)."""

    def __init__(self, interval: float | None) -> None:
        self.interval = interval
        # a random phase per client: otherwise every client fires in the same instant
        self.next_at = time.perf_counter() + random.uniform(0, interval or 0)

    async def wait(self) -> float | None:
        """Sleep until the next scheduled send; that time (None when not paced)."""
        if self.interval is None:
            return None
        self.next_at += self.interval
        delay = self.next_at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        return self.next_at


async def clerk(
    port: int, token: str, window: int, stop: float, tally: Tally, interval: float | None
) -> None:
    conn, pace = Connection(port, token), Pace(interval)
    base = f"/api/halls/qixia/windows/{window}"
    while time.perf_counter() < stop:
        due = await pace.wait()
        if await timed(conn, tally, due, "call-next", "POST", base + "/call-next") == 200:
            due = await pace.wait()
            await timed(conn, tally, due, "start", "POST", base + "/start")
            due = await pace.wait()
            outcome = {"outcome": "handled"}
            await timed(conn, tally, due, "finish", "POST", base + "/finish", outcome)
        elif interval is None:
            await asyncio.sleep(0.05)  # nobody waiting: a real clerk would not hammer the button


async def kiosk(
    port: int, token: str, index: int, stop: float, tally: Tally, interval: float | None
) -> None:
    phase = f"{interval}-{time.perf_counter():.3f}"  # idempotency keys unique per phase
    conn, serial, pace = Connection(port, token), 0, Pace(interval)
    while time.perf_counter() < stop:
        due = await pace.wait()
        serial += 1
        year = 1900 + (serial // 1000 + (50 if interval else 0)) % 100
        first17 = f"3201{index:02d}{year:04d}0101{serial % 1000:03d}"
        card = {"number": first17 + id_check_char(first17), "name": "测试"}
        body = {
            "service": SERVICES[serial % len(SERVICES)],
            "id_card": card,
            "idempotency_key": f"bench-{phase}-{index}-{serial}",
        }
        await timed(conn, tally, due, "issue", "POST", "/api/halls/qixia/tickets", body)


async def health_baseline(port: int, count: int) -> list[float]:
    """GET /api/health over the load loop's own connection, so the ratio compares like with like."""
    conn, tally = Connection(port, ""), Tally()
    for _ in range(count):
        await timed(conn, tally, None, "health", "GET", "/api/health")
    return tally.all


def cpu_ticks(server: int) -> dict[str, int]:
    """Clock ticks so far: the server process, this process, the machine busy and in total."""

    def process(pid: int | str) -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    machine = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    idle = machine[3] + machine[4]  # idle + iowait
    return {
        "server": process(server),
        "client": process("self"),
        "busy": sum(machine) - idle,
        "total": sum(machine),
    }


def cpu_shares(before: dict[str, int], after: dict[str, int]) -> dict[str, float]:
    """CPUs' worth used by the server, the client and everything else (1.0 = one whole CPU)."""
    used = {name: after[name] - before[name] for name in before}
    cpus = used["total"] / (os.cpu_count() or 1) or 1
    server, client = used["server"] / cpus, used["client"] / cpus
    return {"server": server, "client": client, "others": used["busy"] / cpus - server - client}


async def loop_lag(into: list[float]) -> None:
    """Record how late a 10 ms nap ends: the time this client's loop is too busy to run."""
    while True:
        started = time.perf_counter()
        await asyncio.sleep(0.01)
        into.append(time.perf_counter() - started - 0.01)


async def load(
    port: int,
    tokens: dict[str, str],
    clients: tuple[int, int],
    seconds: float,
    rate: float | None,
    pid: int,
) -> Tally:
    """Run (clerks, kiosks) for `seconds`; with `rate`, paced to about `rate` requests/s in
    total. `pid` is the server's, for the CPU shares."""
    clerks, kiosks = clients
    tally, before = Tally(), cpu_ticks(pid)
    stop = time.perf_counter() + seconds
    interval = (clerks + kiosks) / rate if rate else None
    clerk_token, kiosk_token = tokens["clerk"], tokens["kiosk"]
    jobs = [
        clerk(port, clerk_token, FIRST_EXTRA_WINDOW + n, stop, tally, interval)
        for n in range(clerks)
    ]
    jobs += [kiosk(port, kiosk_token, n, stop, tally, interval) for n in range(kiosks)]
    sampler = asyncio.create_task(loop_lag(tally.lag))
    await asyncio.gather(*jobs)
    sampler.cancel()
    tally.cpu = cpu_shares(before, cpu_ticks(pid))
    return tally


@dataclass
class RawDisk:
    """Durable single-row SQLite transactions on the same disk: the floor under any server."""

    rate: float
    latencies: list[float]  # seconds per commit

    def stalls(self, over_ms: float = 50.0) -> int:
        return sum(1 for value in self.latencies if value * 1000 > over_ms)


def raw_sqlite(folder: Path, seconds: float) -> RawDisk:
    """Commit single rows for `seconds` (WAL, synchronous=FULL) and time every commit."""
    conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    latencies: list[float] = []
    stop = time.perf_counter() + seconds
    while (start := time.perf_counter()) < stop:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (v) VALUES ('x')")
        conn.execute("COMMIT")
        latencies.append(time.perf_counter() - start)
    conn.close()
    return RawDisk(len(latencies) / seconds, latencies)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def header(args: argparse.Namespace) -> None:
    print(
        f"queue-server benchmark, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
        f"{platform.node()} ({os.cpu_count()} CPUs, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()} {platform.release()}), "
        f"load average before: {os.getloadavg()[0]:.2f}"
    )
    print(
        f"clients: {args.clerks} clerks (call-next/start/finish on their own window), "
        f"{args.kiosks} kiosks issuing; {args.seconds:.0f} s per phase"
    )


def report(
    title: str, args: argparse.Namespace, tally: Tally, disk: RawDisk, health: list[float]
) -> None:
    total = len(tally.all)
    rate = total / args.seconds
    errors = sum(n for status, n in tally.statuses.items() if status >= 400)
    print(f"\n== {title}")
    print(f"requests: {total} ({rate:.0f}/s)  statuses: {dict(sorted(tally.statuses.items()))}")
    print(
        f"latency all: p50 {pct(tally.all, 0.5):.1f} ms  p95 {pct(tally.all, 0.95):.1f} ms  "
        f"p99 {pct(tally.all, 0.99):.1f} ms   errors: {errors}"
    )
    for kind, values in sorted(tally.latencies.items()):
        print(
            f"  {kind:10s} n={len(values):6d}  p50 {pct(values, 0.5):6.1f} ms  "
            f"p95 {pct(values, 0.95):6.1f} ms  p99 {pct(values, 0.99):6.1f} ms"
        )
    for line in tally.errors:
        print("  error:", line)
    if tally.late:
        print(
            "  (latency counted from each request's scheduled time) sent late by: p50 "
            f"{pct(tally.late, 0.5):.1f} ms  p99 {pct(tally.late, 0.99):.1f} ms; answer after "
            f"send: p50 {pct(tally.service, 0.5):.1f} ms  p99 {pct(tally.service, 0.99):.1f} ms"
        )
    print(
        f"client loop lag (10 ms naps): p50 {pct(tally.lag, 0.5):.1f} ms  p99 "
        f"{pct(tally.lag, 0.99):.1f} ms  max {pct(tally.lag, 1.0):.1f} ms; CPUs used: server "
        f"{tally.cpu['server']:.2f}, client {tally.cpu['client']:.2f}, "
        f"others {tally.cpu['others']:.2f} (of {os.cpu_count()})"
    )
    writes = sum(n for status, n in tally.statuses.items() if status in (200, 201))
    raw = disk.rate
    print(
        f"raw durable SQLite transactions (same disk, this run): {raw:.0f}/s; "
        f"server requests/s / raw = {rate / raw:.2f}; state-changing answers/s: "
        f"{writes / args.seconds:.0f} (ratio {writes / args.seconds / raw:.2f})"
    )
    print(
        f"GET /api/health alone (one client): p50 {pct(health, 0.5):.2f} ms; "
        f"load p50 / health p50 = {pct(tally.all, 0.5) / pct(health, 0.5):.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clerks", type=int, default=200)
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument(
        "--rate",
        type=float,
        default=1000.0,
        help="offered requests/s in the paced phase (0: skip it)",
    )
    parser.add_argument(
        "--trace", type=Path, help="write the paced phase's (kind, due, sent, done) to this file"
    )
    args = parser.parse_args()
    header(args)
    with tempfile.TemporaryDirectory(dir=ROOT / "var" if (ROOT / "var").exists() else None) as tmp:
        folder = Path(tmp)
        disk = raw_sqlite(folder, args.seconds)
        print(
            f"raw durable commit latency on this disk ({args.seconds:.0f} s alone): "
            f"p50 {pct(disk.latencies, 0.5):.2f} ms  p99 {pct(disk.latencies, 0.99):.2f} ms  "
            f"max {max(disk.latencies) * 1000:.1f} ms; commits over 50 ms: {disk.stalls()} "
            "(every request waiting on one of these waits as long)"
        )
        config, db, port = bench_config(args.clerks, folder), folder / "queue.db", free_port()
        server = start_server(db, config, port)
        try:
            tokens = device_tokens(db, config)
            health = asyncio.run(health_baseline(port, 300))
            clients = (args.clerks, args.kiosks)
            flat_out = asyncio.run(load(port, tokens, clients, args.seconds, None, server.pid))
            report(
                "saturation: every client sends its next request as soon as it has an answer",
                args,
                flat_out,
                disk,
                health,
            )
            if args.rate:
                paced = asyncio.run(
                    load(port, tokens, clients, args.seconds, args.rate, server.pid)
                )
                if args.trace:
                    args.trace.write_text(json.dumps(paced.trace))
                report(
                    f"paced: {args.rate:.0f} requests/s offered on a fixed schedule",
                    args,
                    paced,
                    disk,
                    health,
                )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(15)


if __name__ == "__main__":
    main()
