"""`hall-display`: the hall's big board, or with `--window N` the screen above one window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from queue_server.client.board import BoardClient
from queue_server.client.discovery import (
    DEFAULT_SERVER,
    TOKENS_FILE,
    demo_token_search,
    find_demo_token,
)
from ui.common.fonts import install_fonts
from ui.display.announcer import Announcer, clip_dir_problems
from ui.display.board_view import BoardView
from ui.display.config import DisplayConfig, load_config
from ui.display.controller import DisplayController
from ui.display.errors import DisplayError
from ui.display.sinks import ClipSink, make_sink
from ui.display.speech import make_speaker
from ui.display.voice_clips import CATALOGUE
from ui.display.window_view import WindowView

log = logging.getLogger(__name__)

LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
WINDOW_SCREEN = (1280, 480)


@dataclass
class Display:
    """The assembled program: controller (data), view (screen), announcer (voice)."""

    controller: DisplayController
    view: BoardView | WindowView
    announcer: Announcer

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
        self.announcer.shutdown()


def build_display(
    config: DisplayConfig,
    client: BoardClient,
    window: int | None = None,
    sink: ClipSink | None = None,
) -> Display:
    """Wire the parts; `sink` defaults to the sound card, or silence when there is none."""
    missing = clip_dir_problems(config.voice.clip_dir, list(CATALOGUE))
    if missing:
        log.warning("voice clips missing in %s: %s", config.voice.clip_dir, ", ".join(missing))
    speaker = make_speaker() if config.voice.engine == "tts" else None
    clock = lambda: config.now().time()  # noqa: E731
    announcer = Announcer(sink or make_sink(), config.voice, clock, speaker=speaker)
    controller = DisplayController(client, config, announcer, window)
    view: BoardView | WindowView
    if window is None:
        view = BoardView(config, config.now, portrait=config.orientation == "portrait")
    else:
        view = WindowView(window, config.now)
    controller.changed.connect(view.set_state)
    controller.stale_changed.connect(view.set_stale)
    announcer.setParent(controller)
    return Display(controller, view, announcer)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hall-display", description=__doc__)
    parser.add_argument("--server", help=f"queue-server address (default {DEFAULT_SERVER})")
    parser.add_argument("--hall", help="hall id (default from the config, else qixia)")
    parser.add_argument("--token", help=f"display token (default: from {TOKENS_FILE})")
    parser.add_argument("--demo-tokens", type=Path, help=f"the {TOKENS_FILE} to take it from")
    parser.add_argument(
        "--db",
        type=Path,
        metavar="SERVER_DB",
        help=f"the queue server's database (`queue-server serve --demo --db`): the {TOKENS_FILE} "
        "beside it",
    )
    parser.add_argument("--window", type=int, help="window mode: the screen above window N")
    parser.add_argument("--config", type=Path, help="display.toml (see config/display.toml)")
    parser.add_argument("--orientation", choices=("landscape", "portrait"))
    parser.add_argument("--screenshot", type=Path, help="save the screen to this PNG every 2 s")
    parser.add_argument("--windowed", action="store_true", help="a window, not full screen")
    parser.add_argument(
        "--make-voice-clips", type=Path, metavar="DIR", help="synthesise the clip set and exit"
    )
    return parser.parse_args(argv)


def resolve(args: argparse.Namespace) -> tuple[DisplayConfig, BoardClient]:
    """Command line over config file over demo-tokens.json over built-in defaults."""
    config = load_config(args.config)
    hall = args.hall or config.hall
    config = replace(config, hall=hall, orientation=args.orientation or config.orientation)
    token, server = args.token or config.token, args.server or config.server
    files = demo_token_search(args.demo_tokens, args.db)
    if not token or not server:
        demo = find_demo_token("display", hall, files)
        if demo is not None:
            token, server = token or demo[0], server or demo[1]
    if not token:
        raise DisplayError(
            f"no display token for hall {hall} in {', '.join(map(str, files))}: pass --token, "
            "set token in the config, or start the server with `queue-server serve --demo` "
            f"(it writes {TOKENS_FILE} beside its database; with `--db PATH`, give the same --db)"
        )
    return config, BoardClient(server or DEFAULT_SERVER, hall, token)


def _size(config: DisplayConfig, window: int | None) -> tuple[int, int]:
    if window is not None:
        return WINDOW_SCREEN
    return PORTRAIT if config.orientation == "portrait" else LANDSCAPE


def show_full_screen(view: QWidget) -> None:
    """Full screen also without a window manager (which would otherwise leave the window at
    its 200×100 default): the geometry of the screen is set explicitly first."""
    screen = view.screen() or QApplication.primaryScreen()
    view.setGeometry(screen.geometry())
    view.showFullScreen()


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    args = parse_args(argv)
    if args.make_voice_clips:
        from ui.display.voice_synth import make_clips

        print(f"{len(make_clips(args.make_voice_clips))} clips written to {args.make_voice_clips}")
        return 0
    try:
        config, client = resolve(args)
    except DisplayError as err:
        print(f"hall-display: {err}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_fonts()
    display = build_display(config, client, args.window)
    view: QWidget = display.view
    view.setWindowTitle(
        f"hall-display {client.hall}" + (f" window {args.window}" if args.window else "")
    )
    offscreen = QApplication.platformName() == "offscreen"
    if args.windowed or offscreen or args.screenshot:
        view.resize(*_size(config, args.window))
        view.show()
    else:
        show_full_screen(view)
    timer = None
    if args.screenshot:
        from ui.common.snapshots import start_snapshots

        timer = start_snapshots(view, args.screenshot)
    display.start()
    code = app.exec()
    display.stop()
    del timer
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
