"""`queue-server report`: a performance report (数据化绩效考核) as JSON, CSV or Excel, and
`report build` to sum past days ahead (after an import, or before the first report of a year)."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from queue_server.engine.report_scope import PERIODS, SCOPES, Scope, period_of
from queue_server.engine.reports import RANKABLE


def register(commands: Any, db_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add `report` and `report build` to the program's commands."""
    parser = commands.add_parser("report", help="performance reports: JSON, CSV or Excel")
    actions = parser.add_subparsers(dest="action", required=True)
    show = actions.add_parser("show", help="one report, on stdout or into --out")
    db_arg(show)
    show.add_argument("--scope", choices=SCOPES, default="district")
    show.add_argument("--hall")
    show.add_argument("--service")
    show.add_argument("--window", type=int)
    show.add_argument("--clerk")
    show.add_argument("--period", choices=PERIODS, default="day")
    show.add_argument("--date", dest="day", type=date.fromisoformat, help="day, week or month of")
    show.add_argument("--from", dest="first", type=date.fromisoformat, help="range: first day")
    show.add_argument("--to", dest="last", type=date.fromisoformat, help="range: last day")
    show.add_argument("--rank-by", choices=tuple(RANKABLE), default="served")
    show.add_argument("--format", choices=("json", "csv", "xlsx"), default="json")
    show.add_argument("--out", type=Path, help="a file (created 0600) instead of stdout")
    build = actions.add_parser("build", help="sum the days from --from to --to ahead")
    db_arg(build)
    build.add_argument("--from", dest="first", type=date.fromisoformat, required=True)
    build.add_argument("--to", dest="last", type=date.fromisoformat, required=True)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from queue_server.cli import CliError, open_store
    from queue_server.engine.errors import QueueError

    store, _ = open_store(args)
    try:
        if args.action == "build":
            print(f"{store.build_report_summaries(args.first, args.last)} hall-days summed")
            return 0
        scope = Scope(args.scope, args.hall, args.service, args.window, args.clerk)
        period = period_of(args.period, args.day, args.first, args.last,
                           store.report_today(args.hall))  # fmt: skip
        found = store.report(scope, period, rank_by=args.rank_by)
    except QueueError as err:
        raise CliError(f"{err.zh} / {err.en}") from err
    finally:
        store.close()
    _write(found, args.format, args.out)
    return 0


def _write(found: dict[str, Any], format: str, out: Path | None) -> None:
    from queue_server.store import report_export

    if format == "xlsx":
        if out is None:
            raise SystemExit("an Excel report needs --out FILE.xlsx")
        data = report_export.to_xlsx(found)
    else:
        text = (
            json.dumps(found, ensure_ascii=False, indent=2) + "\n"
            if format == "json"
            else (report_export.to_csv(found))
        )
        if out is None:
            print(text, end="")
            return
        data = text.encode("utf-8")
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
