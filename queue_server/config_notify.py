"""The district file's notification settings: `[notify]` (sender, public URL, default rules)
and `[halls.ID.notify]` (a hall's rules, each key falling back to `[notify]`'s); the
managers' alerts `[alerts]` ride along (`config_alerts`)."""

from __future__ import annotations

from dataclasses import fields
from datetime import time
from typing import Any

from queue_server.config_alerts import parse_alerts
from queue_server.config_reader import Node
from queue_server.notify.rules import NotifyConfig, NotifyRules, SenderSettings

SENDERS = ("log", "sms", "webhook")
RULE_KEYS = tuple(f.name for f in fields(NotifyRules))


def parse_notify(data: dict[str, Any], source: str) -> NotifyConfig:
    """Notifications: the sender and rules of `[notify]`, the rules of `[halls.ID.notify]`."""
    root = Node(data, "", source)
    head = root.table("notify", required=False)
    head.only("sender", "url", "account", "password_env", "timeout_seconds", "public_url",
              "retry_seconds", *RULE_KEYS)  # fmt: skip
    rules = _rules(head, NotifyRules())
    halls = {
        hall_id: _rules(node.table("notify"), rules)
        for hall_id, node in root.table("halls", required=False).items()
        if "notify" in node.data
    }
    retry = head.number("retry_seconds", NotifyConfig.retry_seconds)
    return NotifyConfig(_sender(head), _public_url(head), rules, halls, retry, parse_alerts(root))


def _rules(node: Node, base: NotifyRules) -> NotifyRules:
    if node.key.startswith("halls."):  # a hall's table holds rules only
        node.only(*RULE_KEYS)
    return NotifyRules(
        ahead=node.integer("ahead", base.ahead, minimum=0),
        called=node.boolean("called", base.called),
        reminder_day_before=node.boolean("reminder_day_before", base.reminder_day_before),
        reminder_day_before_at=_clock_time(
            node, "reminder_day_before_at", base.reminder_day_before_at
        ),  # fmt: skip
        reminder_hour_before=node.boolean("reminder_hour_before", base.reminder_hour_before),
        evaluation=node.boolean("evaluation", base.evaluation),
    )


def _clock_time(node: Node, name: str, default: time) -> time:
    if name not in node.data:
        return default
    value = node.string(name)
    try:
        return time.fromisoformat(value)
    except ValueError:
        node.fail(name, f'expected a time like "18:00", got {value!r}')


def _sender(node: Node) -> SenderSettings:
    kind = _optional(node, "sender", "log")
    if kind not in SENDERS:
        node.fail("sender", f"unknown sender {kind!r} (expected one of {', '.join(SENDERS)})")
    url = _optional(node, "url", "")
    if kind != "log" and not url.startswith(("http://", "https://")):
        node.fail("url", f"sender {kind!r} needs an http(s) URL, got {url!r}")
    return SenderSettings(
        kind=kind,
        url=url,
        account=_optional(node, "account", ""),
        password_env=_optional(node, "password_env", SenderSettings.password_env),
        timeout_seconds=node.number("timeout_seconds", SenderSettings.timeout_seconds),
    )


def _optional(node: Node, name: str, default: str) -> str:
    """A string that, when given, must not be empty."""
    return node.string(name) if name in node.data else default


def _public_url(node: Node) -> str:
    url = _optional(node, "public_url", "")
    if url and not url.startswith(("http://", "https://")):
        node.fail("public_url", f"expected an http(s) URL, got {url!r}")
    return url.rstrip("/")
