"""`queue-server keys path|rotate-id|rotate-token|prune|show-platform-secret`: the key file
(queue_server.keys)."""

from __future__ import annotations

import argparse

from queue_server.clock import system_clock
from queue_server.keys import KeyFile

TOKEN_ROTATED = (
    "{path}: new token-signing key. Every token signed with the old one (sign-ins, kiosk and"
    " display tokens, demo-tokens.json) stops working once the server restarts: restart it now,"
    " then give every kiosk and display a new token (queue-server token create) and sign in"
    " again."
)


def keys_path(file: KeyFile, args: argparse.Namespace) -> None:
    print(file)


def rotate_id(file: KeyFile, args: argparse.Namespace) -> None:
    ring = file.load()
    file.replace(ring.rotate_id(system_clock()))
    print(
        f"{file.path}: new ID-hash key; the {len(ring.id_hash)} older kept until their day"
        " has closed (queue-server keys prune). Restart the server to use it."
    )


def rotate_token(file: KeyFile, args: argparse.Namespace) -> None:
    file.replace(file.load().rotate_token(system_clock()))
    print(TOKEN_ROTATED.format(path=file.path))


def prune(file: KeyFile, args: argparse.Namespace) -> None:
    from queue_server.config_loader import load_district

    ring = file.load()
    kept = ring.prune(load_district(args.config), system_clock())
    if kept != ring:
        file.replace(kept)
    dropped = len(ring.id_hash) - len(kept.id_hash)
    print(f"{file.path}: dropped {dropped} old ID-hash keys, kept {len(kept.id_hash)}")


def show_platform_secret(file: KeyFile, args: argparse.Namespace) -> None:
    """The platform secret as hex, alone on stdout, for the platform's operator to configure
    (a key file written before it existed gets one now)."""
    print(file.load().platform_secret.hex())


KEY_ACTIONS = {
    "path": keys_path,
    "rotate-id": rotate_id,
    "rotate-token": rotate_token,
    "prune": prune,
    "show-platform-secret": show_platform_secret,
}
