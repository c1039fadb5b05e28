"""The fake platform pushing to queue-server's push API (CONTRACT.md, Appointments) as a
platform would: each change of its feed in turn, signed with its (maybe skewed) clock, retried
until it gets an answer, and with its faults: answers lost (the request sent again), requests
timed out, duplicates, and a booking's create arriving again after its later changes."""

from __future__ import annotations

import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

import requests

from queue_server.engine.exchange import PlatformBooking
from queue_server.platform.faults import Dice
from queue_server.platform.wire import booking_to_json, dumps

if TYPE_CHECKING:
    from queue_server.platform.fake import FakePlatform

NOT_YET = 404  # a cancel or reschedule whose booking has not arrived yet: sent again later


@dataclass
class PushReport:
    answers: dict[str, int] = field(default_factory=dict)  # each booking's latest change
    late: list[tuple[str, int]] = field(default_factory=list)  # older requests sent again


def request_for(booking: PlatformBooking) -> tuple[str, bytes]:
    """The push API's path and body for one revision: create, cancel or reschedule."""
    where = f"/api/appointments/{quote(booking.external_id, safe='')}"
    if booking.state == "cancelled":
        return f"{where}/cancel", b""
    if booking.version > 1:  # the fake's only change to a booked booking is a new slot
        return f"{where}/reschedule", dumps({"slot_start": booking.slot_start.isoformat()})
    fields = booking_to_json(booking)
    return "/api/appointments", dumps(
        {k: v for k, v in fields.items() if k not in ("state", "version")}
    )


def push(
    fake: FakePlatform, booking: PlatformBooking, server: str, token: str, timeout: float = 10.0
) -> requests.Response:
    """Send one revision, signed now by the fake's clock. The nonce makes a retry within the
    same second a new signature, not a replay (PLATFORM.md, Signatures)."""
    path, body = request_for(booking)
    path += f"?nonce={secrets.token_hex(8)}"
    headers = fake.sign("POST", path, body)
    headers |= {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return requests.post(server + path, data=body, headers=headers, timeout=timeout)


def push_all(fake: FakePlatform, server: str, token: str, attempts: int = 8) -> PushReport:
    """Push the whole feed; `answers` holds the status of each booking's newest change."""
    dice, report = Dice(fake.faults), PushReport()
    newest = {b.external_id: b.version for b in fake.intended.values()}
    waiting = deque(_plan(dice, fake.changes))
    budget = 4 * len(waiting) + 10
    while waiting and budget:
        budget -= 1
        booking, late = waiting.popleft()
        status = _deliver(fake, dice, booking, server, token, attempts)
        if status == NOT_YET and not late and booking.version > 1:
            waiting.append((booking, late))
        elif late:
            report.late.append((booking.external_id, status))
        elif booking.version == newest[booking.external_id]:
            report.answers[booking.external_id] = status
    return report


def _plan(dice: Dice, changes: list[PlatformBooking]) -> list[tuple[PlatformBooking, bool]]:
    """The send order: the feed's, with duplicates, and a booking's create sent again after a
    later change (a retry that arrives late). Only the create: the push API carries no
    version, so a platform must not send an older reschedule after a newer one."""
    plan: list[tuple[PlatformBooking, bool]] = []
    sent: dict[str, PlatformBooking] = {}
    for booking in changes:
        plan.append((booking, False))
        if dice.hit(dice.faults.duplicate):
            plan.append((booking, True))
        first = sent.setdefault(booking.external_id, booking)
        if first is not booking and dice.hit(dice.faults.out_of_order):
            plan.append((first, True))  # e.g. a "create" after its cancellation
    return plan


def _deliver(
    fake: FakePlatform, dice: Dice, booking: PlatformBooking, server: str, token: str, attempts: int
) -> int:
    """The answer's status, after retrying lost answers, timeouts and 5xx answers."""
    for attempt in range(attempts):
        lost = dice.hit(dice.faults.drop) or dice.hit(dice.faults.timeout)
        try:
            answer = push(fake, booking, server, token, timeout=10.0)
        except requests.RequestException:
            answer = None
        if answer is not None and answer.status_code < 500 and not lost:
            return answer.status_code
        time.sleep(min(0.01 * 2**attempt, 1.0))  # the answer never came: send it again
    return 0
