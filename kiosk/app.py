"""`hall-kiosk`: start the kiosk full screen from its configuration (or the sample defaults)."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import replace
from pathlib import Path

from kiosk import KioskError
from kiosk.config import ConfigError, KioskConfig, default_config, load_config
from queue_server.client.discovery import demo_token_search, find_demo_token

log = logging.getLogger(__name__)
STARTED = time.perf_counter()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="hall-kiosk",
        description="Self-service kiosk of a government service hall "
        "(取号, 预约签到, 查询进度, 办事指南). Without --config it runs as kiosk K1 "
        "of the sample district centre with simulated devices.",
    )
    parser.add_argument("--config", type=Path, help="kiosk TOML file (see config/kiosk.toml)")
    parser.add_argument("--server", help="queue-server URL (overrides the file)")
    parser.add_argument("--token", help="kiosk device token (overrides the file and demo tokens)")
    parser.add_argument("--hall", help="hall id (overrides the file)")
    parser.add_argument(
        "--demo-tokens", type=Path, help="demo-tokens.json written by `queue-server serve --demo`"
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="SERVER_DB",
        help="the queue server's database, as given to `queue-server serve --demo --db`: take "
        "the demo token beside it (not the kiosk's own journal)",
    )
    parser.add_argument("--orientation", choices=("portrait", "landscape"))
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    parser.add_argument(
        "--exit-when-ready",
        action="store_true",
        help="show the home screen, print the start-up time and exit (smoke tests, benchmarks)",
    )
    parser.add_argument(
        "--screenshot", type=Path, help="save the screen to this PNG every 2 s (offscreen demos)"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser.parse_args(argv)


def resolve_config(args: argparse.Namespace) -> KioskConfig:
    """The configuration from the file (or defaults), command-line overrides and a token."""
    config = load_config(args.config) if args.config else default_config()
    changes: dict[str, object] = {}
    if args.server:
        changes["server_url"] = args.server.rstrip("/")
    if args.hall:
        changes["hall"] = args.hall
    if args.orientation:
        changes["orientation"] = args.orientation
    if args.windowed:
        changes["fullscreen"] = False
    config = replace(config, **changes)  # type: ignore[arg-type]
    if args.token:
        return replace(config, token=args.token)
    if config.token:
        return config
    files = demo_token_search(args.demo_tokens, args.db)
    found = find_demo_token("kiosk", config.hall, files)
    if found is None:
        raise ConfigError(
            f"no kiosk token for hall '{config.hall}' in {', '.join(map(str, files))}: give "
            f"--token, set [server] token in {config.source}, or start the server with "
            "`queue-server serve --demo` (with `--db PATH`: start the kiosk with the same --db)"
        )
    token, server = found
    return replace(config, token=token, server_url=args.server or server)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        config = resolve_config(args)
    except KioskError as err:
        print(f"hall-kiosk: {err}", file=sys.stderr)
        return 2
    from ui.kiosk.assembly import run_kiosk  # Qt only once the configuration is known good

    try:
        return run_kiosk(
            config,
            exit_when_ready=args.exit_when_ready,
            started=STARTED,
            screenshot=args.screenshot,
        )
    except KioskError as err:
        print(f"hall-kiosk: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
