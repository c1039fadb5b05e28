"""Today's charts as inline SVG, drawn on the server (no chart library, no script): arrivals
(bars) and mean wait (line) by hour, and people waiting and windows at work over the day,
with the windows needed (the staffing advice) as a step line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 40, 12, 26  # room for the axes' labels


def _scale(values: Sequence[float]) -> float:
    """A round top for the axis (at least 1)."""
    top = max([*values, 1.0])
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000, 5000):
        if top <= step * 5:
            return float(step * 5)
    return float(top)


def _y(value: float, top: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)


def _frame(label: str, left_top: float, right_top: float | None) -> list[str]:
    base = HEIGHT - BOTTOM
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
        f' aria-label="{escape(label)}">',
        f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}"/>',
        _tick(LEFT - 6, TOP + 4, f"{left_top:g}", "end"),
        _tick(LEFT - 6, base, "0", "end"),
    ]
    if right_top is not None:
        parts.append(_tick(WIDTH - RIGHT + 6, TOP + 4, f"{right_top:g}", "start"))
    return parts


def _tick(x: float, y: float, text: str, anchor: str = "middle") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'


def _bar(x: float, y: float, width: float, tip: str) -> str:
    return (
        f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}"'
        f' height="{HEIGHT - BOTTOM - y:.1f}"><title>{escape(tip)}</title></rect>'
    )


def _polyline(points: list[tuple[float, float]], css: str) -> str:
    if not points:
        return ""
    joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline class="{css}" points="{joined}"/>'


def hourly_chart(rows: list[dict[str, Any]], label: str) -> Markup:
    """Bars: arrivals per hour (left axis); line: their mean wait in minutes (right axis)."""
    arrivals = [float(r["arrivals"]) for r in rows]
    waits = [float(r["mean_wait_minutes"] or 0) for r in rows]
    count_top, wait_top = _scale(arrivals), _scale(waits)
    parts = _frame(label, count_top, wait_top)
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(rows))
    line = []
    for i, row in enumerate(rows):
        x = LEFT + i * slot
        y = _y(arrivals[i], count_top)
        hour = f"{row['hour']:02d}"
        parts.append(_bar(x + slot * 0.15, y, slot * 0.7, f"{hour}:00 · {row['arrivals']}"))
        parts.append(_tick(x + slot / 2, HEIGHT - 8, hour))
        if row["mean_wait_minutes"] is not None:
            line.append((x + slot / 2, _y(waits[i], wait_top)))
    parts.append(_polyline(line, "line"))
    return Markup("".join([*parts, "</svg>"]))


def queue_chart(
    points: list[dict[str, Any]], label: str, needed: list[dict[str, Any]] | None = None
) -> Markup:
    """People waiting (line) and windows at work (dashed line) every quarter hour; with
    `needed` (the staffing advice's hours), the windows needed as a step line over the whole
    day (dotted where projected)."""
    waiting = [float(p["waiting"]) for p in points]
    serving = [float(p["serving"]) for p in points]
    hours = needed or []
    top = _scale(waiting + serving + [float(h["needed"]) for h in hours])
    parts = _frame(label, top, None)
    last = points[-1]["minute"] if points else 60
    per_minute = (WIDTH - LEFT - RIGHT) / max(60, last, 60 * len(hours))
    xs = [LEFT + p["minute"] * per_minute for p in points]
    if hours:
        for i, hour in enumerate(hours):
            parts.append(_tick(LEFT + i * 60 * per_minute, HEIGHT - 8, f"{hour['hour']:02d}"))
    else:
        for x, point in zip(xs, points, strict=True):
            if point["at"].endswith(":00"):
                parts.append(_tick(x, HEIGHT - 8, point["at"][:2]))
    parts.append(_polyline([(x, _y(v, top)) for x, v in zip(xs, waiting, strict=True)], "line"))
    parts.append(_polyline([(x, _y(v, top)) for x, v in zip(xs, serving, strict=True)], "staff"))
    parts += _need_lines(hours, per_minute, top)
    return Markup("".join([*parts, "</svg>"]))


def _need_lines(hours: list[dict[str, Any]], per_minute: float, top: float) -> list[str]:
    """The windows needed hour by hour as steps: solid for hours gone by, dotted after."""
    steps: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for i, hour in enumerate(hours):
        y = _y(float(hour["needed"]), top)
        line = steps[bool(hour["projected"])]
        if hour["projected"] and not line and steps[False]:
            line.append(steps[False][-1])  # the projection carries on from the last step
        line += [(LEFT + i * 60 * per_minute, y), (LEFT + (i + 1) * 60 * per_minute, y)]
    return [_polyline(steps[False], "need"), _polyline(steps[True], "need projected")]
