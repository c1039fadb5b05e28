"""`hall-clerk`: the window clerk's console."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from queue_server.client.clerk import ClerkClient
from queue_server.client.discovery import DEFAULT_SERVER
from ui.clerk.session import ClerkSession
from ui.clerk.window import ClerkWindow
from ui.common.fonts import install_fonts
from ui.common.snapshots import start_snapshots

log = logging.getLogger(__name__)

PASSWORD_ENV = "HALL_CLERK_PASSWORD"
SCREENSHOT_DEADLINE_S = 10.0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="hall-clerk", description="窗口叫号 — clerk console of the queuing system"
    )
    parser.add_argument("--server", default=DEFAULT_SERVER, help="queue-server URL")
    parser.add_argument("--hall", help="hall id (for users bound to the whole district)")
    parser.add_argument("--window", type=int, help="window number to open after login")
    parser.add_argument("--user", help="username (pre-filled; with a password: logs in)")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=f"read the password from standard input (or set {PASSWORD_ENV})",
    )
    parser.add_argument("--screenshot", type=Path, help="save a screenshot shortly after start")
    parser.add_argument(
        "--quit-after-screenshot", action="store_true", help="exit once the screenshot is saved"
    )
    parser.add_argument("--size", default="1280x800", help="window size WxH (default 1280x800)")
    parser.add_argument("--verbose", "-v", action="store_true")
    return parser.parse_args(argv)


def read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n") or None
    return os.environ.get(PASSWORD_ENV) or None


def auto_login(window: ClerkWindow, args: argparse.Namespace, password: str | None) -> None:
    """Fill in the user; with a password log in, and with --window open that window."""
    if args.user:
        window.login_page.username.setText(args.user)
    if not (args.user and password):
        return
    if args.window is not None:
        number = int(args.window)
        window.session.windows_loaded.connect(
            lambda windows: (
                window.open_window(number)
                if any(w.number == number for w in windows)
                else log.error("window %s is not in hall %s", number, window.session.client.hall)
            )
        )
    window.login_page.password.setText(password)
    window.login_page.button.click()


def schedule_screenshot(
    window: ClerkWindow, path: Path, quit_after: bool, wait_for_console: bool
) -> None:
    """Save a screenshot once the console shows its window (or after a deadline)."""
    deadline = time.monotonic() + SCREENSHOT_DEADLINE_S
    timer = QTimer(window, interval=100)

    def ready() -> bool:
        state = window.session.state
        console_up = state.window_state is not None and bool(state.queues) and not state.busy
        return console_up or not wait_for_console

    def check() -> None:
        if not ready() and time.monotonic() < deadline:
            return
        timer.stop()
        QApplication.processEvents()
        path.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(path))
        log.info("screenshot saved to %s", path)
        if quit_after:
            window.close()
        else:  # keep the picture current for offscreen demos
            start_snapshots(window, path)

    timer.timeout.connect(check)
    timer.start()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    password = read_password(args)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_fonts()
    client = ClerkClient(args.server, hall=args.hall)
    window = ClerkWindow(ClerkSession(client))
    width, _, height = args.size.partition("x")
    window.resize(int(width), int(height))
    window.show()
    auto_login(window, args, password)
    if args.screenshot:
        auto = bool(args.user and password and args.window is not None)
        schedule_screenshot(window, args.screenshot, args.quit_after_screenshot, auto)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
