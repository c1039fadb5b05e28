"""The district file's managers' alerts: `[alerts]` (thresholds and the manager contacts every
hall's alerts go to) and `[halls.ID.alerts]` (a hall's own, each key falling back to
`[alerts]`'s). Contacts are mainland mobile numbers; they are sealed in the outbox like the
citizens' and shown masked.

    [alerts]
    recipients = ["13800000000"]   # district-wide alerts, and halls without their own
    queue_length = 15              # people waiting for one service
    idle_minutes = 5               # an open, free window while people wait for it
    quiet_minutes = 3              # a kiosk or display silent this long is offline
    sync_minutes = 10              # the online platform's exchange failing this long
"""

from __future__ import annotations

from queue_server.config_reader import Node
from queue_server.engine.alerts import AlertConfig, Thresholds
from queue_server.engine.errors import Invalid
from queue_server.store import phones

THRESHOLD_KEYS = ("queue_length", "idle_minutes", "quiet_minutes", "sync_minutes")


def parse_alerts(root: Node) -> AlertConfig:
    head = root.table("alerts", required=False)
    head.only("recipients", *THRESHOLD_KEYS)
    base = _thresholds(head, Thresholds())
    halls, contacts = {}, {}
    for hall_id, node in root.table("halls", required=False).items():
        if "alerts" not in node.data:
            continue
        table = node.table("alerts")
        table.only("recipients", *THRESHOLD_KEYS)
        halls[hall_id] = _thresholds(table, base)
        if "recipients" in table.data:
            contacts[hall_id] = _recipients(table)
    return AlertConfig(base, _recipients(head), halls, contacts)


def _thresholds(node: Node, base: Thresholds) -> Thresholds:
    return Thresholds(
        queue_length=node.integer("queue_length", base.queue_length),
        idle_minutes=node.number("idle_minutes", base.idle_minutes),
        quiet_minutes=node.number("quiet_minutes", base.quiet_minutes),
        sync_minutes=node.number("sync_minutes", base.sync_minutes),
    )


def _recipients(node: Node) -> tuple[str, ...]:
    found = []
    for index, phone in enumerate(node.strings("recipients", required=False)):
        try:
            found.append(phones.normalise(phone))
        except Invalid:
            node.fail(f"recipients[{index}]", "expected an 11-digit mainland mobile number")
    return tuple(found)
