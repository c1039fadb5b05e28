"""`queue-server evaluations export --from --to --format json|csv`: 好差评 in the national data
set's fields (GB/T 39046-2020), on stdout or into `--out` (created 0600: it holds masked names)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any


def register(commands: Any, db_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add `evaluations export` to the program's commands."""
    parser = commands.add_parser("evaluations", help="好差评: export evaluations")
    actions = parser.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="the national data set's fields, JSON or CSV")
    db_arg(export)
    export.add_argument("--from", dest="first", type=date.fromisoformat, required=True,
                        help="first day, YYYY-MM-DD (local)")  # fmt: skip
    export.add_argument("--to", dest="last", type=date.fromisoformat, required=True,
                        help="last day, YYYY-MM-DD (included)")  # fmt: skip
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("--out", type=Path, default=None, help="a file instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from queue_server.cli import CliError, open_store

    if args.last < args.first:
        raise CliError(f"--to {args.last} is before --from {args.first}")
    store, _ = open_store(args)
    try:
        text = store.export_evaluations(args.first, args.last, args.format)
    finally:
        store.close()
    if args.out is None:
        print(text, end="")
    else:
        write_private(args.out, text)
    return 0


def write_private(path: Path, text: str) -> None:
    """Write `text` to a new file readable by its owner only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
