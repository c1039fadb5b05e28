"""The notification job's two steps, run off the event loop (`api.jobs.send_notifications`):

1. `derive`: the messages each ticket and booking with a phone number is owed by its hall's
   rules (`notify.rules`) are queued in the outbox, keyed so a message is queued once however
   often it is derived, and derived from state that is already durable, so a restart loses
   none;
2. `deliver`: due messages go to the sender one by one; an acknowledged one is marked sent
   (never sent again), a failed one is retried with back-off (`store.notifications.back_off`).
   A crash between the receiver's answer and the mark sends that one again with the same id
   (the receiver's idempotency key), the only case where a receiver sees a message twice.

Phone numbers are opened only here, just before sending; logs show them masked."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_server.engine.district import Hall
from queue_server.engine.privacy import mask_phone
from queue_server.notify.rules import (
    BookingFacts,
    Draft,
    NotifyConfig,
    TicketFacts,
    booking_drafts,
    ticket_drafts,
)
from queue_server.notify.senders import Outgoing, Sender, SendError, make_sender
from queue_server.store import Store, notifications, phones
from queue_server.store.views.estimates import ahead_of

log = logging.getLogger(__name__)
REMINDER_HORIZON = timedelta(days=2)  # bookings looked at: those starting within this span


def notifier_for(
    store: Store, config: NotifyConfig, environ: Mapping[str, str] | None = None
) -> Notifier:
    """The notifier `serve` runs: the configured sender, the SMS password from the environment."""
    env = os.environ if environ is None else environ
    sender = make_sender(
        config.sender, store.keys.webhook_secret, env.get(config.sender.password_env)
    )
    if config.sender.kind == "sms" and not env.get(config.sender.password_env):
        log.warning("[notify] sender sms: $%s is not set", config.sender.password_env)
    if not config.public_url:  # a real sender without it is a set-up mistake; the log sender a demo
        level = logging.INFO if config.sender.kind == "log" else logging.WARNING
        log.log(level, "no [notify] public_url: evaluation invitations are not sent (no link)")
    return Notifier(store, config, sender)


@dataclass(frozen=True)
class Owed:
    """A message a ticket or booking (`row`, with its phone) is owed, not yet queued."""

    hall: str
    day: str
    row: sqlite3.Row
    draft: Draft

    def enqueue(self, conn: sqlite3.Connection, now: datetime) -> bool:
        return notifications.enqueue(
            conn, self.draft.key, hall=self.hall, day=self.day, kind=self.draft.kind,
            sealed=self.row["phone_sealed"], masked=self.row["phone_masked"],
            text=self.draft.text, now=now,
        )  # fmt: skip


@dataclass(frozen=True)
class Delivery:
    sent: int = 0
    failed: int = 0


class Notifier:
    """Derives and sends the district's notifications through one sender."""

    def __init__(self, store: Store, config: NotifyConfig, sender: Sender, batch: int = 50) -> None:
        self.store, self.config, self.sender, self.batch = store, config, sender, batch

    def run_once(self) -> Delivery:
        self.derive()
        return self.deliver()

    def derive(self) -> int:
        """Queue the messages owed now; how many are new. Looked for on a read connection: the
        write lock is taken only when something is new (queuing twice is harmless anyway)."""
        now = self.store.now()
        with self.store.db.read() as conn:
            owed: list[Owed] = []
            for hall in self.store.district.halls.values():
                owed += self._owed_by_tickets(conn, hall, now)
                owed += self._owed_by_bookings(conn, hall, now)
            known = notifications.known_keys(conn, [item.draft.key for item in owed])
        new = [item for item in owed if item.draft.key not in known]
        if not new:
            return 0
        with self.store.db.write() as conn:
            moment = self.store.clock()  # a day closed since the read keeps its phones erased
            days = {h.id: h.business_day(moment) for h in self.store.district.halls.values()}
            return sum(item.enqueue(conn, now) for item in new if item.day >= days[item.hall])

    def _owed_by_tickets(self, conn: sqlite3.Connection, hall: Hall, now: datetime) -> list[Owed]:
        rules, day = self.config.rules_for(hall.id), hall.business_day(now)
        known = notifications.queued_keys(conn, hall.id, day)
        owed: list[Owed] = []
        for row in notifications.phone_tickets(conn, hall.id, day):
            if f"evaluation:{row['id']}" in known:
                continue  # the last message it can be owed
            waiting = row["status"] == "waiting" and f"ahead:{row['id']}" not in known
            facts = self._ticket_facts(conn, hall, row, now, count_ahead=waiting)
            drafts = ticket_drafts(rules, facts, self.config.public_url)
            owed += [Owed(hall.id, day, row, d) for d in drafts if d.key not in known]
        return owed

    def _ticket_facts(
        self, conn: sqlite3.Connection, hall: Hall, row: sqlite3.Row, now: datetime, *,
        count_ahead: bool,
    ) -> TicketFacts:  # fmt: skip
        window = hall.window(row["window"]) if row["window"] is not None else None
        service = self.store.district.services[row["service"]]
        # -1: not counted, as its "ahead" message is queued already (the key filters it out)
        ahead = ahead_of(conn, self.store.district, hall, row, now) if count_ahead else -1
        return TicketFacts(
            row["id"], row["token"], hall.name.zh, row["number"], service.name.zh,
            row["status"], ahead, window.label.zh if window else None,
        )  # fmt: skip

    def _owed_by_bookings(self, conn: sqlite3.Connection, hall: Hall, now: datetime) -> list[Owed]:
        rules = self.config.rules_for(hall.id)
        rows = notifications.phone_bookings(
            conn, hall.id, now, now + REMINDER_HORIZON, hall.timezone
        )
        owed: list[Owed] = []
        for row in rows:
            service = self.store.district.services[row["service"]]
            start = datetime.fromisoformat(row["slot_start"])
            facts = BookingFacts(row["id"], hall.name.zh, service.name.zh, start)
            owed += [Owed(hall.id, row["day"], row, d) for d in booking_drafts(rules, facts, now)]
        return owed

    def deliver(self) -> Delivery:
        """Send the due messages, one at a time; how many went out and how many failed."""
        with self.store.db.read() as conn:
            due = notifications.due(conn, self.store.now(), self.batch)
        sent = failed = 0
        for message in due:
            if self._deliver_one(message):
                sent += 1
            else:
                failed += 1
        return Delivery(sent, failed)

    def _deliver_one(self, message: notifications.Queued) -> bool:
        try:
            phone = phones.unseal(self.store.keys.phone_key, message.phone_sealed)
        except ValueError:
            with self.store.db.write() as conn:
                notifications.drop(conn, message.id, "phone_key_changed")
            log.error("notification %s dropped: its phone does not open under the key", message.key)
            return False
        outgoing = Outgoing(message.key, message.kind, message.hall, phone, mask_phone(phone),
                            message.text)  # fmt: skip
        try:
            self.sender.send(outgoing)
        except SendError as err:
            with self.store.db.write() as conn:
                retry = notifications.failed(
                    conn, message, self.store.now(), str(err),
                    timedelta(seconds=self.config.retry_seconds),
                )  # fmt: skip
            log.warning("notification %s to %s failed (attempt %d; again at %s): %s",
                        message.key, outgoing.phone_masked, message.attempts + 1,
                        retry.isoformat(timespec="seconds"), err)  # fmt: skip
            return False
        with self.store.db.write() as conn:
            notifications.acknowledged(conn, message.id, self.store.now())
        log.info("notification %s sent to %s", message.key, outgoing.phone_masked)
        return True
