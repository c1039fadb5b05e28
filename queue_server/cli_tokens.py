"""`queue-server token create|list|revoke`: device and script tokens, recorded by id."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from queue_server.store import Store
from queue_server.store.timeutil import served
from queue_server.store.tokens import DeviceToken, TokenError, TokenSpec


def token_create(store: Store, args: argparse.Namespace) -> None:
    """The token alone on stdout (`TOKEN=$(queue-server token create ...)`), its id on stderr."""
    if args.days <= 0:
        raise TokenError(f"--days: {args.days} is not a positive number of days")
    spec = TokenSpec(args.role, args.hall, args.window, args.label, timedelta(days=args.days))
    record, token = store.create_device_token(spec)
    print(token)
    print(f"token id {record.id}: {describe(record)}", file=sys.stderr)


def token_list(store: Store, args: argparse.Namespace) -> None:
    now = store.clock()
    print("\t".join(("id", "role", "hall", "window", "label", "created", "expires", "state")))
    for record in store.device_tokens():
        window = "-" if record.window is None else str(record.window)
        created, expires = served(record.created_at), served(record.expires_at)
        fields = (record.id, record.role, record.hall, window, record.label or "-")
        print("\t".join((*fields, str(created), str(expires), record.state(now))))


def token_revoke(store: Store, args: argparse.Namespace) -> None:
    record = store.revoke_device_token(args.id)
    print(f"token id {record.id} revoked at {served(record.revoked_at)}: {describe(record)}")


def describe(record: DeviceToken) -> str:
    window = f" window {record.window}" if record.window is not None else ""
    label = f" ({record.label})" if record.label else ""
    return f"{record.role} {record.hall}{window}{label}, expires {served(record.expires_at)}"


TOKEN_ACTIONS = {"create": token_create, "list": token_list, "revoke": token_revoke}
