"""`queue-server`: init, serve, users, token, backup, close-day. Parses, then calls the library."""

from __future__ import annotations

import argparse
import getpass
import logging
import sqlite3
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from queue_server import auth
from queue_server.clock import Clock, RunningClock, system_clock
from queue_server.engine.errors import ConfigError, QueueError
from queue_server.engine.roles import ROLES
from queue_server.store import MEMORY, Settings, Store, backup, provision, users

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
    backup = commands.add_parser("backup", help="online copy of the live database")
    _db_arg(backup)
    backup.add_argument("dest", type=Path)
    close = commands.add_parser("close-day", help="end-of-day job: close unfinished tickets")
    _db_arg(close)
    return parser


def _init_parser(commands: Commands[argparse.ArgumentParser]) -> None:
    init = commands.add_parser("init", help="create the database, secrets and demo users")
    _db_arg(init)
    init.add_argument(
        "--demo-users",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="create demo users (password demo1234) and demo-tokens.json",
    )
    init.add_argument(
        "--server-url",
        default=f"http://{DEFAULT_HOST}:{DEFAULT_PORT}",
        help="server address written into demo-tokens.json",
    )


def _serve_parser(commands: Commands[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser("serve", help="run the HTTP server (initialises a new database)")
    _db_arg(serve)
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
    token = commands.add_parser("token", help="print a device or script token")
    _db_arg(token)
    token.add_argument("--role", required=True, choices=ROLES)
    token.add_argument("--hall", required=True, help="hall id, or * for the whole district")
    token.add_argument("--window", type=int, default=None)
    token.add_argument("--days", type=float, default=365.0, help="lifetime in days")


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


def open_store(
    args: argparse.Namespace, *, check_hours: bool = True, clock: Clock = system_clock
) -> tuple[Store, bool]:
    """The store for --db/--config; True if the database was created just now."""
    from queue_server.config_loader import load_district

    path = db_file(args)
    district = load_district(args.config)
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    return Store(path, district, clock=clock, settings=Settings(check_hours=check_hours)), new


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
    store, _ = open_store(args)
    if args.demo_users:
        added = store.add_demo_users()
        tokens = store.write_demo_tokens(args.server_url)
        print(f"{store.path}: {added} demo users (password {provision.DEMO_PASSWORD}); {tokens}")
    else:
        print(f"{store.path}: ready")
    store.close()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from queue_server.server import serve

    start = clock_start(args.clock_start)
    clock = RunningClock(start) if start else system_clock
    store, new = open_store(args, check_hours=not args.ignore_hours, clock=clock)
    if new:
        store.add_demo_users()
        store.write_demo_tokens(f"http://{args.host}:{args.port}")
    store.set_demo_server(f"http://{args.host}:{args.port}")
    serve(
        store,
        host=args.host,
        port=args.port,
        heartbeat=args.heartbeat,
        login_ttl=timedelta(hours=args.login_hours),
        clock_start=start,
        read_timeout=args.read_timeout,
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
    if args.hall != auth.ALL_HALLS and args.hall not in store.district.halls:
        raise CliError(f"--hall: unknown hall {args.hall!r}")
    print(
        auth.mint(
            store.token_key,
            role=args.role,
            hall=args.hall,
            window=args.window,
            now=store.clock(),
            ttl=timedelta(days=args.days),
        )
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    source = db_file(args)
    if not source.exists():
        raise CliError(f"--db: no database at {source}")
    if args.dest.exists():
        raise CliError(f"backup destination {args.dest} exists already")
    backup.copy(source, args.dest)
    print(f"backed up {source} to {args.dest}")
    return 0


def cmd_close_day(args: argparse.Namespace) -> int:
    store, _ = open_store(args)
    print(f"closed {store.close_day('close-day')} unfinished tickets")
    return 0


COMMANDS = {
    "init": cmd_init,
    "serve": cmd_serve,
    "users": cmd_users,
    "token": cmd_token,
    "backup": cmd_backup,
    "close-day": cmd_close_day,
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
    except (CliError, users.UserError, QueueError, OSError, sqlite3.Error) as err:
        print(f"queue-server: error: {err}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
