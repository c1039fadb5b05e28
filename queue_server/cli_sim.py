"""`queue-server simulate SCENARIO` and `queue-server staffing SCENARIO`: parse, then call the
simulator (queue_server.sim). Both run in memory and touch no database."""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from queue_server.engine.dispatch import POLICY_KINDS


def register(commands: Any) -> None:
    """Add `simulate` and `staffing` to the program's commands."""
    simulate = commands.add_parser(
        "simulate", help="simulate a scenario's day on the real rules, in memory"
    )
    _common(simulate)
    simulate.add_argument("--charts", type=Path, metavar="DIR", help="write PNG charts here")
    simulate.add_argument("--days", type=int, help="replications (default: the scenario's)")
    simulate.add_argument("--seed", type=int, help="seed (default: the scenario's)")
    simulate.add_argument("--policy", choices=POLICY_KINDS, help="override the scenario's")
    simulate.set_defaults(run=run_simulate)
    staffing = commands.add_parser(
        "staffing", help="windows needed per service and hour (Erlang C, checked by simulation)"
    )
    _common(staffing)
    staffing.add_argument("--share", type=float, default=0.9,
                          help="share called within the hall's target (default 0.9)")  # fmt: skip
    staffing.add_argument("--no-check", action="store_true", help="skip the simulated check")
    staffing.set_defaults(run=run_staffing)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", type=Path, help="scenario TOML (see README: Simulator)")
    parser.add_argument("--config", type=Path, default=None,
                        help="district TOML (default: the bundled Qixia sample)")  # fmt: skip
    parser.add_argument("--workers", type=_positive, default=None, metavar="N",
                        help="processes for the day's independent parts"
                        " (default: one per CPU)")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _workers(args: argparse.Namespace) -> int:
    from queue_server.sim.parts import available_cpus

    return int(args.workers or available_cpus())


def _load(args: argparse.Namespace) -> tuple[Any, Any]:
    """The scenario and district; a simulation's many memory stores migrate without a word."""
    if not args.verbose:
        logging.getLogger("queue_server.store").setLevel(logging.WARNING)
    from queue_server.config_loader import load_district
    from queue_server.sim.scenario import load_scenario

    district = load_district(args.config)
    return load_scenario(args.scenario, district), district


def run_simulate(args: argparse.Namespace) -> int:
    from queue_server.sim.charts import write_charts
    from queue_server.sim.report import summarise, table
    from queue_server.sim.runner import run_scenario
    from queue_server.sim.world import scenario_district

    scenario, district = _load(args)
    changes = {"days": args.days, "seed": args.seed, "policy": args.policy}
    scenario = replace(scenario, **{k: v for k, v in changes.items() if v is not None})
    logs = run_scenario(scenario, district, _workers(args))
    summary = summarise(scenario, scenario_district(scenario, district), logs)
    if args.charts is not None:
        summary["charts"] = [str(p) for p in write_charts(logs, args.charts, scenario.name)]
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.json else table(summary))
    return 0


def run_staffing(args: argparse.Namespace) -> int:
    from queue_server.sim.staffing_advice import staffing_advice

    scenario, district = _load(args)
    advice = staffing_advice(
        scenario, district, share=args.share, check=not args.no_check, workers=_workers(args)
    )
    print(json.dumps(advice, ensure_ascii=False, indent=2) if args.json else staffing_table(advice))
    return 0


def staffing_table(advice: dict[str, Any]) -> str:
    """One line per hall and service: the windows of each hour, then the simulated check."""
    lines = [f"windows needed to call {advice['target_share']:.0%} within the hall's target"]
    for hall, found in advice["halls"].items():
        for code, entry in found["services"].items():
            hours = " ".join(f"{h['start']}:{h['windows']}" for h in entry["hours"])
            check = entry.get("simulated")
            tail = (
                f"  simulated: {check['within_target_share']:.0%} within"
                f" {found['target_wait_minutes']} min, p90 {check['p90_wait_minutes']} min"
                if check
                else ""
            )
            lines.append(f"{hall} {code}  {hours}{tail}")
    return "\n".join(lines)
