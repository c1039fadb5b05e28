"""Demo appointments, so that check-in can be tried at the kiosk: a few made-up citizens book
through the fake platform (signed pushes to the push API, as a real platform would), at the
district centre's next free slots of today, or of the next working day outside office hours.

The demo's server reads a copy of the sample district that also takes bookings for today
(`min_days_ahead = 0`, booking open until the slot starts): the real rules start tomorrow.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import requests

from queue_server.config_loader import SAMPLE_PATH
from queue_server.platform import fake_push
from queue_server.platform.fake import FakePlatform

HALL = "qixia"
SERVICES = ("HJ01", "SB01", "YB01")  # one booking each: 户口迁移, 社保, 医保
DEMO_DISTRICT = "demo-district.toml"
SAME_DAY = "[booking]\nmin_days_ahead = 0  # the demo: bookable today too\ncloses_minutes = 0\n"


@dataclass(frozen=True)
class DemoBooking:
    service: str
    slot_start: str
    holder: str  # masked
    code: str

    def line(self) -> str:
        return f"{self.code}  {self.service} {self.slot_start[11:16]}  {self.holder}"


def write_demo_district(data: Path) -> Path:
    """The sample district, bookable from today on, beside the demo's database."""
    text = SAMPLE_PATH.read_text(encoding="utf-8")
    if "\n[booking]\n" not in text:
        raise ValueError(f"{SAMPLE_PATH} has no [booking] table for the demo to extend")
    path = data / DEMO_DISTRICT
    path.write_text(text.replace("\n[booking]\n", "\n" + SAME_DAY, 1), encoding="utf-8")
    return path


def _cli(*args: str) -> str:
    command = [sys.executable, "-m", "queue_server.cli", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


def platform_access(db: Path) -> tuple[str, bytes]:
    """(a platform token, the platform secret), as an operator would make them."""
    token = _cli("token", "create", "--db", str(db), "--role", "platform", "--hall", "*",
                 "--days", "2", "--label", "demo platform")  # fmt: skip
    secret = bytes.fromhex(_cli("keys", "show-platform-secret", "--db", str(db)))
    return token, secret


def _free_starts(url: str, service: str, first: date, last: date) -> list[datetime]:
    answer = requests.get(
        f"{url}/api/halls/{HALL}/services/{service}/slots",
        params={"from": first.isoformat(), "to": last.isoformat()},
        timeout=10,
    )
    answer.raise_for_status()
    return [datetime.fromisoformat(s["start"]) for s in answer.json() if s["available"] > 0]


def next_free_start(url: str, service: str, now: datetime) -> datetime | None:
    """The first free slot still to start (booking closes as it starts; its check-in opens
    30 minutes before, so the next slot of today can be checked in at once)."""
    starts = _free_starts(url, service, now.date(), now.date() + timedelta(days=7))
    return next((s for s in starts if s > now + timedelta(seconds=30)), None)


def book_demo(url: str, db: Path, now: datetime) -> list[DemoBooking]:
    """Book one appointment per demo service through the fake platform; what was booked."""
    token, secret = platform_access(db)
    fake = FakePlatform(secret)
    booked = []
    for service in SERVICES:
        start = next_free_start(url, service, now)
        if start is None:
            continue
        answer = fake_push.push(fake, fake.book(HALL, service, start), url, token)
        if answer.status_code in (200, 201):
            body = answer.json()
            booked.append(
                DemoBooking(service, body["slot_start"], body["holder"], body["check_in_code"])
            )
    return booked
