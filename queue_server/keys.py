"""The server's secrets, kept in a key file outside the database they protect: the key that signs
every bearer token, the keys of the ID-number hash (the current one first; older ones stay
until the business day they hashed has closed, so a rotation never lets a citizen take a second
ticket), and the private half of the sealing key pair that opens the ID cards kiosks seal while
offline (`engine.sealing`), the key that signs appointment check-in codes
(`engine.checkin_codes`), the secret shared with the online appointment platform
(`engine.signing`), the key citizens' phone numbers are encrypted under (`store.phones`) and
the secret that signs notification webhooks (`notify.senders`). A copy of the database, or a
backup, alone reveals none of them.

The file is TOML, created 0600 and written atomically; `KeyFile.load` refuses one that other
users may read. Where it is: `locate` (--keys, $QUEUE_SERVER_KEYS, a systemd credential, or the
default beside the database)."""

from __future__ import annotations

import dataclasses
import os
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from queue_server.engine import sealing
from queue_server.engine.district import District

ENVIRONMENT = "QUEUE_SERVER_KEYS"
CREDENTIAL = "queue-server-keys"  # the credential's name under $CREDENTIALS_DIRECTORY
FORMAT = 1
KEY_BYTES = 32
OPTIONAL = ("seal", "check_in", "platform", "phone", "webhook")  # added by `completed`

HEADER = """\
# queue-server key file. Keep it secret (mode 0600) and back it up on its own, never beside the
# database's backups: with the database it would unlock every ID hash and sign any token.
# Without it the database's tokens stop working and today's ID checks cannot match.
# Rotate with `queue-server keys rotate-id` / `rotate-token` (see the README).
"""


class KeyFileError(Exception):
    """A key file that is missing, unsafe, malformed or does not fit the database."""


@dataclass(frozen=True)
class Key:
    secret: bytes
    created: datetime

    @classmethod
    def new(cls, now: datetime) -> Key:
        return cls(secrets.token_bytes(KEY_BYTES), now)

    @classmethod
    def new_seal(cls, now: datetime) -> Key:
        return cls(sealing.new_private_key(), now)


@dataclass(frozen=True)
class Keyring:
    """The token-signing key, the ID-hash keys (current first), the sealing private key, the
    check-in code key and the platform secret (the last three None only in a keyring read from
    an older file or database, until `completed` adds them)."""

    token: Key
    id_hash: tuple[Key, ...]
    seal: Key | None = None
    check_in: Key | None = None
    platform: Key | None = None
    phone: Key | None = None
    webhook: Key | None = None

    def __post_init__(self) -> None:
        if not self.id_hash:
            raise ValueError("a keyring needs at least one ID-hash key")

    @classmethod
    def generate(cls, now: datetime) -> Keyring:
        return cls(Key.new(now), (Key.new(now),)).completed(now)

    @property
    def complete(self) -> bool:
        return None not in (self.seal, self.check_in, self.platform, self.phone, self.webhook)

    def completed(self, now: datetime) -> Keyring:
        """This keyring, with new keys for those it has none of yet (sealing, check-in codes,
        platform secret, phone numbers, notification webhook)."""
        return dataclasses.replace(
            self,
            seal=self.seal or Key.new_seal(now),
            check_in=self.check_in or Key.new(now),
            platform=self.platform or Key.new(now),
            phone=self.phone or Key.new(now),
            webhook=self.webhook or Key.new(now),
        )

    @property
    def phone_key(self) -> bytes:
        """The SecretBox key citizens' phone numbers are stored under (`store.phones`)."""
        return _secret(self.phone, "phone key")

    @property
    def webhook_secret(self) -> bytes:
        """The HMAC secret that signs notification webhooks (`notify.senders`)."""
        return _secret(self.webhook, "webhook secret")

    @property
    def check_in_key(self) -> bytes:
        """The key that signs appointment check-in codes."""
        return _secret(self.check_in, "check-in code key")

    @property
    def platform_secret(self) -> bytes:
        """The secret shared with the online appointment platform (signed requests)."""
        return _secret(self.platform, "platform secret")

    @property
    def seal_key(self) -> bytes:
        """The sealing private key that opens the ID cards kiosks sealed offline."""
        return _secret(self.seal, "sealing key")

    @property
    def seal_public_key(self) -> bytes:
        """The public half kiosks seal to (`GET /api/seal-key`)."""
        return sealing.public_key_of(self.seal_key)

    @property
    def token_key(self) -> bytes:
        return self.token.secret

    @property
    def id_key(self) -> bytes:
        """The ID-hash key new tickets are hashed with."""
        return self.id_hash[0].secret

    @property
    def id_keys(self) -> tuple[bytes, ...]:
        """Every ID-hash key still kept, current first: duplicate checks look under each."""
        return tuple(key.secret for key in self.id_hash)

    def rotate_id(self, now: datetime) -> Keyring:
        """A new current ID-hash key; the older ones are kept for today's duplicate checks."""
        return dataclasses.replace(self, id_hash=(Key.new(now), *self.id_hash))

    def rotate_token(self, now: datetime) -> Keyring:
        """A new token key: every token signed with the old one stops working."""
        return dataclasses.replace(self, token=Key.new(now))

    def prune(self, district: District, now: datetime) -> Keyring:
        """Without the old ID-hash keys whose last day as current key has closed in every hall.

        Key n stopped being current when key n-1 was created; tickets it hashed belong to that
        business day or earlier, and the one-ticket-per-ID rule only looks at today's."""
        kept = [self.id_hash[0]]
        for newer, older in zip(self.id_hash, self.id_hash[1:], strict=False):
            retired = newer.created
            if any(h.business_day(retired) >= h.business_day(now) for h in district.halls.values()):
                kept.append(older)
        return dataclasses.replace(self, id_hash=tuple(kept))


def _secret(key: Key | None, what: str) -> bytes:
    if key is None:
        raise KeyFileError(f"this keyring has no {what}")
    return key.secret


class Source(StrEnum):
    """Where a key file's location came from (`queue-server keys path` shows it)."""

    OPTION = "--keys"
    ENVIRONMENT = f"${ENVIRONMENT}"
    CREDENTIAL = f"systemd credential {CREDENTIAL}"
    DEFAULT = "default, beside the database"


@dataclass(frozen=True)
class KeyFile:
    """A key file's path and where it came from. A systemd credential is read-only, and systemd
    keeps it private (0400 plus an ACL for the service's user, which `stat` shows as 0440)."""

    path: Path
    source: Source = Source.OPTION

    def __str__(self) -> str:
        return f"{self.path} ({self.source})"

    def exists(self) -> bool:
        return self.path.exists()

    def load(self, now: datetime | None = None) -> Keyring:
        """The keyring in the file; KeyFileError if it is missing, unsafe or malformed. A file
        written before some keys existed gets them, written back (see `_complete`)."""
        try:
            mode = self.path.stat().st_mode & 0o777
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError as err:
            raise KeyFileError(f"no key file at {self}") from err
        except OSError as err:
            raise KeyFileError(f"key file {self}: {err.strerror}") from err
        if mode & 0o077 and self.source is not Source.CREDENTIAL:
            raise KeyFileError(
                f"key file {self.path} is open to other users (mode {mode:04o});"
                f" run: chmod 600 {self.path}"
            )
        ring = parse(text, self.path)
        return ring if ring.complete else self._complete(ring, now or datetime.now().astimezone())

    def _complete(self, ring: Keyring, now: datetime) -> Keyring:
        """Add the keys an older key file lacks (sealing, check-in, platform), atomically; a
        read-only credential is refused (its source file is upgraded by a command given it
        with --keys)."""
        if self.source is Source.CREDENTIAL:
            missing = [n for n in OPTIONAL if getattr(ring, n) is None]
            raise KeyFileError(
                f"{self} has no [{'], ['.join(missing)}] key and is read-only: add them to the"
                " file the unit loads it from (`queue-server keys rotate-id --keys FILE` does,"
                " keeping the old ID keys), then restart"
            )
        completed = ring.completed(now)
        self.replace(completed)
        return completed

    def create(self, ring: Keyring) -> None:
        """Write a new key file (0600); KeyFileError if one exists already."""
        self._write(ring, replacing=False)

    def replace(self, ring: Keyring) -> None:
        """Replace the key file atomically (rotation); never a systemd credential."""
        self._write(ring, replacing=True)

    def _write(self, ring: Keyring, *, replacing: bool) -> None:
        if self.source is Source.CREDENTIAL:
            raise KeyFileError(
                f"{self} is read-only: change the file the unit loads it from (pass it with --keys)"
            )
        try:
            write_private(self.path, render(ring), replacing=replacing)
        except FileExistsError as err:
            raise KeyFileError(f"key file {self.path} exists already") from err
        except OSError as err:
            raise KeyFileError(f"cannot write key file {self.path}: {err.strerror}") from err


def default_path(db: Path) -> Path:
    """`queue.db` -> `queue.keys` in the same folder."""
    return db.with_suffix(".keys")


def locate(
    db: Path, option: Path | None = None, environ: Mapping[str, str] | None = None
) -> KeyFile:
    """--keys, else $QUEUE_SERVER_KEYS, else the systemd credential if the unit passes one,
    else the default beside the database."""
    env = os.environ if environ is None else environ
    if option is not None:
        return KeyFile(option, Source.OPTION)
    if env.get(ENVIRONMENT):
        return KeyFile(Path(env[ENVIRONMENT]), Source.ENVIRONMENT)
    credentials = env.get("CREDENTIALS_DIRECTORY")
    if credentials and (Path(credentials) / CREDENTIAL).exists():
        return KeyFile(Path(credentials) / CREDENTIAL, Source.CREDENTIAL)
    return KeyFile(default_path(db), Source.DEFAULT)


def render(ring: Keyring) -> str:
    """The key file's text: hex keys with their creation times."""
    lines = [HEADER, f"format = {FORMAT}", "", "[token]", *_key_lines(ring.token), ""]
    lines.append("# ID-hash keys, the current one first")
    for key in ring.id_hash:
        lines += ["[[id_hash]]", *_key_lines(key), ""]
    if ring.seal is not None:
        lines.append("# sealing key (X25519 private half): opens the ID cards kiosks seal offline")
        lines += ["[seal]", *_key_lines(ring.seal), ""]
    if ring.check_in is not None:
        lines.append("# signs appointment check-in codes (a leak lets anyone forge codes)")
        lines += ["[check_in]", *_key_lines(ring.check_in), ""]
    if ring.platform is not None:
        lines.append("# shared with the online appointment platform: `keys show-platform-secret`")
        lines += ["[platform]", *_key_lines(ring.platform), ""]
    if ring.phone is not None:
        lines.append("# encrypts citizens' phone numbers in the database (notifications)")
        lines += ["[phone]", *_key_lines(ring.phone), ""]
    if ring.webhook is not None:
        lines.append("# signs notification webhooks (the receiver verifies with this hex key)")
        lines += ["[webhook]", *_key_lines(ring.webhook), ""]
    return "\n".join(lines)


def _key_lines(key: Key) -> list[str]:
    return [f'key = "{key.secret.hex()}"', f"created = {key.created.isoformat()}"]


def parse(text: str, path: Path) -> Keyring:
    """The keyring in a key file's text; KeyFileError naming the file and the bad entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise KeyFileError(f"key file {path}: not TOML ({err})") from err
    if data.get("format") != FORMAT:
        raise KeyFileError(f"key file {path}: format = {data.get('format')!r}, expected {FORMAT}")
    id_hash = data.get("id_hash")
    if not isinstance(id_hash, list) or not id_hash:
        raise KeyFileError(f"key file {path}: no [[id_hash]] key")
    optional = {
        name: None if data.get(name) is None else _parse_key(data[name], path, name)
        for name in OPTIONAL
    }
    return Keyring(
        _parse_key(data.get("token"), path, "token"),
        tuple(_parse_key(entry, path, f"id_hash[{n}]") for n, entry in enumerate(id_hash)),
        **optional,
    )


def _parse_key(entry: Any, path: Path, name: str) -> Key:
    if not isinstance(entry, dict):
        raise KeyFileError(f"key file {path}: [{name}] is missing")
    created = entry.get("created")
    if not isinstance(created, datetime) or created.utcoffset() is None:
        raise KeyFileError(f"key file {path}: {name}.created is not a time with a UTC offset")
    try:
        secret = bytes.fromhex(entry.get("key", ""))
    except (TypeError, ValueError):
        secret = b""
    if len(secret) != KEY_BYTES:  # the value itself is never shown: it is a secret
        raise KeyFileError(f"key file {path}: {name}.key is not {KEY_BYTES * 2} hex digits")
    return Key(secret, created)


def write_private(path: Path, text: str, *, replacing: bool) -> None:
    """Write `text` to `path` as a 0600 file, atomically: a temporary file beside it, fsynced,
    then renamed over `path` (`replacing`) or linked to it (FileExistsError if taken)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if replacing:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # unlike a rename, never replaces a file made meanwhile
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (a crash must not lose a key the database already relies on)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
