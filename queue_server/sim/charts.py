"""PNG charts of a simulated day (matplotlib, Agg backend: no display needed): the waiting
count of each hall over the day, and each ticket's wait by the time it arrived."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from queue_server.sim.outcome import DayLog


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def write_charts(
    logs: Sequence[DayLog], folder: Path, title: str, timezone: str = "Asia/Shanghai"
) -> list[Path]:
    """`queue.png` and `waits.png` of the first replication in `folder`; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    if not logs:
        return []
    zone = ZoneInfo(timezone)
    return [_queue_chart(logs[0], folder / "queue.png", title, zone),
            _wait_chart(logs[0], folder / "waits.png", title, zone)]  # fmt: skip


def _queue_chart(log: DayLog, path: Path, title: str, zone: ZoneInfo) -> Path:
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 4.5), dpi=100)
    for hall, trace in sorted(log.queue.items()):
        axes.step([m for m, _ in trace], [n for _, n in trace], where="post", label=hall)
    _finish(axes, figure, f"{title}: waiting tickets", "waiting", path, zone)
    plt.close(figure)
    return path


def _wait_chart(log: DayLog, path: Path, title: str, zone: ZoneInfo) -> Path:
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 4.5), dpi=100)
    halls = sorted({t.hall for t in log.tickets})
    for hall in halls:
        called = [t for t in log.tickets if t.hall == hall and t.wait_minutes is not None]
        axes.scatter([t.arrived for t in called], [t.wait_minutes for t in called], s=6,
                     label=hall, alpha=0.6)  # fmt: skip
    _finish(axes, figure, f"{title}: wait by arrival", "wait (minutes)", path, zone)
    plt.close(figure)
    return path


def _finish(axes: Any, figure: Any, title: str, ylabel: str, path: Path, zone: ZoneInfo) -> None:
    import matplotlib.dates as mdates

    axes.set_title(title)
    axes.set_ylabel(ylabel)
    axes.set_xlabel("time of day")
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=zone))
    axes.grid(alpha=0.3)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize="small", ncol=2)
    figure.tight_layout()
    figure.savefig(path)
