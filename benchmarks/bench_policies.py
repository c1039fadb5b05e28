"""Dispatch policies side by side on the sample Qixia day and the imbalanced day (Yaohua
overloaded), with the same citizens and staff: dedicated windows first come first served,
strict priority, the hall policy, and the hall policy with cross-hall suggestions accepted by
15 % of citizens. Writes benchmarks/bench_policies-report.md and PNG charts beside it in
benchmarks/policies/, and states each target of issue 13 with the figures.

    .venv/bin/python benchmarks/bench_policies.py [--days 2] [--out benchmarks]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from queue_server.config_loader import load_district  # noqa: E402
from queue_server.sim.charts import write_charts  # noqa: E402
from queue_server.sim.report import summarise  # noqa: E402
from queue_server.sim.runner import run_scenario  # noqa: E402
from queue_server.sim.scenario import load_scenario  # noqa: E402
from queue_server.sim.world import scenario_district  # noqa: E402

DAYS = {"qixia-day": "sample Qixia day", "imbalanced-day": "imbalanced day (Yaohua overloaded)"}
VARIANTS = {  # name: (policy, cross-hall acceptance)
    "dedicated-fifo": ("dedicated-fifo", 0.0),
    "strict-priority": ("strict-priority", 0.0),
    "hall": ("hall", 0.0),
    "hall+suggestions": ("hall", 0.15),
}


def run_one(day: str, name: str, days: int, out: Path) -> dict[str, Any]:
    """One policy on one day: its summary (and its charts in out/policies/DAY-NAME/)."""
    district = load_district()
    base = load_scenario(ROOT / "config" / "scenarios" / f"{day}.toml", district)
    policy, share = VARIANTS[name]
    scenario = replace(base, policy=policy, cross_hall_acceptance=share, days=days)
    began = time.perf_counter()
    logs = run_scenario(scenario, district)
    summary = summarise(scenario, scenario_district(scenario, district), logs)
    summary["seconds"] = round(time.perf_counter() - began, 1)
    write_charts(logs, out / "policies" / f"{day}-{name}", f"{day} · {name}")
    print(f"{day} {name}: p90 {summary['district']['p90_wait_minutes']} min"
          f" ({summary['seconds']} s)", flush=True)  # fmt: skip
    return summary


def run_all(days: int, out: Path, workers: int) -> dict[str, dict[str, Any]]:
    """Every day and policy, `workers` runs at a time (each run is independent and seeded)."""
    tasks = [(day, name) for day in DAYS for name in VARIANTS]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = [pool.submit(run_one, day, name, days, out) for day, name in tasks]
        found = [future.result() for future in done]
    results: dict[str, dict[str, Any]] = {day: {} for day in DAYS}
    for (day, name), summary in zip(tasks, found, strict=True):
        results[day][name] = summary
    return results


def summary_chart(results: dict[str, dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, len(results), figsize=(11, 4.2), dpi=100, squeeze=False)
    for axis, (day, variants) in zip(axes[0], results.items(), strict=True):
        names = list(variants)
        p90 = [variants[n]["district"]["p90_wait_minutes"] for n in names]
        mean = [variants[n]["district"]["mean_wait_minutes"] for n in names]
        spots = range(len(names))
        axis.bar([x - 0.2 for x in spots], p90, 0.4, label="p90 wait")
        axis.bar([x + 0.2 for x in spots], mean, 0.4, label="mean wait")
        axis.set_xticks(list(spots), names, rotation=20, fontsize="small")
        axis.set_title(DAYS[day])
        axis.set_ylabel("minutes (district)")
        axis.grid(axis="y", alpha=0.3)
        axis.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def targets(results: dict[str, dict[str, Any]]) -> list[tuple[str, bool, str]]:
    """(target, met, figures) for each target of issue 13."""
    found = []
    for day in DAYS:
        dedicated = results[day]["dedicated-fifo"]["district"]["p90_wait_minutes"]
        hall = results[day]["hall"]["district"]["p90_wait_minutes"]
        cut = 1 - hall / dedicated if dedicated else 0.0
        figures = f"hall {hall} min vs dedicated {dedicated} min: {cut:.0%} lower"
        found.append((f"p90 wait ≥30 % lower than dedicated windows ({DAYS[day]})",
                      cut >= 0.30, figures))  # fmt: skip
    for day in DAYS:
        worst = [(h, v["waits"]["max_normal_wait_minutes"], v["target_wait_minutes"])
                 for h, v in results[day]["hall"]["halls"].items()]  # fmt: skip
        over = [(h, w, t) for h, w, t in worst if w > 2 * t]
        figure = ", ".join(f"{h} {w} min (target {t})" for h, w, t in over) or (
            "longest normal wait " + ", ".join(f"{h} {w}/{t}" for h, w, t in worst[:3]) + " …"
        )
        found.append((f"no normal ticket waits more than 2× target ({DAYS[day]}, hall policy)",
                      not over, figure))  # fmt: skip
    for day in DAYS:
        share = results[day]["hall"]["appointments"]["within_10_minutes_share"]
        found.append((f"≥95 % of appointments called within 10 min of the slot ({DAYS[day]})",
                      share >= 0.95, f"{share:.1%} of "
                      f"{results[day]['hall']['appointments']['appointments']}"))  # fmt: skip
    for day in DAYS:
        errors = results[day]["hall"]["estimate_error"]
        store = errors["store"]["median_relative_error"]
        found.append((f"median abs. eta error ≤25 % of the real wait, waits ≥10 min ({DAYS[day]})",
                      store <= 0.25, ", ".join(f"{k} {v['median_relative_error']:.0%}"
                                               for k, v in errors.items())
                      + f" over {errors['store']['tickets']} tickets"))  # fmt: skip
    without = results["imbalanced-day"]["hall"]["district"]["p90_wait_minutes"]
    with_ = results["imbalanced-day"]["hall+suggestions"]["district"]["p90_wait_minutes"]
    cross = results["imbalanced-day"]["hall+suggestions"]["cross_hall"]
    cut = 1 - with_ / without if without else 0.0
    found.append(("imbalanced day: district p90 ≥20 % lower with suggestions (15 % accept)",
                  cut >= 0.20, f"{with_} min vs {without} min: {cut:.0%} lower"))  # fmt: skip
    found.append(("imbalanced day: suggestions do not oscillate", cross["reversals"] == 0,
                  f"{cross['crossings']} crossings of {cross['suggestions_shown']} shown,"
                  f" {cross['reversals']} reversals within an hour"))  # fmt: skip
    return found


def report(results: dict[str, dict[str, Any]], days: int) -> str:
    lines = ["# Dispatch policies on a simulated district day", "",
             f"`.venv/bin/python benchmarks/bench_policies.py --days {days}` (seeded: the same"
             " citizens and staff for every policy; figures pooled over the replications).", "",
             "![p90 and mean wait by policy](policies/summary.png)", "", "## Targets", "",
             "| target | met | figures |", "| --- | --- | --- |"]  # fmt: skip
    for name, met, figures in targets(results):
        lines.append(f"| {name} | {'yes' if met else '**no**'} | {figures} |")
    for day, variants in results.items():
        lines += ["", f"## {DAYS[day]}", "", "| policy | tickets | mean | median | p90 | max |"
                  " ≤target | appointments ≤10 min | eta error (store / queue length / LES) |"
                  " crossings | reversals | run s |", "|" + " --- |" * 12]  # fmt: skip
        for name, s in variants.items():
            d, e = s["district"], s["estimate_error"]
            punctual = s["appointments"]["within_10_minutes_share"]
            cross = s["cross_hall"]
            lines.append(
                f"| {name} | {d['issued']} | {d['mean_wait_minutes']} | {d['median_wait_minutes']}"
                f" | {d['p90_wait_minutes']} | {d['max_wait_minutes']} |"
                f" {d['within_target_share']:.0%} | {punctual:.0%}"
                f" | {e['store']['median_relative_error']:.0%} /"
                f" {e['queue_length']['median_relative_error']:.0%} /"
                f" {e['last_to_enter']['median_relative_error']:.0%} |"
                f" {cross['crossings']} | {cross['reversals']} | {s['seconds']} |"
            )  # fmt: skip
        lines += ["", f"Queue and waits over the day: `policies/{day}-<policy>/queue.png`,"
                  f" `waits.png`.", ""]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=2, help="replications of each day")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks")
    parser.add_argument("--workers", type=int, default=2, help="runs at a time (processes)")
    args = parser.parse_args()
    results = run_all(args.days, args.out, args.workers)
    summary_chart(results, args.out / "policies" / "summary.png")
    (args.out / "policies" / "results.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    text = report(results, args.days)
    (args.out / "bench_policies-report.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
