"""What an offline hand-over may register: a ticket a kiosk printed while the server was away.

The kiosk's number and issue time decide the ticket's place in the queue, so they are checked
against the server's clock and the hall's day before they are believed:

- the number is the kiosk's form ``{prefix}K{kiosk digit}{seq:02}`` (ASCII digits, bounded
  length) and its prefix is the service's;
- the issue time carries an offset and falls on the hall's business day of the server's now,
  not later than now, and (when the hall's hours are enforced) inside the hall's opening hours;
  each bound is widened by `CLOCK_SKEW`, for a kiosk clock that is a little off.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from queue_server.engine.district import Hall, Service
from queue_server.engine.errors import Invalid
from queue_server.engine.numbering import business_day, parse_number

CLOCK_SKEW = timedelta(minutes=5)  # how far a kiosk's clock may be off the server's


def check_offline_number(number: str, service: Service) -> None:
    """Raise `Invalid` (``invalid_number``) unless `number` is an offline number of `service`."""
    parsed = parse_number(number)
    if parsed is None or not parsed.offline:
        raise Invalid(
            f"离线号码 {number} 格式无效（应为 前缀+K+终端号+序号，如 AK101）",
            f"Offline number {number!r} is not of the form {{prefix}}K{{kiosk}}{{seq:02}}, "
            "e.g. AK101",
            code="invalid_number",
        )
    if parsed.prefix != service.prefix:
        raise Invalid(
            f"离线号码 {number} 的字头与事项 {service.code} 的字头 {service.prefix} 不符",
            f"Offline number {number!r} does not carry the prefix {service.prefix!r} "
            f"of service {service.code}",
            code="invalid_number",
        )


def check_issue_time(
    hall: Hall, issued_at: datetime, now: datetime, *, enforce_hours: bool = True
) -> None:
    """Raise `Invalid` (``invalid_issued_at``) unless a kiosk may have issued a ticket of
    `hall` at `issued_at` (aware), judged by the server's `now`."""
    if issued_at.tzinfo is None or issued_at.utcoffset() is None:
        raise _refused(hall, issued_at, now, "缺少时区", "has no UTC offset")
    if issued_at > now + CLOCK_SKEW:
        raise _refused(hall, issued_at, now, "晚于服务器时间", "is later than the server's time")
    if business_day(issued_at, hall.timezone) != business_day(now, hall.timezone):
        raise _refused(hall, issued_at, now, "不在今日", "is not on today's business day")
    if enforce_hours and not within_hours(hall, issued_at, CLOCK_SKEW):
        raise _refused(hall, issued_at, now, "不在办公时间内", "is outside the hall's hours")


def within_hours(hall: Hall, moment: datetime, margin: timedelta) -> bool:
    """True if `moment` falls inside one of its day's opening periods widened by `margin`."""
    zone = ZoneInfo(hall.timezone)
    local = moment.astimezone(zone)
    day = local.date()
    return any(
        datetime.combine(day, period.open, zone) - margin
        <= local
        < datetime.combine(day, period.close, zone) + margin
        for period in hall.hours
        if day.weekday() in period.weekdays
    )


def _refused(hall: Hall, issued_at: datetime, now: datetime, zh: str, en: str) -> Invalid:
    minutes = int(CLOCK_SKEW.total_seconds() // 60)
    shown = issued_at.isoformat(timespec="seconds")
    server_time = now.astimezone(ZoneInfo(hall.timezone)).isoformat(timespec="seconds")
    return Invalid(
        f"离线号票的取号时间 {shown} {zh}（允许误差 {minutes} 分钟），请校准取号机时钟",
        f"issued_at {shown} {en} (allowing {minutes} minutes of clock skew); "
        "check the kiosk's clock",
        code="invalid_issued_at",
        extra={"server_time": server_time},  # the kiosk's log shows how far off its clock is
    )
