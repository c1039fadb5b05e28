"""`queue-server init`'s set-up: the first admin (password asked for, read or generated) of a
real database, or the demo accounts and demo-tokens.json (`--demo`)."""

from __future__ import annotations

import argparse
import getpass
import sys

from queue_server.store import Store, provision
from queue_server.store.users import UserError


def demo_setup(store: Store, server: str) -> str:
    """Demo accounts and demo-tokens.json (pointing at `server`); what was done, in words."""
    added = store.add_demo_users()
    path = store.ensure_demo_tokens(server)
    return f"{added} demo users added (password {provision.DEMO_PASSWORD}); {path}"


def add_first_admin(store: Store, args: argparse.Namespace) -> None:
    """The first admin of a real database, with a password asked for, read or generated."""
    if args.admin_password_stdin:
        password, shown = sys.stdin.readline().rstrip("\r\n"), False
    elif args.generate_password or not sys.stdin.isatty():
        password, shown = provision.generate_password(), True
    else:
        password, shown = ask_new_password(args.admin), False
    store.add_first_admin(args.admin, password)
    print(f"{store.path}: first admin {args.admin!r} created (role admin, whole district)")
    if shown:
        print(f"its password, shown only this once: {password}")
    print("next: `queue-server users add` for people, `queue-server token create` for devices")


def ask_new_password(username: str, attempts: int = 3) -> str:
    """A password typed twice on the terminal, at least `provision.ADMIN_PASSWORD_MIN` long."""
    least = provision.ADMIN_PASSWORD_MIN
    for _ in range(attempts):
        password = getpass.getpass(f"password for {username} (at least {least} characters): ")
        if len(password) < least:
            print(f"too short: {len(password)} characters, at least {least}", file=sys.stderr)
        elif getpass.getpass("the same password again: ") != password:
            print("the two passwords differ", file=sys.stderr)
        else:
            return password
    raise UserError(f"user {username!r}: no password set after {attempts} attempts")
