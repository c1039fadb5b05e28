"""`queue-server`: init, serve, users, token, keys, backup, close-day. Parses, then calls the
library."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from queue_server import cli_evaluations, cli_reports, cli_sim, cli_sync, keys
from queue_server.cli_init import add_first_admin, demo_setup
from queue_server.cli_keys import KEY_ACTIONS
from queue_server.cli_tokens import TOKEN_ACTIONS
from queue_server.clock import Clock, RunningClock, system_clock
from queue_server.engine.errors import ConfigError, QueueError
from queue_server.engine.roles import ROLES
from queue_server.store import MEMORY, Settings, Store, backup, provision, users
from queue_server.store.tokens import TokenError

log = logging.getLogger(__name__)
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8600


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def default_db() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("hall-queue")) / "queue.db"


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="database file (default: the user data dir's hall-queue/queue.db)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="district TOML (default: the bundled Qixia sample)",
    )
    parser.add_argument(
        "--keys",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"key file (default: ${keys.ENVIRONMENT}, else the systemd credential"
        f" {keys.CREDENTIAL}, else beside the database: queue.db -> queue.keys)",
    )


Commands = argparse._SubParsersAction  # the object add_subparsers() returns


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="queue-server",
        description="Queue server for government service halls (政务服务中心排队叫号).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command", required=True)
    _init_parser(commands)
    _serve_parser(commands)
    _users_parser(commands)
    _token_parser(commands)
    _keys_parser(commands)
    cli_sync.add_parser(commands, _db_arg)
    cli_evaluations.register(commands, _db_arg)
    cli_reports.register(commands, _db_arg)
    cli_sim.register(commands)
    backup = commands.add_parser(
        "backup", help="online copy of the live database (0600; never the key file)"
    )
    _db_arg(backup)
    backup.add_argument("dest", type=Path)
    close = commands.add_parser("close-day", help="end-of-day job: close unfinished tickets")
    _db_arg(close)
    return parser


def _init_parser(commands: Commands[argparse.ArgumentParser]) -> None:
    init = commands.add_parser(
        "init", help="create the database, its secrets and the first admin (or a demo)"
    )
    _db_arg(init)
    _demo_arg(init)
    init.add_argument(
        "--server-url",
        default=f"http://{DEFAULT_HOST}:{DEFAULT_PORT}",
        help="server address written into demo-tokens.json (with --demo)",
    )
    init.add_argument(
        "--admin",
        default=provision.FIRST_ADMIN,
        metavar="NAME",
        help="the first admin's user name (default %(default)s)",
    )
    password = init.add_mutually_exclusive_group()
    password.add_argument(
        "--generate-password",
        action="store_true",
        help="generate the first admin's password and print it once (also when stdin is not "
        "a terminal)",
    )
    password.add_argument(
        "--admin-password-stdin",
        action="store_true",
        help="read the first admin's password from the first line of stdin (automation)",
    )


def _demo_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo",
        action="store_true",
        help=f"demo set-up: demo accounts (password {provision.DEMO_PASSWORD}) and "
        f"{provision.TOKENS_FILE} with kiosk and display tokens; never for a real hall",
    )


def _serve_parser(commands: Commands[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve", help="run the HTTP server (on a database made by init; --demo makes one)"
    )
    _db_arg(serve)
    _demo_arg(serve)
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument(
        "--ignore-hours",
        action="store_true",
        help="issue tickets at any time of day (tests, demos)",
    )
    serve.add_argument(
        "--heartbeat",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="seconds between ': ping' comments on event streams",
    )
    serve.add_argument("--login-hours", type=float, default=12.0, help="login token lifetime")
    serve.add_argument(
        "--read-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="seconds a client has to send a whole request; slower connections are closed",
    )
    serve.add_argument(
        "--clock-start",
        default=None,
        metavar="TIME",
        help="run the clock from this moment at normal speed, e.g. 2026-12-07T09:30:00+08:00 "
        "(training, demos, trial runs; never for real service)",
    )


def _token_parser(commands: Commands[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("token", help="create, list or revoke device and script tokens")
    actions = parser.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="print a new token on stdout (its id on stderr)")
    _db_arg(create)
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--hall", required=True, help="hall id, or * for the whole district")
    create.add_argument("--window", type=int, default=None)
    create.add_argument("--days", type=float, default=365.0, help="lifetime in days")
    create.add_argument("--label", default="", help="what the token is for, e.g. 'kiosk K2'")
    listing = actions.add_parser("list", help="list tokens (never the tokens themselves)")
    _db_arg(listing)
    revoke = actions.add_parser("revoke", help="revoke a token: refused from the next request")
    _db_arg(revoke)
    revoke.add_argument("id", help="the token's id (see `token list`)")


def _keys_parser(commands: Commands[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("keys", help="the key file: where it is, rotate its keys")
    actions = parser.add_subparsers(dest="action", required=True)
    for name, text in (
        ("path", "print which key file is used, and why"),
        ("rotate-id", "new ID-hash key; the old ones stay for today's duplicate checks"),
        ("rotate-token", "new token-signing key: every token stops working"),
        ("prune", "drop old ID-hash keys whose day has closed in every hall"),
        ("show-platform-secret", "print the secret the appointment platform signs with (hex)"),
    ):
        _db_arg(actions.add_parser(name, help=text))


def _users_parser(commands: Commands[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("users", help="add, list or disable users")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user (password from --password or a prompt)")
    _db_arg(add)
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--hall", required=True, help="hall id, or * for the whole district")
    add.add_argument("--window", type=int, default=None)
    add.add_argument("--password", default=None)
    listing = actions.add_parser("list", help="list users")
    _db_arg(listing)
    disable = actions.add_parser("disable", help="disable a user (their tokens stop working)")
    _db_arg(disable)
    disable.add_argument("username")


def db_file(args: argparse.Namespace) -> Path:
    """The --db file (the default one if not given); every command works on a file."""
    path: Path = args.db or default_db()
    if str(path) == MEMORY:
        raise CliError(f"--db: {MEMORY} is a database in memory; this command needs a file")
    return path


def key_file(args: argparse.Namespace) -> keys.KeyFile:
    """The key file of --keys, $QUEUE_SERVER_KEYS, the systemd credential or the default."""
    return keys.locate(db_file(args), args.keys)


def open_store(
    args: argparse.Namespace,
    *,
    check_hours: bool = True,
    clock: Clock = system_clock,
    create: bool = False,
) -> tuple[Store, bool]:
    """The store for --db/--config; True if the database was created just now. Only `create`
    makes a new database: elsewhere a mistyped --db is refused, not served empty."""
    from queue_server.config_loader import load_district

    path = db_file(args)
    district = load_district(args.config)
    new = not path.exists()
    if new and not create:
        raise CliError(
            f"--db: no database at {path}; create it with `queue-server init --db {path}` "
            "(or `queue-server serve --demo` for a demo)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = Settings(check_hours=check_hours, password_cost=users.password_cost(os.environ))
    if settings.password_cost != users.SCRYPT_N:
        log.warning(
            "%s: passwords hashed at n=%d (tests only)",
            users.PASSWORD_COST_ENV,
            settings.password_cost,
        )
    store = Store(path, district, clock=clock, keys=key_file(args), settings=settings)
    return store, new


def clock_start(value: str | None) -> datetime | None:
    """The --clock-start moment: ISO 8601 with a UTC offset (a naive time is ambiguous)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise CliError(
            f"--clock-start: {value!r} is not an ISO 8601 time with a UTC offset"
            " (e.g. 2026-12-07T09:30:00+08:00)"
        )
    return moment


def cmd_init(args: argparse.Namespace) -> int:
    store, _ = open_store(args, create=True)
    try:
        if args.demo:
            print(f"{store.path}: {demo_setup(store, args.server_url)}")
        elif store.needs_first_admin():
            add_first_admin(store, args)
        else:
            print(f"{store.path}: ready (it has an admin already)")
    finally:
        store.close()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from queue_server.config_loader import load_notify
    from queue_server.server import serve

    start = clock_start(args.clock_start)
    clock = RunningClock(start) if start else system_clock
    store, _ = open_store(args, check_hours=not args.ignore_hours, clock=clock, create=args.demo)
    url = f"http://{args.host}:{args.port}"
    if args.demo:
        log.info("demo set-up: %s", demo_setup(store, url))
    else:
        store.set_demo_server(url)
    serve(
        store,
        host=args.host,
        port=args.port,
        heartbeat=args.heartbeat,
        login_ttl=timedelta(hours=args.login_hours),
        clock_start=start,
        read_timeout=args.read_timeout,
        platform=cli_sync.exchange(store, args.config),
        notify=load_notify(args.config),
    )
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    store, _ = open_store(args)
    if args.action == "list":
        for user in store.users():
            window = f" window {user.window}" if user.window else ""
            print(
                f"{user.username}\t{user.role}\t{user.hall}{window}\t"
                f"{'disabled' if user.disabled else 'active'}"
            )
    elif args.action == "add":
        password = args.password or getpass.getpass(f"password for {args.username}: ")
        store.add_user(args.username, password, args.role, args.hall, args.window)
        print(f"added {args.username} ({args.role}, {args.hall})")
    else:
        store.disable_user(args.username)
        print(f"disabled {args.username}")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    store, _ = open_store(args)
    try:
        TOKEN_ACTIONS[args.action](store, args)
    finally:
        store.close()
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    file = key_file(args)
    KEY_ACTIONS[args.action](file, args)
    if args.action == "rotate-token" and db_file(args).exists():
        store, _ = open_store(args)
        try:
            revoked = store.revoke_all_device_tokens()
        finally:
            store.close()
        print(f"{revoked} device tokens on record marked revoked (queue-server token list)")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    source = db_file(args)
    if not source.exists():
        raise CliError(f"--db: no database at {source}")
    if args.dest.exists():
        raise CliError(f"backup destination {args.dest} exists already")
    backup.copy(source, args.dest)
    print(f"backed up {source} to {args.dest} (the data only: back the key file up apart)")
    secrets = key_file(args).path
    if secrets.parent.resolve() == args.dest.parent.resolve():
        print(
            f"warning: the key file {secrets} is in the backup's folder; keep backups elsewhere",
            file=sys.stderr,
        )
    return 0


def cmd_close_day(args: argparse.Namespace) -> int:
    store, _ = open_store(args)
    print(f"closed {store.close_day('close-day')} unfinished tickets")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    store, _ = open_store(args)
    try:
        lines, failing = cli_sync.status_of(store, args.config)
    finally:
        store.close()
    print("\n".join(lines))
    return 1 if failing else 0


COMMANDS = {
    "init": cmd_init,
    "serve": cmd_serve,
    "users": cmd_users,
    "token": cmd_token,
    "keys": cmd_keys,
    "backup": cmd_backup,
    "close-day": cmd_close_day,
    "sync": cmd_sync,
    "evaluations": lambda args: int(args.run(args)),
    **dict.fromkeys(("report", "simulate", "staffing"), lambda args: int(args.run(args))),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return COMMANDS[args.command](args)
    except ConfigError as err:
        print(f"queue-server: config error: {err}", file=sys.stderr)
    except (
        CliError,
        keys.KeyFileError,
        users.UserError,
        TokenError,
        QueueError,
        OSError,
        sqlite3.Error,
    ) as err:
        print(f"queue-server: error: {err}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
